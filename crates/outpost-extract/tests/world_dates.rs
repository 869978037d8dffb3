//! Publication dates on small news pages written for these tests in the
//! languages and scripts of world news (`tests/fixtures/world_dates/`):
//! native digits, inflected month names, Levantine and Maghreb Arabic
//! months, the Solar Hijri, Buddhist and Japanese era calendars, labels,
//! weekdays and times around the date. Relative times ("two hours ago")
//! and Lunar Hijri dates give no date.

use chrono::NaiveDate;
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use outpost_extract::Extractor;

/// A day as year, month, day.
type Day = (i32, u32, u32);

/// Each fixture and the publication date it shows.
const EXPECTED: &[(&str, Option<Day>)] = &[
    ("ar_egypt", Some((2020, 5, 5))),
    ("ar_levant", Some((2020, 5, 12))),
    ("ar_iraq", Some((2020, 10, 3))),
    ("ar_maghreb", Some((2020, 6, 15))),
    ("fa_solar", Some((2020, 5, 5))),
    ("fa_gregorian", Some((2020, 5, 5))),
    ("hi", Some((2020, 5, 5))),
    ("bn", Some((2020, 5, 5))),
    ("el", Some((2020, 5, 5))),
    ("el_caps", Some((2020, 5, 5))),
    ("ko", Some((2020, 5, 5))),
    ("zh", Some((2020, 5, 5))),
    ("ja", Some((2020, 5, 5))),
    ("ru", Some((2020, 5, 5))),
    ("uk", Some((2020, 5, 5))),
    ("tr", Some((2020, 5, 5))),
    ("es", Some((2020, 5, 5))),
    ("pt", Some((2020, 5, 5))),
    ("fr", Some((2020, 5, 5))),
    ("id", Some((2020, 5, 5))),
    ("th", Some((2020, 5, 5))),
    ("vi", Some((2020, 5, 5))),
    ("hu", Some((2020, 5, 5))),
    ("he", Some((2020, 5, 5))),
    ("relative_only", None),
];

fn published(name: &str) -> Option<NaiveDate> {
    let path = format!(
        "{}/tests/fixtures/world_dates/{name}.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let html = std::fs::read_to_string(&path).expect("fixture");
    let doc = RawDocument {
        provenance: Provenance::file(path),
        content: Content::Html(html),
        hints: DocumentHints {
            url: Some(format!("https://news.example/world/{name}")),
            ..Default::default()
        },
    };
    Extractor::new().extract(&doc).expect("extracts").published
}

#[test]
fn world_news_pages_give_their_publication_dates() {
    let mut wrong = Vec::new();
    for (name, want) in EXPECTED {
        let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        let got = published(name);
        if got != want {
            wrong.push(format!("{name}: got {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_fixture_is_listed() {
    let dir = format!("{}/tests/fixtures/world_dates", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".html").map(str::to_string)
        })
        .collect();
    files.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
}
