//! Runs the extractor over every real seed article, when the shared seed
//! folder exists, and checks properties that must hold for any article:
//! a title and text, no boilerplate or metadata line left in the text,
//! captions set apart. It asserts patterns, never the seeds' own sentences.

use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use outpost_extract::Extractor;
use regex::Regex;
use std::path::Path;

const SEEDS: &str = "/work/shared/seeds";

/// Lines of these shapes must never survive into `text`.
const LEFTOVER_PATTERNS: &[&str] = &[
    r"(?i)^leave a (reply|comment)",
    r"(?i)^be the first to comment",
    r"(?i)your email address will not be published",
    r"(?i)required fields are marked",
    r"(?i)akismet",
    r"(?i)^support \S+$",
    r"(?i)^subscribe\b",
    r"©",
    r"(?i)all rights reserved",
    r"(?i)unauthori[sz]ed use",
    r"(?i)^read in app$",
    r"(?i)^story highlights$",
    r"(?i)^(related article|read more|also read)\b",
    r"(?i)^original url",
    r"(?i)^https?://",
    r"(?i)^\(with inputs from",
    r"^By [A-Z]\S*( [A-Z]\S*){0,3}$",
    r"(?i)web team$",
    r"(?i)\bpublished:",
    r"(?i)photograph:",
    r"(?i)^screen grab",
    r"^[A-Z][a-z]+ \d{1,2}, \d{4}$",
    r"\((left|right|centre|center)\)",
];

#[test]
fn seeds_come_out_clean() {
    let dir = Path::new(SEEDS);
    if !dir.is_dir() {
        println!("skipping: {SEEDS} does not exist");
        return;
    }
    let patterns: Vec<Regex> = LEFTOVER_PATTERNS
        .iter()
        .map(|p| Regex::new(p).unwrap())
        .collect();
    let extractor = Extractor::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut with_captions = 0;
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let content = if path.extension().is_some_and(|e| e == "html" || e == "htm") {
            Content::Html(text)
        } else {
            Content::Text(text)
        };
        let doc = RawDocument {
            provenance: Provenance::file(path.display().to_string()),
            content,
            hints: DocumentHints::default(),
        };
        let article = extractor
            .extract(&doc)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if std::env::var_os("OUTPOST_SHOW").is_some() {
            println!("=== {}\n{:#?}", path.display(), article);
        }
        let name = path.display();
        assert!(
            article
                .title
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty()),
            "{name}: no title"
        );
        assert!(!article.text.trim().is_empty(), "{name}: no text");
        for paragraph in article.text.split("\n\n") {
            assert!(!paragraph.trim().is_empty(), "{name}: empty paragraph");
            for line in paragraph.lines() {
                for pattern in &patterns {
                    assert!(
                        !pattern.is_match(line.trim()),
                        "{name}: boilerplate left ({pattern}): {line}"
                    );
                }
            }
            if let Some(title) = &article.title {
                assert_ne!(paragraph.trim(), title.trim(), "{name}: title left in text");
            }
        }
        for caption in &article.captions {
            assert!(
                !article.text.contains(caption.as_str()),
                "{name}: caption left in text: {caption}"
            );
        }
        if !article.captions.is_empty() {
            with_captions += 1;
        }
    }
    // Seed articles are news pages, most of which carry a photo caption or credit.
    assert!(
        with_captions * 2 >= paths.len(),
        "captions found in only {with_captions} of {} seeds",
        paths.len()
    );
}

/// Extracts every record of the JSON Lines files under `OUTPOST_CORPUS`
/// (read with outpost-source): no panic, few empties, and a throughput
/// figure. Ignored by default: `OUTPOST_CORPUS=dir cargo test -p
/// outpost-extract --release --test seeds -- --ignored --nocapture`.
#[test]
#[ignore]
fn corpus_smoke() {
    let Some(dir) = std::env::var_os("OUTPOST_CORPUS") else {
        println!("skipping: set OUTPOST_CORPUS to a folder");
        return;
    };
    let extractor = Extractor::new();
    let started = std::time::Instant::now();
    let (mut ok, mut failed) = (0usize, 0usize);
    for item in outpost_source::read_all(&[dir.to_string_lossy().into_owned()]) {
        let Ok(doc) = item else { continue };
        match extractor.extract(&doc) {
            Ok(article) => {
                ok += 1;
                assert!(!article.text.is_empty());
                if std::env::var_os("OUTPOST_SHOW").is_some() {
                    for line in &article.boilerplate_removed {
                        println!("REMOVED\t{line}");
                    }
                    for line in &article.captions {
                        println!("CAPTION\t{line}");
                    }
                }
            }
            Err(_) => failed += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{ok} extracted, {failed} empty, {:.0} docs/s",
        (ok + failed) as f64 / seconds
    );
    assert!(failed * 10 <= ok + failed, "too many empty: {failed}");
}
