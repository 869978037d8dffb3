//! The extractor on arbitrary text, both as a `.txt` body and as HTML,
//! without the charset layer in front (the `html` target covers that).
#![no_main]
use libfuzzer_sys::fuzz_target;
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use std::sync::LazyLock;

// Building the extractor compiles its rules (~0.1 s); once per process keeps
// the fuzzer at thousands of runs a second instead of ten.
static EXTRACTOR: LazyLock<outpost_extract::Extractor> =
    LazyLock::new(outpost_extract::Extractor::new);

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let extractor = &*EXTRACTOR;
    for content in [Content::Text(s.to_string()), Content::Html(s.to_string())] {
        let doc = RawDocument {
            provenance: Provenance::file("f"),
            content,
            hints: DocumentHints::default(),
        };
        let _ = extractor.extract(&doc);
    }
});
