//! Results over the whole collection: stories, canonical events, claims.

use crate::annotations::*;
use crate::date::{DatePrecision, FuzzyDate};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An article as listed by `outpost articles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// Article id.
    pub id: String,
    /// Input path (with `#N` for records).
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date, as stated or, for undated articles, inferred.
    pub published: Option<NaiveDate>,
    /// Whether `published` was inferred from the article's story.
    #[serde(default)]
    pub published_inferred: bool,
    /// Outlet.
    pub outlet: Option<String>,
    /// The story it belongs to.
    pub story_id: Option<String>,
    /// The article it is an exact or near copy of.
    pub duplicate_of: Option<String>,
    /// The earlier article of the same outlet that it updates (a re-issued
    /// wire story with changes): not a copy, and not a second source.
    #[serde(default)]
    pub update_of: Option<String>,
}

/// Articles about the same real-world development, across outlets and days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Story id.
    pub id: String,
    /// Title (its earliest or most central article's).
    pub title: String,
    /// Earliest article date.
    pub first_date: Option<NaiveDate>,
    /// Latest article date.
    pub last_date: Option<NaiveDate>,
    /// Member articles.
    pub article_ids: Vec<String>,
    /// Distinct outlets.
    pub outlets: Vec<String>,
    /// Canonical events mentioned by its articles.
    pub event_ids: Vec<String>,
}

/// One mention of a canonical event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRef {
    /// Article id.
    pub article_id: String,
    /// The article's outlet.
    pub outlet: Option<String>,
    /// The sentence text.
    pub sentence: String,
    /// Sentence start in the article text (code points).
    pub start: usize,
    /// Sentence end.
    pub end: usize,
    /// Who asserts it.
    pub speaker: Option<String>,
}

/// A real-world event, merged from every mention of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalEvent {
    /// Event id.
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// ACLED event type.
    pub acled_event_type: Option<String>,
    /// ACLED sub-event type.
    pub acled_sub_event_type: Option<String>,
    /// Status.
    pub status: EventStatus,
    /// Date rendered as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// day | week | month | year.
    pub date_precision: Option<DatePrecision>,
    /// Who acts.
    pub actor1: Option<ActorRef>,
    /// Who is acted upon.
    pub actor2: Option<ActorRef>,
    /// Where.
    pub location: Option<Location>,
    /// Killed.
    pub fatalities: Option<ValueRange>,
    /// Wounded.
    pub injured: Option<ValueRange>,
    /// Every mention.
    pub mentions: Vec<MentionRef>,
    /// Distinct independent outlets (syndicated copies count once).
    pub outlets: usize,
    /// The story it belongs to.
    pub story_id: Option<String>,
}

/// How the sources relate on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Two or more independent outlets give compatible values.
    Corroborated,
    /// Outlets give incompatible values.
    Contradicted,
    /// Only one outlet says it.
    Single,
}

/// One source's value for a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimValue {
    /// Lowest value.
    pub low: f64,
    /// Highest value (`None`: unbounded).
    pub high: Option<f64>,
    /// Unit.
    pub unit: String,
    /// The number as written.
    pub text: String,
    /// Article id.
    pub article_id: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// The sentence it came from.
    pub sentence: String,
}

/// A subject and attribute compared across sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Claim id.
    pub id: String,
    /// What it is about (readable).
    pub subject: String,
    /// The stable key of the subject.
    pub subject_key: String,
    /// What is measured.
    pub attribute: String,
    /// Each source's value.
    pub values: Vec<ClaimValue>,
    /// Corroborated, contradicted or single.
    pub verdict: Verdict,
}

impl CanonicalEvent {
    /// The event's date as a period, parsed back from `date` and `date_precision`.
    pub fn period(&self) -> Option<FuzzyDate> {
        let date = self.date.as_deref()?;
        let precision = self.date_precision?;
        let full = match date.len() {
            4 => format!("{date}-01-01"),
            7 => format!("{date}-01"),
            _ => date.to_string(),
        };
        let day = NaiveDate::parse_from_str(&full, "%Y-%m-%d").ok()?;
        Some(FuzzyDate {
            date: day,
            precision,
        })
    }
}

/// An entity as seen across the whole collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionEntity {
    /// Canonical id.
    pub id: String,
    /// person | organisation | country | place.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// Every surface form seen.
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
    /// Latitude (places).
    pub lat: Option<f64>,
    /// Longitude (places).
    pub lon: Option<f64>,
    /// Province or region (places).
    pub admin1: Option<String>,
    /// Articles that mention it.
    pub article_ids: Vec<String>,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Article id.
    pub article_id: String,
    /// Title.
    pub title: Option<String>,
    /// Input path.
    pub source: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Matching passage with the terms marked `[…]`.
    pub snippet: String,
}
