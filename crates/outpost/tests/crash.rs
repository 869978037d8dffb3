//! Crash safety: `kill -9` an ingest at several moments, run it again, and
//! get exactly what one clean run stores, with the database intact.

use crate::util::{stderr, Workdir};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PLACES: &[&str] = &[
    "Gao", "Timbuktu", "Mopti", "Kidal", "Menaka", "Segou", "Bamako", "Sikasso",
];
const ACTORS: &[&str] = &["Gunmen", "Militants", "Insurgents", "Armed men"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// A small deterministic generator (64-bit LCG), so every run of the test
/// builds the same corpus and kills at the same moments.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

/// `n` short reports, spread over two files, with repeated places and days
/// so that stories, canonical events and claims form; a few exact repeats.
fn corpus(w: &Workdir, n: usize) {
    let mut rng = Lcg(8);
    let mut files = [String::new(), String::new()];
    for i in 0..n {
        let place = rng.pick(PLACES);
        let actor = rng.pick(ACTORS);
        let day = rng.pick(WEEKDAYS);
        let killed = 2 + rng.next() % 9;
        let date = 1 + (i * 28 / n);
        let outlet = ["Example News", "Sahel Daily", "Wire Service"][i % 3];
        let record = if i % 97 == 5 {
            // An exact repeat of an earlier record: stored once.
            files[i % 2].lines().next().unwrap_or_default().to_string()
        } else {
            serde_json::json!({
                "url": format!("https://news.example.org/2023/02/{date}/{i}"),
                "title": format!("{actor} attack near {place} leaves {killed} dead"),
                "text": format!(
                    "{actor} attacked an army post near {place} on {day}, killing {killed} soldiers, \
                     the army said in a statement. Report {i} said residents fled the area. \
                     Officials in {place} said {} people were wounded.",
                    1 + rng.next() % 20
                ),
                "published": format!("2023-02-{date:02}"),
                "outlet": outlet,
            })
            .to_string()
        };
        let file = &mut files[i % 2];
        file.push_str(&record);
        file.push('\n');
    }
    w.write("in/a.jsonl", &files[0]);
    w.write("in/b.jsonl", &files[1]);
}

fn ingest(dir: &Path, db: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_outpost"))
        .current_dir(dir)
        .arg("--db")
        .arg(db)
        .args(["ingest", "in"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run outpost")
}

/// What a user sees of a database: articles, stories, events and claims as
/// JSON.
fn listing(w: &Workdir, db: &Path) -> Vec<serde_json::Value> {
    ["articles", "stories", "events", "claims", "entities"]
        .iter()
        .map(|what| {
            let out = Command::new(env!("CARGO_BIN_EXE_outpost"))
                .current_dir(w.dir.path())
                .arg("--db")
                .arg(db)
                .args([what, "--json"])
                .output()
                .unwrap();
            assert!(out.status.success(), "{what}: {}", stderr(&out));
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect()
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

#[test]
fn an_ingest_killed_at_any_moment_and_run_again_equals_one_clean_run() {
    let w = Workdir::new();
    corpus(&w, 1200);
    let root = w.dir.path();

    let clean_db = root.join("clean.db");
    let start = Instant::now();
    let status = ingest(root, &clean_db).wait().unwrap();
    let clean_time = start.elapsed();
    assert_eq!(status.code(), Some(0));
    let clean = listing(&w, &clean_db);
    assert!(clean[0].as_array().unwrap().len() > 1000);
    assert!(!clean[1].as_array().unwrap().is_empty(), "no stories");
    assert!(!clean[2].as_array().unwrap().is_empty(), "no events");

    // Kill at moments spread over the clean run's duration (fixed seed),
    // each run going on from what the previous one left.
    let crashed_db = root.join("crashed.db");
    let mut rng = Lcg(42);
    let mut kills = 0;
    for round in 0..5 {
        // Early in each run: a resumed run has less left to do.
        let fraction = (round as f64 + (rng.next() % 1000) as f64 / 1000.0) / 10.0;
        let mut child = ingest(root, &crashed_db);
        std::thread::sleep(clean_time.mul_f64(fraction).max(Duration::from_millis(20)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        let _ = child.wait();
    }
    assert!(kills >= 2, "only {kills} runs were killed mid-way");
    let status = ingest(root, &crashed_db).wait().unwrap();
    assert_eq!(status.code(), Some(0));

    let conn = rusqlite::Connection::open(&crashed_db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM articles"),
        count(&conn, "SELECT count(DISTINCT id) FROM articles")
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM articles"),
        count(&conn, "SELECT count(*) FROM articles_fts"),
        "one search entry per article"
    );
    let clean_conn = rusqlite::Connection::open(&clean_db).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM inputs"),
        count(&clean_conn, "SELECT count(*) FROM inputs")
    );
    drop(conn);

    let crashed = listing(&w, &crashed_db);
    for (i, what) in ["articles", "stories", "events", "claims", "entities"]
        .iter()
        .enumerate()
    {
        assert!(
            crashed[i] == clean[i],
            "{what} differ after crashes: {} vs {} items",
            crashed[i].as_array().map_or(0, Vec::len),
            clean[i].as_array().map_or(0, Vec::len)
        );
    }
}
