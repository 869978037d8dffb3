//! The types every outpost stage shares: provenance, raw documents, the
//! extracted article, and the annotations each stage adds to it.
//!
//! The pipeline is `source → extract → text → entities → events` per
//! document, then `stories → claims → store` over the collection. Each stage
//! owns its logic; this crate owns only the vocabulary they exchange, so that
//! a stage can be tested, benchmarked or replaced alone. It does no I/O and
//! holds no theater knowledge.
//!
//! Offsets ([`Span`]) count Unicode code points into the article text ([`Extracted::text`]), as the
//! JSON contract requires, never bytes.
//!
//! ```
//! use outpost_core::{Provenance, content_id};
//! let p = Provenance::record("feed.jsonl", 3);
//! assert_eq!(p.to_string(), "feed.jsonl#3");
//! assert_eq!(content_id("a").len(), 16);
//! ```
#![deny(missing_docs)]

mod annotations;
mod article;
mod collection;
mod date;
mod document;

pub use annotations::*;
pub use article::*;
pub use collection::*;
pub use date::*;
pub use document::*;

/// A stable 16-hex-digit identifier for a piece of content (BLAKE3, truncated).
///
/// Ingesting the same content twice yields the same id, which is what makes
/// the store idempotent.
pub fn content_id(content: &str) -> String {
    let hash = blake3::hash(content.as_bytes());
    hash.to_hex()[..16].to_string()
}
