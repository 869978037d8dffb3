//! Dating undated articles from their story.
//!
//! An article without a publication date cannot resolve "on Wednesday" or
//! "last week". Its story's other articles were published around the same
//! time, so the latest of their dates is a fair anchor; an article alone in
//! its story falls back on the collection's median date.

use crate::cluster::Clustering;
use chrono::{Days, NaiveDate};
use outpost_core::{Article, DatePrecision, FuzzyDate};
use std::collections::HashMap;

/// For articles without a publication date: borrows an anchor date from the
/// other articles of the same story (the latest dated one; failing that, the
/// collection's median date), re-resolves their time expressions with
/// [`outpost_text::reanchor`], and re-dates their event mentions (a mention's
/// date becomes its time expression's resolution; a mention without a time
/// expression gets a week-precision window ending at the anchor).
///
/// Returns article id → inferred date. `published` itself is left `None`, so
/// that callers can tell a stated date from an inferred one; articles are
/// left alone when the collection has no date at all.
pub fn infer_dates(
    articles: &mut [Article],
    clustering: &Clustering,
) -> HashMap<String, NaiveDate> {
    let mut dates: Vec<NaiveDate> = articles
        .iter()
        .filter_map(|a| a.extracted.published)
        .collect();
    dates.sort_unstable();
    let median = dates.get(dates.len().saturating_sub(1) / 2).copied();

    let mut latest_in_story: HashMap<&str, NaiveDate> = HashMap::new();
    for article in articles.iter() {
        if let (Some(date), Some(story)) = (
            article.extracted.published,
            clustering.story_of.get(&article.id),
        ) {
            let latest = latest_in_story.entry(story.as_str()).or_insert(date);
            *latest = (*latest).max(date);
        }
    }
    let anchors: Vec<Option<NaiveDate>> = articles
        .iter()
        .map(|a| {
            if a.extracted.published.is_some() {
                return None;
            }
            let from_story = clustering
                .story_of
                .get(&a.id)
                .and_then(|s| latest_in_story.get(s.as_str()));
            from_story.copied().or(median)
        })
        .collect();

    let mut inferred = HashMap::new();
    for (article, anchor) in articles.iter_mut().zip(anchors) {
        let Some(anchor) = anchor else { continue };
        redate(article, anchor);
        inferred.insert(article.id.clone(), anchor);
    }
    inferred
}

/// Re-resolves `article`'s time expressions and event dates against `anchor`.
pub fn redate(article: &mut Article, anchor: NaiveDate) {
    outpost_text::reanchor(&mut article.annotations, anchor);
    let week_before = FuzzyDate {
        date: anchor - Days::new(6),
        precision: DatePrecision::Week,
    };
    let times = &article.annotations.times;
    for mention in &mut article.events {
        mention.date = match mention.time_expression {
            Some(i) => times.get(i).and_then(|t| t.resolved),
            None => Some(week_before),
        };
    }
}
