//! Prints the text annotations of a plain-text file, one per line, for
//! eyeballing the rules: `cargo run -p outpost-text --example annotate -- FILE [YYYY-MM-DD]`.

use chrono::NaiveDate;
use outpost_text::TextAnalyzer;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: annotate FILE [YYYY-MM-DD]");
        return ExitCode::from(2);
    };
    let anchor = args
        .next()
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    let notes = TextAnalyzer::new().analyze(&text, anchor);
    let slice = |s: usize, e: usize| outpost_text::char_slice(&text, s, e).to_string();
    for (i, s) in notes.sentences.iter().enumerate() {
        println!(
            "S{i} p{} [{}..{}] {}",
            s.paragraph,
            s.start,
            s.end,
            slice(s.start, s.end)
        );
    }
    for q in &notes.quantities {
        println!(
            "Q s{} {:?} value={} range=[{}, {:?}] hedge={:?} unit={:?}",
            q.sentence, q.text, q.value, q.range.low, q.range.high, q.hedge, q.unit
        );
    }
    for t in &notes.times {
        let resolved = t
            .resolved
            .map(|r| format!("{} {:?}", r.render(), r.precision));
        println!(
            "T s{} {:?} {:?} -> {:?}",
            t.sentence, t.text, t.spec, resolved
        );
    }
    for a in &notes.attributions {
        let quote = a.quote.map(|q| slice(q.start, q.end));
        println!(
            "A s{} {:?} ({}) quote={:?}",
            a.sentence, a.speaker, a.cue, quote
        );
    }
    ExitCode::SUCCESS
}
