//! Who says what: reporting verbs, "according to", "quoted … as saying",
//! direct quotes, and pronoun speakers.
//!
//! A speaker is the noun phrase next to a reporting verb: before it ("The
//! Defence Ministry said", "Kenya's police chief told"), or after it when
//! the verb follows a quote or a comma ("…,” added the statement"). An
//! apposition is kept whole ("A Foreign Ministry spokeswoman, Ana Ruiz,
//! said"). Pronoun speakers ("he said", "it said") take the most recent
//! named speaker of the previous few sentences. A direct quote (three words
//! or more inside “…” or "…") is credited to the speaker of the sentences it
//! spans, else of the next sentence in its paragraph, else to the speaker of
//! the quote just before it (a quotation running on).

use crate::lexicon::{
    contains, CUE_VERBS, INSTITUTION_HEADS, LEADING_ARTICLES, NOUN_LIKE_CUES, OTHER_PRONOUNS,
    PASSIVE_AUXILIARIES, PERSON_HEADS, SPEAKER_PRONOUNS, SPEAKER_STOPS, SPEAKER_VERB_FILLERS,
    TOLL_WORDS,
};
use crate::sentences::ByteSentence;
use crate::tokens::{Kind, Tok};

/// An attribution as byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundAttribution {
    pub sentence: usize,
    pub speaker: String,
    pub speaker_span: (usize, usize),
    pub cue: String,
    pub quote: Option<(usize, usize)>,
    pub pronoun: bool,
}

/// How many sentences back a pronoun may look for its speaker.
const PRONOUN_REACH: usize = 4;

/// The longest speaker phrase, in tokens.
const MAX_SPEAKER_TOKENS: usize = 10;

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn is_closing_quote(tok: &Tok) -> bool {
    matches!(tok.lower.as_str(), "”" | "\"" | "’" | "'")
}

/// Whether a token may be part of a speaker phrase.
fn is_phrase_word(tok: &Tok) -> bool {
    match tok.kind {
        Kind::Word => {
            tok.capitalized
                || tok.lower == "'s"
                || !(contains(SPEAKER_STOPS, &tok.lower)
                    || contains(CUE_VERBS, &tok.lower)
                    || tok.lower.ends_with("ly")
                    || tok.lower.ends_with("ing"))
        }
        Kind::Mixed | Kind::Number => true,
        Kind::Punct => false,
    }
}

/// The speaker phrase ending at token `end` (inclusive), walking back:
/// the first token index of the phrase.
fn phrase_back(toks: &[Tok], end: usize) -> Option<usize> {
    let mut first = None;
    let mut k = end as isize;
    while k >= 0 && end - (k as usize) < MAX_SPEAKER_TOKENS {
        let i = k as usize;
        let tok = &toks[i];
        let accept = if contains(LEADING_ARTICLES, &tok.lower) {
            if first.is_some() {
                first = Some(i);
            }
            break;
        } else if tok.lower == "-" || tok.lower == "’" || tok.lower == "'" {
            let glued = !tok.space_before && toks.get(i + 1).is_some_and(|n| !n.space_before);
            let plural_possessive = tok.lower != "-"
                && i > 0
                && toks[i - 1].lower.ends_with('s')
                && !tok.space_before
                && toks.get(i + 1).is_some_and(|n| n.space_before);
            first.is_some() && (glued && tok.lower == "-" || plural_possessive)
        } else if tok.lower == "of" {
            first.is_some()
                && toks.get(i + 1).is_some_and(|n| n.capitalized)
                && i > 0
                && toks[i - 1].capitalized
        } else {
            is_phrase_word(tok)
        };
        if !accept {
            break;
        }
        first = Some(i);
        k -= 1;
    }
    first
}

/// The speaker phrase starting at token `start`, walking forward: the last
/// token index of the phrase.
fn phrase_forward(toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let mut i = start;
    while toks
        .get(i)
        .is_some_and(|t| contains(LEADING_ARTICLES, &t.lower))
    {
        i += 1;
    }
    let first = i;
    let mut last = None;
    while let Some(tok) = toks.get(i) {
        if i - first >= MAX_SPEAKER_TOKENS {
            break;
        }
        let accept = if tok.lower == "-" {
            last.is_some() && !tok.space_before && toks.get(i + 1).is_some_and(|n| !n.space_before)
        } else if tok.lower == "of" {
            last.is_some() && toks.get(i + 1).is_some_and(|n| n.capitalized)
        } else {
            is_phrase_word(tok) && !(last.is_none() && tok.kind == Kind::Word && tok.lower == "'s")
        };
        if !accept {
            break;
        }
        last = Some(i);
        i += 1;
    }
    last.map(|l| (first, l))
}

