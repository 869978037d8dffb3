use super::*;
use crate::testing::ArticleBuilder;
use outpost_core::{EntityKind::*, MentionRole::*, TemporalSpec};

fn coder() -> EventCoder {
    EventCoder::embedded().unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn sunday_clash() -> Article {
    ArticleBuilder::new(
        "Two Malian soldiers were killed and five others wounded in an attack by Wagner fighters near Gao on Sunday.",
    )
    .published(day(2023, 3, 7))
    .outlet("Example Wire")
    .entity("org:MLI.military", Organisation, "Malian armed forces", Some("MLI"), "Malian soldiers", Actor)
    .entity("org:wagner", Organisation, "Wagner Group", Some("RUS"), "Wagner fighters", Actor)
    .place("place:geonames:2457163", "Gao", "MLI", "Gao", 16.27, -0.04, "Gao")
    .quantity("Two", 2.0, ValueRange::exact(2.0), Some("soldiers"))
    .quantity("five", 5.0, ValueRange::exact(5.0), Some("soldiers"))
    .time("on Sunday", TemporalSpec::Weekday { weekday: 6, weeks: 0 }, Some(FuzzyDate::day(day(2023, 3, 5))))
    .build()
}

#[test]
fn passive_clash_has_victims_as_target_and_counts_killed_and_wounded() {
    let events = coder().code(&sunday_clash());
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e.event_type, "ASSAULT");
    assert_eq!(e.status, EventStatus::Occurred);
    assert_eq!(e.actor1.as_ref().unwrap().id, "org:wagner");
    assert_eq!(e.actor2.as_ref().unwrap().id, "org:MLI.military");
    assert_eq!(e.fatalities, Some(ValueRange::exact(2.0)));
    assert_eq!(e.injured, Some(ValueRange::exact(5.0)));
    assert_eq!(e.location.as_ref().unwrap().name, "Gao");
    assert_eq!(e.date, Some(FuzzyDate::day(day(2023, 3, 5))));
    assert_eq!(e.outlet.as_deref(), Some("Example Wire"));
    assert_eq!(e.acled_event_type.as_deref(), Some("Battles"));
    assert_eq!(e.start, 0);
}

#[test]
fn a_sentence_without_a_trigger_yields_no_event() {
    let article =
        ArticleBuilder::new("The weather was mild and markets in the capital were calm.").build();
    assert!(coder().code(&article).is_empty());
}

#[test]
fn casualty_words_without_a_count_are_not_an_event() {
    let article = ArticleBuilder::new("Their deaths were mourned across the country.").build();
    assert!(coder().code(&article).is_empty());
}

#[test]
fn negated_clash_is_denied_and_not_retyped() {
    let article = ArticleBuilder::new("No clashes were reported along the frontier.").build();
    let events = coder().code(&article);
    assert_eq!(events[0].event_type, "ASSAULT");
    assert_eq!(events[0].status, EventStatus::Denied);
}

#[test]
fn could_consider_is_hypothetical_and_would_request_is_proposed() {
    let article = ArticleBuilder::new(
        "The minister said he could consider sending troops to the border. The president would request the help of allied states.",
    )
    .build();
    let events = coder().code(&article);
    let mobilize = events.iter().find(|e| e.event_type == "MOBILIZE").unwrap();
    assert_eq!(mobilize.status, EventStatus::Hypothetical);
    let request = events.iter().find(|e| e.event_type == "REQUEST").unwrap();
    assert_eq!(request.status, EventStatus::Proposed);
}

#[test]
fn the_title_event_comes_first() {
    let article = ArticleBuilder::new(
        "Rebels attacked a checkpoint last week, killing four policemen. The governor asked the army for reinforcements.",
    )
    .title("Governor asks army for help after checkpoint raid")
    .quantity("four", 4.0, ValueRange::exact(4.0), Some("policemen"))
    .build();
    let events = coder().code(&article);
    assert_eq!(events[0].event_type, "REQUEST", "{events:#?}");
    let assault = events.iter().find(|e| e.event_type == "ASSAULT").unwrap();
    assert_eq!(assault.fatalities, Some(ValueRange::exact(4.0)));
}

#[test]
fn a_state_fights_through_its_armed_forces() {
    let article = ArticleBuilder::new("Ruritania shelled border villages overnight.")
        .entity(
            "country:RUR",
            Country,
            "Ruritania",
            Some("RUR"),
            "Ruritania",
            Actor,
        )
        .build();
    let events = coder().code(&article);
    assert_eq!(
        events[0].acled_sub_event_type.as_deref(),
        Some("Shelling/artillery/missile attack")
    );
    let actor = events[0].actor1.as_ref().unwrap();
    assert_eq!(actor.id, "military:RUR");
    assert_eq!(actor.country.as_deref(), Some("RUR"));
}

#[test]
fn speaker_is_carried_and_undated_event_gets_publication_week() {
    let article = ArticleBuilder::new("Rebels captured the airport, the ministry said.")
        .published(day(2022, 1, 10))
        .said_by("the ministry", "the ministry")
        .build();
    let e = &coder().code(&article)[0];
    assert_eq!(e.speaker.as_deref(), Some("the ministry"));
    assert_eq!(e.date, Some(week_before(day(2022, 1, 10))));
    assert_eq!(
        e.acled_sub_event_type.as_deref(),
        Some("Non-state actor overtakes territory")
    );
}

#[test]
fn there_borrows_the_place_of_the_previous_sentence() {
    let article = ArticleBuilder::new(
        "Tension rose near Kidal last month. Three soldiers were killed there on Friday.",
    )
    .place("place:kidal", "Kidal", "MLI", "Kidal", 18.44, 1.40, "Kidal")
    .quantity("Three", 3.0, ValueRange::exact(3.0), Some("soldiers"))
    .build();
    let events = coder().code(&article);
    let assault = events.iter().find(|e| e.event_type == "ASSAULT").unwrap();
    assert_eq!(assault.location.as_ref().unwrap().name, "Kidal");
    assert_eq!(assault.fatalities, Some(ValueRange::exact(3.0)));
}

#[test]
fn background_ceasefire_is_not_an_event_but_agreement_is() {
    let article = ArticleBuilder::new(
        "Both sides later agreed to a truce. Talks continue amid a fragile ceasefire.",
    )
    .build();
    let events = coder().code(&article);
    assert!(events
        .iter()
        .any(|e| e.event_type == "AGREE" && e.sentence == 0));
    assert!(
        !events.iter().any(|e| e.event_type == "RETREAT"),
        "{events:#?}"
    );
}

