//! Story clustering: articles about the same development, across outlets and days.
//!
//! Single pass, in date order (undated articles last), so that a later
//! incremental run can feed new articles to the same procedure. Each
//! article joins the most similar open story or starts its own. Similarity
//! is a weighted mean of three signals, each used only when both sides have
//! it: the cosine of the article's TF-IDF vector with the story centroid,
//! the best Jaccard of its people/organisation/place ids with a recent
//! member's, and likewise for event types. Candidate stories come from an
//! inverted index over the article's heaviest terms and its entities, so an
//! article is never scored against every story.

use crate::config::StoryConfig;
use crate::dedup::{find_duplicates, sorted_jaccard, MinHasher};
use crate::words::{for_each_word, stopword_hashes, HashMap64, HashSet64};
use chrono::NaiveDate;
use outpost_core::{Article, EntityKind, Story};
use std::collections::{HashMap, HashSet};

/// Groups articles into stories and marks copies.
#[derive(Debug, Clone)]
pub struct StoryClusterer {
    config: StoryConfig,
    hasher: MinHasher,
    stopwords: HashSet64,
}

/// The result of [`StoryClusterer::cluster`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clustering {
    /// Article id → id of the article it copies (the earliest of its copies,
    /// by publication date, then input order). Originals are absent.
    pub duplicate_of: HashMap<String, String>,
    /// Article id → story id, for every article.
    pub story_of: HashMap<String, String>,
    /// The stories, by first date (undated last), then id. `event_ids` is
    /// left empty: events are merged later by [`crate::merge_events`].
    pub stories: Vec<Story>,
}

/// What similarity looks at in one article.
struct Features<'a> {
    /// L2-normalised TF-IDF weights, sorted by term.
    terms: Vec<(u64, f32)>,
    /// The heaviest terms, for candidate lookup.
    top_terms: Vec<u64>,
    /// Sorted distinct ids of its people, organisations and places.
    entities: Vec<&'a str>,
    /// Sorted distinct event types.
    event_types: Vec<&'a str>,
}

struct StoryState<'a> {
    centroid: HashMap64<f32>,
    norm_sq: f32,
    /// Members in joining order (positions into the unique-article list).
    members: Vec<usize>,
    /// Members with features (not duplicates), latest last.
    compared: Vec<usize>,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    /// Entities already in the entity indexes for this story.
    indexed_entities: HashSet<&'a str>,
}

impl StoryState<'_> {
    fn add_vector(&mut self, terms: &[(u64, f32)]) {
        for &(term, weight) in terms {
            let slot = self.centroid.entry(term).or_insert(0.0);
            let old = *slot;
            *slot += weight;
            self.norm_sq += (old + weight) * (old + weight) - old * old;
        }
    }

    fn add_date(&mut self, date: Option<NaiveDate>) {
        if let Some(d) = date {
            self.first_date = Some(self.first_date.map_or(d, |f| f.min(d)));
            self.last_date = Some(self.last_date.map_or(d, |l| l.max(d)));
        }
    }

    fn cosine(&self, terms: &[(u64, f32)]) -> f32 {
        if self.norm_sq <= 0.0 {
            return 0.0;
        }
        let dot: f32 = terms
            .iter()
            .filter_map(|(t, w)| self.centroid.get(t).map(|c| c * w))
            .sum();
        dot / self.norm_sq.sqrt()
    }
}

/// `s-` and the first 12 hex digits of the BLAKE3 hash of the first article's id.
pub fn story_id(first_article_id: &str) -> String {
    format!(
        "s-{}",
        &blake3::hash(first_article_id.as_bytes()).to_hex()[..12]
    )
}

impl StoryClusterer {
    /// A clusterer with `config`, clamped into range (see [`StoryConfig::validated`]).
    pub fn new(config: StoryConfig) -> Self {
        let config = config.validated();
        let hasher = MinHasher::new(config.num_hashes, config.shingle_size);
        StoryClusterer {
            config,
            hasher,
            stopwords: stopword_hashes(),
        }
    }

    /// The settings in use.
    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    /// Marks duplicates and assigns every article to exactly one story.
    ///
    /// An id seen twice is the same content twice: the later occurrence is
    /// ignored.
    pub fn cluster(&self, articles: &[Article]) -> Clustering {
        let mut seen_ids = HashSet::new();
        let unique: Vec<&Article> = articles
            .iter()
            .filter(|a| seen_ids.insert(a.id.as_str()))
            .collect();
        let n = unique.len();

        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&p| {
            (
                unique[p].extracted.published.is_none(),
                unique[p].extracted.published,
                p,
            )
        });
        let mut rank = vec![0usize; n];
        for (r, &p) in order.iter().enumerate() {
            rank[p] = r;
        }

