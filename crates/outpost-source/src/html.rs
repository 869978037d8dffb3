//! The `.html`/`.htm` reader: one page per file, in any charset the page
//! declares (byte-order mark or `<meta>`; see [`crate::charset`]).

use crate::charset::decode_html;
use crate::check::read_capped;
use crate::error::SourceError;
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use std::io::Read;

/// Reads an HTML page.
pub fn read(
    reader: impl Read,
    gzipped: bool,
    provenance: Provenance,
) -> Result<RawDocument, SourceError> {
    match read_capped(reader, gzipped).and_then(|bytes| decode_html(&bytes, None)) {
        Ok(text) => Ok(RawDocument {
            provenance,
            content: Content::Html(text),
            hints: DocumentHints::default(),
        }),
        Err(reason) => Err(SourceError::new(provenance, reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_html_as_html() {
        let doc = read(&b"<p>Hi</p>"[..], false, Provenance::file("a.html")).unwrap();
        assert_eq!(doc.content, Content::Html("<p>Hi</p>".into()));
    }

    #[test]
    fn legacy_charsets_are_decoded() {
        let page = b"<meta charset=windows-1251><p>\xC2\xEE\xE9\xED\xE0</p>";
        let doc = read(&page[..], false, Provenance::file("a.html")).unwrap();
        assert!(doc.content.as_str().ends_with("<p>Война</p>"));
    }
}
