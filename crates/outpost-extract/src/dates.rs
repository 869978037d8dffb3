//! Publication dates written the ways news pages write them: ISO and RFC 3339
//! (`2021-07-29`, `2021-07-29T17:03:00Z`), RFC 2822 (`Thu, 29 Jul 2021
//! 17:03:00 +0000`), `Jul 29, 2021`, `29 July 2021`, `2021/07/29`,
//! `29.07.2021`, and dates inside URLs (`/2021/07/29/`).

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// A written date with its day, month and four-digit year, in any of the
/// supported orders.
pub static DATE_PATTERN: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:\b(?P<iy>\d{{4}})[-/](?P<im>\d{{1,2}})[-/](?P<id>\d{{1,2}})\b|\b(?P<ed>\d{{1,2}})\.(?P<em>\d{{1,2}})\.(?P<ey>\d{{4}})\b|\b(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{MONTHS})\.?,?\s+(?P<dy>\d{{4}})\b|\b(?P<mm>{MONTHS})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})\b)"
    )
});

static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i){}", *DATE_PATTERN)).expect("date regex"));

/// What may surround a date on a line that is "only a date": weekdays, a
/// time, a time zone, separators.
static DATE_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\s|[,.|:;/()\[\]-]|–|—|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b(?:am|pm|a\.m\.|p\.m\.|utc|gmt|ist|cet|cest|msk|est|edt|pst|pdt|bst|amt|azt)\b|[+-]\d{2}:?\d{2}\b|\bat\b)*$",
    )
    .expect("filler regex")
});

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$|\D)").expect("url date regex")
});

fn month_number(name: &str) -> Option<u32> {
    let key: String = name
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn from_captures(c: &regex::Captures) -> Option<NaiveDate> {
    let get = |n: &str| c.name(n).map(|m| m.as_str());
    if let (Some(y), Some(m), Some(d)) = (get("iy"), get("im"), get("id")) {
        return ymd(y, m.parse().ok()?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("ey"), get("em"), get("ed")) {
        return ymd(y, m.parse().ok()?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("dy"), get("dm"), get("dd")) {
        return ymd(y, month_number(m)?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("my"), get("mm"), get("md")) {
        return ymd(y, month_number(m)?, d);
    }
    None
}

/// The first valid date written anywhere in `text`, with its byte range.
pub fn find_date(text: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    DATE.captures_iter(text).find_map(|c| {
        let whole = c.get(0)?;
        from_captures(&c).map(|d| (d, whole.range()))
    })
}

/// Parses a date given as metadata (a hint, a meta tag, JSON-LD): RFC 3339,
/// ISO, RFC 2822 or any written form the text date finder knows.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.date_naive());
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some(t.date_naive());
    }
    find_date(text).map(|(d, _)| d)
}

/// The date of a line that holds nothing but a date (with perhaps a weekday,
/// a time and a time zone): "April 14, 2021", "Thursday 29 July 2021 17:03".
pub fn date_only_line(line: &str) -> Option<NaiveDate> {
    let (date, range) = find_date(line)?;
    let rest = format!("{} {}", &line[..range.start], &line[range.end..]);
    DATE_FILLER.is_match(&rest).then_some(date)
}

/// A date inside a URL path (`/2021/04/14/`).
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let c = URL_DATE.captures(url)?;
    ymd(&c[1], c[2].parse().ok()?, &c[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_metadata_forms() {
        assert_eq!(
            parse_date("2021-07-29T17:03:00+04:00"),
            Some(d(2021, 7, 29))
        );
        assert_eq!(parse_date("2021-07-29"), Some(d(2021, 7, 29)));
        assert_eq!(
            parse_date("Thu, 29 Jul 2021 17:03:00 +0000"),
            Some(d(2021, 7, 29))
        );
        assert_eq!(parse_date("Sept. 3, 2019"), Some(d(2019, 9, 3)));
        assert_eq!(parse_date("3rd of March 2020"), Some(d(2020, 3, 3)));
        assert_eq!(parse_date("03.11.2018"), Some(d(2018, 11, 3)));
        assert_eq!(parse_date("2021/02/30"), None);
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn date_only_lines_allow_weekday_time_and_zone_only() {
        assert_eq!(date_only_line("March 2, 2019"), Some(d(2019, 3, 2)));
        assert_eq!(
            date_only_line("Friday, 8 Nov 2019, 11:40 AM (GMT)"),
            Some(d(2019, 11, 8))
        );
        assert_eq!(date_only_line("The truce began on March 2, 2019."), None);
    }

    #[test]
    fn finds_dates_in_urls() {
        assert_eq!(
            url_date("https://ex.com/2019/03/02/some-story"),
            Some(d(2019, 3, 2))
        );
        assert_eq!(
            url_date("https://ex.com/news/2019-3-2-story"),
            Some(d(2019, 3, 2))
        );
        assert_eq!(url_date("https://ex.com/a/123456"), None);
    }
}
