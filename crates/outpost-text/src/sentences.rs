//! Sentence splitting.
//!
//! Paragraphs are blocks separated by blank lines; a sentence never crosses
//! one. Inside a paragraph a sentence ends at `.`, `!`, `?` or `…` (with any
//! closing quotes or brackets after it) followed by whitespace and a word
//! that does not start in lower case, unless the period belongs to an
//! abbreviation ("Gen.", "Sept."), an initial ("J. R. Smith"), or an
//! ellipsis inside an open quotation. "U.S.", "a.m." and the like end a
//! sentence only when a typical sentence opener follows them.

use crate::lexicon::{contains, ABBREVIATIONS, SENTENCE_OPENERS, SOFT_ABBREVIATIONS};

/// A sentence as byte offsets, with its paragraph index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteSentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// Byte ranges of the paragraphs of `text` (blank-line separated, trimmed).
pub(crate) fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut block: Option<(usize, usize)> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        if line.trim().is_empty() {
            if let Some(b) = block.take() {
                out.push(b);
            }
        } else {
            let content_start = line_start + (line.len() - line.trim_start().len());
            let content_end = line_start + line.trim_end().len();
            block = Some(match block {
                Some((s, _)) => (s, content_end),
                None => (content_start, content_end),
            });
        }
        line_start = line_end;
    }
    if let Some(b) = block {
        out.push(b);
    }
    out
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | ')' | ']' | '»')
}

/// The word (letters and inner periods) that ends right before byte `at`.
fn word_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '.')
        .last()
        .map_or(at, |(i, _)| i);
    head[start..].trim_start_matches('.')
}

/// The word starting at byte `at` (letters only).
fn word_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Splits `text` into trimmed sentences, never across paragraphs.
pub(crate) fn split(text: &str) -> Vec<ByteSentence> {
    let mut out = Vec::new();
    for (paragraph, (p_start, p_end)) in paragraphs(text).into_iter().enumerate() {
        split_paragraph(text, p_start, p_end, paragraph, &mut out);
    }
    out
}

fn split_paragraph(
    text: &str,
    p_start: usize,
    p_end: usize,
    paragraph: usize,
    out: &mut Vec<ByteSentence>,
) {
    let para = &text[p_start..p_end];
    let mut sentence_start = 0usize;
    let mut in_curly_quote = false;
    let mut in_straight_quote = false;
    let mut chars = para.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '“' => in_curly_quote = true,
            '”' => in_curly_quote = false,
            '"' => in_straight_quote = !in_straight_quote,
            _ => {}
        }
        if !is_terminator(c) {
            continue;
        }
        let mut dots = usize::from(c == '.');
        let mut ellipsis = c == '…';
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if is_terminator(d) {
                dots += usize::from(d == '.');
                ellipsis |= d == '…';
            } else if is_closer(d) {
                match d {
                    '”' => in_curly_quote = false,
                    '"' => in_straight_quote = false,
                    _ => {}
                }
            } else {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        ellipsis |= dots >= 2;
        let Some(next_start) = para[end..]
            .find(|ch: char| !ch.is_whitespace())
            .map(|k| end + k)
        else {
            break;
        };
        if next_start == end {
            continue;
        }
        if !ends_sentence(
            para,
            i,
            c,
            dots,
            ellipsis,
            in_curly_quote || in_straight_quote,
            next_start,
        ) {
            continue;
        }
        push_trimmed(out, p_start, para, sentence_start, end, paragraph);
        sentence_start = next_start;
    }
    push_trimmed(out, p_start, para, sentence_start, para.len(), paragraph);
}

fn ends_sentence(
    para: &str,
    at: usize,
    mark: char,
    dots: usize,
    ellipsis: bool,
    in_quote: bool,
    next_start: usize,
) -> bool {
    let next = para[next_start..].chars().next().unwrap_or(' ');
    if next.is_lowercase() {
        return false;
    }
    if ellipsis {
        return !in_quote;
    }
    if mark != '.' || dots != 1 {
        return true;
    }
    let before = word_before(para, at);
    if before.is_empty() {
        return true;
    }
    let lower = before.to_lowercase();
    if lower == "no" {
        return !next.is_ascii_digit();
    }
    if contains(ABBREVIATIONS, &lower) {
        return false;
    }
    let mut letters = before.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        if first.is_uppercase() {
            return false;
        }
    }
    if contains(SOFT_ABBREVIATIONS, &lower) || (before.contains('.') && before.len() <= 6) {
        let opener = word_at(para, next_start).to_lowercase();
        return contains(SENTENCE_OPENERS, &opener);
    }
    true
}

fn push_trimmed(
    out: &mut Vec<ByteSentence>,
    offset: usize,
    para: &str,
    start: usize,
    end: usize,
    paragraph: usize,
) {
    let slice = &para[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = start + slice.trim_end().len();
    if trimmed_end > trimmed_start {
        out.push(ByteSentence {
            start: offset + trimmed_start,
            end: offset + trimmed_end,
            paragraph,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_on_terminators_and_keeps_closing_quotes() {
        let text =
            "Rebels shelled the town. “We will stay!” the mayor said. Did it work? Nobody knows.";
        assert_eq!(
            texts(text),
            [
                "Rebels shelled the town.",
                "“We will stay!” the mayor said.",
                "Did it work?",
                "Nobody knows."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        let text = "Gen. Okafor met Mr. J. R. Tanaka on Sept. 4 at 3.5 km from the U.S. embassy. The talks ended.";
        assert_eq!(
            texts(text),
            [
                "Gen. Okafor met Mr. J. R. Tanaka on Sept. 4 at 3.5 km from the U.S. embassy.",
                "The talks ended."
            ]
        );
    }

    #[test]
    fn soft_abbreviation_ends_a_sentence_before_an_opener() {
        let text = "The envoy flew to the U.S. The talks began at 9 a.m. on Monday.";
        assert_eq!(
            texts(text),
            [
                "The envoy flew to the U.S.",
                "The talks began at 9 a.m. on Monday."
            ]
        );
        assert_eq!(
            texts("Vote No. 5 failed. No. It did not."),
            ["Vote No. 5 failed.", "No.", "It did not."]
        );
    }

    #[test]
    fn never_crosses_paragraphs_and_counts_them() {
        let text = "  First line without stop\n\nSecond. Third.\n \nFourth";
        let s = split(text);
        assert_eq!(
            texts(text),
            ["First line without stop", "Second.", "Third.", "Fourth"]
        );
        assert_eq!(
            s.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            [0, 1, 1, 2]
        );
    }

    #[test]
    fn ellipsis_inside_quote_does_not_split() {
        let text = "“We waited... Nobody came,” she said. Then rain.";
        assert_eq!(
            texts(text),
            ["“We waited... Nobody came,” she said.", "Then rain."]
        );
    }
}
