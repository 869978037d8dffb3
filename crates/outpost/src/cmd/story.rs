//! `outpost story ID`: one story's timeline, outlets, agreements and contradictions.

use super::{open_existing, print_json};
use crate::cli::{Context, StoryArgs};
use crate::render;
use crate::Outcome;
use anyhow::Result;
use outpost_store::{EventFilter, Store};

pub fn run(args: StoryArgs, ctx: &Context) -> Result<Outcome> {
    let store = open_existing(ctx)?;
    let stories = store.stories()?;
    let matching: Vec<_> = stories
        .iter()
        .filter(|s| s.id.starts_with(&args.id))
        .collect();
    let story = match matching.as_slice() {
        [one] => (*one).clone(),
        [] => anyhow::bail!("no story {}", args.id),
        _ => anyhow::bail!(
            "{} stories start with {}; give more of the id",
            matching.len(),
            args.id
        ),
    };
    let events: Vec<_> = store
        .events(&EventFilter::default())?
        .into_iter()
        .filter(|e| story.event_ids.contains(&e.id))
        .collect();
    let claims: Vec<_> = store
        .claims(false)?
        .into_iter()
        .filter(|c| {
            c.values
                .iter()
                .any(|v| story.article_ids.contains(&v.article_id))
        })
        .collect();
    let articles: Vec<_> = store
        .summaries()?
        .into_iter()
        .filter(|a| story.article_ids.contains(&a.id))
        .collect();
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
