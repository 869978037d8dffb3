//! Event coreference: one canonical event per real event, over every article.
//!
//! Mentions are taken in date order (undated last) and each joins the
//! best-agreeing compatible event or starts a new one. Compatibility is
//! checked against the event as merged so far: same type and status, dates
//! that overlap (with a day of slack), actors that agree or are missing,
//! locations where one contains the other, and casualty ranges that
//! overlap. An undated mention can only join an event of its own story, as
//! can any mention joining an undated event: without a date, the story is
//! the only evidence that two mentions are about the same moment.

use crate::cluster::Clustering;
use crate::config::CorefConfig;
use chrono::{Days, NaiveDate};
use outpost_core::{
    ActorRef, Article, CanonicalEvent, DatePrecision, EventMention, EventStatus, FuzzyDate,
    Location, LocationPrecision, MentionRef, SideCasualties, ValueRange,
};
use std::collections::{HashMap, HashSet};

/// Dated events created this long before a mention's date cannot overlap it
/// (the widest period is a year), so the backward scan stops there.
const SCAN_HORIZON_DAYS: u64 = 370;

/// Event coreference with the default [`CorefConfig`]: merges mentions of
/// the same real event across all articles (not only within a story) into
/// canonical events listing every mention; `outlets` counts distinct
/// independent outlets (a duplicate's outlet does not add; an article
/// without an outlet counts as its own source).
pub fn merge_events(articles: &[Article], clustering: &Clustering) -> Vec<CanonicalEvent> {
    merge_events_with(articles, clustering, &CorefConfig::default())
}

/// One mention with what coreference needs to know about its article.
struct Item<'a> {
    article: &'a Article,
    mention: &'a EventMention,
    /// Position of the mention in its article's event list.
    index: usize,
    story: Option<&'a str>,
    /// The independent source: the outlet of the article's original
    /// (shared by the article's mentions: a collection can hold millions).
    source: std::rc::Rc<str>,
}

/// An event being merged.
struct Group<'a> {
    event_type: &'a str,
    status: EventStatus,
    /// Item indices, in joining order.
    members: Vec<usize>,
    /// Each member's (actor1, actor2), swapped where it joined swapped.
    oriented: Vec<(Option<&'a ActorRef>, Option<&'a ActorRef>)>,
    /// The most specific date so far.
    date: Option<FuzzyDate>,
    /// First day of the first dated member, for the scan horizon.
    created: Option<NaiveDate>,
    actor1: Option<&'a ActorRef>,
    actor2: Option<&'a ActorRef>,
    /// The most precise location so far.
    location: Option<&'a Location>,
    fatalities_hull: Option<ValueRange>,
    injured_hull: Option<ValueRange>,
    /// Killed and injured hulls per side, where members said whose they were.
    sides: Vec<SideCasualties>,
    stories: HashSet<&'a str>,
}

