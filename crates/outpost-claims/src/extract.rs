//! Per-article claim statements: death tolls and durations of conflicts,
//! troop strengths of bases.

use outpost_core::{
    Article, DatePrecision, EntityKind, FuzzyDate, Quantity, TimeExpression, ValueRange,
};
use outpost_events::contains_phrase;
use outpost_events::words::{words, Word};
use serde::Deserialize;
use std::collections::HashMap;

const EMBEDDED_SUBJECTS: &str = include_str!("../../../data/claims/subjects.toml");

/// Word lists that say what is worth comparing (`data/claims/subjects.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct SubjectWords {
    /// Nouns naming a war or conflict.
    pub conflict_nouns: Vec<String>,
    /// Words that make a count of people a death toll.
    pub death_cues: Vec<String>,
    /// Counted nouns of a death toll.
    pub toll_units: Vec<String>,
    /// Hedges too vague to compare.
    pub vague_hedges: Vec<String>,
    /// Nouns that hold troops.
    pub garrison_nouns: Vec<String>,
    /// Counted nouns of a troop strength.
    pub troop_units: Vec<String>,
    /// Duration units and their length in days.
    pub durations: HashMap<String, f64>,
}

/// Finds comparable statements in one article.
#[derive(Debug, Clone)]
pub struct ClaimExtractor {
    words: SubjectWords,
}

/// The conflict a passage is about: where and when.
#[derive(Debug, Clone, Default, PartialEq)]
struct ConflictFrame {
    region: Option<(String, String)>,
    period: Option<String>,
}

/// How far (in words) a time expression may sit from a conflict noun to date it.
const TIME_BINDING_WORDS: usize = 6;

impl ClaimExtractor {
    /// An extractor over the word lists compiled into the binary.
    pub fn embedded() -> Self {
        let words =
            toml::from_str(EMBEDDED_SUBJECTS).expect("data/claims/subjects.toml is valid (tested)");
        ClaimExtractor { words }
    }

    /// An extractor over custom word lists.
    pub fn new(words: SubjectWords) -> Self {
        ClaimExtractor { words }
    }

    /// Every comparable statement of the article, in text order.
    pub fn statements(&self, article: &Article) -> Vec<outpost_core::ClaimStatement> {
        let chars: Vec<char> = article.extracted.text.chars().collect();
        let mut frame = ConflictFrame::default();
        let mut out = Vec::new();
        for (index, sentence) in article.annotations.sentences.iter().enumerate() {
            let sentence_words = words(&chars, sentence.start, sentence.end);
            let conflict_at: Vec<usize> = sentence_words
                .iter()
                .enumerate()
                .filter(|(_, w)| self.words.conflict_nouns.contains(&w.lower))
                .map(|(i, _)| i)
                .collect();
            let quantities: Vec<&Quantity> = article
                .annotations
                .quantities
                .iter()
                .filter(|q| q.sentence == index)
                .collect();
            if !conflict_at.is_empty() {
                let conflict_start = sentence_words[conflict_at[0]].start;
                let bound = self.bound_period(article, index, &sentence_words, &conflict_at);
                let incident = matches!(bound, Some(None));
                match bound {
                    Some(Some(period)) => {
                        frame.period = Some(period);
                        if let Some(region) = region_in(article, index, conflict_start) {
                            frame.region = Some(region);
                        }
                    }
                    // A conflict dated to a day is an incident, not the war: it opens no frame.
                    Some(None) => {}
                    None => {
                        if let Some(region) = region_in(article, index, conflict_start) {
                            if frame.region.is_none() {
                                frame.region = Some(region);
                            }
                        }
                    }
                }
                if !incident && frame.period.is_some() {
                    out.extend(self.conflict_statements(
                        article,
                        index,
                        &chars,
                        &sentence_words,
                        &conflict_at,
                        &quantities,
                        &frame,
                    ));
                }
            }
            out.extend(self.garrison_statements(
                article,
                index,
                &chars,
                &sentence_words,
                &quantities,
            ));
        }
        out
    }

