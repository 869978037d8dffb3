//! `outpost extract FILE...`: documents through stages 1–5, no database.
//! One single-document input prints one JSON object; anything else prints
//! JSON Lines, one article per line, in input order.

use crate::cli::{Context, ExtractArgs};
use crate::pipeline::Pipeline;
use crate::Outcome;
use anyhow::Result;
use std::io::Write;

pub fn run(args: ExtractArgs, ctx: &Context) -> Result<Outcome> {
    let pipeline = Pipeline::build(ctx.embeddings)?;
    let single = args.paths.len() == 1 && is_single_document(&args.paths[0]);
    let mut out = std::io::stdout().lock();
    let mut skipped = 0;
    for item in outpost_source::read_all(&args.paths) {
        let raw = match item {
            Ok(raw) => raw,
            Err(err) => {
                skipped += 1;
                eprintln!("outpost: skipped {err}");
                continue;
            }
        };
        match pipeline.analyze(&raw) {
            Ok(article) => {
                if !args.json {
                    crate::render::article_summary(&mut out, &article)?;
                } else if single {
                    serde_json::to_writer_pretty(&mut out, &article)?;
                    writeln!(out)?;
                } else {
                    serde_json::to_writer(&mut out, &article)?;
                    writeln!(out)?;
                }
            }
            Err(err) => {
                skipped += 1;
                eprintln!("outpost: skipped {}: {err}", raw.provenance);
            }
        }
    }
    Ok(if skipped > 0 {
        Outcome::SomeSkipped
    } else {
        Outcome::Complete
    })
}

/// A file that holds one document (not a folder, stdin, or a multi-record format).
fn is_single_document(path: &str) -> bool {
    let p = std::path::Path::new(path);
    let name = path.trim_end_matches(".gz").to_lowercase();
    path != "-"
        && p.is_file()
        && [".txt", ".html", ".htm"]
            .iter()
            .any(|ext| name.ends_with(ext))
}
