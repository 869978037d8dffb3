//! PETRARCH-2's validation records (`../shared/bench/events/petrarch2_gsr_validation`):
//! 78 wire sentences with their (source, target, CAMEO event) triples and
//! 12 sentences that must give no event.
//!
//! Each sentence goes through the text, entities and events stages as one
//! article. A gold triple's CAMEO code becomes a PLOVER type through the
//! PLOVER draft's own table (`plover_gsr_cameo/CAMEO2PLOVER-2021.txt`,
//! longest code prefix first); codes the table leaves out (CAMEO 01 "make
//! a public statement" and 02 "appeal", which PLOVER does not code) are
//! counted and skipped. A triple is found when one of the sentence's events
//! has its type; its dyad is right when that event's actor1 and actor2 have
//! the countries the triple's Phoenix codes begin with (checked only where
//! the code begins with a country). The labels are PETRARCH-2's own output
//! corrected by its developers, so PETRARCH-2 scores near 1 by construction:
//! the figure measures agreement with CAMEO practice, not a contest.

use anyhow::{Context, Result};
use outpost_core::{Article, EventMention};
use outpost_events::EventCoder;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Phoenix actor codes whose first three letters name no country.
const NOT_A_COUNTRY: &[&str] = &[
    "IGO", "NGO", "MNC", "UAF", "REB", "INS", "OPP", "GOV", "MIL", "PTY", "CVL", "BUS", "MED",
    "EDU", "JUD", "COP", "SPY", "LAB", "REF", "HLH", "ELI", "CRM", "AGR", "ENV", "LEG", "SET",
    "REL",
];

/// Scores the coder on the validation records in `dir`
/// (`../shared/bench/events`), printing the figures.
pub fn gsr_validation(
    dir: &Path,
    coder: &EventCoder,
    analyse: &dyn Fn(&str) -> Article,
) -> Result<()> {
    let records_path = dir.join("petrarch2_gsr_validation/petr2_gsr_validation.jsonl");
    let Ok(records) = std::fs::read_to_string(&records_path) else {
        return Ok(());
    };
    let table = cameo_to_plover(&dir.join("plover_gsr_cameo/CAMEO2PLOVER-2021.txt"))?;
    let show = std::env::var_os("OUTPOST_EVENTS_SHOW_PETRARCH").is_some();

    let mut tally = Tally::default();
    let mut by_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in records.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}: a line is not JSON", records_path.display()))?;
        let text = record["text"].as_str().unwrap_or_default();
        let category = record["category"].as_str().unwrap_or("?").to_string();
        let events = coder.code(&analyse(text));
        if record["noevents"].as_bool() == Some(true) {
            tally.no_event_sentences += 1;
            tally.no_event_right += usize::from(events.is_empty());
            if show && !events.is_empty() {
                println!("  petrarch no-event got {} | {text}", kinds(&events));
            }
            continue;
        }
        let gold = record["expected_events"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut first_type: Option<&str> = None;
        for triple in &gold {
            let code = triple["event"].as_str().unwrap_or_default();
            let Some(plover) = plover_type(&table, code) else {
                tally.unmapped += 1;
                continue;
            };
            first_type.get_or_insert(plover);
            tally.triples += 1;
            let entry = by_category.entry(category.clone()).or_default();
            entry.0 += 1;
            let Some(event) = events.iter().find(|e| e.event_type == plover) else {
                if show {
                    println!(
                        "  petrarch {plover:<9} ({code}) got {} | {text}",
                        kinds(&events)
                    );
                }
                continue;
            };
            tally.type_found += 1;
            entry.1 += 1;
            let source = country_of(triple["source"].as_str().unwrap_or_default());
            let target = country_of(triple["target"].as_str().unwrap_or_default());
            let actor =
                |a: &Option<outpost_core::ActorRef>| a.as_ref().and_then(|a| a.country.clone());
            if let Some(source) = source {
                tally.source_gold += 1;
                if let Some(country) = actor(&event.actor1) {
                    tally.source_named += 1;
                    tally.source_right += usize::from(country == source);
                }
            }
            if let Some(target) = target {
                tally.target_gold += 1;
                if let Some(country) = actor(&event.actor2) {
                    tally.target_named += 1;
                    tally.target_right += usize::from(country == target);
                }
            }
            if let (Some(source), Some(target)) = (source, target) {
                tally.dyads += 1;
                tally.dyad_right += usize::from(
                    actor(&event.actor1).as_deref() == Some(source)
                        && actor(&event.actor2).as_deref() == Some(target),
                );
            }
        }
        if let Some(first_type) = first_type {
            tally.sentences += 1;
            tally.main_right +=
                usize::from(events.first().map(|e| e.event_type.as_str()) == Some(first_type));
        }
    }

    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "\nPETRARCH-2 validation records (wire sentences; labels are PETRARCH-2's corrected output):"
    );
    println!(
        "  gold triples found (an event of their PLOVER type): {:.3} ({}/{}); {} triples of CAMEO 01/02 skipped",
        share(tally.type_found, tally.triples),
        tally.type_found,
        tally.triples,
        tally.unmapped
    );
    println!(
        "  main event type right: {:.3} ({}/{} sentences)",
        share(tally.main_right, tally.sentences),
        tally.main_right,
        tally.sentences
    );
    println!(
        "  of the triples found: source country right {}/{} named ({} coded), target {}/{} named ({} coded), whole dyad {}/{}",
        tally.source_right,
        tally.source_named,
        tally.source_gold,
        tally.target_right,
        tally.target_named,
        tally.target_gold,
        tally.dyad_right,
        tally.dyads
    );
    println!(
        "  sentences that must give no event: {}/{} gave none",
        tally.no_event_right, tally.no_event_sentences
    );
    let per: Vec<String> = by_category
        .iter()
        .map(|(c, (n, r))| format!("{c} {r}/{n}"))
        .collect();
    println!("  triples found by category: {}", per.join(", "));
    Ok(())
}

