//! End-to-end tests of the stage on small invented articles.

use crate::*;
use chrono::NaiveDate;
use outpost_core::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn article(
    id: &str,
    outlet: Option<&str>,
    published: Option<&str>,
    title: &str,
    text: &str,
) -> Article {
    let mut article = Article::from_text(text, &format!("fixtures/{id}.txt"));
    article.id = id.to_string();
    article.extracted.title = Some(title.to_string());
    article.extracted.published = published.map(day);
    article.extracted.outlet = outlet.map(str::to_string);
    article
}

fn entity(id: &str, kind: EntityKind) -> ArticleEntity {
    ArticleEntity {
        entity: Entity {
            id: id.to_string(),
            kind,
            name: id.rsplit(':').next().unwrap_or(id).to_string(),
            country: None,
            admin1: None,
            lat: None,
            lon: None,
            role: None,
            precision: None,
        },
        mentions: Vec::new(),
    }
}

fn with_entities(mut a: Article, ids: &[(&str, EntityKind)]) -> Article {
    a.entities = ids.iter().map(|(id, kind)| entity(id, *kind)).collect();
    a
}

fn actor(id: &str, country: &str) -> ActorRef {
    ActorRef {
        id: id.to_string(),
        name: id.to_string(),
        country: Some(country.to_string()),
    }
}

fn place(id: &str, precision: LocationPrecision) -> Location {
    Location {
        id: id.to_string(),
        name: id.rsplit(':').next().unwrap_or(id).to_string(),
        admin1: Some("Varda".to_string()),
        country: Some("XNO".to_string()),
        lat: None,
        lon: None,
        precision,
    }
}

fn mention(
    event_type: &str,
    status: EventStatus,
    date: Option<FuzzyDate>,
    sentence: &str,
) -> EventMention {
    EventMention {
        event_type: event_type.to_string(),
        mode: None,
        acled_event_type: None,
        acled_sub_event_type: None,
        status,
        date,
        time_expression: None,
        actor1: None,
        actor2: None,
        location: None,
        fatalities: None,
        injured: None,
        casualties_by_side: Vec::new(),
        sentence: 0,
        start: 0,
        end: sentence.chars().count(),
        text: sentence.to_string(),
        trigger: String::new(),
        speaker: None,
        outlet: None,
        salience: 1.0,
    }
}

fn clash(date: Option<FuzzyDate>, sentence: &str) -> EventMention {
    EventMention {
        actor1: Some(actor("org:north_militia", "XNO")),
        actor2: Some(actor("org:xso_army", "XSO")),
        location: Some(place("place:kessal", LocationPrecision::Exact)),
        fatalities: Some(ValueRange::exact(2.0)),
        acled_event_type: Some("Battles".to_string()),
        ..mention("ASSAULT", EventStatus::Occurred, date, sentence)
    }
}

fn week(start: &str) -> FuzzyDate {
    FuzzyDate {
        date: day(start),
        precision: DatePrecision::Week,
    }
}

const KESSAL: &str = "Fighters of the northern militia shelled the river town of Kessal on Tuesday night, \
    damaging a school and two houses near the old bridge. The regional governor said three civilians were \
    wounded and taken to the hospital in Dorvan. A spokesman for the militia denied targeting homes and said \
    its gunners had answered mortar fire from army positions on the hills east of the town. Residents \
    described hours of explosions and said many families spent the night in basements. Aid groups asked both \
    sides to allow ambulances through the checkpoint on the main road.";

const KESSAL_REWRITE: &str = "Two soldiers were killed when militia artillery struck army positions outside \
    Kessal, the defence ministry in Dorvan said on Wednesday. The ministry accused the northern militia of \
    breaking the ceasefire and said its troops returned fire. The governor of Varda province said the \
    shelling damaged a school near the bridge and wounded civilians.";

const KESSAL_THIRD: &str = "Residents of Kessal buried two soldiers on Saturday after the militia shelling \
    of the town, and the governor of Varda province promised to rebuild the damaged school. The militia \
    insisted it had only answered army mortar fire.";

const HARBOUR: &str = "Dock workers at the port of Linmouth walked off the job on Friday over unpaid wages, \
    leaving container ships anchored offshore. The shipping union said talks with the harbour authority had \
    collapsed after the operator offered a one-off bonus instead of a raise. Exporters of timber and grain \
    warned of losses if the stoppage lasted into next month.";

fn kessal_entities(a: Article) -> Article {
    with_entities(
        a,
        &[
            ("place:kessal", EntityKind::Place),
            ("place:dorvan", EntityKind::Place),
            ("org:north_militia", EntityKind::Organisation),
            ("country:XNO", EntityKind::Country),
        ],
    )
}

#[test]
fn an_exact_copy_points_at_the_earlier_article_and_shares_its_story() {
    let copy = article(
        "copy",
        Some("Wire Mirror"),
        Some("2022-03-09"),
        "Town shelled",
        &KESSAL.to_uppercase(),
    );
    let original = article(
        "orig",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Kessal shelled overnight",
        KESSAL,
    );
    let clustering = StoryClusterer::default().cluster(&[copy, original]);
    assert_eq!(
        clustering.duplicate_of.get("copy").map(String::as_str),
        Some("orig")
    );
    assert!(!clustering.duplicate_of.contains_key("orig"));
    assert_eq!(clustering.story_of["copy"], clustering.story_of["orig"]);
    let story = &clustering.stories[0];
    assert_eq!(story.title, "Kessal shelled overnight");
    assert_eq!(
        story.outlets,
        vec!["Valley Post".to_string(), "Wire Mirror".to_string()]
    );
    assert_eq!(
        (story.first_date, story.last_date),
        (Some(day("2022-03-08")), Some(day("2022-03-09")))
    );
}

