//! Temporal expressions and their resolution against an anchor date.
//!
//! Finding and resolving are separate: [`find`] turns text into
//! anchor-independent [`TemporalSpec`]s, and [`resolve`] turns a spec into a
//! [`FuzzyDate`] for a given anchor (the publication date, or for an undated
//! article a date borrowed from its story later, see `reanchor`).
//!
//! Resolution semantics (anchor = A):
//!
//! | spec | resolves to | precision |
//! |---|---|---|
//! | `Absolute` | that day / month / year | day / month / year |
//! | `MonthDay` | that month (day) in A's year, or the year before when that would fall more than 30 days after A | day / month |
//! | `Weekday{w, 0}` ("Wednesday") | the latest day `w` on or before A (a Thursday article saying "Thursday" means A) | day |
//! | `Weekday{w, -1}` ("last Wednesday") | the latest day `w` strictly before A, then `weeks+1` further weeks back | day |
//! | `Weekday{w, +1}` ("next Wednesday") | the earliest day `w` strictly after A, then `weeks-1` further weeks on | day |
//! | `RelativeDay{d}` | A + d days | day |
//! | `RelativeWeek{0}` ("this week", "earlier this week") | the 7-day window ending at A: starts A − 6 | week |
//! | `RelativeWeek{n}` ("last week" −1) | that window shifted by n weeks: starts A − 6 + 7n | week |
//! | `RelativeMonth{n}` | A's month shifted by n months | month |
//! | `RelativeYear{n}` | A's year + n | year |
//! | `Decade{s, part}` | year s + 0 (early or none), + 3 (mid), + 7 (late) | year |
//!
//! "last Wednesday" is read as news prose uses it, the most recent past
//! Wednesday, rather than "the Wednesday of the previous week". The part of
//! a relative period ("late last month") is kept in the spec but does not
//! narrow the resolved period, whose precision cannot express thirds.

use chrono::{Datelike, Days, Months, NaiveDate};
use outpost_core::{DatePrecision, FuzzyDate, PeriodPart, TemporalSpec};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// A temporal expression found in the text, as byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundTime {
    pub start: usize,
    pub end: usize,
    pub spec: TemporalSpec,
}

const MONTH_NAMES: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
const FULL_MONTH_NAMES: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December|Sept";
const YEAR: &str = r"(?P<y>(?:19|20)\d{2})";
const DAY: &str = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?";
const MONTH_PREPOSITIONS: &str =
    "in|since|during|by|until|till|through|throughout|from|to|and|of|early|mid|late|last|next|this|between|before|after|end|beginning|start";
const YEAR_PREPOSITIONS: &str =
    "in|since|during|by|until|till|through|throughout|from|to|before|after|early|mid|late|of|year|summer|winter|spring|autumn|fall";

fn month_re(pattern: &str) -> Regex {
    let full = pattern
        .replace("{MON}", &format!(r"(?P<mon>{MONTH_NAMES})\b\.?"))
        .replace("{FULLMON}", &format!(r"(?P<mon>{FULL_MONTH_NAMES})\b"))
        .replace("{YEAR}", YEAR)
        .replace("{DAY}", DAY)
        .replace("{MPREP}", MONTH_PREPOSITIONS)
        .replace("{YPREP}", YEAR_PREPOSITIONS);
    Regex::new(&full).expect("temporal pattern compiles")
}

/// Which rule a pattern feeds.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Iso,
    MonthDayYear,
    MonthYear,
    MonthDay,
    MonthAlone,
    YearAlone,
    Decade,
    Weekday,
    RelativeDay,
    Ago,
    Relative,
    InThe,
}

