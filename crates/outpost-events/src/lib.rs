//! The events stage: an analysed article in, event mentions out.
//!
//! [`EventCoder::code`] reads an [`Article`] whose text, sentences, numbers,
//! dates, attributions and entities are already annotated, and returns one
//! [`EventMention`] per event it finds: PLOVER type and mode, ACLED event and
//! sub-event type, status (occurred / proposed / denied / hypothetical),
//! actors, location, date, the killed and the injured as ranges, the speaker,
//! the outlet and the sentence. Mentions come most newsworthy first: the first
//! is the article's main event.
//!
//! The rules are generic; what they match is data: the trigger lexicon
//! (`data/events/lexicon.toml`, see [`Lexicon`]) and the entities of the
//! theater pack. A sentence with no trigger yields no event (there is no
//! fallback "made a statement" event), and a trigger whose sentence does not
//! meet its conditions (`needs_context`, `needs_casualty_count`) yields none.
//!
//! This stage does not merge mentions across articles (that is the stories
//! stage) and does no I/O.
//!
//! ```
//! use outpost_events::EventCoder;
//! let coder = EventCoder::embedded().unwrap();
//! let article = outpost_events::testing::article("Rebels attacked a convoy on Monday.");
//! let events = coder.code(&article);
//! assert_eq!(events[0].event_type, "ASSAULT");
//! ```
#![deny(missing_docs)]

mod error;
mod lexicon;
pub mod testing;
pub mod words;

pub use error::{EventsError, Result};
pub use lexicon::{phrase_words, CasualtyWords, Lexicon, StatusCues, Trigger, EMBEDDED_LEXICON};

use chrono::NaiveDate;
use outpost_core::{
    ActorRef, Article, ArticleEntity, DatePrecision, EntityKind, EventMention, EventStatus,
    FuzzyDate, Location, LocationPrecision, MentionRole, SideCasualties, ValueRange,
};
use words::{clause_break_between, words, Word};

/// Codes event mentions from analysed articles.
#[derive(Debug, Clone)]
pub struct EventCoder {
    lexicon: Lexicon,
}

/// A trigger found in a sentence.
#[derive(Debug, Clone)]
struct Hit {
    trigger: usize,
    first_word: usize,
    last_word: usize,
}

/// An entity mention in the current sentence, flattened for the rules.
#[derive(Debug, Clone)]
struct Mention<'a> {
    entity: &'a ArticleEntity,
    start: usize,
    end: usize,
    role: MentionRole,
}

const PASSIVE_AUXILIARIES: &[&str] = &["was", "were", "been", "being", "is", "are", "be", "got"];
const AGENT_PREPOSITIONS: &[&str] = &["by", "with", "from"];
/// Words that open a new clause whose verb the status cues before them do
/// not govern ("the request comes *after* three were killed").
const CLAUSE_OPENERS: &[&str] = &[
    "after",
    "before",
    "when",
    "as",
    "since",
    "because",
    "following",
    "amid",
    "while",
    "where",
    "which",
    "who",
    "that",
    "but",
    "and",
    "although",
    "though",
    "until",
    "once",
];
const ANAPHORIC_PLACE: &[&str] = &[
    "there",
    "the area",
    "the region",
    "the village",
    "the town",
    "the border",
];

impl EventCoder {
    /// A coder over a lexicon.
    pub fn new(lexicon: Lexicon) -> Self {
        EventCoder { lexicon }
    }

