//! One module per subcommand, each with `run(args, ctx)`.

mod extract;
mod ingest;
mod list;
mod serve;
mod story;

use crate::cli::{Cli, Command, Context};
use crate::Outcome;
use anyhow::{Context as _, Result};
use outpost_store::SqliteStore;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let ctx = Context {
        db: cli.db,
        embeddings: cli.embeddings,
    };
    match cli.command {
        Command::Ingest(args) => ingest::run(args, &ctx),
        Command::Extract(args) => extract::run(args, &ctx),
        Command::Articles(args) => list::articles(args, &ctx),
        Command::Stories(args) => list::stories(args, &ctx),
        Command::Story(args) => story::run(args, &ctx),
        Command::Events(args) => list::events(args, &ctx),
        Command::Claims(args) => list::claims(args, &ctx),
        Command::Entities(args) => list::entities(args, &ctx),
        Command::Search(args) => list::search(args, &ctx),
        Command::Serve(args) => serve::run(args, &ctx),
    }
}

/// Opens the database a read command works on; it must exist.
fn open_existing(ctx: &Context) -> Result<SqliteStore> {
    if !ctx.db.exists() {
        anyhow::bail!(
            "no database at {} (run `outpost ingest PATH` first, or pass --db)",
            ctx.db.display()
        );
    }
    SqliteStore::open(&ctx.db).with_context(|| format!("opening {}", ctx.db.display()))
}

/// Writes JSON to stdout, followed by a newline.
fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
