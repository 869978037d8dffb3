use super::*;
use chrono::NaiveDate;
use outpost_core::{
    Article, DatePrecision, EntityKind, FuzzyDate, MentionRole, TemporalSpec, ValueRange,
};
use outpost_events::testing::ArticleBuilder;
use std::collections::HashMap;

fn year(y: i32) -> Option<FuzzyDate> {
    Some(FuzzyDate {
        date: NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
        precision: DatePrecision::Year,
    })
}

fn approx(v: f64) -> ValueRange {
    ValueRange {
        low: v * 0.97,
        high: Some(v * 1.03),
    }
}

fn with_claims(mut article: Article) -> Article {
    article.claims = ClaimExtractor::embedded().statements(&article);
    article
}

/// Two outlets on a war over a region: one gives a toll and a duration in
/// weeks, the other a toll and a duration in days.
fn war_reports(toll_a: f64, toll_b: f64) -> Vec<Article> {
    let a = ArticleBuilder::new(&format!(
        "Last year the two states fought a seven-week war over Westmark. The conflict claimed some {toll_a} lives."
    ))
    .outlet("Daily Example")
    .place("place:westmark", "Westmark", "RUR", "Westmark", 1.0, 2.0, "Westmark")
    .time("Last year", TemporalSpec::RelativeYear { years: -1, part: None }, year(2020))
    .quantity("seven-week", 7.0, ValueRange::exact(7.0), Some("week"))
    .quantity(&format!("some {toll_a}"), toll_a, approx(toll_a), Some("lives"))
    .build();
    let b = ArticleBuilder::new(&format!(
        "A 50-day war over Westmark last year claimed the lives of some {toll_b} people. Fighting in the 1980s killed at least 20000 people."
    ))
    .outlet("Example Times")
    .place("place:westmark", "Westmark", "RUR", "Westmark", 1.0, 2.0, "Westmark")
    .time("last year", TemporalSpec::RelativeYear { years: -1, part: None }, year(2020))
    .time("the 1980s", TemporalSpec::Decade { start: 1980, part: None }, year(1980))
    .quantity("50-day", 50.0, ValueRange::exact(50.0), Some("day"))
    .quantity(&format!("some {toll_b}"), toll_b, approx(toll_b), Some("people"))
    .quantity("at least 20000", 20000.0, ValueRange { low: 20000.0, high: None }, Some("people"))
    .build();
    vec![with_claims(a), with_claims(b)]
}

fn claim<'a>(claims: &'a [Claim], attribute: &str, subject_key: &str) -> &'a Claim {
    claims
        .iter()
        .find(|c| c.attribute == attribute && c.subject_key == subject_key)
        .unwrap_or_else(|| panic!("no {attribute} claim on {subject_key} in {claims:#?}"))
}

#[test]
fn different_tolls_of_the_same_war_contradict_and_weeks_agree_with_days() {
    let articles = war_reports(6500.0, 6000.0);
    let claims = ClaimComparer::default().compare(&articles, &[], &HashMap::new());
    let deaths = claim(&claims, "deaths", "conflict:place:westmark:2020");
    assert_eq!(deaths.verdict, Verdict::Contradicted);
    assert_eq!(deaths.values.len(), 2);
    let duration = claim(&claims, "duration", "conflict:place:westmark:2020");
    assert_eq!(duration.verdict, Verdict::Corroborated, "{duration:#?}");
}

#[test]
fn close_hedged_tolls_corroborate() {
    let articles = war_reports(6000.0, 6100.0);
    let claims = ClaimComparer::default().compare(&articles, &[], &HashMap::new());
    assert_eq!(
        claim(&claims, "deaths", "conflict:place:westmark:2020").verdict,
        Verdict::Corroborated
    );
}

#[test]
fn an_older_war_is_a_different_subject() {
    let articles = war_reports(6500.0, 6000.0);
    let claims = ClaimComparer::default().compare(&articles, &[], &HashMap::new());
    let old = claim(&claims, "deaths", "conflict:place:westmark:1980s");
    assert_eq!(old.verdict, Verdict::Single);
    assert_eq!(old.values[0].high, None);
}