fn trim_articles(toks: &[Tok], mut first: usize, last: usize) -> usize {
    while first < last && contains(LEADING_ARTICLES, &toks[first].lower) {
        first += 1;
    }
    first
}

/// A speaker found in one sentence, as token indices (inclusive).
struct SpeakerTokens {
    first: usize,
    last: usize,
    pronoun: bool,
}

/// The speaker before the reporting verb at `cue`.
fn speaker_before(toks: &[Tok], cue: usize) -> Option<SpeakerTokens> {
    let mut j = cue.checked_sub(1)?;
    let mut skipped = 0;
    loop {
        let tok = &toks[j];
        let filler = contains(SPEAKER_VERB_FILLERS, &tok.lower)
            || (tok.kind == Kind::Word && !tok.capitalized && tok.lower.ends_with("ly"))
            || contains(WEEKDAYS, &tok.lower);
        let bracketed_filler = tok.lower == ","
            && j >= 2
            && contains(SPEAKER_VERB_FILLERS, &toks[j - 1].lower)
            && toks[j - 2].lower == ",";
        if bracketed_filler {
            j = j.checked_sub(3)?;
        } else if filler {
            j = j.checked_sub(1)?;
        } else {
            break;
        }
        skipped += 1;
        if skipped > 4 {
            return None;
        }
    }
    let tok = &toks[j];
    if contains(PASSIVE_AUXILIARIES, &tok.lower) || contains(OTHER_PRONOUNS, &tok.lower) {
        return None;
    }
    if contains(SPEAKER_PRONOUNS, &tok.lower) {
        return Some(SpeakerTokens {
            first: j,
            last: j,
            pronoun: true,
        });
    }
    if tok.lower == "," {
        return apposition(toks, j);
    }
    let first = phrase_back(toks, j)?;
    let first = trim_articles(toks, first, j);
    if !is_plausible(&toks[first..=j]) {
        return None;
    }
    Some(SpeakerTokens {
        first,
        last: j,
        pronoun: false,
    })
}

/// "<role>, <Name>, said": the comma at `comma` closes the name.
fn apposition(toks: &[Tok], comma: usize) -> Option<SpeakerTokens> {
    let name_last = comma.checked_sub(1)?;
    let mut name_first = name_last;
    while name_first > 0 && toks[name_first].capitalized && toks[name_first - 1].capitalized {
        name_first -= 1;
    }
    if !toks[name_first].capitalized || name_first == 0 || toks[name_first - 1].lower != "," {
        return None;
    }
    let role_last = name_first.checked_sub(2)?;
    match phrase_back(toks, role_last) {
        Some(first) if toks[role_last].kind == Kind::Word && !toks[role_last].capitalized => {
            let first = trim_articles(toks, first, role_last);
            Some(SpeakerTokens {
                first,
                last: name_last,
                pronoun: false,
            })
        }
        _ => Some(SpeakerTokens {
            first: name_first,
            last: name_last,
            pronoun: false,
        }),
    }
}

/// A phrase is a plausible speaker if it names something: a capitalised
/// word, or a lower-case noun that is not a bare number.
fn is_plausible(phrase: &[Tok]) -> bool {
    !phrase.is_empty()
        && phrase.last().is_some_and(|t| t.lower != "'s")
        && phrase
            .iter()
            .any(|t| t.kind == Kind::Word && t.lower != "'s")
}

/// The speaker after token `start` ("…, said the minister").
fn speaker_after(toks: &[Tok], start: usize) -> Option<SpeakerTokens> {
    let tok = toks.get(start)?;
    if contains(SPEAKER_PRONOUNS, &tok.lower) {
        return Some(SpeakerTokens {
            first: start,
            last: start,
            pronoun: true,
        });
    }
    let (first, last) = phrase_forward(toks, start)?;
    is_plausible(&toks[first..=last]).then_some(SpeakerTokens {
        first,
        last,
        pronoun: false,
    })
}