#[test]
fn a_cue_in_the_main_clause_does_not_govern_a_subordinate_event() {
    let article = ArticleBuilder::new(
        "The request comes after two guards were killed in an ambush on Monday.",
    )
    .quantity("two", 2.0, ValueRange::exact(2.0), Some("officers"))
    .build();
    let events = coder().code(&article);
    let assault = events.iter().find(|e| e.event_type == "ASSAULT").unwrap();
    assert_eq!(assault.status, EventStatus::Occurred);
}

#[test]
fn month_names_and_garbled_verbs_are_not_events() {
    let article = ArticleBuilder::new(
        "On March 4, the governor opted to request assassinate from the capital.",
    )
    .build();
    let events = coder().code(&article);
    assert!(
        events
            .iter()
            .all(|e| e.event_type != "PROTEST" && e.event_type != "ASSAULT"),
        "{events:#?}"
    );
    assert!(events.iter().any(|e| e.event_type == "REQUEST"));
}

#[test]
fn vague_counts_are_not_casualty_figures() {
    let mut article = ArticleBuilder::new("Fighting killed several civilians near the river.")
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
    let events = coder().code(&article);
    assert_eq!(events[0].fatalities, None);
}

#[test]
fn the_classifier_never_invents_an_event_without_a_trigger() {
    // Words the classifier weighs heavily, but no trigger: no event.
    let article = ArticleBuilder::new(
        "Ammunition, rifles and soldiers' pay were listed in the annual budget of the ministry.",
    )
    .build();
    assert!(coder().code(&article).is_empty());
    assert!(coder().without_classifier().code(&article).is_empty());
}

#[test]
fn the_classifier_refines_the_fine_type_of_a_triggered_event() {
    let article = ArticleBuilder::new(
        "Police seized a cache of rifles and ammunition in a raid on the warehouse.",
    )
    .build();
    let events = coder().code(&article);
    let main = &events[0];
    assert_eq!(main.event_type, "COERCE", "{events:#?}");
    assert_eq!(
        main.acled_sub_event_type.as_deref(),
        Some("Disrupted weapons use")
    );
    let article =
        ArticleBuilder::new("A roadside bomb exploded as a military convoy passed on the highway.")
            .build();
    let main = &coder().code(&article)[0];
    assert_eq!(
        main.acled_sub_event_type.as_deref(),
        Some("Remote explosive/landmine/IED")
    );
}

#[test]
fn denied_and_hypothetical_events_keep_their_status_under_the_classifier() {
    let article = ArticleBuilder::new(
        "The ministry denied reports of clashes near the border. Rebels could attack the town.",
    )
    .build();
    let events = coder().code(&article);
    assert!(!events.is_empty());
    for e in &events {
        assert_ne!(e.status, EventStatus::Occurred, "{e:#?}");
        assert_eq!(e.fatalities, None);
    }
}

#[test]
fn each_event_reads_only_its_own_sentences_counts_times_and_speaker() {
    // Two clashes in one article: the counts, dates and speaker of one
    // sentence must not leak into the other's event.
    let article = ArticleBuilder::new(
        "Rebels attacked a convoy on Monday, killing seven soldiers, the army said. \
         The weather was mild. Militants ambushed a patrol on Friday, wounding two guards.",
    )
    .quantity("seven", 7.0, ValueRange::exact(7.0), Some("soldiers"))
    .quantity("two", 2.0, ValueRange::exact(2.0), Some("guards"))
    .time(
        "on Monday",
        TemporalSpec::Weekday {
            weekday: 0,
            weeks: 0,
        },
        Some(FuzzyDate::day(day(2024, 5, 6))),
    )
    .time(
        "on Friday",
        TemporalSpec::Weekday {
            weekday: 4,
            weeks: 0,
        },
        Some(FuzzyDate::day(day(2024, 5, 10))),
    )
    .said_by("the army", "the army")
    .build();
    let events = coder().code(&article);
    let first = events.iter().find(|e| e.sentence == 0).unwrap();
    let last = events.iter().find(|e| e.sentence == 2).unwrap();
    assert_eq!(first.fatalities, Some(ValueRange::exact(7.0)));
    assert_eq!(first.injured, None);
    assert_eq!(first.date, Some(FuzzyDate::day(day(2024, 5, 6))));
    assert_eq!(first.speaker.as_deref(), Some("the army"));
    assert_eq!(last.fatalities, None);
    assert_eq!(last.injured, Some(ValueRange::exact(2.0)));
    assert_eq!(last.date, Some(FuzzyDate::day(day(2024, 5, 10))));
    assert_eq!(last.speaker, None);
    assert!(events.iter().all(|e| e.sentence != 1));
}

#[test]
fn a_sentence_counting_the_dead_keeps_its_assault_beside_a_ceasefire() {
    let article = ArticleBuilder::new(
        "Three soldiers were killed in fighting with rebels on Wednesday, with both sides later agreeing to a ceasefire proposal.",
    )
    .quantity("Three soldiers", 3.0, ValueRange::exact(3.0), Some("soldiers"))
    .build();
    let events = coder().code(&article);
    let assault = events
        .iter()
        .find(|e| e.event_type == "ASSAULT")
        .unwrap_or_else(|| panic!("no assault in {events:#?}"));
    assert_eq!(assault.fatalities, Some(ValueRange::exact(3.0)));
    assert_eq!(assault.acled_event_type.as_deref(), Some("Battles"));
}

#[test]
fn inflections_the_lexicon_does_not_list_reach_their_trigger() {
    // The lexicon lists "ambushed" and "intercepted", not these forms.
    for (text, event_type, trigger) in [
        (
            "Rebels are ambushing convoys on the road.",
            "ASSAULT",
            "ambushing",
        ),
        (
            "The navy intercepts smuggled weapons.",
            "COERCE",
            "intercepts",
        ),
    ] {
        let events = coder().code(&crate::testing::article(text));
        assert_eq!(events.len(), 1, "{text}: {events:#?}");
        assert_eq!(events[0].event_type, event_type);
        assert_eq!(events[0].trigger, trigger);
    }
}

#[test]
fn words_sharing_a_stem_with_a_trigger_are_no_event() {
    for text in [
        "According to the Moscow-based company, sales posted a record.",
        "The weather was mild and markets in the capital were calm.",
        "The economy grew by three percent last year, the minister said.",
        "Elections are scheduled for next spring, and turnout is expected to be high.",
        "The company's shares rose sharply after the announcement of record profits.",
        "The museum reopened on Sunday with an exhibition of Armenian carpets.",
    ] {
        let events = coder().code(&crate::testing::article(text));
        assert!(events.is_empty(), "{text}: {events:#?}");
    }
}

#[test]
fn a_threatened_attack_is_not_the_main_event_and_did_not_occur() {
    let events = coder().code(&crate::testing::article(
        "Iran threatened to shell Iraqi towns in retaliation.",
    ));
    assert_eq!(events[0].event_type, "THREATEN", "{events:#?}");
    let shelling = events.iter().find(|e| e.event_type == "ASSAULT").unwrap();
    assert_ne!(shelling.status, EventStatus::Occurred);
}