#[test]
fn a_copy_is_not_a_second_source() {
    let articles = war_reports(6500.0, 6000.0);
    let duplicate_of = HashMap::from([(articles[1].id.clone(), articles[0].id.clone())]);
    let claims = ClaimComparer::default().compare(&articles, &[], &duplicate_of);
    assert_eq!(
        claim(&claims, "deaths", "conflict:place:westmark:2020").verdict,
        Verdict::Single
    );
}

#[test]
fn an_incident_dated_to_a_day_is_not_the_war() {
    let article = ArticleBuilder::new("Fighting on Monday near Westmark killed 12 soldiers.")
        .place(
            "place:westmark",
            "Westmark",
            "RUR",
            "Westmark",
            1.0,
            2.0,
            "Westmark",
        )
        .time(
            "on Monday",
            TemporalSpec::Weekday {
                weekday: 0,
                weeks: 0,
            },
            Some(FuzzyDate::day(NaiveDate::from_ymd_opt(2021, 5, 3).unwrap())),
        )
        .quantity("12", 12.0, ValueRange::exact(12.0), Some("soldiers"))
        .build();
    assert!(ClaimExtractor::embedded().statements(&article).is_empty());
}

fn base_report(text: &str, count: &str, value: f64, range: ValueRange, outlet: &str) -> Article {
    let b = ArticleBuilder::new(text)
        .outlet(outlet)
        .entity(
            "country:RUR",
            EntityKind::Country,
            "Ruritania",
            Some("RUR"),
            "Ruritania",
            MentionRole::Actor,
        )
        .entity(
            "country:ELB",
            EntityKind::Country,
            "Elbonia",
            Some("ELB"),
            "Elbonia",
            MentionRole::Place,
        )
        .quantity(count, value, range, Some("troops"));
    with_claims(b.build())
}

#[test]
fn troop_strengths_of_one_base_are_compared_by_owner_and_host() {
    let a = base_report(
        "Ruritania has a military base in Elbonia with nearly 1,500 troops.",
        "nearly 1,500",
        1500.0,
        ValueRange {
            low: 1350.0,
            high: Some(1500.0),
        },
        "Daily Example",
    );
    let b = base_report(
        "Ruritania keeps a base of 2,500 troops in Elbonia.",
        "2,500",
        2500.0,
        ValueRange::exact(2500.0),
        "Example Times",
    );
    let claims = ClaimComparer::default().compare(&[a, b], &[], &HashMap::new());
    let troops = claim(&claims, "troops", "base:RUR@ELB");
    assert_eq!(troops.verdict, Verdict::Contradicted);
}

#[test]
fn vague_counts_are_never_compared() {
    let mut article =
        ArticleBuilder::new("Last year a war over Westmark killed several civilians.")
            .place(
                "place:westmark",
                "Westmark",
                "RUR",
                "Westmark",
                1.0,
                2.0,
                "Westmark",
            )
            .time(
                "Last year",
                TemporalSpec::RelativeYear {
                    years: -1,
                    part: None,
                },
                year(2020),
            )
            .quantity(
                "several",
                3.0,
                ValueRange {
                    low: 3.0,
                    high: Some(9.0),
                },
                Some("civilians"),
            )
            .build();
    article.annotations.quantities[0].hedge = Some("several".into());
    assert!(ClaimExtractor::embedded().statements(&article).is_empty());
}

