//! Thresholds for duplicate detection, story clustering and event coreference.
//!
//! Duplicate defaults were set on hand-written fixtures; the story
//! clustering defaults were tuned on the train and dev splits of ECB+
//! (`cargo xtask bench clustering`), never on its test split nor on the seeds. Out-of-range values are clamped by
//! [`StoryConfig::validated`] rather than rejected, so a bad config file never
//! stops a run.

use serde::{Deserialize, Serialize};

/// Settings of [`crate::StoryClusterer`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryConfig {
    /// Words per shingle for near-duplicate detection (default 5).
    pub shingle_size: usize,
    /// MinHash signature length (default 128).
    pub num_hashes: usize,
    /// Signature rows per LSH band (default 4: 32 bands of 128 hashes, so a
    /// pair at Jaccard 0.8 becomes a candidate with probability > 0.999, one
    /// at 0.5 (a possible update) with probability ≈ 0.87, and one at 0.2
    /// with probability ≈ 0.05; every candidate is checked on its shingles).
    pub band_rows: usize,
    /// Shingle Jaccard similarity at or above which two texts are near
    /// duplicates (default 0.8).
    pub near_duplicate_threshold: f64,
    /// Shingle Jaccard at or above which a later text of the same outlet,
    /// within `update_window_days`, that keeps most of an earlier one is an
    /// update of it (default 0.5).
    pub update_threshold: f64,
    /// Share of the earlier text's shingles an update keeps (default 0.7).
    pub update_containment: f64,
    /// Days within which an update follows its story (default 1).
    pub update_window_days: i64,
    /// Combined similarity at or above which an article joins a story in
    /// the single pass (default 1.0: every article starts its own story and
    /// the consolidation pass groups them; 0.17 suits the single pass alone).
    pub similarity_threshold: f32,
    /// A dated article joins only stories whose last date is at most this many
    /// days away (default 10). Undated articles ignore the window.
    pub window_days: i64,
    /// How many times a title word counts against a body word (default 3).
    pub title_weight: f32,
    /// Weight of the TF-IDF cosine in the combined similarity (default 1).
    pub text_weight: f32,
    /// Weight of the entity Jaccard (people, organisations, places) (default 0).
    pub entity_weight: f32,
    /// Weight of the Jaccard of event types (default 0).
    pub event_weight: f32,
    /// Entities named by more than this share of the articles carry no
    /// signal and are left out of the entity overlap (default 0.25)…
    pub frequent_entity_share: f32,
    /// …once the collection has at least this many articles (default 20).
    pub frequent_entity_min_articles: usize,
    /// How many of an article's heaviest terms look up candidate stories
    /// (default 12).
    pub candidate_terms: usize,
    /// How many of a story's latest members the entity and event overlap
    /// compares against (default 20).
    pub member_comparisons: usize,
    /// How much a number (a year, a toll, a magnitude) counts as a TF-IDF
    /// term against a word; 0 leaves numbers out (default 1).
    pub numeric_weight: f32,
    /// Compare an article's text with a story's members on average (true)
    /// rather than with their centroid (default true).
    pub average_link: bool,
    /// Two stories merge when the mean cosine between their members reaches
    /// this (checked when an article close to both joins one, and in the
    /// consolidation pass); above 1 stories never merge (default 0.19).
    pub merge_threshold: f32,
    /// How much a capitalised word that does not open a sentence (and a
    /// pair of adjacent ones) counts as an extra TF-IDF term, on top of the
    /// word itself: names of people, organisations and places that no
    /// theater pack knows; 0 leaves them out (default 1).
    pub name_weight: f32,
    /// After the single pass, merge stories whose members' mean cosine
    /// reaches `merge_threshold`, best pairs first, among stories that share
    /// heavy terms only (default true).
    pub consolidate: bool,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            shingle_size: 5,
            num_hashes: 128,
            band_rows: 4,
            near_duplicate_threshold: 0.8,
            update_threshold: 0.5,
            update_containment: 0.7,
            update_window_days: 1,
            similarity_threshold: 1.0,
            window_days: 10,
            title_weight: 3.0,
            text_weight: 1.0,
            entity_weight: 0.0,
            event_weight: 0.0,
            frequent_entity_share: 0.25,
            frequent_entity_min_articles: 20,
            candidate_terms: 12,
            member_comparisons: 20,
            numeric_weight: 1.0,
            average_link: true,
            merge_threshold: 0.19,
            name_weight: 1.0,
            consolidate: true,
        }
    }
}