#[test]
fn near_copies_are_duplicates_and_a_rewrite_is_not() {
    let changed = KESSAL.replace("two houses", "three houses");
    let extended = format!("{KESSAL} The army declined to comment on the reports.");
    let articles = [
        article(
            "a",
            Some("Valley Post"),
            Some("2022-03-08"),
            "Kessal shelled",
            KESSAL,
        ),
        article(
            "b",
            Some("Wire Mirror"),
            Some("2022-03-08"),
            "Kessal shelled",
            &changed,
        ),
        article(
            "c",
            Some("Daily Ledger"),
            Some("2022-03-09"),
            "Kessal shelled",
            &extended,
        ),
        article(
            "d",
            Some("Capital News"),
            Some("2022-03-09"),
            "Soldiers killed",
            KESSAL_REWRITE,
        ),
    ];
    let clustering = StoryClusterer::default().cluster(&articles);
    assert_eq!(
        clustering.duplicate_of.get("b").map(String::as_str),
        Some("a")
    );
    assert_eq!(
        clustering.duplicate_of.get("c").map(String::as_str),
        Some("a")
    );
    assert!(!clustering.duplicate_of.contains_key("d"));
    assert_eq!(clustering.duplicate_of.len(), 2);
}

#[test]
fn one_clash_reported_by_two_outlets_is_one_story_and_a_strike_another() {
    let mut first = kessal_entities(article(
        "a",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Militia shells Kessal",
        KESSAL,
    ));
    first.events.push(clash(
        None,
        "Fighters of the northern militia shelled the river town of Kessal.",
    ));
    let mut second = kessal_entities(article(
        "b",
        Some("Capital News"),
        Some("2022-03-10"),
        "Two soldiers killed near Kessal",
        KESSAL_REWRITE,
    ));
    second.events.push(clash(
        None,
        "Two soldiers were killed when militia artillery struck army positions.",
    ));
    let mut strike = with_entities(
        article(
            "c",
            Some("Valley Post"),
            Some("2022-03-09"),
            "Linmouth dockers strike",
            HARBOUR,
        ),
        &[
            ("place:linmouth", EntityKind::Place),
            ("org:shipping_union", EntityKind::Organisation),
        ],
    );
    strike.events.push(mention(
        "PROTEST",
        EventStatus::Occurred,
        None,
        "Dock workers walked off the job.",
    ));

    let clustering = StoryClusterer::default().cluster(&[first, second, strike]);
    assert_eq!(clustering.stories.len(), 2);
    assert_eq!(clustering.story_of["a"], clustering.story_of["b"]);
    assert_ne!(clustering.story_of["a"], clustering.story_of["c"]);
    let kessal = clustering
        .stories
        .iter()
        .find(|s| s.id == clustering.story_of["a"])
        .unwrap();
    assert_eq!(kessal.id, story_id("a"));
    assert_eq!(kessal.article_ids, vec!["a".to_string(), "b".to_string()]);
    assert_eq!(kessal.title, "Militia shells Kessal");
    assert_eq!(kessal.last_date, Some(day("2022-03-10")));
    assert_eq!(
        clustering.stories[0].id, kessal.id,
        "stories are listed by first date"
    );
}

#[test]
fn the_same_words_a_month_later_start_a_new_story_unless_undated() {
    let early = kessal_entities(article(
        "a",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Kessal shelled",
        KESSAL,
    ));
    let late = kessal_entities(article(
        "b",
        Some("Capital News"),
        Some("2022-04-12"),
        "Kessal shelled",
        KESSAL_REWRITE,
    ));
    let undated = kessal_entities(article(
        "c",
        Some("Daily Ledger"),
        None,
        "Kessal funerals",
        KESSAL_THIRD,
    ));
    let clustering = StoryClusterer::default().cluster(&[early, late, undated]);
    assert_ne!(clustering.story_of["a"], clustering.story_of["b"]);
    assert_eq!(clustering.story_of.len(), 3);
    assert!(clustering.duplicate_of.is_empty());
    assert!(clustering
        .stories
        .iter()
        .any(|s| s.article_ids.contains(&"c".to_string()) && s.article_ids.len() == 2));
}

