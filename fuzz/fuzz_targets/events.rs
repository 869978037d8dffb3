//! The text, entities and events stages on arbitrary UTF-8: no panic, and
//! every event keeps the JSON contract's promises: its sentence exists, its
//! span is that sentence's, its trigger is a word of it, its time expression
//! indexes the article's times, and its salience is a number.
#![no_main]
use libfuzzer_sys::fuzz_target;
use outpost_core::Article;
use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
use outpost_events::EventCoder;
use outpost_text::TextAnalyzer;
use std::sync::OnceLock;

struct Stages {
    analyzer: TextAnalyzer,
    resolver: EntityResolver,
    coder: EventCoder,
}

fn stages() -> &'static Stages {
    static STAGES: OnceLock<Stages> = OnceLock::new();
    STAGES.get_or_init(|| Stages {
        analyzer: TextAnalyzer::new(),
        // The embedded gazetteer may be empty in a fuzz build; the theatre
        // pack still names actors.
        resolver: EntityResolver::new(TheaterPack::embedded(), Gazetteer::embedded()),
        coder: EventCoder::embedded().expect("the embedded lexicon and classifier load"),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let stages = stages();
    let mut article = Article::from_text(text, "fuzz");
    article.annotations = stages.analyzer.analyze(text, None);
    article.entities = stages.resolver.resolve(&article.extracted.text, &article.annotations);
    let chars: Vec<char> = text.chars().collect();
    for event in stages.coder.code(&article) {
        let sentence = article.annotations.sentences[event.sentence];
        assert_eq!((event.start, event.end), (sentence.start, sentence.end));
        let span: String = chars[event.start..event.end].iter().collect();
        assert_eq!(span, event.text);
        assert!(
            span.to_lowercase().contains(&event.trigger.to_lowercase()),
            "trigger {:?} not in {span:?}",
            event.trigger
        );
        if let Some(t) = event.time_expression {
            assert!(t < article.annotations.times.len());
        }
        assert!(event.salience.is_finite());
    }
});
