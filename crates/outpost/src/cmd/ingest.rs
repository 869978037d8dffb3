//! `outpost ingest PATH...`: read, extract, analyse and store, then recompute
//! stories, events and claims over the whole collection.
//!
//! Per-document work streams through three stages joined by bounded
//! channels, so memory stays flat whatever the corpus size:
//!
//! 1. a reader thread cuts the input stream into chunks (at most [`CHUNK`]
//!    documents or [`CHUNK_BYTES`] of content);
//! 2. the calling thread drops inputs already stored, then analyses each
//!    chunk on every core (rayon), keeping input order;
//! 3. a writer thread stores each chunk as one transaction.
//!
//! Crash safety comes from the store: a chunk's articles and the hashes of
//! its inputs commit together, so a killed run leaves whole chunks, and the
//! next run skips exactly the inputs already stored and goes on in the same
//! order. The collection stages then run over everything stored, streamed
//! from the store ([`crate::pipeline::Collection::collect_stored`]) once the
//! per-document stages and their memory are gone, and replace their results
//! in one transaction. `OUTPOST_TRACE_MEMORY=1` reports the resident memory
//! of each phase on stderr.

use crate::cli::{Context, IngestArgs};
use crate::pipeline::Pipeline;
use crate::Outcome;
use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};
use outpost_core::{Article, RawDocument};
use outpost_source::SourceError;
use outpost_store::{SqliteStore, Store};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Documents per chunk: analysed in parallel and committed as one
/// transaction. Small enough that a killed run loses little, large enough
/// that cores stay busy and commits do not dominate.
const CHUNK: usize = 128;

/// Content bytes that close a chunk early, so a run of huge pages does not
/// pile up in memory.
const CHUNK_BYTES: usize = 16 << 20;

/// Chunks waiting between two stages.
const QUEUE: usize = 2;

/// Counts of one run.
#[derive(Debug, Default, serde::Serialize)]
struct IngestReport {
    read: usize,
    stored: usize,
    unchanged: usize,
    skipped: usize,
    articles: usize,
    stories: usize,
    events: usize,
    claims: usize,
    contradictions: usize,
}

/// One input as the reader handed it over.
type Item = std::result::Result<RawDocument, SourceError>;

/// What one chunk sends to the writer, in input order.
#[derive(Default)]
struct Analysed {
    articles: Vec<Article>,
    /// `(input_hash, source)` of each analysed input.
    inputs: Vec<(String, String)>,
}

