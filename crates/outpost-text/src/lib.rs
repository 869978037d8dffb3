//! The text stage: sentences, tokens, numbers with hedges, temporal
//! expressions and attribution.
//!
//! Input is an article's main text ([`outpost_core::Extracted::text`],
//! paragraphs separated by blank lines) and, when known, its publication
//! date; output is [`TextAnnotations`]. Every offset is a Unicode code point
//! into the text, as the JSON contract requires. The stage is pure and rule
//! based: a word tokenizer, a sentence splitter aware of abbreviations, a
//! number reader that turns hedges ("some 6,500", "hundreds") into
//! intervals (see [Hedges](#hedges) below), regular
//! expressions for dates that are kept anchor-independent
//! ([`TemporalSpec`]) and resolved separately ([`resolve`]), and
//! reporting-verb patterns for who says what.
//!
//! It does not find entities or events, does not decide which number is a
//! death toll, and does not guess a missing publication date: [`reanchor`]
//! re-resolves the dates once a later stage borrows one.
//!
//! ```
//! use chrono::NaiveDate;
//! use outpost_text::TextAnalyzer;
//!
//! let anchor = NaiveDate::from_ymd_opt(2022, 3, 10).unwrap();
//! let text = "Officials said on Tuesday that some 4,200 people had fled.";
//! let notes = TextAnalyzer::new().analyze(text, Some(anchor));
//! assert_eq!(notes.sentences.len(), 1);
//! assert_eq!(notes.quantities[0].unit.as_deref(), Some("people"));
//! assert_eq!(notes.times[0].resolved.unwrap().render(), "2022-03-08");
//! assert_eq!(notes.attributions[0].speaker, "Officials");
//! ```
//!
//! # Hedges
//!
//! The hedge-to-interval table is documented in the `quantities` module and
//! summarised here: exact N → [N, N]; "about/some/around" → ±3 %;
//! "nearly/almost" → [0.9 N, N]; "fewer than" → [0, N − 1]; "up to" → [0, N];
//! "as many as" → [0.9 N, N]; "at least" → [N, ∞); "more than/over" →
//! [N + 1, ∞); "between N and M" → [N, M]; "a few" [2, 5], "several" [3, 9],
//! "a handful" [3, 6], "dozens" [24, 99], "scores" [40, 99], "hundreds"
//! [200, 999], "thousands" [2000, 9999], "tens of thousands" [20000, 99999],
//! "hundreds of thousands" [200000, 999999].
#![deny(missing_docs)]

mod attribution;
mod lexicon;
mod quantities;
mod sentences;
mod temporal;
mod tokens;

use chrono::NaiveDate;
use outpost_core::{
    Attribution, Quantity, Sentence, Span, TextAnnotations, TimeExpression, ValueRange,
};
use regex::Regex;
use std::sync::LazyLock;

pub use outpost_core::{FuzzyDate, TemporalSpec};
pub use temporal::{resolve, resolve_absolute};
pub use tokens::{byte_offset_to_char, char_offset_to_byte, char_slice, tokens, OffsetMap, Token};

/// URLs and e-mail-like strings, whose digits are not quantities.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+\.(?:com|org|net|am|az|ru|io|gov)(?:/\S*)?")
        .expect("url pattern compiles")
});

/// Annotates article text. It holds no state: the rules and word lists are
/// compiled once per process and shared.
#[derive(Debug, Default, Clone)]
pub struct TextAnalyzer {}

impl TextAnalyzer {
    /// An analyzer with the default rules.
    pub fn new() -> Self {
        TextAnalyzer {}
    }

