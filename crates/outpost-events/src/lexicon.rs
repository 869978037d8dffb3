//! The trigger lexicon: data that says which words signal which events.

use crate::error::{EventsError, Result};
use serde::Deserialize;
use std::collections::HashMap;

/// The lexicon compiled into the binary (`data/events/lexicon.toml`).
pub const EMBEDDED_LEXICON: &str = include_str!("../../../data/events/lexicon.toml");

/// One kind of trigger: its surface forms and what they code to.
#[derive(Debug, Clone, Deserialize)]
pub struct Trigger {
    /// Lower-case words or phrases.
    pub forms: Vec<String>,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode.
    #[serde(default)]
    pub mode: Option<String>,
    /// ACLED event type and sub-event type.
    #[serde(default)]
    pub acled: Option<[String; 2]>,
    /// How newsworthy such an event is.
    #[serde(default = "one")]
    pub weight: f32,
    /// Words or phrases one of which must be in the sentence.
    #[serde(default)]
    pub needs_context: Vec<String>,
    /// Whether the sentence must count people for the trigger to count.
    #[serde(default)]
    pub needs_casualty_count: bool,
}

fn one() -> f32 {
    1.0
}

/// Words that set an event's status.
#[derive(Debug, Clone, Deserialize)]
pub struct StatusCues {
    /// How many words before the trigger are read.
    pub window: usize,
    /// Cues of denial or negation.
    pub negation: Vec<String>,
    /// Cues of possibility.
    pub hypothetical: Vec<String>,
    /// Cues of plans, proposals and requests.
    pub proposed: Vec<String>,
    /// Base forms of trigger verbs that are never nouns: one right after
    /// another trigger is a garbled sentence, not an event.
    #[serde(default)]
    pub bare_verbs: Vec<String>,
}

/// Words for counting casualties.
#[derive(Debug, Clone, Deserialize)]
pub struct CasualtyWords {
    /// Words that mark the killed.
    pub killed: Vec<String>,
    /// Words that mark the injured.
    pub injured: Vec<String>,
    /// Nouns that count people.
    pub people: Vec<String>,
    /// Hedges too vague to report as casualty counts.
    #[serde(default)]
    pub vague: Vec<String>,
}

/// A fine event type the learned classifier chooses among: its code, ACLED
/// event and sub-event type, and the PLOVER type and mode it has.
#[derive(Debug, Clone, Deserialize)]
pub struct EventLabel {
    /// Short code (those of the CASE 2021 shared task, e.g. `ARMED_CLASH`).
    pub code: String,
    /// ACLED event type and sub-event type.
    pub acled: [String; 2],
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode.
    #[serde(default)]
    pub mode: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LexiconFile {
    trigger: Vec<Trigger>,
    status: StatusCues,
    casualties: CasualtyWords,
    #[serde(default)]
    label: Vec<EventLabel>,
}

/// A parsed, indexed lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Trigger kinds, in file order.
    pub triggers: Vec<Trigger>,
    /// Status cues.
    pub status: StatusCues,
    /// Casualty words.
    pub casualties: CasualtyWords,
    /// Fine event types for the classifier, by code.
    pub labels: Vec<EventLabel>,
    /// First word of a form → (trigger index, the form's words), longest forms first.
    pub(crate) by_first_word: HashMap<String, Vec<(usize, Vec<String>)>>,
}

impl Lexicon {
    /// The lexicon compiled into the binary.
    pub fn embedded() -> Result<Self> {
        Self::from_toml_str(EMBEDDED_LEXICON, "embedded")
    }

    /// Parses a lexicon; `origin` names it in errors.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self> {
        let file: LexiconFile = toml::from_str(text).map_err(|source| EventsError::Lexicon {
            origin: origin.to_string(),
            source,
        })?;
        let mut by_first_word: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
        for (i, trigger) in file.trigger.iter().enumerate() {
            if trigger.forms.is_empty() {
                return Err(EventsError::Invalid {
                    origin: origin.to_string(),
                    reason: format!("trigger {} ({}) has no forms", i + 1, trigger.event_type),
                });
            }
            for form in &trigger.forms {
                let words = phrase_words(form);
                if let Some(first) = words.first() {
                    by_first_word
                        .entry(first.clone())
                        .or_default()
                        .push((i, words));
                }
            }
        }
        for candidates in by_first_word.values_mut() {
            candidates.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        }
        Ok(Lexicon {
            triggers: file.trigger,
            status: file.status,
            casualties: file.casualties,
            labels: file.label,
            by_first_word,
        })
    }
}

/// A phrase split the way sentences are ("cease-fire" → cease, fire).
pub fn phrase_words(phrase: &str) -> Vec<String> {
    let chars: Vec<char> = phrase.chars().collect();
    crate::words::words(&chars, 0, chars.len())
        .into_iter()
        .map(|w| w.lower)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses_and_indexes_multiword_forms() {
        let lexicon = Lexicon::embedded().unwrap();
        assert!(lexicon.triggers.iter().any(|t| t.event_type == "ASSAULT"));
        assert!(lexicon
            .labels
            .iter()
            .any(|l| l.code == "ARMED_CLASH" && l.acled[1] == "Armed clash"));
        let opened = &lexicon.by_first_word["opened"];
        assert!(opened.iter().any(|(_, w)| w == &["opened", "fire"]));
    }

    #[test]
    fn a_trigger_without_forms_is_an_error() {
        let bad = r#"
            [[trigger]]
            forms = []
            type = "ASSAULT"
            [status]
            window = 5
            negation = []
            hypothetical = []
            proposed = []
            [casualties]
            killed = []
            injured = []
            people = []
        "#;
        let err = Lexicon::from_toml_str(bad, "test.toml").unwrap_err();
        assert!(err.to_string().contains("test.toml"));
    }
}
