//! Which canonical events `outpost events` keeps: the `--since`, `--until`,
//! `--type`, `--actor` and `--place` filters.
//!
//! Dates compare as periods: an event dated only to a month (or year, or
//! week) is kept when any day of that period lies within `[since, until]`,
//! because the text does not say which day it was. An event with no date at
//! all cannot be placed in a range, so any date bound excludes it. Text
//! filters are case-insensitive (Unicode lower-casing) and a three-letter
//! country code also matches by equality, so `--actor arm` finds Armenia's
//! forces and `--place AZE` everything located in Azerbaijan.

use chrono::NaiveDate;
use outpost_core::{CanonicalEvent, DatePrecision, FuzzyDate};

/// Filters for [`crate::Store::events`]; `Default` keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Keep events whose date period ends on or after this day.
    pub since: Option<NaiveDate>,
    /// Keep events whose date period starts on or before this day.
    pub until: Option<NaiveDate>,
    /// Keep events whose PLOVER type, ACLED event type or ACLED sub-event
    /// type equals this, ignoring case.
    pub event_type: Option<String>,
    /// Keep events where either actor's name or id contains this, ignoring
    /// case, or whose country code equals it.
    pub actor: Option<String>,
    /// Keep events whose location name or admin1 contains this, ignoring
    /// case, or whose country code equals it.
    pub place: Option<String>,
}

impl EventFilter {
    /// Whether `event` passes every filter that is set.
    pub fn matches(&self, event: &CanonicalEvent) -> bool {
        self.matches_dates(event)
            && self.matches_type(event)
            && self.matches_actor(event)
            && self.matches_place(event)
    }

    fn matches_dates(&self, event: &CanonicalEvent) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(period) = event_period(event) else {
            return false;
        };
        self.since.is_none_or(|since| period.last_day() >= since)
            && self.until.is_none_or(|until| period.date <= until)
    }

    fn matches_type(&self, event: &CanonicalEvent) -> bool {
        let Some(wanted) = non_empty(&self.event_type) else {
            return true;
        };
        let wanted = wanted.to_lowercase();
        std::iter::once(Some(event.event_type.as_str()))
            .chain([
                event.acled_event_type.as_deref(),
                event.acled_sub_event_type.as_deref(),
            ])
            .flatten()
            .any(|candidate| candidate.to_lowercase() == wanted)
    }

    fn matches_actor(&self, event: &CanonicalEvent) -> bool {
        let Some(wanted) = non_empty(&self.actor) else {
            return true;
        };
        let needle = wanted.to_lowercase();
        [&event.actor1, &event.actor2]
            .into_iter()
            .flatten()
            .any(|actor| {
                contains_folded(&actor.name, &needle)
                    || contains_folded(&actor.id, &needle)
                    || same_code(actor.country.as_deref(), wanted)
            })
    }

    fn matches_place(&self, event: &CanonicalEvent) -> bool {
        let Some(wanted) = non_empty(&self.place) else {
            return true;
        };
        let needle = wanted.to_lowercase();
        event.location.as_ref().is_some_and(|location| {
            contains_folded(&location.name, &needle)
                || location
                    .admin1
                    .as_deref()
                    .is_some_and(|admin1| contains_folded(admin1, &needle))
                || same_code(location.country.as_deref(), wanted)
        })
    }
}

/// The event's date as a period. Falls back to the rendering's length when
/// the precision is missing, so a hand-edited or older record still filters.
pub(crate) fn event_period(event: &CanonicalEvent) -> Option<FuzzyDate> {
    if let Some(period) = event.period() {
        return Some(period);
    }
    let date = event.date.as_deref()?;
    let (full, precision) = match date.len() {
        4 => (format!("{date}-01-01"), DatePrecision::Year),
        7 => (format!("{date}-01"), DatePrecision::Month),
        _ => (date.to_string(), DatePrecision::Day),
    };
    let day = NaiveDate::parse_from_str(&full, "%Y-%m-%d").ok()?;
    Some(FuzzyDate {
        date: day,
        precision,
    })
}

/// A filter value, unless it is absent or blank (a blank filter keeps all).
fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn contains_folded(haystack: &str, lowered_needle: &str) -> bool {
    haystack.to_lowercase().contains(lowered_needle)
}

