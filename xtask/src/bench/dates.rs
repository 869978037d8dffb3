//! Benchmark `dates`: publication dates on htmldate's evaluation set
//! (`../shared/bench/dates`, 1,000 pages, many languages), scored as its
//! SOURCE.md restates upstream: exact `YYYY-MM-DD`; no output with a gold
//! date is FN, a right date TP, a wrong date FP only, no output and no gold
//! (the five `NaN` entries) TN; accuracy = (TP+TN)/N is the headline.
//! htmldate (extensive mode, `original_date=True`) runs on the same pages in
//! the same run.
//!
//! The set has no dev split: entries in file order (default set, then
//! MediaCloud) are split in two, tuning on the first half; the second half is
//! the figure to quote; the tuning half's two quarters are printed too, so
//! that a rule can be seen to help on both. Speed counts the whole
//! extraction from the raw bytes for both: outpost decodes the charset and
//! runs the full extractor (text, metadata, everything) in this process;
//! htmldate gets the bytes.
//!
//! `cargo xtask bench dates [--no-anchor] [--errors]` (`--errors` lists the
//! tuning half's misses, with htmldate's answer when it runs).

use super::extraction::{gunzip, run_anchor, thread_cpu_seconds};
use anyhow::Result;
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use serde_json::Value;
use std::time::Instant;

struct Page {
    url: String,
    file: String,
    bytes: Vec<u8>,
    gold: Option<String>,
}

const HTMLDATE: &str = r#"
import json, sys, time, gzip, base64
import htmldate
from htmldate import find_date
pages = json.load(open(sys.argv[1]))
blobs = [gzip.decompress(base64.b64decode(p["gz"])) for p in pages]
out = []
start, cpu = time.perf_counter(), time.thread_time()
for p, raw in zip(pages, blobs):
    try:
        out.append(find_date(raw, url=p["url"], original_date=True, extensive_search=True))
    except Exception:
        out.append(None)
seconds, cpu = time.perf_counter() - start, time.thread_time() - cpu
print(json.dumps({"dates": out, "seconds": seconds, "cpu": cpu, "version": htmldate.__version__}))
"#;

