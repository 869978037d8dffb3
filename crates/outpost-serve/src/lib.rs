//! The HTTP API and the analyst's web page over a store (being written).
#![deny(missing_docs)]

use std::net::SocketAddr;
use std::path::PathBuf;

/// How `outpost serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The database file.
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The bearer token that allows writes; without one, writes are refused.
    pub token: Option<String>,
}

/// Serves until the process is stopped.
pub fn serve(config: ServeConfig) -> anyhow::Result<()> {
    anyhow::bail!(
        "outpost serve is not written yet (listening on {} was asked)",
        config.addr
    )
}
