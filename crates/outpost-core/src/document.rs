//! What a reader hands to the extractor: raw content plus where it came from.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a document came from: the input path and, for multi-record inputs
/// (JSON Lines, WARC, feeds), the 1-based record number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The input path as the user gave it (or `-` for standard input).
    pub path: String,
    /// The 1-based record number inside a multi-record file.
    pub record: Option<u64>,
}

impl Provenance {
    /// Provenance of a single-document file.
    pub fn file(path: impl Into<String>) -> Self {
        Provenance {
            path: path.into(),
            record: None,
        }
    }

    /// Provenance of the `n`-th (1-based) record of a multi-record file.
    pub fn record(path: impl Into<String>, n: u64) -> Self {
        Provenance {
            path: path.into(),
            record: Some(n),
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            Some(n) => write!(f, "{}#{}", self.path, n),
            None => f.write_str(&self.path),
        }
    }
}

/// The body of a raw document, before extraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "body")]
pub enum Content {
    /// Plain text; by convention the first non-empty line of a `.txt` is its title.
    Text(String),
    /// An HTML page, already decoded to UTF-8.
    Html(String),
}

impl Content {
    /// The body, whatever its kind.
    pub fn as_str(&self) -> &str {
        match self {
            Content::Text(s) | Content::Html(s) => s,
        }
    }
}

/// Metadata the input itself states (JSON Lines fields, feed items, WARC
/// headers). Given fields win over extracted ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentHints {
    /// The article's URL.
    pub url: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// The publication date or timestamp as given (parsed by the extractor).
    pub published: Option<String>,
    /// The outlet's name.
    pub outlet: Option<String>,
}

/// One document as a reader produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawDocument {
    /// Where it came from.
    pub provenance: Provenance,
    /// Its body.
    pub content: Content,
    /// Metadata given alongside the body.
    pub hints: DocumentHints,
}
