//! Statements grouped by subject and compared across independent outlets.

use outpost_core::{Article, CanonicalEvent, Claim, ClaimValue, ValueRange, Verdict};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Compares statements across outlets.
#[derive(Debug, Clone, Default)]
pub struct ClaimComparer {}

impl ClaimComparer {
    /// Every claim of the collection: the articles' statements grouped by
    /// subject and attribute, plus the killed and the injured of each
    /// canonical event with two or more mentions giving them. Duplicates
    /// (keys of `duplicate_of`) are left out: a copy is not a source.
    pub fn compare(
        &self,
        articles: &[Article],
        events: &[CanonicalEvent],
        duplicate_of: &HashMap<String, String>,
    ) -> Vec<Claim> {
        let mut groups: BTreeMap<(String, String), (String, Vec<ClaimValue>)> = BTreeMap::new();
        for article in articles
            .iter()
            .filter(|a| !duplicate_of.contains_key(&a.id))
        {
            for s in &article.claims {
                let entry = groups
                    .entry((s.subject.clone(), s.attribute.clone()))
                    .or_insert_with(|| (s.subject_label.clone(), Vec::new()));
                entry.1.push(ClaimValue {
                    low: s.range.low,
                    high: s.range.high,
                    unit: s.unit.clone(),
                    text: s.quantity_text.clone(),
                    article_id: article.id.clone(),
                    outlet: article.extracted.outlet.clone(),
                    sentence: s.text.clone(),
                });
            }
        }
        // A toll already compared as a conflict's death toll is not compared again as an event's.
        let stated: HashSet<(String, String)> = groups
            .values()
            .flat_map(|(_, values)| {
                values
                    .iter()
                    .map(|v| (v.article_id.clone(), v.sentence.clone()))
            })
            .collect();
        let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
        for event in events {
            let label = event_label(event);
            let mut per_side: BTreeMap<(Option<String>, &str), Vec<ClaimValue>> = BTreeMap::new();
            for m in &event.mentions {
                if duplicate_of.contains_key(&m.article_id)
                    || stated.contains(&(m.article_id.clone(), m.sentence.clone()))
                {
                    continue;
                }
                let Some(article) = by_id.get(m.article_id.as_str()) else {
                    continue;
                };
                let Some(mention) = article
                    .events
                    .iter()
                    .find(|e| e.start == m.start && e.event_type == event.event_type)
                else {
                    continue;
                };
                // Counts by side are compared side by side; a report that
                // names no side is compared as a whole.
                let counts: Vec<(Option<String>, Option<ValueRange>, Option<ValueRange>)> =
                    if mention.casualties_by_side.is_empty() {
                        vec![(None, mention.fatalities, mention.injured)]
                    } else {
                        mention
                            .casualties_by_side
                            .iter()
                            .map(|s| (s.country.clone(), s.killed, s.injured))
                            .collect()
                    };
                for (side, killed, injured) in counts {
                    for (attribute, range) in [("killed", killed), ("injured", injured)] {
                        let Some(range) = range.filter(|r| !is_vague(r)) else {
                            continue;
                        };
                        per_side
                            .entry((side.clone(), attribute))
                            .or_default()
                            .push(ClaimValue {
                                low: range.low,
                                high: range.high,
                                unit: "people".into(),
                                text: render_range(&range),
                                article_id: m.article_id.clone(),
                                outlet: m.outlet.clone(),
                                sentence: m.sentence.clone(),
                            });
                    }
                }
            }
            for ((side, attribute), values) in per_side {
                let (key, subject) = match &side {
                    Some(code) => (
                        format!("event:{}:{code}", event.id),
                        format!("{label} ({code} side)"),
                    ),
                    None => (format!("event:{}", event.id), label.clone()),
                };
                groups.insert((key, attribute.to_string()), (subject, values));
            }
        }
        groups
            .into_iter()
            .map(|((subject_key, attribute), (subject, values))| {
                let verdict = verdict(&values);
                let id = format!(
                    "c-{}",
                    &blake3::hash(format!("{subject_key}\u{1f}{attribute}").as_bytes()).to_hex()
                        [..12]
                );
                Claim {
                    id,
                    subject,
                    subject_key,
                    attribute,
                    values,
                    verdict,
                }
            })
            .collect()
    }
}

/// Each outlet is one source (an article without an outlet is its own);
/// two sources whose ranges share no value contradict each other.
fn verdict(values: &[ClaimValue]) -> Verdict {
    let mut by_source: BTreeMap<String, Vec<ValueRange>> = BTreeMap::new();
    for v in values {
        let source = v
            .outlet
            .clone()
            .unwrap_or_else(|| format!("article:{}", v.article_id));
        by_source
            .entry(source)
            .or_default()
            .push(with_rounding(ValueRange {
                low: v.low,
                high: v.high,
            }));
    }
    if by_source.len() < 2 {
        return Verdict::Single;
    }
    let sources: Vec<&Vec<ValueRange>> = by_source.values().collect();
    for (i, a) in sources.iter().enumerate() {
        for b in &sources[i + 1..] {
            let agree = a.iter().any(|x| b.iter().any(|y| x.overlaps(y)));
            if !agree {
                return Verdict::Contradicted;
            }
        }
    }
    Verdict::Corroborated
}

/// A bare round figure ("2,000 troops") is a rounding, not a count: it is
/// read as ±5%, so that "2,000" and "2,100" are not called a contradiction.
/// Hedged figures already carry their own range.
fn with_rounding(r: ValueRange) -> ValueRange {
    let exact = r.high == Some(r.low);
    if exact && r.low >= 100.0 && r.low % 100.0 == 0.0 {
        ValueRange {
            low: r.low * 0.95,
            high: Some(r.low * 1.05),
        }
    } else {
        r
    }
}

/// "Several", "hundreds": a range so wide that comparing it says nothing.
fn is_vague(r: &ValueRange) -> bool {
    match r.high {
        None => false,
        Some(high) => r.low > 0.0 && high / r.low >= 2.5,
    }
}

fn render_range(r: &ValueRange) -> String {
    match r.high {
        Some(h) if h == r.low => format!("{}", r.low),
        Some(h) => format!("{}–{}", r.low, h),
        None => format!("at least {}", r.low),
    }
}

fn event_label(e: &CanonicalEvent) -> String {
    let mut label = e.event_type.to_lowercase();
    if let Some(sub) = &e.acled_sub_event_type {
        label = sub.to_lowercase();
    }
    if let Some(date) = &e.date {
        label.push_str(&format!(" on {date}"));
    }
    if let Some(loc) = &e.location {
        label.push_str(&format!(" near {}", loc.name));
    }
    label
}