fn make(
    text: &str,
    toks: &[Tok],
    sentence: usize,
    speaker: SpeakerTokens,
    cue: String,
) -> FoundAttribution {
    let (start, end) = (toks[speaker.first].start, toks[speaker.last].end);
    FoundAttribution {
        sentence,
        speaker: text[start..end].to_string(),
        speaker_span: (start, end),
        cue,
        quote: None,
        pronoun: speaker.pronoun,
    }
}

/// Whether the cue word at `c` reports speech rather than naming a thing
/// ("member states") or a toll ("claimed some 6,000 lives").
fn is_reporting(toks: &[Tok], c: usize) -> bool {
    let word = toks[c].lower.as_str();
    if contains(NOUN_LIKE_CUES, word) {
        let next = toks.get(c + 1).map(|t| t.lower.as_str());
        if !matches!(
            next,
            Some("that" | ":" | "“" | "\"" | "," | "it" | "he" | "she" | "they")
        ) {
            return false;
        }
    }
    if word.starts_with("claim") {
        return !toks[c + 1..]
            .iter()
            .take(5)
            .any(|t| contains(TOLL_WORDS, &t.lower));
    }
    true
}

/// Attributions signalled by words in one sentence.
fn in_sentence(
    text: &str,
    toks: &[Tok],
    sentence: usize,
    quotes: &[(usize, usize)],
) -> Vec<FoundAttribution> {
    let in_quote = |t: &Tok| quotes.iter().any(|(s, e)| t.start >= *s && t.end <= *e);
    let mut out = Vec::new();
    let mut c = 0;
    while c < toks.len() {
        let tok = &toks[c];
        if tok.kind != Kind::Word || in_quote(tok) {
            c += 1;
            continue;
        }
        if tok.lower == "according" && toks.get(c + 1).is_some_and(|t| t.lower == "to") {
            if let Some(speaker) = speaker_after(toks, c + 2) {
                let next = speaker.last + 1;
                out.push(make(text, toks, sentence, speaker, "according to".into()));
                c = next;
                continue;
            }
        } else if tok.lower == "quoted" {
            if let Some(speaker) = speaker_after(toks, c + 1) {
                let after = speaker.last + 1;
                let as_saying = toks.get(after).is_some_and(|t| t.lower == "as")
                    && toks.get(after + 1).is_some_and(|t| t.lower == "saying");
                if as_saying {
                    out.push(make(
                        text,
                        toks,
                        sentence,
                        speaker,
                        "quoted … as saying".into(),
                    ));
                    c = after + 2;
                    continue;
                }
            }
        } else if contains(CUE_VERBS, &tok.lower) && is_reporting(toks, c) {
            let speaker = speaker_before(toks, c).or_else(|| {
                let after_quote_or_comma =
                    c > 0 && (is_closing_quote(&toks[c - 1]) || toks[c - 1].lower == ",");
                after_quote_or_comma
                    .then(|| speaker_after(toks, c + 1))
                    .flatten()
            });
            // "A statement released by the ministry said": "by" ends the
            // phrase, so the ministry is the speaker.
            if let Some(speaker) = speaker {
                out.push(make(text, toks, sentence, speaker, tok.lower.clone()));
            }
        }
        c += 1;
    }
    out
}

