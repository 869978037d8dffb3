//! Story clustering: articles about the same development, across outlets and days.
//!
//! Two steps, both incremental in spirit. First a single pass in date order
//! (undated articles last): each article joins the most similar open story
//! above `similarity_threshold`, or starts its own. Similarity is a weighted
//! mean of three signals, each used only when both sides have it: the TF-IDF
//! cosine with the story (its centroid, or the mean over its members with
//! `average_link`), the best Jaccard of people/organisation/place ids with a
//! recent member's, and likewise for event types. The TF-IDF vector holds
//! words, optionally numbers (years, tolls, magnitudes) and capitalised
//! names and name pairs found without any pack. Candidate stories come from
//! an inverted index over the article's heaviest terms and its entities, so
//! an article is never scored against every story.
//!
//! Then, with `consolidate`, stories that share heavy terms merge, closest
//! first, while the mean cosine between their members reaches
//! `merge_threshold` and their dates are within the window: average-link
//! agglomeration restricted to candidate pairs, which undoes the order
//! dependence of the single pass. The defaults (tuned on the ECB+ train and
//! dev splits) let the single pass start a story per article and leave the
//! grouping to this step. A run over new articles only needs to revisit the
//! stories they touched and those stories' candidates.

use crate::config::StoryConfig;
use crate::dedup::{
    find_duplicates, sorted_jaccard, DocMeta, DuplicateSettings, Duplicates, MinHasher,
};
use crate::words::{for_each_name, for_each_word, mix64, stopword_hashes, HashMap64, HashSet64};
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
    /// Article id → id of the earlier article of the same outlet that it
    /// re-issues with changes (a wire update: revised headline, added
    /// paragraphs). Updates are not copies and are absent from
    /// `duplicate_of`; they join the story of the article they update.
    pub update_of: HashMap<String, String>,
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

/// The story a possibly merged story now lives in.
fn find(root: &[usize], mut s: usize) -> usize {
    while root[s] != s {
        s = root[s];
    }
    s
}

impl<'a> StoryState<'a> {
    fn empty() -> Self {
        StoryState {
            centroid: HashMap64::default(),
            norm_sq: 0.0,
            members: Vec::new(),
            compared: Vec::new(),
            first_date: None,
            last_date: None,
            indexed_entities: HashSet::new(),
        }
    }

    fn with_dates(mut self, other: &StoryState) -> Self {
        self.first_date = other.first_date;
        self.last_date = other.last_date;
        self
    }

    /// Mean cosine between the members of two stories (each member vector
    /// is unit length, so it is the centroid dot product over both sizes).
    fn average_link(&self, other: &StoryState) -> f32 {
        let (small, large) = if self.centroid.len() <= other.centroid.len() {
            (self, other)
        } else {
            (other, self)
        };
        let pairs = (self.compared.len() * other.compared.len()) as f32;
        if pairs == 0.0 {
            return 0.0;
        }
        let dot: f32 = small
            .centroid
            .iter()
            .filter_map(|(t, w)| large.centroid.get(t).map(|c| c * w))
            .sum();
        dot / pairs
    }

    fn absorb(&mut self, other: StoryState<'a>) {
        self.members.extend(other.members);
        self.compared.extend(other.compared);
        let terms: Vec<(u64, f32)> = other.centroid.into_iter().collect();
        self.add_vector(&terms);
        self.add_date(other.first_date);
        self.add_date(other.last_date);
        self.indexed_entities.extend(other.indexed_entities);
    }
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

    /// Cosine with the centroid, or with `average`, the mean cosine with
    /// the members.
    fn cosine(&self, terms: &[(u64, f32)], average: bool) -> f32 {
        if self.norm_sq <= 0.0 {
            return 0.0;
        }
        let dot: f32 = terms
            .iter()
            .filter_map(|(t, w)| self.centroid.get(t).map(|c| c * w))
            .sum();
        if average {
            dot / self.compared.len().max(1) as f32
        } else {
            dot / self.norm_sq.sqrt()
        }
    }
}

/// Salts that keep name and name-pair terms apart from plain words.
const NAME_SALT: u64 = 0x6a09_e667_f3bc_c908;
const PAIR_SALT: u64 = 0xbb67_ae85_84ca_a73b;