    /// The period a time expression near a conflict noun gives it:
    /// `None` when no expression is near, `Some(None)` when it is a day or
    /// week (an incident), `Some(Some(key))` for a month, year or decade.
    fn bound_period(
        &self,
        article: &Article,
        index: usize,
        sentence_words: &[Word],
        conflict_at: &[usize],
    ) -> Option<Option<String>> {
        let times: Vec<&TimeExpression> = article
            .annotations
            .times
            .iter()
            .filter(|t| t.sentence == index)
            .collect();
        let mut best: Option<(usize, &TimeExpression)> = None;
        for t in times {
            let Some(tw) = sentence_words.iter().position(|w| w.start >= t.span.start) else {
                continue;
            };
            let distance = conflict_at
                .iter()
                .map(|c| c.abs_diff(tw))
                .min()
                .unwrap_or(usize::MAX);
            if distance <= TIME_BINDING_WORDS && best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, t));
            }
        }
        let (_, t) = best?;
        let resolved = t.resolved?;
        Some(period_key(&resolved, &t.spec))
    }

    #[allow(clippy::too_many_arguments)]
    fn conflict_statements(
        &self,
        article: &Article,
        index: usize,
        chars: &[char],
        sentence_words: &[Word],
        conflict_at: &[usize],
        quantities: &[&Quantity],
        frame: &ConflictFrame,
    ) -> Vec<outpost_core::ClaimStatement> {
        let mut out = Vec::new();
        let (region_key, region_label) = frame
            .region
            .clone()
            .unwrap_or_else(|| ("unknown".to_string(), "an unnamed conflict".to_string()));
        let period = frame.period.clone().unwrap_or_default();
        let subject = format!("conflict:{region_key}:{period}");
        let subject_label = format!("the conflict in {region_label}, {period}");
        let has_death_cue = self
            .words
            .death_cues
            .iter()
            .any(|c| contains_phrase(sentence_words, c));
        for q in quantities {
            if q.hedge
                .as_deref()
                .is_some_and(|h| self.words.vague_hedges.iter().any(|v| v == h))
            {
                continue;
            }
            let Some(unit) = q.unit.as_deref().map(str::to_lowercase) else {
                continue;
            };
            let q_word = sentence_words
                .iter()
                .position(|w| w.start >= q.span.start)
                .unwrap_or(0);
            if let Some(days) = self.words.durations.get(&unit) {
                let near = conflict_at.iter().any(|c| c.abs_diff(q_word) <= 4);
                if near {
                    let slack = if *days > 1.0 { days / 2.0 } else { 0.0 };
                    let range = ValueRange {
                        low: q.range.low * days - slack,
                        high: q.range.high.map(|h| h * days + slack),
                    };
                    let mut stated = statement(
                        article,
                        index,
                        chars,
                        &subject,
                        &subject_label,
                        "duration",
                        range,
                        "days",
                        q,
                    );
                    if let Some(unit_span) = q.unit_span {
                        stated.quantity_text = chars[q.span.start..unit_span.end.min(chars.len())]
                            .iter()
                            .collect();
                    }
                    out.push(stated);
                }
                continue;
            }
            if has_death_cue && self.words.toll_units.contains(&unit) {
                out.push(statement(
                    article,
                    index,
                    chars,
                    &subject,
                    &subject_label,
                    "deaths",
                    q.range,
                    "people",
                    q,
                ));
            }
        }
        out
    }

    /// Troop strengths: a count of troops in a sentence about a base or
    /// contingent, keyed by the owner's and the host's countries.
    fn garrison_statements(
        &self,
        article: &Article,
        index: usize,
        chars: &[char],
        sentence_words: &[Word],
        quantities: &[&Quantity],
    ) -> Vec<outpost_core::ClaimStatement> {
        let Some(garrison_at) = sentence_words
            .iter()
            .position(|w| self.words.garrison_nouns.contains(&w.lower))
        else {
            return Vec::new();
        };
        let troop_counts: Vec<&&Quantity> = quantities
            .iter()
            .filter(|q| {
                q.unit
                    .as_deref()
                    .is_some_and(|u| self.words.troop_units.contains(&u.to_lowercase()))
            })
            .filter(|q| {
                !q.hedge
                    .as_deref()
                    .is_some_and(|h| self.words.vague_hedges.iter().any(|v| v == h))
            })
            .collect();
        if troop_counts.is_empty() {
            return Vec::new();
        }
        let garrison_start = sentence_words[garrison_at].start;
        let named = country_mentions(article, index);
        // The owner: the country or national organisation named nearest
        // before the garrison noun ("Russia has a base", "a Russian military base").
        let Some(owner) = named
            .iter()
            .filter(|(start, _, _)| *start < garrison_start)
            .max_by_key(|(start, _, _)| *start)
        else {
            return Vec::new();
        };
        // The host: the first other country, or place of another country,
        // named after the garrison noun ("a base in Armenia", "in the city of
        // Gyumri"); failing that, one named before it ("Armenia hosts a base").
        let others = |after: bool| {
            named
                .iter()
                .chain(places(article, index).iter())
                .filter(|(start, code, _)| code != &owner.1 && (*start > garrison_start) == after)
                .min_by_key(|(start, _, _)| if after { *start } else { usize::MAX - *start })
                .cloned()
        };
        let Some(host) = others(true).or_else(|| others(false)) else {
            return Vec::new();
        };
        let host_name = country_name(article, &host.1).unwrap_or_else(|| host.1.clone());
        let noun = &sentence_words[garrison_at].lower;
        let subject = format!("{noun}:{}@{}", owner.1, host.1);
        let owner_name = country_name(article, &owner.1).unwrap_or_else(|| owner.1.clone());
        let label = format!("{owner_name}'s {noun} in {host_name}");
        troop_counts
            .into_iter()
            .map(|q| {
                statement(
                    article, index, chars, &subject, &label, "troops", q.range, "people", q,
                )
            })
            .collect()
    }
}

