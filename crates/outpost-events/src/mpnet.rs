//! The MPNet encoder (all-mpnet-base-v2) on candle, for [`crate::embed`].
//!
//! candle-transformers has no MPNet, so its forward pass is written here
//! from the architecture: BERT-like layers whose attention scores add a
//! relative-position bias (T5-style buckets, one table shared by all
//! layers), positions counted from the padding id as in RoBERTa, no token
//! types. It runs inference only; it does not train.

use candle_core::{DType, Device, Module, Result, Tensor, D};
use candle_nn::{embedding, layer_norm, linear, Embedding, LayerNorm, Linear, VarBuilder};

/// The padding token's id; positions count from it.
pub const PAD: u32 = 1;

/// The parts of `config.json` the forward pass needs.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct MpnetConfig {
    vocab_size: usize,
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    intermediate_size: usize,
    max_position_embeddings: usize,
    layer_norm_eps: f64,
    relative_attention_num_buckets: usize,
}

struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// MPNet's encoder: token vectors of the last layer.
pub struct MpnetModel {
    words: Embedding,
    positions: Embedding,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    relative_bias: Embedding,
    buckets: usize,
    heads: usize,
    head_size: usize,
}

impl MpnetModel {
    /// Loads the weights (names as in the sentence-transformers export).
    pub fn load(vb: VarBuilder, config: &MpnetConfig) -> Result<Self> {
        let h = config.hidden_size;
        let eps = config.layer_norm_eps;
        let e = vb.pp("embeddings");
        let layers = (0..config.num_hidden_layers)
            .map(|i| {
                let l = vb.pp(format!("encoder.layer.{i}"));
                let a = l.pp("attention");
                Ok(Layer {
                    q: linear(h, h, a.pp("attn.q"))?,
                    k: linear(h, h, a.pp("attn.k"))?,
                    v: linear(h, h, a.pp("attn.v"))?,
                    o: linear(h, h, a.pp("attn.o"))?,
                    attention_norm: layer_norm(h, eps, a.pp("LayerNorm"))?,
                    intermediate: linear(h, config.intermediate_size, l.pp("intermediate.dense"))?,
                    output: linear(config.intermediate_size, h, l.pp("output.dense"))?,
                    output_norm: layer_norm(h, eps, l.pp("output.LayerNorm"))?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(MpnetModel {
            words: embedding(config.vocab_size, h, e.pp("word_embeddings"))?,
            positions: embedding(
                config.max_position_embeddings,
                h,
                e.pp("position_embeddings"),
            )?,
            embedding_norm: layer_norm(h, eps, e.pp("LayerNorm"))?,
            layers,
            relative_bias: embedding(
                config.relative_attention_num_buckets,
                config.num_attention_heads,
                vb.pp("encoder.relative_attention_bias"),
            )?,
            buckets: config.relative_attention_num_buckets,
            heads: config.num_attention_heads,
            head_size: h / config.num_attention_heads,
        })
    }

    /// Token vectors, (batch, tokens, hidden), for token ids padded with
    /// [`PAD`] and a mask of ones over the real tokens.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let device = ids.device();
        let (batch, n) = ids.dims2()?;
        let positions = position_ids(ids)?;
        let x = (self.words.forward(ids)? + self.positions.forward(&positions)?)?;
        let mut x = self.embedding_norm.forward(&x)?;
        let bias = self.position_bias(n, device)?;
        // Padding gets a large negative score, so no real token attends to it.
        let blocked = ((mask.to_dtype(DType::F32)? - 1.0)? * 1e9)?.reshape((batch, 1, 1, n))?;
        let scale = (self.head_size as f64).sqrt();
        for layer in &self.layers {
            let split = |t: Tensor| -> Result<Tensor> {
                t.reshape((batch, n, self.heads, self.head_size))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let q = split(layer.q.forward(&x)?)?;
            let k = split(layer.k.forward(&x)?)?;
            let v = split(layer.v.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?.contiguous()?)? / scale)?
                .broadcast_add(&bias)?
                .broadcast_add(&blocked)?;
            let probabilities = candle_nn::ops::softmax(&scores, D::Minus1)?;
            let context = probabilities.matmul(&v)?.transpose(1, 2)?.reshape((
                batch,
                n,
                self.heads * self.head_size,
            ))?;
            let attended = layer
                .attention_norm
                .forward(&(layer.o.forward(&context)? + &x)?)?;
            let inner = layer.intermediate.forward(&attended)?.gelu_erf()?;
            x = layer
                .output_norm
                .forward(&(layer.output.forward(&inner)? + attended)?)?;
        }
        Ok(x)
    }

    /// The relative-position bias, (1, heads, n, n).
    fn position_bias(&self, n: usize, device: &Device) -> Result<Tensor> {
        let buckets: Vec<u32> = (0..n)
            .flat_map(|query| {
                (0..n).map(move |key| relative_bucket(key as i64 - query as i64, self.buckets))
            })
            .collect();
        let buckets = Tensor::from_vec(buckets, (n, n), device)?;
        self.relative_bias
            .forward(&buckets)?
            .permute((2, 0, 1))?
            .unsqueeze(0)?
            .contiguous()
    }
}

/// Positions as RoBERTa and MPNet count them: the padding id plus the
/// token's rank among the real tokens; padding keeps the padding id.
fn position_ids(ids: &Tensor) -> Result<Tensor> {
    let rows: Vec<Vec<u32>> = ids.to_vec2()?;
    let (batch, n) = ids.dims2()?;
    let mut out = Vec::with_capacity(batch * n);
    for row in rows {
        let mut rank = 0;
        for id in row {
            if id == PAD {
                out.push(PAD);
            } else {
                rank += 1;
                out.push(PAD + rank);
            }
        }
    }
    Tensor::from_vec(out, (batch, n), ids.device())
}

/// The bucket of a key's offset from its query (`key - query`): half the
/// buckets for keys before the query, half for keys after; offsets under a
/// quarter of the buckets exactly, longer ones on a log scale up to 128.
fn relative_bucket(offset: i64, buckets: usize) -> u32 {
    const MAX_DISTANCE: f64 = 128.0;
    let half = (buckets / 2) as i64;
    let n = -offset;
    let mut bucket = if n < 0 { half } else { 0 };
    let n = n.abs();
    let exact = half / 2;
    bucket += if n < exact {
        n
    } else {
        let scaled = ((n as f32 / exact as f32).ln() / (MAX_DISTANCE / exact as f64).ln() as f32
            * (half - exact) as f32) as i64;
        (exact + scaled).min(half - 1)
    };
    bucket as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_exact_near_the_query_and_logarithmic_far_away() {
        assert_eq!(relative_bucket(0, 32), 0);
        // A key before the query (negative offset) counts in the low half.
        assert_eq!(relative_bucket(-3, 32), 3);
        assert_eq!(relative_bucket(3, 32), 19);
        assert_eq!(relative_bucket(-7, 32), 7);
        assert_eq!(relative_bucket(-8, 32), 8);
        assert_eq!(relative_bucket(-16, 32), 10);
        assert_eq!(relative_bucket(-127, 32), 15);
        assert_eq!(relative_bucket(-500, 32), 15);
        assert_eq!(relative_bucket(500, 32), 31);
    }

    #[test]
    fn positions_count_real_tokens_from_the_padding_id() {
        let ids = Tensor::new(&[[0u32, 7, 2, PAD], [0, 2, PAD, PAD]], &Device::Cpu).unwrap();
        let p: Vec<Vec<u32>> = position_ids(&ids).unwrap().to_vec2().unwrap();
        assert_eq!(p, vec![vec![2, 3, 4, 1], vec![2, 3, 1, 1]]);
    }
}
