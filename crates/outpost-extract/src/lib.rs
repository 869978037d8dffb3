//! Extraction: raw documents in, main text and metadata out. (stub: being written)
#![deny(missing_docs)]
use outpost_core::{Extracted, RawDocument};

/// Why a document yielded no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// Nothing readable was left.
    #[error("no text")]
    Empty,
}

/// Turns raw documents into [`Extracted`] articles.
#[derive(Debug, Default)]
pub struct Extractor {}

impl Extractor {
    /// An extractor with the default rules.
    pub fn new() -> Self {
        Extractor {}
    }

    /// Extracts one document.
    pub fn extract(&self, doc: &RawDocument) -> Result<Extracted, ExtractError> {
        Ok(Extracted { text: doc.content.as_str().to_string(), ..Default::default() })
    }
}
