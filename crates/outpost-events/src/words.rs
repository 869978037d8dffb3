//! Lower-cased words with code-point offsets, the unit every rule here and in
//! the claims stage matches on.

/// A word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// First code point in the article text.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Lower-cased, apostrophes normalised to `'`.
    pub lower: String,
}

/// Splits `text[start..end)` (code points) into words: runs of letters,
/// digits and apostrophes; hyphens split ("Russian-brokered" is two words)
/// so that compounds reach the lexicon; "n't" is its own word.
pub fn words(chars: &[char], start: usize, end: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = start;
    let end = end.min(chars.len());
    while i < end {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < end && (chars[i].is_alphanumeric() || is_inner_mark(chars, i, end)) {
                i += 1;
            }
            let mut lower: String = chars[s..i]
                .iter()
                .map(|c| if *c == '’' { '\'' } else { *c })
                .flat_map(|c| c.to_lowercase())
                .collect();
            if let Some(stem) = lower.strip_suffix("n't") {
                let stem_len = stem.chars().count();
                let stem = stem.to_string();
                out.push(Word {
                    start: s,
                    end: s + stem_len,
                    lower: stem,
                });
                lower = "n't".to_string();
                out.push(Word {
                    start: s + stem_len,
                    end: i,
                    lower,
                });
                continue;
            }
            if let Some(stem) = lower.strip_suffix("'s") {
                let stem = stem.to_string();
                out.push(Word {
                    start: s,
                    end: i - 2,
                    lower: stem,
                });
                continue;
            }
            out.push(Word {
                start: s,
                end: i,
                lower,
            });
        } else {
            i += 1;
        }
    }
    out
}

/// An apostrophe, or a comma or dot between digits ("6,500", "3.5"), stays inside a word.
fn is_inner_mark(chars: &[char], i: usize, end: usize) -> bool {
    let c = chars[i];
    let next_ok = i + 1 < end && chars[i + 1].is_alphanumeric();
    let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
    let next_digit = i + 1 < end && chars[i + 1].is_ascii_digit();
    match c {
        '\'' | '’' => next_ok,
        ',' | '.' => prev_digit && next_digit,
        _ => false,
    }
}

/// Whether the clause boundary punctuation `,;:—(` lies between two offsets.
pub fn clause_break_between(chars: &[char], from: usize, to: usize) -> bool {
    let (a, b) = if from <= to { (from, to) } else { (to, from) };
    chars[a.min(chars.len())..b.min(chars.len())]
        .iter()
        .any(|c| matches!(c, ';' | ':' | '—' | '–' | '(' | ')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        words(&chars, 0, chars.len())
            .into_iter()
            .map(|w| w.lower)
            .collect()
    }

    #[test]
    fn splits_hyphens_keeps_numbers_and_strips_possessives() {
        assert_eq!(
            lowers("Moscow-brokered truce; 6,500 dead in Ukraine's east, didn't"),
            vec![
                "moscow", "brokered", "truce", "6,500", "dead", "in", "ukraine", "east", "did",
                "n't"
            ]
        );
    }

    #[test]
    fn offsets_are_code_points() {
        let s = "Ереван said";
        let chars: Vec<char> = s.chars().collect();
        let w = words(&chars, 0, chars.len());
        assert_eq!((w[1].start, w[1].end), (7, 11));
    }
}
