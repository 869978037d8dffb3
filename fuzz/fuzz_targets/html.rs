//! HTML pages: charset decoding, then the whole extractor.
#![no_main]
use libfuzzer_sys::fuzz_target;
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};

fuzz_target!(|data: &[u8]| {
    if let Ok(html) = outpost_source::decode_html(data, None) {
        let doc = RawDocument {
            provenance: Provenance::file("f.html"),
            content: Content::Html(html),
            hints: DocumentHints::default(),
        };
        let _ = outpost_extract::Extractor::new().extract(&doc);
    }
});
