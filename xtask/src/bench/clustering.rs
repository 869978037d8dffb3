//! Benchmark `clustering`: story clustering on ECB+ (BCubed against the
//! gold sub-topics, tuned on train and dev, reported on test) and the
//! news-story-chains set (pairwise F1, a smoke test).
//!
//! Articles go through the per-document stages that clustering uses (text,
//! entities, events) exactly as in the pipeline, then through
//! `outpost_stories::StoryClusterer`. The TF-IDF average-link baseline of
//! the ECB+ SOURCE.md is recomputed in the same run (threshold tuned on dev).
//!
//! `cargo xtask bench clustering [--order input|shuffled] [--verbose] [--try CONFIG_JSON]... [--online N] [--chains]`
//!
//! `--chains` runs the news-story-chains smoke test alone; `--online N`
//! makes `--try` feed the articles N at a time into one incremental index.
//!
//! `--try` scores the given `StoryConfig`s (JSON) on train and dev only and
//! stops there: for exploring without ever looking at test.

use super::shared_dir;
use anyhow::{Context, Result};
use outpost_core::{Article, Extracted};
use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
use outpost_events::EventCoder;
use outpost_stories::{StoryClusterer, StoryConfig};
use outpost_text::TextAnalyzer;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

#[derive(Deserialize)]
struct EcbDoc {
    doc_id: String,
    subtopic: String,
    split: String,
    text: String,
}

#[derive(Deserialize)]
struct ChainDoc {
    id: String,
    outlet: Option<String>,
    date: Option<String>,
    title: Option<String>,
    text: String,
}

/// Per-document stages 3–5, as in the pipeline, without extraction.
struct Analyzer {
    text: TextAnalyzer,
    entities: EntityResolver,
    events: EventCoder,
}

impl Analyzer {
    fn new() -> Result<Self> {
        Ok(Analyzer {
            text: TextAnalyzer::new(),
            entities: EntityResolver::new(TheaterPack::embedded(), Gazetteer::embedded()),
            events: EventCoder::embedded()?,
        })
    }

    fn article(&self, id: &str, extracted: Extracted) -> Article {
        let annotations = self.text.analyze(&extracted.text, extracted.published);
        let mut article = Article {
            id: id.to_string(),
            source: id.to_string(),
            extracted,
            annotations,
            entities: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
        };
        article.entities = self
            .entities
            .resolve(&article.extracted.text, &article.annotations);
        article.events = self.events.code(&article);
        article
    }
}

