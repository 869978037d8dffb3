//! Annotations the per-document stages (text, entities, events) add.

use crate::date::FuzzyDate;
use serde::{Deserialize, Serialize};

/// A half-open range of Unicode code points `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Whether `other` lies within this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A sentence of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Index of the paragraph (blank-line separated block) it belongs to.
    #[serde(default)]
    pub paragraph: usize,
}

impl Sentence {
    /// The sentence as a span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A numeric interval; `high: None` means unbounded above ("at least 30,000").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValueRange {
    /// Lowest value the text allows.
    pub low: f64,
    /// Highest value the text allows, or `None` when unbounded.
    pub high: Option<f64>,
}

impl ValueRange {
    /// An exact value.
    pub fn exact(v: f64) -> Self {
        ValueRange {
            low: v,
            high: Some(v),
        }
    }

    /// Whether the two intervals share at least one value.
    pub fn overlaps(&self, other: &ValueRange) -> bool {
        let self_high = self.high.unwrap_or(f64::INFINITY);
        let other_high = other.high.unwrap_or(f64::INFINITY);
        self.low <= other_high && other.low <= self_high
    }
}

/// A number found in the text, in digits or words, with its hedge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number and its hedge ("some 6,500", "nearly 2,000", "hundreds").
    pub span: Span,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// The text of `span`.
    pub text: String,
    /// The number as written ("nearly 2,000" → 2000; "hundreds" → 100).
    pub value: f64,
    /// The interval the hedged number stands for.
    pub range: ValueRange,
    /// The hedge word(s), lower-cased ("some", "nearly", "at least"), if any.
    pub hedge: Option<String>,
    /// The counted noun that follows, lower-cased as written ("lives",
    /// "troops", "weeks", "soldiers"), if any.
    pub unit: Option<String>,
    /// Where the counted noun is.
    pub unit_span: Option<Span>,
}

/// The part of a period a relative expression names ("late last month").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodPart {
    /// The first third.
    Early,
    /// The middle third.
    Mid,
    /// The last third.
    Late,
}

/// A temporal expression in a form that can be resolved against any anchor
/// date: the publication date, or, for an undated article, a date borrowed
/// from the other articles of its story.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TemporalSpec {
    /// A calendar date with at least a year ("November 10, 2020", "May 2021", "2020").
    Absolute {
        /// Year.
        year: i32,
        /// Month 1–12.
        month: Option<u32>,
        /// Day of month.
        day: Option<u32>,
    },
    /// A month (and day) without a year ("July 28", "in May"): the year is
    /// the one that puts it nearest before the anchor.
    MonthDay {
        /// Month 1–12.
        month: u32,
        /// Day of month.
        day: Option<u32>,
    },
    /// A weekday ("on Wednesday"): the latest such day on or before the anchor,
    /// shifted by `weeks` (−1 "last Wednesday", +1 "next Wednesday").
    Weekday {
        /// 0 = Monday … 6 = Sunday.
        weekday: u32,
        /// Week shift relative to the nearest past occurrence.
        weeks: i32,
    },
    /// A day relative to the anchor ("today" 0, "yesterday" −1, "tomorrow" +1).
    RelativeDay {
        /// Offset in days.
        days: i32,
    },
    /// A week relative to the anchor's ("earlier this week" 0, "last week" −1).
    RelativeWeek {
        /// Offset in weeks.
        weeks: i32,
        /// Which part of it, if said.
        part: Option<PeriodPart>,
    },
    /// A month relative to the anchor's ("late last month" −1, "this month" 0).
    RelativeMonth {
        /// Offset in months.
        months: i32,
        /// Which part of it, if said.
        part: Option<PeriodPart>,
    },
    /// A year relative to the anchor's ("last year" −1, "this year" 0).
    RelativeYear {
        /// Offset in years.
        years: i32,
        /// Which part of it, if said.
        part: Option<PeriodPart>,
    },
    /// A decade ("the early 1990s").
    Decade {
        /// First year of the decade (1990).
        start: i32,
        /// Which part of it, if said.
        part: Option<PeriodPart>,
    },
}

/// A temporal expression found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// Where it is.
    pub span: Span,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// Its text.
    pub text: String,
    /// What it means, independent of any anchor.
    pub spec: TemporalSpec,
    /// What it resolves to against the article's anchor date, if it has one.
    pub resolved: Option<FuzzyDate>,
}

