//! Publication dates written the ways news pages write them: ISO and RFC 3339
//! (`2021-07-29`, `2021-07-29T17:03:00Z`), RFC 2822 (`Thu, 29 Jul 2021
//! 17:03:00 +0000`), `Jul 29, 2021`, `29 July 2021`, `2021/07/29`,
//! `29.07.2021`, and dates inside URLs (`/2021/07/29/`).

use chrono::NaiveDate;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Month names and abbreviations in the languages news pages are written
/// in, with their numbers. Several languages share spellings ("mai",
/// "april"); they agree on the number.
const MONTH_NAMES: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("jän", 1),
    ("februar", 2),
    ("feber", 2),
    ("märz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fév", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    // Spanish
    ("enero", 1),
    ("ene", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("abr", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("ago", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("dic", 12),
    // Italian
    ("gennaio", 1),
    ("gen", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("mag", 5),
    ("giugno", 6),
    ("giu", 6),
    ("luglio", 7),
    ("lug", 7),
    ("settembre", 9),
    ("set", 9),
    ("ottobre", 10),
    ("ott", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("fev", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("out", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Polish (genitive, as dates write them)
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    // Russian (genitive) and Ukrainian
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("січня", 1),
    ("лютого", 2),
    ("березня", 3),
    ("квітня", 4),
    ("травня", 5),
    ("червня", 6),
    ("липня", 7),
    ("серпня", 8),
    ("вересня", 9),
    ("жовтня", 10),
    ("листопада", 11),
    ("грудня", 12),
    // Turkish
    ("ocak", 1),
    ("şubat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("eylül", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("aralık", 12),
    // Indonesian and Malay
    ("pebruari", 2),
    ("maret", 3),
    ("mac", 3),
    ("julai", 7),
    ("agustus", 8),
    ("ogos", 8),
    ("nopember", 11),
    ("desember", 12),
    ("disember", 12),
    // Romanian
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    // Czech and Slovak (genitive)
    ("ledna", 1),
    ("února", 2),
    ("března", 3),
    ("dubna", 4),
    ("května", 5),
    ("června", 6),
    ("července", 7),
    ("srpna", 8),
    ("září", 9),
    ("října", 10),
    ("listopadu", 11),
    ("prosince", 12),
    ("januára", 1),
    ("februára", 2),
    ("apríla", 4),
    ("mája", 5),
    ("júna", 6),
    ("júla", 7),
    ("augusta", 8),
    ("septembra", 9),
    ("októbra", 10),
    ("novembra", 11),
    ("decembra", 12),
    // Serbian and Bosnian (Latin)
    ("avgust", 8),
    ("septembar", 9),
    ("oktobar", 10),
    ("novembar", 11),
    ("decembar", 12),
    // Greek (genitive)
    ("ιανουαρίου", 1),
    ("φεβρουαρίου", 2),
    ("μαρτίου", 3),
    ("απριλίου", 4),
    ("μαΐου", 5),
    ("ιουνίου", 6),
    ("ιουλίου", 7),
    ("αυγούστου", 8),
    ("σεπτεμβρίου", 9),
    ("οκτωβρίου", 10),
    ("νοεμβρίου", 11),
    ("δεκεμβρίου", 12),
    // Arabic (the names used in Egypt and most news sites)
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يوليو", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    // Hindi
    ("जनवरी", 1),
    ("फ़रवरी", 2),
    ("फरवरी", 2),
    ("मार्च", 3),
    ("अप्रैल", 4),
    ("मई", 5),
    ("जून", 6),
    ("जुलाई", 7),
    ("अगस्त", 8),
    ("सितंबर", 9),
    ("सितम्बर", 9),
    ("अक्टूबर", 10),
    ("अक्तूबर", 10),
    ("नवंबर", 11),
    ("नवम्बर", 11),
    ("दिसंबर", 12),
    ("दिसम्बर", 12),
    // Swedish, Danish, Norwegian, Finnish-style abbreviations reuse the above;
    // their full forms:
    ("januari", 1),
    ("mars", 3),
    ("maj", 5),
    ("augusti", 8),
    ("oktober", 10),
];

static MONTH_LOOKUP: LazyLock<HashMap<String, u32>> = LazyLock::new(|| {
    MONTH_NAMES
        .iter()
        .map(|(name, n)| (name.to_lowercase(), *n))
        .collect()
});

/// The month alternation, longest names first so "juli" wins over "jul".
static MONTHS: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTH_NAMES.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    format!("(?:{})", names.join("|"))
});

/// A written date with its day, month and four-digit year, in any of the
/// supported orders: ISO (`2014-07-19`, also before a `T` time), European
/// dotted (`19.07.2014`), slashed (`19/07/2014`, day first unless that
/// cannot be), and spelled months in many languages (`19. Juli 2014`,
/// `19 de julio de 2014`, `July 19, 2014`, `19 июля 2014`).
pub static DATE_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let months = &*MONTHS;
    format!(
        r"(?:\b(?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?:\b|T)|(?P<cy>\d{{4}})\s?[年년]\s?(?P<cm>\d{{1,2}})\s?[月월]\s?(?P<cd>\d{{1,2}})\s?[日일]|\b(?P<ed>\d{{1,2}})\.\s?(?P<em>\d{{1,2}})\.\s?(?P<ey>\d{{4}})\b|\b(?P<sd>\d{{1,2}})/(?P<sm>\d{{1,2}})/(?P<sy>\d{{4}})\b|\b(?P<dd>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s*(?:of\s+|de\s+)?(?P<dm>{months})\.?,?\s+(?:de\s+)?(?P<dy>\d{{4}})\b|\b(?P<mm>{months})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})\b)"
    )
    // ASCII word boundaries and digits: a Unicode `\b` keeps the regex
    // engine off its fast DFA on any non-ASCII text, and this pattern
    // runs over whole pages. Month names need no boundary after them
    // (a separator and the year must follow), and before them only in
    // the month-first order, which is written with Latin names.
    .replace(r"\b", r"(?-u:\b)")
    .replace(r"\d", "[0-9]")
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

/// A year, month and day in a URL, separated by `/`, `-` or `_` and not
/// part of a longer number (`/2021/04/14/`, `story-2021-04-14-`,
/// `news_2021_04_14`), as htmldate reads URLs.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:199|20[0-9])[0-9])[/_-]([0-9]{1,2})[/_-]([0-9]{1,2})(?:[^0-9]|$)")
        .expect("url date regex")
});

/// `/20200428/` and `/2020-04-28-` style compact dates in URL paths.
static URL_COMPACT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_-]|$)").expect("url compact date regex")
});

