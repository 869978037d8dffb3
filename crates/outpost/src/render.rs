//! Human-readable output for a terminal: short, aligned, sourced.

use outpost_core::{
    ActorRef, Article, ArticleSummary, CanonicalEvent, Claim, CollectionEntity, SearchHit, Story,
    ValueRange, Verdict,
};
use std::io::{self, Write};

fn range(r: &Option<ValueRange>) -> String {
    match r {
        None => "-".into(),
        Some(r) => match r.high {
            Some(h) if (h - r.low).abs() < f64::EPSILON => number(r.low),
            Some(h) => format!("{}–{}", number(r.low), number(h)),
            None => format!("{}+", number(r.low)),
        },
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

fn actor(a: &Option<ActorRef>) -> String {
    a.as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "?".into())
}

fn clip(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!(
            "{}…",
            s.chars().take(n.saturating_sub(1)).collect::<String>()
        )
    }
}

fn status_tag(e: &CanonicalEvent) -> &'static str {
    match e.status {
        outpost_core::EventStatus::Occurred => "",
        outpost_core::EventStatus::Proposed => " (proposed)",
        outpost_core::EventStatus::Denied => " (denied)",
        outpost_core::EventStatus::Hypothetical => " (hypothetical)",
    }
}

fn place(e: &CanonicalEvent) -> String {
    match &e.location {
        None => "-".into(),
        Some(l) => match &l.admin1 {
            Some(a) if *a != l.name => format!("{}, {}", l.name, a),
            _ => l.name.clone(),
        },
    }
}

pub fn articles(out: &mut impl Write, articles: &[ArticleSummary]) -> io::Result<()> {
    for a in articles {
        let date = a
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        let marker = if a.published_inferred { "~" } else { " " };
        let dup = a
            .duplicate_of
            .as_ref()
            .map(|d| format!(" [copy of {d}]"))
            .or_else(|| a.update_of.as_ref().map(|u| format!(" [update of {u}]")))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {marker}{date:<10}  {:<22}  {}{dup}",
            a.id,
            clip(a.outlet.as_deref().unwrap_or("-"), 22),
            clip(a.title.as_deref().unwrap_or("(untitled)"), 80)
        )?;
    }
    Ok(())
}

