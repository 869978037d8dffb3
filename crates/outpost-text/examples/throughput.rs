//! Measures sentences per second of `TextAnalyzer::analyze` over the given
//! plain-text files, each analyzed `REPEAT` times (default 200):
//! `cargo run --release -p outpost-text --example throughput -- FILE...`.

use outpost_text::TextAnalyzer;
use std::time::Instant;

fn main() {
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let analyzer = TextAnalyzer::new();
    let started = Instant::now();
    let mut sentences = 0usize;
    for _ in 0..repeat {
        for text in &texts {
            sentences += analyzer.analyze(text, None).sentences.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{sentences} sentences in {seconds:.3} s: {:.0} sentences/s",
        sentences as f64 / seconds
    );
}