/// [`merge_events`] with explicit settings.
pub fn merge_events_with(
    articles: &[Article],
    clustering: &Clustering,
    config: &CorefConfig,
) -> Vec<CanonicalEvent> {
    let items = collect_items(articles, clustering);

    let mut order: Vec<usize> = (0..items.len()).collect();
    // Sorting is stable, so equal dates keep input order.
    order.sort_by_key(|&i| match items[i].mention.date {
        Some(d) => (false, Some(d.date), d.precision),
        None => (true, None, DatePrecision::Day),
    });

    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<(&str, EventStatus), Vec<usize>> = HashMap::new();
    let mut by_story: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &order {
        let item = &items[i];
        let m = item.mention;
        let key = (m.event_type.as_str(), m.status);
        let symmetric = config
            .symmetric_event_types
            .iter()
            .any(|t| t == &m.event_type);

        let mut best: Option<(u32, usize, bool)> = None;
        let mut consider = |g: usize, group: &Group| {
            if let Some((score, swapped)) =
                agreement(item, group, symmetric, config.date_slack_days)
            {
                if best.is_none_or(|(b, bg, _)| score > b || (score == b && g > bg)) {
                    best = Some((score, g, swapped));
                }
            }
        };
        match (m.date, item.story) {
            (Some(date), _) => {
                let horizon = date.date.checked_sub_days(Days::new(SCAN_HORIZON_DAYS));
                for &g in by_key.get(&key).into_iter().flatten().rev() {
                    let group = &groups[g];
                    if let (Some(created), Some(h)) = (group.created, horizon) {
                        if created < h {
                            break;
                        }
                    }
                    consider(g, group);
                }
            }
            (None, Some(story)) => {
                for &g in by_story.get(story).into_iter().flatten().rev() {
                    let group = &groups[g];
                    if group.event_type == key.0 && group.status == key.1 {
                        consider(g, group);
                    }
                }
            }
            (None, None) => {}
        }

        let g = match best {
            Some((_, g, swapped)) => {
                join(&mut groups[g], i, item, swapped);
                g
            }
            None => {
                let mut group = Group {
                    event_type: key.0,
                    status: key.1,
                    members: Vec::new(),
                    oriented: Vec::new(),
                    date: None,
                    created: m.date.map(|d| d.date),
                    actor1: None,
                    actor2: None,
                    location: None,
                    fatalities_hull: None,
                    injured_hull: None,
                    sides: Vec::new(),
                    stories: HashSet::new(),
                };
                join(&mut group, i, item, false);
                groups.push(group);
                by_key.entry(key).or_default().push(groups.len() - 1);
                groups.len() - 1
            }
        };
        if let Some(story) = item.story {
            let listed = by_story.entry(story).or_default();
            if !listed.contains(&g) {
                listed.push(g);
            }
        }
    }

    let mut events: Vec<CanonicalEvent> = groups.iter().map(|g| canonical(g, &items)).collect();
    events.sort_by(|a, b| {
        let key = |e: &CanonicalEvent| e.period().map(|p| p.date);
        (key(a).is_none(), key(a), &a.id).cmp(&(key(b).is_none(), key(b), &b.id))
    });
    events
}

fn collect_items<'a>(articles: &'a [Article], clustering: &'a Clustering) -> Vec<Item<'a>> {
    let mut by_id: HashMap<&str, &Article> = HashMap::new();
    for a in articles {
        by_id.entry(a.id.as_str()).or_insert(a);
    }
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for article in articles.iter().filter(|a| seen.insert(a.id.as_str())) {
        let original = clustering
            .duplicate_of
            .get(&article.id)
            .and_then(|o| by_id.get(o.as_str()).copied())
            .unwrap_or(article);
        let source: std::rc::Rc<str> = match original
            .extracted
            .outlet
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            Some(outlet) => format!("outlet:{}", outlet.to_lowercase()),
            None => format!("article:{}", original.id),
        }
        .into();
        let story = clustering.story_of.get(&article.id).map(String::as_str);
        for (index, mention) in article.events.iter().enumerate() {
            items.push(Item {
                article,
                mention,
                index,
                story,
                source: source.clone(),
            });
        }
    }
    items
}

/// How well `item` agrees with `group`, and whether its actors are swapped;
/// `None` when they cannot be the same event.
fn agreement(item: &Item, group: &Group, symmetric: bool, slack: i64) -> Option<(u32, bool)> {
    let m = item.mention;
    if m.event_type != group.event_type || m.status != group.status {
        return None;
    }
    let mut score = 0;
    match (m.date, group.date) {
        (Some(a), Some(b)) => {
            if !a.overlaps(&b, slack) {
                return None;
            }
            if a == b {
                score += 2;
            }
        }
        _ => {
            if !item.story.is_some_and(|s| group.stories.contains(s)) {
                return None;
            }
        }
    }
    if !location_compatible(m.location.as_ref(), group.location) {
        return None;
    }
    if let (Some(a), Some(b)) = (&m.location, group.location) {
        score += u32::from(a.id == b.id);
    }
    // Counts by side are compared side by side: one report's total of both
    // sides' wounded is not a contradiction of another's count for one side.
    if !m.casualties_by_side.is_empty() && !group.sides.is_empty() {
        for side in &m.casualties_by_side {
            if let Some(g) = group.sides.iter().find(|g| g.country == side.country) {
                if !ranges_compatible(side.killed, g.killed)
                    || !ranges_compatible(side.injured, g.injured)
                {
                    return None;
                }
            }
        }
    } else if !ranges_compatible(m.fatalities, group.fatalities_hull)
        || !ranges_compatible(m.injured, group.injured_hull)
    {
        return None;
    }
    score += u32::from(m.fatalities.is_some() && group.fatalities_hull.is_some());
    let straight = actors_compatible(m.actor1.as_ref(), group.actor1)
        && actors_compatible(m.actor2.as_ref(), group.actor2);
    let swapped = symmetric
        && !straight
        && actors_compatible(m.actor1.as_ref(), group.actor2)
        && actors_compatible(m.actor2.as_ref(), group.actor1);
    if !straight && !swapped {
        return None;
    }
    let (a1, a2) = if swapped {
        (&m.actor2, &m.actor1)
    } else {
        (&m.actor1, &m.actor2)
    };
    score += u32::from(same_actor(a1.as_ref(), group.actor1))
        + u32::from(same_actor(a2.as_ref(), group.actor2));
    Some((score, swapped))
}

