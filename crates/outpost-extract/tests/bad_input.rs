//! Hostile pages: extreme nesting must not exhaust the stack, and the
//! extractor must answer (an article or an error) rather than crash.

use outpost_core::{Content, DocumentHints, Provenance, RawDocument};

fn page(html: String) -> RawDocument {
    RawDocument {
        provenance: Provenance::file("p.html"),
        content: Content::Html(html),
        hints: DocumentHints::default(),
    }
}

#[test]
fn deeply_nested_pages_do_not_crash() {
    let extractor = outpost_extract::Extractor::new();
    let depth = 200_000;
    let html = format!(
        "<html><body><p>Shelling hit the town overnight, officials said on Monday.</p>{}<p>deep</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    // Run on a thread with the default 2 MiB stack, like the pipeline's workers.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || extractor.extract(&page(html)).map(|a| a.text))
        .unwrap();
    let result = handle.join().expect("no stack overflow");
    assert!(
        matches!(result, Err(outpost_extract::ExtractError::TooDeep { .. })),
        "{result:?}"
    );

    // A few hundred levels, as real pages have, are read.
    let html = format!(
        "<html><body>{}<p>Shelling hit the town overnight, officials said on Monday.</p>{}</body></html>",
        "<div>".repeat(300),
        "</div>".repeat(300)
    );
    let text = outpost_extract::Extractor::new()
        .extract(&page(html))
        .unwrap()
        .text;
    assert!(text.contains("Shelling hit the town"));
}
