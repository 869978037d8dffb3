//! `outpost ingest PATH...`: read, extract, analyse and store, then recompute
//! stories, events and claims over the whole collection.

use crate::cli::{Context, IngestArgs};
use crate::pipeline::Pipeline;
use crate::Outcome;
use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};
use outpost_store::{SqliteStore, Store};
use std::io::IsTerminal;

/// Articles per transaction: small enough that a killed run loses little,
/// large enough that commits do not dominate.
const BATCH: usize = 64;

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

pub fn run(args: IngestArgs, ctx: &Context) -> Result<Outcome> {
    let pipeline = Pipeline::new()?;
    let mut store =
        SqliteStore::open(&ctx.db).with_context(|| format!("opening {}", ctx.db.display()))?;
    let progress = progress_bar();
    let mut report = IngestReport::default();
    let mut batch = Vec::with_capacity(BATCH);
    let mut inputs = Vec::with_capacity(BATCH);

    for item in outpost_source::read_all(&args.paths) {
        report.read += 1;
        progress.inc(1);
        let raw = match item {
            Ok(raw) => raw,
            Err(err) => {
                report.skipped += 1;
                progress.suspend(|| eprintln!("outpost: skipped {err}"));
                continue;
            }
        };
        let input_hash = input_hash(&raw);
        if store.has_input(&input_hash)?
            || inputs
                .iter()
                .any(|(h, _): &(String, String)| *h == input_hash)
        {
            report.unchanged += 1;
            continue;
        }
        match pipeline.analyze(&raw) {
            Ok(article) => {
                inputs.push((input_hash, raw.provenance.to_string()));
                batch.push(article);
            }
            Err(err) => {
                report.skipped += 1;
                progress.suspend(|| eprintln!("outpost: skipped {}: {err}", raw.provenance));
            }
        }
        if batch.len() >= BATCH {
            report.stored += store.put_articles(&batch, &inputs)?;
            batch.clear();
            inputs.clear();
        }
        progress.set_message(format!(
            "{} stored, {} skipped",
            report.stored + batch.len(),
            report.skipped
        ));
    }
    if !batch.is_empty() {
        report.stored += store.put_articles(&batch, &inputs)?;
    }
    progress.set_message("grouping stories, merging events, comparing claims");
    let articles = store.articles()?;
    report.articles = articles.len();
    let results = pipeline.collect(articles);
    store.replace_collection(&results)?;
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

/// What identifies an input for "already ingested": its content and the
/// metadata given with it, not its path.
fn input_hash(raw: &outpost_core::RawDocument) -> String {
    let hints = serde_json::to_string(&raw.hints).unwrap_or_default();
    outpost_core::content_id(&format!("{hints}\u{1f}{}", raw.content.as_str()))
}

/// A spinner with counts on a terminal; hidden when stderr is piped.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos} documents read ({per_sec}) {msg} [{elapsed}]",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
