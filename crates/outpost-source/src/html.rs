//! The `.html`/`.htm` reader: one page per file, which must be UTF-8 (a page
//! in another charset is reported as invalid UTF-8 rather than guessed at).

use crate::document::read_document;
use crate::error::SourceError;
use outpost_core::{Content, Provenance, RawDocument};
use std::io::Read;

/// Reads an HTML page.
pub fn read(
    reader: impl Read,
    gzipped: bool,
    provenance: Provenance,
) -> Result<RawDocument, SourceError> {
    read_document(reader, gzipped, provenance, Content::Html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_html_as_html() {
        let doc = read(&b"<p>Hi</p>"[..], false, Provenance::file("a.html")).unwrap();
        assert_eq!(doc.content, Content::Html("<p>Hi</p>".into()));
    }
}
