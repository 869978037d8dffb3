//! Readers for single-document files: the whole (decompressed) file is one
//! [`RawDocument`]. `.txt` and `.html` share this path and differ only in the
//! [`Content`] variant they produce.

use crate::check::{decode_text, read_capped};
use crate::error::{SourceError, SourceErrorKind};
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use std::io::Read;

/// Reads one whole document from `reader`, wrapping its text with `content`.
pub fn read_document(
    reader: impl Read,
    gzipped: bool,
    provenance: Provenance,
    content: fn(String) -> Content,
) -> Result<RawDocument, SourceError> {
    match read_capped(reader, gzipped).and_then(|bytes| decode_text(bytes, 0)) {
        Ok(text) => Ok(RawDocument {
            provenance,
            content: content(text),
            hints: DocumentHints::default(),
        }),
        Err(reason) => Err(SourceError::new(provenance, reason)),
    }
}

/// An error for `provenance` with `reason`, as a one-item result.
pub fn failed(provenance: Provenance, reason: SourceErrorKind) -> Result<RawDocument, SourceError> {
    Err(SourceError::new(provenance, reason))
}
