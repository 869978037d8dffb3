//! Stage 6 of outpost: over the whole collection of analysed
//! [`outpost_core::Article`]s, find exact and near duplicates (syndicated
//! copies), group articles into [`outpost_core::Story`]s across outlets and
//! days, date undated articles from their story, and merge event mentions
//! that describe the same real event into [`outpost_core::CanonicalEvent`]s.
//!
//! [`StoryClusterer::cluster`] gives a [`Clustering`] (copies and story
//! membership); [`infer_dates`] uses it to re-anchor undated articles;
//! [`merge_events`] uses it to count independent outlets and to keep undated
//! mentions within their story. Near duplicates come from MinHash over word
//! shingles with LSH banding, confirmed on the exact shingle Jaccard; stories
//! come from a single pass (TF-IDF over words, numbers and capitalised names,
//! entity overlap, shared event types) and a local average-link
//! consolidation among stories that share heavy terms;
//! coreference is greedy over mentions in date order. Everything here is a
//! pure function of its input: no I/O, no theater knowledge, and nothing
//! about what an event is beyond the fields the events stage filled in.
//!
//! ```
//! use outpost_stories::{StoryClusterer, StoryConfig, merge_events};
//! let clusterer = StoryClusterer::new(StoryConfig::default());
//! let clustering = clusterer.cluster(&[]);
//! assert!(clustering.stories.is_empty());
//! assert!(merge_events(&[], &clustering).is_empty());
//! ```
#![deny(missing_docs)]

mod cluster;
mod config;
mod coref;
mod dates;
mod dedup;
mod words;

pub use cluster::{story_id, Clustering, StoryClusterer};
pub use config::{CorefConfig, StoryConfig};
pub use coref::{event_id, merge_events, merge_events_with};
pub use dates::{infer_dates, redate};
pub use dedup::{DocMeta, Duplicates, MinHasher};

#[cfg(test)]
mod tests;
