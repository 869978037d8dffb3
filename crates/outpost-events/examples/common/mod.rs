//! What the CASE examples share: reading the benchmark rows and our own
//! written passages, analysing snippets as articles, and scoring.

#![allow(dead_code)]

use outpost_core::Article;
use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
use outpost_events::embed::{EmbeddingHead, SentenceEncoder};
use outpost_events::{Classifier, EventCoder, Lexicon};
use outpost_text::TextAnalyzer;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `(text, label)` pairs.
pub type Rows = Vec<(String, String)>;

/// The CASE rows with one of the seen labels, in file order, and the seen
/// labels; `None` when the benchmark is absent.
pub fn case_rows(bench: &Path) -> Option<(Rows, Vec<String>)> {
    let dir = bench.join("case2021_task2_acled_finegrained");
    let seen_text = std::fs::read_to_string(dir.join("event_types_seen.txt")).ok()?;
    let seen: Vec<String> = seen_text
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let rows: Rows = std::fs::read_to_string(dir.join("test_set_final_release_with_labels.tsv"))
        .ok()?
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 3 && seen.contains(&f[2].trim().to_string()))
                .then(|| (f[1].to_string(), f[2].trim().to_string()))
        })
        .collect();
    Some((rows, seen))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A `LABEL<TAB>text` file of ours under `data/events`, as `(text, label)`.
pub fn written(name: &str) -> Rows {
    std::fs::read_to_string(root().join("data/events").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(label, text)| (text.to_string(), label.to_string()))
        .collect()
}

/// The written training passages: `examples.tsv`, and for experiments the
/// files `OUTPOST_EVENTS_EXTRA_TRAINING` lists (separated by `:`, as for
/// `cargo xtask bench events`).
pub fn training() -> Rows {
    let mut rows = written("examples.tsv");
    if let Some(extra) = std::env::var_os("OUTPOST_EVENTS_EXTRA_TRAINING") {
        for file in std::env::split_paths(&extra) {
            rows.extend(
                std::fs::read_to_string(&file)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                    .lines()
                    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                    .filter_map(|l| l.split_once('\t'))
                    .map(|(label, text)| (text.to_string(), label.to_string())),
            );
        }
    }
    rows
}

/// The head's probabilities in the word classifier's label order.
pub fn align(head_labels: &[String], p: &[f32], labels: &[String]) -> Vec<f32> {
    labels
        .iter()
        .map(|l| {
            head_labels
                .iter()
                .position(|h| h == l)
                .map_or(0.0, |i| p[i])
        })
        .collect()
}

pub fn mixed(p: &[f32], q: &[f32], mix: f32) -> Vec<f32> {
    p.iter().zip(q).map(|(a, b)| a + mix * b).collect()
}

pub fn top(p: &[f32], labels: &[String]) -> String {
    (0..p.len())
        .max_by(|a, b| p[*a].total_cmp(&p[*b]))
        .map(|i| labels[i].clone())
        .unwrap_or_default()
}

/// ACLED sub-event type → CASE label.
pub fn read_crosswalk(path: &Path) -> HashMap<String, String> {
    let text = std::fs::read_to_string(path).expect("crosswalk");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.splitn(7, ',').collect();
            (f.len() >= 3 && !f[2].is_empty()).then(|| (f[1].to_string(), f[2].to_string()))
        })
        .collect()
}

/// Each snippet through text → entities, as one article.
pub fn analysed(rows: &[(String, String)]) -> Vec<Article> {
    let resolver = EntityResolver::new(TheaterPack::embedded(), Gazetteer::embedded());
    let analyzer = TextAnalyzer::new();
    rows.iter()
        .map(|(text, _)| {
            let mut article = Article::from_text(text, "bench");
            article.annotations = analyzer.analyze(text, None);
            article.entities = resolver.resolve(&article.extracted.text, &article.annotations);
            article
        })
        .collect()
}

