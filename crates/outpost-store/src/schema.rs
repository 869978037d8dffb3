//! The SQLite schema as an ordered list of migrations.
//!
//! The database's `PRAGMA user_version` is the number of migrations applied.
//! Opening a store applies the missing ones, all in one transaction, so a
//! crash mid-upgrade leaves the previous version intact. Migrations are
//! append-only: a released step is never edited, a change is a new step.
//!
//! Every collection-level object is stored as its JSON next to the few
//! columns used to filter and order it, so the Rust types can grow fields
//! (with serde defaults) without a migration.

use crate::error::{Result, SqliteContext, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// The migrations, in order; step `i` takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: inputs, articles and their full-text index.
    r#"
    CREATE TABLE inputs (
        hash        TEXT PRIMARY KEY NOT NULL,
        source      TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        id        TEXT NOT NULL UNIQUE,
        source    TEXT NOT NULL,
        title     TEXT,
        published TEXT,
        outlet    TEXT,
        json      TEXT NOT NULL
    );
    -- The FTS rowid is the article's seq.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    "#,
    // 2: collection-level results, replaced wholesale after each ingest.
    r#"
    CREATE TABLE summaries (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        source       TEXT NOT NULL,
        published    TEXT,
        story_id     TEXT,
        duplicate_of TEXT,
        json         TEXT NOT NULL
    );
    CREATE TABLE stories (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        title      TEXT NOT NULL,
        first_date TEXT,
        last_date  TEXT,
        json       TEXT NOT NULL
    );
    CREATE TABLE events (
        seq                  INTEGER PRIMARY KEY,
        id                   TEXT NOT NULL UNIQUE,
        type                 TEXT NOT NULL,
        acled_event_type     TEXT,
        acled_sub_event_type TEXT,
        date                 TEXT,
        period_start         TEXT,
        period_end           TEXT,
        story_id             TEXT,
        json                 TEXT NOT NULL
    );
    CREATE INDEX events_period ON events (period_start, period_end);
    CREATE TABLE claims (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        subject_key TEXT NOT NULL,
        attribute   TEXT NOT NULL,
        verdict     TEXT NOT NULL,
        json        TEXT NOT NULL
    );
    CREATE INDEX claims_verdict ON claims (verdict);
    CREATE TABLE entities (
        seq     INTEGER PRIMARY KEY,
        id      TEXT NOT NULL UNIQUE,
        kind    TEXT NOT NULL,
        name    TEXT NOT NULL,
        country TEXT,
        json    TEXT NOT NULL
    );
    "#,
];

/// The schema version this build writes and the newest it can read.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The database's schema version (`PRAGMA user_version`).
pub(crate) fn version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("reading the schema version")
}

/// Sets the connection's pragmas: WAL journal, normal sync, foreign keys,
/// and a busy timeout so a concurrent reader does not fail a writer at once.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .context("setting the busy timeout")?;
    // An in-memory database answers "memory" here; both are fine.
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .context("enabling the WAL journal")?;
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        .context("setting pragmas")
}

/// Brings the schema up to `target` (at most [`latest_version`]) in one
/// transaction; fails without touching anything if the file is newer.
pub(crate) fn migrate_to(conn: &mut Connection, path: &Path, target: i64) -> Result<()> {
    let found = version(conn)?;
    if found > latest_version() {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported: latest_version(),
        });
    }
    if found >= target {
        return Ok(());
    }
    let tx = conn
        .transaction()
        .context("starting the schema migration")?;
    for (index, step) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(found as usize)
    {
        tx.execute_batch(step)
            .context_with(|| format!("applying schema migration {}", index + 1))?;
    }
    tx.pragma_update(None, "user_version", target)
        .context("recording the schema version")?;
    tx.commit().context("committing the schema migration")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_reaches_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, Path::new(":memory:"), latest_version()).unwrap();
        assert_eq!(version(&conn).unwrap(), latest_version());
        // Running again is a no-op, not a "table exists" error.
        migrate_to(&mut conn, Path::new(":memory:"), latest_version()).unwrap();
    }

    #[test]
    fn a_newer_database_is_refused_and_left_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = migrate_to(&mut conn, Path::new("future.db"), latest_version()).unwrap_err();
        assert!(
            matches!(err, StoreError::SchemaTooNew { found, .. } if found == latest_version() + 1)
        );
        assert_eq!(version(&conn).unwrap(), latest_version() + 1);
    }

    #[test]
    fn a_failing_step_rolls_the_whole_upgrade_back() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, Path::new(":memory:"), 1).unwrap();
        // Make step 2 collide with an existing table.
        conn.execute_batch("CREATE TABLE claims (x)").unwrap();
        assert!(migrate_to(&mut conn, Path::new(":memory:"), latest_version()).is_err());
        assert_eq!(version(&conn).unwrap(), 1);
        let summaries: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'summaries'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(summaries, 0, "step 2's first table must be rolled back");
    }
}
