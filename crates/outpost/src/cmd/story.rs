//! `outpost story ID`: one story's timeline, outlets, agreements and contradictions.

use super::{open_existing, print_json};
use crate::cli::{Context, StoryArgs};
use crate::render;
use crate::Outcome;
use anyhow::Result;
use outpost_store::{Store, StoryLookup, StoryView};

pub fn run(args: StoryArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let view = match store.story_view(&args.id)? {
        StoryLookup::Found(view) => view,
        StoryLookup::NotFound => anyhow::bail!("no story {}", args.id),
        StoryLookup::Ambiguous(n) => {
            anyhow::bail!("{n} stories start with {}; give more of the id", args.id)
        }
    };
    let StoryView {
        story,
        articles,
        events,
        claims,
    } = *view;
    if args.json {
        print_json(
            &serde_json::json!({"story": story, "articles": articles, "events": events, "claims": claims}),
        )?;
    } else {
        render::story(
            &mut std::io::stdout().lock(),
            &story,
            &articles,
            &events,
            &claims,
        )?;
    }
    Ok(Outcome::Complete)
}