/// BCubed precision, recall and F1 of `predicted` against `gold` (same keys).
pub fn bcubed(
    predicted: &HashMap<String, String>,
    gold: &HashMap<String, String>,
) -> (f64, f64, f64) {
    let mut pred_members: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut gold_members: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (doc, c) in predicted {
        pred_members.entry(c).or_default().push(doc);
    }
    for (doc, c) in gold {
        gold_members.entry(c).or_default().insert(doc);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (doc, c) in predicted {
        let pc = &pred_members[c.as_str()];
        let gc = &gold_members[gold[doc].as_str()];
        let both = pc.iter().filter(|d| gc.contains(*d)).count() as f64;
        p += both / pc.len() as f64;
        r += both / gc.len() as f64;
    }
    let n = predicted.len().max(1) as f64;
    let (p, r) = (p / n, r / n);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Pairwise precision, recall and F1.
fn pairwise(
    predicted: &HashMap<String, String>,
    gold: &HashMap<String, String>,
) -> (f64, f64, f64) {
    let docs: Vec<&String> = predicted.keys().collect();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let p = predicted[docs[i]] == predicted[docs[j]];
            let g = gold[docs[i]] == gold[docs[j]];
            match (p, g) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fneg += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fneg).max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// A fixed pseudo-random order (the gold files are sorted by topic, which an
/// online clusterer would find too easy).
fn shuffled<T>(mut items: Vec<T>, key: impl Fn(&T) -> &str) -> Vec<T> {
    items.sort_by_cached_key(|t| blake3::hash(key(t).as_bytes()).to_hex().to_string());
    items
}

fn cluster_split(clusterer: &StoryClusterer, articles: &[Article]) -> HashMap<String, String> {
    clusterer.cluster(articles).story_of
}

/// The articles arriving `batch` at a time into one incremental index.
fn cluster_online(
    clusterer: &StoryClusterer,
    articles: &[Article],
    batch: usize,
) -> HashMap<String, String> {
    let mut index = clusterer.index();
    let mut predicted = HashMap::new();
    for chunk in articles.chunks(batch.max(1)) {
        predicted.extend(index.add_batch(chunk).story_of);
    }
    predicted
}

/// The knobs searched on train and dev: the weights of the names and
/// numbers channels, the precision guard against two events of one kind
/// (weight, and the story size from which it applies), and the merge
/// threshold of the average-link agglomeration.
fn grid() -> Vec<StoryConfig> {
    let mut out = Vec::new();
    let guards = [(0.0f32, 8usize), (1.0, 6), (1.0, 8), (1.5, 6), (1.5, 8)];
    for &name in &[0.3f32, 0.5, 0.8] {
        for &numeric in &[0.2f32, 0.4] {
            for &(conflict, min_members) in &guards {
                for m in 0..8 {
                    out.push(StoryConfig {
                        name_weight: name,
                        numeric_weight: numeric,
                        conflict_weight: conflict,
                        conflict_min_members: min_members,
                        merge_threshold: 0.12 + 0.01 * m as f32,
                        ..StoryConfig::default()
                    });
                }
            }
        }
    }
    out
}

fn ecbplus(
    shared: &Path,
    analyzer: &Analyzer,
    input_order: bool,
    verbose: bool,
    tries: &[&str],
    online: Option<usize>,
) -> Result<()> {
    let path = shared.join("bench/clustering/ecbplus/docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let docs: Vec<EcbDoc> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let docs = if input_order {
        docs
    } else {
        shuffled(docs, |d| d.doc_id.as_str())
    };
    let started = Instant::now();
    let mut by_split: HashMap<String, Vec<Article>> = HashMap::new();
    let mut gold: HashMap<String, String> = HashMap::new();
    for d in &docs {
        let extracted = Extracted {
            text: d.text.clone(),
            ..Extracted::default()
        };
        by_split
            .entry(d.split.clone())
            .or_default()
            .push(analyzer.article(&d.doc_id, extracted));
        gold.insert(d.doc_id.clone(), d.subtopic.clone());
    }
    println!(
        "ECB+: {} documents analysed in {:.1}s ({})",
        docs.len(),
        started.elapsed().as_secs_f64(),
        if input_order {
            "input order"
        } else {
            "fixed shuffled order"
        }
    );
    let gold_of = |arts: &[Article]| -> HashMap<String, String> {
        arts.iter()
            .map(|a| (a.id.clone(), gold[&a.id].clone()))
            .collect()
    };
    let tuning = ["train", "dev"];
    if !tries.is_empty() {
        // Exploration: score the given configs on the tuning splits only.
        for json in tries {
            let config: StoryConfig = serde_json::from_str(json)?;
            let clusterer = StoryClusterer::new(config);
            for split in tuning {
                let arts = &by_split[split];
                let started = Instant::now();
                let predicted = match online {
                    Some(batch) => cluster_online(&clusterer, arts, batch),
                    None => cluster_split(&clusterer, arts),
                };
                let elapsed = started.elapsed();
                let (p, r, f) = bcubed(&predicted, &gold_of(arts));
                let clusters: HashSet<&String> = predicted.values().collect();
                if verbose {
                    print_mixed(&predicted, &gold_of(arts));
                }
                println!(
                    "  try {json} {split:<5} BCubed P/R/F1 {p:.3}/{r:.3}/{f:.3} {} clusters {:.1} ms",
                    clusters.len(),
                    elapsed.as_secs_f64() * 1000.0
                );
            }
        }
        return Ok(());
    }
    let mut best: Option<(f64, StoryConfig)> = None;
    for config in grid() {
        let clusterer = StoryClusterer::new(config.clone());
        let mut sum = 0.0;
        for split in tuning {
            let arts = &by_split[split];
            let (_, _, f) = bcubed(&cluster_split(&clusterer, arts), &gold_of(arts));
            sum += f * arts.len() as f64;
        }
        let n: usize = tuning.iter().map(|s| by_split[*s].len()).sum();
        let f = sum / n as f64;
        if verbose {
            println!(
                "    grid {}: train+dev F1 {f:.3}",
                serde_json::to_string(&config)?
            );
        }
        if best.as_ref().is_none_or(|(b, _)| f > *b) {
            best = Some((f, config));
        }
    }
    let (tuned_f, tuned) = best.context("empty grid")?;
    println!(
        "tuned on train+dev (BCubed F1 {tuned_f:.3}): {}",
        serde_json::to_string(&tuned)?
    );
    for (name, config) in [("defaults", StoryConfig::default()), ("tuned", tuned)] {
        let clusterer = StoryClusterer::new(config);
        for split in ["train", "dev", "test"] {
            let arts = &by_split[split];
            let started = Instant::now();
            let predicted = cluster_split(&clusterer, arts);
            let elapsed = started.elapsed();
            let g = gold_of(arts);
            let (p, r, f) = bcubed(&predicted, &g);
            let (_, _, pf) = pairwise(&predicted, &g);
            let clusters: HashSet<&String> = predicted.values().collect();
            println!(
                "  {name:<8} {split:<5} BCubed P/R/F1 {p:.3}/{r:.3}/{f:.3}  pairwise F1 {pf:.3}  {} clusters (gold {})  {:.1} ms",
                clusters.len(),
                g.values().collect::<HashSet<_>>().len(),
                elapsed.as_secs_f64() * 1000.0
            );
        }
    }
    // Online: the same articles arriving a few at a time into one
    // incremental index (earlier stories never merge with each other).
    let clusterer = StoryClusterer::new(StoryConfig::default());
    for batch in [1usize, 10, 50] {
        for split in ["train", "dev", "test"] {
            let arts = &by_split[split];
            let started = Instant::now();
            let predicted = cluster_online(&clusterer, arts, batch);
            let elapsed = started.elapsed();
            let (p, r, f) = bcubed(&predicted, &gold_of(arts));
            let clusters: HashSet<&String> = predicted.values().collect();
            println!(
                "  online, batches of {batch:<2} {split:<5} BCubed P/R/F1 {p:.3}/{r:.3}/{f:.3}  {} clusters  {:.1} ms",
                clusters.len(),
                elapsed.as_secs_f64() * 1000.0
            );
        }
    }
    baseline(&by_split, &gold);
    Ok(())
}

/// Prints each predicted cluster that mixes gold clusters, and each gold
/// cluster split over several predicted ones: where the errors are.
fn print_mixed(predicted: &HashMap<String, String>, gold: &HashMap<String, String>) {
    let mut by_pred: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    let mut by_gold: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (doc, p) in predicted {
        *by_pred
            .entry(p)
            .or_default()
            .entry(gold[doc].as_str())
            .or_default() += 1;
        by_gold.entry(gold[doc].as_str()).or_default().insert(p);
    }
    let mut lines: Vec<String> = by_pred
        .values()
        .filter(|g| g.len() > 1)
        .map(|g| {
            let mut parts: Vec<String> = g.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            parts.sort();
            format!("    mixed {}", parts.join(" "))
        })
        .collect();
    lines.sort();
    for l in lines {
        println!("{l}");
    }
    let mut split: Vec<String> = by_gold
        .iter()
        .filter(|(_, p)| p.len() > 1)
        .map(|(g, p)| {
            let mut sizes: Vec<usize> = p
                .iter()
                .map(|c| by_pred[c].get(g).copied().unwrap_or(0))
                .collect();
            sizes.sort_unstable_by(|a, b| b.cmp(a));
            format!("    split {g} {sizes:?}")
        })
        .collect();
    split.sort();
    for l in split {
        println!("{l}");
    }
}

/// TF-IDF (sublinear tf, stop words out) + cosine average-link, distance
/// threshold tuned on dev, scored on test: the SOURCE.md anchor.
fn baseline(by_split: &HashMap<String, Vec<Article>>, gold: &HashMap<String, String>) {
    let tokens = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect()
    };
    let run = |arts: &[Article], threshold: f64| -> HashMap<String, String> {
        let docs: Vec<Vec<String>> = arts.iter().map(|a| tokens(&a.extracted.text)).collect();
        let mut df: HashMap<&str, usize> = HashMap::new();
        for d in &docs {
            for w in d.iter().map(String::as_str).collect::<HashSet<_>>() {
                *df.entry(w).or_default() += 1;
            }
        }
        let n = docs.len() as f64;
        let vectors: Vec<HashMap<&str, f64>> = docs
            .iter()
            .map(|d| {
                let mut tf: HashMap<&str, f64> = HashMap::new();
                for w in d {
                    *tf.entry(w).or_default() += 1.0;
                }
                let mut v: HashMap<&str, f64> = tf
                    .into_iter()
                    .map(|(w, c)| {
                        (
                            w,
                            (1.0 + c.ln()) * (((1.0 + n) / (1.0 + df[w] as f64)).ln() + 1.0),
                        )
                    })
                    .collect();
                let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
                v.values_mut().for_each(|x| *x /= norm.max(1e-12));
                v
            })
            .collect();
        let m = vectors.len();
        let mut sim = vec![vec![0.0; m]; m];
        for i in 0..m {
            for j in i + 1..m {
                let (a, b) = if vectors[i].len() < vectors[j].len() {
                    (&vectors[i], &vectors[j])
                } else {
                    (&vectors[j], &vectors[i])
                };
                let s: f64 = a.iter().filter_map(|(w, x)| b.get(w).map(|y| x * y)).sum();
                sim[i][j] = s;
                sim[j][i] = s;
            }
        }
        // Average link: merge the closest pair of clusters while their mean
        // distance is below the threshold.
        let mut clusters: Vec<Vec<usize>> = (0..m).map(|i| vec![i]).collect();
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for a in 0..clusters.len() {
                for b in a + 1..clusters.len() {
                    let mut s = 0.0;
                    for &i in &clusters[a] {
                        for &j in &clusters[b] {
                            s += sim[i][j];
                        }
                    }
                    let d = 1.0 - s / (clusters[a].len() * clusters[b].len()) as f64;
                    if best.is_none_or(|(bd, _, _)| d < bd) {
                        best = Some((d, a, b));
                    }
                }
            }
            match best {
                Some((d, a, b)) if d < threshold => {
                    let merged = clusters.remove(b);
                    clusters[a].extend(merged);
                }
                _ => break,
            }
        }
        let mut out = HashMap::new();
        for (c, members) in clusters.iter().enumerate() {
            for &i in members {
                out.insert(arts[i].id.clone(), c.to_string());
            }
        }
        out
    };
    let gold_of = |arts: &[Article]| -> HashMap<String, String> {
        arts.iter()
            .map(|a| (a.id.clone(), gold[&a.id].clone()))
            .collect()
    };
    let dev = &by_split["dev"];
    let mut best = (0.0, 0.5);
    for t in 0..40 {
        let threshold = 0.5 + 0.0125 * t as f64;
        let (_, _, f) = bcubed(&run(dev, threshold), &gold_of(dev));
        if f > best.0 {
            best = (f, threshold);
        }
    }
    let test = &by_split["test"];
    let predicted = run(test, best.1);
    let (p, r, f) = bcubed(&predicted, &gold_of(test));
    println!(
        "  baseline TF-IDF average-link (distance {:.3}, dev F1 {:.3}): test BCubed P/R/F1 {p:.3}/{r:.3}/{f:.3}",
        best.1, best.0
    );
}