#[allow(clippy::too_many_arguments)]
fn statement(
    article: &Article,
    index: usize,
    chars: &[char],
    subject: &str,
    subject_label: &str,
    attribute: &str,
    range: ValueRange,
    unit: &str,
    q: &Quantity,
) -> outpost_core::ClaimStatement {
    let sentence = article.annotations.sentences[index];
    outpost_core::ClaimStatement {
        subject: subject.to_string(),
        subject_label: subject_label.to_string(),
        attribute: attribute.to_string(),
        range,
        unit: unit.to_string(),
        sentence: index,
        text: chars[sentence.start..sentence.end.min(chars.len())]
            .iter()
            .collect(),
        quantity_text: q.text.clone(),
    }
}

/// `2020`, `2020s`-style keys: a conflict is named by its year, or by its
/// decade when the text gives only that. A day or week is an incident.
fn period_key(date: &FuzzyDate, spec: &outpost_core::TemporalSpec) -> Option<String> {
    use chrono::Datelike;
    if let outpost_core::TemporalSpec::Decade { start, .. } = spec {
        return Some(format!("{start}s"));
    }
    match date.precision {
        DatePrecision::Day | DatePrecision::Week => None,
        DatePrecision::Month | DatePrecision::Year => Some(date.date.year().to_string()),
    }
}

/// The place named nearest the conflict noun ("Syunik borders districts
/// … retaken during last year's war over Karabakh" is about Karabakh).
fn region_in(article: &Article, index: usize, near: usize) -> Option<(String, String)> {
    article
        .entities
        .iter()
        .filter(|e| e.entity.kind == EntityKind::Place)
        .filter_map(|e| {
            e.mentions
                .iter()
                .filter(|m| m.sentence == index)
                .map(|m| m.start.abs_diff(near))
                .min()
                .map(|d| (d, e))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| (e.entity.id.clone(), e.entity.name.clone()))
}

/// Countries and national organisations named in a sentence, as (start,
/// country code, name), demonyms included.
fn country_mentions(article: &Article, index: usize) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for e in &article.entities {
        if !matches!(
            e.entity.kind,
            EntityKind::Country | EntityKind::Organisation
        ) {
            continue;
        }
        let Some(code) = &e.entity.country else {
            continue;
        };
        for m in e.mentions.iter().filter(|m| m.sentence == index) {
            out.push((m.start, code.clone(), e.entity.name.clone()));
        }
    }
    out.sort();
    out
}

/// Places named in a sentence, as (start, country code, name).
fn places(article: &Article, index: usize) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for e in article
        .entities
        .iter()
        .filter(|e| e.entity.kind == EntityKind::Place)
    {
        let Some(code) = &e.entity.country else {
            continue;
        };
        for m in e.mentions.iter().filter(|m| m.sentence == index) {
            out.push((m.start, code.clone(), e.entity.name.clone()));
        }
    }
    out
}

/// A country's name as the article's entities give it.
fn country_name(article: &Article, code: &str) -> Option<String> {
    article
        .entities
        .iter()
        .find(|e| e.entity.kind == EntityKind::Country && e.entity.country.as_deref() == Some(code))
        .map(|e| e.entity.name.clone())
}