    /// A coder over the lexicon compiled into the binary.
    pub fn embedded() -> Result<Self> {
        Ok(Self::new(Lexicon::embedded()?))
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Every event mention of the article, most newsworthy first.
    pub fn code(&self, article: &Article) -> Vec<EventMention> {
        let chars: Vec<char> = article.extracted.text.chars().collect();
        let title_types = self.title_types(article.extracted.title.as_deref().unwrap_or(""));
        let mut events = Vec::new();
        for (index, sentence) in article.annotations.sentences.iter().enumerate() {
            let sentence_words = words(&chars, sentence.start, sentence.end);
            let mut seen_types: Vec<&str> = Vec::new();
            let hits = self.hits(&sentence_words);
            for (h, hit) in hits.iter().enumerate() {
                let trigger = &self.lexicon.triggers[hit.trigger];
                if seen_types.contains(&trigger.event_type.as_str()) {
                    continue;
                }
                if is_proper_noun(&chars, &sentence_words, hit)
                    || is_garbled(&hits, h, &sentence_words, &self.lexicon.status.bare_verbs)
                {
                    continue;
                }
                if !self.conditions_hold(trigger, &sentence_words, article, index) {
                    continue;
                }
                seen_types.push(&trigger.event_type);
                let mention =
                    self.mention(article, &chars, index, &sentence_words, hit, &title_types);
                events.push(mention);
            }
        }
        events.sort_by(|a, b| {
            b.salience
                .total_cmp(&a.salience)
                .then(a.sentence.cmp(&b.sentence))
        });
        events
    }

    /// Event types the title speaks of: they mark the article's main event.
    fn title_types(&self, title: &str) -> Vec<String> {
        let chars: Vec<char> = title.chars().collect();
        let title_words = words(&chars, 0, chars.len());
        self.hits(&title_words)
            .into_iter()
            .map(|h| self.lexicon.triggers[h.trigger].event_type.clone())
            .collect()
    }

    /// Triggers in a sentence, longest form first at each position, no overlaps.
    fn hits(&self, sentence_words: &[Word]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < sentence_words.len() {
            let mut matched = None;
            if let Some(candidates) = self.lexicon.by_first_word.get(&sentence_words[i].lower) {
                for (trigger, form) in candidates {
                    let n = form.len();
                    if i + n <= sentence_words.len()
                        && form
                            .iter()
                            .zip(&sentence_words[i..i + n])
                            .all(|(f, w)| *f == w.lower)
                    {
                        matched = Some(Hit {
                            trigger: *trigger,
                            first_word: i,
                            last_word: i + n - 1,
                        });
                        break;
                    }
                }
            }
            match matched {
                Some(hit) => {
                    i = hit.last_word + 1;
                    hits.push(hit);
                }
                None => i += 1,
            }
        }
        hits
    }

    fn conditions_hold(
        &self,
        trigger: &Trigger,
        sentence_words: &[Word],
        article: &Article,
        index: usize,
    ) -> bool {
        if !trigger.needs_context.is_empty()
            && !trigger
                .needs_context
                .iter()
                .any(|phrase| contains_phrase(sentence_words, phrase))
        {
            return false;
        }
        if trigger.needs_casualty_count {
            let people = &self.lexicon.casualties.people;
            let counts_people = article.annotations.quantities.iter().any(|q| {
                q.sentence == index
                    && q.unit
                        .as_deref()
                        .is_some_and(|u| people.iter().any(|p| p == &u.to_lowercase()))
            });
            if !counts_people {
                return false;
            }
        }
        true
    }

    fn mention(
        &self,
        article: &Article,
        chars: &[char],
        index: usize,
        sentence_words: &[Word],
        hit: &Hit,
        title_types: &[String],
    ) -> EventMention {
        let trigger = &self.lexicon.triggers[hit.trigger];
        let sentence = article.annotations.sentences[index];
        let trigger_start = sentence_words[hit.first_word].start;
        let trigger_end = sentence_words[hit.last_word].end;
        let status = self.status(chars, sentence_words, hit);
        let (actor1, actor2) = self.actors(article, chars, index, sentence_words, hit);
        let (actor1, actor2) = if matches!(trigger.event_type.as_str(), "ASSAULT" | "MOBILIZE") {
            (
                actor1.map(|a| armed_forces(article, a)),
                actor2.map(|a| armed_forces(article, a)),
            )
        } else {
            (actor1, actor2)
        };
        let location = self.location(article, chars, index, sentence_words, trigger_start);
        let (time_expression, date) = self.date(article, index, trigger_start, status);
        let (fatalities, injured, casualties_by_side) = if trigger.event_type == "ASSAULT" {
            self.casualties(article, index, sentence_words)
        } else {
            (None, None, Vec::new())
        };
        let (acled_event_type, acled_sub_event_type) =
            self.acled(trigger, &actor1, &actor2, article, index);
        let speaker = article
            .annotations
            .attributions
            .iter()
            .find(|a| a.sentence == index)
            .map(|a| a.speaker.clone());

        let status_factor = if status == EventStatus::Occurred {
            1.0
        } else {
            0.7
        };
        let position = 1.0 / (1.0 + 0.25 * index as f32);
        // The title's first event is the headline; later ones are context ("… after a raid").
        let in_title = match title_types.iter().position(|t| *t == trigger.event_type) {
            Some(0) => 1.5,
            Some(_) => 0.4,
            None => 0.0,
        };
        let casualty_bonus = if fatalities.is_some() { 0.5 } else { 0.0 };
        let salience = trigger.weight * status_factor + position + in_title + casualty_bonus;

        EventMention {
            event_type: trigger.event_type.clone(),
            mode: trigger.mode.clone(),
            acled_event_type,
            acled_sub_event_type,
            status,
            date,
            time_expression,
            actor1,
            actor2,
            location,
            fatalities,
            injured,
            casualties_by_side,
            sentence: index,
            start: sentence.start,
            end: sentence.end,
            text: chars[sentence.start..sentence.end.min(chars.len())]
                .iter()
                .collect(),
            trigger: chars[trigger_start..trigger_end].iter().collect(),
            speaker,
            outlet: article.extracted.outlet.clone(),
            salience,
        }
    }

    /// Reads the clause before the trigger (and "denied reports of" forms)
    /// for negation, possibility and proposal cues.
    fn status(&self, chars: &[char], sentence_words: &[Word], hit: &Hit) -> EventStatus {
        let cues = &self.lexicon.status;
        let trigger_start = sentence_words[hit.first_word].start;
        let from = hit.first_word.saturating_sub(cues.window);
        let mut clause: Vec<&Word> = Vec::new();
        for w in sentence_words[from..hit.first_word].iter().rev() {
            if clause_break_between(chars, w.end, trigger_start)
                || chars_between_has_comma(chars, w.end, trigger_start, 1)
            {
                break;
            }
            if CLAUSE_OPENERS.contains(&w.lower.as_str()) {
                break;
            }
            clause.push(w);
        }
        clause.reverse();
        let window: Vec<Word> = clause.into_iter().cloned().collect();
        if cues.negation.iter().any(|c| contains_phrase(&window, c)) {
            return EventStatus::Denied;
        }
        if cues
            .hypothetical
            .iter()
            .any(|c| contains_phrase(&window, c))
        {
            return EventStatus::Hypothetical;
        }
        if cues.proposed.iter().any(|c| contains_phrase(&window, c)) {
            return EventStatus::Proposed;
        }
        // An infinitive trigger ("to deploy") is an aim, not a fact.
        if hit.first_word > 0
            && sentence_words[hit.first_word - 1].lower == "to"
            && is_base_form(&sentence_words[hit.first_word].lower)
        {
            return EventStatus::Proposed;
        }
        EventStatus::Occurred
    }

    fn actors(
        &self,
        article: &Article,
        chars: &[char],
        index: usize,
        sentence_words: &[Word],
        hit: &Hit,
    ) -> (Option<ActorRef>, Option<ActorRef>) {
        let trigger_start = sentence_words[hit.first_word].start;
        let trigger_end = sentence_words[hit.last_word].end;
        let candidates = actor_mentions(article, index);
        if candidates.is_empty() {
            return (None, None);
        }
        let passive = hit.first_word > 0
            && PASSIVE_AUXILIARIES.contains(&sentence_words[hit.first_word - 1].lower.as_str())
            || sentence_words
                .get(hit.last_word + 1)
                .is_some_and(|w| w.lower == "by");
        let before: Vec<&Mention> = candidates
            .iter()
            .filter(|m| m.end <= trigger_start)
            .collect();
        let after: Vec<&Mention> = candidates
            .iter()
            .filter(|m| m.start >= trigger_end)
            .collect();
        let nearest_before = before
            .iter()
            .rev()
            .find(|m| !clause_break_between(chars, m.end, trigger_start))
            .or(before.last())
            .copied();
        let agent_after = after
            .iter()
            .find(|m| preceded_by(sentence_words, m.start, AGENT_PREPOSITIONS))
            .copied();
        let first_after = after.first().copied();
        let (a1, a2) = if passive {
            (agent_after, nearest_before)
        } else {
            (
                nearest_before,
                first_after.filter(|m| {
                    Some(m.entity.entity.id.as_str())
                        != nearest_before.map(|b| b.entity.entity.id.as_str())
                }),
            )
        };
        let a1 = a1.map(actor_ref);
        let a2 = a2
            .map(actor_ref)
            .filter(|a| Some(&a.id) != a1.as_ref().map(|x| &x.id));
        (a1, a2)
    }

    fn location(
        &self,
        article: &Article,
        chars: &[char],
        index: usize,
        sentence_words: &[Word],
        trigger_start: usize,
    ) -> Option<Location> {
        if let Some(place) = best_place(article, index, trigger_start) {
            return Some(place);
        }
        let anaphoric = ANAPHORIC_PLACE
            .iter()
            .any(|p| contains_phrase(sentence_words, p));
        if anaphoric {
            let paragraph = article.annotations.sentences[index].paragraph;
            for back in (index.saturating_sub(2)..index).rev() {
                if article.annotations.sentences[back].paragraph != paragraph {
                    continue;
                }
                let end = article.annotations.sentences[back].end;
                if let Some(place) = best_place(article, back, end) {
                    return Some(place);
                }
            }
        }
        let _ = chars;
        None
    }

    /// The date from the time expression nearest the trigger; failing that,
    /// for an occurred event in a dated article, the week up to publication.
    fn date(
        &self,
        article: &Article,
        index: usize,
        trigger_start: usize,
        status: EventStatus,
    ) -> (Option<usize>, Option<FuzzyDate>) {
        let nearest = article
            .annotations
            .times
            .iter()
            .enumerate()
            .filter(|(_, t)| t.sentence == index)
            .min_by_key(|(_, t)| t.span.start.abs_diff(trigger_start));
        if let Some((i, t)) = nearest {
            return (Some(i), t.resolved);
        }
        match (status, article.extracted.published) {
            (EventStatus::Occurred, Some(published)) => (None, Some(week_before(published))),
            _ => (None, None),
        }
    }

    /// The killed and the injured: each count of people is tied to the
    /// nearest casualty word after it in the sentence (or just before it:
    /// "killing three", "the deaths of 40"), and to a side where the text
    /// says whose they are.
    fn casualties(
        &self,
        article: &Article,
        index: usize,
        sentence_words: &[Word],
    ) -> (Option<ValueRange>, Option<ValueRange>, Vec<SideCasualties>) {
        let lexicon = &self.lexicon.casualties;
        let people_counts: Vec<_> = article
            .annotations
            .quantities
            .iter()
            .filter(|q| q.sentence == index)
            .filter(|q| {
                q.unit
                    .as_deref()
                    .is_some_and(|u| lexicon.people.iter().any(|p| p.eq_ignore_ascii_case(u)))
            })
            .filter(|q| {
                !q.hedge
                    .as_deref()
                    .is_some_and(|h| lexicon.vague.iter().any(|v| v == h))
            })
            .collect();
        let sides = side_mentions(article, index);
        let mut killed: Option<ValueRange> = None;
        let mut injured: Option<ValueRange> = None;
        let mut by_side: Vec<SideCasualties> = Vec::new();
        let mut previous_side: Option<String> = None;
        for q in &people_counts {
            let unit_is_lives = q
                .unit
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case("lives"));
            let after_pos = sentence_words.iter().position(|w| w.start >= q.span.end);
            let mut kind = None;
            let mut cue_start = q.span.end;
            if unit_is_lives {
                kind = Some(true);
            }
            if kind.is_none() {
                if let Some(pos) = after_pos {
                    for w in sentence_words[pos..].iter().take(9) {
                        if people_counts
                            .iter()
                            .any(|other| other.span.start == w.start && other.span != q.span)
                        {
                            break;
                        }
                        if lexicon.killed.contains(&w.lower) || lexicon.injured.contains(&w.lower) {
                            kind = Some(lexicon.killed.contains(&w.lower));
                            cue_start = w.start;
                            break;
                        }
                    }
                }
            }
            if kind.is_none() {
                let before: Vec<&Word> = sentence_words
                    .iter()
                    .filter(|w| w.end <= q.span.start)
                    .collect();
                for w in before.iter().rev().take(3) {
                    if lexicon.killed.contains(&w.lower) || lexicon.injured.contains(&w.lower) {
                        kind = Some(lexicon.killed.contains(&w.lower));
                        break;
                    }
                }
            }
            let Some(is_killed) = kind else { continue };
            let side = count_side(q, cue_start, sentence_words, &sides, &previous_side);
            previous_side = side.clone();
            let slot = match by_side.iter().position(|s| s.country == side) {
                Some(i) => i,
                None => {
                    by_side.push(SideCasualties {
                        country: side,
                        killed: None,
                        injured: None,
                    });
                    by_side.len() - 1
                }
            };
            if is_killed {
                killed = Some(add(killed, q.range));
                by_side[slot].killed = Some(add(by_side[slot].killed, q.range));
            } else {
                injured = Some(add(injured, q.range));
                by_side[slot].injured = Some(add(by_side[slot].injured, q.range));
            }
        }
        if by_side.iter().all(|s| s.country.is_none()) {
            by_side.clear();
        }
        (killed, injured, by_side)
    }

