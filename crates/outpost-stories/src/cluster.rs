//! Story clustering: articles about the same development, across outlets and days.
//!
//! Online and incremental. A [`StoryIndex`] holds, per story, the sum of its
//! members' TF-IDF vectors and an inverted index from each member's heaviest
//! terms to the story; per article it keeps only its id, date, story and a
//! compact MinHash signature for duplicate checks (no text, no term vector).
//! Document frequencies are those of the collection so far.
//!
//! Similarity is a weighted mean over channels (words, numbers, capitalised
//! names and name pairs; optionally entity ids, event types and years) of the
//! mean cosine between two stories' members within the channel: each
//! member's vector is unit length in each channel, so the sums give the
//! average link exactly. A precision guard against two events of one kind
//! (two quakes, two rehab check-ins of different people): once both stories
//! have `conflict_min_members` members, each one's heaviest name that no
//! member of the other ever mentions lowers their similarity.
//!
//! [`StoryIndex::add_batch`] takes new articles: copies and wire updates
//! (of each other or of earlier articles) follow their original's story;
//! every other new article starts as a story of its own; then stories merge
//! by average-link agglomeration, the closest pair first, while their
//! similarity reaches `merge_threshold` (`join_threshold` when one of them
//! is from an earlier batch) and their dates are within the window. Pairs
//! are scored only where one side shares one of its heaviest terms with the
//! other (a term in more than `max_postings` stories in the window looks
//! nothing up, except that an article's `rare_terms` rarest heavy terms
//! always look up the `max_postings` stories listed nearest it in time, so
//! that density alone never leaves an article without candidates), and at
//! least one side must hold only articles of this batch: stories that
//! existed before the batch never merge with each other, so an older
//! article's story never changes (unless `young_members` lets two stories
//! that are both still small merge once one has grown in the batch; off by
//! default, and reported in [`Assignment::renamed`]). Within a batch the grouping does not
//! depend on the order of the articles (up to exact score ties, and to
//! which same-day stories count as nearest on a crowded term).
//! [`StoryClusterer::cluster`] is one batch over an empty index.
//!
//! Cost: each new article is scored against at most `candidate_terms` ×
//! `max_postings` stories, and reads at most 16 × `max_postings` entries of
//! a posting list (sparse dot products over the article's terms);
//! each merge rescores the merged story against its neighbours, and a pair
//! below the threshold is dropped for good (the average link of a merged
//! story is a weighted mean of its parts'), so the work stays near-linear in
//! the number of articles. Posting lists are pruned to the date window after
//! each batch, and a common term's list to its latest 4 × `max_postings`
//! stories.

use crate::config::StoryConfig;
use crate::dedup::{
    band_key, find_duplicates, find_duplicates_keeping, judge_pair, normalised, shingle_set,
    DocMeta, DuplicateSettings, Duplicates, MinHasher, PairVerdict,
};
use crate::words::{for_each_name, for_each_word, mix64, stopword_hashes, HashMap64, HashSet64};
use chrono::NaiveDate;
use outpost_core::{Article, EntityKind, Story};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

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

/// What [`StoryIndex::add_batch`] decided for the articles of one batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assignment {
    /// Article id → story id, for every article of the batch (an article
    /// already in the index keeps its story).
    pub story_of: HashMap<String, String>,
    /// Article id → id of the article it copies, which may be an article
    /// of an earlier batch (then the one indexed first is the original).
    pub duplicate_of: HashMap<String, String>,
    /// Article id → id of the earlier article of the same outlet it
    /// updates, possibly of an earlier batch.
    pub update_of: HashMap<String, String>,
    /// Ids of the stories this batch started, sorted. Every other story in
    /// `story_of` existed before and only gained members.
    pub new_stories: Vec<String>,
    /// Story id → id of the story it was merged into, for stories of
    /// earlier batches that this batch joined together (both still young:
    /// fewer than `young_members` members, see [`StoryConfig`]). Every
    /// article of the first story now belongs to the second; ids already
    /// followed to the end of a chain of merges.
    pub renamed: HashMap<String, String>,
}

/// Incremental story clustering state; see the module documentation.
///
/// Memory: per article, its id, date and story (≈ 40 bytes plus the id),
/// and for originals and updates a 16-bit-per-hash MinHash signature (256
/// bytes at 128 hashes), its LSH bucket entries (8 bytes a band, in one
/// sorted array) and an exact key (16 bytes); per story, the sum of its
/// members' term vectors (12 bytes a distinct term; `max_article_terms`
/// bounds it; copies and updates add nothing); per term, its document
/// frequency and a bounded posting list. While a batch is added, each of
/// its articles' full MinHash signature (4 bytes a hash) is held until the
/// article is placed; term counts are taken twice (once for document
/// frequencies, once when placed) rather than held.
#[derive(Debug, Clone)]
pub struct StoryIndex {
    clusterer: StoryClusterer,
    /// Document frequency of each term among indexed originals.
    df: HashMap64<u32>,
    originals: u32,
    articles: Vec<Record>,
    /// Hash of an article id → its record (checked against the stored id).
    by_id: HashMap64<u32>,
    nodes: Vec<Node>,
    /// A node merged into another points at it; roots point at themselves.
    root: Vec<u32>,
    /// Hash of a story id → its node.
    by_story: HashMap64<u32>,
    /// Term → nodes whose members have it among their heaviest terms, in
    /// indexing order (a common term's list is cut to its latest stories).
    postings: HashMap64<Vec<u32>>,
    exact: HashMap<[u8; 16], u32>,
    /// LSH buckets of the originals (band and band hash → record).
    buckets: Buckets,
    /// The latest date indexed, for pruning posting lists.
    newest: Option<NaiveDate>,
    /// Terms whose posting list grew past `max_postings` since the last
    /// pruning.
    crowded: Vec<u64>,
}

#[derive(Debug, Clone)]
struct Record {
    id: Box<str>,
    node: u32,
    date: Option<NaiveDate>,
    /// Low 16 bits of each MinHash value; empty for copies and texts
    /// without words.
    signature: Box<[u16]>,
    /// Distinct shingles in the text (for update containment).
    shingles: u32,
    /// Hash of the normalised headline and of the outlet (0: none).
    title: u64,
    outlet: u64,
    /// The record it copies, or updates.
    copy_of: Option<u32>,
    update_of: Option<u32>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// Sum of the members' unit vectors, sorted by term.
    terms: Vec<u64>,
    weights: Vec<f32>,
    /// Members with a term vector in each channel.
    counts: [u32; CHANNELS],
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    /// Story id, once the batch that started it is done.
    id: Option<Box<str>>,
    /// Started in the current batch.
    fresh: bool,
    /// Of an earlier batch, and grew in the current one.
    touched: bool,
    /// Bumped at each merge, to recognise stale heap entries.
    version: u32,
}

