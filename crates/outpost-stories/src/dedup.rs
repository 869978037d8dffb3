//! Exact and near-duplicate detection.
//!
//! Exact copies share the BLAKE3 hash of their normalised word stream (case,
//! punctuation and spacing ignored). Near copies are found with MinHash over
//! word shingles and LSH banding: only pairs sharing a band are compared,
//! and a candidate is confirmed on the exact shingle Jaccard, so the
//! signature's sampling noise never decides a borderline pair.

use crate::words::{for_each_word, mix64, HashMap64};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// What duplicate detection knows about one text besides its words.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocMeta<'a> {
    /// Headline: a re-issued wire story usually changes it.
    pub title: Option<&'a str>,
    /// Outlet: an update is re-issued by the same outlet; the same text
    /// under another outlet is a syndicated copy.
    pub outlet: Option<&'a str>,
    /// Publication date: an update follows its story within a day.
    pub published: Option<NaiveDate>,
}

/// The result of duplicate detection, by position in the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Duplicates {
    /// The text each one copies (exact or near copy, the best-ranked of its
    /// group), or `None` for an original.
    pub copy_of: Vec<Option<usize>>,
    /// For a text that re-issues an earlier one of the same outlet with
    /// changes (a revised headline, added or rewritten paragraphs), the
    /// earlier text it updates. An update is not a copy: it carries new
    /// information, and it is never in `copy_of`.
    pub update_of: Vec<Option<usize>>,
}

/// Settings of [`find_duplicates`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct DuplicateSettings {
    pub band_rows: usize,
    pub threshold: f64,
    pub update_threshold: f64,
    pub update_containment: f64,
    pub update_window_days: i64,
}

/// The longest shingle supported.
pub(crate) const MAX_SHINGLE: usize = 16;

/// Past this many members an LSH bucket compares each member only with its
/// predecessors inside this window, so that a degenerate bucket cannot go
/// quadratic.
const BUCKET_WINDOW: usize = 64;

/// Calls `visit` with the hash of each `size`-word shingle of `text`. A text
/// shorter than one shingle gives a single shingle of all its words.
pub(crate) fn for_each_shingle(text: &str, size: usize, mut visit: impl FnMut(u64)) {
    let size = size.clamp(1, MAX_SHINGLE);
    let mut ring = [0u64; MAX_SHINGLE];
    let mut seen = 0usize;
    for_each_word(text, |w| {
        ring[seen % size] = w.hash;
        seen += 1;
        if seen >= size {
            visit(combine(&ring, seen, size, size));
        }
    });
    if seen > 0 && seen < size {
        visit(combine(&ring, seen, seen, size));
    }
}

/// Hash of the last `len` words in the ring, oldest first.
#[inline]
fn combine(ring: &[u64; MAX_SHINGLE], seen: usize, len: usize, size: usize) -> u64 {
    let mut h = len as u64;
    for k in 0..len {
        let word = ring[(seen - len + k) % size];
        h = (h.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    mix64(h)
}

/// A family of `n` hash functions on the 32-bit fold of a shingle hash:
/// `y = (x ⊕ b_k)·a_k mod 2³²`, `h_k(x) = y ⊕ (y >> 15)` with odd `a_k`, so
/// each is a permutation of the 32-bit values. 32-bit lanes let the
/// compiler compute many functions per instruction.
#[derive(Debug, Clone)]
pub struct MinHasher {
    multipliers: Vec<u32>,
    offsets: Vec<u32>,
    shingle_size: usize,
}

impl MinHasher {
    /// `num_hashes` functions over `shingle_size`-word shingles; the same
    /// arguments always give the same functions.
    pub fn new(num_hashes: usize, shingle_size: usize) -> Self {
        let mut state = 0x6a09_e667_f3bc_c908u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix64(state)
        };
        let mut multipliers = Vec::with_capacity(num_hashes);
        let mut offsets = Vec::with_capacity(num_hashes);
        for _ in 0..num_hashes {
            multipliers.push((next() >> 32) as u32 | 1);
            offsets.push((next() >> 32) as u32);
        }
        MinHasher {
            multipliers,
            offsets,
            shingle_size: shingle_size.clamp(1, MAX_SHINGLE),
        }
    }

    /// The MinHash signature of `text`; all `u32::MAX` when it has no words.
    pub fn signature(&self, text: &str) -> Vec<u32> {
        let mut signature = vec![u32::MAX; self.multipliers.len()];
        for_each_shingle(text, self.shingle_size, |x| {
            let x = (x ^ (x >> 32)) as u32;
            for ((slot, &a), &b) in signature
                .iter_mut()
                .zip(&self.multipliers)
                .zip(&self.offsets)
            {
                let y = (x ^ b).wrapping_mul(a);
                *slot = (*slot).min(y ^ (y >> 15));
            }
        });
        signature
    }

    /// Words per shingle.
    pub(crate) fn shingle_size(&self) -> usize {
        self.shingle_size
    }

    /// The share of equal positions: an estimate of the Jaccard similarity.
    pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
        if a.is_empty() || a.len() != b.len() {
            return 0.0;
        }
        a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
    }
}

