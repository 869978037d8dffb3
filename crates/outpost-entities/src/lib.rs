//! Entities: the actors and places of one article, resolved to canonical ids.
//!
//! Input is an article's text and its [`TextAnnotations`] (for sentence
//! indices); output is a list of [`ArticleEntity`]: each person,
//! organisation, country or place with every mention (code-point offsets,
//! sentence, and [`MentionRole`](outpost_core::MentionRole): actor, place or demonym). Actors come from
//! a [`TheaterPack`] — data, not code: countries with demonyms and metonyms
//! ("the Kremlin" → Russia), organisations, people with spelling variants —
//! and places from a [`Gazetteer`] built at set-up from GeoNames, down to
//! village level with coordinates and admin1.
//!
//! The key design choice is cheap recognition without a NER model: aliases
//! are looked up by their first folded word in a hash map, and gazetteer
//! names only on capitalised word runs, with rules against false places (a
//! far-away namesake needs a large population or a cue such as "the village
//! of"). This crate does not find events, dates or numbers, and does no I/O
//! beyond [`TheaterPack::load`].
//!
//! ```
//! use outpost_core::TextAnnotations;
//! use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
//! let resolver = EntityResolver::new(TheaterPack::embedded(), Gazetteer::default());
//! let entities = resolver.resolve("The Kremlin said Armenian soldiers left.", &TextAnnotations::default());
//! assert!(entities.iter().any(|e| e.entity.id == "country:RUS"));
//! assert!(entities.iter().any(|e| e.entity.id == "org:ARM.military"));
//! ```
#![deny(missing_docs)]

mod error;
mod gazetteer;
mod pack;
mod resolver;
mod text;

pub use error::{EntityError, Result};
pub use gazetteer::{Feature, Gazetteer, Place};
pub use pack::{
    CountryDef, Lexicon, OfficeDef, OrgDef, PersonDef, PlaceDef, TheaterInfo, TheaterPack,
};
pub use resolver::EntityResolver;
pub use text::name_key;

// Re-exported for the types in this crate's signatures.
pub use outpost_core::{ArticleEntity, Entity, TextAnnotations};
