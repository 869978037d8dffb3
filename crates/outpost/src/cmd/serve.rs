//! `outpost serve`: the HTTP API and the web page over the database.

use crate::cli::{Context, ServeArgs};
use crate::Outcome;
use anyhow::Result;

pub fn run(args: ServeArgs, ctx: &Context) -> Result<Outcome> {
    outpost_serve::serve(outpost_serve::ServeConfig {
        db: ctx.db.clone(),
        addr: args.addr,
        token: args.token,
    })?;
    Ok(Outcome::Complete)
}