#[test]
fn an_undated_article_borrows_its_storys_latest_date() {
    let dated_early = kessal_entities(article(
        "a",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Militia shells Kessal",
        KESSAL,
    ));
    let dated_late = kessal_entities(article(
        "b",
        Some("Capital News"),
        Some("2022-03-10"),
        "Kessal clash",
        KESSAL_REWRITE,
    ));
    let mut undated = kessal_entities(article(
        "u",
        Some("Hill Radio"),
        None,
        "Soldiers killed near Kessal",
        KESSAL_REWRITE,
    ));
    let wednesday = TemporalSpec::Weekday {
        weekday: 2,
        weeks: 0,
    };
    undated.annotations.times.push(TimeExpression {
        span: Span::new(120, 132),
        sentence: 0,
        text: "on Wednesday".to_string(),
        spec: wednesday.clone(),
        resolved: None,
    });
    undated.events.push(EventMention {
        time_expression: Some(0),
        ..clash(None, "Two soldiers were killed.")
    });
    undated.events.push(mention(
        "ACCUSE",
        EventStatus::Occurred,
        None,
        "The ministry accused the militia.",
    ));
    let mut articles = vec![dated_early, dated_late, undated];

    let clustering = StoryClusterer::default().cluster(&articles);
    assert_eq!(clustering.story_of["u"], clustering.story_of["a"]);
    let inferred = infer_dates(&mut articles, &clustering);
    assert_eq!(inferred.len(), 1);
    assert_eq!(inferred["u"], day("2022-03-10"));
    let undated = &articles[2];
    assert_eq!(
        undated.extracted.published, None,
        "the stated date stays unknown"
    );
    // A mention without a time expression: the week ending on the anchor.
    assert_eq!(undated.events[1].date, Some(week("2022-03-04")));
    // "on Wednesday" against Thursday 2022-03-10 is 2022-03-09.
    assert_eq!(
        undated.events[0].date,
        undated.annotations.times[0].resolved
    );
    assert_eq!(
        undated.annotations.times[0].resolved,
        Some(FuzzyDate::day(day("2022-03-09")))
    );
}

#[test]
fn an_article_alone_in_its_story_falls_back_on_the_median_date() {
    let mut articles = vec![
        article(
            "a",
            Some("Valley Post"),
            Some("2022-03-01"),
            "Kessal shelled",
            KESSAL,
        ),
        article(
            "b",
            Some("Valley Post"),
            Some("2022-03-05"),
            "Port strike",
            HARBOUR,
        ),
        article(
            "c",
            Some("Valley Post"),
            Some("2022-03-20"),
            "Soldiers killed",
            KESSAL_REWRITE,
        ),
        article(
            "u",
            None,
            None,
            "Weather",
            "Heavy snow closed the mountain pass to all traffic for a second day.",
        ),
    ];
    let clustering = StoryClusterer::default().cluster(&articles);
    let inferred = infer_dates(&mut articles, &clustering);
    assert_eq!(inferred.get("u"), Some(&day("2022-03-05")));
    assert!(!inferred.contains_key("a"));
}

/// Three reports of one clash (one dated only to a week, two to the day, one
/// naming the sides the other way round) and the same clash a month later.
fn clash_collection() -> Vec<Article> {
    let mut a = article(
        "a",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Militia shells Kessal",
        KESSAL,
    );
    a.events.push(clash(
        Some(week("2022-03-02")),
        "Fighters of the northern militia shelled Kessal this week.",
    ));
    let mut b = article(
        "b",
        Some("Capital News"),
        Some("2022-03-09"),
        "Two soldiers killed",
        KESSAL_REWRITE,
    );
    b.events.push(EventMention {
        actor1: Some(actor("org:xso_army", "XSO")),
        actor2: Some(actor("org:north_militia", "XNO")),
        ..clash(
            Some(FuzzyDate::day(day("2022-03-07"))),
            "Army and militia exchanged fire near Kessal on Monday.",
        )
    });
    let mut c = article(
        "c",
        Some("Hill Radio"),
        Some("2022-03-08"),
        "Kessal clash",
        "Militia and army clash at Kessal.",
    );
    c.events.push(EventMention {
        location: Some(place("place:varda", LocationPrecision::Admin1)),
        fatalities: Some(ValueRange {
            low: 2.0,
            high: None,
        }),
        ..clash(
            Some(FuzzyDate::day(day("2022-03-07"))),
            "At least two were killed in Varda province on Monday.",
        )
    });
    let mut d = article(
        "d",
        Some("Valley Post"),
        Some("2022-04-08"),
        "Fresh shelling at Kessal",
        HARBOUR,
    );
    d.events.push(clash(
        Some(FuzzyDate::day(day("2022-04-07"))),
        "Militia shelled Kessal again on Thursday.",
    ));
    vec![a, b, c, d]
}

#[test]
fn three_reports_of_a_clash_merge_and_a_later_clash_stays_apart() {
    let articles = clash_collection();
    let clustering = StoryClusterer::default().cluster(&articles);
    let events = merge_events(&articles, &clustering);
    assert_eq!(events.len(), 2, "{events:#?}");
    let first = &events[0];
    assert_eq!(first.mentions.len(), 3);
    assert_eq!(first.outlets, 3);
    assert_eq!(first.date.as_deref(), Some("2022-03-07"));
    assert_eq!(first.date_precision, Some(DatePrecision::Day));
    assert_eq!(
        first.location.as_ref().map(|l| l.id.as_str()),
        Some("place:kessal")
    );
    assert_eq!(
        first.actor1.as_ref().map(|x| x.id.as_str()),
        Some("org:north_militia")
    );
    assert_eq!(
        first.actor2.as_ref().map(|x| x.id.as_str()),
        Some("org:xso_army")
    );
    assert_eq!(first.fatalities, Some(ValueRange::exact(2.0)));
    assert_eq!(first.acled_event_type.as_deref(), Some("Battles"));
    // The earliest mention (the week starting 2022-03-02) names the event.
    assert_eq!(first.id, event_id("a", 0, "ASSAULT", 0));
    assert_eq!(first.mentions[0].article_id, "a");
    assert_eq!(first.mentions[0].outlet.as_deref(), Some("Valley Post"));
    assert_eq!(
        first.story_id.as_deref(),
        Some(clustering.story_of["a"].as_str())
    );
    let later = &events[1];
    assert_eq!(later.date.as_deref(), Some("2022-04-07"));
    assert_eq!(later.mentions.len(), 1);
    assert_ne!(later.id, first.id);
}