    /// The trigger's ACLED type, refined: violence against civilians when the
    /// victims are civilians; territory regained by a state or taken by a
    /// non-state actor.
    fn acled(
        &self,
        trigger: &Trigger,
        actor1: &Option<ActorRef>,
        actor2: &Option<ActorRef>,
        article: &Article,
        index: usize,
    ) -> (Option<String>, Option<String>) {
        let Some([event_type, sub_type]) = trigger.acled.clone() else {
            return (None, None);
        };
        if sub_type == "Armed clash" {
            let civilians = article.annotations.quantities.iter().any(|q| {
                q.sentence == index
                    && q.unit
                        .as_deref()
                        .is_some_and(|u| u.to_lowercase().starts_with("civilian"))
            });
            let victim_is_armed = actor2.as_ref().is_some_and(is_armed);
            if civilians && !victim_is_armed {
                return (
                    Some("Violence against civilians".into()),
                    Some("Attack".into()),
                );
            }
        }
        if sub_type == "Government regains territory" {
            let state = actor1
                .as_ref()
                .is_some_and(|a| a.country.is_some() && is_armed_or_state(a));
            if !state {
                return (
                    Some(event_type),
                    Some("Non-state actor overtakes territory".into()),
                );
            }
        }
        (Some(event_type), Some(sub_type))
    }
}