fn month_number(name: &str) -> Option<u32> {
    let key = name.trim_end_matches('.').to_lowercase();
    MONTH_LOOKUP.get(&key).copied()
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
    if let (Some(y), Some(m), Some(d)) = (get("cy"), get("cm"), get("cd")) {
        return ymd(y, m.parse().ok()?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("ey"), get("em"), get("ed")) {
        return ymd(y, m.parse().ok()?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("sy"), get("sm"), get("sd")) {
        // Day first, as most of the world writes it, unless the middle
        // number cannot be a month (then it is the US order).
        let (first, second): (u32, u32) = (d.parse().ok()?, m.parse().ok()?);
        return if second > 12 {
            ymd(y, first, m)
        } else {
            ymd(y, second, d)
        };
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

/// The valid dates written in `text`, in order, read lazily: callers that
/// want the first one that passes a test stop there, without resolving
/// the capture groups of every date further down a long page.
pub(crate) fn dates_in(text: &str) -> impl Iterator<Item = NaiveDate> + '_ {
    DATE.captures_iter(text).filter_map(|c| from_captures(&c))
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

/// The hour of a metadata timestamp written in UTC (`Z`, `+00:00`,
/// `+0000`, `GMT`, `UTC`), `None` for local or dateless stamps: near
/// midnight, its calendar day may be the day before or after the one the
/// page itself shows in local time.
pub(crate) fn utc_hour(text: &str) -> Option<u32> {
    static HOUR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[T ]([0-2]?[0-9]):[0-5][0-9]").expect("hour regex"));
    let text = text.trim();
    let utc = ["Z", "+00:00", "+0000", "GMT", "UTC"]
        .iter()
        .any(|z| text.ends_with(z));
    if !utc {
        return None;
    }
    HOUR.captures(text)?[1].parse().ok().filter(|h| *h < 24)
}

/// Whether a metadata timestamp carries a time and a non-zero UTC offset
/// (`+02:00`, `-0500`): it states the local day.
pub(crate) fn has_local_offset(text: &str) -> bool {
    static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"[0-9]:[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?\s*[+-](?:0[1-9]|1[0-4]):?[0-5][0-9]$",
        )
        .expect("offset regex")
    });
    OFFSET.is_match(text.trim())
}

/// A publication date given as data inside a page's scripts
/// (`"datePublished": "…"`, `publishedAt: '…'`, `"created_at": …`): the
/// first such value that parses.
pub(crate) fn script_date(markup: &str) -> Option<NaiveDate> {
    static KEYED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?i)["']?(?:date_?published|published_?at|publish_?date|pub_?date|date_?created|created_?at|upload_?date|publication_?date)["']?\s*[:=]\s*["']([^"'<>]{8,40})["']"#,
        )
        .expect("keyed date regex")
    });
    KEYED
        .captures_iter(markup)
        .find_map(|c| parse_date(&c[1].replace("\\/", "/")))
}

