//! A learned event-type classifier: multinomial logistic regression over
//! hashed word, stem, word-pair, word-prefix and letter-4-gram features of a
//! short passage.
//!
//! It refines what the trigger lexicon found, it never finds events itself:
//! the coder asks it which ACLED sub-event type a passage around a trigger
//! speaks of, and uses the answer to pick the sub-type and to rank the
//! article's main event. The weights are data (`data/events/classifier.tsv`),
//! written by `cargo xtask bench events --train` from examples the outpost
//! developers wrote (`data/events/examples.tsv`) and the tuning half of the
//! CASE 2021 benchmark. Features are hashed into [`BUCKETS`] buckets
//! (FNV-1a, 64 bits, of the feature string), so the shipped file holds bucket
//! ids and weights only, no text of the examples it was trained on.

use crate::error::{EventsError, Result};
use crate::words::words;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The weights compiled into the binary (generated; see the module docs).
pub const EMBEDDED_CLASSIFIER: &str = include_str!("../../../data/events/classifier.tsv");

/// Letters kept of a word for its prefix feature: a crude stem that lets
/// "protesters" and "protesting" share evidence.
const PREFIX: usize = 5;

/// How many buckets features are hashed into (2^18): few enough collisions
/// for a vocabulary of some tens of thousands of features.
pub const BUCKETS: u32 = 1 << 18;

/// A feature's bucket: FNV-1a (64 bits) of its string, modulo [`BUCKETS`].
/// Fixed and dependency-free, so a file written today reads the same later.
pub fn bucket(feature: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in feature.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % u64::from(BUCKETS)) as u32
}

/// FNV-1a fed piece by piece: the bucket of a feature string without
/// building the string.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn push(mut self, piece: &str) -> Self {
        for b in piece.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    fn bucket(self) -> u32 {
        (self.0 % u64::from(BUCKETS)) as u32
    }
}

