//! The command line on articles written for these tests, and on bad input.

use crate::util::{stderr, stdout, Workdir};
use std::io::Write;

const DISPATCH: &str = "Troops Clash Near Border Town

By Example Wire

March 3, 2023

Two Malian soldiers were killed and five others wounded in an attack by gunmen near Gao on Sunday, the army said.

The army said reinforcements had been sent to the area.

Leave a Reply
";

const FOLLOW_UP: &str = "Mali Army Says Gao Attack Left Two Dead

March 4, 2023

Malian officials said on Sunday two soldiers were killed near Gao when gunmen attacked a patrol.

Subscribe to our newsletter
";

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn good_inputs(w: &Workdir) {
    w.write("in/a.txt", DISPATCH);
    w.write("in/b.txt.gz", gzip(FOLLOW_UP.as_bytes()));
    w.write(
        "in/c.jsonl",
        concat!(
            r#"{"url":"https://news.example.org/2023/03/05/talks","title":"Envoys meet in Bamako","text":"Envoys met in Bamako on Monday to discuss a ceasefire.","published":"2023-03-05","outlet":"Example News"}"#,
            "\n"
        ),
    );
    w.write(
        "in/d.html",
        "<html><head><title>Protest in Bamako</title><meta property=\"og:site_name\" content=\"Example Daily\"></head>\
         <body><nav>Home | World</nav><article><h1>Protest in Bamako</h1><p>Hundreds of people protested in Bamako on Friday \
         against rising prices, witnesses said.</p><p>Police detained three people, officials said.</p></article>\
         <footer>Copyright 2023 Example Daily</footer></body></html>",
    );
}

#[test]
fn bad_inputs_are_named_and_skipped_and_the_rest_is_stored() {
    let w = Workdir::new();
    good_inputs(&w);
    w.write("in/binary.txt", [0u8, 159, 146, 150, 0, 1, 2, 3]);
    w.write(
        "in/latin1.txt",
        b"Caf\xe9 attack\n\nA bomb hit a caf\xe9 on Monday.",
    );
    w.write("in/empty.txt", "");
    let gz = gzip(DISPATCH.as_bytes());
    w.write("in/truncated.txt.gz", &gz[..gz.len() / 2]);

    let out = w.run(&["ingest", "in"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for name in ["binary.txt", "latin1.txt", "empty.txt", "truncated.txt.gz"] {
        assert!(
            err.lines().any(|l| l.contains(name)),
            "{name} not reported: {err}"
        );
    }
    let articles = w.json(&["articles", "--json"]);
    assert_eq!(articles.as_array().unwrap().len(), 4, "{articles:#}");

    let again = w.run(&["ingest", "in"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("0 new"), "{}", stderr(&again));
    assert_eq!(w.json(&["articles", "--json"]), articles);
}

#[test]
fn jsonl_records_keep_their_given_fields_and_provenance() {
    let w = Workdir::new();
    good_inputs(&w);
    let out = w.run(&["ingest", "in/c.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let articles = w.json(&["articles", "--json"]);
    let a = &articles[0];
    assert_eq!(a["source"], "in/c.jsonl#1");
    assert_eq!(a["outlet"], "Example News");
    assert_eq!(a["published"], "2023-03-05");
    assert_eq!(a["title"], "Envoys meet in Bamako");
}

#[test]
fn events_export_as_csv_and_geojson() {
    let w = Workdir::new();
    good_inputs(&w);
    assert!(w.run(&["ingest", "in"]).status.success());
    let csv = w.run(&["events", "--csv"]);
    let text = stdout(&csv);
    assert!(text.starts_with(
        "event_id,event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,fatalities,sources,notes"
    ));
    assert!(text.lines().count() > 1, "{text}");
    let geo = w.json(&["events", "--geojson"]);
    assert_eq!(geo["type"], "FeatureCollection");
    let events = w.json(&["events", "--json", "--type", "ASSAULT"]);
    let attack = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fatalities"]["low"] == 2.0)
        .expect("the Gao attack");
    assert_eq!(attack["date"], "2023-02-26");
    assert!(
        attack["mentions"].as_array().unwrap().len() >= 2,
        "{attack:#}"
    );
    let none = w.json(&["events", "--json", "--since", "2030-01-01"]);
    assert!(none.as_array().unwrap().is_empty());
}

#[test]
fn extract_prints_one_object_for_a_file_and_json_lines_for_a_folder() {
    let w = Workdir::new();
    good_inputs(&w);
    let one = w.json(&["extract", "--json", "in/a.txt"]);
    assert_eq!(one["title"], "Troops Clash Near Border Town");
    assert!(!one["text"].as_str().unwrap().contains("Leave a Reply"));
    assert!(one["sentences"].as_array().unwrap().len() >= 2);
    let first_event = &one["events"][0];
    assert_eq!(first_event["type"], "ASSAULT");

    let many = w.run(&["extract", "--json", "in"]);
    assert!(many.status.success(), "{}", stderr(&many));
    let lines: Vec<serde_json::Value> = stdout(&many)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 4);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let w = Workdir::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_outpost"))
        .args(["extract", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(FOLLOW_UP.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("Gao"));
    drop(w);
}

#[test]
fn read_commands_without_a_database_fail_clearly() {
    let w = Workdir::new();
    let out = w.run(&["stories"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no database"));
}

#[test]
fn embeddings_without_the_feature_fail_clearly_and_store_nothing() {
    if cfg!(feature = "embeddings") {
        return;
    }
    let w = Workdir::new();
    good_inputs(&w);
    let out = w.run(&["--embeddings", "ingest", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--features embeddings"),
        "{}",
        stderr(&out)
    );
    assert!(!w.dir.path().join("outpost.db").exists());
}

#[test]
fn search_finds_articles_by_their_words() {
    let w = Workdir::new();
    good_inputs(&w);
    assert!(w.run(&["ingest", "in"]).status.success());
    let hits = w.json(&["search", "--json", "patrol"]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits:#}");
}