/// Upstream's confusion counts and accuracy.
fn score<'a>(
    items: impl Iterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> (f64, f64, f64, f64, usize) {
    let (mut tp, mut fp, mut fn_, mut tn, mut n) = (0, 0, 0, 0, 0);
    for (gold, predicted) in items {
        n += 1;
        match (gold, predicted) {
            (Some(_), None) => fn_ += 1,
            (None, None) => tn += 1,
            (Some(g), Some(p)) if g == p => tp += 1,
            (_, Some(_)) => fp += 1,
        }
    }
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let (tp, fp, fn_, tn) = (tp as f64, fp as f64, fn_ as f64, tn as f64);
    (
        div(tp + tn, n as f64),
        div(tp, tp + fp),
        div(tp, tp + fn_),
        div(2.0 * tp, 2.0 * tp + fp + fn_),
        n,
    )
}

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    let no_anchor = args.iter().any(|a| a == "--no-anchor");
    let show_errors = args.iter().any(|a| a == "--errors");
    let dir = super::shared_dir()?.join("bench/dates");
    let mut pages = Vec::new();
    for set in ["eval_default.json", "eval_mediacloud_2020.json"] {
        let raw = std::fs::read_to_string(dir.join(set))?.replace(": NaN", ": null");
        // Keep the file's order: it defines the tuning and test halves.
        let entries: serde_json::Map<String, Value> = serde_json::from_str(&raw)?;
        let mut ordered: Vec<(usize, String, Value)> = entries
            .into_iter()
            .map(|(k, v)| (raw.find(&format!("\"{k}\"")).unwrap_or(usize::MAX), k, v))
            .collect();
        ordered.sort_by_key(|e| e.0);
        for (_, url, entry) in ordered {
            let file = entry["file"].as_str().unwrap_or_default().to_string();
            pages.push(Page {
                bytes: gunzip(&dir.join("html").join(format!("{file}.gz")))?,
                gold: entry["date"].as_str().map(str::to_string),
                url,
                file,
            });
        }
    }
    let extractor = outpost_extract::Extractor::new();
    let (start, cpu) = (Instant::now(), thread_cpu_seconds());
    let ours: Vec<Option<String>> = pages
        .iter()
        .map(|p| {
            let html = outpost_source::decode_html(&p.bytes, None).ok()?;
            let doc = RawDocument {
                provenance: Provenance::file(p.file.clone()),
                content: Content::Html(html),
                hints: DocumentHints {
                    url: Some(p.url.clone()),
                    ..Default::default()
                },
            };
            // Lenient: a page whose main text comes out empty still has
            // its date read from metadata.
            match extractor.extract_lenient(&doc) {
                Ok(article) => article.published.map(|d| d.to_string()),
                Err(e) => {
                    if show_errors {
                        eprintln!("extract error {}: {e}", p.file);
                    }
                    None
                }
            }
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = cpu
        .zip(thread_cpu_seconds())
        .map_or(f64::NAN, |(before, after)| after - before);
    let anchor = if no_anchor {
        None
    } else {
        use std::io::Write;
        let input: Vec<Value> = pages
            .iter()
            .map(|p| {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                gz.write_all(&p.bytes).expect("in memory");
                let gz = gz.finish().expect("in memory");
                serde_json::json!({"url": p.url, "gz": base64(&gz)})
            })
            .collect();
        Some(run_anchor(HTMLDATE, &Value::Array(input))?)
    };
    let theirs: Option<Vec<Option<String>>> = anchor.as_ref().map(|a| {
        a["dates"]
            .as_array()
            .map(|v| v.iter().map(|d| d.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    });
    let half = pages.len() / 2;
    println!("dates: {} pages from {}", pages.len(), dir.display());
    println!(
        "{:<22} {:<10} {:>6} {:>6} {:>6} {:>6}",
        "split", "system", "acc", "P", "R", "F1"
    );
    // The tuning half's two quarters, to check that a rule helps on both
    // and does not only fit a few pages of one.
    let quarter = half / 2;
    for (name, range) in [
        ("tune Q1", 0..quarter),
        ("tune Q2", quarter..half),
        ("tune (first half)", 0..half),
        ("test (second half)", half..pages.len()),
        ("all", 0..pages.len()),
    ] {
        let s = score(
            range
                .clone()
                .map(|i| (pages[i].gold.as_deref(), ours[i].as_deref())),
        );
        println!(
            "{name:<22} {:<10} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
            "outpost", s.0, s.1, s.2, s.3
        );
        if let Some(theirs) = &theirs {
            let s = score(range.clone().map(|i| {
                (
                    pages[i].gold.as_deref(),
                    theirs.get(i).and_then(|d| d.as_deref()),
                )
            }));
            println!(
                "{name:<22} {:<10} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
                "htmldate", s.0, s.1, s.2, s.3
            );
        }
    }
    let n = pages.len() as f64;
    let (ours_rate, ours_cpu_rate) = (n / seconds, n / cpu_seconds);
    println!(
        "speed: outpost {ours_rate:.0} pages/s wall, {ours_cpu_rate:.0} pages/s CPU time (charset decoding + full extraction, one pass)"
    );
    if let Some(anchor) = &anchor {
        let theirs_rate = n / anchor["seconds"].as_f64().unwrap_or(f64::NAN);
        let theirs_cpu_rate = n / anchor["cpu"].as_f64().unwrap_or(f64::NAN);
        println!(
            "speed: htmldate {} extensive {theirs_rate:.1} pages/s wall, {theirs_cpu_rate:.1} pages/s CPU time (one Python process)",
            anchor["version"].as_str().unwrap_or("?"),
        );
        println!(
            "speed ratio: {:.1}x wall, {:.1}x CPU time",
            ours_rate / theirs_rate,
            ours_cpu_rate / theirs_cpu_rate
        );
    }
    if show_errors {
        for (i, p) in pages.iter().enumerate().take(half) {
            if p.gold != ours[i] {
                let anchor = theirs
                    .as_ref()
                    .map(|t| format!("\thtmldate {:?}", t.get(i).cloned().flatten()))
                    .unwrap_or_default();
                println!(
                    "{i}\t{}\tgold {:?}\tours {:?}{anchor}\t{}",
                    p.file, p.gold, ours[i], p.url
                );
            }
        }
    }
    Ok(())
}

/// Standard base64, so the anchor gets the exact bytes through JSON.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_scoring() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        let s = score(
            [
                (Some("2020-01-01"), Some("2020-01-01")),
                (Some("2020-01-01"), None),
                (None, None),
                (Some("2020-01-02"), Some("2020-01-01")),
            ]
            .into_iter(),
        );
        assert_eq!(s.0, 0.5);
    }
}