/// Postings longer than this in the consolidation index are skipped: a term
/// heavy in that many stories does not tell them apart, and skipping it keeps
/// the pass near-linear.
const MAX_CONSOLIDATION_POSTINGS: usize = 64;

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

    fn settings(&self) -> DuplicateSettings {
        DuplicateSettings {
            band_rows: self.config.band_rows,
            threshold: self.config.near_duplicate_threshold,
            update_threshold: self.config.update_threshold,
            update_containment: self.config.update_containment,
            update_window_days: self.config.update_window_days,
        }
    }

    /// Exact and near copies and wire updates among `texts` alone, taken in
    /// input order as time order (the first of a group of copies is the
    /// original). `meta` gives each text's headline, outlet and date, or is
    /// empty when there are none.
    pub fn duplicates(&self, texts: &[&str], meta: &[DocMeta]) -> Duplicates {
        let rank: Vec<usize> = (0..texts.len()).collect();
        let meta = if meta.len() == texts.len() {
            meta.to_vec()
        } else {
            vec![DocMeta::default(); texts.len()]
        };
        find_duplicates(texts, &meta, &rank, &self.hasher, self.settings())
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
        let meta: Vec<DocMeta> = unique.iter().map(|a| meta_of(a)).collect();
        let Duplicates {
            copy_of: copies,
            update_of,
        } = find_duplicates(&texts, &meta, &rank, &self.hasher, self.settings());
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
        // A story merged into another points at it; roots point at themselves.
        let mut root: Vec<usize> = Vec::new();

        for (step, &p) in order.iter().enumerate() {
            let date = unique[p].extracted.published;
            let mut scored: Vec<(f32, usize)> = Vec::new();
            let joined = if let Some(original) = copies[p].or(update_of[p]) {
                Some(find(&root, story_index[original]))
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
                        postings.retain(|&s| in_window(&stories[find(&root, s)]));
                    }
                    for &s in postings.iter() {
                        let s = find(&root, s);
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
                    scored.push((score, s));
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
                    root.push(stories.len() - 1);
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
            // The new member may bridge its story with another that was
            // only one article short of it: merge them when the two stories,
            // as wholes, are close enough (average link of their texts).
            if self.config.merge_threshold <= 1.0 {
                let floor = self.config.similarity_threshold * 0.5;
                for &(score, t) in &scored {
                    let (s, t) = (find(&root, s), find(&root, t));
                    if s == t || score < floor {
                        continue;
                    }
                    if stories[s].average_link(&stories[t]) >= self.config.merge_threshold {
                        let taken = std::mem::replace(&mut stories[t], StoryState::empty());
                        stories[s].absorb(taken);
                        root[t] = s;
                    }
                }
            }
        }
        if self.config.consolidate && self.config.merge_threshold <= 1.0 {
            self.consolidate(&mut stories, &mut root);
        }
        for s in story_index.iter_mut() {
            *s = find(&root, *s);
        }

        let mut clustering = Clustering::default();
        for (p, original) in copies.iter().enumerate() {
            if let Some(o) = original {
                clustering
                    .duplicate_of
                    .insert(unique[p].id.clone(), unique[*o].id.clone());
            }
        }
        for (p, earlier) in update_of.iter().enumerate() {
            if let Some(e) = earlier {
                clustering
                    .update_of
                    .insert(unique[p].id.clone(), unique[*e].id.clone());
            }
        }
        for (index, state) in stories.iter().enumerate() {
            if root[index] != index || state.members.is_empty() {
                continue;
            }
            let mut members = state.members.clone();
            members.sort_by_key(|&m| rank[m]);
            let state = StoryState {
                members,
                ..StoryState::empty()
            }
            .with_dates(state);
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

    /// Merges stories, closest pairs first, while the mean cosine between
    /// their members reaches `merge_threshold` and their dates are within
    /// the window. Only stories that share one of their heaviest centroid
    /// terms are compared, so each round is near-linear; rounds repeat
    /// (a story merges at most once a round) until nothing merges.
    fn consolidate(&self, stories: &mut [StoryState], root: &mut [usize]) {
        let c = &self.config;
        for _round in 0..32 {
            let live: Vec<usize> = (0..stories.len())
                .filter(|&s| root[s] == s && !stories[s].compared.is_empty())
                .collect();
            let mut index: HashMap64<Vec<usize>> = HashMap64::default();
            let mut heaviest: Vec<Vec<u64>> = vec![Vec::new(); stories.len()];
            for &s in &live {
                let mut terms: Vec<(u64, f32)> =
                    stories[s].centroid.iter().map(|(t, w)| (*t, *w)).collect();
                let k = c.candidate_terms.min(terms.len());
                if k == 0 {
                    continue;
                }
                terms.select_nth_unstable_by(k - 1, |x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                terms.truncate(k);
                for &(t, _) in &terms {
                    index.entry(t).or_default().push(s);
                }
                heaviest[s] = terms.into_iter().map(|(t, _)| t).collect();
            }
            let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
            let mut stamp = vec![usize::MAX; stories.len()];
            for &s in &live {
                for t in &heaviest[s] {
                    let Some(postings) = index.get(t) else {
                        continue;
                    };
                    if postings.len() > MAX_CONSOLIDATION_POSTINGS {
                        continue;
                    }
                    for &o in postings {
                        if o <= s || stamp[o] == s {
                            continue;
                        }
                        stamp[o] = s;
                        if !self.dates_close(&stories[s], &stories[o]) {
                            continue;
                        }
                        let score = stories[s].average_link(&stories[o]);
                        if score >= c.merge_threshold {
                            pairs.push((score, s, o));
                        }
                    }
                }
            }
            if pairs.is_empty() {
                return;
            }
            pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
            let mut touched = vec![false; stories.len()];
            for (_, s, o) in pairs {
                if touched[s] || touched[o] {
                    continue;
                }
                touched[s] = true;
                touched[o] = true;
                let taken = std::mem::replace(&mut stories[o], StoryState::empty());
                stories[s].absorb(taken);
                root[o] = s;
            }
        }
    }

    /// Whether two stories' date ranges come within the window (undated
    /// stories are close to every story).
    fn dates_close(&self, a: &StoryState, b: &StoryState) -> bool {
        match (a.first_date, a.last_date, b.first_date, b.last_date) {
            (Some(af), Some(al), Some(bf), Some(bl)) => {
                let gap = if al < bf {
                    (bf - al).num_days()
                } else if bl < af {
                    (af - bl).num_days()
                } else {
                    0
                };
                gap <= self.config.window_days
            }
            _ => true,
        }
    }

    fn similarity(&self, f: &Features, story: &StoryState, features: &[Option<Features>]) -> f32 {
        let c = &self.config;
        let mut sum = c.text_weight * story.cosine(&f.terms, c.average_link);
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
            let numeric_weight = self.config.numeric_weight;
            let mut add = |text: &str, weight: f32| {
                for_each_word(text, |w| {
                    if w.numeric {
                        if numeric_weight > 0.0 {
                            *tf.entry(w.hash).or_insert(0.0) += weight * numeric_weight;
                        }
                    } else if w.chars >= 2 && !self.stopwords.contains(&w.hash) {
                        *tf.entry(w.hash).or_insert(0.0) += weight;
                    }
                })
            };
            if let Some(title) = &a.extracted.title {
                add(title, title_weight);
            }
            add(&a.extracted.text, 1.0);
            let name_weight = self.config.name_weight;
            if name_weight > 0.0 {
                // Names are extra terms in their own hash space, so that
                // "Reid" the name and "reid" the word are weighed apart, and
                // a pair of names ("Tara Reid") counts once more.
                for_each_name(&a.extracted.text, |name| {
                    *tf.entry(mix64(name.hash ^ NAME_SALT)).or_insert(0.0) += name_weight;
                    if let Some(previous) = name.previous {
                        let pair = mix64(previous.rotate_left(23) ^ name.hash ^ PAIR_SALT);
                        *tf.entry(pair).or_insert(0.0) += name_weight;
                    }
                });
            }
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

fn meta_of(a: &Article) -> DocMeta<'_> {
    DocMeta {
        title: a.extracted.title.as_deref(),
        outlet: a.extracted.outlet.as_deref(),
        published: a.extracted.published,
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