impl Node {
    fn add_date(&mut self, date: Option<NaiveDate>) {
        if let Some(d) = date {
            self.first_date = Some(self.first_date.map_or(d, |f| f.min(d)));
            self.last_date = Some(self.last_date.map_or(d, |l| l.max(d)));
        }
    }

    fn add_vector(&mut self, terms: &[u64], weights: &[f32]) {
        let (mut i, mut j) = (0, 0);
        let mut out_t = Vec::with_capacity(self.terms.len() + terms.len());
        let mut out_w = Vec::with_capacity(self.terms.len() + terms.len());
        while i < self.terms.len() || j < terms.len() {
            let take_left = j >= terms.len() || (i < self.terms.len() && self.terms[i] <= terms[j]);
            let take_right =
                i >= self.terms.len() || (j < terms.len() && terms[j] <= self.terms[i]);
            let mut w = 0.0;
            let t = if take_left { self.terms[i] } else { terms[j] };
            if take_left {
                w += self.weights[i];
                i += 1;
            }
            if take_right {
                w += weights[j];
                j += 1;
            }
            out_t.push(t);
            out_w.push(w);
        }
        self.terms = out_t;
        self.weights = out_w;
    }

    fn absorb(&mut self, other: Node) {
        self.add_vector(&other.terms, &other.weights);
        for (c, o) in self.counts.iter_mut().zip(other.counts) {
            *c += o;
        }
        self.add_date(other.first_date);
        self.add_date(other.last_date);
        self.version += 1;
    }
}

/// Terms carry their channel in their low bits; each member's vector is
/// unit length within each channel.
const CHANNELS: usize = 6;
const CHANNEL_BITS: u64 = 7;
const WORDS: u64 = 0;
const NUMBERS: u64 = 1;
const NAMES: u64 = 2;
const ENTITIES: u64 = 3;
const EVENTS: u64 = 4;
const YEARS: u64 = 5;

fn tag(hash: u64, channel: u64) -> u64 {
    (hash & !CHANNEL_BITS) | channel
}

fn channel(term: u64) -> usize {
    (term & CHANNEL_BITS) as usize
}