#[test]
fn a_refused_deployment_is_denied() {
    let events = coder().code(&crate::testing::article(
        "Pakistan has refused to deploy troops in Iraq.",
    ));
    let deployment = events.iter().find(|e| e.event_type == "MOBILIZE").unwrap();
    assert_eq!(deployment.status, EventStatus::Denied);
    assert_eq!(events[0].event_type, "REJECT", "{events:#?}");
}

#[cfg(feature = "embeddings")]
#[test]
fn the_embedded_coder_with_embeddings_codes_an_attack() {
    match EventCoder::embedded_with_embeddings() {
        Ok(coder) => {
            let events = coder.code(&crate::testing::article(
                "Rebels attacked a convoy on Monday.",
            ));
            assert_eq!(events[0].event_type, "ASSAULT");
        }
        // Only a missing model package may stop it.
        Err(err) => {
            assert!(embed::find_model_dir().is_none(), "{err}");
            eprintln!("skipped: {err}");
        }
    }
}

/// The classifier knows protest news best; a war or an incursion with no
/// protest word in its passage stays a war or an incursion.
#[test]
fn wars_and_incursions_are_not_retyped_into_protests() {
    for text in [
        "Last year Ethiopia and Eritrea went to war for six weeks over the contested Badme area.",
        "Two years ago the neighbouring states fought a seven-week war over the disputed valley.",
        "Ethiopia and Eritrea clashed last year over the Badme area, and civilians and soldiers died in the fighting.",
        "Earlier this week, hundreds of Eritrean special forces personnel entered Ethiopian territory in the northern province of Tigray.",
    ] {
        let events = coder().code(&ArticleBuilder::new(text).build());
        assert!(
            events.iter().all(|e| e.event_type != "PROTEST"),
            "{text}: {events:#?}"
        );
    }
    let protest = ArticleBuilder::new(
        "Thousands of people protested outside parliament on Friday, demanding the minister resign.",
    )
    .build();
    let events = coder().code(&protest);
    assert_eq!(
        events.first().map(|e| e.event_type.as_str()),
        Some("PROTEST"),
        "{events:#?}"
    );
}

#[test]
fn who_took_the_ground_decides_government_or_non_state_territory() {
    let sub = |text: &str| -> Option<String> {
        let events = coder()
            .without_classifier()
            .code(&ArticleBuilder::new(text).build());
        events.first().and_then(|e| e.acled_sub_event_type.clone())
    };
    let government = Some("Government regains territory".to_string());
    let non_state = Some("Non-state actor overtakes territory".to_string());
    assert_eq!(
        sub("Rebel fighters captured the hill town after a week of fighting."),
        non_state
    );
    assert_eq!(
        sub("Government troops captured the hill town on Friday."),
        government
    );
    // The subject's head, not the nearest group, takes the ground.
    assert_eq!(
        sub("The army and allied fighters captured the hill town."),
        government
    );
    // A passive: the agent after "by"; with no agent, the subject lost it.
    assert_eq!(
        sub("The hill town was captured by militants overnight."),
        non_state
    );
    assert_eq!(
        sub("The militants were pushed back from the hill town."),
        government
    );
    assert_eq!(
        sub("The district fell to the insurgents late on Thursday."),
        non_state
    );
    // A clause before a comma is not the subject.
    assert_eq!(
        sub("According to an army officer, insurgents took control of the district."),
        non_state
    );
    // With the classifier, too: the agent decides between the two.
    let events = coder().code(
        &ArticleBuilder::new("Insurgents captured the district headquarters on Sunday.").build(),
    );
    assert_eq!(events[0].acled_sub_event_type, non_state, "{events:#?}");
}

#[test]
fn a_territory_trigger_with_no_group_named_keeps_its_coding() {
    let mut coding = Coding {
        event_type: "ASSAULT".into(),
        mode: None,
        acled: Some(["Battles".into(), "Government regains territory".into()]),
        learned: true,
        support: 0.5,
        confidence: 0.5,
    };
    let lexicon = Lexicon::embedded().unwrap();
    let coder = EventCoder::new(lexicon.clone());
    let text = "The town was captured on Monday.";
    let chars: Vec<char> = text.chars().collect();
    let ws = words(&chars, 0, chars.len());
    let hit = coder.hits(&ws).into_iter().next().unwrap();
    let trigger = &lexicon.triggers[hit.trigger];
    coder.territory_agent(&mut coding, trigger, &chars, &ws, &hit, &[]);
    assert_eq!(coding.acled.unwrap()[1], "Government regains territory");
}

#[test]
fn force_against_protesters_and_rioting_have_triggers_of_their_own() {
    // "suppressed" names force against a protest: the classifier may code
    // it so, as the event has an assault trigger of its own.
    let article = ArticleBuilder::new(
        "Police violently suppressed a peaceful protest by students outside the court.",
    )
    .build();
    let events = coder().code(&article);
    assert!(
        events.iter().any(|e| e.event_type == "ASSAULT"
            && e.acled_sub_event_type.as_deref() == Some("Excessive force against protesters")),
        "{events:#?}"
    );
    let article = ArticleBuilder::new(
        "Demonstrators threw bottles and petrol bombs at riot police during the march.",
    )
    .build();
    let events = coder().code(&article);
    assert!(
        events
            .iter()
            .any(|e| e.acled_sub_event_type.as_deref() == Some("Violent demonstration")),
        "{events:#?}"
    );
    // Without a crowd, "suppressed" is no protest event.
    let article = ArticleBuilder::new("The minister suppressed the report for two years.").build();
    assert!(coder().code(&article).is_empty());
}

#[test]
fn a_surrender_is_an_agreement() {
    let article =
        ArticleBuilder::new("Forty rebels surrendered to the army with their weapons on Tuesday.")
            .build();
    let events = coder().code(&article);
    assert_eq!(events[0].event_type, "AGREE", "{events:#?}");
    assert_eq!(events[0].acled_sub_event_type.as_deref(), Some("Agreement"));
}

#[test]
fn only_an_overwhelming_reading_re_types_without_a_trigger() {
    // An even reading of a clash passage never turns it into a protest:
    // re-typing to a type no trigger in the passage has needs that type to
    // hold `free_retype_ratio` times the trigger type's probability.
    let settings = ClassifierSettings::default();
    assert!(settings.retype_needs_trigger);
    assert!(settings.free_retype_ratio >= 5.0);
    let article =
        ArticleBuilder::new("Last year the two countries fought a six-week war over the region.")
            .build();
    for e in coder().code(&article) {
        assert_eq!(e.event_type, "ASSAULT", "{e:#?}");
    }
    let never = EventCoder::new(Lexicon::embedded().unwrap()).with_classifier(
        Classifier::embedded().unwrap(),
        ClassifierSettings {
            free_retype_ratio: f32::INFINITY,
            ..settings
        },
    );
    for e in never.code(&article) {
        assert_eq!(e.event_type, "ASSAULT", "{e:#?}");
    }
}