static PATTERNS: LazyLock<Vec<(Rule, Regex)>> = LazyLock::new(|| {
    vec![
        (Rule::Iso, month_re(r"\b{YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
        (Rule::MonthDayYear, month_re(r"\b{MON}\s+{DAY},?\s+{YEAR}\b")),
        (Rule::MonthDayYear, month_re(r"\b{DAY}\s+(?:of\s+)?{MON},?\s+{YEAR}\b")),
        (Rule::MonthYear, month_re(r"\b{MON},?\s+{YEAR}\b")),
        (Rule::MonthDay, month_re(r"\b{MON}\s+{DAY}\b")),
        (Rule::MonthDay, month_re(r"\b{DAY}\s+(?:of\s+)?{MON}")),
        (Rule::MonthAlone, month_re(r"\b(?i:{MPREP})[\s-]+(?:(?i:of)\s+)?{FULLMON}")),
        (Rule::YearAlone, month_re(r"\b(?i:{YPREP})(?:\s+|-)(?:(?i:of)\s+)?{YEAR}\b")),
        (
            Rule::Decade,
            Regex::new(r"\b(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<dec>(?:1[89]|20)\d0)'?s\b")
                .expect("decade pattern compiles"),
        ),
        (
            Rule::Weekday,
            Regex::new(
                r"\b(?:(?P<rel>(?i:last|next|this|past|coming))\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            )
            .expect("weekday pattern compiles"),
        ),
        (
            Rule::RelativeDay,
            Regex::new(r"\b(?P<w>(?i:the\s+day\s+before\s+yesterday|today|yesterday|tomorrow|tonight|last\s+night))\b")
                .expect("relative day pattern compiles"),
        ),
        (
            Rule::Ago,
            Regex::new(
                r"\b(?i:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<u>days?|weeks?|months?|years?)\s+ago)\b",
            )
            .expect("ago pattern compiles"),
        ),
        (
            Rule::Relative,
            Regex::new(
                r"\b(?i:(?:(?P<part>early|mid|late|earlier|later)[\s-]+(?:in\s+)?)?(?:the\s+)?(?P<rel>this|last|next|past|previous|coming)\s+(?P<u>week|month|year))\b",
            )
            .expect("relative pattern compiles"),
        ),
        (
            Rule::InThe,
            Regex::new(r"\b(?i:(?P<part>earlier|later)\s+in\s+the\s+(?P<u>week|month|year))\b")
                .expect("in-the pattern compiles"),
        ),
    ]
});

fn month_number(name: &str) -> Option<u32> {
    let key = name.get(..3)?.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

fn weekday_number(name: &str) -> Option<u32> {
    let key = name.get(..3)?.to_ascii_lowercase();
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    days.iter().position(|d| *d == key).map(|i| i as u32)
}

fn part_of(word: Option<&str>) -> Option<PeriodPart> {
    match word?.to_ascii_lowercase().as_str() {
        "early" => Some(PeriodPart::Early),
        "mid" => Some(PeriodPart::Mid),
        "late" => Some(PeriodPart::Late),
        _ => None,
    }
}

fn small_number(word: &str) -> Option<i32> {
    let words = [
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match word.to_ascii_lowercase().as_str() {
        "an" => Some(1),
        w => words
            .iter()
            .position(|x| *x == w)
            .map(|i| i.max(1) as i32)
            .or_else(|| w.parse().ok()),
    }
}

fn group<'t>(caps: &Captures<'t>, name: &str) -> Option<&'t str> {
    caps.name(name).map(|m| m.as_str())
}

fn number(caps: &Captures, name: &str) -> Option<u32> {
    group(caps, name)?.parse().ok()
}

/// The spec of one match and the byte range it covers.
fn interpret(rule: Rule, caps: &Captures) -> Option<(usize, usize, TemporalSpec)> {
    let whole = caps.get(0)?;
    // An abbreviated month's period may end the sentence: leave it out.
    let end = whole.end() - usize::from(whole.as_str().ends_with('.'));
    let mut start = whole.start();
    let spec = match rule {
        Rule::Iso => {
            let (year, month, day) = (
                group(caps, "y")?.parse().ok()?,
                number(caps, "m")?,
                number(caps, "d")?,
            );
            NaiveDate::from_ymd_opt(year, month, day)?;
            TemporalSpec::Absolute {
                year,
                month: Some(month),
                day: Some(day),
            }
        }
        Rule::MonthDayYear => {
            let (year, month, day) = (
                group(caps, "y")?.parse().ok()?,
                month_number(group(caps, "mon")?)?,
                number(caps, "d")?,
            );
            NaiveDate::from_ymd_opt(year, month, day)?;
            TemporalSpec::Absolute {
                year,
                month: Some(month),
                day: Some(day),
            }
        }
        Rule::MonthYear => TemporalSpec::Absolute {
            year: group(caps, "y")?.parse().ok()?,
            month: Some(month_number(group(caps, "mon")?)?),
            day: None,
        },
        Rule::MonthDay => {
            let (month, day) = (month_number(group(caps, "mon")?)?, number(caps, "d")?);
            NaiveDate::from_ymd_opt(2000, month, day)?;
            TemporalSpec::MonthDay {
                month,
                day: Some(day),
            }
        }
        Rule::MonthAlone => {
            let mon = caps.name("mon")?;
            start = mon.start();
            TemporalSpec::MonthDay {
                month: month_number(mon.as_str())?,
                day: None,
            }
        }
        Rule::YearAlone => {
            let y = caps.name("y")?;
            start = y.start();
            TemporalSpec::Absolute {
                year: y.as_str().parse().ok()?,
                month: None,
                day: None,
            }
        }
        Rule::Decade => {
            let part = part_of(group(caps, "part"));
            TemporalSpec::Decade {
                start: group(caps, "dec")?.parse().ok()?,
                part,
            }
        }
        Rule::Weekday => {
            let weeks = match group(caps, "rel").map(str::to_ascii_lowercase).as_deref() {
                Some("last") | Some("past") => -1,
                Some("next") | Some("coming") => 1,
                _ => 0,
            };
            TemporalSpec::Weekday {
                weekday: weekday_number(group(caps, "wd")?)?,
                weeks,
            }
        }
        Rule::RelativeDay => {
            let word = group(caps, "w")?.to_ascii_lowercase();
            let days = if word.starts_with("the") {
                -2
            } else if word == "yesterday" || word.starts_with("last") {
                -1
            } else if word == "tomorrow" {
                1
            } else {
                0
            };
            TemporalSpec::RelativeDay { days }
        }
        Rule::Ago => {
            let n = small_number(group(caps, "n")?)?;
            let unit = group(caps, "u")?.to_ascii_lowercase();
            match unit.trim_end_matches('s') {
                "day" => TemporalSpec::RelativeDay { days: -n },
                "week" => TemporalSpec::RelativeDay { days: -7 * n },
                "month" => TemporalSpec::RelativeMonth {
                    months: -n,
                    part: None,
                },
                _ => TemporalSpec::RelativeYear {
                    years: -n,
                    part: None,
                },
            }
        }
        Rule::Relative | Rule::InThe => {
            let shift = match group(caps, "rel").map(str::to_ascii_lowercase).as_deref() {
                Some("last") | Some("previous") => -1,
                Some("next") | Some("coming") => 1,
                _ => 0,
            };
            let part = part_of(group(caps, "part"));
            match group(caps, "u")?.to_ascii_lowercase().as_str() {
                "week" => TemporalSpec::RelativeWeek { weeks: shift, part },
                "month" => TemporalSpec::RelativeMonth {
                    months: shift,
                    part,
                },
                _ => TemporalSpec::RelativeYear { years: shift, part },
            }
        }
    };
    Some((start, end, spec))
}

/// Every temporal expression of `text`, in text order, without overlaps
/// (the longest of overlapping candidates wins).
pub(crate) fn find(text: &str) -> Vec<FoundTime> {
    let mut candidates: Vec<FoundTime> = Vec::new();
    for (rule, re) in PATTERNS.iter() {
        for caps in re.captures_iter(text) {
            if let Some((start, end, spec)) = interpret(*rule, &caps) {
                candidates.push(FoundTime { start, end, spec });
            }
        }
    }
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<FoundTime> = Vec::with_capacity(candidates.len());
    for c in candidates {
        match out.last() {
            Some(last) if c.start < last.end => {
                if c.end - c.start > last.end - last.start {
                    out.pop();
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn first_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn shift_months(date: NaiveDate, months: i32) -> Option<NaiveDate> {
    if months >= 0 {
        date.checked_add_months(Months::new(months as u32))
    } else {
        date.checked_sub_months(Months::new(months.unsigned_abs()))
    }
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

/// Resolves a spec that needs no anchor (absolute dates and decades).
pub fn resolve_absolute(spec: &TemporalSpec) -> Option<FuzzyDate> {
    match *spec {
        TemporalSpec::Absolute { year, month, day } => Some(match (month, day) {
            (Some(m), Some(d)) => FuzzyDate::day(NaiveDate::from_ymd_opt(year, m, d)?),
            (Some(m), None) => FuzzyDate {
                date: first_of_month(year, m)?,
                precision: DatePrecision::Month,
            },
            _ => FuzzyDate {
                date: first_of_month(year, 1)?,
                precision: DatePrecision::Year,
            },
        }),
        TemporalSpec::Decade { start, part } => {
            let offset = match part {
                Some(PeriodPart::Mid) => 3,
                Some(PeriodPart::Late) => 7,
                _ => 0,
            };
            Some(FuzzyDate {
                date: first_of_month(start + offset, 1)?,
                precision: DatePrecision::Year,
            })
        }
        _ => None,
    }
}

/// Resolves a temporal expression against an anchor date, following the
/// table in this module's documentation. `None` when the date does not
/// exist (February 30) or falls outside the calendar.
pub fn resolve(spec: &TemporalSpec, anchor: NaiveDate) -> Option<FuzzyDate> {
    match *spec {
        TemporalSpec::Absolute { .. } | TemporalSpec::Decade { .. } => resolve_absolute(spec),
        TemporalSpec::MonthDay { month, day } => {
            let latest_plausible = add_days(anchor, 30)?;
            let in_year = |year: i32| match day {
                Some(d) => NaiveDate::from_ymd_opt(year, month, d),
                None => first_of_month(year, month),
            };
            let mut date = in_year(anchor.year());
            if date.is_none_or(|d| d > latest_plausible) {
                date = in_year(anchor.year() - 1);
            }
            let precision = if day.is_some() {
                DatePrecision::Day
            } else {
                DatePrecision::Month
            };
            Some(FuzzyDate {
                date: date?,
                precision,
            })
        }
        TemporalSpec::Weekday { weekday, weeks } => {
            let today = anchor.weekday().num_days_from_monday() as i64;
            let back = (today - weekday as i64).rem_euclid(7);
            let date = match weeks {
                0 => add_days(anchor, -back)?,
                w if w < 0 => {
                    let strictly_before = if back == 0 { 7 } else { back };
                    add_days(anchor, -strictly_before - 7 * (i64::from(-w) - 1))?
                }
                w => {
                    let ahead = (weekday as i64 - today).rem_euclid(7);
                    let strictly_after = if ahead == 0 { 7 } else { ahead };
                    add_days(anchor, strictly_after + 7 * (i64::from(w) - 1))?
                }
            };
            Some(FuzzyDate::day(date))
        }
        TemporalSpec::RelativeDay { days } => {
            Some(FuzzyDate::day(add_days(anchor, i64::from(days))?))
        }
        TemporalSpec::RelativeWeek { weeks, .. } => Some(FuzzyDate {
            date: add_days(anchor, -6 + 7 * i64::from(weeks))?,
            precision: DatePrecision::Week,
        }),
        TemporalSpec::RelativeMonth { months, .. } => Some(FuzzyDate {
            date: shift_months(first_of_month(anchor.year(), anchor.month())?, months)?,
            precision: DatePrecision::Month,
        }),
        TemporalSpec::RelativeYear { years, .. } => Some(FuzzyDate {
            date: first_of_month(anchor.year().checked_add(years)?, 1)?,
            precision: DatePrecision::Year,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn found(text: &str) -> Vec<(&str, TemporalSpec)> {
        find(text)
            .into_iter()
            .map(|f| (&text[f.start..f.end], f.spec))
            .collect()
    }

    #[test]
    fn finds_calendar_dates() {
        let text = "Talks opened on 2019-03-04, resumed March 15 and 2 April, and ended on 9 Oct. 2019 and June 3, 2019, \
                    weeks before Jul 29; the ceasefire of May 2018 held until in August.";
        let got = found(text);
        let expected = vec![
            (
                "2019-03-04",
                TemporalSpec::Absolute {
                    year: 2019,
                    month: Some(3),
                    day: Some(4),
                },
            ),
            (
                "March 15",
                TemporalSpec::MonthDay {
                    month: 3,
                    day: Some(15),
                },
            ),
            (
                "2 April",
                TemporalSpec::MonthDay {
                    month: 4,
                    day: Some(2),
                },
            ),
            (
                "9 Oct. 2019",
                TemporalSpec::Absolute {
                    year: 2019,
                    month: Some(10),
                    day: Some(9),
                },
            ),
            (
                "June 3, 2019",
                TemporalSpec::Absolute {
                    year: 2019,
                    month: Some(6),
                    day: Some(3),
                },
            ),
            (
                "Jul 29",
                TemporalSpec::MonthDay {
                    month: 7,
                    day: Some(29),
                },
            ),
            (
                "May 2018",
                TemporalSpec::Absolute {
                    year: 2018,
                    month: Some(5),
                    day: None,
                },
            ),
            (
                "August",
                TemporalSpec::MonthDay {
                    month: 8,
                    day: None,
                },
            ),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn finds_relative_expressions() {
        let text = "Fighting broke out late last month, days after clashes earlier this week and last Monday; \
                    a truce signed yesterday follows a war in the early 1980s and raids since 2016, last year.";
        let got = found(text);
        assert_eq!(
            got,
            vec![
                (
                    "late last month",
                    TemporalSpec::RelativeMonth {
                        months: -1,
                        part: Some(PeriodPart::Late)
                    }
                ),
                (
                    "earlier this week",
                    TemporalSpec::RelativeWeek {
                        weeks: 0,
                        part: None
                    }
                ),
                (
                    "last Monday",
                    TemporalSpec::Weekday {
                        weekday: 0,
                        weeks: -1
                    }
                ),
                ("yesterday", TemporalSpec::RelativeDay { days: -1 }),
                (
                    "early 1980s",
                    TemporalSpec::Decade {
                        start: 1980,
                        part: Some(PeriodPart::Early)
                    }
                ),
                (
                    "2016",
                    TemporalSpec::Absolute {
                        year: 2016,
                        month: None,
                        day: None
                    }
                ),
                (
                    "last year",
                    TemporalSpec::RelativeYear {
                        years: -1,
                        part: None
                    }
                ),
            ]
        );
    }

    #[test]
    fn weekday_resolves_to_latest_on_or_before_anchor() {
        let thursday = date(2022, 3, 10);
        let wednesday = TemporalSpec::Weekday {
            weekday: 2,
            weeks: 0,
        };
        assert_eq!(
            resolve(&wednesday, thursday),
            Some(FuzzyDate::day(date(2022, 3, 9)))
        );
        let same_day = TemporalSpec::Weekday {
            weekday: 3,
            weeks: 0,
        };
        assert_eq!(resolve(&same_day, thursday), Some(FuzzyDate::day(thursday)));
        let last_thursday = TemporalSpec::Weekday {
            weekday: 3,
            weeks: -1,
        };
        assert_eq!(
            resolve(&last_thursday, thursday),
            Some(FuzzyDate::day(date(2022, 3, 3)))
        );
        let next_monday = TemporalSpec::Weekday {
            weekday: 0,
            weeks: 1,
        };
        assert_eq!(
            resolve(&next_monday, thursday),
            Some(FuzzyDate::day(date(2022, 3, 14)))
        );
    }

    #[test]
    fn month_day_takes_previous_year_when_far_in_future() {
        let anchor = date(2022, 1, 12);
        let dec = TemporalSpec::MonthDay {
            month: 12,
            day: Some(28),
        };
        assert_eq!(
            resolve(&dec, anchor),
            Some(FuzzyDate::day(date(2021, 12, 28)))
        );
        let feb = TemporalSpec::MonthDay {
            month: 2,
            day: None,
        };
        assert_eq!(
            resolve(&feb, anchor),
            Some(FuzzyDate {
                date: date(2022, 2, 1),
                precision: DatePrecision::Month
            })
        );
    }

    #[test]
    fn relative_periods_resolve_by_precision() {
        let anchor = date(2022, 3, 10);
        let this_week = TemporalSpec::RelativeWeek {
            weeks: 0,
            part: None,
        };
        assert_eq!(
            resolve(&this_week, anchor),
            Some(FuzzyDate {
                date: date(2022, 3, 4),
                precision: DatePrecision::Week
            })
        );
        let last_week = TemporalSpec::RelativeWeek {
            weeks: -1,
            part: None,
        };
        assert_eq!(resolve(&last_week, anchor).unwrap().date, date(2022, 2, 25));
        let late_last_month = TemporalSpec::RelativeMonth {
            months: -1,
            part: Some(PeriodPart::Late),
        };
        assert_eq!(
            resolve(&late_last_month, anchor).unwrap().render(),
            "2022-02"
        );
        let last_year = TemporalSpec::RelativeYear {
            years: -1,
            part: None,
        };
        assert_eq!(resolve(&last_year, anchor).unwrap().render(), "2021");
        let late_eighties = TemporalSpec::Decade {
            start: 1980,
            part: Some(PeriodPart::Late),
        };
        assert_eq!(resolve(&late_eighties, anchor).unwrap().render(), "1987");
        let invalid = TemporalSpec::Absolute {
            year: 2021,
            month: Some(2),
            day: Some(30),
        };
        assert_eq!(resolve(&invalid, anchor), None);
    }
}
