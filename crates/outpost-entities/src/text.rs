//! Word tokens with code-point offsets, and the folded form names are matched by.
//!
//! Names and text go through the same tokenizer, so that a name's key (its
//! folded words joined by one space) equals the key of its occurrence in the
//! text whatever the punctuation between the words ("Nagorno-Karabakh" and
//! "Nagorno Karabakh" both give `nagorno karabakh`).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// What separates a word from the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Nothing before it: first word of the text.
    Start,
    /// Spaces or tabs only.
    Space,
    /// A hyphen, possibly with spaces.
    Hyphen,
    /// An apostrophe ("Pashinyan's", "Syunik'i").
    Apostrophe,
    /// A single full stop between single letters ("U.S.").
    Period,
    /// A comma, possibly with spaces.
    Comma,
    /// Anything else: other punctuation, quotes, line breaks.
    Other,
}

/// A word of the text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Byte range in the text.
    pub byte_start: usize,
    /// Byte end in the text.
    pub byte_end: usize,
    /// Lower-cased, accent-free form.
    pub folded: String,
    /// First letter is upper case.
    pub capitalised: bool,
    /// Every letter is upper case (and there are at least two).
    pub all_caps: bool,
    /// What lies between this word and the previous one.
    pub gap: Gap,
    /// The separator text contains an opening quote or colon.
    pub after_quote: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʻ' | 'ʼ' | '`' | '´' | '‘')
}

/// Splits `text` into word tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut char_pos = 0usize;
    let mut gap_chars = String::new();
    while let Some((byte, c)) = chars.next() {
        if !is_word_char(c) {
            gap_chars.push(c);
            char_pos += 1;
            continue;
        }
        let start = char_pos;
        let byte_start = byte;
        let mut byte_end = byte + c.len_utf8();
        char_pos += 1;
        while let Some(&(b, next)) = chars.peek() {
            if !is_word_char(next) {
                break;
            }
            byte_end = b + next.len_utf8();
            char_pos += 1;
            chars.next();
        }
        let word = &text[byte_start..byte_end];
        let previous_single_letter = tokens.last().map(|t| t.end - t.start == 1).unwrap_or(false);
        let gap = classify_gap(&gap_chars, tokens.is_empty(), previous_single_letter);
        let after_quote = gap_chars
            .chars()
            .any(|g| matches!(g, '"' | '“' | '«' | ':' | '(' | '[' | '—' | '–'));
        gap_chars.clear();
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let capitalised = word.chars().next().map(char::is_uppercase).unwrap_or(false);
        let all_caps = {
            let mut count = 0;
            let all = letters.all(|c| {
                count += 1;
                !c.is_lowercase()
            });
            all && count >= 2
        };
        tokens.push(Token {
            start,
            end: char_pos,
            byte_start,
            byte_end,
            folded: fold_word(word),
            capitalised,
            all_caps,
            gap,
            after_quote,
        });
    }
    tokens
}

fn classify_gap(gap: &str, first: bool, previous_single_letter: bool) -> Gap {
    if first {
        return Gap::Start;
    }
    let trimmed: Vec<char> = gap.chars().filter(|c| *c != ' ' && *c != '\t').collect();
    match trimmed.as_slice() {
        [] if gap.is_empty() => Gap::Other,
        [] => Gap::Space,
        ['-'] | ['‑'] => Gap::Hyphen,
        [a] if is_apostrophe(*a) && !gap.starts_with(' ') && !gap.ends_with(' ') => Gap::Apostrophe,
        ['.'] if previous_single_letter && !gap.ends_with("  ") => Gap::Period,
        [','] => Gap::Comma,
        _ => Gap::Other,
    }
}

/// Lower-cased, accent-free form of one word.
pub(crate) fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_word_into(word, &mut out);
    out
}

/// Appends the folded form of `word` to `out`.
pub(crate) fn fold_word_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Per-character decomposition: marks are dropped, so the canonical
        // reordering a full NFKD pass would do is not needed.
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'ı' => out.push('i'),
                'ø' | 'Ø' => out.push('o'),
                'ł' | 'Ł' => out.push('l'),
                'đ' | 'Đ' => out.push('d'),
                'ß' => out.push_str("ss"),
                'æ' | 'Æ' => out.push_str("ae"),
                'œ' | 'Œ' => out.push_str("oe"),
                _ => out.extend(d.to_lowercase()),
            }
        });
    }
}

/// The matching key of a name: its folded words joined by single spaces.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    name_key_into(name, &mut key);
    key
}

/// Writes the key of `name` into `key` (cleared first), reusing its buffer.
pub(crate) fn name_key_into(name: &str, key: &mut String) {
    key.clear();
    for_each_word(name, |word| {
        if !key.is_empty() {
            key.push(' ');
        }
        fold_word_into(word, key);
    });
}

/// Calls `f` on each word of `name`, without building tokens.
pub(crate) fn for_each_word(name: &str, mut f: impl FnMut(&str)) {
    let mut start: Option<usize> = None;
    for (i, c) in name.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            f(&name[s..i]);
        }
    }
    if let Some(s) = start {
        f(&name[s..]);
    }
}

/// Lower-case ASCII slug for ids ("Alexander Bikantov" → `alexander_bikantov`).
pub(crate) fn slug(name: &str) -> String {
    let key = name_key(name);
    key.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_code_point_offsets_and_gaps() {
        let tokens = tokenize("Ալո Pashinyan's Nagorno-Karabakh, U.S.");
        let words: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(
            words,
            ["ալո", "pashinyan", "s", "nagorno", "karabakh", "u", "s"]
        );
        assert_eq!((tokens[1].start, tokens[1].end), (4, 13));
        assert_eq!(tokens[2].gap, Gap::Apostrophe);
        assert_eq!(tokens[4].gap, Gap::Hyphen);
        assert_eq!(tokens[5].gap, Gap::Comma);
        assert_eq!(tokens[6].gap, Gap::Period);
        assert!(tokens[1].capitalised && !tokens[2].capitalised);
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(name_key("Şuşa"), "susa");
        assert_eq!(name_key("Geġark'unik'"), "gegark unik");
        assert_eq!(name_key("Nagorno-Karabakh"), name_key("nagorno  karabakh"));
        assert_eq!(name_key("İmişli"), "imisli");
        assert_eq!(slug("Alexander Bikantov"), "alexander_bikantov");
    }

    #[test]
    fn all_caps_needs_two_letters() {
        let tokens = tokenize("A CSTO Moscow");
        assert!(!tokens[0].all_caps);
        assert!(tokens[1].all_caps);
        assert!(!tokens[2].all_caps);
    }
}
