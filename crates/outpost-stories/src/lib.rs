//! Stage 6 of outpost: over the whole collection of analysed
//! [`outpost_core::Article`]s, find exact and near duplicates (syndicated
//! copies), group articles into [`outpost_core::Story`]s across outlets and
//! days, date undated articles from their story, and merge event mentions
//! that describe the same real event into [`outpost_core::CanonicalEvent`]s.
//!
//! [`StoryClusterer::cluster`] gives a [`Clustering`] (copies and story
//! membership) over a whole collection; [`StoryIndex`] does the same
//! incrementally, batch by batch, without revisiting earlier articles, and
//! can be rebuilt from stored assignments ([`StoryIndex::restore`]);
//! [`infer_dates`] uses a clustering to re-anchor undated articles;
//! [`merge_events`] uses it to count independent outlets and to keep undated
//! mentions within their story. Near duplicates come from MinHash over word
//! shingles with LSH banding, confirmed on the exact shingle Jaccard (on the
//! signature estimate against earlier batches); stories come from
//! average-link agglomeration over TF-IDF channels (words, numbers,
//! capitalised names), among candidates that share heavy terms, with a guard
//! against two events of one kind that never name each other's key names;
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
//! let mut index = clusterer.index();
//! assert!(index.add_batch(&[]).story_of.is_empty());
//! ```
#![deny(missing_docs)]

mod cluster;
mod config;
mod coref;
mod dates;
mod dedup;
mod words;

pub use cluster::{story_id, Assignment, Clustering, StoryClusterer, StoryIndex};
pub use config::{CorefConfig, StoryConfig};
pub use coref::{event_id, merge_events, merge_events_with};
pub use dates::{infer_dates, redate};
pub use dedup::{DocMeta, Duplicates, MinHasher};

#[cfg(test)]
mod tests;