fn same_code(code: Option<&str>, wanted: &str) -> bool {
    code.is_some_and(|code| code.eq_ignore_ascii_case(wanted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use outpost_core::{ActorRef, EventStatus, Location, LocationPrecision};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn event(date: Option<&str>, precision: Option<DatePrecision>) -> CanonicalEvent {
        CanonicalEvent {
            id: "e1".into(),
            event_type: "ASSAULT".into(),
            mode: None,
            acled_event_type: Some("Battles".into()),
            acled_sub_event_type: Some("Armed clash".into()),
            status: EventStatus::Occurred,
            date: date.map(String::from),
            date_precision: precision,
            actor1: Some(ActorRef {
                id: "org:kel_rangers".into(),
                name: "Kelmorian Rangers".into(),
                country: Some("KLM".into()),
            }),
            actor2: None,
            location: Some(Location {
                id: "place:ostra".into(),
                name: "Östra Vale".into(),
                admin1: Some("Northmark".into()),
                country: Some("KLM".into()),
                lat: None,
                lon: None,
                precision: LocationPrecision::Exact,
            }),
            fatalities: None,
            injured: None,
            mentions: vec![],
            outlets: 1,
            story_id: None,
        }
    }

    #[test]
    fn a_month_event_overlapping_the_range_edge_is_kept() {
        let may = event(Some("2022-05"), Some(DatePrecision::Month));
        let since_mid_may = EventFilter {
            since: Some(day(2022, 5, 20)),
            ..Default::default()
        };
        let until_mid_may = EventFilter {
            until: Some(day(2022, 5, 3)),
            ..Default::default()
        };
        let since_june = EventFilter {
            since: Some(day(2022, 6, 1)),
            ..Default::default()
        };
        let until_april = EventFilter {
            until: Some(day(2022, 4, 30)),
            ..Default::default()
        };
        assert!(since_mid_may.matches(&may));
        assert!(until_mid_may.matches(&may));
        assert!(!since_june.matches(&may));
        assert!(!until_april.matches(&may));
    }

    #[test]
    fn undated_events_fail_any_date_bound_but_pass_without_one() {
        let undated = event(None, None);
        assert!(EventFilter::default().matches(&undated));
        assert!(!EventFilter {
            until: Some(day(2030, 1, 1)),
            ..Default::default()
        }
        .matches(&undated));
    }

    #[test]
    fn a_missing_precision_is_inferred_from_the_rendering() {
        let year = event(Some("2019"), None);
        let filter = EventFilter {
            since: Some(day(2019, 12, 31)),
            ..Default::default()
        };
        assert!(filter.matches(&year));
    }

    #[test]
    fn type_matches_plover_or_acled_ignoring_case_but_not_substrings() {
        let e = event(None, None);
        for wanted in ["assault", "BATTLES", "armed clash"] {
            assert!(
                EventFilter {
                    event_type: Some(wanted.into()),
                    ..Default::default()
                }
                .matches(&e),
                "{wanted}"
            );
        }
        assert!(!EventFilter {
            event_type: Some("assa".into()),
            ..Default::default()
        }
        .matches(&e));
    }

    #[test]
    fn actor_matches_name_id_substring_or_country_code() {
        let e = event(None, None);
        for wanted in ["kelmorian", "kel_rangers", "klm"] {
            assert!(
                EventFilter {
                    actor: Some(wanted.into()),
                    ..Default::default()
                }
                .matches(&e),
                "{wanted}"
            );
        }
        // Country codes match whole, not as prefixes.
        assert!(!EventFilter {
            actor: Some("KL".into()),
            ..Default::default()
        }
        .matches(&e));
        assert!(!EventFilter {
            actor: Some("Zorvan".into()),
            ..Default::default()
        }
        .matches(&e));
    }

    #[test]
    fn place_matches_unicode_names_admin1_or_country_code() {
        let e = event(None, None);
        for wanted in ["ÖSTRA", "north", "klm"] {
            assert!(
                EventFilter {
                    place: Some(wanted.into()),
                    ..Default::default()
                }
                .matches(&e),
                "{wanted}"
            );
        }
        assert!(!EventFilter {
            place: Some("Southmark".into()),
            ..Default::default()
        }
        .matches(&e));
        let mut nowhere = e.clone();
        nowhere.location = None;
        assert!(!EventFilter {
            place: Some("north".into()),
            ..Default::default()
        }
        .matches(&nowhere));
    }
}
