//! Text analysis: sentences, numbers, dates, attribution. (stub: being written)
#![deny(missing_docs)]
use chrono::NaiveDate;
use outpost_core::{FuzzyDate, TemporalSpec, TextAnnotations};

/// Annotates article text.
#[derive(Debug, Default)]
pub struct TextAnalyzer {}

impl TextAnalyzer {
    /// An analyzer with the default rules.
    pub fn new() -> Self {
        TextAnalyzer {}
    }

    /// Sentences, quantities, time expressions (resolved against `anchor`) and attributions.
    pub fn analyze(&self, text: &str, anchor: Option<NaiveDate>) -> TextAnnotations {
        let _ = (text, anchor);
        TextAnnotations::default()
    }
}

/// Resolves a temporal expression against an anchor date.
pub fn resolve(spec: &TemporalSpec, anchor: NaiveDate) -> Option<FuzzyDate> {
    let _ = (spec, anchor);
    None
}

/// Re-resolves every time expression against a new anchor.
pub fn reanchor(annotations: &mut TextAnnotations, anchor: NaiveDate) {
    for t in &mut annotations.times {
        t.resolved = resolve(&t.spec, anchor);
    }
}