#[test]
fn merged_events_do_not_depend_on_input_order() {
    let mut articles = clash_collection();
    let clustering = StoryClusterer::default().cluster(&articles);
    let forward = merge_events(&articles, &clustering);
    articles.reverse();
    let clustering = StoryClusterer::default().cluster(&articles);
    let backward = merge_events(&articles, &clustering);
    let ids = |e: &[CanonicalEvent]| {
        e.iter()
            .map(|x| (x.id.clone(), x.mentions.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&forward), ids(&backward));
}

#[test]
fn a_syndicated_copy_adds_a_mention_but_not_an_outlet() {
    let mut original = article(
        "orig",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Kessal shelled",
        KESSAL,
    );
    original.events.push(clash(
        Some(FuzzyDate::day(day("2022-03-07"))),
        "The militia shelled Kessal.",
    ));
    let mut copy = article(
        "copy",
        Some("Wire Mirror"),
        Some("2022-03-08"),
        "Kessal shelled",
        KESSAL,
    );
    copy.id = "copy".to_string();
    copy.extracted.text = format!("{KESSAL} (Syndicated.)");
    copy.events.push(clash(
        Some(FuzzyDate::day(day("2022-03-07"))),
        "The militia shelled Kessal.",
    ));
    let mut other = article("other", None, Some("2022-03-08"), "Report", KESSAL_REWRITE);
    other.events.push(clash(
        Some(FuzzyDate::day(day("2022-03-07"))),
        "Militia artillery struck the army.",
    ));
    let articles = [original, copy, other];
    let clustering = StoryClusterer::default().cluster(&articles);
    assert_eq!(
        clustering.duplicate_of.get("copy").map(String::as_str),
        Some("orig")
    );
    let events = merge_events(&articles, &clustering);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].mentions.len(), 3);
    // Valley Post (and its copy) plus the outlet-less article as its own source.
    assert_eq!(events[0].outlets, 2);
}

#[test]
fn a_denied_mention_never_merges_with_an_occurred_one() {
    let date = Some(FuzzyDate::day(day("2022-03-07")));
    let mut a = article(
        "a",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Kessal shelled",
        KESSAL,
    );
    a.events.push(clash(date, "The militia shelled Kessal."));
    let mut b = article(
        "b",
        Some("Capital News"),
        Some("2022-03-08"),
        "Militia denies",
        KESSAL_REWRITE,
    );
    b.events.push(EventMention {
        status: EventStatus::Denied,
        ..clash(date, "The militia denied shelling Kessal.")
    });
    let articles = [a, b];
    let events = merge_events(&articles, &StoryClusterer::default().cluster(&articles));
    assert_eq!(events.len(), 2);
    let statuses: Vec<EventStatus> = events.iter().map(|e| e.status).collect();
    assert!(statuses.contains(&EventStatus::Occurred) && statuses.contains(&EventStatus::Denied));
}

#[test]
fn incompatible_places_actors_or_tolls_keep_events_apart() {
    let date = Some(FuzzyDate::day(day("2022-03-07")));
    let base = || clash(date, "The militia shelled Kessal.");
    let variants = [
        EventMention {
            location: Some(place("place:orlen", LocationPrecision::Exact)),
            ..base()
        },
        EventMention {
            actor1: Some(actor("org:south_rebels", "XSR")),
            ..base()
        },
        EventMention {
            fatalities: Some(ValueRange::exact(40.0)),
            ..base()
        },
    ];
    for variant in variants {
        let mut a = article(
            "a",
            Some("Valley Post"),
            Some("2022-03-08"),
            "Kessal shelled",
            KESSAL,
        );
        a.events.push(base());
        let mut b = article(
            "b",
            Some("Capital News"),
            Some("2022-03-08"),
            "Clash",
            KESSAL_REWRITE,
        );
        b.events.push(variant);
        let articles = [a, b];
        let events = merge_events(&articles, &StoryClusterer::default().cluster(&articles));
        assert_eq!(events.len(), 2, "{:?}", events[1].mentions);
    }
}