pub fn run(args: IngestArgs, ctx: &Context) -> Result<Outcome> {
    let pipeline = Pipeline::build(ctx.embeddings)?;
    // Opened first so the schema exists before the reading connection looks.
    let store =
        SqliteStore::open(&ctx.db).with_context(|| format!("opening {}", ctx.db.display()))?;
    let lookup =
        SqliteStore::open(&ctx.db).with_context(|| format!("opening {}", ctx.db.display()))?;
    let progress = progress_bar();
    if !progress.is_hidden() {
        spawn_counter(args.paths.clone(), progress.clone());
    }
    let mut report = IngestReport::default();

    let (chunk_tx, chunk_rx) = sync_channel::<Vec<Item>>(QUEUE);
    let (store_tx, store_rx) = sync_channel::<Analysed>(QUEUE);
    let paths = args.paths.clone();
    let reader = std::thread::Builder::new()
        .name("outpost-reader".into())
        .spawn(move || read_chunks(&paths, chunk_tx))
        .context("starting the reader thread")?;
    let writer_progress = progress.clone();
    let writer = std::thread::Builder::new()
        .name("outpost-writer".into())
        .spawn(move || write_chunks(store, store_rx, writer_progress))
        .context("starting the writer thread")?;

    // Input hashes seen in this run: a repeat inside the run is caught even
    // before its first copy is committed. Eight bytes per input.
    let mut seen: HashSet<u64> = HashSet::new();
    let mut lookup_result = Ok(());
    for chunk in chunk_rx {
        let items = chunk.len() as u64;
        let mut todo: Vec<(RawDocument, String)> = Vec::with_capacity(chunk.len());
        for item in chunk {
            report.read += 1;
            let raw = match item {
                Ok(raw) => raw,
                Err(err) => {
                    report.skipped += 1;
                    progress.suspend(|| eprintln!("outpost: skipped {err}"));
                    continue;
                }
            };
            let hash = input_hash(&raw);
            let already = match lookup.has_input(&hash) {
                Ok(found) => found,
                Err(err) => {
                    lookup_result = Err(err);
                    break;
                }
            };
            if already || !seen.insert(hash_key(&hash)) {
                report.unchanged += 1;
                continue;
            }
            todo.push((raw, hash));
        }
        if lookup_result.is_err() {
            break;
        }
        let results: Vec<_> = todo
            .par_iter()
            .map(|(raw, _)| pipeline.analyze(raw))
            .collect();
        let mut analysed = Analysed::default();
        for ((raw, hash), result) in todo.into_iter().zip(results) {
            match result {
                Ok(article) => {
                    analysed.inputs.push((hash, raw.provenance.to_string()));
                    analysed.articles.push(article);
                }
                Err(err) => {
                    report.skipped += 1;
                    progress.suspend(|| eprintln!("outpost: skipped {}: {err}", raw.provenance));
                }
            }
        }
        progress.inc(items);
        progress.set_message(format!("{} skipped", report.skipped));
        if store_tx.send(analysed).is_err() {
            // The writer failed; its error is reported below.
            break;
        }
    }
    drop(store_tx);
    // A reader blocked on a full queue gives up once the queue is gone.
    reader.join().expect("the reader thread does not panic");
    let (mut store, stored) = writer.join().expect("the writer thread does not panic")?;
    lookup_result.context("looking up stored inputs")?;
    report.stored = stored;
    crate::pipeline::trace::mark("the per-document stages");
    // What the per-document stages built and left in their threads' arenas
    // is not needed any more: the collection stages get it back.
    let collection = pipeline.into_collection();
    crate::pipeline::release_free_memory();

    progress.set_message(format!(
        "{} skipped; grouping stories, merging events, comparing claims",
        report.skipped
    ));
    let results = collection
        .collect_stored(&store)
        .context("reading stored articles")?;
    report.articles = results.summaries.len();
    store
        .replace_collection(&results)
        .context("storing collection results")?;
    crate::pipeline::trace::mark("storing the collection results");
    progress.finish_and_clear();

    report.stories = results.stories.len();
    report.events = results.events.len();
    report.claims = results.claims.len();
    report.contradictions = results
        .claims
        .iter()
        .filter(|c| c.verdict == outpost_core::Verdict::Contradicted)
        .count();
    if args.json {
        super::print_json(&report)?;
    } else {
        eprintln!(
            "outpost: {} read, {} new, {} unchanged, {} skipped; {} articles in {} stories, {} events, {} claims ({} contradicted) in {}",
            report.read,
            report.stored,
            report.unchanged,
            report.skipped,
            report.articles,
            report.stories,
            report.events,
            report.claims,
            report.contradictions,
            ctx.db.display()
        );
    }
    Ok(if report.skipped > 0 {
        Outcome::SomeSkipped
    } else {
        Outcome::Complete
    })
}

/// The reader stage: the input stream cut into chunks, in order. Stops early
/// when the analysis stage has gone away.
fn read_chunks(paths: &[String], out: SyncSender<Vec<Item>>) {
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut bytes = 0;
    for item in outpost_source::read_all(paths) {
        if let Ok(raw) = &item {
            bytes += raw.content.as_str().len();
        }
        chunk.push(item);
        if chunk.len() >= CHUNK || bytes >= CHUNK_BYTES {
            if out.send(std::mem::take(&mut chunk)).is_err() {
                return;
            }
            bytes = 0;
        }
    }
    if !chunk.is_empty() {
        let _ = out.send(chunk);
    }
}