/// The first date in a dated path (`/2016/05/22/`, `/2016-05-22-`) linked
/// from the page's markup: sites file their own uploads and permalinks
/// under the day.
pub(crate) fn linked_date(markup: &str) -> Option<NaiveDate> {
    static LINKED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/((?:19|20)[0-9]{2})[/-]([01][0-9])[/-]([0-3][0-9])[/-]")
            .expect("linked date regex")
    });
    let today = chrono::Utc::now().date_naive();
    LINKED
        .captures_iter(markup)
        .filter_map(|c| ymd(&c[1], c[2].parse().ok()?, &c[3]))
        .find(|d| *d <= today)
}

/// A day written with a two-digit year (`08.05.12`, `8/5/12`, day first),
/// read as 20YY as htmldate does. Only for short elements that say they
/// hold a date: in running text such numbers are too often something else.
pub(crate) fn short_year_date(text: &str) -> Option<NaiveDate> {
    static SHORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9.:/])([0-3]?[0-9])([./])([01]?[0-9])([./])([0-9]{2})(?:$|[^0-9.:/])")
            .expect("short-year regex")
    });
    SHORT.captures_iter(text).find_map(|c| {
        if c[2] != c[4] {
            return None;
        }
        ymd(&format!("20{}", &c[5]), c[3].parse().ok()?, &c[1])
    })
}

