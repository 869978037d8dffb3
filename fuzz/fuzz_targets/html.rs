//! HTML pages: charset decoding, then the whole extractor.
#![no_main]
use libfuzzer_sys::fuzz_target;
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use std::sync::LazyLock;

// Building the extractor compiles its rules (~0.1 s); once per process keeps
// the fuzzer at thousands of runs a second instead of ten.
static EXTRACTOR: LazyLock<outpost_extract::Extractor> =
    LazyLock::new(outpost_extract::Extractor::new);

fuzz_target!(|data: &[u8]| {
    if let Ok(html) = outpost_source::decode_html(data, None) {
        let doc = RawDocument {
            provenance: Provenance::file("f.html"),
            content: Content::Html(html),
            hints: DocumentHints::default(),
        };
        let _ = EXTRACTOR.extract(&doc);
    }
});