#[test]
fn an_undated_mention_merges_only_within_its_story() {
    let date = Some(FuzzyDate::day(day("2022-03-07")));
    let mut dated = kessal_entities(article(
        "a",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Militia shells Kessal",
        KESSAL,
    ));
    dated
        .events
        .push(clash(date, "The militia shelled Kessal."));
    let mut same_story = kessal_entities(article(
        "b",
        Some("Hill Radio"),
        None,
        "Kessal shelled",
        KESSAL_REWRITE,
    ));
    same_story
        .events
        .push(clash(None, "Militia artillery struck army positions."));
    let mut elsewhere = article(
        "c",
        Some("Capital News"),
        Some("2022-03-08"),
        "Port strike",
        HARBOUR,
    );
    elsewhere
        .events
        .push(clash(None, "Militia artillery struck army positions."));
    let articles = [dated, same_story, elsewhere];
    let clustering = StoryClusterer::default().cluster(&articles);
    assert_eq!(clustering.story_of["a"], clustering.story_of["b"]);
    assert_ne!(clustering.story_of["a"], clustering.story_of["c"]);
    let events = merge_events(&articles, &clustering);
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].mentions.len(), 2);
    assert_eq!(events[0].outlets, 2);
    assert_eq!(events[1].date, None);
}

#[test]
fn every_article_belongs_to_exactly_one_story() {
    let articles = [
        article(
            "a",
            Some("Valley Post"),
            Some("2022-03-08"),
            "Kessal",
            KESSAL,
        ),
        article("b", None, None, "", ""),
        article(
            "c",
            Some("Valley Post"),
            Some("2022-03-09"),
            "Port",
            HARBOUR,
        ),
        article(
            "a",
            Some("Valley Post"),
            Some("2022-03-08"),
            "Kessal",
            KESSAL,
        ),
    ];
    let clustering = StoryClusterer::default().cluster(&articles);
    assert_eq!(clustering.story_of.len(), 3);
    let listed: usize = clustering.stories.iter().map(|s| s.article_ids.len()).sum();
    assert_eq!(listed, 3);
    assert!(
        clustering.stories.last().unwrap().first_date.is_none(),
        "undated stories come last"
    );
}

/// Run with `cargo test -p outpost-stories --release -- --ignored --nocapture`.
#[test]
#[ignore]
fn clustering_and_merging_throughput() {
    let mut state = 7u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let vocabulary: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
    let start_date = day("2021-01-01");
    let articles: Vec<Article> = (0..20_000)
        .map(|i| {
            let topic = next() % 800;
            let words: Vec<&str> = (0..250)
                .map(|_| {
                    let w = if next() % 3 == 0 {
                        topic * 5 + next() % 5
                    } else {
                        next() % 5000
                    };
                    vocabulary[w].as_str()
                })
                .collect();
            let date = start_date + chrono::Days::new((topic % 300) as u64 + (next() % 3) as u64);
            let mut a = article(
                &format!("a{i}"),
                Some(&format!("outlet{}", next() % 50)),
                None,
                "t",
                &words.join(" "),
            );
            a.extracted.published = Some(date);
            a = with_entities(a, &[(&format!("place:p{}", topic), EntityKind::Place)]);
            a.events.push(clash(Some(FuzzyDate::day(date)), "x"));
            a
        })
        .collect();
    let started = std::time::Instant::now();
    let clustering = StoryClusterer::default().cluster(&articles);
    let clustered = started.elapsed();
    let events = merge_events(&articles, &clustering);
    eprintln!(
        "20,000 articles: cluster {:?} ({} stories, {} copies), merge {:?} ({} events)",
        clustered,
        clustering.stories.len(),
        clustering.duplicate_of.len(),
        started.elapsed() - clustered,
        events.len()
    );
}

#[test]
fn two_quakes_of_one_kind_stay_apart_in_every_input_order() {
    // Undated, as on a feed without dates: only the names and the numbers
    // tell the two quakes apart, and the consolidation pass makes the
    // grouping independent of the order the articles come in.
    let texts = [
        ("q1a", "A magnitude 6.1 earthquake struck Vellmar on Tuesday and killed 12 people. Rescuers in Vellmar searched collapsed houses with dogs."),
        ("q1b", "Rescue teams in Vellmar dug through collapsed houses after the 6.1 earthquake killed 12 people."),
        ("q2a", "The coast near Orsk Bay shook when a 7.4 earthquake hit at dawn; the Orsk Bay harbour lost its pier and 40 died."),
        ("q2b", "Fishermen of Orsk Bay counted 40 dead and a ruined harbour pier after the 7.4 earthquake."),
    ];
    let articles: Vec<Article> = texts
        .iter()
        .map(|(id, text)| article(id, Some("Wire"), None, "", text))
        .collect();
    let orders = [[0, 1, 2, 3], [0, 2, 1, 3], [3, 1, 2, 0], [2, 0, 3, 1]];
    for order in orders {
        let input: Vec<Article> = order.iter().map(|&i| articles[i].clone()).collect();
        let c = StoryClusterer::default().cluster(&input);
        assert_eq!(c.story_of["q1a"], c.story_of["q1b"], "order {order:?}");
        assert_eq!(c.story_of["q2a"], c.story_of["q2b"], "order {order:?}");
        assert_ne!(c.story_of["q1a"], c.story_of["q2a"], "order {order:?}");
        assert_eq!(c.stories.len(), 2);
    }
}

fn quakes() -> Vec<Article> {
    [
        ("q1a", "A magnitude 6.1 earthquake struck Vellmar on Tuesday and killed 12 people. Rescuers in Vellmar searched collapsed houses with dogs."),
        ("q1b", "Rescue teams in Vellmar dug through collapsed houses after the 6.1 earthquake killed 12 people."),
        ("q2a", "The coast near Orsk Bay shook when a 7.4 earthquake hit at dawn; the Orsk Bay harbour lost its pier and 40 died."),
        ("q2b", "Fishermen of Orsk Bay counted 40 dead and a ruined harbour pier after the 7.4 earthquake."),
    ]
    .iter()
    .map(|(id, text)| article(id, Some("Wire"), None, "", text))
    .collect()
}