/// The LSH bucket of `signature` in band `band` of `rows` rows.
pub(crate) fn band_key(signature: &[u32], band: usize, rows: usize) -> u64 {
    let mut h = band as u64;
    for &v in &signature[band * rows..(band + 1) * rows] {
        h = mix64(h ^ v as u64);
    }
    h
}

/// Sorted distinct shingle hashes of `text`.
pub(crate) fn shingle_set(text: &str, size: usize) -> Vec<u64> {
    let mut set = Vec::new();
    for_each_shingle(text, size, |h| set.push(h));
    set.sort_unstable();
    set.dedup();
    set
}

/// Jaccard similarity of two sorted distinct sets.
pub(crate) fn sorted_jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let shared = shared_count(a, b);
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Hash of the normalised word stream, or `None` for a text without words.
pub(crate) fn exact_key(text: &str) -> Option<[u8; 16]> {
    let mut hasher = blake3::Hasher::new();
    let mut any = false;
    for_each_word(text, |w| {
        hasher.update(&w.hash.to_le_bytes());
        any = true;
    });
    if !any {
        return None;
    }
    let mut key = [0u8; 16];
    key.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    Some(key)
}

struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins two sets; the root is whichever ranks first in `rank`.
    fn union(&mut self, a: usize, b: usize, rank: &[usize]) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            if rank[ra] <= rank[rb] {
                self.parent[rb] = ra;
            } else {
                self.parent[ra] = rb;
            }
        }
    }
}

/// For each text, the index of the text it copies, or `None` for an original.
///
/// `rank[i]` is the position of text `i` in priority order (earliest first):
/// each group of copies points at its best-ranked member.
pub(crate) fn find_duplicates(
    texts: &[&str],
    meta: &[DocMeta],
    rank: &[usize],
    hasher: &MinHasher,
    settings: DuplicateSettings,
) -> Duplicates {
    find_duplicates_keeping(texts, meta, rank, hasher, settings).0
}

/// Duplicates, exact keys and signatures by position.
pub(crate) type Kept = (Duplicates, Vec<Option<[u8; 16]>>, Vec<Vec<u32>>);