pub fn stories(
    out: &mut impl Write,
    stories: &[Story],
    events: &[CanonicalEvent],
    claims: &[Claim],
) -> io::Result<()> {
    for s in stories {
        let contradicted = claims.iter().any(|c| {
            c.verdict == Verdict::Contradicted
                && c.values
                    .iter()
                    .any(|v| s.article_ids.contains(&v.article_id))
        });
        let badge = if contradicted {
            "  [sources contradict]"
        } else {
            ""
        };
        let dates = match (s.first_date, s.last_date) {
            (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
            (Some(a), _) => a.to_string(),
            _ => "undated".into(),
        };
        writeln!(out, "{}  {dates}  {}{badge}", s.id, s.title)?;
        let n_events = events
            .iter()
            .filter(|e| s.event_ids.contains(&e.id))
            .count();
        writeln!(
            out,
            "    {} articles, {} events; outlets: {}",
            s.article_ids.len(),
            n_events,
            if s.outlets.is_empty() {
                "unknown".into()
            } else {
                s.outlets.join(", ")
            }
        )?;
    }
    Ok(())
}

/// A date as an analyst reads it: a week-precision date is a window
/// ("2021-07-23…29"), not a day.
fn when(e: &CanonicalEvent) -> String {
    match e.period() {
        Some(p) if p.precision == outpost_core::DatePrecision::Week => {
            format!(
                "{}…{}",
                p.date.format("%Y-%m-%d"),
                p.last_day().format("%d")
            )
        }
        _ => e.date.clone().unwrap_or_else(|| "undated".into()),
    }
}

pub fn events(out: &mut impl Write, events: &[CanonicalEvent]) -> io::Result<()> {
    for e in events {
        let kind = e
            .acled_sub_event_type
            .clone()
            .unwrap_or_else(|| e.event_type.clone());
        writeln!(
            out,
            "{:<13}  {:<9} {}{}  {} → {}  @ {}  killed {} injured {}  ({} outlet{})",
            when(e),
            e.event_type,
            kind,
            status_tag(e),
            actor(&e.actor1),
            actor(&e.actor2),
            place(e),
            range(&e.fatalities),
            range(&e.injured),
            e.outlets,
            if e.outlets == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

fn claim_block(out: &mut impl Write, c: &Claim) -> io::Result<()> {
    let verdict = match c.verdict {
        Verdict::Contradicted => "CONTRADICTED",
        Verdict::Corroborated => "corroborated",
        Verdict::Single => "single source",
    };
    writeln!(out, "{verdict}: {} of {}", c.attribute, c.subject)?;
    for v in &c.values {
        writeln!(
            out,
            "    {:>14}  {:<22}  \"{}\"",
            v.text,
            clip(v.outlet.as_deref().unwrap_or("unknown outlet"), 22),
            clip(&v.sentence, 110)
        )?;
    }
    Ok(())
}

pub fn claims(out: &mut impl Write, claims: &[Claim]) -> io::Result<()> {
    let mut sorted: Vec<&Claim> = claims.iter().collect();
    sorted.sort_by_key(|c| match c.verdict {
        Verdict::Contradicted => 0,
        Verdict::Corroborated => 1,
        Verdict::Single => 2,
    });
    for c in sorted {
        claim_block(out, c)?;
    }
    Ok(())
}

pub fn entities(out: &mut impl Write, entities: &[CollectionEntity]) -> io::Result<()> {
    for e in entities {
        let kind = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let coords = match (e.lat, e.lon) {
            (Some(lat), Some(lon)) => format!("  {lat:.4},{lon:.4}"),
            _ => String::new(),
        };
        let admin = e
            .admin1
            .as_ref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<13} {:<32} {}{admin}{coords}  [{} articles; seen as: {}]",
            kind,
            e.id,
            e.name,
            e.article_ids.len(),
            e.aliases.join(" | ")
        )?;
    }
    Ok(())
}

pub fn search(out: &mut impl Write, hits: &[SearchHit]) -> io::Result<()> {
    for h in hits {
        writeln!(
            out,
            "{}  {}  ({})",
            h.article_id,
            h.title.as_deref().unwrap_or("(untitled)"),
            h.source
        )?;
        writeln!(out, "    {}", h.snippet)?;
    }
    Ok(())
}

pub fn story(
    out: &mut impl Write,
    story: &Story,
    articles: &[ArticleSummary],
    events: &[CanonicalEvent],
    claims: &[Claim],
) -> io::Result<()> {
    writeln!(out, "{}  {}", story.id, story.title)?;
    writeln!(out, "\nOutlets and articles:")?;
    self::articles(out, articles)?;
    writeln!(out, "\nTimeline:")?;
    for e in events {
        self::events(out, std::slice::from_ref(e))?;
        for m in &e.mentions {
            let by = m
                .speaker
                .as_ref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            writeln!(
                out,
                "      {:<22}{by} \"{}\"",
                clip(m.outlet.as_deref().unwrap_or("unknown outlet"), 22),
                clip(&m.sentence, 110)
            )?;
        }
    }
    let (conflicts, rest): (Vec<&Claim>, Vec<&Claim>) = claims
        .iter()
        .partition(|c| c.verdict == Verdict::Contradicted);
    writeln!(out, "\nContradictions:")?;
    if conflicts.is_empty() {
        writeln!(out, "    none found")?;
    }
    for c in conflicts {
        claim_block(out, c)?;
    }
    writeln!(out, "\nAgreements:")?;
    let agreed: Vec<&&Claim> = rest
        .iter()
        .filter(|c| c.verdict == Verdict::Corroborated)
        .collect();
    if agreed.is_empty() {
        writeln!(out, "    none found")?;
    }
    for c in agreed {
        claim_block(out, c)?;
    }
    Ok(())
}

/// One article after the per-document stages, for `outpost extract` without `--json`.
pub fn article_summary(out: &mut impl Write, a: &Article) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}",
        a.source,
        a.extracted.title.as_deref().unwrap_or("(untitled)")
    )?;
    writeln!(
        out,
        "    published {}, outlet {}, {} sentences, {} entities, {} events, {} claims",
        a.extracted
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown".into()),
        a.extracted.outlet.as_deref().unwrap_or("unknown"),
        a.annotations.sentences.len(),
        a.entities.len(),
        a.events.len(),
        a.claims.len()
    )?;
    for e in &a.events {
        writeln!(
            out,
            "    {:<9} {:?} {} → {}  \"{}\"",
            e.event_type,
            e.status,
            actor(&e.actor1),
            actor(&e.actor2),
            clip(&e.text, 90)
        )?;
    }
    Ok(())
}