fn story_chains(shared: &Path, analyzer: &Analyzer, verbose: bool) -> Result<()> {
    let dir = shared.join("bench/clustering/news-story-chains");
    let text = std::fs::read_to_string(dir.join("articles.jsonl"))?;
    let docs: Vec<ChainDoc> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let articles: Vec<Article> = docs
        .iter()
        .map(|d| {
            let extracted = Extracted {
                title: d.title.clone(),
                outlet: d.outlet.clone(),
                published: d.date.as_deref().and_then(|s| s.parse().ok()),
                text: d.text.clone(),
                ..Extracted::default()
            };
            analyzer.article(&d.id, extracted)
        })
        .collect();
    let pairs = std::fs::read_to_string(dir.join("pairs.tsv"))?;
    let clustering = StoryClusterer::new(StoryConfig::default()).cluster(&articles);
    if verbose {
        for story in clustering
            .stories
            .iter()
            .filter(|s| s.article_ids.len() > 1)
        {
            println!("    story {}", story.id);
            for id in &story.article_ids {
                let a = articles.iter().find(|a| &a.id == id);
                let title = a.and_then(|a| a.extracted.title.as_deref()).unwrap_or("");
                println!("      {id} {title}");
            }
        }
    }
    let story_of = clustering.story_of;
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    for line in pairs.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let same = story_of.get(cols[0]) == story_of.get(cols[1]);
        match (same, cols[2] == "1") {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            _ => {}
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fneg).max(1) as f64;
    println!(
        "news-story-chains (defaults, smoke test): pairwise P/R/F1 {p:.3}/{r:.3}/{:.3} over {} articles",
        2.0 * p * r / (p + r).max(1e-12),
        articles.len()
    );
    Ok(())
}

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    let input_order = args
        .windows(2)
        .any(|w| w[0] == "--order" && w[1] == "input");
    let shared = shared_dir()?;
    let analyzer = Analyzer::new()?;
    if !Gazetteer::embedded_is_available() {
        println!("note: no embedded gazetteer (run scripts/setup.sh); places come from the theater pack only");
    }
    let verbose = args.iter().any(|a| a == "--verbose");
    let tries: Vec<&str> = args
        .windows(2)
        .filter(|w| w[0] == "--try")
        .map(|w| w[1].as_str())
        .collect();
    if args.iter().any(|a| a == "--chains") {
        return story_chains(&shared, &analyzer, verbose);
    }
    let online = args
        .windows(2)
        .find(|w| w[0] == "--online")
        .and_then(|w| w[1].parse().ok());
    ecbplus(&shared, &analyzer, input_order, verbose, &tries, online)?;
    if !tries.is_empty() {
        return Ok(());
    }
    story_chains(&shared, &analyzer, verbose)?;
    Ok(())
}

/// English stop words for the baseline (scikit-learn's list, abridged).
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "said",
    "says",
    "new",
    "one",
    "two",
];
