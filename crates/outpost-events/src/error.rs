//! Errors of the events stage.

/// What can go wrong when building an [`crate::EventCoder`].
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// The lexicon file is not valid TOML or misses a field.
    #[error("lexicon {origin}: {source}")]
    Lexicon {
        /// Which lexicon (a path, or "embedded").
        origin: String,
        /// The parser's message.
        source: toml::de::Error,
    },
    /// The lexicon parsed but says something impossible.
    #[error("lexicon {origin}: {reason}")]
    Invalid {
        /// Which lexicon.
        origin: String,
        /// What is wrong.
        reason: String,
    },
}

/// Results of the events stage.
pub type Result<T> = std::result::Result<T, EventsError>;
