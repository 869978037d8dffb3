//! The analyst's first checks over the seed articles in `../shared/seeds`
//! (third-party text, read in place, never copied into the repository).

use crate::util::Workdir;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

fn seeds() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    dir.is_dir().then_some(dir)
}

/// One ingest of the seeds shared by every test here.
fn ingested() -> Option<&'static Workdir> {
    static WORKDIR: OnceLock<Option<Workdir>> = OnceLock::new();
    WORKDIR
        .get_or_init(|| {
            let Some(seeds) = seeds() else {
                eprintln!("skipping: ../shared/seeds is not here");
                return None;
            };
            let w = Workdir::new();
            let out = w.run(&["ingest", seeds.to_str().unwrap()]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "ingest failed: {}",
                crate::util::stderr(&out)
            );
            Some(w)
        })
        .as_ref()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

#[test]
fn the_july_28_clash_is_one_event_reported_by_three_outlets() {
    let Some(w) = ingested() else { return };
    let events = w.json(&["events", "--json", "--type", "ASSAULT"]);
    let clash = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["date"] == "2021-07-28" && e["status"] == "occurred" && e["fatalities"]["low"] == 3.0
        })
        .unwrap_or_else(|| panic!("no 2021-07-28 clash with three killed in {events:#}"));
    assert_eq!(clash["date_precision"], "day");
    let articles: std::collections::BTreeSet<&str> = clash["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["article_id"].as_str().unwrap())
        .collect();
    assert!(
        articles.len() >= 3,
        "mentions from {} articles: {clash:#}",
        articles.len()
    );
    assert!(clash["outlets"].as_u64().unwrap() >= 3, "{clash:#}");
    assert_eq!(clash["actor2"]["country"], "ARM", "{clash:#}");
    assert_eq!(clash["acled_event_type"], "Battles");
    let others = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["date"] == "2021-07-28" && e["fatalities"]["low"] == 3.0 && e["id"] != clash["id"]
        })
        .count();
    assert_eq!(
        others, 0,
        "the clash is split into several events: {events:#}"
    );
}

#[test]
fn pashinyan_and_pashinian_are_one_person() {
    let Some(w) = ingested() else { return };
    let entities = w.json(&["entities", "--json"]);
    let people: Vec<&Value> = entities
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "person" && e["aliases"].to_string().contains("Pashin"))
        .collect();
    assert_eq!(people.len(), 1, "{people:#?}");
    let aliases = people[0]["aliases"].to_string();
    assert!(
        aliases.contains("Pashinyan") && aliases.contains("Pashinian"),
        "{aliases}"
    );
    assert!(people[0]["article_ids"].as_array().unwrap().len() >= 4);
}

#[test]
fn voskepar_is_a_village_in_tavush_with_coordinates() {
    let Some(w) = ingested() else { return };
    let entities = w.json(&["entities", "--json"]);
    let voskepar = entities
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Voskepar")
        .unwrap_or_else(|| panic!("Voskepar not found"));
    assert_eq!(voskepar["kind"], "place");
    assert_eq!(voskepar["country"], "ARM");
    assert!(
        voskepar["admin1"].as_str().unwrap().contains("Tavush"),
        "{voskepar:#}"
    );
    assert!(
        (num(&voskepar["lat"]) - 41.06).abs() < 0.05
            && (num(&voskepar["lon"]) - 45.06).abs() < 0.05
    );
}

fn claims_with(claims: &Value, attribute: &str, a: &str, b: &str) -> Vec<Value> {
    claims
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["attribute"] == attribute)
        .filter(|c| {
            let texts: Vec<String> = c["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["text"].as_str().unwrap_or("").to_string())
                .collect();
            texts.iter().any(|t| t.contains(a)) && texts.iter().any(|t| t.contains(b))
        })
        .cloned()
        .collect()
}

#[test]
fn both_contradictions_are_found() {
    let Some(w) = ingested() else { return };
    let claims = w.json(&["claims", "--json", "--contradictions"]);
    let deaths = claims_with(&claims, "deaths", "6,500", "6,000");
    assert_eq!(
        deaths.len(),
        1,
        "war deaths 6,500 vs 6,000 not contradicted: {claims:#}"
    );
    let troops = claims_with(&claims, "troops", "2,000", "3,000");
    assert_eq!(
        troops.len(),
        1,
        "base troops 2,000 vs 3,000 not contradicted: {claims:#}"
    );
    for c in claims.as_array().unwrap() {
        assert_eq!(c["verdict"], "contradicted");
    }
}

#[test]
fn six_weeks_and_44_days_agree() {
    let Some(w) = ingested() else { return };
    let claims = w.json(&["claims", "--json"]);
    let durations = claims_with(&claims, "duration", "six", "44");
    assert_eq!(durations.len(), 1, "{claims:#}");
    assert_eq!(durations[0]["verdict"], "corroborated");
    let contradictions = w.json(&["claims", "--json", "--contradictions"]);
    assert!(!contradictions
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["attribute"] == "duration"));
}

#[test]
fn no_boilerplate_is_left_in_any_text() {
    let Some(seeds) = seeds() else { return };
    let w = Workdir::new();
    let out = w.run(&["extract", "--json", seeds.to_str().unwrap()]);
    assert!(out.status.success());
    let lines = crate::util::stdout(&out);
    let articles: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(articles.len(), 5);
    let boilerplate = [
        "Leave a Reply",
        "Read in App",
        "Related article",
        "Original url",
        "©",
        "Akismet",
        "Be the first to comment",
        "email address will not be published",
        "Support SouthFront",
        "Story highlights",
        "Photograph:",
        "With inputs from",
        "Web Team",
        "Published:",
    ];
    for a in &articles {
        let text = a["text"].as_str().unwrap();
        for b in boilerplate {
            assert!(!text.contains(b), "{:?} left in {}", b, a["source"]);
        }
        assert!(
            !a["title"].as_str().unwrap_or("").is_empty(),
            "no title for {}",
            a["source"]
        );
    }
    let captioned = articles
        .iter()
        .filter(|a| !a["captions"].as_array().unwrap().is_empty())
        .count();
    assert!(captioned >= 4, "captions were not separated");
}

#[test]
fn undated_articles_get_dates_from_their_story_and_every_article_has_one_story() {
    let Some(w) = ingested() else { return };
    let articles = w.json(&["articles", "--json"]);
    for a in articles.as_array().unwrap() {
        assert!(a["story_id"].is_string(), "{a:#}");
        assert!(a["published"].is_string(), "no date for {a:#}");
    }
    let stories = w.json(&["stories", "--json"]);
    let members: usize = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["article_ids"].as_array().unwrap().len())
        .sum();
    assert_eq!(members, articles.as_array().unwrap().len());
}

#[test]
fn ingesting_the_seeds_again_changes_nothing() {
    let Some(seeds) = seeds() else { return };
    let w = Workdir::new();
    let first = w.run(&["ingest", seeds.to_str().unwrap()]);
    assert!(first.status.success());
    let events = w.json(&["events", "--json"]);
    let claims = w.json(&["claims", "--json"]);
    let again = w.run(&["ingest", seeds.to_str().unwrap()]);
    assert!(again.status.success());
    assert!(
        crate::util::stderr(&again).contains("0 new"),
        "{}",
        crate::util::stderr(&again)
    );
    assert_eq!(w.json(&["events", "--json"]), events);
    assert_eq!(w.json(&["claims", "--json"]), claims);
}
