//! CPU time per page of HTML parsing strategies on `../shared/bench/extraction`
//! (181 pages, raw markup), beside outpost's whole extraction of the same
//! pages: html5ever building dom_query's tree (what outpost does now),
//! html5ever's tokenizer alone, lol_html streaming with a handler on every
//! element and text chunk, and tl's zero-copy parse.
//!
//! `cargo run --release --manifest-path bench/parsers/Cargo.toml`

use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use std::cell::Cell;
use std::io::Read;
use std::path::PathBuf;

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace()
        .next()
        .and_then(|n| n.parse::<f64>().ok())
        .map_or(0.0, |n| n / 1e9)
}

struct CountingSink {
    tokens: Cell<usize>,
}

impl TokenSink for CountingSink {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if !matches!(token, Token::ParseError(_)) {
            self.tokens.set(self.tokens.get() + 1);
        }
        TokenSinkResult::Continue
    }
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/extraction");
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("ground-truth.json")).expect("ground truth"),
    )
    .unwrap();
    let mut pages: Vec<(String, String)> = Vec::new();
    for (id, entry) in truth.as_object().unwrap() {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(
            std::fs::File::open(dir.join("html").join(format!("{id}.html.gz"))).unwrap(),
        )
        .read_to_end(&mut bytes)
        .unwrap();
        pages.push((
            String::from_utf8_lossy(&bytes).into_owned(),
            entry["url"].as_str().unwrap_or_default().to_string(),
        ));
    }
    let n = pages.len() as f64;
    let rounds = 3;
    let time = |name: &str, f: &dyn Fn(&str, &str) -> usize| {
        let mut best = f64::INFINITY;
        let mut sink = 0;
        for _ in 0..rounds {
            let start = cpu_seconds();
            for (html, url) in &pages {
                sink += f(html, url);
            }
            best = best.min(cpu_seconds() - start);
        }
        println!(
            "{name:<46} {:>7.3} ms/page  {:>6.0} pages/s CPU  ({sink})",
            1000.0 * best / n,
            n / best
        );
    };
    let extractor = outpost_extract::Extractor::new();
    time(
        "outpost whole extraction (Extractor::extract)",
        &|html, url| {
            let doc = RawDocument {
                provenance: Provenance::file("page.html"),
                content: Content::Html(html.to_string()),
                hints: DocumentHints {
                    url: Some(url.to_string()),
                    ..Default::default()
                },
            };
            extractor.extract(&doc).map(|a| a.text.len()).unwrap_or(0)
        },
    );
    time("html5ever tree (dom_query::Document::from)", &|html, _| {
        dom_query::Document::from(html).root().children().len()
    });
    time("html5ever tokenizer alone", &|html, _| {
        let sink = CountingSink {
            tokens: Cell::new(0),
        };
        let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
        let queue = BufferQueue::default();
        queue.push_back(html.into());
        let _ = tokenizer.feed(&queue);
        tokenizer.end();
        tokenizer.sink.tokens.get()
    });
    time("lol_html, handler on every element and text", &|html, _| {
        let elements = Cell::new(0usize);
        let text = Cell::new(0usize);
        let mut rewriter = lol_html::HtmlRewriter::new(
            lol_html::Settings {
                element_content_handlers: vec![
                    lol_html::element!("*", |_el| {
                        elements.set(elements.get() + 1);
                        Ok(())
                    }),
                    lol_html::text!("*", |t| {
                        text.set(text.get() + t.as_str().len());
                        Ok(())
                    }),
                ],
                ..lol_html::Settings::new()
            },
            |_: &[u8]| {},
        );
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
        elements.get() + text.get()
    });
    time("tl::parse", &|html, _| {
        tl::parse(html, tl::ParserOptions::default())
            .map(|d| d.nodes().len())
            .unwrap_or(0)
    });
}
