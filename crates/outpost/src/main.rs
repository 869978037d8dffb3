//! `outpost`: news articles in; sourced, corroborated, geocoded events out.
//!
//! `main` parses the command line, runs one subcommand and maps its outcome
//! to the exit status the spec fixes: 0 when every input was read, 2 when
//! some were skipped (each named on stderr), 1 on a fatal error. A closed
//! pipe (`outpost events | head`) is not an error.

mod cli;
mod cmd;
mod pipeline;
mod render;

use clap::Parser;
use std::process::ExitCode;

/// What a command reports back to `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read.
    Complete,
    /// Some inputs were skipped; the rest were processed.
    SomeSkipped,
}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cmd::run(args) {
        Ok(Outcome::Complete) => ExitCode::SUCCESS,
        Ok(Outcome::SomeSkipped) => ExitCode::from(2),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("outpost: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
