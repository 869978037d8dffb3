//! Text-level cleaning shared by plain text and HTML: whitespace, title,
//! blocks, line rules, caption paragraphs, and paragraphs that a stray blank
//! line broke in two.

use crate::dates::DATE_PATTERN;
use crate::rules::{LineRules, LineState, Signals, Verdict};
use regex::Regex;
use std::sync::LazyLock;

/// What cleaning keeps, sets apart and removes.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// The title (first non-empty line of plain text, or the known title).
    pub title: Option<String>,
    /// Body paragraphs in order.
    pub paragraphs: Vec<String>,
    /// Captions and credits.
    pub captions: Vec<String>,
    /// Removed lines, in order.
    pub removed: Vec<String>,
    /// Metadata found in lines.
    pub signals: Signals,
}

/// Where the title comes from.
#[derive(Debug, Clone, Copy)]
pub enum TitleSource<'a> {
    /// The first non-empty line is the title (plain text), unless a known
    /// title is given, which wins (the first line is then dropped only if it
    /// repeats the known title).
    FirstLine(Option<&'a str>),
    /// The title is known from elsewhere (HTML metadata), or absent.
    Known(Option<&'a str>),
}

/// Collapses whitespace (including no-break and zero-width spaces) inside a
/// line and trims it. One pass, no allocation but the result's: it runs
/// over every line of every page.
pub fn normalise_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}') {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

fn same_text(a: &str, b: &str) -> bool {
    same_key(&text_key(a), b)
}

/// Letters and digits of `s`, lower-cased: what two spellings of one
/// title share.
fn text_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `line` has the key `key`, stopping at the first difference
/// (the title is compared with every line).
fn same_key(key: &str, line: &str) -> bool {
    let mut expected = key.chars();
    for c in line
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
    {
        if expected.next() != Some(c) {
            return false;
        }
    }
    !key.is_empty() && expected.next().is_none()
}

/// Cleans `text` with `rules`.
pub fn clean(text: &str, title: TitleSource, rules: &LineRules) -> Cleaned {
    let lines: Vec<String> = text.lines().map(normalise_line).collect();
    let mut cleaned = Cleaned::default();
    let mut first_body_line = 0;
    match title {
        TitleSource::FirstLine(known) => {
            if let Some(i) = lines.iter().position(|l| !l.is_empty()) {
                match known {
                    Some(known) if !same_text(known, &lines[i]) => {}
                    _ => first_body_line = i + 1,
                }
                cleaned.title = Some(
                    known
                        .map(normalise_line)
                        .unwrap_or_else(|| lines[i].clone()),
                );
            } else {
                cleaned.title = known.map(normalise_line);
            }
        }
        TitleSource::Known(known) => {
            cleaned.title = known.map(normalise_line).filter(|t| !t.is_empty())
        }
    }

    let title_key = cleaned.title.as_deref().map(text_key);
    let mut state = LineState::default();
    let mut kept: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut block_has_lines = false;
    for line in lines
        .iter()
        .skip(first_body_line)
        .chain(std::iter::once(&String::new()))
    {
        if line.is_empty() {
            if !current.is_empty() {
                finish_paragraph(current.join(" "), rules, &mut cleaned, &mut kept);
                current.clear();
            }
            if block_has_lines {
                state.block += 1;
                block_has_lines = false;
            }
            continue;
        }
        block_has_lines = true;
        if title_key.as_deref().is_some_and(|k| same_key(k, line)) {
            cleaned.removed.push(line.clone());
            continue;
        }
        // A line that continues a hard-wrapped sentence is prose whatever it
        // looks like alone ("share." or "Reuters." at the start of a line).
        if current
            .last()
            .is_some_and(|previous| continues(previous, line))
        {
            current.push(line.clone());
            continue;
        }
        match rules.classify(line, &mut state, &mut cleaned.signals) {
            Verdict::Body => current.push(line.clone()),
            Verdict::Caption => cleaned.captions.push(line.clone()),
            Verdict::Boilerplate | Verdict::Metadata => cleaned.removed.push(line.clone()),
        }
    }
    cleaned.paragraphs = kept;
    cleaned
}

/// Whether `line` continues the sentence that `previous` (a body line of
/// the same block) left open.
fn continues(previous: &str, line: &str) -> bool {
    let open = !previous
        .trim_end()
        .ends_with(['.', '!', '?', '"', '”', ':', ')']);
    open || line.chars().next().is_some_and(char::is_lowercase)
}

/// Applies paragraph rules (agency dateline, opening caption) and appends
/// the paragraph to `kept`, re-joining it to the previous one when a stray
/// blank line cut a sentence.
fn finish_paragraph(
    mut paragraph: String,
    rules: &LineRules,
    cleaned: &mut Cleaned,
    kept: &mut Vec<String>,
) {
    if let Some(prefix) = rules.strip_wire_dateline(&mut paragraph, &mut cleaned.signals) {
        cleaned.removed.push(prefix);
    }
    if let Some((caption, rest)) = split_caption(&paragraph) {
        cleaned.captions.push(caption);
        paragraph = rest;
    }
    if paragraph.is_empty() {
        return;
    }
    match kept.last_mut() {
        Some(previous) if broken_mid_sentence(previous, &paragraph) => {
            previous.push(' ');
            previous.push_str(&paragraph);
        }
        _ => kept.push(paragraph),
    }
}

/// A paragraph that ends without closing punctuation followed by one that
/// starts in lower case is one paragraph cut by a stray blank line.
fn broken_mid_sentence(previous: &str, next: &str) -> bool {
    let ends_open = previous
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | '-' | '–'));
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    ends_open && starts_lower
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "st", "jr", "sr", "no",
    "gov", "sen", "rep", "prof", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "vs", "etc", "inc", "ltd", "co", "corp", "adm", "brig",
    "cpl", "pvt", "rev", "fig",
];

