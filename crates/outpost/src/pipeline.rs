//! The pipeline assembled: per-document stages (1–5) and the collection
//! stages (6–7) over everything stored.
//!
//! The collection stages need every article at once, so what they hold per
//! article decides how large a collection fits in memory.
//! [`Collection::collect_stored`] streams the store twice: once keeping of
//! each article what story clustering reads ([`for_clustering`]), then, with
//! the clustering done and that dropped, keeping what date inference, event
//! merging and claim comparison read ([`for_events`]) and folding entities
//! into the collection's entity table. `Collection::collect` (kept for tests)
//! over whole articles gives the same results (a test holds the two
//! together). [`Pipeline::into_collection`] drops the per-document stages
//! before a large collection is grouped.

use anyhow::Result;
use chrono::NaiveDate;
use outpost_claims::{ClaimComparer, ClaimExtractor};
use outpost_core::{
    Article, ArticleSummary, CollectionEntity, EntityKind, EventMention, RawDocument,
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

#[cfg(feature = "embeddings")]
fn events_with_embeddings() -> Result<EventCoder> {
    Ok(EventCoder::embedded_with_embeddings()?)
}

#[cfg(not(feature = "embeddings"))]
fn events_with_embeddings() -> Result<EventCoder> {
    anyhow::bail!(
        "--embeddings: this outpost was built without sentence embeddings; build it with \
         `cargo install --path crates/outpost --features embeddings` and run \
         scripts/setup-mpnet.sh once"
    )
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
    /// Builds the stages over the embedded theater pack, gazetteer and
    /// lexicons, with the events stage reading sentence embeddings too when
    /// `embeddings` is set: an error when this build or this machine has no
    /// sentence encoder (nothing is downloaded).
    pub fn build(embeddings: bool) -> Result<Self> {
        let events = if embeddings {
            events_with_embeddings()?
        } else {
            EventCoder::embedded()?
        };
        let gazetteer = Gazetteer::embedded();
        Ok(Pipeline {
            extractor: Extractor::new(),
            text: TextAnalyzer::new(),
            entities: EntityResolver::new(TheaterPack::embedded(), gazetteer),
            events,
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
        // Offices named without a name resolve to whoever held them that day.
        let day = article
            .extracted
            .published
            .map(|d| d.format("%Y-%m-%d").to_string());
        article.entities = self.entities.resolve_on(
            &article.extracted.text,
            &article.annotations,
            day.as_deref(),
        );
        article.events = self.events.code(&article);
        article.claims = self.claims.statements(&article);
        Ok(article)
    }

    /// Stages 6–7 over everything in `store`: [`Collection::collect_stored`]
    /// with this pipeline's claim extractor.
    pub fn collect_stored<S: Store>(&self, store: &S) -> outpost_store::Result<CollectionResults> {
        Collection::with_claims(&self.claims).collect_stored(store)
    }

    /// The collection stages alone, keeping the claim extractor and dropping
    /// the rest (gazetteer, lexicons, models and the per-thread regex caches
    /// the per-document stages filled): a large collection then has that
    /// memory to itself.
    pub fn into_collection(self) -> Collection<'static> {
        Collection {
            claims: std::borrow::Cow::Owned(self.claims),
        }
    }
}

/// The collection stages (6–7), which need of the pipeline only the claim
/// extractor (claims are re-extracted for articles whose date is inferred).
pub struct Collection<'a> {
    claims: std::borrow::Cow<'a, ClaimExtractor>,
}

impl<'a> Collection<'a> {
    fn with_claims(claims: &'a ClaimExtractor) -> Self {
        Collection {
            claims: std::borrow::Cow::Borrowed(claims),
        }
    }

    /// Stages 6–7 over whole articles held in memory: duplicates, stories,
    /// dates for undated articles, canonical events, claims, entities. The
    /// reference that [`Self::collect_stored`] is tested against.
    #[cfg(test)]
    pub fn collect(&self, articles: Vec<Article>) -> CollectionResults {
        let mut entities = EntityTable::default();
        articles.iter().for_each(|a| entities.add(a));
        self.collect_with(articles, entities.finish())
    }

    /// Stages 6–7 over everything in `store`, in bounded memory per article
    /// (see the module documentation); the same results as `Self::collect`
    /// over the whole articles.
    ///
    /// Two passes over the store, so that no phase holds what only another
    /// one reads: the first keeps what story clustering reads
    /// ([`for_clustering`]: text, title, outlet, date, entity ids, event
    /// types); the second, once the clustering is done and its input
    /// dropped, keeps what date inference, event merging and claim comparison
    /// read ([`for_events`]: event mentions and claims, no text), re-dating
    /// and re-extracting the claims of an undated article while it is whole,
    /// and folds entities into the collection's entity table.
    ///
    /// Clustering is incremental: an article an earlier run placed is put
    /// back in its story ([`outpost_stories::StoryIndex::restore`]) and only
    /// the articles stored since are clustered, as one batch.
    pub fn collect_stored<S: Store>(&self, store: &S) -> outpost_store::Result<CollectionResults> {
        // Sized up front: growing by doubling would hold two copies at once.
        let count = store.article_count()?;
        let config = StoryConfig::default();
        let decided = decided_stories(store)?;
        let mut index = StoryClusterer::new(config.clone()).index();
        // Stored order kept: (position, article) for the placed ones, the
        // rest apart so that they go to the clusterer as one batch.
        let mut placed = Vec::with_capacity(count);
        let mut new = Vec::new();
        let mut new_positions = Vec::new();
        store.for_each_article(&mut |article| {
            let position = placed.len() + new.len();
            let mut article = for_clustering(article, &config);
            match decided.get(&article.id) {
                Some(d) => {
                    index.restore(
                        &article,
                        &d.story,
                        d.duplicate_of.as_deref(),
                        d.update_of.as_deref(),
                    );
                    // The index holds what it needs of the text now.
                    article.extracted.text = String::new();
                    placed.push((position, article));
                }
                None => {
                    new_positions.push(position);
                    new.push(article);
                }
            }
        })?;
        drop(decided);
        trace::mark("reading for clustering, restoring decided stories");
        // Near copies and updates of stored articles are judged on both
        // texts, as within one batch: a resumed ingest stores what one
        // clean run would.
        index.add_batch_with(&new, &|id| store.article(id).ok().flatten());
        let mut articles = Vec::with_capacity(count);
        let mut new = new_positions.into_iter().zip(new).peekable();
        for (position, article) in placed {
            while let Some((_, a)) = new.next_if(|(p, _)| *p < position) {
                articles.push(a);
            }
            articles.push(article);
        }
        articles.extend(new.map(|(_, a)| a));
        let clustering = index.clustering(&articles);
        drop(index);
        trace::mark("story clustering");
        // Anchors only need each article's date and story.
        let inferred = outpost_stories::infer_dates(&mut articles, &clustering);
        drop(articles);
        trace::mark("date inference");

        let mut entities = EntityTable::default();
        let mut articles = Vec::with_capacity(count);
        store.for_each_article(&mut |mut article| {
            entities.add(&article);
            if let Some(&anchor) = inferred.get(&article.id) {
                outpost_stories::redate(&mut article, anchor);
                // Re-dated time expressions change which conflict a number is about.
                article.claims = self.claims.statements(&article);
            }
            articles.push(for_events(article));
        })?;
        trace::mark("reading for events");
        Ok(self.finish(articles, entities.finish(), clustering, inferred))
    }

    /// The collection stages over whole `articles` and the entity table built
    /// from them.
    #[cfg(test)]
    fn collect_with(
        &self,
        mut articles: Vec<Article>,
        entities: Vec<CollectionEntity>,
    ) -> CollectionResults {
        let clustering = StoryClusterer::new(StoryConfig::default()).cluster(&articles);
        let inferred = outpost_stories::infer_dates(&mut articles, &clustering);
        for article in articles.iter_mut() {
            if inferred.contains_key(&article.id) {
                // Re-dated time expressions change which conflict a number is about.
                article.claims = self.claims.statements(article);
            }
        }
        self.finish(articles, entities, clustering, inferred)
    }

    /// Event merging, claim comparison, stories and summaries, once
    /// `articles` are clustered and re-dated.
    fn finish(
        &self,
        mut articles: Vec<Article>,
        entities: Vec<CollectionEntity>,
        clustering: outpost_stories::Clustering,
        inferred: HashMap<String, NaiveDate>,
    ) -> CollectionResults {
        // Each mention's sentence moves into its canonical event instead of
        // being copied there: on a large collection the sentences are most
        // of what this phase holds.
        let sentences = take_mention_sentences(&mut articles);
        let mut events = outpost_stories::merge_events(&articles, &clustering);
        put_mention_sentences(&articles, &mut events, sentences);
        trace::mark("event merging");
        let claims = ClaimComparer::default().compare(&articles, &events, &clustering.duplicate_of);
        trace::mark("claim comparison");

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
        trace::mark("stories and summaries");
        CollectionResults {
            summaries,
            stories,
            events,
            claims,
            entities,
        }
    }
}

/// Where a mention's sentence is: its article's position and the
/// mention's span (mentions of one sentence share it).
type SentenceKey = (usize, usize, usize);

/// Takes the sentence of every event mention out of `articles`, one copy
/// per article and span.
fn take_mention_sentences(articles: &mut [Article]) -> HashMap<SentenceKey, String> {
    let mut sentences = HashMap::new();
    for (a, article) in articles.iter_mut().enumerate() {
        for m in &mut article.events {
            let text = std::mem::take(&mut m.text);
            sentences.entry((a, m.start, m.end)).or_insert(text);
        }
    }
    sentences
}

/// Gives each canonical event's mentions their sentences back, moving each
/// sentence into the last mention that names it.
fn put_mention_sentences(
    articles: &[Article],
    events: &mut [outpost_core::CanonicalEvent],
    mut sentences: HashMap<SentenceKey, String>,
) {
    let position: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let key = |m: &outpost_core::MentionRef| {
        position
            .get(m.article_id.as_str())
            .map(|&a| (a, m.start, m.end))
    };
    let mut uses: HashMap<SentenceKey, usize> = HashMap::new();
    for m in events.iter().flat_map(|e| &e.mentions) {
        if let Some(k) = key(m) {
            *uses.entry(k).or_insert(0) += 1;
        }
    }
    for m in events.iter_mut().flat_map(|e| &mut e.mentions) {
        let Some(k) = key(m) else { continue };
        let left = uses.get_mut(&k).expect("counted above");
        *left -= 1;
        m.sentence = if *left == 0 {
            sentences.remove(&k).unwrap_or_default()
        } else {
            sentences.get(&k).cloned().unwrap_or_default()
        };
    }
}

/// A story decided by an earlier collection run, with the copy or update
/// links that came with it.
struct Decided {
    story: String,
    duplicate_of: Option<String>,
    update_of: Option<String>,
}

/// The story of every stored article that an earlier collection run placed:
/// those keep their story (the clustering is incremental), and only the
/// articles stored since are clustered, against the restored index.
fn decided_stories<S: Store>(store: &S) -> outpost_store::Result<HashMap<String, Decided>> {
    Ok(store
        .summaries()?
        .into_iter()
        .filter_map(|s| {
            let story = s.story_id?;
            Some((
                s.id,
                Decided {
                    story,
                    duplicate_of: s.duplicate_of,
                    update_of: s.update_of,
                },
            ))
        })
        .collect())
}

/// Hands memory freed by earlier phases back to the system. The per-document
/// stages allocate on every core, and glibc keeps what a thread freed in
/// that thread's arena, out of reach of the thread that runs the collection
/// stages; without this, their peaks add up.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: malloc_trim only returns free pages to the kernel; it is
        // thread-safe and touches no memory in use.
        unsafe {
            malloc_trim(0);
        }
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

/// What story clustering with `config` reads of an article, and all the
/// first pass keeps: id, title, text, outlet and date; the ids and kinds of
/// its distinct people, organisations and places, only when entities weigh
/// in the similarity; the types of its event mentions, only when event types
/// do. No annotations, claims, captions or removed boilerplate.
pub fn for_clustering(mut article: Article, config: &StoryConfig) -> Article {
    article.annotations = Default::default();
    article.extracted.captions = Vec::new();
    article.extracted.boilerplate_removed = Vec::new();
    article.claims = Vec::new();
    if config.entity_weight > 0.0 {
        let mut seen = std::collections::HashSet::new();
        article.entities.retain(|e| {
            matches!(
                e.entity.kind,
                EntityKind::Person | EntityKind::Organisation | EntityKind::Place
            ) && seen.insert(e.entity.id.clone())
        });
        for e in &mut article.entities {
            e.mentions = Vec::new();
            e.entity.name = String::new();
            e.entity.country = None;
            e.entity.admin1 = None;
            e.entity.role = None;
        }
        article.entities.shrink_to_fit();
    } else {
        article.entities = Vec::new();
    }
    article.events = if config.event_weight > 0.0 {
        article
            .events
            .into_iter()
            .map(|m| EventMention {
                event_type: m.event_type,
                mode: None,
                acled_event_type: None,
                acled_sub_event_type: None,
                status: m.status,
                date: m.date,
                time_expression: m.time_expression,
                actor1: None,
                actor2: None,
                location: None,
                fatalities: None,
                injured: None,
                casualties_by_side: Vec::new(),
                sentence: m.sentence,
                start: m.start,
                end: m.end,
                text: String::new(),
                trigger: String::new(),
                speaker: None,
                outlet: None,
                salience: m.salience,
            })
            .collect()
    } else {
        Vec::new()
    };
    article
}

/// What date inference, event merging, claim comparison and the summaries
/// read of an article, and all the second pass keeps: id, source, title,
/// outlet, date, event mentions (with their sentences) and claims. No text:
/// clustering is done by then.
pub fn for_events(mut article: Article) -> Article {
    article.annotations = Default::default();
    article.extracted.text = String::new();
    article.extracted.captions = Vec::new();
    article.extracted.boilerplate_removed = Vec::new();
    article.entities = Vec::new();
    article
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
    fn streamed_collection_equals_the_whole_one() {
        let pipeline = Pipeline::build(false).unwrap();
        let articles = articles(&pipeline);
        assert!(articles.iter().any(|a| a.extracted.published.is_none()));
        let mut store = SqliteStore::open_in_memory().unwrap();
        store.put_articles(&articles, &[]).unwrap();
        let whole = Collection::with_claims(&pipeline.claims).collect(articles);
        let streamed = pipeline.into_collection().collect_stored(&store).unwrap();
        assert!(whole.summaries.iter().any(|s| s.published_inferred));
        assert!(!whole.events.is_empty());
        // Every mention keeps the sentence it came from.
        for e in &whole.events {
            for m in &e.mentions {
                assert!(!m.sentence.is_empty(), "{}: {m:?}", e.id);
                assert!(m.end > m.start);
            }
        }
        assert_eq!(streamed, whole);
    }

    /// Clustering over what the first pass keeps is clustering over the
    /// whole articles, with the default settings (which read neither
    /// entities nor event types) and with entities and event types weighed.
    #[test]
    fn clustering_reads_nothing_the_first_pass_drops() {
        let pipeline = Pipeline::build(false).unwrap();
        let articles = articles(&pipeline);
        assert!(articles.iter().any(|a| !a.entities.is_empty()));
        assert!(articles.iter().any(|a| !a.events.is_empty()));
        let weighed = StoryConfig {
            entity_weight: 1.0,
            event_weight: 1.0,
            ..StoryConfig::default()
        };
        for config in [StoryConfig::default(), weighed] {
            let kept: Vec<Article> = articles
                .iter()
                .map(|a| for_clustering(a.clone(), &config))
                .collect();
            let clusterer = StoryClusterer::new(config);
            assert_eq!(clusterer.cluster(&kept), clusterer.cluster(&articles));
        }
    }

    /// A second collection run keeps every story the first one decided and
    /// places only the articles stored since: a later report of the same
    /// attack joins its story, a report of something else starts its own.
    #[test]
    fn later_articles_join_stored_stories_without_moving_them() {
        let pipeline = Pipeline::build(false).unwrap();
        let analyze = |d: RawDocument| pipeline.analyze(&d).unwrap();
        let gao = |name: &str, day: &str, dead: &str| {
            analyze(doc(
                name,
                &format!("Checkpoint near Gao shelled\n\nArtillery struck an army checkpoint near Gao on Sunday, killing {dead} soldiers, the army said. Families fled the town of Gao after the shelling of the checkpoint."),
                Some(day),
            ))
        };
        let first = vec![
            gao("a.txt", "2023-03-06", "two"),
            gao("b.txt", "2023-03-06", "three"),
            analyze(doc(
                "c.txt",
                "Ceasefire talks in Bamako\n\nEnvoys met in Bamako on Wednesday to discuss a ceasefire and prisoner exchanges, the foreign ministry said.",
                Some("2023-03-08"),
            )),
        ];
        let mut store = SqliteStore::open_in_memory().unwrap();
        store.put_articles(&first, &[]).unwrap();
        let before = pipeline.collect_stored(&store).unwrap();
        store.replace_collection(&before).unwrap();
        let story_of = |results: &CollectionResults, id: &str| {
            results
                .summaries
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| s.story_id.clone())
                .unwrap()
        };
        assert_eq!(
            story_of(&before, &first[0].id),
            story_of(&before, &first[1].id)
        );
        assert_ne!(
            story_of(&before, &first[0].id),
            story_of(&before, &first[2].id)
        );
        // Nothing new: the same results again.
        assert_eq!(pipeline.collect_stored(&store).unwrap(), before);

        let later = vec![
            gao("d.txt", "2023-03-07", "four"),
            analyze(doc(
                "e.txt",
                "Flooding in Mopti\n\nHeavy rain flooded hundreds of homes in Mopti region this week, the civil protection agency said.",
                Some("2023-03-09"),
            )),
        ];
        store.put_articles(&later, &[]).unwrap();
        let after = pipeline.collect_stored(&store).unwrap();
        for a in &first {
            assert_eq!(story_of(&after, &a.id), story_of(&before, &a.id));
        }
        assert_eq!(
            story_of(&after, &later[0].id),
            story_of(&before, &first[0].id)
        );
        let flood = story_of(&after, &later[1].id);
        assert!(first.iter().all(|a| story_of(&after, &a.id) != flood));
    }

    #[test]
    fn oversized_inputs_and_texts_are_refused_with_their_size() {
        let pipeline = Pipeline::build(false).unwrap();
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

/// With `OUTPOST_TRACE_MEMORY` set, a line on stderr at the end of each
/// phase of an ingest: the resident memory then and its peak during the
/// phase, so that the phase that sets a large collection's peak can be
/// found without a profiler. Off, it reads nothing.
pub(crate) mod trace {
    use std::sync::OnceLock;
    use std::time::Instant;

    fn enabled() -> Option<Instant> {
        static START: OnceLock<Option<Instant>> = OnceLock::new();
        *START.get_or_init(|| std::env::var_os("OUTPOST_TRACE_MEMORY").map(|_| Instant::now()))
    }

    /// `VmRSS`, `RssAnon`, `RssFile` and `VmHWM` in MiB (0 where `/proc` has
    /// none of them).
    fn resident() -> [u64; 4] {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        ["VmRSS:", "RssAnon:", "RssFile:", "VmHWM:"].map(|field| {
            status
                .lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
                .map_or(0, |kib| kib >> 10)
        })
    }

    /// Reports the phase that just ended, then restarts the peak count.
    pub fn mark(phase: &str) {
        let Some(start) = enabled() else { return };
        let [rss, anon, file, peak] = resident();
        eprintln!(
            "outpost: memory after {phase}: {rss} MiB resident ({anon} anonymous, {file} file), peak {peak} MiB during it, {:.1} s in",
            start.elapsed().as_secs_f64()
        );
        // Writing 5 resets VmHWM to the current RSS (Linux 4.0 and later).
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
}
