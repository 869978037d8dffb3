//! Readers: input paths in, [`RawDocument`]s with provenance out. (stub: being written)
#![deny(missing_docs)]
use outpost_core::{Provenance, RawDocument};

/// A input that could not be read, and why.
#[derive(Debug, thiserror::Error)]
#[error("{provenance}: {reason}")]
pub struct SourceError {
    /// Which input (file, or record of a file).
    pub provenance: Provenance,
    /// Why it was skipped.
    pub reason: String,
}

/// Reads every path (files, folders walked recursively, `-` for stdin), lazily.
pub fn read_all(paths: &[String]) -> impl Iterator<Item = Result<RawDocument, SourceError>> {
    let _ = paths;
    std::iter::empty()
}