#[test]
fn free_retype_min_lets_a_convinced_reading_re_type_without_a_trigger() {
    // "Police detained dozens of teachers who had tried to march": the
    // trigger says arrest, the reading says a protest met with force.
    let text = "Police detained dozens of teachers.";
    let chars: Vec<char> = text.chars().collect();
    let ws = words(&chars, 0, chars.len());
    let default = coder();
    let hit = default.hits(&ws).into_iter().next().unwrap();
    let lexicon = default.lexicon().clone();
    let trigger = &lexicon.triggers[hit.trigger];
    assert_eq!(trigger.event_type, "COERCE");
    let labels = default.classifier.as_ref().unwrap().labels().to_vec();
    let at = |code: &str| labels.iter().position(|l| l == code).unwrap();
    let only_own_type = vec![trigger.event_type.clone()];
    let mut p = vec![0.0f32; labels.len()];
    p[at("PROTEST_WITH_INTER")] = 0.5;
    p[at("ARREST")] = 0.2;
    // Half the reading is not ten times the trigger type's: it stays.
    let kept = default.coding(trigger, Some(&p), Some(&only_own_type), &[]);
    assert_eq!(kept.event_type, "COERCE");
    // Off by default: on multi-event articles a passage's reading often
    // belongs to another event ("massacres" read as an agreement).
    assert!(ClassifierSettings::default().free_retype_min > 1.0);
    let convinced = EventCoder::new(Lexicon::embedded().unwrap()).with_classifier(
        Classifier::embedded().unwrap(),
        ClassifierSettings {
            free_retype_min: 0.3,
            ..ClassifierSettings::default()
        },
    );
    let retyped = convinced.coding(trigger, Some(&p), Some(&only_own_type), &[]);
    assert_eq!(retyped.event_type, "PROTEST");
    assert_eq!(retyped.acled.unwrap()[1], "Protest with intervention");
    // A flat reading (nothing at 0.3) re-types nothing, even so.
    p[at("PROTEST_WITH_INTER")] = 0.25;
    let flat = convinced.coding(trigger, Some(&p), Some(&only_own_type), &[]);
    assert_eq!(flat.event_type, "COERCE");
    // Nor does any reading re-type an event that did not occur.
    p[at("PROTEST_WITH_INTER")] = 0.9;
    let not_occurred = convinced.coding(trigger, Some(&p), Some(&[]), &[]);
    assert_eq!(not_occurred.event_type, "COERCE");
}

#[test]
fn a_label_cue_counts_twice_where_it_happened() {
    let default = coder();
    let cued = |text: &str| {
        let article = ArticleBuilder::new(text).build();
        let chars: Vec<char> = article.extracted.text.chars().collect();
        default.cued_labels(&article, &chars, 0)
    };
    let with_intervention = "PROTEST_WITH_INTER".to_string();
    assert!(cued("Police fired tear gas to disperse the protesters.").contains(&with_intervention));
    // A cue needs its context: an arrest with no crowd is no protest.
    assert!(!cued("Police detained five men in the market.").contains(&with_intervention));
    // And it must have happened.
    assert!(
        !cued("The protesters marched to the square. No arrests were made.")
            .contains(&with_intervention)
    );

    // The cue doubles its label's probability before the label is chosen.
    let text = "Hundreds of protesters gathered in the square.";
    let chars: Vec<char> = text.chars().collect();
    let ws = words(&chars, 0, chars.len());
    let hit = default.hits(&ws).into_iter().next().unwrap();
    let lexicon = default.lexicon().clone();
    let trigger = &lexicon.triggers[hit.trigger];
    assert_eq!(trigger.event_type, "PROTEST");
    let labels = default.classifier.as_ref().unwrap().labels().to_vec();
    let at = |code: &str| labels.iter().position(|l| l == code).unwrap();
    let mut p = vec![0.0f32; labels.len()];
    p[at("PEACE_PROTEST")] = 0.35;
    p[at("PROTEST_WITH_INTER")] = 0.3;
    let own = vec![trigger.event_type.clone()];
    let plain = default.coding(trigger, Some(&p), Some(&own), &[]);
    assert_eq!(plain.acled.unwrap()[1], "Peaceful protest");
    let cued = default.coding(
        trigger,
        Some(&p),
        Some(&own),
        std::slice::from_ref(&with_intervention),
    );
    assert_eq!(cued.acled.unwrap()[1], "Protest with intervention");
    // With the prior at 1 the cues are not read.
    let unread = EventCoder::new(Lexicon::embedded().unwrap()).with_classifier(
        Classifier::embedded().unwrap(),
        ClassifierSettings {
            label_cue_prior: 1.0,
            ..ClassifierSettings::default()
        },
    );
    let article = ArticleBuilder::new("Police fired tear gas to disperse the protesters.").build();
    let chars: Vec<char> = article.extracted.text.chars().collect();
    assert!(unread.cued_labels(&article, &chars, 0).is_empty());
}

#[test]
fn a_reading_of_a_possible_event_is_not_read_into_an_actual_one() {
    // The classifier reads "possible attacks" as if they happened; the
    // deployment stays a deployment, and the attacks stay possible.
    let events = coder().code(
        &ArticleBuilder::new(
            "Russia already deployed soldiers and border guards in the southern province to \
             defend it against possible attacks.",
        )
        .build(),
    );
    let deployed = events.iter().find(|e| e.trigger == "deployed").unwrap();
    assert_eq!(deployed.event_type, "MOBILIZE", "{events:#?}");
    assert!(events
        .iter()
        .filter(|e| e.event_type == "ASSAULT")
        .all(|e| e.status == EventStatus::Hypothetical));
}

#[test]
fn protest_sub_events_follow_what_happened_at_them() {
    let first = |text: &str| {
        let events = coder().code(&ArticleBuilder::new(text).build());
        events
            .first()
            .and_then(|e| e.acled_sub_event_type.clone())
            .unwrap_or_else(|| panic!("no event in {text:?}"))
    };
    assert_eq!(
        first(
            "Police fired tear gas and detained dozens of protesters who had gathered outside \
             parliament on Sunday."
        ),
        "Protest with intervention"
    );
    assert_eq!(
        first(
            "Hundreds of protesters marched through the capital on Sunday. No arrests were made."
        ),
        "Peaceful protest"
    );
    assert_eq!(
        first(
            "Protesters threw stones at police and torched two cars in the city centre on Friday."
        ),
        "Violent demonstration"
    );
}