/// Byte offset where the first sentence of `text` ends (after its closing
/// punctuation), if another sentence follows.
pub fn first_sentence_end(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let next = chars[j..]
            .iter()
            .find(|(_, c)| !c.is_whitespace())
            .map(|&(_, c)| c);
        if !next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '‘')) {
            continue;
        }
        if c == '.' {
            let word: String = text[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let lower = word.to_lowercase();
            let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if single_initial || ABBREVIATIONS.contains(&lower.as_str()) {
                continue;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        return Some(end);
    }
    None
}

static POSITION_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:left|right|centre|center|top|bottom|front|back|(?:second|third|far) (?:from )?(?:left|right)|l-r|l to r|from left|from right|pictured)\)").expect("marker regex")
});
static ENDS_WITH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i),\s*{}\s*\.?$", *DATE_PATTERN)).expect("caption date regex")
});
static PLACE_DASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}.' ]{1,40}?\s(?:-|–|—)\s\S").expect("place dash regex")
});

/// Verbs and auxiliaries that mark a sentence as narrated past, which a
/// caption ("soldiers patrol the border, 3 May 2019.") is not.
const PAST_MARKERS: &[&str] = &[
    "was", "were", "had", "said", "told", "did", "been", "went", "came", "took", "made", "saw",
    "began", "fought", "gave", "left", "won", "lost", "met", "sent", "held", "struck", "fled",
    "would", "could",
];
/// Words ending in -ed that are usually adjectives in captions.
const ED_ADJECTIVES: &[&str] = &[
    "armed",
    "based",
    "disputed",
    "united",
    "occupied",
    "related",
    "proposed",
    "wounded",
    "masked",
    "detained",
    "displaced",
];

fn sounds_present(sentence: &str) -> bool {
    !sentence.split(|c: char| !c.is_alphabetic()).any(|w| {
        let w = w.to_string();
        let lower = w.to_lowercase();
        PAST_MARKERS.contains(&lower.as_str())
            || (w.len() >= 5
                && w == lower
                && w.ends_with("ed")
                && !ED_ADJECTIVES.contains(&lower.as_str()))
    })
}

/// Whether one sentence reads like a photo caption.
fn is_caption_sentence(sentence: &str) -> bool {
    let words = sentence.split_whitespace().count();
    if words > 45 {
        return false;
    }
    if POSITION_MARKER.is_match(sentence) {
        return true;
    }
    ENDS_WITH_DATE.is_match(sentence) && (PLACE_DASH.is_match(sentence) || sounds_present(sentence))
}

/// Splits a caption sentence off the start of a paragraph: the caption and
/// what remains (empty when the whole paragraph is the caption).
fn split_caption(paragraph: &str) -> Option<(String, String)> {
    let end = first_sentence_end(paragraph).unwrap_or(paragraph.len());
    let first = paragraph[..end].trim();
    is_caption_sentence(first).then(|| (first.to_string(), paragraph[end..].trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spaces_inside_lines() {
        assert_eq!(normalise_line("  a\u{a0} b\t\tc\u{200b} "), "a b c");
        assert_eq!(
            normalise_line("\u{feff} a \u{200b} b\u{200d}c\u{a0}"),
            "a bc"
        );
    }

    #[test]
    fn first_sentence_skips_abbreviations_and_initials() {
        let text = "Gen. J. Smith spoke on Sep. 3 in the U.S. capital. Then he left.";
        assert_eq!(
            &text[..first_sentence_end(text).unwrap()].trim_end(),
            &"Gen. J. Smith spoke on Sep. 3 in the U.S. capital."
        );
        assert_eq!(first_sentence_end("One sentence only."), None);
    }

    #[test]
    fn caption_sentences_are_recognised_conservatively() {
        assert!(is_caption_sentence(
            "Marines unload supplies at the port of Beira, 12 Mar 2019."
        ));
        assert!(is_caption_sentence(
            "Mozambique - A nurse checks a child at a clinic in Beira, March 20, 2019."
        ));
        assert!(is_caption_sentence(
            "The mayor (left) and the governor at the harbour on Monday."
        ));
        assert!(!is_caption_sentence(
            "The storm destroyed the harbour of Beira, March 14, 2019."
        ));
        assert!(!is_caption_sentence(
            "The ceasefire was signed on March 14, 2019."
        ));
    }

    #[test]
    fn caption_opening_a_paragraph_is_split_off() {
        let (caption, rest) =
            split_caption("Rescue teams search the rubble in Palu, 30 Sep 2018. The quake killed hundreds of people.").unwrap();
        assert_eq!(
            caption,
            "Rescue teams search the rubble in Palu, 30 Sep 2018."
        );
        assert_eq!(rest, "The quake killed hundreds of people.");
    }

    #[test]
    fn hard_wrapped_lines_that_look_like_furniture_stay_in_the_text() {
        let rules = LineRules::new(crate::outlets::OutletTable::embedded());
        let text = "Title\n\nThe company said it would raise its\nshare.\nAnalysts were told\nby Reuters.\n\nLeave a Reply";
        let cleaned = clean(text, TitleSource::FirstLine(None), &rules);
        assert_eq!(
            cleaned.paragraphs,
            ["The company said it would raise its share. Analysts were told by Reuters."]
        );
        assert_eq!(cleaned.removed, ["Leave a Reply"]);
    }

    #[test]
    fn broken_paragraphs_are_rejoined_only_mid_sentence() {
        assert!(broken_mid_sentence(
            "as well as the",
            "deployment of ships."
        ));
        assert!(!broken_mid_sentence("It ended.", "then more."));
        assert!(!broken_mid_sentence(
            "as well as the",
            "Deployment of ships."
        ));
    }
}