/// One fixture: two outlets' figures for the same subject and whether an
/// analyst would call them a contradiction.
struct Case {
    name: &'static str,
    a: (&'static str, ValueRange),
    b: (&'static str, ValueRange),
    contradiction: bool,
}

fn range(low: f64, high: Option<f64>) -> ValueRange {
    ValueRange { low, high }
}

fn cases() -> Vec<Case> {
    let exact = ValueRange::exact;
    vec![
        Case {
            name: "nearly 2,000 vs 3,000",
            a: ("nearly 2,000", range(1800.0, Some(2000.0))),
            b: ("3,000", exact(3000.0)),
            contradiction: true,
        },
        Case {
            name: "nearly 2,000 vs 1,900",
            a: ("nearly 2,000", range(1800.0, Some(2000.0))),
            b: ("1,900", exact(1900.0)),
            contradiction: false,
        },
        Case {
            name: "about 1,500 vs 1,600",
            a: ("about 1,500", range(1350.0, Some(1650.0))),
            b: ("1,600", exact(1600.0)),
            contradiction: false,
        },
        Case {
            name: "up to 3,000 vs 2,500",
            a: ("up to 3,000", range(0.0, Some(3000.0))),
            b: ("2,500", exact(2500.0)),
            contradiction: false,
        },
        Case {
            name: "more than 1,000 vs 1,500",
            a: ("more than 1,000", range(1000.0, None)),
            b: ("1,500", exact(1500.0)),
            contradiction: false,
        },
        Case {
            name: "more than 1,000 vs 800",
            a: ("more than 1,000", range(1000.0, None)),
            b: ("800", exact(800.0)),
            contradiction: true,
        },
        Case {
            name: "round 2,000 vs 2,100",
            a: ("2,000", exact(2000.0)),
            b: ("2,100", exact(2100.0)),
            contradiction: false,
        },
        Case {
            name: "2,000 vs 2,600",
            a: ("2,000", exact(2000.0)),
            b: ("2,600", exact(2600.0)),
            contradiction: true,
        },
        Case {
            name: "1,000 vs 1,000",
            a: ("1,000", exact(1000.0)),
            b: ("1,000", exact(1000.0)),
            contradiction: false,
        },
        Case {
            name: "at least 500 vs fewer than 400",
            a: ("at least 500", range(500.0, None)),
            b: ("fewer than 400", range(0.0, Some(399.0))),
            contradiction: true,
        },
        Case {
            name: "1,250 vs 1,320",
            a: ("1,250", exact(1250.0)),
            b: ("1,320", exact(1320.0)),
            contradiction: true,
        },
        Case {
            name: "between 900 and 1,100 vs 1,000",
            a: ("between 900 and 1,100", range(900.0, Some(1100.0))),
            b: ("1,000", exact(1000.0)),
            contradiction: false,
        },
    ]
}

/// False and missed contradictions over the written fixtures: troop
/// strengths (all hedge shapes) and conflict tolls. A false contradiction
/// costs more than a missed one, so none is allowed.
#[test]
fn contradiction_fixtures_have_no_false_and_no_missed_contradictions() {
    let (mut false_c, mut missed, mut total) = (0, 0, 0);
    let mut report = Vec::new();
    for case in cases() {
        let a = base_report(
            &format!(
                "Ruritania has a military base in Elbonia with {} troops.",
                case.a.0
            ),
            case.a.0,
            case.a.1.low,
            case.a.1,
            "Daily Example",
        );
        let b = base_report(
            &format!("Ruritania keeps a base of {} troops in Elbonia.", case.b.0),
            case.b.0,
            case.b.1.low,
            case.b.1,
            "Example Times",
        );
        let claims = ClaimComparer::default().compare(&[a, b], &[], &HashMap::new());
        let said = claim(&claims, "troops", "base:RUR@ELB").verdict == Verdict::Contradicted;
        total += 1;
        if said && !case.contradiction {
            false_c += 1;
            report.push(format!("false contradiction: {}", case.name));
        } else if !said && case.contradiction {
            missed += 1;
            report.push(format!("missed contradiction: {}", case.name));
        }
    }
    // Tolls with "some" (±3%): (a, b, is a contradiction).
    for (x, y, contradiction) in [
        (6500.0, 6000.0, true),
        (6000.0, 6100.0, false),
        (6000.0, 6150.0, false),
        (5000.0, 7000.0, true),
        (104.0, 100.0, false),
        (120.0, 100.0, true),
    ] {
        let claims = ClaimComparer::default().compare(&war_reports(x, y), &[], &HashMap::new());
        let said = claim(&claims, "deaths", "conflict:place:westmark:2020").verdict
            == Verdict::Contradicted;
        total += 1;
        if said && !contradiction {
            false_c += 1;
            report.push(format!("false contradiction: tolls {x} vs {y}"));
        } else if !said && contradiction {
            missed += 1;
            report.push(format!("missed contradiction: tolls {x} vs {y}"));
        }
    }
    eprintln!("{total} fixtures: {false_c} false contradictions, {missed} missed; {report:?}");
    assert_eq!(false_c, 0, "{report:?}");
    assert_eq!(missed, 0, "{report:?}");
}
