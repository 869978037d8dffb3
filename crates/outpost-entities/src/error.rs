//! Errors of loading theater packs and gazetteers.

use std::path::PathBuf;

/// What can go wrong loading entity data.
#[derive(Debug, thiserror::Error)]
pub enum EntityError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A theater pack is not valid TOML or does not follow the pack format.
    #[error("bad theater pack {origin}: {source}")]
    Pack {
        /// Where the pack came from (a path, or `embedded:<name>`).
        origin: String,
        /// The parse error, with its line.
        source: Box<toml::de::Error>,
    },
    /// A theater pack parses but says something inconsistent.
    #[error("bad theater pack {origin}: {reason}")]
    PackContent {
        /// Where the pack came from.
        origin: String,
        /// What is wrong.
        reason: String,
    },
    /// A gazetteer line cannot be read.
    #[error("bad gazetteer line {line}: {reason}")]
    Gazetteer {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The gazetteer stream could not be read (I/O or gzip).
    #[error("cannot read gazetteer: {0}")]
    GazetteerIo(#[source] std::io::Error),
}

/// Result with [`EntityError`].
pub type Result<T> = std::result::Result<T, EntityError>;
