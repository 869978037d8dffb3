//! Exact and near-duplicate detection.
//!
//! Exact copies share the BLAKE3 hash of their normalised word stream (case,
//! punctuation and spacing ignored). Near copies are found with MinHash over
//! word shingles and LSH banding: only pairs sharing a band are compared,
//! and a candidate is confirmed on the exact shingle Jaccard, so the
//! signature's sampling noise never decides a borderline pair.

use crate::words::{for_each_word, mix64, HashMap64};
use std::collections::{HashMap, HashSet};

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

/// A family of `n` hash functions `h_k(x) = (a_k·x + b_k) >> 32`.
#[derive(Debug, Clone)]
pub struct MinHasher {
    multipliers: Vec<u64>,
    offsets: Vec<u64>,
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
            multipliers.push(next() | 1);
            offsets.push(next());
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
            for ((slot, &a), &b) in signature
                .iter_mut()
                .zip(&self.multipliers)
                .zip(&self.offsets)
            {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                if h < *slot {
                    *slot = h;
                }
            }
        });
        signature
    }

    /// The share of equal positions: an estimate of the Jaccard similarity.
    pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
        if a.is_empty() || a.len() != b.len() {
            return 0.0;
        }
        a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
    }
}

/// Sorted distinct shingle hashes of `text`.
fn shingle_set(text: &str, size: usize) -> Vec<u64> {
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
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
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
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Hash of the normalised word stream, or `None` for a text without words.
fn exact_key(text: &str) -> Option<[u8; 16]> {
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
    rank: &[usize],
    hasher: &MinHasher,
    band_rows: usize,
    threshold: f64,
) -> Vec<Option<usize>> {
    let n = texts.len();
    let mut sets = DisjointSets::new(n);

    let mut first_by_key: HashMap<[u8; 16], usize> = HashMap::new();
    let mut has_words = vec![false; n];
    for (i, text) in texts.iter().enumerate() {
        if let Some(key) = exact_key(text) {
            has_words[i] = true;
            let first = *first_by_key.entry(key).or_insert(i);
            sets.union(first, i, rank);
        }
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
            let mut h = band as u64;
            for &v in &sig[band * rows..(band + 1) * rows] {
                h = mix64(h ^ v as u64);
            }
            buckets.entry(h).or_default().push(i);
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
    candidates.sort_unstable();
    let mut shingles: HashMap<usize, Vec<u64>> = HashMap::new();
    // The estimate only prunes: a pair well below the threshold on the
    // signature is below it on the shingles too (4 standard deviations at 128 hashes).
    let prefilter = threshold - 0.2;
    for (a, b) in candidates {
        if sets.find(a) == sets.find(b)
            || MinHasher::estimate(&signatures[a], &signatures[b]) < prefilter
        {
            continue;
        }
        for i in [a, b] {
            shingles
                .entry(i)
                .or_insert_with(|| shingle_set(texts[i], hasher.shingle_size));
        }
        if sorted_jaccard(&shingles[&a], &shingles[&b]) >= threshold {
            sets.union(a, b, rank);
        }
    }

    (0..n)
        .map(|i| {
            let root = sets.find(i);
            (root != i).then_some(root)
        })
        .collect()
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
        let found = find_duplicates(
            &[BASE, &copy, other],
            &identity_rank(3),
            &MinHasher::new(128, 5),
            6,
            0.8,
        );
        assert_eq!(found, vec![None, Some(0), None]);
    }

    #[test]
    fn one_changed_word_or_an_added_sentence_is_a_near_duplicate() {
        let changed = BASE.replace("two houses", "three houses");
        let extended = format!("{BASE} The army did not comment.");
        let texts = [BASE, changed.as_str(), extended.as_str()];
        let found = find_duplicates(&texts, &identity_rank(3), &MinHasher::new(128, 5), 6, 0.8);
        assert_eq!(found, vec![None, Some(0), Some(0)]);
    }

    #[test]
    fn copies_point_at_the_best_ranked_member() {
        let copy = BASE.replace("Tuesday", "Monday");
        // The copy is listed first but ranks first too: the original points at it.
        let found = find_duplicates(&[BASE, &copy], &[1, 0], &MinHasher::new(128, 5), 6, 0.8);
        assert_eq!(found, vec![Some(1), None]);
    }

    #[test]
    fn a_rewritten_article_on_the_same_event_is_not_a_duplicate() {
        let rewrite = "Shelling hit Kessal overnight into Wednesday, the regional governor said, wounding \
            three civilians. The militia blamed army mortar crews for starting the exchange. A school near \
            the old bridge was damaged, according to residents reached by phone.";
        let found = find_duplicates(
            &[BASE, rewrite],
            &identity_rank(2),
            &MinHasher::new(128, 5),
            6,
            0.8,
        );
        assert_eq!(found, vec![None, None]);
    }

    #[test]
    fn texts_without_words_are_never_duplicates() {
        let found = find_duplicates(
            &["", " ... "],
            &identity_rank(2),
            &MinHasher::new(128, 5),
            6,
            0.8,
        );
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