#[test]
fn a_trigger_without_an_acled_type_gets_one_only_in_a_sentence_about_security() {
    for everyday in [
        "The minister has promised to modernise the country's shabby airports.",
        "The president promised to cut unemployment when he was elected two years ago.",
        "A reward has been offered for information leading to a conviction.",
        "The award was accepted by the creator of the cartoon series.",
    ] {
        for e in coder().code(&ArticleBuilder::new(everyday).build()) {
            assert_eq!(e.acled_sub_event_type, None, "{everyday}: {e:#?}");
        }
    }
    let deal = ArticleBuilder::new(
        "Militants holding the town accepted a Russian-brokered deal on Thursday under which \
         they would hand over their heavy weapons.",
    )
    .build();
    let events = coder().code(&deal);
    assert_eq!(
        events[0].acled_sub_event_type.as_deref(),
        Some("Agreement"),
        "{events:#?}"
    );
}

#[test]
fn a_war_is_an_event_where_it_breaks_out_or_is_waged_not_where_it_is_named() {
    for named in [
        "Economic issues, as well as the war in Iraq, were at the forefront of the campaign.",
        "The ministry said both sides engaged in a war of words amid a fragile ceasefire.",
    ] {
        let events = coder().code(&ArticleBuilder::new(named).build());
        assert!(
            events.iter().all(|e| e.event_type != "ASSAULT"),
            "{named}: {events:#?}"
        );
    }
    let outbreak =
        ArticleBuilder::new("War broke out between the army and separatist rebels in September.")
            .build();
    let events = coder().code(&outbreak);
    assert_eq!(events[0].event_type, "ASSAULT", "{events:#?}");
}

#[test]
fn a_release_of_captives_is_a_release_not_an_abduction_nor_an_agreement() {
    for (text, trigger) in [
        ("Rebels released twelve hostages on Monday.", "released"),
        ("Two hostages were freed on Monday.", "freed"),
        ("The army released 40 prisoners on Monday.", "released"),
    ] {
        let events = coder().code(&ArticleBuilder::new(text).build());
        assert_eq!(events.len(), 1, "{text}: {events:#?}");
        assert_eq!(events[0].event_type, "RETREAT", "{text}");
        assert_eq!(events[0].mode.as_deref(), Some("release"), "{text}");
        assert_eq!(events[0].acled_sub_event_type, None, "{text}");
        assert_eq!(events[0].trigger, trigger);
    }
    // Captives traded are an agreement between the two sides.
    let swap = ArticleBuilder::new(
        "The government freed 30 rebels in exchange for the release of 16 soldiers.",
    )
    .build();
    let events = coder().code(&swap);
    assert_eq!(
        events[0].acled_sub_event_type.as_deref(),
        Some("Agreement"),
        "{events:#?}"
    );
    // Taking people is still an abduction when a release follows it.
    let both =
        ArticleBuilder::new("Gunmen kidnapped two nurses and released one of them on Monday.")
            .build();
    let events = coder().code(&both);
    assert_eq!(
        events[0].acled_sub_event_type.as_deref(),
        Some("Abduction/forced disappearance")
    );
    assert!(events.iter().any(|e| e.event_type == "RETREAT"));
    // A statement released is no release, and a town freed is ground taken.
    let statement =
        ArticleBuilder::new("A statement released by the ministry said troops were deployed.")
            .build();
    assert!(coder()
        .code(&statement)
        .iter()
        .all(|e| e.event_type != "RETREAT"));
    let town = ArticleBuilder::new("Government troops freed the town of Marun from the militants.")
        .build();
    let events = coder().code(&town);
    assert_eq!(
        events[0].acled_sub_event_type.as_deref(),
        Some("Government regains territory"),
        "{events:#?}"
    );
}

#[test]
fn an_event_set_before_the_news_is_not_the_main_event() {
    let new_first = "Government troops entered the town on Friday without a fight, residents said.";
    let background = ArticleBuilder::new(&format!(
        "{new_first} Last week the army shelled the town heavily, killing five civilians."
    ))
    .quantity("five", 5.0, ValueRange::exact(5.0), Some("civilians"))
    .build();
    let events = coder().code(&background);
    assert_eq!(events[0].trigger, "entered", "{events:#?}");
    let shelling = events.iter().find(|e| e.trigger == "shelled").unwrap();
    assert_eq!(shelling.status, EventStatus::Occurred);
    // Without the time words, the shelling that counts the dead leads.
    let current = ArticleBuilder::new(&format!(
        "{new_first} The army shelled the town heavily, killing five civilians."
    ))
    .quantity("five", 5.0, ValueRange::exact(5.0), Some("civilians"))
    .build();
    let events = coder().code(&current);
    assert_eq!(events[0].trigger, "shelled", "{events:#?}");
    // Beyond a clause break the words set nothing.
    let chars: Vec<char> = "Two weeks ago; rebels attacked the convoy"
        .chars()
        .collect();
    let ws = words(&chars, 0, chars.len());
    let hit = coder().hits(&ws).into_iter().next().unwrap();
    assert!(!coder().is_background(&chars, &ws, &hit));
    let chars: Vec<char> = "Two weeks ago rebels attacked the convoy".chars().collect();
    let ws = words(&chars, 0, chars.len());
    let hit = coder().hits(&ws).into_iter().next().unwrap();
    assert!(coder().is_background(&chars, &ws, &hit));
    // So does an era: history, not news.
    let chars: Vec<char> = "recognition of the World War I-era massacres of Armenians"
        .chars()
        .collect();
    let ws = words(&chars, 0, chars.len());
    let hit = coder().hits(&ws).into_iter().next().unwrap();
    assert!(coder().is_background(&chars, &ws, &hit));
}

#[test]
fn a_trigger_naming_its_weapon_keeps_its_label_against_a_close_same_type_reading() {
    let coder = coder();
    let lexicon = coder.lexicon().clone();
    let text = "A suicide bomber struck the checkpoint.";
    let chars: Vec<char> = text.chars().collect();
    let ws = words(&chars, 0, chars.len());
    let hit = coder.hits(&ws).into_iter().next().unwrap();
    let trigger = &lexicon.triggers[hit.trigger];
    assert_eq!(trigger.mode.as_deref(), Some("suicide-attack"));
    let labels = coder.classifier.as_ref().unwrap().labels().to_vec();
    let at = |code: &str| labels.iter().position(|l| l == code).unwrap();
    // The classifier reads a clash a little more likely than a suicide
    // bombing: the trigger's own label stands.
    let mut p = vec![0.0f32; labels.len()];
    p[at("ARMED_CLASH")] = 0.40;
    p[at("SUIC_BOMB")] = 0.35;
    let coding = coder.coding(trigger, Some(&p), None, &[]);
    assert_eq!(coding.acled.unwrap()[1], "Suicide bomb");
    // A clearly stronger reading still wins.
    p[at("ARMED_CLASH")] = 0.60;
    p[at("SUIC_BOMB")] = 0.20;
    let coding = coder.coding(trigger, Some(&p), None, &[]);
    assert_eq!(coding.acled.unwrap()[1], "Armed clash");
}

