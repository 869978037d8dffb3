//! Everything that can go wrong opening, migrating, reading or writing a store.
//!
//! Each variant says what the store was doing (`context`) and, where one is
//! involved, which record (article id, event id, database path), so a
//! message reaching the user points at the thing to look at.

use std::path::PathBuf;

/// An error from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("database error while {context}: {source}")]
    Sqlite {
        /// What the store was doing ("storing article 3fa1…", "opening outpost.db").
        context: String,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
    /// A stored or to-be-stored object could not be (de)serialised.
    #[error("JSON error for {record}: {source}")]
    Json {
        /// The record, as `table id` ("article 3fa1…", "event e12").
        record: String,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// The search index (a cache of the stored articles) failed.
    #[error("search index error while {context}: {source}")]
    Search {
        /// What the store was doing ("opening the search index outpost.db.search").
        context: String,
        /// The underlying error.
        #[source]
        source: tantivy::TantivyError,
    },
    /// The database was written by a newer outpost than this one.
    #[error(
        "{path} has schema version {found}, newer than the {supported} this outpost knows; \
         upgrade outpost to open it"
    )]
    SchemaTooNew {
        /// The database file (`:memory:` for an in-memory one).
        path: PathBuf,
        /// The version found in the file.
        found: i64,
        /// The newest version this build can read.
        supported: i64,
    },
}

/// A `Result` whose error is a [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;

/// Attaches what the store was doing to a SQLite error.
pub(crate) trait SqliteContext<T> {
    /// Wraps the error with a context computed only on failure.
    fn context_with(self, context: impl FnOnce() -> String) -> Result<T>;
    /// Wraps the error with a fixed context.
    fn context(self, context: &str) -> Result<T>;
}

impl<T> SqliteContext<T> for std::result::Result<T, rusqlite::Error> {
    fn context_with(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite {
            context: context(),
            source,
        })
    }

    fn context(self, context: &str) -> Result<T> {
        self.context_with(|| context.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_too_new_names_the_file_and_both_versions() {
        let err = StoreError::SchemaTooNew {
            path: PathBuf::from("x.db"),
            found: 9,
            supported: 2,
        };
        let message = err.to_string();
        assert!(message.contains("x.db"), "{message}");
        assert!(message.contains('9') && message.contains('2'), "{message}");
    }

    #[test]
    fn sqlite_errors_carry_their_context() {
        let failed: std::result::Result<(), rusqlite::Error> =
            Err(rusqlite::Error::QueryReturnedNoRows);
        let err = failed.context("reading article abc").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("database error while reading article abc"));
    }
}