        let texts: Vec<&str> = unique.iter().map(|a| a.extracted.text.as_str()).collect();
        let copies = find_duplicates(
            &texts,
            &rank,
            &self.hasher,
            self.config.band_rows,
            self.config.near_duplicate_threshold,
        );
        let features = self.features(&unique, &copies);

        let mut stories: Vec<StoryState> = Vec::new();
        let mut story_index = vec![usize::MAX; n];
        // Open stories for dated articles, pruned as they fall out of the window…
        let mut open_by_term: HashMap64<Vec<usize>> = HashMap64::default();
        let mut open_by_entity: HashMap<&str, Vec<usize>> = HashMap::new();
        // …and every story, for undated articles, which ignore the window.
        let mut all_by_term: HashMap64<Vec<usize>> = HashMap64::default();
        let mut all_by_entity: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut stamp = vec![usize::MAX; 0];

        for (step, &p) in order.iter().enumerate() {
            let date = unique[p].extracted.published;
            let joined = if let Some(original) = copies[p] {
                Some(story_index[original])
            } else if let Some(f) = &features[p] {
                stamp.resize(stories.len(), usize::MAX);
                let mut candidates = Vec::new();
                let (by_term, by_entity) = if date.is_some() {
                    (&mut open_by_term, &mut open_by_entity)
                } else {
                    (&mut all_by_term, &mut all_by_entity)
                };
                let in_window = |s: &StoryState| match (date, s.last_date) {
                    (Some(d), Some(last)) => (d - last).num_days().abs() <= self.config.window_days,
                    _ => true,
                };
                let mut gather = |postings: &mut Vec<usize>| {
                    if date.is_some() {
                        postings.retain(|&s| in_window(&stories[s]));
                    }
                    for &s in postings.iter() {
                        if stamp[s] != step {
                            stamp[s] = step;
                            candidates.push(s);
                        }
                    }
                };
                for term in &f.top_terms {
                    if let Some(postings) = by_term.get_mut(term) {
                        gather(postings);
                    }
                }
                for entity in &f.entities {
                    if let Some(postings) = by_entity.get_mut(entity) {
                        gather(postings);
                    }
                }
                candidates.sort_unstable();
                let mut best: Option<(f32, usize)> = None;
                for s in candidates {
                    let score = self.similarity(f, &stories[s], &features);
                    if score >= self.config.similarity_threshold
                        && best.is_none_or(|(b, _)| score > b)
                    {
                        best = Some((score, s));
                    }
                }
                best.map(|(_, s)| s)
            } else {
                None
            };

            let s = match joined {
                Some(s) if s != usize::MAX => s,
                _ => {
                    stories.push(StoryState {
                        centroid: HashMap64::default(),
                        norm_sq: 0.0,
                        members: Vec::new(),
                        compared: Vec::new(),
                        first_date: None,
                        last_date: None,
                        indexed_entities: HashSet::new(),
                    });
                    stories.len() - 1
                }
            };
            story_index[p] = s;
            let story = &mut stories[s];
            story.members.push(p);
            story.add_date(date);
            if let Some(f) = &features[p] {
                story.compared.push(p);
                for &(term, _) in &f.terms {
                    if !story.centroid.contains_key(&term) {
                        open_by_term.entry(term).or_default().push(s);
                        all_by_term.entry(term).or_default().push(s);
                    }
                }
                story.add_vector(&f.terms);
                for &entity in &f.entities {
                    if story.indexed_entities.insert(entity) {
                        open_by_entity.entry(entity).or_default().push(s);
                        all_by_entity.entry(entity).or_default().push(s);
                    }
                }
            }
        }

