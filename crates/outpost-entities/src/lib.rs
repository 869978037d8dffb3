//! Entities: actors and places resolved to canonical ids. (stub: being written)
#![deny(missing_docs)]
use outpost_core::{ArticleEntity, Entity, TextAnnotations};

/// Countries, organisations, people and regions of one theater, loaded from data.
#[derive(Debug, Default)]
pub struct TheaterPack {}

impl TheaterPack {
    /// The packs compiled into the binary.
    pub fn embedded() -> Self {
        TheaterPack {}
    }
}

/// Places with coordinates and admin hierarchy.
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The gazetteer built at set-up and compiled in (empty if set-up was not run).
    pub fn embedded() -> Self {
        Gazetteer {}
    }
}

/// Finds and resolves entity mentions.
#[derive(Debug, Default)]
pub struct EntityResolver {}

impl EntityResolver {
    /// A resolver over a pack and a gazetteer.
    pub fn new(pack: TheaterPack, gazetteer: Gazetteer) -> Self {
        let _ = (pack, gazetteer);
        EntityResolver {}
    }

    /// Every entity mentioned in `text`.
    pub fn resolve(&self, text: &str, annotations: &TextAnnotations) -> Vec<ArticleEntity> {
        let _ = (text, annotations);
        Vec::new()
    }

    /// An entity by id.
    pub fn entity(&self, id: &str) -> Option<Entity> {
        let _ = id;
        None
    }
}
