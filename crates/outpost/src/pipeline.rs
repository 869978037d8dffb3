//! The pipeline assembled: per-document stages (1–5) and the collection
//! stages (6–7) over everything stored.
//!
//! The collection stages need every article at once, so what they hold per
//! article decides how large a collection fits in memory.
//! [`Pipeline::collect_stored`] streams the store once, folding entities
//! into the collection's entity table as it goes and keeping of each article
//! only what clustering, date inference, event merging and claim comparison
//! read ([`slim`]); an article whose date is inferred is read back whole, one
//! at a time. `Pipeline::collect` (kept for tests) over whole articles gives the same
//! results (a test holds the two together).

use anyhow::Result;
use chrono::NaiveDate;
use outpost_claims::{ClaimComparer, ClaimExtractor};
use outpost_core::{
    Article, ArticleSummary, CanonicalEvent, CollectionEntity, EventMention, RawDocument,
};
use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
use outpost_events::EventCoder;
use outpost_extract::{ExtractError, Extractor};
use outpost_store::CollectionResults;
use outpost_store::Store;
use outpost_stories::{StoryClusterer, StoryConfig};
use outpost_text::TextAnalyzer;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Inputs larger than this are not analysed: no news article is, and the
/// text stage's annotations grow with the text (a 50 MB page would take
/// gigabytes).
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// Extracted text longer than this is not analysed, for the same reason:
/// a long report is a few hundred KiB.
pub const MAX_TEXT_BYTES: usize = 2 << 20;

/// Why a document was not analysed.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    /// The extractor found nothing to analyse.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The input is over [`MAX_INPUT_BYTES`].
    #[error("input of {} MiB is over the {} MiB limit for one article", .0 >> 20, MAX_INPUT_BYTES >> 20)]
    InputTooLarge(usize),
    /// The extracted text is over [`MAX_TEXT_BYTES`].
    #[error("text of {} KiB is over the {} KiB limit for one article", .0 >> 10, MAX_TEXT_BYTES >> 10)]
    TextTooLong(usize),
}

/// Every per-document stage, built once and reused for each document.
pub struct Pipeline {
    extractor: Extractor,
    text: TextAnalyzer,
    entities: EntityResolver,
    events: EventCoder,
    claims: ClaimExtractor,
}

impl Pipeline {
    /// Builds the stages over the embedded theater pack, gazetteer and lexicons.
    pub fn new() -> Result<Self> {
        let gazetteer = Gazetteer::embedded();
        Ok(Pipeline {
            extractor: Extractor::new(),
            text: TextAnalyzer::new(),
            entities: EntityResolver::new(TheaterPack::embedded(), gazetteer),
            events: EventCoder::embedded()?,
            claims: ClaimExtractor::embedded(),
        })
    }

