//! Benchmark `dedup`: exact and near duplicates and wire updates.
//!
//! - BBC News: are all 98 exact-duplicate groups found, and how do the near
//!   copies compare with the silver word-5-gram Jaccard ≥ 0.8 pairs?
//! - Reuters-21578: copies against the silver pairs, wire updates told apart
//!   from copies, and the whole corpus through story clustering, timed.
//! - Speed: outpost's MinHash signatures against `gaoya` 0.2.2
//!   (`MinHasher32`, 128 hashes) on the same documents, one thread, same run.
//!
//! `cargo xtask bench dedup`; `cargo xtask bench dedup --scale 3` clusters
//! Reuters once and three times over (copies marked as the throughput bench
//! marks them) and compares the story counts.

use super::shared_dir;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use gaoya::minhash::{MinHasher as _, MinHasher32};
use outpost_core::{Article, Extracted};
use outpost_stories::{DocMeta, Duplicates, MinHasher, StoryClusterer, StoryConfig};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

#[derive(Deserialize)]
struct BbcDoc {
    id: String,
    title: String,
    text: String,
}

#[derive(Deserialize)]
struct ReutersDoc {
    id: serde_json::Value,
    date: Option<String>,
    title: Option<String>,
    text: Option<String>,
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(Into::into))
        .collect()
}

/// Unordered pairs of ids (smaller first) from a silver TSV, with their Jaccard.
fn silver_pairs(path: &Path) -> Result<Vec<(String, String, f64)>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let j = c.get(2)?.parse().ok()?;
            let (a, b) = (c[0].to_string(), c[1].to_string());
            Some(if a <= b { (a, b, j) } else { (b, a, j) })
        })
        .collect())
}

/// Every pair inside a copy group, as ids (smaller first).
fn copy_pairs(ids: &[String], found: &Duplicates) -> HashSet<(String, String)> {
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in found.copy_of.iter().enumerate() {
        groups.entry(c.unwrap_or(i)).or_default().push(i);
    }
    let mut pairs = HashSet::new();
    for members in groups.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                let (x, y) = (ids[a].clone(), ids[b].clone());
                pairs.insert(if x <= y { (x, y) } else { (y, x) });
            }
        }
    }
    pairs
}

fn precision_recall(
    found: &HashSet<(String, String)>,
    gold: &HashSet<(String, String)>,
) -> (f64, f64) {
    let tp = found.intersection(gold).count() as f64;
    (
        tp / found.len().max(1) as f64,
        tp / gold.len().max(1) as f64,
    )
}

fn bbc(shared: &Path, clusterer: &StoryClusterer) -> Result<()> {
    let dir = shared.join("corpus/bbc-news");
    let docs: Vec<BbcDoc> = read_jsonl(&dir.join("bbc.jsonl"))?;
    let texts: Vec<String> = docs
        .iter()
        .map(|d| format!("{}\n{}", d.title, d.text))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    let started = Instant::now();
    let found = clusterer.duplicates(&refs, &[]);
    let elapsed = started.elapsed().as_secs_f64();
    let position: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let groups: Vec<Vec<String>> = serde_json::from_str(&std::fs::read_to_string(
        dir.join("exact_duplicate_groups.json"),
    )?)?;
    let root = |i: usize| found.copy_of[i].unwrap_or(i);
    let whole = groups
        .iter()
        .filter(|g| {
            let roots: HashSet<usize> = g.iter().map(|id| root(position[id.as_str()])).collect();
            roots.len() == 1
        })
        .count();
    let pairs = copy_pairs(&ids, &found);
    let silver = silver_pairs(&dir.join("near_dup_pairs_word5_jaccard_ge0.5.tsv"))?;
    let gold: HashSet<(String, String)> = silver
        .iter()
        .filter(|(_, _, j)| *j >= 0.8)
        .map(|(a, b, _)| (a.clone(), b.clone()))
        .collect();
    let (p, r) = precision_recall(&pairs, &gold);
    println!(
        "BBC News ({} docs, {:.2}s): exact-duplicate groups found whole {whole}/{}; \
         copy pairs {} vs silver J>=0.8 {}: precision {p:.3} recall {r:.3}",
        docs.len(),
        elapsed,
        groups.len(),
        pairs.len(),
        gold.len()
    );
    Ok(())
}

