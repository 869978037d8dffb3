//! The article: extracted text and metadata, then every per-document annotation.

use crate::annotations::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the extractor makes of a raw document: main text without
/// boilerplate, captions apart, and metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    /// The article's URL, if known.
    pub url: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its publication date.
    pub published: Option<NaiveDate>,
    /// The outlet that published it (site name or domain).
    pub outlet: Option<String>,
    /// The wire agency credited ("AFP", "Reuters"), if any.
    pub wire: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// Main text: paragraphs separated by a blank line; no title, captions
    /// or boilerplate.
    pub text: String,
    /// Photo captions and credits, kept apart: never evidence for events.
    pub captions: Vec<String>,
    /// Lines removed as boilerplate, for transparency.
    pub boilerplate_removed: Vec<String>,
}

/// What the text stage finds: sentences, numbers, dates, attributions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextAnnotations {
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Numbers with hedges and counted nouns.
    pub quantities: Vec<Quantity>,
    /// Temporal expressions, resolved where an anchor is known.
    pub times: Vec<TimeExpression>,
    /// Who says what.
    pub attributions: Vec<Attribution>,
}

/// A numeric assertion found in one article, before comparison across
/// outlets ("the 2020 war killed some 6,500").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimStatement {
    /// Stable key of what it is about (`conflict:2020`, `org:rus_102nd_base`,
    /// `event:<canonical id>`).
    pub subject: String,
    /// A readable label for the subject.
    pub subject_label: String,
    /// What is measured (`deaths`, `troops`, `duration`, `killed`, `injured`).
    pub attribute: String,
    /// The value as an interval.
    pub range: ValueRange,
    /// Unit after normalisation (`people`, `days`).
    pub unit: String,
    /// Index of the sentence.
    pub sentence: usize,
    /// The sentence text.
    pub text: String,
    /// The number as written.
    pub quantity_text: String,
}

/// An article after the per-document pipeline (stages 1–5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Content id of the extracted text (see [`crate::content_id`]).
    pub id: String,
    /// The input path, with `#N` for the N-th record of a multi-record file.
    pub source: String,
    /// Text and metadata.
    #[serde(flatten)]
    pub extracted: Extracted,
    /// Sentences, numbers, dates, attributions.
    #[serde(flatten)]
    pub annotations: TextAnnotations,
    /// Entities and their mentions.
    pub entities: Vec<ArticleEntity>,
    /// Event mentions, most newsworthy first.
    pub events: Vec<EventMention>,
    /// Numeric assertions, to be compared across outlets.
    pub claims: Vec<ClaimStatement>,
}

impl Article {
    /// An article holding only `text`, read from `source`: its id is the
    /// text's [`crate::content_id`], and no stage has annotated it yet.
    pub fn from_text(text: &str, source: &str) -> Self {
        Article {
            id: crate::content_id(text),
            source: source.to_string(),
            extracted: Extracted {
                text: text.to_string(),
                ..Extracted::default()
            },
            annotations: TextAnnotations::default(),
            entities: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
        }
    }

    /// The text of sentence `i` (empty if out of range).
    pub fn sentence_text(&self, i: usize) -> String {
        match self.annotations.sentences.get(i) {
            Some(s) => slice_chars(&self.extracted.text, s.start, s.end),
            None => String::new(),
        }
    }
}

/// The code points `[start, end)` of `text`.
pub fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}