    /// Stages 2–5 on one raw document: a pure function of the document.
    pub fn analyze(&self, raw: &RawDocument) -> Result<Article, AnalyzeError> {
        let size = raw.content.as_str().len();
        if size > MAX_INPUT_BYTES {
            return Err(AnalyzeError::InputTooLarge(size));
        }
        let extracted = self.extractor.extract(raw)?;
        if extracted.text.len() > MAX_TEXT_BYTES {
            return Err(AnalyzeError::TextTooLong(extracted.text.len()));
        }
        let identity = format!(
            "{}\u{1f}{}\u{1f}{}",
            extracted
                .url
                .as_deref()
                .or(extracted.outlet.as_deref())
                .unwrap_or(""),
            extracted.title.as_deref().unwrap_or(""),
            extracted.text
        );
        let annotations = self.text.analyze(&extracted.text, extracted.published);
        let mut article = Article {
            id: outpost_core::content_id(&identity),
            source: raw.provenance.to_string(),
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
        article.claims = self.claims.statements(&article);
        Ok(article)
    }

    /// Stages 6–7 over whole articles held in memory: duplicates, stories,
    /// dates for undated articles, canonical events, claims, entities. The
    /// reference that [`Self::collect_stored`] is tested against.
    #[cfg(test)]
    pub fn collect(&self, articles: Vec<Article>) -> CollectionResults {
        let mut entities = EntityTable::default();
        articles.iter().for_each(|a| entities.add(a));
        let whole = |_: &str| Ok::<_, std::convert::Infallible>(None);
        match self.collect_with(articles, entities.finish(), whole) {
            Ok(results) => results,
            Err(never) => match never {},
        }
    }

    /// Stages 6–7 over everything in `store`, in bounded memory per article
    /// (see the module documentation); the same results as `Self::collect`
    /// over the whole articles.
    pub fn collect_stored<S: Store>(&self, store: &S) -> outpost_store::Result<CollectionResults> {
        let mut entities = EntityTable::default();
        // Sized up front: growing by doubling would hold two copies at once.
        let mut articles = Vec::with_capacity(store.article_count()?);
        store.for_each_article(&mut |article| {
            entities.add(&article);
            articles.push(slim(article));
        })?;
        articles.shrink_to_fit();
        self.collect_with(articles, entities.finish(), |id| store.article(id))
    }

    /// The collection stages over `articles` (whole or [`slim`]) and the
    /// entity table built from them. Only an article whose date is inferred
    /// needs its annotations, to re-resolve its time expressions: `whole`
    /// fetches it in full (`None` when `articles` are whole already).
    fn collect_with<E>(
        &self,
        mut articles: Vec<Article>,
        entities: Vec<CollectionEntity>,
        mut whole: impl FnMut(&str) -> Result<Option<Article>, E>,
    ) -> Result<CollectionResults, E> {
        let clustering = StoryClusterer::new(StoryConfig::default()).cluster(&articles);
        let inferred = outpost_stories::infer_dates(&mut articles, &clustering);
        for article in articles.iter_mut() {
            let Some(&anchor) = inferred.get(&article.id) else {
                continue;
            };
            match whole(&article.id)? {
                Some(mut full) => {
                    outpost_stories::redate(&mut full, anchor);
                    // Re-dated time expressions change which conflict a number is about.
                    article.claims = self.claims.statements(&full);
                    article.events = full.events;
                    drop_sentences(&mut article.events);
                }
                None => article.claims = self.claims.statements(article),
            }
        }
        let mut events = outpost_stories::merge_events(&articles, &clustering);
        cut_sentences(&mut events, &articles);
        let claims = ClaimComparer::default().compare(&articles, &events, &clustering.duplicate_of);

        let mut stories = clustering.stories.clone();
        for story in &mut stories {
            story.event_ids = events
                .iter()
                .filter(|e| e.story_id.as_deref() == Some(story.id.as_str()))
                .map(|e| e.id.clone())
                .collect();
        }
        events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
        let summaries = articles
            .iter()
            .map(|a| summary(a, &clustering, &inferred))
            .collect();
        Ok(CollectionResults {
            summaries,
            stories,
            events,
            claims,
            entities,
        })
    }
}

fn summary(
    article: &Article,
    clustering: &outpost_stories::Clustering,
    inferred: &HashMap<String, NaiveDate>,
) -> ArticleSummary {
    let inferred_date = inferred.get(&article.id).copied();
    ArticleSummary {
        id: article.id.clone(),
        source: article.source.clone(),
        title: article.extracted.title.clone(),
        published: article.extracted.published.or(inferred_date),
        published_inferred: article.extracted.published.is_none() && inferred_date.is_some(),
        outlet: article.extracted.outlet.clone(),
        story_id: clustering.story_of.get(&article.id).cloned(),
        duplicate_of: clustering.duplicate_of.get(&article.id).cloned(),
        update_of: clustering.update_of.get(&article.id).cloned(),
    }
}

/// What the collection stages keep of an article: no text annotations,
/// captions or removed boilerplate, no event mention sentences (cut again from
/// the text by [`cut_sentences`]), and of each entity only its id and kind
/// (what story clustering compares); names, places and mentions go to the
/// [`EntityTable`] before the article is slimmed.
pub fn slim(mut article: Article) -> Article {
    article.annotations = Default::default();
    article.extracted.captions = Vec::new();
    article.extracted.boilerplate_removed = Vec::new();
    let mut seen = std::collections::HashSet::new();
    article
        .entities
        .retain(|e| seen.insert(e.entity.id.clone()));
    for e in &mut article.entities {
        e.mentions = Vec::new();
        e.entity.name = String::new();
        e.entity.country = None;
        e.entity.admin1 = None;
        e.entity.role = None;
    }
    article.entities.shrink_to_fit();
    drop_sentences(&mut article.events);
    article
}

/// Empties each mention's sentence: it is the article's text between the
/// mention's `start` and `end` (code points), so holding it again for every
/// article of a large collection only costs memory. [`cut_sentences`] cuts
/// it again for the mentions that end up in an event.
fn drop_sentences(events: &mut [EventMention]) {
    for mention in events {
        mention.text = String::new();
    }
}

/// Fills the sentence of every event mention whose article was slimmed
/// ([`drop_sentences`]) from the article's text, exactly as the event stage
/// cut it.
fn cut_sentences(events: &mut [CanonicalEvent], articles: &[Article]) {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    for m in events.iter_mut().flat_map(|e| e.mentions.iter_mut()) {
        if !m.sentence.is_empty() || m.start >= m.end {
            continue;
        }
        if let Some(article) = by_id.get(m.article_id.as_str()) {
            m.sentence = outpost_core::slice_chars(&article.extracted.text, m.start, m.end);
        }
    }
}

/// Entities across articles, with every surface form seen, built one
/// article at a time.
#[derive(Default)]
struct EntityTable {
    by_id: BTreeMap<String, (CollectionEntity, BTreeSet<String>, BTreeSet<String>)>,
}

impl EntityTable {
    fn add(&mut self, article: &Article) {
        for e in &article.entities {
            let entry = self.by_id.entry(e.entity.id.clone()).or_insert_with(|| {
                (
                    CollectionEntity {
                        id: e.entity.id.clone(),
                        kind: e.entity.kind,
                        name: e.entity.name.clone(),
                        aliases: Vec::new(),
                        country: e.entity.country.clone(),
                        lat: e.entity.lat,
                        lon: e.entity.lon,
                        admin1: e.entity.admin1.clone(),
                        article_ids: Vec::new(),
                    },
                    BTreeSet::new(),
                    BTreeSet::new(),
                )
            });
            entry.1.extend(e.mentions.iter().map(|m| m.text.clone()));
            entry.2.insert(article.id.clone());
        }
    }