#[test]
fn a_possible_attack_does_not_turn_a_deployment_into_an_attack() {
    let article = ArticleBuilder::new(
        "The government, which has a garrison in the north, deployed soldiers and police to the \
         valley in the spring to guard the dam against possible rebel attacks.",
    )
    .build();
    // The hypothetical attack lends its type to no re-typing.
    let coder = coder();
    let chars: Vec<char> = article.extracted.text.chars().collect();
    let by_sentence = ArticleIndex::new(&article);
    let types = coder.passage_types(&article, &by_sentence, &chars, 0);
    assert!(!types.contains(&"ASSAULT".to_string()), "{types:?}");
    assert!(types.contains(&"MOBILIZE".to_string()), "{types:?}");
    let events = coder.code(&article);
    let deployment = events
        .iter()
        .find(|e| e.trigger == "deployed")
        .expect("deployed");
    assert_eq!(deployment.event_type, "MOBILIZE", "{events:#?}");
    let attack = events
        .iter()
        .find(|e| e.trigger == "attacks")
        .expect("attacks");
    assert_eq!(attack.status, EventStatus::Hypothetical, "{events:#?}");
}

#[test]
fn a_nationality_before_a_non_state_group_names_the_group_not_the_state() {
    let article = ArticleBuilder::new(
        "On 2 June, two Azerbaijani customs officers were killed by Iranian drug smugglers at a \
         mountain pass.",
    )
    .entity(
        "org:AZE.customs",
        Organisation,
        "Azerbaijani customs service",
        Some("AZE"),
        "Azerbaijani customs officers",
        Actor,
    )
    .entity(
        "country:IRN",
        Country,
        "Iran",
        Some("IRN"),
        "Iranian",
        Demonym,
    )
    .quantity("two", 2.0, ValueRange::exact(2.0), Some("officers"))
    .build();
    let events = coder().code(&article);
    let killing = events
        .iter()
        .find(|e| e.event_type == "ASSAULT")
        .expect("an assault");
    let actor1 = killing.actor1.as_ref().expect("actor1");
    assert_eq!(actor1.name, "Iranian drug smugglers", "{events:#?}");
    assert_eq!(actor1.country.as_deref(), Some("IRN"));
    assert!(!actor1.id.starts_with("military:"), "{actor1:?}");
}

#[test]
fn a_conditional_conjunction_governs_the_clause_it_opens() {
    let article = ArticleBuilder::new(
        "The pact obliges the alliance to send warships in the event that the island state comes \
         under attack by a neighbour.",
    )
    .build();
    let events = coder().code(&article);
    let attack = events
        .iter()
        .find(|e| e.trigger == "attack")
        .expect("attack");
    assert_eq!(attack.status, EventStatus::Hypothetical, "{events:#?}");
    // An opener that is no condition still ends the cues' reach: the
    // request is proposed, the killing after it occurred.
    let article = ArticleBuilder::new(
        "Armenia would request help after three soldiers were killed in the clashes.",
    )
    .quantity("three", 3.0, ValueRange::exact(3.0), Some("soldiers"))
    .build();
    let events = coder().code(&article);
    let clash = events
        .iter()
        .find(|e| e.event_type == "ASSAULT")
        .expect("assault");
    assert_eq!(clash.status, EventStatus::Occurred, "{events:#?}");
}

#[test]
fn a_re_typed_event_takes_its_sentences_own_trigger_of_the_new_type() {
    let article = ArticleBuilder::new(
        "The siege ended last spring with a truce brokered by the regional bloc.",
    )
    .build();
    let events = coder().code(&article);
    let agreement = events
        .iter()
        .find(|e| e.event_type == "AGREE")
        .expect("an agreement");
    assert_ne!(agreement.trigger, "siege", "{events:#?}");
}

#[test]
fn a_time_behind_since_dates_another_clauses_state_not_the_event() {
    let article = ArticleBuilder::new(
        "By the accord, the rebels handed over districts they had held since a revolt in the 1990s.",
    )
    .published(day(2021, 4, 14))
    .time(
        "the 1990s",
        TemporalSpec::Decade {
            start: 1990,
            part: None,
        },
        Some(FuzzyDate {
            date: day(1990, 1, 1),
            precision: DatePrecision::Year,
        }),
    )
    .build();
    let events = coder().code(&article);
    assert!(!events.is_empty());
    for e in &events {
        assert_eq!(e.time_expression, None, "{events:#?}");
        assert_ne!(e.date.map(|d| d.date), Some(day(1990, 1, 1)));
    }
}

#[test]
fn unnamed_groups_take_the_roles_no_named_actor_holds() {
    let article = ArticleBuilder::new(
        "Riot police on Sunday cleared a protest camp outside the governorate.",
    )
    .build();
    let events = coder().code(&article);
    let actor1 = events[0]
        .actor1
        .as_ref()
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(actor1.name, "Riot police", "{events:#?}");
    assert!(actor1.id.starts_with("group:"));

    let article = ArticleBuilder::new(
        "Houthi forces advanced into the district on Sunday after loyalist tribesmen withdrew.",
    )
    .build();
    let events = coder().code(&article);
    let advance = events
        .iter()
        .find(|e| e.trigger == "advanced into")
        .expect("advance");
    assert_eq!(
        advance.actor1.as_ref().map(|a| a.name.as_str()),
        Some("Houthi forces")
    );
    let withdrawal = events.iter().find(|e| e.trigger == "withdrew");
    if let Some(w) = withdrawal {
        assert_eq!(
            w.actor1.as_ref().map(|a| a.name.as_str()),
            Some("loyalist tribesmen")
        );
    }

    // The agent of a passive, and a named actor keeps its role.
    let article = ArticleBuilder::new("Two guards were killed by gunmen near the Malian border.")
        .quantity("Two", 2.0, ValueRange::exact(2.0), Some("guards"))
        .build();
    let events = coder().code(&article);
    assert_eq!(
        events[0].actor1.as_ref().map(|a| a.name.as_str()),
        Some("gunmen"),
        "{events:#?}"
    );
    let events = coder().code(&sunday_clash());
    assert_eq!(events[0].actor1.as_ref().unwrap().id, "org:wagner");
    assert_eq!(events[0].actor2.as_ref().unwrap().id, "org:MLI.military");

    // No group, no actor: nothing is invented from other nouns.
    let article = ArticleBuilder::new("The bridge was destroyed in the night.").build();
    for e in coder().code(&article) {
        assert!(e.actor1.is_none() && e.actor2.is_none(), "{e:#?}");
    }
}