/// Whether a date shown on a page can be its publication date: not in the
/// future and not before 1995, when news sites began to publish on the web
/// (htmldate's lower bound). Older dates on pages are what the text is
/// about, not when it was written.
pub(crate) fn plausible_publication(date: NaiveDate) -> bool {
    let earliest = NaiveDate::from_ymd_opt(1995, 1, 1).expect("valid date");
    date >= earliest && date <= chrono::Utc::now().date_naive()
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
    // The path only: a host name carries no date.
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    if let Some(date) = URL_DATE
        .captures_iter(path)
        .find_map(|c| ymd(&c[1], c[2].parse().ok()?, &c[3]))
    {
        return Some(date);
    }
    let c = URL_COMPACT_DATE.captures(url)?;
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
    fn parses_other_languages_and_orders() {
        assert_eq!(parse_date("19. Juli 2014"), Some(d(2014, 7, 19)));
        assert_eq!(parse_date("19 juillet 2014"), Some(d(2014, 7, 19)));
        assert_eq!(parse_date("19 de julio de 2014"), Some(d(2014, 7, 19)));
        assert_eq!(parse_date("3 марта 2020"), Some(d(2020, 3, 3)));
        assert_eq!(parse_date("5 Ağustos 2021"), Some(d(2021, 8, 5)));
        assert_eq!(
            parse_date("Di, 21. April 2020 - 16:40"),
            Some(d(2020, 4, 21))
        );
        assert_eq!(parse_date("19.2.2020 klo 14.00"), Some(d(2020, 2, 19)));
        assert_eq!(parse_date("26/10/2018"), Some(d(2018, 10, 26)));
        assert_eq!(parse_date("10/26/2018"), Some(d(2018, 10, 26)));
        assert_eq!(parse_date("2020-02-19T19:32:07+0200"), Some(d(2020, 2, 19)));
        assert_eq!(parse_date("Mayor 5, 2019"), None);
    }

    #[test]
    fn parses_east_asian_year_first_and_more_month_names() {
        assert_eq!(parse_date("2020年4月28日 10:15"), Some(d(2020, 4, 28)));
        assert_eq!(parse_date("2020년 4월 28일"), Some(d(2020, 4, 28)));
        assert_eq!(parse_date("입력 2020.04.28 오후"), Some(d(2020, 4, 28)));
        assert_eq!(parse_date("28 Maret 2020"), Some(d(2020, 3, 28)));
        assert_eq!(parse_date("12 octombrie 2020"), Some(d(2020, 10, 12)));
        assert_eq!(parse_date("3. července 2020"), Some(d(2020, 7, 3)));
        assert_eq!(parse_date("5 Μαΐου 2020"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("28 أبريل 2020"), Some(d(2020, 4, 28)));
        assert_eq!(parse_date("28 अप्रैल 2020"), Some(d(2020, 4, 28)));
        // A version number is not a date.
        assert_eq!(parse_date("version 2020.13.40"), None);
    }

    #[test]
    fn dated_paths_in_links() {
        assert_eq!(
            linked_date("<a href=\"/en/2019-12-02-health-workers/\">x</a>"),
            Some(d(2019, 12, 2))
        );
        assert_eq!(
            linked_date("<img src=\"/uploads/2016/05/22/a.jpg\">"),
            Some(d(2016, 5, 22))
        );
        assert_eq!(linked_date("<a href=\"/shop/2019-12-99-x/\">"), None);
    }

    #[test]
    fn two_digit_years_and_plausible_range() {
        let dates: Vec<_> = dates_in("3. März 1990, then 2020-04-28 and 2020年5月1日").collect();
        assert_eq!(dates, [d(1990, 3, 3), d(2020, 4, 28), d(2020, 5, 1)]);
        assert_eq!(short_year_date("am 08.05.12 um 9:30"), Some(d(2012, 5, 8)));
        assert_eq!(short_year_date("8/5/12"), Some(d(2012, 5, 8)));
        // Mixed separators, times and longer numbers are not dates.
        assert_eq!(short_year_date("8.5/12"), None);
        assert_eq!(short_year_date("12:08.05"), None);
        assert_eq!(short_year_date("1.08.05.12"), None);
        assert!(plausible_publication(d(2019, 1, 1)));
        assert!(!plausible_publication(d(1990, 6, 1)));
        assert!(!plausible_publication(
            chrono::Utc::now().date_naive() + chrono::Days::new(2)
        ));
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
        assert_eq!(
            url_date("https://ex.com/20200428/some-story"),
            Some(d(2020, 4, 28))
        );
        assert_eq!(
            url_date("https://ex.com/news_2019_03_02_story"),
            Some(d(2019, 3, 2))
        );
        assert_eq!(url_date("https://ex.com/a/12019-03-02"), None);
        assert_eq!(url_date("https://ex.com/a/123456"), None);
        assert_eq!(url_date("https://ex.com/a/20201399/"), None);
    }
}
