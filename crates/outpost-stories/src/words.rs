//! Word hashing shared by duplicate detection and story similarity.
//!
//! Words are runs of alphanumeric characters, lower-cased, and are never
//! materialised as `String`s: each is folded into a 64-bit hash as its
//! characters go by. Both the MinHash shingles and the TF-IDF terms are
//! built from these hashes, so one pass over the text serves both and the
//! hot loop allocates nothing.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const WORD_SEED: u64 = 0x243f_6a88_85a3_08d3;
const FOLD: u64 = 0x517c_c1b7_2722_0a95;

/// The stopword list shipped with the crate (see `data/SOURCE.md`).
const STOPWORDS_EN: &str = include_str!("../data/stopwords_en.txt");

/// A hasher for keys that are already well-mixed 64-bit hashes: it passes
/// them through instead of hashing them again with SipHash.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix64(self.0 ^ b as u64);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by word, shingle or band hashes.
pub(crate) type HashMap64<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;

/// A set of word hashes.
pub(crate) type HashSet64 = HashSet<u64, BuildHasherDefault<PreHashed>>;

/// A finalising mixer (SplitMix64) so that similar inputs give unrelated hashes.
#[inline]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
fn fold_char(hash: u64, c: char) -> u64 {
    (hash.rotate_left(5) ^ c as u64).wrapping_mul(FOLD)
}

/// One word as seen by [`for_each_word`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    /// Hash of the lower-cased word.
    pub hash: u64,
    /// Length in characters.
    pub chars: usize,
    /// Whether it is made only of ASCII digits.
    pub numeric: bool,
    /// Whether it is a four-digit number from 1800 to 2199 (a year).
    pub year: bool,
}

/// Calls `visit` for each lower-cased alphanumeric word of `text`, in order.
pub(crate) fn for_each_word(text: &str, mut visit: impl FnMut(Word)) {
    let mut hash = WORD_SEED;
    let mut chars = 0usize;
    let mut numeric = true;
    let mut value = 0u32;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            hash = fold_char(hash, c.to_ascii_lowercase());
            numeric &= c.is_ascii_digit();
            if numeric && chars < 4 {
                value = value * 10 + (c as u32 - '0' as u32);
            }
            chars += 1;
        } else if !c.is_ascii() && c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                hash = fold_char(hash, lower);
            }
            numeric = false;
            chars += 1;
        } else if chars > 0 {
            visit(Word {
                hash: mix64(hash),
                chars,
                numeric,
                year: numeric && chars == 4 && (1800..2200).contains(&value),
            });
            hash = WORD_SEED;
            chars = 0;
            numeric = true;
            value = 0;
        }
    }
    if chars > 0 {
        visit(Word {
            hash: mix64(hash),
            chars,
            numeric,
            year: numeric && chars == 4 && (1800..2200).contains(&value),
        });
    }
}

/// One capitalised word as seen by [`for_each_name`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name {
    /// Hash of the lower-cased word, as [`for_each_word`] gives it.
    pub hash: u64,
    /// The hash of the capitalised word right before it, when only spaces
    /// separate the two ("Tara Reid", "Sierra Leone").
    pub previous: Option<u64>,
}

/// Calls `visit` for each word of `text` that starts with a capital letter
/// but does not open a sentence (nor the text): a pack-free stand-in for the
/// names of people, organisations and places. All-capital words of two
/// letters or more are skipped too, since headline case ("FORD INCREASES")
/// says nothing about names.
pub(crate) fn for_each_name(text: &str, mut visit: impl FnMut(Name)) {
    let mut hash = WORD_SEED;
    let mut chars = 0usize;
    let mut capital = false;
    let mut all_caps = true;
    // Whether the gap before the current word opens a sentence, and whether
    // it is plain spaces after a name.
    let mut sentence_start = true;
    let mut previous: Option<u64> = None;
    let mut gap_is_space = true;
    let mut finish = |hash: u64,
                      chars: usize,
                      capital: bool,
                      all_caps: bool,
                      sentence_start: bool,
                      previous: &mut Option<u64>,
                      gap_is_space: bool| {
        let hash = mix64(hash);
        if capital && !sentence_start && !(all_caps && chars > 1) {
            visit(Name {
                hash,
                previous: previous.filter(|_| gap_is_space),
            });
            *previous = Some(hash);
        } else {
            *previous = None;
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            if chars == 0 {
                capital = c.is_uppercase();
                all_caps = true;
            }
            all_caps &= !c.is_lowercase();
            for lower in c.to_lowercase() {
                hash = fold_char(hash, lower);
            }
            chars += 1;
        } else {
            if chars > 0 {
                finish(
                    hash,
                    chars,
                    capital,
                    all_caps,
                    sentence_start,
                    &mut previous,
                    gap_is_space,
                );
                hash = WORD_SEED;
                chars = 0;
                sentence_start = false;
                gap_is_space = true;
            }
            if matches!(
                c,
                '.' | '!' | '?' | '\n' | ':' | '"' | '`' | '\'' | '(' | ')'
            ) {
                sentence_start |= matches!(c, '.' | '!' | '?' | '\n' | ':');
                gap_is_space = false;
            } else if !c.is_whitespace() {
                gap_is_space = false;
            }
        }
    }
    if chars > 0 {
        finish(
            hash,
            chars,
            capital,
            all_caps,
            sentence_start,
            &mut previous,
            gap_is_space,
        );
    }
}

/// The hash [`for_each_word`] gives a single word.
pub(crate) fn word_hash(word: &str) -> Option<u64> {
    let mut found = None;
    for_each_word(word, |w| found = Some(w.hash));
    found
}

/// Hashes of the shipped English stopwords.
pub(crate) fn stopword_hashes() -> HashSet64 {
    STOPWORDS_EN
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter_map(word_hash)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w.hash));
        out
    }

    #[test]
    fn case_and_punctuation_do_not_change_word_hashes() {
        assert_eq!(
            hashes("Shelling near Lachin, overnight."),
            hashes("shelling NEAR lachin overnight")
        );
        assert_ne!(hashes("shelling"), hashes("shellings"));
    }

    #[test]
    fn non_ascii_words_are_lowercased_too() {
        assert_eq!(hashes("ŞUŞA Şuşa"), {
            let h = hashes("şuşa");
            vec![h[0], h[0]]
        });
    }

    #[test]
    fn numeric_words_are_flagged() {
        let mut flags = Vec::new();
        for_each_word("on 28 July 2021x", |w| flags.push(w.numeric));
        assert_eq!(flags, vec![false, true, false, false]);
    }

    #[test]
    fn four_digit_numbers_of_the_last_centuries_are_years() {
        let mut years = Vec::new();
        for_each_word("In 2021, 3000 troops and 1987 tanks; 12345 or 1799", |w| {
            years.push(w.year)
        });
        assert_eq!(
            years,
            vec![false, true, false, false, false, true, false, false, false, false]
        );
    }

    #[test]
    fn names_skip_sentence_openers_and_pair_neighbours() {
        let mut names = Vec::new();
        for_each_name(
            "Perennial star Tara Reid checked in. Her rep told People, in NEW YORK.",
            |n| names.push((n.hash, n.previous)),
        );
        let h = |w: &str| word_hash(w).unwrap();
        assert_eq!(
            names,
            vec![
                (h("tara"), None),
                (h("reid"), Some(h("tara"))),
                (h("people"), None),
            ]
        );
    }

    #[test]
    fn stopwords_include_reporting_verbs() {
        let stop = stopword_hashes();
        assert!(stop.contains(&word_hash("said").unwrap()));
        assert!(!stop.contains(&word_hash("artillery").unwrap()));
    }
}