/// Who a sentence's content is attributed to ("X said", "according to Y").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Index of the sentence whose content is attributed.
    pub sentence: usize,
    /// The speaker as written ("Azerbaijan's defence ministry").
    pub speaker: String,
    /// Where the speaker is.
    pub speaker_span: Span,
    /// The reporting verb or phrase ("said", "according to", "told").
    pub cue: String,
    /// The quoted passage, when the content is a direct quote.
    pub quote: Option<Span>,
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named person.
    Person,
    /// An organisation: armed force, ministry, alliance, agency, party.
    Organisation,
    /// A state, as an actor or as a place.
    Country,
    /// A populated place, province or region.
    Place,
}

/// How precisely a location is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocationPrecision {
    /// A village, town or city: coordinates are the place's own.
    Exact,
    /// A province or region: coordinates are its centre.
    Admin1,
    /// Only the country is known.
    Country,
}

/// A resolved entity: a person, organisation, country or place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical id: `person:…`, `org:…`, `country:ARM`, `place:geonames:616074`, `place:…`.
    pub id: String,
    /// What kind of thing it is.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the country it belongs to.
    pub country: Option<String>,
    /// Province or region, for places.
    pub admin1: Option<String>,
    /// Latitude, for places and countries.
    pub lat: Option<f64>,
    /// Longitude, for places and countries.
    pub lon: Option<f64>,
    /// Role or title, for people ("Prime Minister of Armenia").
    pub role: Option<String>,
    /// How precise the coordinates are, for places.
    pub precision: Option<LocationPrecision>,
}

/// How a mention uses its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionRole {
    /// As an actor: a person, an organisation, or a country or capital used
    /// for its government ("Moscow said", "the Kremlin").
    Actor,
    /// As a place where something is or happens ("in Moscow", "Voskepar").
    Place,
    /// As a modifier ("Armenian soldiers", "Russian border guards").
    Demonym,
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The surface form.
    pub text: String,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// How it is used here.
    pub role: MentionRole,
}

/// An entity and all its mentions in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntity {
    /// The entity.
    #[serde(flatten)]
    pub entity: Entity,
    /// Where it is mentioned.
    pub mentions: Vec<EntityMention>,
}

/// An actor of an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActorRef {
    /// Entity id.
    pub id: String,
    /// Display name ("Armenian military", "Nikol Pashinyan").
    pub name: String,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Entity id of the place.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its province or region.
    pub admin1: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// How precise it is.
    pub precision: LocationPrecision,
}

/// Whether the text says an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// It happened.
    Occurred,
    /// Someone proposes, plans, asks or promises it.
    Proposed,
    /// Someone denies it happened, or the text says it did not.
    Denied,
    /// It might happen ("could consider", "would").
    Hypothetical,
}

/// The killed and the injured of one side, where the text says whose they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideCasualties {
    /// ISO 3166-1 alpha-3 code of the side, when known.
    pub country: Option<String>,
    /// Killed.
    pub killed: Option<ValueRange>,
    /// Wounded.
    pub injured: Option<ValueRange>,
}

/// One mention of an event in one sentence of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    /// PLOVER event type (ASSAULT, REQUEST, …).
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode, if one applies.
    pub mode: Option<String>,
    /// ACLED event type, for violent and strategic events.
    pub acled_event_type: Option<String>,
    /// ACLED sub-event type.
    pub acled_sub_event_type: Option<String>,
    /// Whether it happened.
    pub status: EventStatus,
    /// When, if the text says.
    pub date: Option<FuzzyDate>,
    /// Index into the article's time expressions the date came from, so an
    /// undated article's event can be re-dated once its story is known.
    pub time_expression: Option<usize>,
    /// Who acts.
    pub actor1: Option<ActorRef>,
    /// Who is acted upon.
    pub actor2: Option<ActorRef>,
    /// Where.
    pub location: Option<Location>,
    /// People killed.
    pub fatalities: Option<ValueRange>,
    /// People wounded.
    pub injured: Option<ValueRange>,
    /// The same counts by side ("three Armenian soldiers were killed …
    /// Azerbaijan said two of its troops were wounded"), where known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub casualties_by_side: Vec<SideCasualties>,
    /// Index of the sentence.
    pub sentence: usize,
    /// Sentence start (code points).
    pub start: usize,
    /// Sentence end (code points).
    pub end: usize,
    /// The sentence text.
    pub text: String,
    /// The word or phrase that signals the event.
    pub trigger: String,
    /// Who asserts it, when the text attributes it.
    pub speaker: Option<String>,
    /// The outlet that published the article.
    pub outlet: Option<String>,
    /// How newsworthy the mention is; the article's main event scores highest.
    pub salience: f32,
}