#[test]
fn a_later_batch_joins_earlier_stories_without_moving_them() {
    let q = quakes();
    let mut index = StoryClusterer::default().index();
    let first = index.add_batch(&[q[0].clone(), q[2].clone()]);
    assert_eq!(first.new_stories.len(), 2);
    assert_ne!(first.story_of["q1a"], first.story_of["q2a"]);
    let second = index.add_batch(&[q[3].clone(), q[1].clone()]);
    assert!(second.new_stories.is_empty(), "{second:?}");
    assert_eq!(second.story_of["q1b"], first.story_of["q1a"]);
    assert_eq!(second.story_of["q2b"], first.story_of["q2a"]);
    // Earlier articles keep their stories.
    assert_eq!(index.story_of("q1a"), Some(first.story_of["q1a"].as_str()));
    assert_eq!(index.len(), 4);
    // An id already indexed is not added again and keeps its story.
    let again = index.add_batch(&[q[0].clone()]);
    assert_eq!(again.story_of["q1a"], first.story_of["q1a"]);
    assert_eq!(index.len(), 4);
}

#[test]
fn a_bridging_article_never_merges_two_earlier_stories() {
    let q = quakes();
    let mut index = StoryClusterer::default().index();
    let first = index.add_batch(&q);
    assert_eq!(first.new_stories.len(), 2);
    let bridge = article(
        "both",
        Some("Wire"),
        None,
        "",
        "Two earthquakes in a week: the 6.1 quake in Vellmar killed 12 people and the 7.4 quake at Orsk Bay killed 40, ruining the Orsk Bay harbour pier and collapsed houses in Vellmar.",
    );
    let second = index.add_batch(&[bridge]);
    for id in ["q1a", "q1b", "q2a", "q2b"] {
        assert_eq!(index.story_of(id), Some(first.story_of[id].as_str()));
    }
    assert_ne!(index.story_of("q1a"), index.story_of("q2a"));
    assert!(second.story_of.contains_key("both"));
}

#[test]
fn copies_and_updates_of_an_earlier_batch_point_at_it() {
    let mut index = StoryClusterer::default().index();
    let original = article(
        "orig",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Kessal shelled",
        KESSAL,
    );
    let first = index.add_batch(&[original]);
    let exact = article(
        "exact",
        Some("Wire Mirror"),
        Some("2022-03-09"),
        "Town shelled",
        &KESSAL.to_uppercase(),
    );
    let near = article(
        "near",
        Some("Daily Ledger"),
        Some("2022-03-09"),
        "Kessal shelled",
        &KESSAL.replace("two houses", "three houses"),
    );
    let update = article(
        "update",
        Some("Valley Post"),
        Some("2022-03-08"),
        "Kessal shelled, three wounded taken to Dorvan",
        &format!(
            "{KESSAL} Later on Tuesday the governor said a fourth civilian had died of wounds in the \
             Dorvan hospital, and the militia repeated that it had not aimed at homes. Engineers began \
             checking the bridge for damage and the school stayed closed for the rest of the week."
        ),
    );
    let rewrite = article(
        "rewrite",
        Some("Capital News"),
        Some("2022-03-09"),
        "Soldiers killed",
        KESSAL_REWRITE,
    );
    let second = index.add_batch(&[exact, near, update, rewrite]);
    assert_eq!(
        second.duplicate_of.get("exact").map(String::as_str),
        Some("orig")
    );
    assert_eq!(
        second.duplicate_of.get("near").map(String::as_str),
        Some("orig")
    );
    assert_eq!(
        second.update_of.get("update").map(String::as_str),
        Some("orig")
    );
    assert!(!second.duplicate_of.contains_key("update"));
    assert!(!second.duplicate_of.contains_key("rewrite"));
    for id in ["exact", "near", "update"] {
        assert_eq!(second.story_of[id], first.story_of["orig"], "{id}");
    }
}

#[test]
fn an_index_restored_from_stored_assignments_assigns_as_the_original_would() {
    let q = quakes();
    let clusterer = StoryClusterer::default();
    let mut index = clusterer.index();
    let copy = article("copy", Some("Mirror"), None, "", &q[0].extracted.text);
    let first = index.add_batch(&[q[0].clone(), q[2].clone(), copy.clone()]);
    assert_eq!(
        first.duplicate_of.get("copy").map(String::as_str),
        Some("q1a")
    );

    let mut restored = clusterer.index();
    for a in [&q[0], &q[2], &copy] {
        let original = first.duplicate_of.get(&a.id).map(String::as_str);
        assert!(restored.restore(a, &first.story_of[&a.id], original, None));
    }
    assert!(
        !restored.restore(&q[0], "s-other", None, None),
        "ids are restored once"
    );
    assert_eq!(restored.len(), 3);

    let later = [
        q[1].clone(),
        q[3].clone(),
        article("copy2", Some("Mirror2"), None, "", &q[2].extracted.text),
    ];
    let from_live = index.add_batch(&later);
    let from_restored = restored.add_batch(&later);
    assert_eq!(from_live, from_restored);
    let everything: Vec<Article> = [q[0].clone(), q[2].clone(), copy.clone()]
        .into_iter()
        .chain(later.iter().cloned())
        .collect();
    assert_eq!(
        index.clustering(&everything),
        restored.clustering(&everything),
        "the whole clustering, copies included, comes back"
    );
    assert_eq!(
        index
            .clustering(&everything)
            .duplicate_of
            .get("copy2")
            .map(String::as_str),
        Some("q2a")
    );
    assert_eq!(from_live.story_of["q1b"], first.story_of["q1a"]);
    assert_eq!(
        from_live.duplicate_of.get("copy2").map(String::as_str),
        Some("q2a")
    );
}

