//! Why a document yielded no article.

/// Why a document yielded no article. The caller knows the document's
/// provenance and reports it alongside.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Nothing readable was left after removing boilerplate and captions.
    #[error("no text left after extraction")]
    Empty,
    /// The content looks like binary data, not text.
    #[error("binary data, not text")]
    Binary,
    /// HTML nested deeper than the parser handles in reasonable time
    /// (tree building costs grow with depth times tags).
    #[error("HTML nested over {limit} levels deep (about {depth}); not parsed")]
    TooDeep {
        /// The estimated depth.
        depth: usize,
        /// The limit.
        limit: usize,
    },
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, ExtractError>;
