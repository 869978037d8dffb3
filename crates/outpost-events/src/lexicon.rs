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
    /// Words or phrases one of which must follow the trigger within
    /// six words (`OBJECT_WINDOW`), before any of the lexicon's
    /// `object_stops` (a phrase may open with one: "out of", "from his
    /// home"): what was seized, who was beaten. Several
    /// triggers may share a form; the first in file order whose conditions
    /// hold codes it ("seized the town" and "seized weapons").
    #[serde(default)]
    pub needs_object: Vec<String>,
    /// Whether the sentence must count people for the trigger to count.
    #[serde(default)]
    pub needs_casualty_count: bool,
    /// Whether the trigger's words have an everyday sense ("shares shot
    /// up", "a bid battle", "agreed a merger"): its event needs a
    /// `conflict_context` word in its passage besides the trigger, unless
    /// the article reads as security news.
    #[serde(default)]
    pub needs_setting: bool,
    /// Words or phrases that, within the status `window` of words before
    /// the trigger, make it no trigger: "released twelve hostages" is a
    /// release, not an abduction.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Words or phrases that, within the status `window` of words after
    /// the trigger, make it no trigger: "two hostages were freed".
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Whether the trigger's event keeps its own type and ACLED type (none
    /// when it has none), whatever the classifier reads: it was trained on
    /// no such act ("the army released 40 prisoners" read as an agreement).
    #[serde(default)]
    pub keep_type: bool,
    /// `needs_context` and `needs_object` split into words once, when the
    /// lexicon loads.
    #[serde(skip)]
    pub(crate) context_words: Vec<Vec<String>>,
    #[serde(skip)]
    pub(crate) object_words: Vec<Vec<String>>,
    #[serde(skip)]
    pub(crate) not_after_words: Vec<Vec<String>>,
    #[serde(skip)]
    pub(crate) not_before_words: Vec<Vec<String>>,
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
    /// Verbs of denial whose "that" clause did not happen ("denied that
    /// troops shelled the market").
    #[serde(default)]
    pub denial: Vec<String>,
    /// Prepositions after which a "no" negates another noun, not the
    /// trigger ("gave no details about the fighting", "no one was hurt in
    /// the attack").
    #[serde(default)]
    pub no_scope_ends: Vec<String>,
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
    /// Words or phrases that, in the passage the classifier reads, are
    /// evidence for this label: "tear gas" for a protest with
    /// intervention, "live ammunition" for excessive force.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Words or phrases one of which must also be in the passage for the
    /// cues to count ("protesters" beside "tear gas").
    #[serde(default)]
    pub cue_context: Vec<String>,
    #[serde(skip)]
    pub(crate) cue_words: Vec<Vec<String>>,
    #[serde(skip)]
    pub(crate) cue_context_words: Vec<Vec<String>>,
}

/// Who takes territory: words naming a state's forces and words naming
/// non-state armed groups. ACLED tells "Government regains territory" from
/// "Non-state actor overtakes territory" by who took it, so the coder reads
/// the agent of a territory trigger with these.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TerritoryAgents {
    /// A state's forces ("army", "government forces", "troops").
    #[serde(default)]
    pub state: Vec<String>,
    /// Non-state armed groups ("rebels", "militants", "Islamic State").
    #[serde(default)]
    pub non_state: Vec<String>,
}