#[test]
fn a_trigger_that_names_a_group_is_its_own_actor() {
    let article = ArticleBuilder::new(
        "Protesters in the city torched the local headquarters of the ruling party on Monday.",
    )
    .build();
    let events = coder().code(&article);
    assert_eq!(
        events[0].actor1.as_ref().map(|a| a.name.as_str()),
        Some("Protesters"),
        "{events:#?}"
    );
}

/// The first event's ACLED sub-event type for a one-sentence article.
fn sub_event_of(coder: &EventCoder, text: &str) -> Option<String> {
    coder
        .code(&ArticleBuilder::new(text).build())
        .into_iter()
        .next()
        .and_then(|e| e.acled_sub_event_type)
}

#[test]
fn what_was_seized_decides_the_event() {
    // Rules alone: the trigger's own type, with no classifier to re-type it.
    let coder = EventCoder::new(Lexicon::embedded().unwrap());
    let cases = [
        (
            "Insurgents seized the river port of Kalota after a night of heavy fighting.",
            "Government regains territory",
        ),
        (
            "Customs officers seized rifles and boxes of ammunition hidden in a lorry.",
            "Disrupted weapons use",
        ),
        (
            "Armed men seized nine fishermen from their boats off the coast on Monday.",
            "Abduction/forced disappearance",
        ),
        (
            "Troops drove the militants out of the hill villages east of the dam.",
            "Government regains territory",
        ),
        (
            "Army engineers cleared hundreds of anti-tank mines from the farm roads.",
            "Disrupted weapons use",
        ),
    ];
    for (text, expected) in cases {
        let got = sub_event_of(&coder, text);
        // "Government regains territory" is the territory triggers' default
        // type; who took the ground is settled by the territory rules.
        let got = got.map(|g| {
            if g == "Non-state actor overtakes territory" {
                "Government regains territory".to_string()
            } else {
                g
            }
        });
        assert_eq!(got.as_deref(), Some(expected), "{text}");
    }
    // Seizing on a remark is no event at all.
    let events = coder.code(
        &ArticleBuilder::new("The opposition seized on the minister's remark during the debate.")
            .build(),
    );
    assert!(events.iter().all(|e| e.trigger != "seized"), "{events:#?}");
}

#[test]
fn a_condition_that_fails_lends_no_support_for_re_typing() {
    // "found" counts as a weapons find only when arms are named; here it
    // names none, so the passage holds no disrupted-weapons trigger.
    let article = ArticleBuilder::new(
        "Rescue teams found the missing hikers near the pass after two days of searching.",
    )
    .build();
    let coder = coder();
    let chars: Vec<char> = article.extracted.text.chars().collect();
    let by_sentence = ArticleIndex::new(&article);
    let types = coder.passage_types(&article, &by_sentence, &chars, 0);
    assert!(!types.contains(&"COERCE".to_string()), "{types:?}");
}

#[test]
fn news_wording_for_abductions_strikes_and_bodies_makes_events() {
    let coder = EventCoder::new(Lexicon::embedded().unwrap());
    let cases = [
        (
            "A radio presenter was dragged from her car by masked men outside the studio on Friday.",
            "Abduction/forced disappearance",
        ),
        (
            "Bus drivers in the capital went on strike on Monday over unpaid overtime.",
            "Peaceful protest",
        ),
        (
            "Farmers found the bodies of four men in a ditch beside the highway.",
            "Other",
        ),
        (
            "Villagers beat two suspected thieves with sticks until police arrived.",
            "Mob violence",
        ),
        (
            "The rebel council opened an office in the market town to collect levies.",
            "Headquarters or base established",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            sub_event_of(&coder, text).as_deref(),
            Some(expected),
            "{text}"
        );
    }
}

#[test]
fn a_past_tense_before_a_kind_of_thing_noun_is_still_an_act() {
    let coder = EventCoder::new(Lexicon::embedded().unwrap());
    let events = coder.code(
        &ArticleBuilder::new("Masked men attacked police at the toll gate on Sunday.").build(),
    );
    assert!(
        events.iter().any(|e| e.trigger == "attacked"),
        "{events:#?}"
    );
    // The noun use still names a kind of thing: "riot police" is no riot.
    let events = coder.code(
        &ArticleBuilder::new("Riot police stood by the gates of the ministry all afternoon.")
            .build(),
    );
    assert!(events.iter().all(|e| e.trigger != "Riot"), "{events:#?}");
    // "Aid workers" are people, not aid; "pressuring workers" is an act.
    let events = coder
        .code(&ArticleBuilder::new("Five aid workers were kidnapped by gunmen on Monday.").build());
    assert!(events.iter().all(|e| e.event_type != "AID"), "{events:#?}");
    let events = coder.code(
        &ArticleBuilder::new("Police were pressuring workers to call off the strike.").build(),
    );
    assert!(
        events.iter().any(|e| e.trigger == "pressuring"),
        "{events:#?}"
    );
}

#[test]
fn weapons_seized_in_the_passive_are_a_disrupted_weapons_use() {
    for text in [
        "234 pistols and 17,000 bullets were seized in the capital.",
        "Explosives were found in a car parked near the ministry.",
    ] {
        let events = coder().code(&ArticleBuilder::new(text).build());
        assert_eq!(
            events[0].acled_sub_event_type.as_deref(),
            Some("Disrupted weapons use"),
            "{text}: {events:#?}"
        );
    }
    // Bodies found with bullet wounds are no weapons seized.
    let bodies = ArticleBuilder::new(
        "The bodies of three men were found riddled with bullets near the river.",
    )
    .build();
    for e in coder().code(&bodies) {
        assert_ne!(
            e.acled_sub_event_type.as_deref(),
            Some("Disrupted weapons use"),
            "{e:#?}"
        );
    }
}

#[test]
fn a_weapon_shot_down_is_a_disruption_not_an_attack() {
    let coder = coder();
    let events = coder.code(
        &ArticleBuilder::new(
            "Air defences shot down three drones launched toward the refinery overnight, the army said.",
        )
        .build(),
    );
    let first = events.first().expect("an event");
    assert_eq!(
        first.acled_sub_event_type.as_deref(),
        Some("Disrupted weapons use"),
        "{events:#?}"
    );
}

#[test]
fn a_named_army_with_no_country_in_its_name_is_a_non_state_group() {
    let coder = EventCoder::new(Lexicon::embedded().unwrap());
    let sub = |text: &str| sub_event_of(&coder, text);
    assert_eq!(
        sub("The Northern Hills Liberation Army captured the district town of Kelso on Friday.")
            .as_deref(),
        Some("Non-state actor overtakes territory")
    );
    // A sentence that opens with "The Army" names the state's army.
    assert_eq!(
        sub("The Army recaptured the district town of Kelso on Friday.").as_deref(),
        Some("Government regains territory")
    );
}