/// The distinct buckets of a passage's [`features`], hashed as they are
/// made (the coder's hot path: no feature strings are built).
pub fn buckets(text: &str) -> Vec<u32> {
    let chars: Vec<char> = text.chars().collect();
    let ws = words(&chars, 0, chars.len());
    let mut out: Vec<u32> = Vec::with_capacity(ws.len() * 12);
    let mut previous: Option<&str> = None;
    let mut marked = String::new();
    for w in &ws {
        let word: &str = if w.lower.chars().any(|c| c.is_ascii_digit()) {
            "<num>"
        } else {
            &w.lower
        };
        out.push(Fnv::new().push("w:").push(word).bucket());
        let stem = stem(word);
        if stem.len() < word.len() {
            out.push(Fnv::new().push("s:").push(stem).bucket());
        }
        if word.chars().count() > PREFIX {
            let end = word
                .char_indices()
                .nth(PREFIX)
                .map_or(word.len(), |(i, _)| i);
            out.push(Fnv::new().push("p:").push(&word[..end]).bucket());
        }
        if word != "<num>" {
            marked.clear();
            marked.push('<');
            marked.push_str(word);
            marked.push('>');
            let starts: Vec<usize> = marked
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(marked.len()))
                .collect();
            for k in 0..starts.len().saturating_sub(4) {
                let gram = &marked[starts[k]..starts[k + 4]];
                out.push(Fnv::new().push("c:").push(gram).bucket());
            }
        }
        if let Some(p) = previous {
            out.push(Fnv::new().push("b:").push(p).push("_").push(word).bucket());
        }
        previous = Some(word);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The features of a passage: lower-case words (`w:`), their light stems
/// (`s:`), adjacent word pairs (`b:`), word prefixes (`p:`) and letter
/// 4-grams of each word with its boundaries (`c:`), each once.
pub fn features(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let ws = words(&chars, 0, chars.len());
    let mut out: Vec<String> = Vec::with_capacity(ws.len() * 3);
    let norm = |w: &str| -> String {
        if w.chars().any(|c| c.is_ascii_digit()) {
            "<num>".to_string()
        } else {
            w.to_string()
        }
    };
    let mut previous: Option<String> = None;
    for w in &ws {
        let word = norm(&w.lower);
        out.push(format!("w:{word}"));
        let stem = stem(&word);
        if stem.len() < word.len() {
            out.push(format!("s:{stem}"));
        }
        if word.chars().count() > PREFIX {
            let prefix: String = word.chars().take(PREFIX).collect();
            out.push(format!("p:{prefix}"));
        }
        // Letter 4-grams of the word with its boundaries ("<kid", "kidn", …):
        // spelling variants, compounds and rare inflections share evidence.
        if word != "<num>" {
            let marked: Vec<char> = format!("<{word}>").chars().collect();
            for g in marked.windows(4) {
                out.push(format!("c:{}", g.iter().collect::<String>()));
            }
        }
        if let Some(p) = &previous {
            out.push(format!("b:{p}_{word}"));
        }
        previous = Some(word);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A light suffix-stripping stem ("clashes", "clashed", "clashing" →
/// "clash"), so inflections share evidence where the prefix feature is too
/// coarse ("protest" vs "protection") or too fine for short words.
pub fn stem(word: &str) -> &str {
    for suffix in ["ings", "ing", "ers", "ed", "es", "er", "s"] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.chars().count() >= 3 && !base.ends_with('s') {
                return base;
            }
        }
    }
    word
}

/// A trained linear model: one weight per (feature bucket, label) plus a
/// bias per label.
#[derive(Debug, Clone)]
pub struct Classifier {
    labels: Vec<String>,
    bias: Vec<f32>,
    weights: HashMap<u32, Vec<(u16, f32)>>,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// L2 penalty per example.
    pub l2: f32,
    /// Passes over the data.
    pub epochs: usize,
    /// Features seen in fewer examples are dropped.
    pub min_count: usize,
    /// Weights smaller than this (in absolute value) are not kept: they
    /// barely move a prediction and would bloat the shipped file.
    pub prune: f32,
}

impl TrainOptions {
    /// The settings a trained classifier's header records (the `#` lines
    /// of `classifier.tsv`; the whole file may be given), defaults where
    /// it records none: so that a retraining uses the shipped recipe.
    pub fn from_header(header: &str) -> TrainOptions {
        let header: String = header
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join(" ");
        let mut options = TrainOptions::default();
        if let Some(prune) = header
            .split("weights under ")
            .nth(1)
            .and_then(|v| v.split(' ').next())
            .and_then(|v| v.parse().ok())
        {
            options.prune = prune;
        }
        if let Some(rest) = header.split("; l2 ").nth(1) {
            let mut parts = rest.split(", ");
            if let Some(l2) = parts.next().and_then(|v| v.parse().ok()) {
                options.l2 = l2;
            }
            if let Some(epochs) = parts
                .next()
                .and_then(|v| v.split(' ').next())
                .and_then(|v| v.parse().ok())
            {
                options.epochs = epochs;
            }
        }
        options
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            l2: 1e-4,
            epochs: 60,
            min_count: 2,
            prune: 0.02,
        }
    }
}

impl Classifier {
    /// The classifier compiled into the binary.
    pub fn embedded() -> Result<Self> {
        Self::from_tsv(EMBEDDED_CLASSIFIER, "embedded")
    }

    /// The labels, in model order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Label probabilities for a passage, in [`Classifier::labels`] order.
    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        let feats = buckets(text);
        let scale = 1.0 / (feats.len().max(1) as f32).sqrt();
        let mut z = self.bias.clone();
        for f in &feats {
            if let Some(ws) = self.weights.get(f) {
                for (label, w) in ws {
                    z[*label as usize] += w * scale;
                }
            }
        }
        softmax(&mut z);
        z
    }

    /// The most probable label and its probability.
    pub fn predict(&self, text: &str) -> Option<(&str, f32)> {
        let p = self.probabilities(text);
        let (i, best) = p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
        Some((self.labels[i].as_str(), *best))
    }

    /// Trains on `(text, label)` examples by stochastic gradient descent in
    /// a fixed order (so the same examples give the same weights).
    pub fn train(examples: &[(String, String)], options: TrainOptions) -> Self {
        let mut labels: Vec<String> = examples.iter().map(|(_, l)| l.clone()).collect();
        labels.sort();
        labels.dedup();
        let label_index: HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let featurised: Vec<Vec<u32>> = examples.iter().map(|(t, _)| buckets(t)).collect();
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for fs in &featurised {
            for f in fs {
                *counts.entry(*f).or_default() += 1;
            }
        }
        let mut vocabulary: Vec<u32> = counts
            .iter()
            .filter(|(_, c)| **c >= options.min_count)
            .map(|(f, _)| *f)
            .collect();
        vocabulary.sort_unstable();
        let feature_index: HashMap<u32, usize> = vocabulary
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, i))
            .collect();
        let rows: Vec<(Vec<usize>, f32, usize)> = featurised
            .iter()
            .zip(examples)
            .map(|(fs, (_, l))| {
                let ids: Vec<usize> = fs
                    .iter()
                    .filter_map(|f| feature_index.get(f).copied())
                    .collect();
                let scale = 1.0 / (fs.len().max(1) as f32).sqrt();
                (ids, scale, label_index[l.as_str()])
            })
            .collect();
        let k = labels.len();
        let mut w = vec![0f32; vocabulary.len() * k];
        let mut b = vec![0f32; k];
        // AdaGrad: rare, telling features keep larger steps than common ones.
        let mut g2w = vec![1e-6f32; vocabulary.len() * k];
        let mut g2b = vec![1e-6f32; k];
        let rate = 0.5f32;
        // A fixed shuffle (linear congruential) so the result is reproducible.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut seed = 0x2545_f491_u64;
        for _ in 0..options.epochs {
            shuffle(&mut order, &mut seed);
            for &r in &order {
                let (ids, scale, y) = &rows[r];
                let mut z = b.clone();
                for &f in ids {
                    for (c, zc) in z.iter_mut().enumerate() {
                        *zc += w[f * k + c] * scale;
                    }
                }
                softmax(&mut z);
                for c in 0..k {
                    let err = z[c] - if c == *y { 1.0 } else { 0.0 };
                    g2b[c] += err * err;
                    b[c] -= rate * err / g2b[c].sqrt();
                    for &f in ids {
                        let j = f * k + c;
                        let g = err * scale + options.l2 * w[j];
                        g2w[j] += g * g;
                        w[j] -= rate * g / g2w[j].sqrt();
                    }
                }
            }
        }
        let mut weights = HashMap::new();
        for (f, id) in vocabulary.iter().enumerate() {
            let ws: Vec<(u16, f32)> = (0..k)
                .map(|c| (c as u16, round(w[f * k + c])))
                .filter(|(_, v)| v.abs() >= options.prune.max(0.0005))
                .collect();
            if !ws.is_empty() {
                weights.insert(*id, ws);
            }
        }
        Classifier {
            labels,
            bias: b.into_iter().map(round).collect(),
            weights,
        }
    }

    /// The model as text: a `buckets` line, a `labels` line, a `bias` line,
    /// then one line per feature bucket with its kept weights as
    /// `label-index:weight`.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "buckets\t{BUCKETS}");
        let _ = writeln!(out, "labels\t{}", self.labels.join("\t"));
        let bias: Vec<String> = self.bias.iter().map(|b| b.to_string()).collect();
        let _ = writeln!(out, "bias\t{}", bias.join("\t"));
        let mut ids: Vec<&u32> = self.weights.keys().collect();
        ids.sort();
        for id in ids {
            let ws: Vec<String> = self.weights[id]
                .iter()
                .map(|(c, v)| format!("{c}:{v}"))
                .collect();
            let _ = writeln!(out, "{id}\t{}", ws.join(" "));
        }
        out
    }

    /// Parses [`Classifier::to_tsv`] output; `origin` names it in errors.
    pub fn from_tsv(text: &str, origin: &str) -> Result<Self> {
        let invalid = |reason: String| EventsError::Invalid {
            origin: origin.to_string(),
            reason,
        };
        let mut labels = Vec::new();
        let mut bias = Vec::new();
        let mut weights = HashMap::new();
        let mut hashed = false;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (key, rest) = line
                .split_once('\t')
                .ok_or_else(|| invalid(format!("line {}: no tab", n + 1)))?;
            match key {
                "buckets" => {
                    if rest.trim() != BUCKETS.to_string() {
                        return Err(invalid(format!(
                            "line {}: hashed into {rest} buckets, this build uses {BUCKETS}",
                            n + 1
                        )));
                    }
                    hashed = true;
                }
                "labels" => labels = rest.split('\t').map(str::to_string).collect(),
                "bias" => {
                    bias = rest
                        .split('\t')
                        .map(|v| v.parse::<f32>())
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|e| invalid(format!("line {}: {e}", n + 1)))?
                }
                feature => {
                    let id = feature
                        .parse::<u32>()
                        .ok()
                        .filter(|id| *id < BUCKETS)
                        .ok_or_else(|| invalid(format!("line {}: bad bucket", n + 1)))?;
                    let mut ws = Vec::new();
                    for pair in rest.split(' ') {
                        let parsed = pair.split_once(':').and_then(|(c, v)| {
                            Some((c.parse::<u16>().ok()?, v.parse::<f32>().ok()?))
                        });
                        let (c, v) =
                            parsed.ok_or_else(|| invalid(format!("line {}: bad weight", n + 1)))?;
                        if c as usize >= labels.len() {
                            return Err(invalid(format!("line {}: no label {c}", n + 1)));
                        }
                        ws.push((c, v));
                    }
                    weights.insert(id, ws);
                }
            }
        }
        if !hashed {
            return Err(invalid("no buckets line".into()));
        }
        if labels.is_empty() || bias.len() != labels.len() {
            return Err(invalid("labels and bias lines missing or unequal".into()));
        }
        Ok(Classifier {
            labels,
            bias,
            weights,
        })
    }
}

