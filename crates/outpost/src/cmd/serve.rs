//! `outpost serve`: the HTTP API and the web page over the database, with
//! `POST /api/ingest` running the same pipeline as `outpost ingest`.

use crate::cli::{Context, ServeArgs};
use crate::pipeline::Pipeline;
use crate::Outcome;
use anyhow::{Context as _, Result};
use outpost_core::{RawDocument, Verdict};
use outpost_serve::{IngestSummary, SkippedRecord};
use outpost_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub fn run(args: ServeArgs, ctx: &Context) -> Result<Outcome> {
    let token = args.token.filter(|t| !t.is_empty());
    let ingest = token
        .as_ref()
        .map(|_| ingest_fn(ctx.db.clone(), ctx.embeddings));
    outpost_serve::serve(outpost_serve::ServeConfig {
        db: ctx.db.clone(),
        addr: args.addr,
        token,
        ingest,
    })?;
    Ok(Outcome::Complete)
}

/// The pipeline is built on the first write, not at start-up: a read-only
/// session never pays for loading the gazetteer.
fn ingest_fn(db: PathBuf, embeddings: bool) -> outpost_serve::IngestFn {
    let pipeline: Arc<OnceLock<Pipeline>> = Arc::new(OnceLock::new());
    Arc::new(move |documents: Vec<RawDocument>| {
        let pipeline = match pipeline.get() {
            Some(p) => p,
            None => {
                let built = Pipeline::build(embeddings)?;
                pipeline.get_or_init(|| built)
            }
        };
        ingest(pipeline, &db, documents)
    })
}

/// What `outpost ingest` does for a batch: skip known inputs, analyse and
/// store the rest in one transaction, then recompute the collection.
fn ingest(pipeline: &Pipeline, db: &Path, documents: Vec<RawDocument>) -> Result<IngestSummary> {
    let mut store = SqliteStore::open(db).with_context(|| format!("opening {}", db.display()))?;
    let mut summary = IngestSummary::default();
    let mut batch = Vec::new();
    let mut inputs: Vec<(String, String)> = Vec::new();
    for raw in documents {
        let hash = super::ingest::input_hash(&raw);
        if store.has_input(&hash)? || inputs.iter().any(|(h, _)| *h == hash) {
            summary.unchanged += 1;
            continue;
        }
        match pipeline.analyze(&raw) {
            Ok(article) => {
                inputs.push((hash, raw.provenance.to_string()));
                batch.push(article);
            }
            Err(err) => summary.skipped.push(SkippedRecord {
                record: raw.provenance.record.unwrap_or(0),
                reason: err.to_string(),
            }),
        }
    }
    if !batch.is_empty() {
        summary.stored = store.put_articles(&batch, &inputs)?;
        // The same collection pass as `outpost ingest`.
        let results = pipeline
            .collect_stored(&store)
            .context("reading stored articles")?;
        store.replace_collection(&results)?;
    }
    summary.articles = store.article_count()?;
    summary.stories = store.stories()?.len();
    let claims = store.claims(false)?;
    summary.claims = claims.len();
    summary.contradictions = claims
        .iter()
        .filter(|c| c.verdict == Verdict::Contradicted)
        .count();
    summary.events = store.events(&Default::default())?.len();
    Ok(summary)
}
