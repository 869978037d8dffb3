//! Word tokenizer and code-point/byte offset conversion.
//!
//! A token is a run of letters and digits, or a single punctuation mark.
//! Digits keep their grouping and decimal marks ("6,500", "3.5"), letters
//! keep inner apostrophes ("don't"), but a possessive "'s" is its own token
//! ("Azerbaijan" "'s") so that names match as written elsewhere. Hyphens
//! are their own tokens ("forty" "-" "four", "six" "-" "week"); whether a
//! hyphen was glued to its neighbours is kept in `space_before`.

/// A word or punctuation mark of the text, with code-point offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The token as written.
    pub text: String,
}

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters only (possibly with inner apostrophes), or the possessive "'s".
    Word,
    /// Digits, with grouping commas or a decimal point.
    Number,
    /// Letters and digits mixed ("102nd", "1990s", "F16").
    Mixed,
    /// One punctuation or symbol character.
    Punct,
}

/// A token with byte offsets, used inside the crate.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub lower: String,
    pub kind: Kind,
    /// Whether whitespace (or the start of text) precedes it.
    pub space_before: bool,
    /// Whether its first character is upper-case.
    pub capitalized: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `text` into tokens with byte offsets.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    let mut space_before = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            space_before = true;
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            let mut has_alpha = c.is_alphabetic();
            let mut has_digit = c.is_numeric();
            let mut prev = c;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    has_alpha |= d.is_alphabetic();
                    has_digit |= d.is_numeric();
                    end = i + d.len_utf8();
                    prev = d;
                    chars.next();
                    continue;
                }
                let next = text[i + d.len_utf8()..].chars().next();
                let joins = match d {
                    ',' => {
                        // Digit grouping: exactly three digits follow.
                        prev.is_ascii_digit()
                            && !has_alpha
                            && bytes.len() >= i + 4
                            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
                    }
                    '.' => {
                        prev.is_ascii_digit()
                            && !has_alpha
                            && next.is_some_and(|n| n.is_ascii_digit())
                    }
                    _ if is_apostrophe(d) => {
                        let rest = &text[i + d.len_utf8()..];
                        let possessive = rest.starts_with(['s', 'S'])
                            && !rest[1..].starts_with(|n: char| n.is_alphanumeric());
                        prev.is_alphabetic() && next.is_some_and(char::is_alphabetic) && !possessive
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                chars.next();
                end = i + d.len_utf8();
                prev = d;
            }
            let kind = match (has_alpha, has_digit) {
                (true, true) => Kind::Mixed,
                (false, true) => Kind::Number,
                _ => Kind::Word,
            };
            out.push(Tok {
                start,
                end,
                lower: text[start..end].to_lowercase(),
                kind,
                space_before,
                capitalized: c.is_uppercase(),
            });
        } else if is_apostrophe(c)
            && text[start + c.len_utf8()..].starts_with(['s', 'S'])
            && !space_before
        {
            let end = start + c.len_utf8() + 1;
            if text[end..].starts_with(|n: char| n.is_alphanumeric()) {
                out.push(punct(text, start, c, space_before));
            } else {
                chars.next();
                out.push(Tok {
                    start,
                    end,
                    lower: "'s".into(),
                    kind: Kind::Word,
                    space_before,
                    capitalized: false,
                });
            }
        } else {
            out.push(punct(text, start, c, space_before));
        }
        space_before = false;
    }
    out
}

fn punct(text: &str, start: usize, c: char, space_before: bool) -> Tok {
    let end = start + c.len_utf8();
    Tok {
        start,
        end,
        lower: text[start..end].to_string(),
        kind: Kind::Punct,
        space_before,
        capitalized: false,
    }
}

/// The words and punctuation marks of `text`, with code-point offsets.
///
/// ```
/// let t = outpost_text::tokens("Some 6,500 soldiers’ lives");
/// let words: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(words, ["Some", "6,500", "soldiers", "’", "lives"]);
/// assert_eq!((t[1].start, t[1].end), (5, 10));
/// ```
pub fn tokens(text: &str) -> Vec<Token> {
    let map = OffsetMap::new(text);
    tokenize(text)
        .into_iter()
        .map(|t| Token {
            start: map.char_at(t.start),
            end: map.char_at(t.end),
            text: text[t.start..t.end].to_string(),
        })
        .collect()
}

/// Converts byte offsets of one text to code-point offsets in O(1).
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// `None` for ASCII text, where both offsets agree.
    chars_before: Option<Vec<u32>>,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return OffsetMap { chars_before: None };
        }
        let mut table = vec![0u32; text.len() + 1];
        let mut count = 0u32;
        let mut last = 0usize;
        for (i, _) in text.char_indices() {
            for slot in &mut table[last..=i] {
                *slot = count;
            }
            count += 1;
            last = i + 1;
        }
        for slot in &mut table[last..] {
            *slot = count;
        }
        OffsetMap {
            chars_before: Some(table),
        }
    }

    /// The code-point offset of byte offset `byte` (a byte inside a
    /// character maps to the character after it).
    pub fn char_at(&self, byte: usize) -> usize {
        match &self.chars_before {
            None => byte,
            Some(table) => table
                .get(byte)
                .copied()
                .unwrap_or_else(|| *table.last().unwrap_or(&0)) as usize,
        }
    }
}

/// The byte offset of code point `char_offset` in `text` (the text's length
/// when past its end).
pub fn char_offset_to_byte(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map_or(text.len(), |(b, _)| b)
}

/// The code-point offset of byte offset `byte` in `text`.
pub fn byte_offset_to_char(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices().take_while(|(b, _)| *b < byte).count()
}

/// The slice of `text` between two code-point offsets.
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let from = char_offset_to_byte(text, start);
    let to = char_offset_to_byte(text, end).max(from);
    &text[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn numbers_keep_grouping_and_decimals() {
        assert_eq!(
            words("about 4,200 of 3.5 km, 7, 8."),
            ["about", "4,200", "of", "3.5", "km", ",", "7", ",", "8", "."]
        );
    }

    #[test]
    fn hyphens_and_possessives_split() {
        assert_eq!(
            words("Kenya's forty-four"),
            ["Kenya", "'s", "forty", "-", "four"]
        );
        assert_eq!(words("don't"), ["don't"]);
    }

    #[test]
    fn offsets_count_code_points() {
        let text = "“Él” dijo 5";
        let t = tokens(text);
        let five = t.last().unwrap();
        assert_eq!((five.start, five.end), (10, 11));
        assert_eq!(char_slice(text, five.start, five.end), "5");
        assert_eq!(byte_offset_to_char(text, char_offset_to_byte(text, 10)), 10);
        let map = OffsetMap::new(text);
        assert_eq!(map.char_at(text.len()), 11);
    }
}