/// A capitalised trigger inside a sentence is a name ("in March", "the
/// Battle of Kursk"), not an event.
fn is_proper_noun(chars: &[char], sentence_words: &[Word], hit: &Hit) -> bool {
    hit.first_word > 0 && chars[sentence_words[hit.first_word].start].is_uppercase()
}

/// A bare verb right after another trigger, with no "to" or modal between
/// ("opted to request assassinate from Russia"), is garbled text, not a
/// second event.
fn is_garbled(hits: &[Hit], h: usize, sentence_words: &[Word], bare_verbs: &[String]) -> bool {
    let hit = &hits[h];
    h > 0
        && hits[h - 1].last_word + 1 == hit.first_word
        && bare_verbs.contains(&sentence_words[hit.first_word].lower)
}

fn chars_between_has_comma(chars: &[char], from: usize, to: usize, max: usize) -> bool {
    let (a, b) = (from.min(chars.len()), to.min(chars.len()));
    a < b && chars[a..b].iter().filter(|c| **c == ',').count() >= max
}

fn is_base_form(word: &str) -> bool {
    !(word.ends_with("ed") || word.ends_with("ing") || word.ends_with('s'))
}

/// Whether a word sequence contains a phrase, matched word by word.
pub fn contains_phrase(sentence_words: &[Word], phrase: &str) -> bool {
    let target = lexicon::phrase_words(phrase);
    if target.is_empty() || target.len() > sentence_words.len() {
        return false;
    }
    sentence_words
        .windows(target.len())
        .any(|w| w.iter().zip(&target).all(|(a, b)| a.lower == *b))
}

