//! One module per benchmark; `run` dispatches on the name.

mod clustering;
mod dates;
mod dedup;
mod events;
mod extraction;
mod geo;
mod petrarch;
mod throughput;

use anyhow::{bail, Result};
use std::path::PathBuf;

/// The benchmarks, by name.
pub const NAMES: &[&str] = &[
    "extraction",
    "dates",
    "geo",
    "events",
    "clustering",
    "dedup",
    "throughput",
];

/// Runs the named benchmark with its own arguments.
pub fn run(args: &[String]) -> Result<()> {
    let Some(name) = args.first() else {
        bail!("which benchmark? one of: {}", NAMES.join(", "))
    };
    let rest = &args[1..];
    match name.as_str() {
        "extraction" => extraction::run(rest),
        "dates" => dates::run(rest),
        "geo" => geo::run(rest),
        "events" => events::run(rest),
        "clustering" => clustering::run(rest),
        "dedup" => dedup::run(rest),
        "throughput" => throughput::run(rest),
        other => bail!("unknown benchmark {other}; one of: {}", NAMES.join(", ")),
    }
}

/// `../shared` beside the repository (benchmark data is read in place, never copied).
// Used by the benchmark modules as they are written.
#[allow(dead_code)]
pub fn shared_dir() -> Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if !dir.is_dir() {
        bail!(
            "{} is not here: benchmarks read their data from ../shared",
            dir.display()
        );
    }
    Ok(dir)
}