        let mut clustering = Clustering::default();
        for (p, original) in copies.iter().enumerate() {
            if let Some(o) = original {
                clustering
                    .duplicate_of
                    .insert(unique[p].id.clone(), unique[*o].id.clone());
            }
        }
        for state in &stories {
            let first = unique[state.members[0]];
            let id = story_id(&first.id);
            let mut outlets: Vec<String> = state
                .members
                .iter()
                .filter_map(|&m| unique[m].extracted.outlet.clone())
                .collect();
            outlets.sort();
            outlets.dedup();
            let title = state
                .members
                .iter()
                .find_map(|&m| {
                    unique[m]
                        .extracted
                        .title
                        .clone()
                        .filter(|t| !t.trim().is_empty())
                })
                .unwrap_or_default();
            for &m in &state.members {
                clustering.story_of.insert(unique[m].id.clone(), id.clone());
            }
            clustering.stories.push(Story {
                id,
                title,
                first_date: state.first_date,
                last_date: state.last_date,
                article_ids: state
                    .members
                    .iter()
                    .map(|&m| unique[m].id.clone())
                    .collect(),
                outlets,
                event_ids: Vec::new(),
            });
        }
        clustering.stories.sort_by(|a, b| {
            (a.first_date.is_none(), a.first_date, &a.id).cmp(&(
                b.first_date.is_none(),
                b.first_date,
                &b.id,
            ))
        });
        clustering
    }

    fn similarity(&self, f: &Features, story: &StoryState, features: &[Option<Features>]) -> f32 {
        let c = &self.config;
        let mut sum = c.text_weight * story.cosine(&f.terms);
        let mut weight = c.text_weight;
        let recent = &story.compared[story.compared.len().saturating_sub(c.member_comparisons)..];
        let recent = || recent.iter().filter_map(|&m| features[m].as_ref());
        if !f.entities.is_empty() && recent().any(|m| !m.entities.is_empty()) {
            let best = recent()
                .map(|m| sorted_jaccard(&f.entities, &m.entities))
                .fold(0.0, f64::max);
            sum += c.entity_weight * best as f32;
            weight += c.entity_weight;
        }
        if !f.event_types.is_empty() && recent().any(|m| !m.event_types.is_empty()) {
            let best = recent()
                .map(|m| sorted_jaccard(&f.event_types, &m.event_types))
                .fold(0.0, f64::max);
            sum += c.event_weight * best as f32;
            weight += c.event_weight;
        }
        if weight > 0.0 {
            sum / weight
        } else {
            0.0
        }
    }

    /// Features of every original; `None` for copies, which simply follow
    /// their original.
    fn features<'a>(
        &self,
        articles: &[&'a Article],
        copies: &[Option<usize>],
    ) -> Vec<Option<Features<'a>>> {
        let title_weight = self.config.title_weight;
        let mut counts: Vec<Option<HashMap64<f32>>> = Vec::with_capacity(articles.len());
        let mut term_df: HashMap64<u32> = HashMap64::default();
        let mut entity_df: HashMap<&str, u32> = HashMap::new();
        let mut originals = 0usize;
        for (a, copy) in articles.iter().zip(copies) {
            if copy.is_some() {
                counts.push(None);
                continue;
            }
            originals += 1;
            let mut tf: HashMap64<f32> = HashMap64::default();
            let mut add = |text: &str, weight: f32| {
                for_each_word(text, |w| {
                    if w.chars >= 2 && !w.numeric && !self.stopwords.contains(&w.hash) {
                        *tf.entry(w.hash).or_insert(0.0) += weight;
                    }
                })
            };
            if let Some(title) = &a.extracted.title {
                add(title, title_weight);
            }
            add(&a.extracted.text, 1.0);
            for term in tf.keys() {
                *term_df.entry(*term).or_insert(0) += 1;
            }
            for id in story_entities(a) {
                *entity_df.entry(id).or_insert(0) += 1;
            }
            counts.push(Some(tf));
        }

        let frequent_cutoff = if originals >= self.config.frequent_entity_min_articles {
            self.config.frequent_entity_share as f64 * originals as f64
        } else {
            f64::INFINITY
        };
        let n = originals as f32;
        articles
            .iter()
            .zip(counts)
            .map(|(a, tf)| {
                let tf = tf?;
                let mut terms: Vec<(u64, f32)> = tf
                    .into_iter()
                    .map(|(term, count)| {
                        let df = term_df.get(&term).copied().unwrap_or(1) as f32;
                        (
                            term,
                            (1.0 + count).ln() * (((1.0 + n) / (1.0 + df)).ln() + 1.0),
                        )
                    })
                    .collect();
                let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                if norm > 0.0 {
                    terms.iter_mut().for_each(|(_, w)| *w /= norm);
                }
                let mut heaviest = terms.clone();
                heaviest.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                let top_terms = heaviest
                    .iter()
                    .take(self.config.candidate_terms)
                    .map(|(t, _)| *t)
                    .collect();
                terms.sort_unstable_by_key(|(t, _)| *t);
                let mut entities: Vec<&str> = story_entities(a)
                    .filter(|id| {
                        (entity_df.get(id).copied().unwrap_or(0) as f64) <= frequent_cutoff
                    })
                    .collect();
                entities.sort_unstable();
                entities.dedup();
                let mut event_types: Vec<&str> =
                    a.events.iter().map(|e| e.event_type.as_str()).collect();
                event_types.sort_unstable();
                event_types.dedup();
                Some(Features {
                    terms,
                    top_terms,
                    entities,
                    event_types,
                })
            })
            .collect()
    }
}

impl Default for StoryClusterer {
    fn default() -> Self {
        StoryClusterer::new(StoryConfig::default())
    }
}

/// Distinct ids of the people, organisations and places an article names
/// (countries are too broad to tell stories apart).
fn story_entities(article: &Article) -> impl Iterator<Item = &str> {
    let mut seen = HashSet::new();
    article
        .entities
        .iter()
        .filter(|e| {
            matches!(
                e.entity.kind,
                EntityKind::Person | EntityKind::Organisation | EntityKind::Place
            )
        })
        .map(|e| e.entity.id.as_str())
        .filter(move |id| seen.insert(*id))
}