#[test]
fn one_batch_gives_the_same_stories_in_any_order() {
    let mut articles = quakes();
    articles.extend(clash_collection());
    // Story ids name a story's first article, which for undated articles
    // follows the input order; the grouping itself must not.
    let groups = |c: &Clustering| {
        let mut groups: Vec<Vec<String>> = c
            .stories
            .iter()
            .map(|s| {
                let mut ids = s.article_ids.clone();
                ids.sort();
                ids
            })
            .collect();
        groups.sort();
        groups
    };
    let reference = groups(&StoryClusterer::default().cluster(&articles));
    assert_eq!(reference.len(), 4, "{reference:?}");
    for rotation in 1..articles.len() {
        let mut input = articles.clone();
        input.rotate_left(rotation);
        input.swap(0, rotation % articles.len());
        let c = StoryClusterer::default().cluster(&input);
        assert_eq!(groups(&c), reference, "rotation {rotation}");
    }
}

/// Nine reports each of two title fights of one champion against two
/// challengers: the shared story words outweigh the names, so only the
/// conflict guard (each fight's challenger is never named in the other's
/// reports) keeps the two apart.
fn two_fights() -> Vec<Article> {
    let openers = [
        "Champion Dario Velka defended his heavyweight title against",
        "Heavyweight champion Dario Velka kept his belts by stopping",
        "Dario Velka retained the heavyweight crown with a knockout of",
        "The heavyweight title stays with Dario Velka after he beat",
        "Velka, the heavyweight champion, knocked out challenger",
        "Dario Velka stopped challenger",
        "In a one-sided heavyweight title fight, Dario Velka defeated",
        "Dario Velka successfully defended his heavyweight belts against",
        "The champion Dario Velka retained his heavyweight titles against",
    ];
    let fights = [
        ("a", "Osric Pellam", "Marlow Arena"),
        ("b", "Tomas Grell", "Dunhill Hall"),
    ];
    let mut out = Vec::new();
    for (tag, challenger, venue) in fights {
        for (i, opener) in openers.iter().enumerate() {
            let text = format!(
                "{opener} {challenger} on Saturday at the {venue}. The champion controlled the \
                 fight with his jab and the referee stopped the bout in round {}. {challenger} said \
                 after the heavyweight fight that the champion was too strong, and the crowd at the \
                 {venue} cheered the title defence.",
                3 + i % 5
            );
            // One outlet each: one outlet's near-identical untitled texts
            // would be its own wire updates, which join their story without
            // a vector of their own.
            let outlet = format!("Outlet {i}");
            out.push(article(
                &format!("{tag}{i}"),
                Some(&outlet),
                None,
                "",
                &text,
            ));
        }
    }
    out
}

#[test]
fn two_events_of_one_kind_stay_apart_once_each_has_settled_names() {
    let articles = two_fights();
    let guarded = StoryClusterer::default().cluster(&articles);
    for i in 1..9 {
        assert_eq!(guarded.story_of[&format!("a{i}")], guarded.story_of["a0"]);
        assert_eq!(guarded.story_of[&format!("b{i}")], guarded.story_of["b0"]);
    }
    assert_ne!(guarded.story_of["a0"], guarded.story_of["b0"]);
    let unguarded = StoryClusterer::new(StoryConfig {
        conflict_weight: 0.0,
        ..StoryConfig::default()
    })
    .cluster(&articles);
    assert_eq!(
        unguarded.story_of["a0"], unguarded.story_of["b0"],
        "without the guard the shared words merge the two fights"
    );
}

/// Forty short reports on one day, each with its own words next to three
/// that all of them share, and two reports made of the shared words alone:
/// every heavy term of those two is in more stories than `max_postings`.
fn crowded_day() -> Vec<Article> {
    let mut out = Vec::new();
    let syllables = ["ka", "lo", "mi", "ne", "pu", "ro", "si", "te"];
    for i in 0..40 {
        let own: Vec<String> = (0..8)
            .map(|k| {
                let a = syllables[(i + k) % 8];
                let b = syllables[(i / 8 + k * 3) % 8];
                format!("{a}{b}{}", "x".repeat(1 + (i * 7 + k) % 5))
            })
            .collect();
        let text = format!("Harbour cranes stopped. {}.", own.join(" "));
        out.push(article(
            &format!("f{i:02}"),
            Some(&format!("Outlet {i}")),
            Some("2024-03-02"),
            "",
            &text,
        ));
        if i == 20 {
            for (id, text) in [
                ("x", "Harbour cranes stopped."),
                ("y", "Cranes stopped, harbour."),
            ] {
                out.push(article(
                    id,
                    Some(&format!("Desk {id}")),
                    Some("2024-03-02"),
                    "",
                    text,
                ));
            }
        }
    }
    out
}