impl StoryConfig {
    /// The config with every value brought into its meaningful range.
    pub fn validated(mut self) -> Self {
        self.shingle_size = self.shingle_size.clamp(1, crate::dedup::MAX_SHINGLE);
        self.num_hashes = self.num_hashes.clamp(8, 1024);
        self.band_rows = self.band_rows.clamp(1, self.num_hashes);
        self.near_duplicate_threshold = clamp_or(self.near_duplicate_threshold, 0.0, 1.0, 0.8);
        self.update_threshold = clamp_or(self.update_threshold, 0.0, 1.0, 0.5);
        self.update_containment = clamp_or(self.update_containment, 0.0, 1.0, 0.7);
        self.update_window_days = self.update_window_days.max(0);
        self.similarity_threshold =
            clamp_or(self.similarity_threshold as f64, 0.0, 1.0, 1.0) as f32;
        self.window_days = self.window_days.max(0);
        self.title_weight = clamp_or(self.title_weight as f64, 0.0, 100.0, 3.0) as f32;
        self.text_weight = clamp_or(self.text_weight as f64, 0.0, 1e6, 1.0) as f32;
        self.entity_weight = clamp_or(self.entity_weight as f64, 0.0, 1e6, 0.0) as f32;
        self.event_weight = clamp_or(self.event_weight as f64, 0.0, 1e6, 0.0) as f32;
        if self.text_weight + self.entity_weight + self.event_weight == 0.0 {
            self.text_weight = 1.0;
        }
        self.frequent_entity_share =
            clamp_or(self.frequent_entity_share as f64, 0.0, 1.0, 0.25) as f32;
        self.candidate_terms = self.candidate_terms.max(1);
        self.member_comparisons = self.member_comparisons.max(1);
        self.numeric_weight = clamp_or(self.numeric_weight as f64, 0.0, 100.0, 1.0) as f32;
        self.merge_threshold = clamp_or(self.merge_threshold as f64, 0.0, 2.0, 0.19) as f32;
        self.name_weight = clamp_or(self.name_weight as f64, 0.0, 100.0, 1.0) as f32;
        self
    }
}

fn clamp_or(value: f64, low: f64, high: f64, fallback: f64) -> f64 {
    if value.is_nan() {
        fallback
    } else {
        value.clamp(low, high)
    }
}

/// Settings of [`crate::merge_events_with`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CorefConfig {
    /// Days of slack allowed between two mention dates (default 1).
    pub date_slack_days: i64,
    /// Event types whose actors may be named in either order ("A clashed with
    /// B" = "B clashed with A") (default `["ASSAULT"]`).
    pub symmetric_event_types: Vec<String>,
}

impl Default for CorefConfig {
    fn default() -> Self {
        CorefConfig {
            date_slack_days: 1,
            symmetric_event_types: vec!["ASSAULT".to_string()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_clamps_nonsense() {
        let c = StoryConfig {
            shingle_size: 0,
            band_rows: 10_000,
            near_duplicate_threshold: f64::NAN,
            window_days: -3,
            text_weight: 0.0,
            entity_weight: 0.0,
            event_weight: 0.0,
            ..StoryConfig::default()
        }
        .validated();
        assert_eq!(c.shingle_size, 1);
        assert_eq!(c.band_rows, c.num_hashes);
        assert_eq!(c.near_duplicate_threshold, 0.8);
        assert_eq!(c.window_days, 0);
        assert_eq!(c.text_weight, 1.0);
    }

    #[test]
    fn defaults_survive_validation() {
        assert_eq!(StoryConfig::default().validated(), StoryConfig::default());
    }
}
