//! The passages in `data/events` (training examples and held-out sets) are
//! ours: none may share a run of eight words with the third-party text the
//! project measures itself on (`../shared/bench/events`, `../shared/seeds`),
//! or a benchmark would score text it was taught. Skipped where `../shared`
//! is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

const RUN: usize = 8;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Lower-case words: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn runs(text: &str) -> impl Iterator<Item = String> {
    let words = words(text);
    (0..words.len().saturating_sub(RUN - 1))
        .map(move |i| words[i..i + RUN].join(" "))
        .collect::<Vec<_>>()
        .into_iter()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn written_passages_share_no_eight_word_run_with_third_party_text() {
    let shared = root().join("../shared");
    if !shared.join("bench/events").is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    let mut references = Vec::new();
    files_under(&shared.join("bench/events"), &mut references);
    files_under(&shared.join("seeds"), &mut references);
    let mut third_party: HashMap<String, PathBuf> = HashMap::new();
    for path in references {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for run in runs(&String::from_utf8_lossy(&bytes)) {
            third_party.entry(run).or_insert_with(|| path.clone());
        }
    }
    let data = root().join("data/events");
    let mut shared_runs = Vec::new();
    let mut passages = 0;
    for name in [
        "examples.tsv",
        "heldout.tsv",
        "heldout_wire.tsv",
        "heldout_regions.tsv",
    ] {
        let text = std::fs::read_to_string(data.join(name)).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some((_, passage)) = line.split_once('\t') else {
                continue;
            };
            passages += 1;
            if let Some((run, from)) = runs(passage).find_map(|r| {
                third_party
                    .get(&r)
                    .map(|from| (r.clone(), from.display().to_string()))
            }) {
                shared_runs.push(format!("{name}:{}: '{run}' (in {from})", n + 1));
            }
        }
    }
    assert!(passages > 2_000, "only {passages} passages read");
    assert!(
        shared_runs.is_empty(),
        "passages sharing an {RUN}-word run with third-party text:\n{}",
        shared_runs.join("\n")
    );
}
