//! The `.txt` reader: one plain-text document per file. By convention its
//! first non-empty line is the title; the extractor applies that, not us.

use crate::document::read_document;
use crate::error::SourceError;
use outpost_core::{Content, Provenance, RawDocument};
use std::io::Read;

/// Reads a plain-text document.
pub fn read(
    reader: impl Read,
    gzipped: bool,
    provenance: Provenance,
) -> Result<RawDocument, SourceError> {
    read_document(reader, gzipped, provenance, Content::Text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use outpost_core::Provenance;

    #[test]
    fn reads_text_as_is() {
        let doc = read(&b"Title\n\nBody."[..], false, Provenance::file("a.txt")).unwrap();
        assert_eq!(doc.content, Content::Text("Title\n\nBody.".into()));
        assert_eq!(doc.provenance.to_string(), "a.txt");
    }
}