#[derive(Default)]
struct Tally {
    triples: usize,
    unmapped: usize,
    type_found: usize,
    sentences: usize,
    main_right: usize,
    source_gold: usize,
    source_named: usize,
    source_right: usize,
    target_gold: usize,
    target_named: usize,
    target_right: usize,
    dyads: usize,
    dyad_right: usize,
    no_event_sentences: usize,
    no_event_right: usize,
}

/// The PLOVER draft's CAMEO table: code → PLOVER type.
fn cameo_to_plover(path: &Path) -> Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (code, rest) = l.split_once(':')?;
            let plover = rest.split([',', '#']).next()?.trim();
            (!code.trim().is_empty() && !plover.is_empty())
                .then(|| (code.trim().to_string(), plover.to_string()))
        })
        .collect())
}

/// The PLOVER type of a CAMEO code: its own row, else its three-digit or
/// two-digit root's.
fn plover_type<'a>(table: &'a HashMap<String, String>, code: &str) -> Option<&'a str> {
    (2..=code.len())
        .rev()
        .find_map(|n| code.get(..n).and_then(|prefix| table.get(prefix)))
        .map(String::as_str)
}

/// The country a Phoenix actor code begins with ("GUYJUD" → "GUY").
fn country_of(code: &str) -> Option<&str> {
    let prefix = code.get(..3)?;
    (prefix.chars().all(|c| c.is_ascii_uppercase()) && !NOT_A_COUNTRY.contains(&prefix))
        .then_some(prefix)
}

fn kinds(events: &[EventMention]) -> String {
    let kinds: Vec<String> = events
        .iter()
        .map(|e| format!("{}:{}", e.event_type, e.trigger))
        .collect();
    if kinds.is_empty() {
        "-".to_string()
    } else {
        kinds.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cameo_code_takes_its_longest_listed_prefix() {
        let table: HashMap<String, String> =
            [("17", "COERCE"), ("173", "COERCE"), ("19", "ASSAULT")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        assert_eq!(plover_type(&table, "1731"), Some("COERCE"));
        assert_eq!(plover_type(&table, "190"), Some("ASSAULT"));
        assert_eq!(plover_type(&table, "010"), None);
    }

    #[test]
    fn phoenix_codes_name_a_country_only_by_an_iso_prefix() {
        assert_eq!(country_of("GUYJUD"), Some("GUY"));
        assert_eq!(country_of("USA"), Some("USA"));
        assert_eq!(country_of("IGOUNO"), None);
        assert_eq!(country_of("---"), None);
    }
}