/// Words for actors that are no state's forces.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActorWords {
    /// Groups a nationality adjective can modify without naming the state
    /// ("Iranian drug smugglers", "Afghan villagers"): beside
    /// [`TerritoryAgents::non_state`], which counts too.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Crowds and partisans ("supporters", "rioters", "youths"): a passage
    /// naming one lets the classifier re-type its violence into a
    /// demonstration or mob violence, though no protest word occurs.
    #[serde(default)]
    pub crowds: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct LexiconFile {
    #[serde(default)]
    unstemmed: Vec<String>,
    #[serde(default)]
    territory: TerritoryAgents,
    #[serde(default)]
    actors: ActorWords,
    #[serde(default)]
    modifier_heads: Vec<String>,
    #[serde(default)]
    object_stops: Vec<String>,
    #[serde(default)]
    conflict_context: Vec<String>,
    #[serde(default)]
    political_context: Vec<String>,
    #[serde(default)]
    everyday_context: Vec<String>,
    #[serde(default)]
    disaster_context: Vec<String>,
    #[serde(default)]
    background_context: Vec<String>,
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
    /// Who takes territory: a state's forces or non-state groups.
    pub territory: TerritoryAgents,
    /// Actors that are no state's forces.
    pub actors: ActorWords,
    /// Nouns before which a trigger word names a kind of thing, not an
    /// event ("riot police", "attack helicopters").
    pub modifier_heads: Vec<String>,
    /// Words (prepositions) that end a trigger's object: "took place in the
    /// town" took no town, "drove the rebels out of the town" did.
    pub object_stops: Vec<String>,
    /// Words that place a passage in a security setting (armed or security
    /// forces, crowds, weapons, people harmed or held): see
    /// [`Trigger::needs_setting`].
    pub conflict_context: Vec<String>,
    /// Words of politics and diplomacy: a setting in an everyday-sense
    /// trigger's own passage, but not evidence that an article is security
    /// news.
    pub political_context: Vec<String>,
    /// Words of business, sport, entertainment and computing: a sentence
    /// holding one, and none of `conflict_context` besides its trigger, is
    /// no setting for an everyday-sense trigger ("denial of service
    /// attacks", "the company's president agreed").
    pub everyday_context: Vec<String>,
    /// Words of natural disasters and disease: a sentence holding one, and
    /// none of `conflict_context` besides its trigger, reports no violence
    /// ("the earthquake killed thousands").
    pub disaster_context: Vec<String>,
    /// Words that set an event before the article's news ("last week",
    /// "two years ago"): near its trigger, with no clause break between,
    /// they make the event background, ranked below the article's new
    /// events (it still occurred, and keeps its status).
    pub background_context: Vec<String>,
    pub(crate) conflict_words: Vec<Vec<String>>,
    pub(crate) political_words: Vec<Vec<String>>,
    pub(crate) everyday_words: Vec<Vec<String>>,
    pub(crate) disaster_words: Vec<Vec<String>>,
    pub(crate) background_words: Vec<Vec<String>>,
    pub(crate) crowd_words: Vec<Vec<String>>,
    /// First word of a label cue → (label index, the cue's words).
    pub(crate) cues_by_first_word: HashMap<String, Vec<(usize, Vec<String>)>>,
    /// First word of a form → (trigger index, the form's words), longest forms first.
    pub(crate) by_first_word: HashMap<String, Vec<(usize, Vec<String>)>>,
    /// [`trigger_stem`] of each one-word form → its triggers in file order,
    /// so that inflections the file does not list still match.
    pub(crate) by_stem: HashMap<String, Vec<usize>>,
    /// The words of every group form: non-state groups and other groups
    /// (`non_state_groups`), then a state's forces too (`groups`).
    pub(crate) non_state_groups: Vec<Vec<String>>,
    pub(crate) groups: Vec<Vec<String>>,
    /// The status cues' words: negation, hypothetical, proposed.
    pub(crate) cue_words: [Vec<Vec<String>>; 3],
    /// Inflected words that match only as written ("according" is no
    /// "accord", "based" no military "base").
    pub unstemmed: Vec<String>,
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
        let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, trigger) in file.trigger.iter().enumerate() {
            if trigger.forms.is_empty() {
                return Err(EventsError::Invalid {
                    origin: origin.to_string(),
                    reason: format!("trigger {} ({}) has no forms", i + 1, trigger.event_type),
                });
            }
            for form in &trigger.forms {
                let words = phrase_words(form);
                if let [only] = words.as_slice() {
                    let stem = trigger_stem(only);
                    if stem.chars().count() >= MIN_STEM {
                        let triggers = by_stem.entry(stem).or_default();
                        if !triggers.contains(&i) {
                            triggers.push(i);
                        }
                    }
                }
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
        let words_of = |forms: &[String]| -> Vec<Vec<String>> {
            forms
                .iter()
                .map(|f| phrase_words(f))
                .filter(|f| !f.is_empty())
                .collect()
        };
        let mut triggers = file.trigger;
        for trigger in &mut triggers {
            trigger.context_words = words_of(&trigger.needs_context);
            trigger.object_words = words_of(&trigger.needs_object);
            trigger.not_after_words = words_of(&trigger.not_after);
            trigger.not_before_words = words_of(&trigger.not_before);
        }
        let mut labels = file.label;
        let mut cues_by_first_word: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
        for (l, label) in labels.iter_mut().enumerate() {
            label.cue_words = words_of(&label.cues);
            label.cue_context_words = words_of(&label.cue_context);
            for cue in &label.cue_words {
                cues_by_first_word
                    .entry(cue[0].clone())
                    .or_default()
                    .push((l, cue.clone()));
            }
        }
        let crowd_words = words_of(&file.actors.crowds);
        let mut non_state_groups = words_of(&file.territory.non_state);
        non_state_groups.extend(words_of(&file.actors.groups));
        let mut groups = words_of(&file.territory.state);
        groups.extend(non_state_groups.iter().cloned());
        let cue_words = [
            words_of(&file.status.negation),
            words_of(&file.status.hypothetical),
            words_of(&file.status.proposed),
        ];
        Ok(Lexicon {
            non_state_groups,
            groups,
            cue_words,
            triggers,
            status: file.status,
            casualties: file.casualties,
            labels,
            territory: file.territory,
            actors: file.actors,
            modifier_heads: file.modifier_heads,
            object_stops: file.object_stops,
            conflict_words: words_of(&file.conflict_context),
            political_words: words_of(&file.political_context),
            everyday_words: words_of(&file.everyday_context),
            disaster_words: words_of(&file.disaster_context),
            background_words: words_of(&file.background_context),
            crowd_words,
            conflict_context: file.conflict_context,
            political_context: file.political_context,
            everyday_context: file.everyday_context,
            disaster_context: file.disaster_context,
            background_context: file.background_context,
            cues_by_first_word,
            by_first_word,
            by_stem,
            unstemmed: file.unstemmed,
        })
    }

    /// Whether `word` is an inflection of the phrase word `form_word`
    /// (same [`trigger_stem`], long enough, not `unstemmed`).
    pub(crate) fn same_stem(&self, form_word: &str, word: &str) -> bool {
        let stem = trigger_stem(word);
        stem.chars().count() >= MIN_STEM
            && !self.unstemmed.iter().any(|u| u == word)
            && stem == trigger_stem(form_word)
    }

    /// The trigger an inflected word reaches through its stem ("seizes",
    /// "seizing" → the trigger listing "seized"; "reject" → "rejected"). A
    /// short word that is its own stem ("back" from "backed") matches only
    /// as written, as do short stems ("fir" from "fired" would reach
    /// "fires") and the file's `unstemmed` words.
    pub(crate) fn stem_triggers(&self, word: &str) -> &[usize] {
        let stem = trigger_stem(word);
        if (stem == word && word.chars().count() < MIN_BARE) || stem.chars().count() < MIN_STEM {
            return &[];
        }
        // Most words reach no trigger: look the stem up before the list.
        match self.by_stem.get(&stem) {
            Some(triggers) if !self.unstemmed.iter().any(|u| u == word) => triggers,
            _ => &[],
        }
    }
}