/// Byte spans inside quotation marks with at least three words, per
/// paragraph; a quotation left open runs to the paragraph's end.
pub(crate) fn quotes(text: &str, paragraphs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(p_start, p_end) in paragraphs {
        let mut open: Option<(usize, char)> = None;
        for (i, c) in text[p_start..p_end].char_indices() {
            let at = p_start + i;
            match (c, open) {
                ('“', None) => open = Some((at + c.len_utf8(), '”')),
                ('"', None) => open = Some((at + 1, '"')),
                (close, Some((start, expected))) if close == expected => {
                    out.push((start, at));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some((start, _)) = open {
            out.push((start, p_end));
        }
    }
    out.retain(|&(s, e)| text[s..e].split_whitespace().count() >= 3);
    out
}

/// Every attribution of the text, ordered by sentence.
pub(crate) fn find(
    text: &str,
    sentences: &[ByteSentence],
    sentence_tokens: &[&[Tok]],
    quote_spans: &[(usize, usize)],
) -> Vec<FoundAttribution> {
    let mut per_sentence: Vec<Vec<FoundAttribution>> = sentence_tokens
        .iter()
        .enumerate()
        .map(|(i, toks)| in_sentence(text, toks, i, quote_spans))
        .collect();
    resolve_pronouns(text, &mut per_sentence);
    attach_quotes(sentences, quote_spans, &mut per_sentence);
    per_sentence.into_iter().flatten().collect()
}

/// What kind of speaker a phrase names, for pronoun resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpeakerKind {
    Institution,
    Person,
    Unknown,
}

fn speaker_kind(speaker: &str) -> SpeakerKind {
    let words: Vec<&str> = speaker
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let head = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    if contains(INSTITUTION_HEADS, &head) {
        SpeakerKind::Institution
    } else if contains(PERSON_HEADS, &head)
        || (words.len() >= 2 && words.iter().all(|w| w.starts_with(char::is_uppercase)))
    {
        SpeakerKind::Person
    } else {
        SpeakerKind::Unknown
    }
}

/// Replaces pronoun speakers by the latest named speaker within reach:
/// "it" prefers institutions, "he"/"she" people, then a speaker of
/// unknown kind, then any.
fn resolve_pronouns(text: &str, per_sentence: &mut [Vec<FoundAttribution>]) {
    let mut named: Vec<(usize, String, (usize, usize), SpeakerKind)> = Vec::new();
    for (s, attributions) in per_sentence.iter_mut().enumerate() {
        for a in attributions.iter_mut() {
            if !a.pronoun {
                named.push((
                    s,
                    a.speaker.clone(),
                    a.speaker_span,
                    speaker_kind(&a.speaker),
                ));
                continue;
            }
            let pronoun = text[a.speaker_span.0..a.speaker_span.1].to_lowercase();
            let wanted = match pronoun.as_str() {
                "it" => Some(SpeakerKind::Institution),
                "he" | "she" => Some(SpeakerKind::Person),
                _ => None,
            };
            let in_reach: Vec<_> = named
                .iter()
                .rev()
                .take_while(|(at, ..)| s - at <= PRONOUN_REACH)
                .collect();
            let chosen = in_reach
                .iter()
                .find(|(.., kind)| wanted.is_none_or(|w| w == *kind))
                .or_else(|| {
                    in_reach
                        .iter()
                        .find(|(.., kind)| *kind == SpeakerKind::Unknown)
                })
                .or_else(|| in_reach.first());
            if let Some((_, name, span, _)) = chosen {
                a.speaker = name.clone();
                a.speaker_span = *span;
                a.pronoun = false;
            }
        }
    }
}

fn attach_quotes(
    sentences: &[ByteSentence],
    quote_spans: &[(usize, usize)],
    per_sentence: &mut [Vec<FoundAttribution>],
) {
    for &(qs, qe) in quote_spans {
        let overlapping: Vec<usize> = (0..sentences.len())
            .filter(|&i| sentences[i].start < qe && qs < sentences[i].end)
            .collect();
        let (Some(&first), Some(&last)) = (overlapping.first(), overlapping.last()) else {
            continue;
        };
        let outside = |a: &&FoundAttribution| a.speaker_span.1 <= qs || a.speaker_span.0 >= qe;
        let source = overlapping
            .iter()
            .rev()
            .find_map(|&i| per_sentence[i].iter().find(|a| outside(a)))
            .or_else(|| {
                let next = last + 1;
                (next < sentences.len() && sentences[next].paragraph == sentences[last].paragraph)
                    .then(|| per_sentence[next].first())
                    .flatten()
            })
            .or_else(|| {
                first
                    .checked_sub(1)
                    .and_then(|prev| per_sentence[prev].iter().find(|a| a.quote.is_some()))
            })
            .cloned();
        let Some(source) = source else { continue };
        for &i in &overlapping {
            let clip = (qs.max(sentences[i].start), qe.min(sentences[i].end));
            let existing = per_sentence[i]
                .iter_mut()
                .find(|a| a.speaker_span == source.speaker_span && a.quote.is_none());
            match existing {
                Some(a) => a.quote = Some(clip),
                None => per_sentence[i].push(FoundAttribution {
                    sentence: i,
                    quote: Some(clip),
                    ..source.clone()
                }),
            }
        }
    }
}