    /// Sentences, quantities, time expressions (resolved against `anchor`;
    /// absolute dates and decades are resolved even without one) and
    /// attributions of `text`.
    pub fn analyze(&self, text: &str, anchor: Option<NaiveDate>) -> TextAnnotations {
        let map = OffsetMap::new(text);
        let span = |(start, end): (usize, usize)| Span::new(map.char_at(start), map.char_at(end));
        let byte_sentences = sentences::split(text);
        let toks = tokens::tokenize(text);
        let sentence_tokens: Vec<&[tokens::Tok]> = byte_sentences
            .iter()
            .map(|s| {
                let from = toks.partition_point(|t| t.start < s.start);
                let to = toks.partition_point(|t| t.start < s.end);
                &toks[from..to]
            })
            .collect();
        let sentence_of = |byte: usize| {
            byte_sentences
                .partition_point(|s| s.end <= byte)
                .min(byte_sentences.len().saturating_sub(1))
        };

        let found_times = temporal::find(text);
        let mut excluded: Vec<(usize, usize)> =
            found_times.iter().map(|t| (t.start, t.end)).collect();
        excluded.extend(URL.find_iter(text).map(|m| (m.start(), m.end())));
        excluded.sort_unstable();

        let times = found_times
            .into_iter()
            .map(|t| {
                let resolved = match anchor {
                    Some(a) => resolve(&t.spec, a),
                    None => resolve_absolute(&t.spec),
                };
                TimeExpression {
                    span: span((t.start, t.end)),
                    sentence: sentence_of(t.start),
                    text: text[t.start..t.end].to_string(),
                    spec: t.spec,
                    resolved,
                }
            })
            .collect();

        let mut quantities = Vec::new();
        for (index, (sentence, toks)) in byte_sentences.iter().zip(&sentence_tokens).enumerate() {
            let from = excluded.partition_point(|e| e.1 <= sentence.start);
            let to = excluded.partition_point(|e| e.0 < sentence.end);
            let nearby = &excluded[from..to.max(from)];
            for q in quantities::find(text, toks, nearby) {
                quantities.push(Quantity {
                    span: span((q.start, q.end)),
                    sentence: index,
                    text: text[q.start..q.end].to_string(),
                    value: q.value,
                    range: ValueRange {
                        low: q.low,
                        high: q.high,
                    },
                    hedge: q.hedge,
                    unit: q.unit,
                    unit_span: q.unit_span.map(span),
                });
            }
        }

        let paragraphs = sentences::paragraphs(text);
        let quote_spans = attribution::quotes(text, &paragraphs);
        let attributions = attribution::find(text, &byte_sentences, &sentence_tokens, &quote_spans)
            .into_iter()
            .map(|a| Attribution {
                sentence: a.sentence,
                speaker: a.speaker,
                speaker_span: span(a.speaker_span),
                cue: a.cue,
                quote: a.quote.map(span),
            })
            .collect();

        let sentences = byte_sentences
            .iter()
            .map(|s| Sentence {
                start: map.char_at(s.start),
                end: map.char_at(s.end),
                paragraph: s.paragraph,
            })
            .collect();
        TextAnnotations {
            sentences,
            quantities,
            times,
            attributions,
        }
    }
}