/// The writer stage: one transaction per chunk, in order. Returns the store
/// and how many articles were new.
fn write_chunks(
    mut store: SqliteStore,
    chunks: Receiver<Analysed>,
    progress: ProgressBar,
) -> Result<(SqliteStore, usize)> {
    let mut stored = 0;
    for chunk in chunks {
        if chunk.articles.is_empty() {
            continue;
        }
        stored += store
            .put_articles(&chunk.articles, &chunk.inputs)
            .context("storing articles")?;
        progress.set_prefix(format!("{stored} stored"));
    }
    Ok((store, stored))
}

/// What identifies an input for "already ingested": its content and the
/// metadata given with it, not its path.
pub(crate) fn input_hash(raw: &RawDocument) -> String {
    let hints = serde_json::to_string(&raw.hints).unwrap_or_default();
    outpost_core::content_id(&format!("{hints}\u{1f}{}", raw.content.as_str()))
}

/// The 64 bits a content id spells in hex, for the in-run set; the id itself
/// when it is not hex (it always is today).
fn hash_key(hash: &str) -> u64 {
    u64::from_str_radix(hash, 16).unwrap_or_else(|_| {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        hash.hash(&mut hasher);
        hasher.finish()
    })
}

/// A bar with documents/s, the skipped count and, once the inputs are
/// counted, an ETA; hidden when stderr is not a terminal.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::no_length();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} ({rate}, ETA {eta}) {prefix}, {msg} [{elapsed}]",
        )
        .map(|style| {
            style.with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} documents/s", state.per_sec());
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix("0 stored");
    bar.set_message("0 skipped");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Counts the documents to come in the background (a file is one, a JSON
/// Lines file one per line) and gives the bar its length, so it can show an
/// ETA. Gzipped JSON Lines and stdin cannot be counted cheaply: the bar then
/// stays without a length.
fn spawn_counter(paths: Vec<String>, bar: ProgressBar) {
    let _ = std::thread::Builder::new()
        .name("outpost-counter".into())
        .spawn(move || {
            let mut total = 0u64;
            for path in &paths {
                if path == "-" {
                    return;
                }
                match count_documents(Path::new(path), 0) {
                    Some(n) => total += n,
                    None => return,
                }
            }
            bar.set_length(total);
        });
}

/// Documents under `path`, or `None` when they cannot be counted cheaply.
/// Symbolic links inside folders are not followed, as the readers do not.
fn count_documents(path: &Path, depth: usize) -> Option<u64> {
    let meta = if depth == 0 {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    };
    let Ok(meta) = meta else { return Some(1) };
    if meta.is_dir() {
        if depth > 64 {
            return Some(0);
        }
        let mut total = 0;
        for entry in std::fs::read_dir(path).ok()?.flatten() {
            let inner = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir || outpost_source::format_of(&inner).is_some() {
                total += count_documents(&inner, depth + 1)?;
            }
        }
        return Some(total);
    }
    match outpost_source::format_of(path) {
        Some((outpost_source::Format::JsonLines, false)) => count_lines(path),
        Some((outpost_source::Format::JsonLines, true)) => None,
        _ => Some(1),
    }
}

/// Newlines in a file (a line without one at the end counts too).
fn count_lines(path: &Path) -> Option<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut buffer = vec![0u8; 1 << 20];
    let (mut lines, mut last) = (0u64, b'\n');
    loop {
        let n = file.read(&mut buffer).ok()?;
        if n == 0 {
            break;
        }
        lines += buffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        last = buffer[n - 1];
    }
    Some(lines + u64::from(last != b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_counted_per_file_and_per_json_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title\n\nBody.").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.jsonl"), "{}\n{}\n{}").unwrap();
        std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
        assert_eq!(count_documents(dir.path(), 0), Some(4));
        std::fs::write(dir.path().join("c.jsonl.gz"), "x").unwrap();
        assert_eq!(count_documents(dir.path(), 0), None);
    }

    #[test]
    fn hash_keys_are_the_hex_bits() {
        assert_eq!(hash_key("00000000000000ff"), 255);
        assert_ne!(hash_key("not hex"), hash_key("also not hex"));
    }
}