fn round(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

/// One Fisher–Yates pass driven by a linear congruential generator: the
/// same `seed` gives the same order on every machine.
pub(crate) fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (*seed >> 33) as usize % (i + 1));
    }
}

pub(crate) fn softmax(z: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn training_settings_are_read_back_from_the_shipped_header() {
        let file = "# hashed into 2^18 buckets; weights under 0.1 dropped\n# trained on 415 rows; l2 3e-3, 30 epochs.\n12\tA\t0.5\n";
        let options = TrainOptions::from_header(file);
        assert_eq!(options.prune, 0.1);
        assert_eq!(options.l2, 3e-3);
        assert_eq!(options.epochs, 30);
        let defaults = TrainOptions::from_header("12\tA\t0.5\n");
        assert_eq!(defaults.epochs, TrainOptions::default().epochs);
    }

    use super::*;

    fn toy() -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (text, label) in [
            ("Police arrested five men in the market", "ARREST"),
            ("Troops arrested two suspects overnight", "ARREST"),
            ("Officers detained and arrested a journalist", "ARREST"),
            (
                "Students marched peacefully demanding reforms",
                "PEACE_PROTEST",
            ),
            (
                "Hundreds marched in the capital demanding wages",
                "PEACE_PROTEST",
            ),
            ("Farmers marched peacefully to parliament", "PEACE_PROTEST"),
        ] {
            out.push((text.to_string(), label.to_string()));
        }
        out
    }

    #[test]
    fn features_hold_words_pairs_prefixes_and_hide_numbers() {
        let f = features("Protesters marched, 300 strong");
        assert!(f.contains(&"w:protesters".to_string()));
        assert!(f.contains(&"p:prote".to_string()));
        assert!(f.contains(&"b:protesters_marched".to_string()));
        assert!(f.contains(&"w:<num>".to_string()));
        assert!(f.contains(&"s:march".to_string()));
        assert!(f.contains(&"c:<mar".to_string()) && f.contains(&"c:hed>".to_string()));
        assert!(!f.iter().any(|x| x.starts_with("c:") && x.contains("num")));
    }

    #[test]
    fn buckets_are_the_buckets_of_the_feature_strings() {
        for text in [
            "Protesters marched, 300 strong",
            "Rebels shelled Tōkyō's port at 3am; the army's 2nd brigade fled.",
            "a I é",
            "",
        ] {
            let mut expected: Vec<u32> = features(text).iter().map(|f| bucket(f)).collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(buckets(text), expected, "{text}");
        }
    }

    #[test]
    fn stems_strip_inflections_but_keep_short_words() {
        assert_eq!(stem("clashes"), "clash");
        assert_eq!(stem("clashed"), "clash");
        assert_eq!(stem("shelling"), "shell");
        assert_eq!(stem("protesters"), "protest");
        assert_eq!(stem("gas"), "gas");
        assert_eq!(stem("press"), "press");
    }

    #[test]
    fn learns_a_toy_task_and_survives_a_round_trip() {
        let model = Classifier::train(&toy(), TrainOptions::default());
        assert_eq!(model.predict("Police arrested a man").unwrap().0, "ARREST");
        assert_eq!(
            model.predict("Workers marched peacefully").unwrap().0,
            "PEACE_PROTEST"
        );
        let again = Classifier::from_tsv(&model.to_tsv("toy"), "toy").unwrap();
        let (a, b) = (
            model.probabilities("arrested marched"),
            again.probabilities("arrested marched"),
        );
        assert!(a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-3));
    }

    #[test]
    fn a_malformed_file_is_an_error() {
        let head = format!("buckets\t{BUCKETS}\nlabels\tA\nbias\t0\n");
        assert!(Classifier::from_tsv(&format!("{head}7\t0:1.0\n"), "good").is_ok());
        assert!(Classifier::from_tsv(&format!("{head}7\t5:1.0\n"), "bad").is_err());
        assert!(Classifier::from_tsv(&format!("{head}w:x\t0:1.0\n"), "bad").is_err());
        assert!(Classifier::from_tsv(&format!("{head}{BUCKETS}\t0:1.0\n"), "bad").is_err());
        assert!(Classifier::from_tsv("labels\tA\nbias\t0\n7\t0:1.0\n", "bad").is_err());
        assert!(Classifier::from_tsv("nothing here", "bad").is_err());
    }

    #[test]
    fn buckets_are_fixed_fnv1a_and_the_file_holds_no_text() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; the bucket is its low 18 bits.
        assert_eq!(
            bucket("a"),
            (0xaf63_dc4c_8601_ec8c_u64 % u64::from(BUCKETS)) as u32
        );
        let model = Classifier::train(&toy(), TrainOptions::default());
        let tsv = model.to_tsv("toy");
        assert!(!tsv.contains("arrested") && !tsv.contains("marched"));
        for line in tsv.lines().skip_while(|l| !l.starts_with("bias")).skip(1) {
            let (id, _) = line.split_once('\t').unwrap();
            assert!(id.parse::<u32>().unwrap() < BUCKETS);
        }
    }

    #[test]
    fn the_embedded_model_parses() {
        let model = Classifier::embedded().unwrap();
        assert!(!model.labels().is_empty());
    }
}