    fn finish(self) -> Vec<CollectionEntity> {
        self.by_id
            .into_values()
            .map(|(mut entity, aliases, article_ids)| {
                entity.aliases = aliases.into_iter().collect();
                entity.article_ids = article_ids.into_iter().collect();
                entity
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outpost_core::{Content, DocumentHints, Provenance};
    use outpost_store::SqliteStore;

    fn doc(name: &str, text: &str, published: Option<&str>) -> RawDocument {
        RawDocument {
            provenance: Provenance::file(name.to_string()),
            content: Content::Text(text.to_string()),
            hints: DocumentHints {
                published: published.map(str::to_string),
                ..Default::default()
            },
        }
    }

    /// Articles written here, dated and undated (so dates are inferred and
    /// time expressions re-resolved), plus the seed articles when
    /// `../shared` is present.
    fn articles(pipeline: &Pipeline) -> Vec<Article> {
        let mut docs = vec![
            doc(
                "a.txt",
                "Shelling near Gao\n\nTwo soldiers were killed when artillery struck a checkpoint near Gao on Sunday, the army said. Some 300 families fled, officials said.",
                Some("2023-03-06"),
            ),
            doc(
                "b.txt",
                "Gao checkpoint attack\n\nArtillery struck a checkpoint near Gao on Sunday, killing three soldiers, a local official said. Nearly 400 families fled.",
                None,
            ),
            doc(
                "c.txt",
                "Talks in Bamako\n\nEnvoys met in Bamako on Wednesday to discuss a ceasefire, the foreign ministry said.",
                None,
            ),
        ];
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
        if seeds.is_dir() {
            docs.extend(
                outpost_source::read_all(&[seeds.display().to_string()]).filter_map(|d| d.ok()),
            );
        } else {
            eprintln!(
                "{} is not here: testing on written articles only",
                seeds.display()
            );
        }
        docs.iter()
            .filter_map(|d| pipeline.analyze(d).ok())
            .collect()
    }

    #[test]
    fn streamed_slim_collection_equals_the_whole_one() {
        let pipeline = Pipeline::new().unwrap();
        let articles = articles(&pipeline);
        assert!(articles.iter().any(|a| a.extracted.published.is_none()));
        let mut store = SqliteStore::open_in_memory().unwrap();
        store.put_articles(&articles, &[]).unwrap();
        let whole = pipeline.collect(articles);
        let streamed = pipeline.collect_stored(&store).unwrap();
        assert!(whole.summaries.iter().any(|s| s.published_inferred));
        assert!(!whole.events.is_empty());
        assert_eq!(streamed, whole);
    }

    #[test]
    fn oversized_inputs_and_texts_are_refused_with_their_size() {
        let pipeline = Pipeline::new().unwrap();
        let huge = "Word ".repeat(MAX_INPUT_BYTES / 5 + 1);
        let err = pipeline.analyze(&doc("huge.txt", &huge, None)).unwrap_err();
        assert!(matches!(err, AnalyzeError::InputTooLarge(_)), "{err}");
        assert!(err.to_string().contains("16 MiB limit"), "{err}");
        let long = format!(
            "Title\n\n{}",
            "A sentence of text. ".repeat(MAX_TEXT_BYTES / 20 + 1)
        );
        let err = pipeline.analyze(&doc("long.txt", &long, None)).unwrap_err();
        assert!(matches!(err, AnalyzeError::TextTooLong(_)), "{err}");
    }
}
