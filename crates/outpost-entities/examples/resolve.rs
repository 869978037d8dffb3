//! Prints the entities of a text file, one mention a line, and the time taken.
//!
//! `cargo run --release -p outpost-entities --example resolve -- FILE`

use outpost_core::{Sentence, TextAnnotations};
use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: resolve FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    if let Ok(gz) = std::env::var("GZ") {
        use std::io::Read;
        let bytes = std::fs::read(gz).expect("gz file");
        let started = Instant::now();
        let mut raw = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut raw)
            .expect("gzip");
        println!("gunzip: {} bytes in {:?}", raw.len(), started.elapsed());
        let started = Instant::now();
        let g = Gazetteer::from_tsv_reader(raw.as_bytes()).expect("tsv");
        println!("parse+index: {} in {:?}", g.len(), started.elapsed());
    }
    let started = Instant::now();
    let gazetteer = Gazetteer::embedded();
    println!(
        "gazetteer: {} places in {:?}",
        gazetteer.len(),
        started.elapsed()
    );
    let resolver = EntityResolver::new(TheaterPack::embedded(), gazetteer);
    // Crude sentences: one per line, for a look at the output only.
    let mut sentences = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let len = line.chars().count();
        if len > 0 {
            sentences.push(Sentence {
                start,
                end: start + len,
                paragraph: 0,
            });
        }
        start += len + 1;
    }
    let count = sentences.len();
    let annotations = TextAnnotations {
        sentences,
        ..Default::default()
    };
    let started = Instant::now();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let mut entities = Vec::new();
    for _ in 0..rounds {
        entities = resolver.resolve(&text, &annotations);
    }
    let elapsed = started.elapsed();
    for entity in &entities {
        let e = &entity.entity;
        println!(
            "{} [{}] {:?} {:?}/{:?} {:?}",
            e.id,
            e.name,
            e.country,
            e.admin1,
            e.precision,
            (e.lat, e.lon)
        );
        for m in &entity.mentions {
            println!("    {:?} {:?} s{}", m.text, m.role, m.sentence);
        }
    }
    let per_second = (count * rounds) as f64 / elapsed.as_secs_f64();
    println!("{count} lines x {rounds} in {elapsed:?}: {per_second:.0} lines/s");
}