fn join<'a>(group: &mut Group<'a>, index: usize, item: &Item<'a>, swapped: bool) {
    let m = item.mention;
    let (a1, a2) = if swapped {
        (m.actor2.as_ref(), m.actor1.as_ref())
    } else {
        (m.actor1.as_ref(), m.actor2.as_ref())
    };
    group.members.push(index);
    group.oriented.push((a1, a2));
    group.actor1 = group.actor1.or(a1);
    group.actor2 = group.actor2.or(a2);
    if let Some(d) = m.date {
        if group.date.is_none_or(|g| d.precision < g.precision) {
            group.date = Some(d);
        }
        group.created = Some(group.created.map_or(d.date, |c| c.min(d.date)));
    }
    if let Some(l) = &m.location {
        if group
            .location
            .is_none_or(|g| rank_precision(l.precision) < rank_precision(g.precision))
        {
            group.location = Some(l);
        }
    }
    group.fatalities_hull = hull(group.fatalities_hull, m.fatalities);
    group.injured_hull = hull(group.injured_hull, m.injured);
    for side in &m.casualties_by_side {
        match group.sides.iter_mut().find(|g| g.country == side.country) {
            Some(g) => {
                g.killed = hull(g.killed, side.killed);
                g.injured = hull(g.injured, side.injured);
            }
            None => group.sides.push(side.clone()),
        }
    }
    if let Some(s) = item.story {
        group.stories.insert(s);
    }
}

fn same_actor(a: Option<&ActorRef>, b: Option<&ActorRef>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.id == b.id)
}

/// Same entity, or, failing that, the same country: "Azerbaijani forces"
/// and "Azerbaijan" name one side of a clash.
fn actors_compatible(a: Option<&ActorRef>, b: Option<&ActorRef>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.id == b.id || matches!((&a.country, &b.country), (Some(x), Some(y)) if x == y)
        }
        _ => true,
    }
}

fn rank_precision(p: LocationPrecision) -> u8 {
    match p {
        LocationPrecision::Exact => 0,
        LocationPrecision::Admin1 => 1,
        LocationPrecision::Country => 2,
    }
}

/// Same place, or the coarser of the two contains the finer (its region or
/// country). Two different exact places never match.
fn location_compatible(a: Option<&Location>, b: Option<&Location>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    if a.id == b.id {
        return true;
    }
    let (fine, coarse) = if rank_precision(a.precision) <= rank_precision(b.precision) {
        (a, b)
    } else {
        (b, a)
    };
    let same_country = match (&fine.country, &coarse.country) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    match coarse.precision {
        LocationPrecision::Exact => false,
        LocationPrecision::Admin1 => {
            let region = coarse.admin1.as_deref().unwrap_or(&coarse.name);
            same_country
                && fine
                    .admin1
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case(region))
        }
        LocationPrecision::Country => {
            fine.country.is_some() && coarse.country.is_some() && same_country
        }
    }
}

fn ranges_compatible(a: Option<ValueRange>, b: Option<ValueRange>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.overlaps(&b),
        _ => true,
    }
}

fn hull(a: Option<ValueRange>, b: Option<ValueRange>) -> Option<ValueRange> {
    match (a, b) {
        (Some(a), Some(b)) => Some(ValueRange {
            low: a.low.min(b.low),
            high: match (a.high, b.high) {
                (Some(x), Some(y)) => Some(x.max(y)),
                _ => None,
            },
        }),
        (a, b) => a.or(b),
    }
}