/// [`find_duplicates`], also giving each text's exact key and MinHash
/// signature (empty for a text without words) so that an incremental
/// index can keep them without hashing the text again.
pub(crate) fn find_duplicates_keeping(
    texts: &[&str],
    meta: &[DocMeta],
    rank: &[usize],
    hasher: &MinHasher,
    settings: DuplicateSettings,
) -> Kept {
    let DuplicateSettings {
        band_rows,
        threshold,
        update_threshold,
        ..
    } = settings;
    let n = texts.len();
    let mut sets = DisjointSets::new(n);

    let mut first_by_key: HashMap<[u8; 16], usize> = HashMap::new();
    let mut has_words = vec![false; n];
    let mut keys = Vec::with_capacity(n);
    for (i, text) in texts.iter().enumerate() {
        let key = exact_key(text);
        if let Some(key) = key {
            has_words[i] = true;
            let first = *first_by_key.entry(key).or_insert(i);
            sets.union(first, i, rank);
        }
        keys.push(key);
    }

    let signatures: Vec<Vec<u32>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if has_words[i] {
                hasher.signature(t)
            } else {
                Vec::new()
            }
        })
        .collect();
    let rows = band_rows.max(1);
    let bands = hasher.multipliers.len() / rows;
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    for band in 0..bands {
        let mut buckets: HashMap64<Vec<usize>> = HashMap64::default();
        for (i, sig) in signatures.iter().enumerate() {
            if sig.is_empty() {
                continue;
            }
            buckets
                .entry(band_key(sig, band, rows))
                .or_default()
                .push(i);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            for (pos, &b) in members.iter().enumerate() {
                for &a in &members[pos.saturating_sub(BUCKET_WINDOW)..pos] {
                    candidates.insert((a, b));
                }
            }
        }
    }

    let mut candidates: Vec<(usize, usize)> = candidates.into_iter().collect();
    // Pairs grouped by connected part of the candidate graph, and each
    // text's shingle set dropped after its last pair: the sets held at once
    // are those of one group of look-alikes, not of every text that has a
    // look-alike (at ten copies of a corpus, nearly all of them).
    let part: Vec<usize> = {
        let mut parts = DisjointSets::new(n);
        for &(a, b) in &candidates {
            parts.union(a, b, rank);
        }
        (0..n).map(|i| parts.find(i)).collect()
    };
    candidates.sort_unstable_by_key(|&(a, b)| (part[a], a, b));
    drop(part);
    let mut last_use: HashMap<usize, usize> = HashMap::new();
    for (k, &(a, b)) in candidates.iter().enumerate() {
        last_use.insert(a, k);
        last_use.insert(b, k);
    }
    let mut shingles: HashMap<usize, Vec<u64>> = HashMap::new();
    // The estimate only prunes: a pair well below the threshold on the
    // signature is below it on the shingles too (4 standard deviations at 128 hashes).
    let prefilter = threshold.min(update_threshold) - 0.2;
    // Best earlier text each later one updates, with its Jaccard.
    let mut updates: Vec<Option<(f64, usize)>> = vec![None; n];
    for (k, &(a, b)) in candidates.iter().enumerate() {
        'pair: {
            if sets.find(a) == sets.find(b)
                || MinHasher::estimate(&signatures[a], &signatures[b]) < prefilter
            {
                break 'pair;
            }
            for i in [a, b] {
                shingles
                    .entry(i)
                    .or_insert_with(|| shingle_set(texts[i], hasher.shingle_size));
            }
            let (sa, sb) = (&shingles[&a], &shingles[&b]);
            let (early, late) = if rank[a] <= rank[b] { (a, b) } else { (b, a) };
            match judge_pair(&meta[a], &meta[b], sa, sb, early == a, &settings) {
                PairVerdict::Copy(_) => sets.union(a, b, rank),
                PairVerdict::Update(jaccard) => {
                    if updates[late].is_none_or(|(j, _)| jaccard > j) {
                        updates[late] = Some((jaccard, early));
                    }
                }
                PairVerdict::Neither => {}
            }
        }
        for i in [a, b] {
            if last_use.get(&i) == Some(&k) {
                shingles.remove(&i);
                last_use.remove(&i);
            }
        }
    }

    let copy_of: Vec<Option<usize>> = (0..n)
        .map(|i| {
            let root = sets.find(i);
            (root != i).then_some(root)
        })
        .collect();
    let update_of = updates
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let (_, early) = (*u)?;
            // An update of a copy updates the copy's original; a copy is never an update.
            let target = copy_of[early].unwrap_or(early);
            (copy_of[i].is_none() && target != i).then_some(target)
        })
        .collect();
    (Duplicates { copy_of, update_of }, keys, signatures)
}

/// What a pair of texts is to each other, judged on their shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PairVerdict {
    /// Near copies, with their Jaccard.
    Copy(f64),
    /// The later re-issues the earlier with changes, with their Jaccard.
    Update(f64),
    Neither,
}