fn preceded_by(sentence_words: &[Word], start: usize, preps: &[&str]) -> bool {
    let before: Vec<&Word> = sentence_words.iter().filter(|w| w.end <= start).collect();
    before
        .iter()
        .rev()
        .take(3)
        .any(|w| preps.contains(&w.lower.as_str()))
}

/// Mentions that can act: people, organisations, and countries not used as
/// a place; demonyms stand for their country when nothing else names it.
fn actor_mentions(article: &Article, index: usize) -> Vec<Mention<'_>> {
    let mut out: Vec<Mention> = Vec::new();
    for entity in &article.entities {
        for m in entity.mentions.iter().filter(|m| m.sentence == index) {
            let usable = match entity.entity.kind {
                EntityKind::Person | EntityKind::Organisation => true,
                EntityKind::Country => m.role != MentionRole::Place,
                EntityKind::Place => m.role == MentionRole::Actor,
            };
            if usable {
                out.push(Mention {
                    entity,
                    start: m.start,
                    end: m.end,
                    role: m.role,
                });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    // A demonym inside an actor's own mention ("Armenian" in "Armenian soldiers") is not a second actor.
    let spans: Vec<(usize, usize, MentionRole)> =
        out.iter().map(|m| (m.start, m.end, m.role)).collect();
    out.retain(|m| {
        m.role != MentionRole::Demonym
            || !spans.iter().any(|(s, e, r)| {
                *r != MentionRole::Demonym
                    && *s <= m.start
                    && m.end <= *e
                    && (*s, *e) != (m.start, m.end)
            })
    });
    out
}

fn actor_ref(m: &Mention) -> ActorRef {
    ActorRef {
        id: m.entity.entity.id.clone(),
        name: m.entity.entity.name.clone(),
        country: m.entity.entity.country.clone(),
    }
}

fn is_armed(a: &ActorRef) -> bool {
    let id = a.id.to_lowercase();
    id.starts_with("military:")
        || id.contains("military")
        || id.contains("armed")
        || id.contains("army")
        || id.contains("border")
}

fn is_armed_or_state(a: &ActorRef) -> bool {
    is_armed(a) || a.id.starts_with("country:")
}

/// Where countries are named in a sentence, as (start, end, country code):
/// countries, demonyms, and organisations of a country.
fn side_mentions(article: &Article, index: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for e in &article.entities {
        if !matches!(
            e.entity.kind,
            EntityKind::Country | EntityKind::Organisation
        ) {
            continue;
        }
        let Some(country) = &e.entity.country else {
            continue;
        };
        for m in e.mentions.iter().filter(|m| m.sentence == index) {
            out.push((m.start, m.end, country.clone()));
        }
    }
    out.sort();
    out
}

/// Whose a count is: a country named between the number and its casualty
/// word ("three Armenian soldiers were killed"); for "its"/"their" troops,
/// the country named before; for "others", the previous count's side;
/// otherwise the country named nearest before it in the sentence ("Armenia
/// said three soldiers were killed").
fn count_side(
    q: &outpost_core::Quantity,
    cue_start: usize,
    sentence_words: &[Word],
    sides: &[(usize, usize, String)],
    previous: &Option<String>,
) -> Option<String> {
    let inside_end = cue_start.max(q.unit_span.map(|u| u.end).unwrap_or(q.span.end));
    if let Some((_, _, c)) = sides
        .iter()
        .find(|(s, _, _)| *s >= q.span.start && *s < inside_end)
    {
        return Some(c.clone());
    }
    let words_in_phrase: Vec<&str> = sentence_words
        .iter()
        .filter(|w| w.start >= q.span.start && w.end <= inside_end)
        .map(|w| w.lower.as_str())
        .collect();
    if (words_in_phrase.contains(&"others") || q.unit.as_deref() == Some("others"))
        && previous.is_some()
    {
        return previous.clone();
    }
    sides
        .iter()
        .rev()
        .find(|(_, e, _)| *e <= q.span.start)
        .map(|(_, _, c)| c.clone())
}

/// In violent and military events a state acts through its armed forces:
/// "Azerbaijan attacked" is the Azerbaijani military.
fn armed_forces(article: &Article, actor: ActorRef) -> ActorRef {
    let Some(code) = actor.id.strip_prefix("country:") else {
        return actor;
    };
    let known = article.entities.iter().find(|e| {
        e.entity.kind == EntityKind::Organisation
            && e.entity.country.as_deref() == Some(code)
            && (e.entity.id.contains("military") || e.entity.id.contains("armed_forces"))
    });
    match known {
        Some(e) => ActorRef {
            id: e.entity.id.clone(),
            name: e.entity.name.clone(),
            country: e.entity.country.clone(),
        },
        None => ActorRef {
            id: format!("military:{code}"),
            name: format!("Military forces of {}", actor.name),
            country: Some(code.to_string()),
        },
    }
}

/// The most precise place mentioned in a sentence; ties go to the one
/// nearest the trigger.
fn best_place(article: &Article, index: usize, trigger_start: usize) -> Option<Location> {
    let mut best: Option<(u8, usize, &ArticleEntity)> = None;
    for entity in &article.entities {
        let is_place = matches!(entity.entity.kind, EntityKind::Place);
        for m in entity.mentions.iter().filter(|m| m.sentence == index) {
            if !is_place || m.role == MentionRole::Actor {
                continue;
            }
            let rank = match entity.entity.precision {
                Some(LocationPrecision::Exact) => 0,
                Some(LocationPrecision::Admin1) => 1,
                _ => 2,
            };
            let distance = m.start.abs_diff(trigger_start);
            if best.is_none_or(|(r, d, _)| (rank, distance) < (r, d)) {
                best = Some((rank, distance, entity));
            }
        }
    }
    best.map(|(_, _, e)| Location {
        id: e.entity.id.clone(),
        name: e.entity.name.clone(),
        admin1: e.entity.admin1.clone(),
        country: e.entity.country.clone(),
        lat: e.entity.lat,
        lon: e.entity.lon,
        precision: e.entity.precision.unwrap_or(LocationPrecision::Exact),
    })
}

fn add(total: Option<ValueRange>, more: ValueRange) -> ValueRange {
    match total {
        None => more,
        Some(t) => ValueRange {
            low: t.low + more.low,
            high: match (t.high, more.high) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            },
        },
    }
}

/// The seven days up to and including `published`: when an article reports
/// an event without dating it, it happened in the days before publication.
pub fn week_before(published: NaiveDate) -> FuzzyDate {
    FuzzyDate {
        date: published - chrono::Days::new(6),
        precision: DatePrecision::Week,
    }
}

#[cfg(test)]
mod tests;