#[test]
fn an_article_whose_every_term_is_crowded_still_meets_its_story() {
    let articles = crowded_day();
    let config = StoryConfig {
        max_postings: 4,
        ..StoryConfig::default()
    };
    let c = StoryClusterer::new(config.clone()).cluster(&articles);
    assert_eq!(c.story_of["x"], c.story_of["y"]);
    assert!(c.duplicate_of.is_empty() && c.update_of.is_empty());
    // Without the rarest-terms lookup, density alone keeps the two apart.
    let c = StoryClusterer::new(StoryConfig {
        rare_terms: 0,
        ..config
    })
    .cluster(&articles);
    assert_ne!(c.story_of["x"], c.story_of["y"]);
}

#[test]
fn young_stories_of_earlier_batches_merge_once_a_bridge_arrives() {
    let a = article(
        "a",
        Some("One"),
        None,
        "",
        "alpha bravo charlie delta echo foxtrot.",
    );
    let b = article(
        "b",
        Some("Two"),
        None,
        "",
        "golf hotel india juliet kilo lima.",
    );
    let c = article(
        "c",
        Some("Three"),
        None,
        "",
        "alpha bravo charlie delta golf hotel india juliet.",
    );
    let run = |young_members: usize| {
        let mut index = StoryIndex::new(StoryConfig {
            young_members,
            ..StoryConfig::default()
        });
        let first = index.add_batch(std::slice::from_ref(&a));
        let second = index.add_batch(std::slice::from_ref(&b));
        assert_ne!(first.story_of["a"], second.story_of["b"]);
        let third = index.add_batch(std::slice::from_ref(&c));
        (
            index,
            first.story_of["a"].clone(),
            second.story_of["b"].clone(),
            third,
        )
    };
    // Settled: "c" joins one of the two, which stay apart.
    let (index, _, _, third) = run(0);
    assert!(third.renamed.is_empty());
    assert_ne!(index.story_of("a"), index.story_of("b"));
    // Young: the two earlier stories become one, and the batch says so.
    let (index, sa, sb, third) = run(4);
    assert_eq!(index.story_of("a"), index.story_of("b"));
    assert_eq!(index.story_of("c"), index.story_of("a"));
    // The older story keeps its id.
    assert_eq!(index.story_of("a"), Some(sa.as_str()));
    assert_eq!(third.renamed.get(&sb), Some(&sa));
    assert_eq!(third.story_of["c"], sa);
}

#[test]
fn copies_and_updates_are_the_same_however_the_articles_are_split_into_batches() {
    // Re-issues that add more and more text cross the update and copy
    // thresholds one after another: near a threshold the signature
    // estimate alone would judge a pair across batches differently from
    // the same pair inside one batch.
    const ADDED: &[&str] = &[
        "Later on Tuesday the governor said a fourth civilian had died of wounds in the Dorvan hospital.",
        "The militia repeated that it had not aimed at homes and blamed army spotters on the ridge.",
        "Engineers began checking the old bridge for damage before trucks could cross it again.",
        "The school stayed closed for the rest of the week while volunteers cleared the rubble.",
        "Aid workers brought blankets and water to families sheltering in the mosque near the market.",
        "A second convoy reached the town at dusk, carrying medicine for the district clinic.",
    ];
    for added in 1..=ADDED.len() {
        let mut reissue = KESSAL.to_string();
        for sentence in &ADDED[..added] {
            reissue.push(' ');
            reissue.push_str(sentence);
        }
        let articles = vec![
            article(
                "orig",
                Some("Valley Post"),
                Some("2022-03-08"),
                "Kessal shelled",
                KESSAL,
            ),
            article(
                "near",
                Some("Daily Ledger"),
                Some("2022-03-09"),
                "Kessal shelled",
                &KESSAL.replace("two houses", "three houses"),
            ),
            article(
                "reissue",
                Some("Valley Post"),
                Some("2022-03-08"),
                "Kessal shelled, more to follow",
                &reissue,
            ),
            article(
                "rewrite",
                Some("Capital News"),
                Some("2022-03-09"),
                "Soldiers killed",
                KESSAL_REWRITE,
            ),
        ];
        let stored: std::collections::HashMap<String, Article> =
            articles.iter().map(|a| (a.id.clone(), a.clone())).collect();
        let earlier = |id: &str| stored.get(id).cloned();
        let whole = StoryClusterer::default()
            .index()
            .add_batch_with(&articles, &earlier);
        for split in 1..articles.len() {
            let mut index = StoryClusterer::default().index();
            let first = index.add_batch_with(&articles[..split], &earlier);
            let second = index.add_batch_with(&articles[split..], &earlier);
            let mut duplicate_of = first.duplicate_of.clone();
            duplicate_of.extend(second.duplicate_of.clone());
            let mut update_of = first.update_of.clone();
            update_of.extend(second.update_of.clone());
            assert_eq!(
                duplicate_of, whole.duplicate_of,
                "{added} added, split at {split}"
            );
            assert_eq!(
                update_of, whole.update_of,
                "{added} added, split at {split}"
            );
        }
    }
}
