//! The listing commands: articles, stories, events, claims, entities, search.

use super::{open_existing, print_json};
use crate::cli::{ClaimsArgs, Context, EventsArgs, JsonArgs, SearchArgs};
use crate::render;
use crate::Outcome;
use anyhow::Result;
use outpost_store::{EventFilter, Store};

pub fn articles(args: JsonArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let articles = store.summaries()?;
    if args.json {
        print_json(&articles)?;
    } else {
        render::articles(&mut std::io::stdout().lock(), &articles)?;
    }
    Ok(Outcome::Complete)
}

pub fn stories(args: JsonArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let stories = store.stories()?;
    if args.json {
        print_json(&stories)?;
    } else {
        let claims = store.claims(false)?;
        let events = store.events(&EventFilter::default())?;
        render::stories(&mut std::io::stdout().lock(), &stories, &events, &claims)?;
    }
    Ok(Outcome::Complete)
}

pub fn events(args: EventsArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let filter = EventFilter {
        since: args.since,
        until: args.until,
        event_type: args.event_type,
        actor: args.actor,
        place: args.place,
    };
    let events = store.events(&filter)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&events)?;
    } else if args.csv {
        outpost_serve::events_csv(&mut out, &events)?;
    } else if args.geojson {
        print_json(&outpost_serve::events_geojson(&events))?;
    } else {
        render::events(&mut out, &events)?;
    }
    Ok(Outcome::Complete)
}

pub fn claims(args: ClaimsArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let claims = store.claims(args.contradictions)?;
    if args.json {
        print_json(&claims)?;
    } else {
        render::claims(&mut std::io::stdout().lock(), &claims)?;
    }
    Ok(Outcome::Complete)
}

pub fn entities(args: JsonArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let entities = store.entities()?;
    if args.json {
        print_json(&entities)?;
    } else {
        render::entities(&mut std::io::stdout().lock(), &entities)?;
    }
    Ok(Outcome::Complete)
}

pub fn search(args: SearchArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let hits = store.search(&args.query, args.limit)?;
    if args.json {
        print_json(&hits)?;
    } else {
        render::search(&mut std::io::stdout().lock(), &hits)?;
    }
    Ok(Outcome::Complete)
}