#[test]
fn a_no_before_another_noun_does_not_deny_the_event_but_a_denial_of_a_that_clause_does() {
    let coder = EventCoder::new(Lexicon::embedded().unwrap());
    let status_of = |text: &str, trigger: &str| {
        coder
            .code(&ArticleBuilder::new(text).build())
            .into_iter()
            .find(|e| e.trigger == trigger)
            .map(|e| e.status)
    };
    let cases = [
        (
            "Officials gave no details about the fighting near the frontier.",
            "fighting",
            EventStatus::Occurred,
        ),
        (
            "Police said no one was hurt in the attack on the convoy.",
            "attack",
            EventStatus::Occurred,
        ),
        (
            "There was no fighting between troops and rebels on Monday.",
            "fighting",
            EventStatus::Denied,
        ),
        (
            "The ministry denied that troops shelled the market.",
            "shelled",
            EventStatus::Denied,
        ),
        (
            "The army did not attack the village.",
            "attack",
            EventStatus::Denied,
        ),
    ];
    for (text, trigger, expected) in cases {
        assert_eq!(status_of(text, trigger), Some(expected), "{text}");
    }
}

#[test]
fn a_place_behind_a_preposition_is_not_what_was_taken() {
    let coder = EventCoder::new(Lexicon::embedded().unwrap());
    for text in [
        "The ceremony took place in the town hall on Monday.",
        "The delegation was taken to the border crossing by bus.",
        "It has taken years to rebuild the city.",
    ] {
        let events = coder.code(&ArticleBuilder::new(text).build());
        assert!(events.is_empty(), "{text}: {events:#?}");
    }
    // "Of" and "at least" stay inside the object.
    assert_eq!(
        sub_event_of(
            &coder,
            "Bandits seized at least twenty passengers from a bus on the highway."
        )
        .as_deref(),
        Some("Abduction/forced disappearance")
    );
}

#[test]
fn everyday_senses_of_trigger_words_are_no_events_outside_a_security_setting() {
    let coder = coder();
    for text in [
        "The carmaker's shares shot up by a fifth after the results were published.",
        "The two banks have been locked in a fierce bid battle for the insurer.",
        "Figures released on Friday showed retail sales rising for a third month.",
        // A word of politics near does not make a sentence about business
        // or computers security news.
        "The company's president agreed to sell the brewer to its rival, the government said.",
        "The president signed a $6bn deal with Qatar to supply gas, the government said.",
        "Denial of service attacks knocked the ministry's website offline for a day.",
        // Everyday senses of weapons words.
        "The gadget maker spent thousands of pounds on the launch.",
        "Streaming has caused an explosion in home-made radio shows.",
        "The station will carry banner ads from next month.",
        "Users were bombarded with requests to update the software.",
    ] {
        let events = coder.code(&ArticleBuilder::new(text).build());
        assert!(
            events.iter().all(|e| e.acled_sub_event_type.is_none()),
            "{text}: {events:#?}"
        );
    }
    // The same words in a security setting are events.
    for text in [
        "Two soldiers were shot near the checkpoint on Friday.",
        "Militants and troops fought a fierce battle for the hill town.",
        "The rebels abducted twelve villagers on Friday.",
        "The government and the rebel movement agreed a truce on Sunday.",
        "A blast tore through the market, wounding six soldiers.",
    ] {
        let events = coder.code(&ArticleBuilder::new(text).build());
        assert!(
            events.iter().any(|e| e.acled_sub_event_type.is_some()),
            "{text}: {events:#?}"
        );
    }
}

#[test]
fn statements_in_a_sentence_about_business_are_no_events_unless_a_state_acts() {
    let coder = coder();
    for text in [
        "Consumer demand for the new phones stayed strong over the holidays.",
        "The retailer's shares came under pressure after weak sales.",
    ] {
        let events = coder.code(&ArticleBuilder::new(text).build());
        assert!(events.is_empty(), "{text}: {events:#?}");
    }
    let events = coder.code(
        &ArticleBuilder::new("The trade minister demanded that the firms cut their prices.")
            .build(),
    );
    assert!(
        events.iter().any(|e| e.event_type == "REQUEST"),
        "{events:#?}"
    );
}

#[test]
fn deaths_in_a_natural_disaster_are_no_violence() {
    let coder = coder();
    for text in [
        "The cyclone killed at least 40 people along the coast on Monday.",
        "Floods destroyed 300 homes in the valley, officials said.",
    ] {
        let events = coder.code(&ArticleBuilder::new(text).build());
        assert!(
            events.iter().all(|e| e.acled_sub_event_type.is_none()),
            "{text}: {events:#?}"
        );
    }
    // Violence beside a disaster is still violence.
    let events = coder.code(
        &ArticleBuilder::new("Gunmen killed six aid workers delivering flood relief.").build(),
    );
    assert!(
        events.iter().any(|e| e.acled_sub_event_type.is_some()),
        "{events:#?}"
    );
}

#[test]
fn states_agreeing_with_no_word_of_security_near_is_diplomacy_not_an_acled_event() {
    let events = coder().code(
        &ArticleBuilder::new(
            "Kenya and Uganda signed a pact on Tuesday to share the lake's fisheries.",
        )
        .entity("country:KEN", Country, "Kenya", Some("KEN"), "Kenya", Actor)
        .entity(
            "country:UGA",
            Country,
            "Uganda",
            Some("UGA"),
            "Uganda",
            Actor,
        )
        .build(),
    );
    let agreement = events.iter().find(|e| e.event_type == "AGREE");
    assert!(agreement.is_some(), "{events:#?}");
    assert_eq!(agreement.unwrap().acled_sub_event_type, None);
    // A country named as a firm's home is no state acting, and the
    // sentence is about business.
    let events = coder().code(
        &ArticleBuilder::new("The Canadian firm agreed to pay a fine to close the case.")
            .entity(
                "country:CAN",
                Country,
                "Canada",
                Some("CAN"),
                "Canadian",
                Actor,
            )
            .build(),
    );
    assert!(events.is_empty(), "{events:#?}");
}

#[test]
fn a_crowd_in_the_passage_lets_violence_be_re_typed_into_a_demonstration() {
    let coder = coder();
    let types_of = |text: &str| {
        let article = ArticleBuilder::new(text).build();
        let chars: Vec<char> = article.extracted.text.chars().collect();
        coder.passage_types(&article, &crate::ArticleIndex::new(&article), &chars, 0)
    };
    let crowd = types_of("Supporters of the defeated candidate attacked the police station.");
    assert!(crowd.iter().any(|t| t == "PROTEST"), "{crowd:?}");
    let soldiers = types_of("Soldiers attacked the police station.");
    assert!(!soldiers.iter().any(|t| t == "PROTEST"), "{soldiers:?}");
}