fn reuters(shared: &Path, clusterer: &StoryClusterer) -> Result<Vec<(String, String)>> {
    let dir = shared.join("corpus/reuters21578");
    let mut docs: Vec<ReutersDoc> = read_jsonl(&dir.join("reuters21578.jsonl"))?;
    docs.retain(|d| d.text.as_deref().is_some_and(|t| !t.trim().is_empty()));
    // Time order; the date field is ISO 8601 to the second, so it sorts as text.
    docs.sort_by(|a, b| a.date.cmp(&b.date));
    let ids: Vec<String> = docs
        .iter()
        .map(|d| match &d.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let texts: Vec<String> = docs
        .iter()
        .map(|d| {
            format!(
                "{}\n{}",
                d.title.as_deref().unwrap_or(""),
                d.text.as_deref().unwrap_or("")
            )
        })
        .collect();
    let day = |d: &ReutersDoc| -> Option<NaiveDate> {
        d.date
            .as_deref()
            .and_then(|s| s.get(..10))
            .and_then(|s| s.parse().ok())
    };
    let meta: Vec<DocMeta> = docs
        .iter()
        .map(|d| DocMeta {
            title: d.title.as_deref(),
            outlet: Some("Reuters"),
            published: day(d),
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = Instant::now();
    let found = clusterer.duplicates(&refs, &meta);
    let elapsed = started.elapsed().as_secs_f64();
    let pairs = copy_pairs(&ids, &found);
    let silver = silver_pairs(&dir.join("near_dup_pairs_word5_jaccard_ge0.5.tsv"))?;
    let jaccard: HashMap<(String, String), f64> = silver
        .iter()
        .map(|(a, b, j)| ((a.clone(), b.clone()), *j))
        .collect();
    let gold: HashSet<(String, String)> = silver
        .iter()
        .filter(|(_, _, j)| *j >= 0.8)
        .map(|(a, b, _)| (a.clone(), b.clone()))
        .collect();
    let (p, r) = precision_recall(&pairs, &gold);
    let copies = found.copy_of.iter().filter(|c| c.is_some()).count();
    println!(
        "Reuters-21578 ({} docs with text, {:.2}s): {copies} copies; copy pairs {} vs silver J>=0.8 {}: \
         precision {p:.3} recall {r:.3}",
        docs.len(),
        elapsed,
        pairs.len(),
        gold.len()
    );
    let mut bands: BTreeMap<&str, usize> = BTreeMap::new();
    let mut examples = Vec::new();
    let mut update_count = 0;
    for (late, early) in found.update_of.iter().enumerate() {
        let Some(early) = *early else { continue };
        update_count += 1;
        let key = if ids[early] <= ids[late] {
            (ids[early].clone(), ids[late].clone())
        } else {
            (ids[late].clone(), ids[early].clone())
        };
        let band = match jaccard.get(&key) {
            Some(j) if *j >= 0.9 => "J>=0.9",
            Some(j) if *j >= 0.8 => "0.8<=J<0.9",
            Some(_) => "0.5<=J<0.8",
            None => "J<0.5 (kept most of the earlier text)",
        };
        *bands.entry(band).or_default() += 1;
        if examples.len() < 4 {
            examples.push(format!(
                "    {} {:?}  →  {} {:?}",
                docs[early].date.as_deref().unwrap_or("?"),
                docs[early].title.as_deref().unwrap_or(""),
                docs[late].date.as_deref().unwrap_or("?"),
                docs[late].title.as_deref().unwrap_or("")
            ));
        }
    }
    println!("  {update_count} updates (same outlet, within a day, revised): {bands:?}");
    for e in examples {
        println!("{e}");
    }
    let silver_band = silver
        .iter()
        .filter(|(_, _, j)| (0.5..0.9).contains(j))
        .count();
    let marked_band = silver
        .iter()
        .filter(|(a, b, j)| {
            (0.5..0.9).contains(j) && {
                let (ia, ib) = (
                    ids.iter().position(|x| x == a),
                    ids.iter().position(|x| x == b),
                );
                match (ia, ib) {
                    (Some(x), Some(y)) => {
                        found.update_of[x] == Some(y)
                            || found.update_of[y] == Some(x)
                            || pairs.contains(&(a.clone(), b.clone()))
                    }
                    _ => false,
                }
            }
        })
        .count();
    println!(
        "  silver pairs in the 0.5–0.9 band (updates or rewrites): {silver_band}; marked as update or copy: {marked_band}"
    );
    Ok(texts).map(|t| t.into_iter().zip(ids).map(|(t, id)| (id, t)).collect())
}

/// Word 5-gram shingles as gaoya's examples build them: lower-cased words, space-joined.
fn shingles(text: &str) -> Vec<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 5 {
        return vec![words.join(" ")];
    }
    words.windows(5).map(|w| w.join(" ")).collect()
}

fn speed(docs: &[(String, String)]) {
    let texts: Vec<&str> = docs.iter().map(|(_, t)| t.as_str()).collect();
    let ours = MinHasher::new(128, 5);
    let gaoya = MinHasher32::new(128);
    let rounds = 3;
    let mut best = [f64::MAX; 3];
    let mut sink = 0u64;
    for _ in 0..rounds {
        let t = Instant::now();
        for text in &texts {
            sink = sink.wrapping_add(ours.signature(text)[0] as u64);
        }
        best[0] = best[0].min(t.elapsed().as_secs_f64());

        let t = Instant::now();
        let pre: Vec<Vec<String>> = texts.iter().map(|t| shingles(t)).collect();
        let shingling = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for s in &pre {
            sink = sink.wrapping_add(gaoya.create_signature(s.iter())[0] as u64);
        }
        let signing = t.elapsed().as_secs_f64();
        best[1] = best[1].min(signing);
        best[2] = best[2].min(shingling + signing);
    }
    let n = texts.len() as f64;
    println!(
        "Speed, one thread, {} Reuters docs, 128 hashes over word 5-grams (best of {rounds}; sink {}):",
        texts.len(),
        sink % 10
    );
    println!(
        "  outpost MinHasher, text → signature:            {:>8.0} docs/s",
        n / best[0]
    );
    println!(
        "  gaoya MinHasher32, pre-built shingles → signature: {:>8.0} docs/s",
        n / best[1]
    );
    println!(
        "  gaoya MinHasher32, text → shingles → signature:  {:>8.0} docs/s",
        n / best[2]
    );
    println!(
        "  ratio outpost / gaoya: {:.2}× (signatures only), {:.2}× (from text)",
        best[1] / best[0],
        best[2] / best[0]
    );
}

/// All of Reuters through duplicate detection and story clustering (no
/// per-document analysis: the text, title, date and outlet only).
fn cluster_reuters(docs: &[(String, String)], shared: &Path) -> Result<()> {
    let articles = reuters_articles(docs, shared)?;
    let started = Instant::now();
    let clustering = StoryClusterer::new(StoryConfig::default()).cluster(&articles);
    let elapsed = started.elapsed().as_secs_f64();
    let multi = clustering
        .stories
        .iter()
        .filter(|s| s.article_ids.len() > 1)
        .count();
    println!(
        "Reuters-21578 clustered: {} articles in {elapsed:.1}s (one thread): {} stories ({multi} with 2+ articles), \
         {} copies, {} updates",
        articles.len(),
        clustering.stories.len(),
        clustering.duplicate_of.len(),
        clustering.update_of.len()
    );

    // The same articles day by day through one incremental index, as an
    // ingest would see them: each day's batch joins earlier stories or
    // starts new ones, and no earlier article is revisited.
    let mut by_day: std::collections::BTreeMap<Option<chrono::NaiveDate>, Vec<Article>> =
        std::collections::BTreeMap::new();
    for a in articles {
        by_day.entry(a.extracted.published).or_default().push(a);
    }
    // One article at a time, in date order: the cost of an add should not
    // grow with the index (first half against second half).
    let ordered: Vec<&Article> = by_day.values().flatten().collect();
    let mut index = StoryClusterer::new(StoryConfig::default()).index();
    let half = ordered.len() / 2;
    let mut halves = [0.0f64; 2];
    for (i, a) in ordered.iter().enumerate() {
        let started = Instant::now();
        index.add_batch(std::slice::from_ref(*a));
        halves[usize::from(i >= half)] += started.elapsed().as_secs_f64();
    }
    println!(
        "Reuters-21578 incremental, one article at a time: {:.1}s in all; {:.0} µs an article \
         over the first half, {:.0} µs over the second",
        halves[0] + halves[1],
        halves[0] * 1e6 / half.max(1) as f64,
        halves[1] * 1e6 / (ordered.len() - half).max(1) as f64
    );
    let days = by_day.len();
    let started = Instant::now();
    let mut index = StoryClusterer::new(StoryConfig::default()).index();
    let (mut copies, mut updates, mut stories, mut slowest) = (0, 0, 0, 0.0f64);
    for batch in by_day.values() {
        let batch_started = Instant::now();
        let assignment = index.add_batch(batch);
        slowest = slowest.max(batch_started.elapsed().as_secs_f64());
        copies += assignment.duplicate_of.len();
        updates += assignment.update_of.len();
        stories += assignment.new_stories.len();
    }
    println!(
        "Reuters-21578 incremental, one batch a day ({days} batches): {} articles in {:.1}s \
         (slowest day {:.2}s): {stories} stories, {copies} copies, {updates} updates; \
         index {:.1} MB ({} bytes an article)",
        index.len(),
        started.elapsed().as_secs_f64(),
        slowest,
        index.heap_bytes() as f64 / 1e6,
        index.heap_bytes() / index.len().max(1)
    );
    Ok(())
}

/// Reuters documents with text as (id, "title\ntext"), in date order.
fn reuters_docs(shared: &Path) -> Result<Vec<(String, String)>> {
    let mut docs: Vec<ReutersDoc> =
        read_jsonl(&shared.join("corpus/reuters21578/reuters21578.jsonl"))?;
    docs.retain(|d| d.text.as_deref().is_some_and(|t| !t.trim().is_empty()));
    docs.sort_by(|a, b| a.date.cmp(&b.date));
    Ok(docs
        .iter()
        .map(|d| {
            let id = match &d.id {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let text = format!(
                "{}\n{}",
                d.title.as_deref().unwrap_or(""),
                d.text.as_deref().unwrap_or("")
            );
            (id, text)
        })
        .collect())
}

/// Reuters as articles (text, title, date, outlet), in the order of `docs`.
fn reuters_articles(docs: &[(String, String)], shared: &Path) -> Result<Vec<Article>> {
    let raw: Vec<ReutersDoc> = read_jsonl(&shared.join("corpus/reuters21578/reuters21578.jsonl"))?;
    let dates: HashMap<String, Option<NaiveDate>> = raw
        .iter()
        .map(|d| {
            let id = match &d.id {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let date = d
                .date
                .as_deref()
                .and_then(|s| s.get(..10))
                .and_then(|s| s.parse().ok());
            (id, date)
        })
        .collect();
    Ok(docs
        .iter()
        .map(|(id, text)| {
            let (title, body) = text.split_once('\n').unwrap_or(("", text));
            Article {
                id: id.clone(),
                source: id.clone(),
                extracted: Extracted {
                    title: Some(title.to_string()),
                    outlet: Some("Reuters".into()),
                    published: dates.get(id).copied().flatten(),
                    text: body.to_string(),
                    ..Extracted::default()
                },
                annotations: Default::default(),
                entities: Vec::new(),
                events: Vec::new(),
                claims: Vec::new(),
            }
        })
        .collect())
}

/// Reuters `times` times over, marked as `cargo xtask bench throughput`
/// marks its copies (copy k's id, title and text end in "(k)"), through one
/// batch of the clusterer: at ten times the density, every copy should still
/// find its original's story, so the story count should barely move.
fn scale(docs: &[(String, String)], shared: &Path, times: usize) -> Result<()> {
    let base = reuters_articles(docs, shared)?;
    for n in [1, times] {
        let mut articles = Vec::with_capacity(base.len() * n);
        for k in 0..n {
            for a in &base {
                let mut a = a.clone();
                if k > 0 {
                    a.id = format!("{}-{k}", a.id);
                    if let Some(t) = a.extracted.title.as_mut().filter(|t| !t.is_empty()) {
                        t.push_str(&format!(" ({k})"));
                    }
                    if !a.extracted.text.is_empty() {
                        a.extracted.text.push_str(&format!("\n({k})"));
                    }
                }
                articles.push(a);
            }
        }
        let before = memory_mib("VmRSS");
        // Resets the peak (VmHWM) to the current resident size (Linux).
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let started = Instant::now();
        let clustering = StoryClusterer::new(StoryConfig::default()).cluster(&articles);
        let elapsed = started.elapsed().as_secs_f64();
        let peak = memory_mib("VmHWM");
        // Copies k > 0 outside the story of their copy 0.
        let mut astray = 0;
        for a in &articles[base.len()..] {
            let original = a.id.rsplit_once('-').map_or(a.id.as_str(), |(o, _)| o);
            if clustering.story_of.get(&a.id) != clustering.story_of.get(original) {
                astray += 1;
            }
        }
        println!(
            "Reuters-21578 x{n} (copies marked as in the throughput bench), one batch: {} articles \
             in {elapsed:.1}s: {} stories, {} copies, {} updates, {astray} copies outside their \
             original's story",
            articles.len(),
            clustering.stories.len(),
            clustering.duplicate_of.len(),
            clustering.update_of.len(),
        );
        if let (Some(before), Some(peak), true) = (before, peak, reset) {
            println!(
                "  resident {before:.0} MiB with the input built; peak {peak:.0} MiB while \
                 clustering ({:.0} MiB over the input)",
                peak - before
            );
        }
    }
    Ok(())
}

/// A `/proc/self/status` memory field in MiB (Linux only).
fn memory_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Runs the benchmark; `--scale N` runs only the density check at x1 and xN.
pub fn run(args: &[String]) -> Result<()> {
    let shared = shared_dir()?;
    let clusterer = StoryClusterer::new(StoryConfig::default());
    if let Some(n) = args.iter().position(|a| a == "--scale") {
        let times: usize = args
            .get(n + 1)
            .and_then(|t| t.parse().ok())
            .context("--scale needs a number")?;
        let docs = reuters_docs(&shared)?;
        return scale(&docs, &shared, times.max(1));
    }
    bbc(&shared, &clusterer)?;
    let docs = reuters(&shared, &clusterer)?;
    speed(&docs);
    cluster_reuters(&docs, &shared)?;
    Ok(())
}