/// The one rule for copies and updates, whether the two texts came in one
/// batch or the earlier one was indexed before (a pair must be judged the
/// same however an ingest was split): `a` and `b` with their shingle sets,
/// `a_early` when `a` is the earlier by date (then input order).
pub(crate) fn judge_pair(
    meta_a: &DocMeta,
    meta_b: &DocMeta,
    sa: &[u64],
    sb: &[u64],
    a_early: bool,
    settings: &DuplicateSettings,
) -> PairVerdict {
    let jaccard = sorted_jaccard(sa, sb);
    let (meta_early, meta_late) = if a_early {
        (meta_a, meta_b)
    } else {
        (meta_b, meta_a)
    };
    let reissue =
        same_outlet(meta_a, meta_b) && within_days(meta_a, meta_b, settings.update_window_days);
    if jaccard >= settings.threshold && !(reissue && revised(meta_early, meta_late, sa, sb)) {
        return PairVerdict::Copy(jaccard);
    }
    if reissue && jaccard >= settings.update_threshold.min(settings.threshold) {
        let (se, sl) = if a_early { (sa, sb) } else { (sb, sa) };
        // The update keeps most of what the earlier text said.
        let kept = shared_count(se, sl) as f64 / se.len().max(1) as f64;
        if kept >= settings.update_containment {
            return PairVerdict::Update(jaccard);
        }
    }
    PairVerdict::Neither
}

/// How many elements two sorted distinct sets share.
pub(crate) fn shared_count<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

pub(crate) fn normalised(s: Option<&str>) -> Option<String> {
    let mut out = String::new();
    for_each_word(s?, |w| out.push_str(&format!("{:x} ", w.hash)));
    (!out.is_empty()).then_some(out)
}

/// Same outlet, or no outlet on either side (a single feed).
fn same_outlet(a: &DocMeta, b: &DocMeta) -> bool {
    match (a.outlet, b.outlet) {
        (Some(x), Some(y)) => x.trim().eq_ignore_ascii_case(y.trim()),
        (None, None) => true,
        _ => false,
    }
}

fn within_days(a: &DocMeta, b: &DocMeta, days: i64) -> bool {
    match (a.published, b.published) {
        (Some(x), Some(y)) => (x - y).num_days().abs() <= days,
        _ => true,
    }
}