/// How many words after a trigger [`Trigger::needs_object`] reads.
pub const OBJECT_WINDOW: usize = 6;

/// Stems shorter than this match only as written.
const MIN_STEM: usize = 4;
/// Uninflected words shorter than this match only as written: short bare
/// words are too often nouns of another sense ("back", "fight", "storm").
const MIN_BARE: usize = 6;

/// An inflection-stripping stem for trigger words: one of -ings, -ing,
/// -ed, -es, -s off, then a final -e and a doubled final letter, so that
/// "seize", "seized", "seizes", "seizing" share "seiz" and "shelled",
/// "shells" share "shel". Agent nouns (-er, -ers) keep their suffix:
/// "fighters" is not "fighting".
pub fn trigger_stem(word: &str) -> String {
    let mut s = word;
    for suffix in ["ings", "ing", "ed", "es", "s"] {
        if let Some(base) = s.strip_suffix(suffix) {
            if base.chars().count() >= 3 && !base.ends_with('s') {
                s = base;
                break;
            }
        }
    }
    let mut out: String = s.to_string();
    if out.chars().count() > 3 && out.ends_with('e') {
        out.pop();
    }
    let tail: Vec<char> = out.chars().rev().take(2).collect();
    if tail.len() == 2 && tail[0] == tail[1] && !"aeiou".contains(tail[0]) && tail[0] != 's' {
        out.pop();
    }
    out
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
    fn inflections_share_a_stem_and_agent_nouns_do_not() {
        for (a, b) in [
            ("seize", "seizing"),
            ("seized", "seizes"),
            ("shelled", "shells"),
            ("kidnapped", "kidnap"),
            ("clashes", "clash"),
            ("protesting", "protest"),
        ] {
            assert_eq!(trigger_stem(a), trigger_stem(b), "{a} / {b}");
        }
        assert_ne!(trigger_stem("fighters"), trigger_stem("fighting"));
        assert_eq!(trigger_stem("press"), "press");
    }

    #[test]
    fn unlisted_inflections_reach_their_trigger_but_bare_and_unstemmed_words_do_not() {
        let lexicon = Lexicon::from_toml_str(
            r#"
            unstemmed = ["according"]
            [[trigger]]
            forms = ["seized", "backed", "accord"]
            type = "COERCE"
            [status]
            window = 5
            negation = []
            hypothetical = []
            proposed = []
            [casualties]
            killed = []
            injured = []
            people = []
        "#,
            "test.toml",
        )
        .unwrap();
        assert_eq!(lexicon.stem_triggers("seizing"), [0]);
        assert_eq!(lexicon.stem_triggers("seize"), [0]);
        assert!(lexicon.stem_triggers("back").is_empty());
        assert!(lexicon.stem_triggers("seizure").is_empty());
        assert!(lexicon.stem_triggers("according").is_empty());
        assert_eq!(lexicon.stem_triggers("accords"), [0]);
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
