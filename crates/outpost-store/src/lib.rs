//! The outpost database: analysed articles and the collection-level results
//! (stories, canonical events, claims, entities) behind one [`Store`] trait,
//! with full-text search.
//!
//! Input: [`outpost_core::Article`]s from the per-document pipeline, and a
//! [`CollectionResults`] computed over all of them. Output: the same values
//! read back, filtered ([`EventFilter`]) and searched ([`SearchHit`]).
//! [`SqliteStore`] keeps them in one SQLite file (WAL journal, schema
//! migrations by `PRAGMA user_version`) and searches articles through a
//! tantivy index kept beside it (`<db>.search/`) as a cache that is rebuilt
//! from the stored articles whenever it disagrees with them; a PostgreSQL backend for teams can
//! implement the same trait later.
//!
//! Ingest is idempotent by content: an article whose id is stored is left
//! as it is, and every input's content hash is recorded so a re-run can skip
//! it before doing any work. Every write is one transaction, so a failure or
//! a killed process leaves the database as it was before the write.
//!
//! This crate does no analysis, reads no input files and knows nothing of
//! any theater; collection results are replaced wholesale, never merged.
//!
//! ```
//! use outpost_core::{Article, Extracted};
//! use outpost_store::{SqliteStore, Store};
//!
//! let article = Article {
//!     id: "0123456789abcdef".into(),
//!     source: "dispatch.txt".into(),
//!     extracted: Extracted {
//!         title: Some("Shelling near the river crossing".into()),
//!         text: "Artillery struck the crossing at dawn.".into(),
//!         ..Default::default()
//!     },
//!     annotations: Default::default(),
//!     entities: vec![],
//!     events: vec![],
//!     claims: vec![],
//! };
//! let mut store = SqliteStore::open_in_memory()?;
//! let inputs = [("hash-of-dispatch".to_string(), "dispatch.txt".to_string())];
//! assert_eq!(store.put_articles(&[article.clone()], &inputs)?, 1);
//! assert_eq!(store.put_articles(&[article], &inputs)?, 0);
//! assert!(store.has_input("hash-of-dispatch")?);
//! let hits = store.search("artillery", 10)?;
//! assert_eq!(hits[0].snippet, "[Artillery] struck the crossing at dawn.");
//! # Ok::<(), outpost_store::StoreError>(())
//! ```
#![deny(missing_docs)]

mod error;
mod filter;
mod schema;
mod search;
mod sqlite;

pub use error::{Result, StoreError};
pub use filter::EventFilter;
pub use sqlite::SqliteStore;

use outpost_core::{
    Article, ArticleSummary, CanonicalEvent, Claim, CollectionEntity, SearchHit, Story,
};

/// Everything computed over the whole collection (stages 6–7), stored and
/// replaced as one unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CollectionResults {
    /// One per article, with its story, duplicate and (inferred) date.
    pub summaries: Vec<ArticleSummary>,
    /// Stories.
    pub stories: Vec<Story>,
    /// Canonical events.
    pub events: Vec<CanonicalEvent>,
    /// Claims compared across outlets.
    pub claims: Vec<Claim>,
    /// Entities across the collection.
    pub entities: Vec<CollectionEntity>,
}

/// Where outpost keeps articles and results. Reads take `&self`, writes
/// `&mut self`; every write is atomic.
pub trait Store {
    /// Whether an input with this content hash was already ingested (for
    /// skip-before-work).
    fn has_input(&self, input_hash: &str) -> Result<bool>;

    /// Stores a batch of analysed articles in one transaction and returns how
    /// many were new.
    ///
    /// Idempotent: an article whose id is already stored is left unchanged.
    /// `inputs` records `(input_hash, source)` pairs so a re-run can skip them;
    /// they are recorded in the same transaction, so an input is never marked
    /// done without its articles.
    fn put_articles(&mut self, articles: &[Article], inputs: &[(String, String)]) -> Result<usize>;

    /// How many articles are stored.
    fn article_count(&self) -> Result<usize>;

    /// All stored articles, in insertion order.
    fn articles(&self) -> Result<Vec<Article>>;

    /// Calls `visit` with every stored article in insertion order, one at a
    /// time, so that a collection of any size can be read in bounded memory.
    fn for_each_article(&self, visit: &mut dyn FnMut(Article)) -> Result<()>;

    /// The article with this id.
    fn article(&self, id: &str) -> Result<Option<Article>>;

    /// Replaces every collection-level result in one transaction.
    fn replace_collection(&mut self, c: &CollectionResults) -> Result<()>;

    /// Article summaries ordered by publication date (undated last), then
    /// source. Stored articles without a summary yet are listed from their
    /// own metadata, with no story.
    fn summaries(&self) -> Result<Vec<ArticleSummary>>;

    /// Stories, newest first (by last date; undated last).
    fn stories(&self) -> Result<Vec<Story>>;

    /// The story with this id.
    fn story(&self, id: &str) -> Result<Option<Story>>;

    /// Canonical events passing `filter`, by date (undated last).
    fn events(&self, filter: &EventFilter) -> Result<Vec<CanonicalEvent>>;

    /// Claims in stored order; only contradicted ones if `contradictions_only`.
    fn claims(&self, contradictions_only: bool) -> Result<Vec<Claim>>;

    /// Entities in stored order.
    fn entities(&self) -> Result<Vec<CollectionEntity>>;

    /// Full-text search over titles and texts, best match first, at most
    /// `limit` hits; each snippet marks matched terms as `[term]`.
    ///
    /// Words are matched whole (diacritics and case ignored) and all must
    /// occur; `"a phrase"`, `prefix*` and `OR` are understood, any other
    /// punctuation is ignored, so no query is a syntax error.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;

    /// One story with its articles, events and the claims its articles
    /// take part in, found by its id or a unique prefix of it.
    fn story_view(&self, id_prefix: &str) -> Result<StoryLookup> {
        let stories = self.stories()?;
        let matching: Vec<&Story> = stories
            .iter()
            .filter(|s| s.id.starts_with(id_prefix))
            .collect();
        let story = match matching.as_slice() {
            [one] => (*one).clone(),
            [] => return Ok(StoryLookup::NotFound),
            many => return Ok(StoryLookup::Ambiguous(many.len())),
        };
        let events = self
            .events(&EventFilter::default())?
            .into_iter()
            .filter(|e| story.event_ids.contains(&e.id))
            .collect();
        let claims = self
            .claims(false)?
            .into_iter()
            .filter(|c| {
                c.values
                    .iter()
                    .any(|v| story.article_ids.contains(&v.article_id))
            })
            .collect();
        let articles = self
            .summaries()?
            .into_iter()
            .filter(|a| story.article_ids.contains(&a.id))
            .collect();
        Ok(StoryLookup::Found(Box::new(StoryView {
            story,
            articles,
            events,
            claims,
        })))
    }
}

/// A story and everything shown with it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoryView {
    /// The story.
    pub story: Story,
    /// Its articles.
    pub articles: Vec<ArticleSummary>,
    /// Its canonical events, by date.
    pub events: Vec<CanonicalEvent>,
    /// Claims its articles take part in.
    pub claims: Vec<Claim>,
}

/// The outcome of looking a story up by id prefix.
#[derive(Debug, Clone, PartialEq)]
pub enum StoryLookup {
    /// Exactly one story has that prefix.
    Found(Box<StoryView>),
    /// None has.
    NotFound,
    /// This many have.
    Ambiguous(usize),
}