/// A near copy that changes the headline and adds text of its own is a
/// revision, not a copy.
fn revised(early: &DocMeta, late: &DocMeta, early_set: &[u64], late_set: &[u64]) -> bool {
    let retitled = match (normalised(early.title), normalised(late.title)) {
        (Some(x), Some(y)) => x != y,
        _ => false,
    };
    let added = late_set
        .len()
        .saturating_sub(shared_count(early_set, late_set));
    retitled && added > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "Fighters of the northern militia shelled the river town of Kessal on Tuesday night, \
        damaging a school and two houses near the old bridge. The regional governor said three civilians \
        were wounded and taken to the hospital in Dorvan. A spokesman for the militia denied targeting \
        homes and said its gunners had answered mortar fire from army positions on the hills east of the \
        town. Residents described hours of explosions and said many families spent the night in basements. \
        Aid groups asked both sides to allow ambulances through the checkpoint on the main road.";

    fn identity_rank(n: usize) -> Vec<usize> {
        (0..n).collect()
    }

    fn settings() -> DuplicateSettings {
        DuplicateSettings {
            band_rows: 4,
            threshold: 0.8,
            update_threshold: 0.5,
            update_containment: 0.7,
            update_window_days: 1,
        }
    }

    fn copies(texts: &[&str], rank: &[usize]) -> Vec<Option<usize>> {
        let meta = vec![DocMeta::default(); texts.len()];
        find_duplicates(texts, &meta, rank, &MinHasher::new(128, 5), settings()).copy_of
    }

    const EARNINGS: &str = "Pegasus Gold Inc said it has reduced its long-term debt by 40 mln dlrs \
        through the sale of shares and the conversion of debentures. The company said the reduction \
        leaves it with about 25 mln dlrs of debt outstanding, mostly bank loans due in 1989.";

    #[test]
    fn a_reissued_story_with_a_new_headline_is_an_update_not_a_copy() {
        let update = format!(
            "{EARNINGS} Pegasus also said production started at its Zortman mine in Montana, \
             which it expects to yield 60,000 ounces of gold a year."
        );
        let day = NaiveDate::from_ymd_opt(1987, 3, 3);
        let meta = |title, outlet| DocMeta {
            title: Some(title),
            outlet: Some(outlet),
            published: day,
        };
        let same_headline = EARNINGS.replace("40 mln", "40.5 mln");
        let texts = [EARNINGS, update.as_str(), same_headline.as_str(), EARNINGS];
        let metas = [
            meta("PEGASUS GOLD REDUCES DEBT", "Reuters"),
            meta("PEGASUS GOLD REDUCES DEBT, STARTS MINE", "Reuters"),
            meta("PEGASUS GOLD REDUCES DEBT", "Reuters"),
            // The same text under another outlet is syndication, whatever its headline.
            meta("Miner cuts debt", "Daily Example"),
        ];
        let found = find_duplicates(
            &texts,
            &metas,
            &identity_rank(4),
            &MinHasher::new(128, 5),
            settings(),
        );
        assert_eq!(found.copy_of, vec![None, None, Some(0), Some(0)]);
        assert_eq!(found.update_of, vec![None, Some(0), None, None]);
    }

    #[test]
    fn a_similar_report_from_another_week_is_not_an_update() {
        let next_week = EARNINGS
            .replace("40 mln", "12 mln")
            .replace("25 mln", "13 mln");
        let metas = [
            DocMeta {
                published: NaiveDate::from_ymd_opt(1987, 3, 3),
                ..DocMeta::default()
            },
            DocMeta {
                published: NaiveDate::from_ymd_opt(1987, 3, 10),
                ..DocMeta::default()
            },
        ];
        let found = find_duplicates(
            &[EARNINGS, &next_week],
            &metas,
            &identity_rank(2),
            &MinHasher::new(128, 5),
            settings(),
        );
        assert_eq!(found.update_of, vec![None, None]);
    }

    #[test]
    fn shingles_slide_one_word_at_a_time() {
        let mut count = 0;
        for_each_shingle("a b c d e f g", 5, |_| count += 1);
        assert_eq!(count, 3);
        let mut short = 0;
        for_each_shingle("a b", 5, |_| short += 1);
        assert_eq!(short, 1);
    }

    #[test]
    fn exact_copy_with_other_spacing_and_case_is_a_duplicate() {
        let copy = BASE.to_uppercase().replace(". ", ".\n\n");
        let other = "The central bank raised its main interest rate by half a point on Thursday.";
        let found = copies(&[BASE, &copy, other], &identity_rank(3));
        assert_eq!(found, vec![None, Some(0), None]);
    }

    #[test]
    fn one_changed_word_or_an_added_sentence_is_a_near_duplicate() {
        let changed = BASE.replace("two houses", "three houses");
        let extended = format!("{BASE} The army did not comment.");
        let texts = [BASE, changed.as_str(), extended.as_str()];
        let found = copies(&texts, &identity_rank(3));
        assert_eq!(found, vec![None, Some(0), Some(0)]);
    }

    #[test]
    fn copies_point_at_the_best_ranked_member() {
        let copy = BASE.replace("Tuesday", "Monday");
        // The copy is listed first but ranks first too: the original points at it.
        let found = copies(&[BASE, &copy], &[1, 0]);
        assert_eq!(found, vec![Some(1), None]);
    }

    #[test]
    fn a_rewritten_article_on_the_same_event_is_not_a_duplicate() {
        let rewrite = "Shelling hit Kessal overnight into Wednesday, the regional governor said, wounding \
            three civilians. The militia blamed army mortar crews for starting the exchange. A school near \
            the old bridge was damaged, according to residents reached by phone.";
        let found = copies(&[BASE, rewrite], &identity_rank(2));
        assert_eq!(found, vec![None, None]);
    }

    #[test]
    fn texts_without_words_are_never_duplicates() {
        let found = copies(&["", " ... "], &identity_rank(2));
        assert_eq!(found, vec![None, None]);
    }

    #[test]
    fn signature_estimate_tracks_jaccard() {
        let hasher = MinHasher::new(128, 5);
        let a = hasher.signature(BASE);
        assert_eq!(MinHasher::estimate(&a, &a), 1.0);
        let b = hasher.signature(
            "Completely different words about a football match in the capital last weekend.",
        );
        assert!(MinHasher::estimate(&a, &b) < 0.1);
    }

    /// Run with `cargo test -p outpost-stories --release -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn signature_throughput() {
        let hasher = MinHasher::new(128, 5);
        let docs: Vec<String> = (0..20_000)
            .map(|i| format!("{BASE} Report number {i}."))
            .collect();
        let start = std::time::Instant::now();
        let mut sink = 0u64;
        for d in &docs {
            sink = sink.wrapping_add(hasher.signature(d)[0] as u64);
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "{:.0} docs/s ({} words each, sink {sink})",
            docs.len() as f64 / secs,
            BASE.split_whitespace().count()
        );
    }
}
