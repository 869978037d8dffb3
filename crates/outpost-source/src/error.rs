//! Why an input (a file, or one record of a file) was skipped.

use outpost_core::Provenance;
use std::fmt;

/// An input that could not be read, and why. Reading goes on with the next
/// input (or the next record of the same file) after one of these.
#[derive(Debug, thiserror::Error)]
#[error("{provenance}: {reason}")]
pub struct SourceError {
    /// Which input (file, or record of a file).
    pub provenance: Provenance,
    /// Why it was skipped.
    pub reason: SourceErrorKind,
}

impl SourceError {
    /// An error about `provenance` for `reason`.
    pub fn new(provenance: Provenance, reason: SourceErrorKind) -> Self {
        SourceError { provenance, reason }
    }
}

/// The reasons an input is skipped. Each renders as a short phrase after the
/// path in `path: reason` messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceErrorKind {
    /// The path does not exist.
    Missing,
    /// The path exists but could not be read (permissions, I/O error).
    Unreadable(String),
    /// The file name has no extension a reader knows.
    UnsupportedType,
    /// Nothing but whitespace.
    Empty,
    /// NUL bytes or many control characters.
    Binary,
    /// The bytes are not UTF-8; `byte` is the offset of the first bad one.
    InvalidUtf8 {
        /// Offset of the first invalid byte (in the decompressed stream).
        byte: u64,
    },
    /// The gzip stream ends early or is corrupt.
    TruncatedGzip,
    /// One document decompresses (or reads) to more than the size cap.
    TooLarge,
    /// A JSON Lines record that is not a valid record.
    BadJson(String),
    /// A JSON Lines record with neither `text` nor `html`, or a feed item
    /// with neither content nor summary.
    NoBody,
    /// A WARC stream that ends inside a record.
    TruncatedRecord,
    /// A WARC record that is not well formed (the reason says how).
    BadRecord(String),
    /// A feed that cannot be read (not XML, too deep, entity declarations).
    BadFeed(String),
}

impl fmt::Display for SourceErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceErrorKind::Missing => f.write_str("missing file"),
            SourceErrorKind::Unreadable(why) => write!(f, "unreadable: {why}"),
            SourceErrorKind::UnsupportedType => f.write_str(
                "unsupported file type (expected .txt, .html, .htm, .jsonl, .warc, .xml, .rss or .atom, optionally .gz)",
            ),
            SourceErrorKind::Empty => f.write_str("empty file"),
            SourceErrorKind::Binary => f.write_str("binary data"),
            SourceErrorKind::InvalidUtf8 { byte } => write!(f, "invalid UTF-8 at byte {byte}"),
            SourceErrorKind::TruncatedGzip => f.write_str("truncated gzip"),
            SourceErrorKind::TooLarge => f.write_str("over 64 MiB uncompressed"),
            SourceErrorKind::BadJson(why) => write!(f, "invalid JSON record: {why}"),
            SourceErrorKind::NoBody => f.write_str("record has neither \"text\" nor \"html\""),
            SourceErrorKind::TruncatedRecord => f.write_str("truncated WARC record"),
            SourceErrorKind::BadRecord(why) => write!(f, "bad WARC record: {why}"),
            SourceErrorKind::BadFeed(why) => write!(f, "unreadable feed: {why}"),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, SourceError>;
