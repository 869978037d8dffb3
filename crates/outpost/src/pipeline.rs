//! The pipeline assembled: per-document stages (1–5) and the collection
//! stages (6–7) over everything stored.

use anyhow::Result;
use chrono::NaiveDate;
use outpost_claims::{ClaimComparer, ClaimExtractor};
use outpost_core::{Article, ArticleSummary, CollectionEntity, RawDocument};
use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
use outpost_events::EventCoder;
use outpost_extract::{ExtractError, Extractor};
use outpost_store::CollectionResults;
use outpost_stories::{StoryClusterer, StoryConfig};
use outpost_text::TextAnalyzer;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    pub fn analyze(&self, raw: &RawDocument) -> Result<Article, ExtractError> {
        let extracted = self.extractor.extract(raw)?;
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

    /// Stages 6–7 over the whole collection: duplicates, stories, dates for
    /// undated articles, canonical events, claims, entities.
    pub fn collect(&self, mut articles: Vec<Article>) -> CollectionResults {
        let clustering = StoryClusterer::new(StoryConfig::default()).cluster(&articles);
        let inferred = outpost_stories::infer_dates(&mut articles, &clustering);
        for article in articles.iter_mut().filter(|a| inferred.contains_key(&a.id)) {
            // Re-dated time expressions change which conflict a number is about.
            article.claims = self.claims.statements(article);
        }
        let mut events = outpost_stories::merge_events(&articles, &clustering);
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
            .map(|a| summary(a, &clustering.story_of, &clustering.duplicate_of, &inferred))
            .collect();
        let entities = collection_entities(&articles);
        CollectionResults {
            summaries,
            stories,
            events,
            claims,
            entities,
        }
    }
}

fn summary(
    article: &Article,
    story_of: &HashMap<String, String>,
    duplicate_of: &HashMap<String, String>,
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
        story_id: story_of.get(&article.id).cloned(),
        duplicate_of: duplicate_of.get(&article.id).cloned(),
    }
}

/// Entities across articles, with every surface form seen.
fn collection_entities(articles: &[Article]) -> Vec<CollectionEntity> {
    let mut by_id: BTreeMap<String, (CollectionEntity, BTreeSet<String>, BTreeSet<String>)> =
        BTreeMap::new();
    for article in articles {
        for e in &article.entities {
            let entry = by_id.entry(e.entity.id.clone()).or_insert_with(|| {
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
    by_id
        .into_values()
        .map(|(mut entity, aliases, article_ids)| {
            entity.aliases = aliases.into_iter().collect();
            entity.article_ids = article_ids.into_iter().collect();
            entity
        })
        .collect()
}