/// Weighted F1 over `labels` (those with support in `gold`).
pub fn weighted_f1(gold: &[(String, String)], predicted: &[String], labels: &[String]) -> f64 {
    let mut total = 0.0;
    for label in labels {
        let support = gold.iter().filter(|(_, g)| g == label).count() as f64;
        if support == 0.0 {
            continue;
        }
        let tp = gold
            .iter()
            .zip(predicted)
            .filter(|((_, g), p)| g == label && *p == label)
            .count() as f64;
        let n = predicted.iter().filter(|p| *p == label).count() as f64;
        let precision = if n > 0.0 { tp / n } else { 0.0 };
        let recall = tp / support;
        if precision + recall > 0.0 {
            total += support * 2.0 * precision * recall / (precision + recall);
        }
    }
    total / gold.len().max(1) as f64
}

/// Scores the reported half once: the shipped word classifier alone on
/// each whole snippet, mixed with `head` (its probabilities `head_p`, one
/// row per snippet in the head's label order, weighted by `head.mix`), and
/// the whole coder (text → entities → events) with words only and with
/// `encoder` and `head`, with the cost of each.
pub fn score_reported(
    bench: &Path,
    reported: &[(String, String)],
    seen: &[String],
    head_p: &[Vec<f32>],
    encoder: SentenceEncoder,
    head: EmbeddingHead,
) {
    let data = root().join("data/events");
    let shipped = Classifier::from_tsv(
        &std::fs::read_to_string(data.join("classifier.tsv")).unwrap(),
        "classifier.tsv",
    )
    .unwrap();
    let labels = shipped.labels().to_vec();
    let words_alone: Vec<String> = reported
        .iter()
        .map(|(t, _)| top(&shipped.probabilities(t), &labels))
        .collect();
    let both: Vec<String> = reported
        .iter()
        .zip(head_p)
        .map(|((t, _), q)| {
            let q = align(head.labels(), q, &labels);
            top(&mixed(&shipped.probabilities(t), &q, head.mix), &labels)
        })
        .collect();
    println!(
        "reported half, classifiers alone on the whole snippet: words {:.3}, words + head {:.3}",
        weighted_f1(reported, &words_alone, seen),
        weighted_f1(reported, &both, seen)
    );

    // The whole coder, as the benchmark runs it.
    let crosswalk = read_crosswalk(&bench.join("crosswalk_acled_plover_cameo.csv"));
    let lexicon = Lexicon::from_toml_str(
        &std::fs::read_to_string(data.join("lexicon.toml")).unwrap(),
        "lexicon.toml",
    )
    .unwrap();
    let words_coder = EventCoder::new(lexicon).with_classifier(shipped, Default::default());
    let embed_coder = words_coder.clone().with_embeddings(encoder, head);
    let articles = analysed(reported);
    let sentences: usize = articles.iter().map(|a| a.annotations.sentences.len()).sum();
    let main_label = |events: &[outpost_core::EventMention]| main_label(&crosswalk, events);
    let t = Instant::now();
    let plain: Vec<String> = articles
        .iter()
        .map(|a| main_label(&words_coder.code(a)))
        .collect();
    let plain_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let coded = embed_coder.code_batch(&articles).expect("code_batch");
    let batch_s = t.elapsed().as_secs_f64();
    let with: Vec<String> = coded.iter().map(|e| main_label(e)).collect();
    println!(
        "reported half, the coder: words {:.3} ({:.0} sentences/s), words + embeddings {:.3} \
         (code_batch: {:.0} sentences/s, {:.1} ms per snippet, this build)",
        weighted_f1(reported, &plain, seen),
        sentences as f64 / plain_s,
        weighted_f1(reported, &with, seen),
        sentences as f64 / batch_s,
        1000.0 * batch_s / articles.len() as f64
    );
}

/// The CASE label of an article's main (first) event, through the
/// crosswalk; empty when there is no event.
pub fn main_label(
    crosswalk: &HashMap<String, String>,
    events: &[outpost_core::EventMention],
) -> String {
    events
        .first()
        .and_then(|e| e.acled_sub_event_type.as_deref())
        .and_then(|s| crosswalk.get(s).cloned())
        .unwrap_or_default()
}