/// Per-channel dot products of two sparse vectors sorted by term.
fn dot(at: &[u64], aw: &[f32], bt: &[u64], bw: &[f32]) -> [f32; CHANNELS] {
    let ((st, sw), (lt, lw)) = if at.len() <= bt.len() {
        ((at, aw), (bt, bw))
    } else {
        ((bt, bw), (at, aw))
    };
    let mut sum = [0.0; CHANNELS];
    if st.len() * 8 < lt.len() {
        for (t, w) in st.iter().zip(sw) {
            if let Ok(k) = lt.binary_search(t) {
                sum[channel(*t)] += w * lw[k];
            }
        }
    } else {
        let (mut i, mut j) = (0, 0);
        while i < st.len() && j < lt.len() {
            match st[i].cmp(&lt[j]) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    sum[channel(st[i])] += sw[i] * lw[j];
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    sum
}

/// For one channel, the heaviest mean member weight of a term that one
/// story has and the other lacks entirely, for each side: a key name of one
/// story that no member of the other ever mentions.
fn exclusive(a: &Node, b: &Node, ch: u64) -> (f32, f32) {
    let (na, nb) = (a.counts[ch as usize], b.counts[ch as usize]);
    if na == 0 || nb == 0 {
        return (0.0, 0.0);
    }
    let (mut i, mut j) = (0, 0);
    let (mut ea, mut eb) = (0.0f32, 0.0f32);
    let (at, bt) = (&a.terms, &b.terms);
    while i < at.len() || j < bt.len() {
        let ta = at.get(i).copied().unwrap_or(u64::MAX);
        let tb = bt.get(j).copied().unwrap_or(u64::MAX);
        match ta.cmp(&tb) {
            Ordering::Less => {
                if channel(ta) as u64 == ch {
                    ea = ea.max(a.weights[i]);
                }
                i += 1;
            }
            Ordering::Greater => {
                if channel(tb) as u64 == ch {
                    eb = eb.max(b.weights[j]);
                }
                j += 1;
            }
            Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    (ea / na as f32, eb / nb as f32)
}

/// Weighted mean over channels of the mean cosine between the members of
/// two stories (each member vector is unit length in each channel, so a
/// channel's mean cosine is the dot product of the sums over the numbers of
/// members that have the channel). A channel that either side lacks counts
/// as 0.
fn average_link(a: &Node, b: &Node, weights: &[f32; CHANNELS]) -> f32 {
    let dots = dot(&a.terms, &a.weights, &b.terms, &b.weights);
    let mut sum = 0.0;
    let mut total = 0.0;
    for c in 0..CHANNELS {
        total += weights[c];
        let pairs = a.counts[c] as f32 * b.counts[c] as f32;
        if pairs > 0.0 {
            sum += weights[c] * dots[c] / pairs;
        }
    }
    if total > 0.0 {
        sum / total
    } else {
        0.0
    }
}

/// A candidate merge in the agglomeration heap: best score first, then
/// the lower node pair, for a deterministic order.
#[derive(Debug, Clone, Copy)]
struct Pair {
    score: f32,
    a: u32,
    b: u32,
    version_a: u32,
    version_b: u32,
}

impl PartialEq for Pair {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Pair {}
impl PartialOrd for Pair {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pair {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}

/// LSH buckets as sorted `(key, record)` pairs, 8 bytes an entry: a map of
/// one list per bucket costs ten times that when, as in most collections,
/// nearly every bucket holds one text. New entries go to a small map that is
/// folded into the sorted run once it holds a quarter as many (so the cost
/// of sorting stays amortised linear-logarithmic). Keys are the band hashes
/// cut to 32 bits: a stray collision only adds a candidate, which is
/// checked on its signature anyway.
#[derive(Debug, Clone, Default)]
struct Buckets {
    /// Sorted by key, then record (records grow with time, so a key's
    /// entries run from oldest to latest).
    run: Vec<(u32, u32)>,
    /// Entries since the last fold; every one is newer than the run's.
    recent: HashMap64<Vec<u32>>,
    recent_len: usize,
}

impl Buckets {
    fn key(band_key: u64) -> u32 {
        (band_key ^ (band_key >> 32)) as u32
    }

    fn insert(&mut self, band_key: u64, record: u32) {
        self.recent
            .entry(Self::key(band_key) as u64)
            .or_default()
            .push(record);
        self.recent_len += 1;
        if self.recent_len > 4096 + self.run.len() / 4 {
            self.fold();
        }
    }

    fn fold(&mut self) {
        self.run.reserve_exact(self.recent_len);
        for (key, records) in self.recent.drain() {
            self.run
                .extend(records.into_iter().map(|r| (key as u32, r)));
        }
        self.recent = HashMap64::default();
        self.recent_len = 0;
        self.run.sort_unstable();
    }

    /// Appends to `out` the latest `limit` records in the bucket of `band_key`.
    fn latest(&self, band_key: u64, limit: usize, out: &mut Vec<u32>) {
        let key = Self::key(band_key);
        let mut left = limit;
        if let Some(records) = self.recent.get(&(key as u64)) {
            let take = records.len().min(left);
            out.extend(records.iter().rev().take(take));
            left -= take;
        }
        if left > 0 {
            let from = self.run.partition_point(|&(k, _)| k < key);
            let to = self.run.partition_point(|&(k, _)| k <= key);
            out.extend(self.run[from..to].iter().rev().take(left).map(|&(_, r)| r));
        }
    }

    fn heap_bytes(&self) -> usize {
        self.run.capacity() * 8
            + (8 + 24 + 1) * self.recent.capacity()
            + self
                .recent
                .values()
                .map(|v| v.capacity() * 4)
                .sum::<usize>()
    }
}

/// Salt that keeps a pair of names apart from either name.
const PAIR_SALT: u64 = 0xbb67_ae85_84ca_a73b;

/// Past this many members an LSH bucket is searched only among its latest
/// members, so that a degenerate bucket cannot go quadratic.
const BUCKET_WINDOW: usize = 64;

/// `s-` and the first 12 hex digits of the BLAKE3 hash of the first article's id.
pub fn story_id(first_article_id: &str) -> String {
    format!(
        "s-{}",
        &blake3::hash(first_article_id.as_bytes()).to_hex()[..12]
    )
}

fn key_hash(s: &str) -> u64 {
    let bytes = blake3::hash(s.as_bytes());
    u64::from_le_bytes(bytes.as_bytes()[..8].try_into().unwrap_or([0; 8]))
}

fn text_hash(s: Option<&str>) -> u64 {
    normalised(s).map_or(0, |n| key_hash(&n) | 1)
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

    /// An empty incremental index with these settings.
    pub fn index(&self) -> StoryIndex {
        StoryIndex::with(self.clone())
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

    /// Marks duplicates and assigns every article to exactly one story: one
    /// batch over an empty [`StoryIndex`].
    ///
    /// An id seen twice is the same content twice: the later occurrence is
    /// ignored.
    pub fn cluster(&self, articles: &[Article]) -> Clustering {
        let mut index = self.index();
        index.add_batch(articles);
        index.clustering(articles)
    }

    /// Raw term counts of an article by channel (title words count
    /// `title_weight` times), sorted by term.
    fn term_counts(&self, a: &Article) -> Vec<(u64, f32)> {
        let c = &self.config;
        let w = self.channel_weights();
        let mut tf: HashMap64<f32> = HashMap64::default();
        let mut add = |text: &str, weight: f32| {
            for_each_word(text, |word| {
                if word.numeric {
                    if w[NUMBERS as usize] > 0.0 {
                        *tf.entry(tag(word.hash, NUMBERS)).or_insert(0.0) += weight;
                    }
                    if (w[YEARS as usize] > 0.0 || c.year_conflict_weight > 0.0) && word.year {
                        *tf.entry(tag(word.hash, YEARS)).or_insert(0.0) += weight;
                    }
                } else if word.chars >= 2 && !self.stopwords.contains(&word.hash) {
                    *tf.entry(tag(word.hash, WORDS)).or_insert(0.0) += weight;
                }
            })
        };
        if let Some(title) = &a.extracted.title {
            add(title, c.title_weight);
        }
        add(&a.extracted.text, 1.0);
        if w[NAMES as usize] > 0.0 {
            // A pair of names ("Tara Reid") counts once more.
            for_each_name(&a.extracted.text, |name| {
                *tf.entry(tag(name.hash, NAMES)).or_insert(0.0) += 1.0;
                if let Some(previous) = name.previous {
                    let pair = mix64(previous.rotate_left(23) ^ name.hash ^ PAIR_SALT);
                    *tf.entry(tag(pair, NAMES)).or_insert(0.0) += 1.0;
                }
            });
        }
        if w[ENTITIES as usize] > 0.0 {
            for id in story_entities(a) {
                *tf.entry(tag(key_hash(id), ENTITIES)).or_insert(0.0) += 1.0;
            }
        }
        if w[EVENTS as usize] > 0.0 {
            for e in &a.events {
                *tf.entry(tag(key_hash(&e.event_type), EVENTS))
                    .or_insert(0.0) += 1.0;
            }
        }
        let mut terms: Vec<(u64, f32)> = tf.into_iter().collect();
        terms.sort_unstable_by_key(|(t, _)| *t);
        terms
    }

    /// Weight of each channel in the similarity.
    fn channel_weights(&self) -> [f32; CHANNELS] {
        let c = &self.config;
        let mut w = [0.0; CHANNELS];
        w[WORDS as usize] = c.word_weight;
        w[NUMBERS as usize] = c.numeric_weight;
        w[NAMES as usize] = c.name_weight;
        w[ENTITIES as usize] = c.entity_weight;
        w[EVENTS as usize] = c.event_weight;
        w[YEARS as usize] = c.year_weight;
        w
    }
}

impl Default for StoryClusterer {
    fn default() -> Self {
        StoryClusterer::new(StoryConfig::default())
    }
}

/// A weighted article: unit vector sorted by term, and its heaviest terms.
struct Vector {
    terms: Vec<u64>,
    weights: Vec<f32>,
    top: Vec<u64>,
    /// Channels the article has terms in.
    present: [bool; CHANNELS],
}

impl StoryIndex {
    /// An empty index with `config` (clamped into range).
    pub fn new(config: StoryConfig) -> Self {
        StoryIndex::with(StoryClusterer::new(config))
    }

    fn with(clusterer: StoryClusterer) -> Self {
        StoryIndex {
            clusterer,
            df: HashMap64::default(),
            originals: 0,
            articles: Vec::new(),
            by_id: HashMap64::default(),
            nodes: Vec::new(),
            root: Vec::new(),
            by_story: HashMap64::default(),
            postings: HashMap64::default(),
            exact: HashMap::new(),
            buckets: Buckets::default(),
            newest: None,
            crowded: Vec::new(),
        }
    }

    /// The settings in use.
    pub fn config(&self) -> &StoryConfig {
        &self.clusterer.config
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// An estimate of the heap memory the index holds, in bytes (vector
    /// and map capacities; allocator overhead not counted).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        // A hash map entry costs its key and value plus a control byte,
        // over a load factor of 7/8.
        fn map<K, V>(len: usize) -> usize {
            (size_of::<K>() + size_of::<V>() + 1) * len * 8 / 7
        }
        let records = self.articles.capacity() * size_of::<Record>()
            + self
                .articles
                .iter()
                .map(|r| r.id.len() + r.signature.len() * 2)
                .sum::<usize>();
        let nodes = self.nodes.capacity() * size_of::<Node>()
            + self
                .nodes
                .iter()
                .map(|n| {
                    n.terms.capacity() * 8
                        + n.weights.capacity() * 4
                        + n.id.as_ref().map_or(0, |i| i.len())
                })
                .sum::<usize>()
            + self.root.capacity() * 4;
        let postings = map::<u64, Vec<u32>>(self.postings.len())
            + self
                .postings
                .values()
                .map(|v| v.capacity() * 4)
                .sum::<usize>();
        let buckets = self.buckets.heap_bytes();
        records
            + nodes
            + postings
            + buckets
            + map::<u64, u32>(self.df.len())
            + map::<u64, u32>(self.by_id.len())
            + map::<u64, u32>(self.by_story.len())
            + map::<[u8; 16], u32>(self.exact.len())
    }

    fn record(&self, id: &str) -> Option<u32> {
        let r = *self.by_id.get(&key_hash(id))?;
        (*self.articles[r as usize].id == *id).then_some(r)
    }

    fn find(&self, mut node: u32) -> u32 {
        while self.root[node as usize] != node {
            node = self.root[node as usize];
        }
        node
    }

    /// The story of an indexed article.
    pub fn story_of(&self, article_id: &str) -> Option<&str> {
        let r = self.record(article_id)?;
        let node = self.find(self.articles[r as usize].node);
        self.nodes[node as usize].id.as_deref()
    }

    fn new_node(&mut self, fresh: bool) -> u32 {
        let n = self.nodes.len() as u32;
        self.nodes.push(Node {
            fresh,
            ..Node::default()
        });
        self.root.push(n);
        n
    }

    /// Weighs `counts` by the collection's current document frequencies
    /// (sublinear tf × smoothed idf), unit length within each channel.
    fn weigh(&self, counts: &[(u64, f32)]) -> Vector {
        let c = &self.clusterer.config;
        let channel_weights = self.clusterer.channel_weights();
        let n = self.originals as f32;
        let mut v: Vec<(u64, f32)> = counts
            .iter()
            .map(|&(t, count)| {
                let df = self.df.get(&t).copied().unwrap_or(1) as f32;
                let idf = ((1.0 + n) / (1.0 + df)).ln() + 1.0;
                (t, (1.0 + count).ln() * idf.powf(c.idf_power))
            })
            .collect();
        let by_weight = |x: &(u64, f32), y: &(u64, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
        if c.max_article_terms > 0 && v.len() > c.max_article_terms {
            v.select_nth_unstable_by(c.max_article_terms - 1, by_weight);
            v.truncate(c.max_article_terms);
        }
        let mut norms = [0.0f32; CHANNELS];
        for (t, w) in &v {
            norms[channel(*t)] += w * w;
        }
        for (t, w) in v.iter_mut() {
            *w /= norms[channel(*t)].sqrt();
        }
        // Candidates come from the terms that weigh most in the similarity.
        let mut heaviest: Vec<(u64, f32)> = v
            .iter()
            .map(|&(t, w)| (t, w * channel_weights[channel(t)]))
            .filter(|(_, w)| *w > 0.0)
            .collect();
        let k = c.candidate_terms.min(heaviest.len());
        if k > 0 {
            heaviest.select_nth_unstable_by(k - 1, by_weight);
        }
        let top = heaviest[..k].iter().map(|(t, _)| *t).collect();
        v.sort_unstable_by_key(|(t, _)| *t);
        let present = norms.map(|x| x > 0.0);
        Vector {
            terms: v.iter().map(|(t, _)| *t).collect(),
            weights: v.iter().map(|(_, w)| *w).collect(),
            top,
            present,
        }
    }

    fn count_terms(&mut self, counts: &[(u64, f32)]) {
        self.originals += 1;
        for (t, _) in counts {
            *self.df.entry(*t).or_insert(0) += 1;
        }
    }

    /// Adds `vector` to `node` and lists the node under its heaviest terms.
    fn attach_vector(&mut self, node: u32, vector: &Vector) {
        let n = &mut self.nodes[node as usize];
        n.add_vector(&vector.terms, &vector.weights);
        for (count, present) in n.counts.iter_mut().zip(vector.present) {
            *count += present as u32;
        }
        let limit = self.clusterer.config.max_postings;
        for t in &vector.top {
            let nodes = self.postings.entry(*t).or_default();
            if nodes.last() != Some(&node) {
                nodes.push(node);
                if nodes.len() > limit {
                    self.crowded.push(*t);
                }
            }
        }
    }

    fn keep_signature(
        &mut self,
        record: u32,
        key: Option<[u8; 16]>,
        signature: &[u32],
        text: &str,
    ) {
        if let Some(key) = key {
            self.exact.entry(key).or_insert(record);
        }
        if signature.is_empty() {
            return;
        }
        let rows = self.clusterer.config.band_rows;
        for band in 0..signature.len() / rows {
            self.buckets.insert(band_key(signature, band, rows), record);
        }
        let r = &mut self.articles[record as usize];
        r.signature = signature.iter().map(|&v| v as u16).collect();
        r.shingles = shingle_set(text, self.clusterer.hasher.shingle_size()).len() as u32;
    }

    fn push_record(&mut self, a: &Article, node: u32) -> u32 {
        let r = self.articles.len() as u32;
        self.articles.push(Record {
            id: a.id.as_str().into(),
            node,
            date: a.extracted.published,
            signature: Box::new([]),
            shingles: 0,
            title: text_hash(a.extracted.title.as_deref()),
            copy_of: None,
            update_of: None,
            outlet: a
                .extracted
                .outlet
                .as_deref()
                .map_or(0, |o| key_hash(&o.trim().to_lowercase()) | 1),
        });
        self.by_id.insert(key_hash(&a.id), r);
        self.nodes[node as usize].add_date(a.extracted.published);
        if let Some(d) = a.extracted.published {
            self.newest = Some(self.newest.map_or(d, |n| n.max(d)));
        }
        r
    }

    /// The [`Clustering`] of `articles` as the index has them: their
    /// stories (each story listing the given articles only, by date), and
    /// the copies and updates among them. Articles not in the index are left
    /// out. After [`Self::add_batch`] over the new articles, this gives the
    /// later stages the same input as [`StoryClusterer::cluster`] over the
    /// whole collection would.
    pub fn clustering(&self, articles: &[Article]) -> Clustering {
        let mut seen = HashSet::new();
        let unique: Vec<&Article> = articles
            .iter()
            .filter(|a| seen.insert(a.id.as_str()))
            .collect();
        let mut by_story: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut story_of = HashMap::new();
        let mut duplicate_of = HashMap::new();
        let mut update_of = HashMap::new();
        for (p, a) in unique.iter().enumerate() {
            let Some(r) = self.record(&a.id) else {
                continue;
            };
            let record = &self.articles[r as usize];
            let node = self.find(record.node);
            let Some(s) = self.nodes[node as usize].id.as_deref() else {
                continue;
            };
            by_story.entry(s).or_default().push(p);
            story_of.insert(a.id.clone(), s.to_string());
            let id_of = |r: u32| self.articles[r as usize].id.to_string();
            if let Some(o) = record.copy_of {
                duplicate_of.insert(a.id.clone(), id_of(o));
            }
            if let Some(e) = record.update_of {
                update_of.insert(a.id.clone(), id_of(e));
            }
        }
        let mut stories: Vec<Story> = by_story
            .into_iter()
            .map(|(id, mut members)| {
                members.sort_by_key(|&p| {
                    let d = unique[p].extracted.published;
                    (d.is_none(), d, p)
                });
                let dates = members
                    .iter()
                    .filter_map(|&p| unique[p].extracted.published);
                let mut outlets: Vec<String> = members
                    .iter()
                    .filter_map(|&p| unique[p].extracted.outlet.clone())
                    .collect();
                outlets.sort();
                outlets.dedup();
                Story {
                    id: id.to_string(),
                    title: members
                        .iter()
                        .find_map(|&p| {
                            unique[p]
                                .extracted
                                .title
                                .clone()
                                .filter(|t| !t.trim().is_empty())
                        })
                        .unwrap_or_default(),
                    first_date: dates.clone().min(),
                    last_date: dates.max(),
                    article_ids: members.iter().map(|&p| unique[p].id.clone()).collect(),
                    outlets,
                    event_ids: Vec::new(),
                }
            })
            .collect();
        stories.sort_by(|a, b| {
            (a.first_date.is_none(), a.first_date, &a.id).cmp(&(
                b.first_date.is_none(),
                b.first_date,
                &b.id,
            ))
        });
        Clustering {
            duplicate_of,
            update_of,
            story_of,
            stories,
        }
    }

    /// Puts back an article whose story, and whether it copies or updates
    /// another, were decided before, without clustering: for rebuilding the
    /// index from stored assignments. Restore in the order the articles were
    /// first indexed (vectors are weighed with the document frequencies so
    /// far, as they were then; another order gives slightly different
    /// weights) and each original before its copies and updates (an id not
    /// yet restored is not remembered as the original, though copies and
    /// updates still get no term vector of their own). Returns false when
    /// the id is already indexed.
    pub fn restore(
        &mut self,
        article: &Article,
        story_id: &str,
        duplicate_of: Option<&str>,
        update_of: Option<&str>,
    ) -> bool {
        if self.record(&article.id).is_some() {
            return false;
        }
        let node = match self.by_story.get(&key_hash(story_id)) {
            Some(&n) => self.find(n),
            None => {
                let n = self.new_node(false);
                self.nodes[n as usize].id = Some(story_id.into());
                self.by_story.insert(key_hash(story_id), n);
                n
            }
        };
        let copy = duplicate_of.is_some();
        let copy_of = duplicate_of.and_then(|id| self.record(id));
        let updates = update_of.and_then(|id| self.record(id));
        let r = self.push_record(article, node);
        self.articles[r as usize].copy_of = copy_of;
        self.articles[r as usize].update_of = updates;
        if !copy {
            let text = article.extracted.text.as_str();
            if update_of.is_none() {
                let counts = self.clusterer.term_counts(article);
                self.count_terms(&counts);
                let vector = self.weigh(&counts);
                self.attach_vector(node, &vector);
            }
            let key = crate::dedup::exact_key(text);
            let signature = if key.is_some() {
                self.clusterer.hasher.signature(text)
            } else {
                Vec::new()
            };
            self.keep_signature(r, key, &signature, text);
        }
        true
    }

    /// Near copies and updates of `signature` among earlier batches'
    /// originals: `(copy of, update of)` by record. A candidate whose
    /// article `earlier` gives back (from the store) is judged on the
    /// shingles of both texts by the rule a batch uses within itself
    /// ([`judge_pair`]), so that a pair is judged the same however an
    /// ingest was split (a crash and a resumed run must store what one run
    /// would). Otherwise (the index holds no texts) on the signature
    /// estimate of the Jaccard.
    fn old_duplicate(
        &self,
        signature: &[u32],
        text: &str,
        meta: &DocMeta,
        earlier: &dyn Fn(&str) -> Option<Article>,
    ) -> (Option<u32>, Option<u32>) {
        let c = &self.clusterer.config;
        let rows = c.band_rows;
        let mut candidates: Vec<u32> = Vec::new();
        for band in 0..signature.len() / rows {
            self.buckets.latest(
                band_key(signature, band, rows),
                BUCKET_WINDOW,
                &mut candidates,
            );
        }
        if candidates.is_empty() {
            return (None, None);
        }
        candidates.sort_unstable();
        candidates.dedup();
        let compact: Vec<u16> = signature.iter().map(|&v| v as u16).collect();
        let title = text_hash(meta.title);
        let outlet = meta
            .outlet
            .map_or(0, |o| key_hash(&o.trim().to_lowercase()) | 1);
        let mut shingles: Option<f64> = None;
        let mut new_set: Option<Vec<u64>> = None;
        // Best (Jaccard, record) so far as a copy and as an update.
        let mut copy: Option<(f64, u32)> = None;
        let mut update: Option<(f64, u32)> = None;
        let prefilter = c.near_duplicate_threshold.min(c.update_threshold) - 0.1;
        for r in candidates {
            let old = &self.articles[r as usize];
            if old.signature.len() != compact.len() {
                continue;
            }
            let equal = old
                .signature
                .iter()
                .zip(&compact)
                .filter(|(x, y)| x == y)
                .count();
            // 16-bit values collide by chance with probability 2⁻¹⁶.
            let chance = 1.0 / 65536.0;
            let j = ((equal as f64 / compact.len() as f64 - chance) / (1.0 - chance)).max(0.0);
            if j < prefilter {
                continue;
            }
            if let Some(old_article) = earlier(&old.id) {
                let size = self.clusterer.hasher.shingle_size();
                let new_set = new_set.get_or_insert_with(|| shingle_set(text, size));
                let old_set = shingle_set(&old_article.extracted.text, size);
                // Earlier by date, then by input order, as within a batch.
                let old_early =
                    (old.date.is_none(), old.date) <= (meta.published.is_none(), meta.published);
                match judge_pair(
                    &meta_of(&old_article),
                    meta,
                    &old_set,
                    new_set,
                    old_early,
                    &self.clusterer.settings(),
                ) {
                    PairVerdict::Copy(j) => {
                        if copy.is_none_or(|(b, _)| j > b) {
                            copy = Some((j, r));
                        }
                    }
                    PairVerdict::Update(j) => {
                        if update.is_none_or(|(b, _)| j > b) {
                            update = Some((j, r));
                        }
                    }
                    PairVerdict::Neither => {}
                }
                continue;
            }
            let sp = *shingles.get_or_insert_with(|| {
                shingle_set(text, self.clusterer.hasher.shingle_size()).len() as f64
            });
            let so = old.shingles as f64;
            let shared = j * (sp + so) / (1.0 + j);
            let within = match (old.date, meta.published) {
                (Some(x), Some(y)) => (x - y).num_days().abs() <= c.update_window_days,
                _ => true,
            };
            let reissue = old.outlet == outlet && within;
            let revised = old.title != 0 && title != 0 && old.title != title && sp - shared > 0.5;
            if j >= c.near_duplicate_threshold && !(reissue && revised) {
                if copy.is_none_or(|(b, _)| j > b) {
                    copy = Some((j, r));
                }
            } else if reissue
                && j >= c.update_threshold.min(c.near_duplicate_threshold)
                && shared / so.max(1.0) >= c.update_containment
                && update.is_none_or(|(b, _)| j > b)
            {
                update = Some((j, r));
            }
        }
        match copy {
            Some((_, r)) => (Some(r), None),
            None => (None, update.map(|(_, r)| r)),
        }
    }

    /// Adds new articles: marks copies and updates (among themselves and of
    /// indexed articles), then assigns each to a story, old or new, without
    /// moving any indexed article (see the module documentation). An id
    /// already indexed keeps its story; an id seen twice in the batch is
    /// taken once.
    pub fn add_batch(&mut self, articles: &[Article]) -> Assignment {
        self.add_batch_with(articles, &|_| None)
    }

    /// [`StoryIndex::add_batch`], with the earlier articles' texts at hand
    /// (`earlier` gives a stored article by id): a near copy or update of
    /// an article indexed before is then judged on both texts, exactly as
    /// within a batch, so that where an ingest was split changes nothing.
    pub fn add_batch_with(
        &mut self,
        articles: &[Article],
        earlier: &dyn Fn(&str) -> Option<Article>,
    ) -> Assignment {
        let mut assignment = Assignment::default();
        let mut seen = HashSet::new();
        let mut batch: Vec<&Article> = Vec::new();
        for a in articles {
            if !seen.insert(a.id.as_str()) {
                continue;
            }
            match self.story_of(&a.id) {
                Some(s) => {
                    assignment.story_of.insert(a.id.clone(), s.to_string());
                }
                None => batch.push(a),
            }
        }
        let n = batch.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&p| {
            let d = batch[p].extracted.published;
            (d.is_none(), d, p)
        });
        let mut rank = vec![0usize; n];
        for (r, &p) in order.iter().enumerate() {
            rank[p] = r;
        }
        let texts: Vec<&str> = batch.iter().map(|a| a.extracted.text.as_str()).collect();
        let meta: Vec<DocMeta> = batch.iter().map(|a| meta_of(a)).collect();
        let (dups, keys, mut signatures) = find_duplicates_keeping(
            &texts,
            &meta,
            &rank,
            &self.clusterer.hasher,
            self.clusterer.settings(),
        );
        // Copies and updates of earlier batches' articles.
        let mut copy_old: Vec<Option<u32>> = vec![None; n];
        let mut update_old: Vec<Option<u32>> = vec![None; n];
        if !self.articles.is_empty() {
            for p in 0..n {
                if dups.copy_of[p].is_some() {
                    continue;
                }
                if let Some(&r) = keys[p].as_ref().and_then(|k| self.exact.get(k)) {
                    copy_old[p] = Some(r);
                    continue;
                }
                if signatures[p].is_empty() {
                    continue;
                }
                let (copy, update) =
                    self.old_duplicate(&signatures[p], texts[p], &meta[p], earlier);
                copy_old[p] = copy;
                if dups.update_of[p].is_none() {
                    update_old[p] = update;
                }
            }
        }

        // Term statistics first, so that the batch's own articles weigh
        // each other's terms. Copies and updates re-issue an earlier text:
        // they carry no vector of their own (their story is their
        // original's), so that a story carried ten times by a crawl weighs
        // and counts as it does once. Counts are taken again when each
        // article is placed rather than held for the whole batch.
        let copy = |p: usize| dups.copy_of[p].is_some() || copy_old[p].is_some();
        for (p, signature) in signatures.iter_mut().enumerate() {
            if copy(p) {
                *signature = Vec::new();
            }
        }
        let with_vector: Vec<bool> = (0..n)
            .map(|p| !copy(p) && dups.update_of[p].is_none() && update_old[p].is_none())
            .collect();
        for p in 0..n {
            if with_vector[p] {
                let counts = self.clusterer.term_counts(batch[p]);
                self.count_terms(&counts);
            }
        }

        let mut record_of = vec![u32::MAX; n];
        let mut fresh: Vec<u32> = Vec::new();
        let mut tops: HashMap<u32, Vec<u64>> = HashMap::new();
        for &p in &order {
            let a = batch[p];
            let node = if let Some(o) = dups.copy_of[p] {
                self.articles[record_of[o] as usize].node
            } else if let Some(r) = copy_old[p] {
                self.articles[r as usize].node
            } else if let Some(e) = dups.update_of[p] {
                self.articles[record_of[e] as usize].node
            } else if let Some(r) = update_old[p] {
                self.articles[r as usize].node
            } else {
                let node = self.new_node(true);
                fresh.push(node);
                node
            };
            let node = self.find(node);
            let r = self.push_record(a, node);
            record_of[p] = r;
            if with_vector[p] {
                let vector = self.weigh(&self.clusterer.term_counts(a));
                self.attach_vector(node, &vector);
                if self.nodes[node as usize].fresh {
                    tops.entry(node).or_default().extend(&vector.top);
                }
            }
            if !copy(p) {
                self.keep_signature(r, keys[p], &signatures[p], texts[p]);
            }
            // Held in compact form by the index now, if at all.
            signatures[p] = Vec::new();
        }

        let renamed = self.agglomerate(&fresh, &tops);

        // Ids for the stories this batch started: that of their first article.
        let mut first_of: HashMap<u32, usize> = HashMap::new();
        for &p in &order {
            let node = self.find(self.articles[record_of[p] as usize].node);
            first_of.entry(node).or_insert(p);
        }
        for &f in &fresh {
            let node = self.find(f);
            let n = &mut self.nodes[node as usize];
            if n.id.is_none() {
                let id = story_id(&batch[first_of[&node]].id);
                assignment.new_stories.push(id.clone());
                n.id = Some(id.into());
                self.by_story
                    .insert(key_hash(n.id.as_deref().unwrap_or("")), node);
            }
        }
        for &f in &fresh {
            self.nodes[f as usize].fresh = false;
            // Short paths for the posting lists that still name it.
            self.root[f as usize] = self.find(f);
        }
        for &r in &record_of {
            let node = self.find(self.articles[r as usize].node);
            self.articles[r as usize].node = node;
        }
        assignment.new_stories.sort();
        for (old, node) in renamed {
            let node = self.find(node);
            if let Some(id) = &self.nodes[node as usize].id {
                assignment.renamed.insert(old.to_string(), id.to_string());
            }
        }
        for p in 0..n {
            let id = &batch[p].id;
            let node = self.find(self.articles[record_of[p] as usize].node);
            if let Some(s) = &self.nodes[node as usize].id {
                assignment.story_of.insert(id.clone(), s.to_string());
            }
            let original = dups.copy_of[p]
                .map(|o| match copy_old[o] {
                    Some(r) => self.articles[r as usize].id.to_string(),
                    None => batch[o].id.clone(),
                })
                .or_else(|| copy_old[p].map(|r| self.articles[r as usize].id.to_string()));
            let r = record_of[p] as usize;
            if let Some(o) = original {
                assignment.duplicate_of.insert(id.clone(), o);
                self.articles[r].copy_of = dups.copy_of[p]
                    .map(|o| copy_old[o].unwrap_or(record_of[o]))
                    .or(copy_old[p]);
            } else if let Some(e) = dups.update_of[p] {
                let target = copy_old[e].unwrap_or(record_of[e]);
                assignment
                    .update_of
                    .insert(id.clone(), self.articles[target as usize].id.to_string());
                self.articles[r].update_of = Some(target);
            } else if let Some(target) = update_old[p] {
                assignment
                    .update_of
                    .insert(id.clone(), self.articles[target as usize].id.to_string());
                self.articles[r].update_of = Some(target);
            }
        }
        self.prune_postings();
        assignment
    }

    /// Whether two stories' date ranges come within the window (undated
    /// stories are close to every story).
    fn dates_close(&self, a: &Node, b: &Node) -> bool {
        match (a.first_date, a.last_date, b.first_date, b.last_date) {
            (Some(af), Some(al), Some(bf), Some(bl)) => {
                let gap = if al < bf {
                    (bf - al).num_days()
                } else if bl < af {
                    (af - bl).num_days()
                } else {
                    0
                };
                gap <= self.clusterer.config.window_days
            }
            _ => true,
        }
    }

    /// Average-link agglomeration of this batch's new stories with each
    /// other and with older stories (never two older stories together).
    ///
    /// Returns the stories of earlier batches merged into another one, by
    /// id and node.
    fn agglomerate(
        &mut self,
        fresh: &[u32],
        tops: &HashMap<u32, Vec<u64>>,
    ) -> Vec<(Box<str>, u32)> {
        let mut renamed = Vec::new();
        let threshold = self.clusterer.config.merge_threshold;
        if threshold > 1.0 || fresh.is_empty() {
            return renamed;
        }
        let mut touched = Vec::new();
        let mut neighbours: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut heap: BinaryHeap<Pair> = BinaryHeap::new();
        let mut stamp: HashMap<u32, u32> = HashMap::new();
        for &f in fresh {
            let f = self.find(f);
            let Some(top) = tops.get(&f) else { continue };
            for s in self.candidates(f, top, &mut stamp) {
                if self.push_pair(&mut heap, f, s, threshold) {
                    neighbours.entry(f).or_default().push(s);
                    neighbours.entry(s).or_default().push(f);
                }
            }
        }
        while let Some(pair) = heap.pop() {
            let (a, b) = (pair.a, pair.b);
            if self.root[a as usize] != a
                || self.root[b as usize] != b
                || self.nodes[a as usize].version != pair.version_a
                || self.nodes[b as usize].version != pair.version_b
            {
                continue;
            }
            // An older story keeps its id and absorbs the new one.
            let (keep, gone) = if !self.nodes[b as usize].fresh && self.nodes[a as usize].fresh {
                (b, a)
            } else if !self.nodes[a as usize].fresh && self.nodes[b as usize].fresh {
                (a, b)
            } else {
                (a.min(b), a.max(b))
            };
            let mut taken = std::mem::take(&mut self.nodes[gone as usize]);
            if let Some(id) = taken.id.take() {
                renamed.push((id, gone));
            }
            if !self.nodes[keep as usize].fresh && !self.nodes[keep as usize].touched {
                self.nodes[keep as usize].touched = true;
                touched.push(keep);
            }
            self.nodes[keep as usize].absorb(taken);
            self.root[gone as usize] = keep;
            let mut around = neighbours.remove(&keep).unwrap_or_default();
            around.extend(neighbours.remove(&gone).unwrap_or_default());
            let mut around: Vec<u32> = around.into_iter().map(|s| self.find(s)).collect();
            around.sort_unstable();
            around.dedup();
            around.retain(|&s| s != keep);
            around.retain(|&s| self.push_pair(&mut heap, keep, s, threshold));
            neighbours.insert(keep, around);
        }
        for t in touched {
            self.nodes[t as usize].touched = false;
        }
        renamed
    }

    /// Whether a story of an earlier batch may still merge with another
    /// one: it is small enough that its id is not yet settled.
    fn young(&self, n: &Node) -> bool {
        (n.counts[WORDS as usize] as usize) < self.clusterer.config.young_members
    }

    /// Stories that share one of `top` (the heaviest terms of the members
    /// of the fresh story `f`) and come within the date window.
    ///
    /// A term found in more than `max_postings` stories near `f` does not
    /// tell stories apart and is skipped, except for the `rare_terms` rarest
    /// of `top` (by document frequency): those always look up the
    /// `max_postings` stories listed nearest to `f` (lists run in indexing
    /// order, which is date order within a batch). So when the collection
    /// grows denser (more stories a day share an article's terms), an
    /// article still meets the stories closest to it in time on its most
    /// specific terms, instead of losing every term to the limit and
    /// meeting nothing. Posting lists hold a story once per member whose
    /// top terms include the term; they are counted by distinct story.
    fn candidates(&self, f: u32, top: &[u64], stamp: &mut HashMap<u32, u32>) -> Vec<u32> {
        let c = &self.clusterer.config;
        let max_postings = c.max_postings;
        // Past this many entries around `f`, a list is read only there.
        let scan = max_postings * 16;
        let mut terms: Vec<(u32, u64)> = top
            .iter()
            .map(|t| (self.df.get(t).copied().unwrap_or(0), *t))
            .collect();
        terms.sort_unstable();
        terms.dedup_by_key(|(_, t)| *t);
        let mut found = Vec::new();
        let mut local: HashSet<u32> = HashSet::new();
        let node = &self.nodes[f as usize];
        for (rank, &(_, t)) in terms.iter().enumerate() {
            let Some(list) = self.postings.get(&t) else {
                continue;
            };
            let centre = list.partition_point(|&s| s < f);
            let window = |len: usize| {
                let from = centre
                    .saturating_sub(len / 2)
                    .min(list.len().saturating_sub(len));
                &list[from..(from + len).min(list.len())]
            };
            local.clear();
            let mut close: Vec<u32> = Vec::new();
            for &s in window(scan) {
                let s = self.find(s);
                if s != f && self.dates_close(node, &self.nodes[s as usize]) && local.insert(s) {
                    close.push(s);
                }
            }
            if close.len() > max_postings {
                if rank >= c.rare_terms {
                    continue;
                }
                // The stories listed nearest to `f`.
                local.clear();
                close.clear();
                let mut width = max_postings;
                loop {
                    for &s in window(width) {
                        let s = self.find(s);
                        if s != f
                            && close.len() < max_postings
                            && self.dates_close(node, &self.nodes[s as usize])
                            && local.insert(s)
                        {
                            close.push(s);
                        }
                    }
                    if close.len() >= max_postings || width >= scan.min(list.len()) {
                        break;
                    }
                    width = (width * 2).min(scan);
                }
            }
            for s in close {
                if stamp.insert(s, f) != Some(f) {
                    found.push(s);
                }
            }
        }
        found
    }

    /// Scores a pair and queues it when it may merge. Returns whether the
    /// two stay neighbours: whether the plain average link reaches the
    /// threshold. A pair below it never needs scoring again, since the
    /// average link of a merged story with a third is a weighted mean of
    /// its parts' (channel by channel), so it cannot climb over the
    /// threshold unless one part's already did.
    fn push_pair(&self, heap: &mut BinaryHeap<Pair>, a: u32, b: u32, threshold: f32) -> bool {
        let (na, nb) = (&self.nodes[a as usize], &self.nodes[b as usize]);
        // Two stories of earlier batches merge only while both are young,
        // and only once one of them has grown in this batch (else their
        // link is what it was when they last stayed apart).
        let settled = !na.fresh
            && !nb.fresh
            && !(self.young(na) && self.young(nb) && (na.touched || nb.touched));
        if settled || !self.dates_close(na, nb) {
            return false;
        }
        let c = &self.clusterer.config;
        // Joining a story of an earlier batch is final, so it asks for more.
        let threshold = if na.fresh && nb.fresh {
            threshold
        } else {
            threshold.max(c.join_threshold)
        };
        let mut score = average_link(na, nb, &self.clusterer.channel_weights());
        if score < threshold {
            return false;
        }
        let size = |n: &Node| n.counts[WORDS as usize] as usize;
        let big = size(na).min(size(nb)) >= c.conflict_min_members;
        if c.conflict_weight > 0.0 && big {
            let (ea, eb) = exclusive(na, nb, NAMES);
            score -= c.conflict_weight * ea.min(eb);
        }
        if c.year_conflict_weight > 0.0 && big {
            let (ea, eb) = exclusive(na, nb, YEARS);
            score -= c.year_conflict_weight * ea.min(eb);
        }
        if score >= threshold {
            let (a, b) = (a.min(b), a.max(b));
            heap.push(Pair {
                score,
                a,
                b,
                version_a: self.nodes[a as usize].version,
                version_b: self.nodes[b as usize].version,
            });
        }
        true
    }

    /// Drops posting entries of merged-away stories and of stories that
    /// fell out of the window from the lists that grew too long in this
    /// batch (so the cost follows the batch, not the index); a list still
    /// longer than four times `max_postings` keeps its latest stories only
    /// (the term is too common to tell stories apart, but the rarest terms
    /// of a short article may be no rarer).
    fn prune_postings(&mut self) {
        let c = &self.clusterer.config;
        let (limit, window, newest) = (c.max_postings, c.window_days, self.newest);
        let root = &self.root;
        let nodes = &self.nodes;
        let find = |mut s: u32| {
            while root[s as usize] != s {
                s = root[s as usize];
            }
            s
        };
        let mut crowded = std::mem::take(&mut self.crowded);
        crowded.sort_unstable();
        crowded.dedup();
        for term in crowded {
            let Some(entries) = self.postings.get_mut(&term) else {
                continue;
            };
            if entries.len() <= limit {
                continue;
            }
            entries.iter_mut().for_each(|s| *s = find(*s));
            entries.sort_unstable();
            entries.dedup();
            entries.retain(|&s| match (nodes[s as usize].last_date, newest) {
                (Some(last), Some(newest)) => (newest - last).num_days() <= window,
                _ => true,
            });
            if entries.len() > limit * 4 {
                // Too common to tell stories apart: keep the latest stories
                // only, for articles that have few rarer terms.
                entries.sort_unstable_by_key(|&s| (nodes[s as usize].last_date, s));
                let cut = entries.len() - limit * 4;
                entries.drain(..cut);
                entries.sort_unstable();
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_give_the_latest_records_across_folds() {
        let mut buckets = Buckets::default();
        // 10,000 records in 7 buckets: several folds into the sorted run.
        for r in 0..10_000u32 {
            buckets.insert(u64::from(r % 7) << 40, r);
        }
        assert!(!buckets.run.is_empty() && buckets.recent_len > 0);
        let mut out = Vec::new();
        buckets.latest(3 << 40, 5, &mut out);
        assert_eq!(out, [9999, 9992, 9985, 9978, 9971]);
        // Past what is still unfolded, the rest comes from the run.
        out.clear();
        buckets.latest(3 << 40, 2000, &mut out);
        assert_eq!(out.len(), 1429);
        assert!(out.windows(2).all(|w| w[0] > w[1]));
        assert!(out.iter().all(|r| r % 7 == 3));
        out.clear();
        buckets.latest(99 << 40, 5, &mut out);
        assert!(out.is_empty());
    }
}