/// Folds casualty ranges: the intersection while they overlap, the union
/// once they do not.
fn merge_ranges(ranges: impl Iterator<Item = ValueRange>) -> Option<ValueRange> {
    ranges.fold(None, |acc, r| match acc {
        None => Some(r),
        Some(acc) if acc.overlaps(&r) => Some(ValueRange {
            low: acc.low.max(r.low),
            high: match (acc.high, r.high) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            },
        }),
        Some(acc) => hull(Some(acc), Some(r)),
    })
}

/// The most frequent value by `key`; ties go to the first seen.
fn most_frequent<T: Copy, K: Eq + std::hash::Hash>(
    values: impl Iterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Option<T> {
    let mut counts: HashMap<K, (usize, usize, T)> = HashMap::new();
    for (position, v) in values.enumerate() {
        counts.entry(key(&v)).or_insert((0, position, v)).0 += 1;
    }
    counts
        .into_values()
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, v)| v)
}

/// `e-` and 12 hex digits of the BLAKE3 hash of the event's earliest mention.
pub fn event_id(
    article_id: &str,
    sentence: usize,
    event_type: &str,
    mention_index: usize,
) -> String {
    let key = format!("{article_id}#{sentence}#{event_type}#{mention_index}");
    format!("e-{}", &blake3::hash(key.as_bytes()).to_hex()[..12])
}

fn canonical(group: &Group, items: &[Item]) -> CanonicalEvent {
    let members: Vec<&Item> = group.members.iter().map(|&i| &items[i]).collect();
    let first = members[0];

    let finest = members
        .iter()
        .filter_map(|it| it.mention.date)
        .map(|d| d.precision)
        .min();
    let date = most_frequent(
        members
            .iter()
            .filter_map(|it| it.mention.date)
            .filter(|d| Some(d.precision) == finest),
        |d| *d,
    );
    let finest_place = members
        .iter()
        .filter_map(|it| it.mention.location.as_ref())
        .map(|l| rank_precision(l.precision))
        .min();
    let location = most_frequent(
        members
            .iter()
            .filter_map(|it| it.mention.location.as_ref())
            .filter(|l| Some(rank_precision(l.precision)) == finest_place),
        |l| l.id.clone(),
    );
    let actor1 = most_frequent(group.oriented.iter().filter_map(|(a, _)| *a), |a| {
        a.id.clone()
    });
    let actor2 = most_frequent(group.oriented.iter().filter_map(|(_, b)| *b), |a| {
        a.id.clone()
    });
    let pick = |field: fn(&EventMention) -> &Option<String>| {
        most_frequent(
            members.iter().filter_map(|it| field(it.mention).as_deref()),
            |s| *s,
        )
        .map(str::to_string)
    };
    let story_id = most_frequent(members.iter().filter_map(|it| it.story), |s| *s);
    let story_id = story_id.map(|best| {
        let count = |s: &str| members.iter().filter(|it| it.story == Some(s)).count();
        let top = count(best);
        members
            .iter()
            .filter_map(|it| it.story)
            .filter(|s| count(s) == top)
            .min()
            .unwrap_or(best)
            .to_string()
    });
    let outlets = members
        .iter()
        .map(|it| &*it.source)
        .collect::<HashSet<_>>()
        .len();

    CanonicalEvent {
        id: event_id(
            &first.article.id,
            first.mention.sentence,
            &first.mention.event_type,
            first.index,
        ),
        event_type: group.event_type.to_string(),
        mode: pick(|m| &m.mode),
        acled_event_type: pick(|m| &m.acled_event_type),
        acled_sub_event_type: pick(|m| &m.acled_sub_event_type),
        status: group.status,
        date: date.map(|d| d.render()),
        date_precision: date.map(|d| d.precision),
        actor1: actor1.cloned(),
        actor2: actor2.cloned(),
        location: location.cloned(),
        fatalities: merge_ranges(members.iter().filter_map(|it| it.mention.fatalities)),
        injured: merge_ranges(members.iter().filter_map(|it| it.mention.injured)),
        mentions: members
            .iter()
            .map(|it| MentionRef {
                article_id: it.article.id.clone(),
                outlet: it
                    .mention
                    .outlet
                    .clone()
                    .or_else(|| it.article.extracted.outlet.clone()),
                sentence: it.mention.text.clone(),
                start: it.mention.start,
                end: it.mention.end,
                speaker: it.mention.speaker.clone(),
            })
            .collect(),
        outlets,
        story_id,
    }
}