/// Re-resolves every time expression against a new anchor (used for
/// undated articles once their story lends them a date).
pub fn reanchor(annotations: &mut TextAnnotations, anchor: NaiveDate) {
    for t in &mut annotations.times {
        t.resolved = resolve(&t.spec, anchor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outpost_core::{DatePrecision, PeriodPart};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(text: &str, span: Span) -> &str {
        char_slice(text, span.start, span.end)
    }

    #[test]
    fn officials_said_on_tuesday_some_people_fled() {
        let text = "Officials said on Tuesday that some 4,200 people had fled.";
        let notes = TextAnalyzer::new().analyze(text, Some(date(2022, 3, 10)));
        let q = &notes.quantities[0];
        assert_eq!(
            (q.text.as_str(), q.value, q.hedge.as_deref()),
            ("some 4,200", 4200.0, Some("some"))
        );
        assert_eq!(
            q.range,
            ValueRange {
                low: 4074.0,
                high: Some(4326.0)
            }
        );
        assert_eq!(at(text, q.unit_span.unwrap()), "people");
        let t = &notes.times[0];
        assert_eq!((t.text.as_str(), t.span), ("Tuesday", Span::new(18, 25)));
        assert_eq!(t.resolved, Some(FuzzyDate::day(date(2022, 3, 8))));
        let a = &notes.attributions[0];
        assert_eq!(
            (a.speaker.as_str(), a.cue.as_str(), a.speaker_span),
            ("Officials", "said", Span::new(0, 9))
        );
    }

    #[test]
    fn offsets_are_code_points_with_curly_quotes() {
        let text = "“Nobody will leave the valley now,” Colonel Idris Mahdi told reporters in Kassala.\n\n\
                    Rebels seized nearly 1,500 rifles in a seven-week offensive.";
        let notes = TextAnalyzer::new().analyze(text, None);
        assert_eq!(notes.sentences.len(), 2);
        assert_eq!(notes.sentences[1].paragraph, 1);
        let a = &notes.attributions[0];
        assert_eq!(a.speaker, "Colonel Idris Mahdi");
        assert_eq!(at(text, a.speaker_span), "Colonel Idris Mahdi");
        assert_eq!(
            at(text, a.quote.unwrap()),
            "Nobody will leave the valley now,"
        );
        let rifles = &notes.quantities[0];
        assert_eq!(at(text, rifles.span), "nearly 1,500");
        assert_eq!(
            rifles.range,
            ValueRange {
                low: 1350.0,
                high: Some(1500.0)
            }
        );
        assert_eq!(notes.quantities[1].unit.as_deref(), Some("week"));
    }

    #[test]
    fn elided_units_and_possessive_counts() {
        let text = "Five civilians were killed and three others wounded, while two of its police officers were injured.";
        let notes = TextAnalyzer::new().analyze(text, None);
        let units: Vec<_> = notes
            .quantities
            .iter()
            .map(|q| q.unit.as_deref().unwrap_or("-"))
            .collect();
        assert_eq!(units, ["civilians", "civilians", "officers"]);
        assert_eq!(
            at(text, notes.quantities[1].unit_span.unwrap()),
            "civilians"
        );
    }

    #[test]
    fn relative_periods_and_decades_resolve_against_anchor() {
        let text = "Fighting broke out late last month. The region was calm in the early 1980s and in May 2019.";
        let notes = TextAnalyzer::new().analyze(text, Some(date(2022, 3, 10)));
        let late = &notes.times[0];
        assert_eq!(
            late.spec,
            TemporalSpec::RelativeMonth {
                months: -1,
                part: Some(PeriodPart::Late)
            }
        );
        assert_eq!(
            late.resolved,
            Some(FuzzyDate {
                date: date(2022, 2, 1),
                precision: DatePrecision::Month
            })
        );
        assert_eq!(notes.times[1].text, "early 1980s");
        assert_eq!(notes.times[1].sentence, 1);
        assert_eq!(notes.times[1].resolved.unwrap().render(), "1980");
        assert_eq!(notes.times[2].resolved.unwrap().render(), "2019-05");
        assert!(notes.quantities.is_empty(), "{:?}", notes.quantities);
    }

    #[test]
    fn undated_articles_resolve_only_absolute_dates_until_reanchored() {
        let text = "The envoy arrived on Friday, days after the March 3, 2020 accord.";
        let mut notes = TextAnalyzer::new().analyze(text, None);
        assert_eq!(notes.times[0].resolved, None);
        assert_eq!(
            notes.times[1].resolved,
            Some(FuzzyDate::day(date(2020, 3, 3)))
        );
        reanchor(&mut notes, date(2020, 3, 9));
        assert_eq!(
            notes.times[0].resolved,
            Some(FuzzyDate::day(date(2020, 3, 6)))
        );
    }

    #[test]
    fn pronoun_speakers_take_the_previous_named_speaker() {
        let text = "Kenya's interior ministry said the border would reopen. It said 300 lorries were waiting. \
                    The column was attacked, according to the Red Cross.";
        let notes = TextAnalyzer::new().analyze(text, None);
        let speakers: Vec<_> = notes
            .attributions
            .iter()
            .map(|a| (a.sentence, a.speaker.as_str(), a.cue.as_str()))
            .collect();
        assert_eq!(
            speakers,
            [
                (0, "Kenya's interior ministry", "said"),
                (1, "Kenya's interior ministry", "said"),
                (2, "Red Cross", "according to")
            ]
        );
    }

    #[test]
    fn statements_appositions_and_quoted_as_saying() {
        let text = "A statement released by the ministry said the talks failed. \
                    A Peruvian Interior Ministry spokeswoman, Ana Ruiz, said on Monday that calm had returned. \
                    Radio Uno quoted Ruiz as saying that \"the roads are open again\". \
                    The claims were denied. The flood claimed the lives of 12 fishermen.";
        let notes = TextAnalyzer::new().analyze(text, None);
        let speakers: Vec<_> = notes
            .attributions
            .iter()
            .map(|a| (a.sentence, a.speaker.as_str(), a.cue.as_str()))
            .collect();
        assert_eq!(
            speakers,
            [
                (0, "ministry", "said"),
                (
                    1,
                    "Peruvian Interior Ministry spokeswoman, Ana Ruiz",
                    "said"
                ),
                (2, "Ruiz", "quoted … as saying"),
            ]
        );
        assert_eq!(
            at(text, notes.attributions[2].quote.unwrap()),
            "the roads are open again"
        );
    }

    #[test]
    fn pronouns_prefer_matching_speakers_and_quotes_take_the_next_speaker() {
        let text = "The Interior Ministry said roads were closed. Governor Lea Brandt said rain would continue. \
                    It said 40 homes flooded. “Rescue teams cannot reach the valley tonight.” She said help was coming.";
        let notes = TextAnalyzer::new().analyze(text, None);
        let speakers: Vec<_> = notes
            .attributions
            .iter()
            .map(|a| (a.sentence, a.speaker.as_str()))
            .collect();
        assert_eq!(
            speakers,
            [
                (0, "Interior Ministry"),
                (1, "Governor Lea Brandt"),
                (2, "Interior Ministry"),
                (3, "Governor Lea Brandt"),
                (4, "Governor Lea Brandt")
            ]
        );
        let quoted = notes.attributions.iter().find(|a| a.sentence == 3).unwrap();
        assert_eq!(
            at(text, quoted.quote.unwrap()),
            "Rescue teams cannot reach the valley tonight."
        );
    }

    #[test]
    fn analyzes_two_thousand_generated_sentences() {
        let templates = [
            "Officials in Town{i} said on Monday that some {n},500 people had fled.",
            "Gen. Ortiz told reporters nearly {n} troops were deployed late last month.",
            "“We will not retreat,” the commander said, adding that three soldiers were killed and four others wounded.",
            "Between {n} and {m} homes burned in the early 1990s, according to the U.N. agency.",
        ];
        let mut text = String::new();
        for i in 0..2000 {
            let sentence = templates[i % templates.len()]
                .replace("{i}", &i.to_string())
                .replace("{n}", &(i % 90 + 10).to_string())
                .replace("{m}", &(i % 90 + 200).to_string());
            text.push_str(&sentence);
            text.push_str(if i % 5 == 4 { "\n\n" } else { " " });
        }
        let notes = TextAnalyzer::new().analyze(&text, Some(date(2022, 3, 10)));
        assert_eq!(notes.sentences.len(), 2000);
        assert!(notes.quantities.len() >= 2000);
        assert!(notes.attributions.len() >= 1500);
    }

    #[test]
    fn seed_articles_keep_invariants() {
        let dir = std::path::Path::new("/work/shared/seeds");
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("skipping: {} not present", dir.display());
            return;
        };
        let analyzer = TextAnalyzer::new();
        let mut checked = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let length = text.chars().count();
            let notes = analyzer.analyze(&text, None);
            assert!(!notes.sentences.is_empty(), "{}", path.display());
            let mut previous_end = 0;
            for s in &notes.sentences {
                assert!(
                    s.start < s.end && s.end <= length && s.start >= previous_end,
                    "{}: {s:?}",
                    path.display()
                );
                let body = char_slice(&text, s.start, s.end);
                assert_eq!(body.trim(), body);
                previous_end = s.end;
            }
            for q in &notes.quantities {
                let sentence = notes.sentences[q.sentence];
                assert!(
                    sentence.span().contains(&q.span),
                    "{}: {q:?}",
                    path.display()
                );
                assert_eq!(char_slice(&text, q.span.start, q.span.end), q.text);
                assert!(q.range.high.is_none_or(|h| h >= q.range.low));
                if q.hedge.is_some() {
                    let tail = &text[char_offset_to_byte(&text, q.span.end)..];
                    let noun_follows = tail.starts_with(' ')
                        && tail[1..].starts_with(|c: char| c.is_lowercase())
                        && !tail[1..].starts_with("of ");
                    if noun_follows {
                        assert!(
                            q.unit.as_deref().is_some_and(|u| !u.is_empty()),
                            "{}: {q:?}",
                            path.display()
                        );
                    }
                }
            }
            for t in &notes.times {
                assert_eq!(char_slice(&text, t.span.start, t.span.end), t.text);
            }
            for a in &notes.attributions {
                assert!(!a.speaker.trim().is_empty());
                assert!(a
                    .quote
                    .is_none_or(|q| notes.sentences[a.sentence].span().contains(&q)));
            }
            checked += 1;
        }
        eprintln!("checked {checked} seed articles");
    }
}
