//! Publication dates written the ways news pages write them: ISO and RFC 3339
//! (`2021-07-29`, `2021-07-29T17:03:00Z`), RFC 2822 (`Thu, 29 Jul 2021
//! 17:03:00 +0000`), `Jul 29, 2021`, `29 July 2021`, `2021/07/29`,
//! `29.07.2021`, dates inside URLs (`/2021/07/29/`), and the world's
//! written forms: month names of many languages and scripts
//! (`data/months.tsv`), digits of other scripts (`٥`, `۵`, `५`, `৫`, `５`),
//! the Buddhist era (Thai), Japanese eras and the Solar Hijri calendar
//! (converted to Gregorian days). Relative times ("two hours ago"),
//! dates without a year and Lunar Hijri dates are not read.

use chrono::NaiveDate;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Month names and abbreviations in the languages news pages are written
/// in (`data/months.tsv`): name, month number, calendar.
const MONTHS_TSV: &str = include_str!("../data/months.tsv");

/// A month name's calendar: Solar Hijri dates (Iran, Afghanistan) are
/// converted to Gregorian days when read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Calendar {
    Gregorian,
    SolarHijri,
}

/// The spellings a name is written in besides the one in the table:
/// Indic letters with a nukta precomposed or not, and Arabic-script names
/// with Persian or Arabic yeh and kaf (sites of either language use both).
fn spellings(name: &str) -> Vec<String> {
    const DECOMPOSED: &[(char, &str)] = &[
        ('\u{0958}', "\u{0915}\u{093C}"),
        ('\u{0959}', "\u{0916}\u{093C}"),
        ('\u{095A}', "\u{0917}\u{093C}"),
        ('\u{095B}', "\u{091C}\u{093C}"),
        ('\u{095C}', "\u{0921}\u{093C}"),
        ('\u{095D}', "\u{0922}\u{093C}"),
        ('\u{095E}', "\u{092B}\u{093C}"),
        ('\u{095F}', "\u{092F}\u{093C}"),
        ('\u{09DC}', "\u{09A1}\u{09BC}"),
        ('\u{09DD}', "\u{09A2}\u{09BC}"),
        ('\u{09DF}', "\u{09AF}\u{09BC}"),
    ];
    let mut out = vec![name.to_string()];
    let decomposed: String = name
        .chars()
        .map(|c| {
            DECOMPOSED
                .iter()
                .find(|(p, _)| *p == c)
                .map_or_else(|| c.to_string(), |(_, d)| (*d).to_string())
        })
        .collect();
    let composed = DECOMPOSED
        .iter()
        .fold(name.to_string(), |s, (p, d)| s.replace(d, &p.to_string()));
    let persian = name
        .replace('\u{064A}', "\u{06CC}")
        .replace('\u{0643}', "\u{06A9}");
    let arabic = name
        .replace('\u{06CC}', "\u{064A}")
        .replace('\u{06A9}', "\u{0643}");
    for s in [decomposed, composed, persian, arabic] {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Every spelling of every month name, lowercased, with its number and
/// calendar.
static MONTH_TABLE: LazyLock<Vec<(String, u32, Calendar)>> = LazyLock::new(|| {
    MONTHS_TSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .flat_map(|l| {
            let mut f = l.split('\t');
            let (name, n, cal) = (f.next(), f.next(), f.next());
            let n: u32 = n
                .and_then(|n| n.trim().parse().ok())
                .expect("months.tsv: number");
            let cal = match cal.map(str::trim) {
                Some("sh") => Calendar::SolarHijri,
                _ => Calendar::Gregorian,
            };
            let name = name.expect("months.tsv: name").trim().to_lowercase();
            spellings(&name).into_iter().map(move |s| (s, n, cal))
        })
        .collect()
});

static MONTH_LOOKUP: LazyLock<HashMap<(String, bool), u32>> = LazyLock::new(|| {
    MONTH_TABLE
        .iter()
        .map(|(name, n, cal)| ((name.clone(), *cal == Calendar::SolarHijri), *n))
        .collect()
});

/// A regex alternation of the month names of one calendar, longest names
/// first so "juli" wins over "jul"; a space inside a name ("تشرين الأول")
/// matches any whitespace.
fn alternation(calendar: Calendar, keep: impl Fn(&str) -> bool) -> String {
    let mut names: Vec<&str> = MONTH_TABLE
        .iter()
        .filter(|(n, _, c)| *c == calendar && keep(n))
        .map(|(n, _, _)| n.as_str())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    let names: Vec<String> = names
        .iter()
        .map(|n| regex::escape(n).replace(' ', r"\s+"))
        .collect();
    format!("(?:{})", names.join("|"))
}

/// A written date with its day, month and four-digit year, in any of the
/// supported orders: ISO (`2014-07-19`, also before a `T` time), European
/// dotted (`19.07.2014`), slashed or dashed (`19/07/2014`, `19-07-2014`,
/// day first unless that cannot be), Korean (`2020. 5. 5.`), Chinese,
/// Japanese and Korean `2020年5月5日` / `2020년 5월 5일`, Japanese eras
/// (`令和2年5月5日`), spelled months in many languages (`19. Juli 2014`,
/// `19 de julio de 2014`, `July 19, 2014`, `19 июля 2014`, `5 أيار/مايو
/// 2020`), Hungarian year first (`2020. május 5.`), Vietnamese (`5 tháng 5
/// năm 2020`) and Solar Hijri months (`16 اردیبهشت 1399`). Digits other
/// than ASCII are read by [`find_date`] and its kin, not by this pattern.
pub static DATE_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let months = alternation(Calendar::Gregorian, |_| true);
    // Arab pages name a month twice, the Levantine and the Egyptian name
    // ("أيار/مايو", "مايو (أيار)").
    let arabic = alternation(Calendar::Gregorian, |n| {
        n.starts_with(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    });
    let solar = alternation(Calendar::SolarHijri, |_| true);
    format!(
        concat!(
            r"(?:\b(?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?:\b|T)",
            r"|\b(?P<ky>\d{{4}})\.\s(?P<km>\d{{1,2}})\.\s(?P<kd>\d{{1,2}})\.",
            r"|(?P<cy>\d{{4}})\s?[年년]\s?(?P<cm>\d{{1,2}})\s?[月월]\s?(?P<cd>\d{{1,2}})\s?[日일]",
            r"|(?P<era>令和|平成)\s?(?P<ny>元|\d{{1,2}})\s?年\s?(?P<nm>\d{{1,2}})\s?月\s?(?P<nd>\d{{1,2}})\s?日",
            r"|\b(?P<ed>\d{{1,2}})\.\s?(?P<em>\d{{1,2}})\.\s?(?P<ey>\d{{4}})\b",
            r"|\b(?P<sd>\d{{1,2}})(?P<s1>[/-])(?P<sm>\d{{1,2}})(?P<s2>[/-])(?P<sy>\d{{4}})\b",
            r"|\b(?P<dd>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s*(?:of\s+|del?\s+|d['’]\s*)?(?P<dm>{months})(?:\s*[/(]\s*{arabic}\s*\)?)?\.?[,،]?\s+(?:del?\s+)?(?P<dy>\d{{4}})\b",
            r"|\b(?P<mm>{months})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})\b",
            r"|\b(?P<hy>\d{{4}})\.\s*(?P<hm>{months})\s+(?P<hd>\d{{1,2}})\b",
            r"|\b(?P<vd>\d{{1,2}})\s+tháng\s+(?P<vm>\d{{1,2}}),?\s+(?:năm\s+)?(?P<vy>\d{{4}})\b",
            r"|\b(?P<pd>\d{{1,2}})\s*(?P<pm>{solar})\s*(?:ماه\s*)?(?P<py>1[34]\d{{2}})\b)",
        ),
        months = months,
        arabic = arabic,
        solar = solar,
    )
    // ASCII word boundaries and digits: a Unicode `\b` keeps the regex
    // engine off its fast DFA on any non-ASCII text, and this pattern
    // runs over whole pages. Month names need no boundary after them
    // (a separator and the year must follow), and before them only in
    // the month-first order, which is written with Latin names.
    .replace(r"\b", r"(?-u:\b)")
    .replace(r"\d", "[0-9]")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex::RegexBuilder::new(&format!("(?i){}", *DATE_PATTERN))
        .dfa_size_limit(32 << 20)
        .build()
        .expect("date regex")
});

/// Words that may stand beside a date on a line that holds nothing else
/// (`data/date_words.txt`): weekdays, morning and afternoon markers, time
/// zones in many languages.
const DATE_WORDS: &str = include_str!("../data/date_words.txt");

/// What may surround a date on a line that is "only a date": weekdays, a
/// time (`17:03`, `17.03`, `17h03`), a time zone or UTC offset, separators.
static DATE_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    // Han, kana and Hangul words need no word boundary: those scripts
    // write "2020年5月5日星期二" without spaces.
    let east_asian = |w: &str| {
        w.chars().all(|c| {
            matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
        })
    };
    let mut words: Vec<String> = DATE_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        // A word's final dot is a separator the pattern reads anyway.
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.dedup();
    let join = |cjk: bool| {
        words
            .iter()
            .filter(|w| east_asian(w) == cjk)
            .map(|w| regex::escape(w).replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|")
    };
    Regex::new(&format!(
        r"(?i)^(?:\s|[,.|:;/()\[\]（）،؛，、-]|–|—|\b(?:{})\b|{}|\d{{1,2}}[:.h]\d{{2}}(?::\d{{2}})?\b|[+-]\d{{1,2}}(?::?\d{{2}})?\b)*$",
        join(false),
        join(true),
    ))
    .expect("filler regex")
});

/// Publication-date labels in more languages (`data/date_labels.txt`), as
/// a regex alternation for the label patterns of the HTML and line rules.
pub(crate) static MORE_DATE_LABELS: LazyLock<String> = LazyLock::new(|| {
    let mut words: Vec<String> = include_str!("../data/date_labels.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.join("|")
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

fn month_number(name: &str, calendar: Calendar) -> Option<u32> {
    let key = name
        .trim_end_matches('.')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    MONTH_LOOKUP
        .get(&(key, calendar == Calendar::SolarHijri))
        .copied()
}

/// A Gregorian day from a year, month and day, the year also in the
/// Buddhist era that Thai pages write (2563 = 2020): no Gregorian year a
/// news page shows lies that far ahead.
fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let mut y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if (2500..=2700).contains(&y) {
        y -= 543;
    }
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The Gregorian day of a Solar Hijri date (the calendar of Iran and
/// Afghanistan, `16 اردیبهشت 1399` = 5 May 2020), by the 33-year leap
/// cycle that matches the astronomical calendar from 1343 to 1473 (AD
/// 1964 to 2094), counted from Nowruz 1399 = 20 March 2020.
fn solar_hijri(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let (y, d): (i64, i64) = (y.parse().ok()?, d.parse().ok()?);
    if !(1343..=1473).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    // Days before the given day, from a fixed origin.
    let count = |y: i64, m: i64, d: i64| {
        let y = y + 1595;
        let before_month = if m < 7 {
            (m - 1) * 31
        } else {
            (m - 7) * 30 + 186
        };
        365 * y + (y / 33) * 8 + ((y % 33) + 3) / 4 + before_month + d
    };
    let m = i64::from(m);
    let year_days = count(y + 1, 1, 1) - count(y, 1, 1);
    let month_days = match m {
        1..=6 => 31,
        7..=11 => 30,
        _ => year_days - 336,
    };
    if !(1..=month_days).contains(&d) {
        return None;
    }
    let nowruz_1399 = NaiveDate::from_ymd_opt(2020, 3, 20)?;
    let offset = count(y, m, d) - count(1399, 1, 1);
    nowruz_1399.checked_add_signed(chrono::Duration::days(offset))
}

fn from_captures(c: &regex::Captures) -> Option<NaiveDate> {
    let get = |n: &str| c.name(n).map(|m| m.as_str());
    let numeric = |y: &str, m: &str, d: &str| ymd(y, m.parse().ok()?, d);
    if let (Some(y), Some(m), Some(d)) = (get("iy"), get("im"), get("id")) {
        return numeric(y, m, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("ky"), get("km"), get("kd")) {
        return numeric(y, m, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("cy"), get("cm"), get("cd")) {
        return numeric(y, m, d);
    }
    if let (Some(era), Some(y), Some(m), Some(d)) = (get("era"), get("ny"), get("nm"), get("nd")) {
        // Japanese eras: Reiwa began in 2019, Heisei in 1989; the first
        // year of an era is written 元.
        let n: i32 = if y == "元" { 1 } else { y.parse().ok()? };
        let base = if era == "令和" { 2018 } else { 1988 };
        return numeric(&(base + n).to_string(), m, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("ey"), get("em"), get("ed")) {
        return numeric(y, m, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("sy"), get("sm"), get("sd")) {
        if get("s1") != get("s2") {
            return None;
        }
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
        return ymd(y, month_number(m, Calendar::Gregorian)?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("my"), get("mm"), get("md")) {
        return ymd(y, month_number(m, Calendar::Gregorian)?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("hy"), get("hm"), get("hd")) {
        return ymd(y, month_number(m, Calendar::Gregorian)?, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("vy"), get("vm"), get("vd")) {
        return numeric(y, m, d);
    }
    if let (Some(y), Some(m), Some(d)) = (get("py"), get("pm"), get("pd")) {
        return solar_hijri(y, month_number(m, Calendar::SolarHijri)?, d);
    }
    None
}

/// The ASCII digit a decimal digit of another script stands for: Arabic-
/// Indic and Persian (Arabic script), Devanagari, Bengali, Gurmukhi,
/// Gujarati, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Myanmar, Khmer
/// and full-width (CJK) digits.
fn ascii_digit(c: char) -> Option<char> {
    const ZEROS: &[u32] = &[
        0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0E50,
        0x0ED0, 0x1040, 0x17E0, 0xFF10,
    ];
    let c = c as u32;
    if c < 0x0660 {
        return None;
    }
    ZEROS
        .iter()
        .find(|z| (**z..**z + 10).contains(&c))
        .and_then(|z| char::from_digit(c - z, 10))
}

/// `text` with every digit of another script written as its ASCII digit,
/// borrowed when there is none (almost always): the date patterns read
/// ASCII digits only, which keeps them on the regex engine's fast path.
fn with_ascii_digits(text: &str) -> Cow<'_, str> {
    // Every such digit's UTF-8 form starts with one of these bytes; most
    // pages (Latin script, even with accents) have none of them.
    let bytes = text.as_bytes();
    let may_have = memchr::memchr3(0xD9, 0xDB, 0xE0, bytes).is_some()
        || memchr::memchr2(0xE1, 0xEF, bytes).is_some();
    if !may_have || !text.chars().any(|c| ascii_digit(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect())
}

/// The byte offset in `text` of byte offset `at` of its ASCII-digit form.
fn original_offset(text: &str, at: usize) -> usize {
    let mut n = 0;
    for (i, c) in text.char_indices() {
        if n >= at {
            return i;
        }
        n += if ascii_digit(c).is_some() {
            1
        } else {
            c.len_utf8()
        };
    }
    text.len()
}

/// The first valid date written anywhere in `text`, with its byte range.
pub fn find_date(text: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    let ascii = with_ascii_digits(text);
    let (date, range) = DATE.captures_iter(&ascii).find_map(|c| {
        let whole = c.get(0)?;
        from_captures(&c).map(|d| (d, whole.range()))
    })?;
    Some(match ascii {
        Cow::Borrowed(_) => (date, range),
        Cow::Owned(_) => (
            date,
            original_offset(text, range.start)..original_offset(text, range.end),
        ),
    })
}

/// The first valid date written in `text` that passes `keep`, read lazily:
/// the capture groups of dates further down a long page are not resolved.
pub(crate) fn first_date_where(text: &str, keep: impl Fn(&NaiveDate) -> bool) -> Option<NaiveDate> {
    let ascii = with_ascii_digits(text);
    DATE.captures_iter(&ascii)
        .filter_map(|c| from_captures(&c))
        .find(keep)
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
    SHORT.captures_iter(&with_ascii_digits(text)).find_map(|c| {
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
    let line = with_ascii_digits(line);
    let (date, range) = find_date(&line)?;
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
    use chrono::Datelike;

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
    fn reads_digits_of_other_scripts() {
        assert_eq!(parse_date("٥ مايو ٢٠٢٠"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("۵ مه ۲۰۲۰"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("५ मई २०२०"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("০৫ মে ২০২০"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("２０２０年５月５日"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("๕ พฤษภาคม ๒๕๖๓"), Some(d(2020, 5, 5)));
        // The range is the one in the text as written.
        let text = "نشر في ٥ مايو ٢٠٢٠ مساء";
        let (date, range) = find_date(text).unwrap();
        assert_eq!(date, d(2020, 5, 5));
        assert_eq!(&text[range], "٥ مايو ٢٠٢٠");
        assert_eq!(
            date_only_line("الثلاثاء، ٥ مايو ٢٠٢٠ - ٠٣:٤٥ م"),
            Some(d(2020, 5, 5))
        );
    }

    #[test]
    fn reads_month_names_of_more_languages() {
        // Levantine, Iraqi and Maghreb Arabic, and both names at once.
        assert_eq!(parse_date("12 أيار 2020"), Some(d(2020, 5, 12)));
        assert_eq!(parse_date("3 تشرين الأول 2020"), Some(d(2020, 10, 3)));
        assert_eq!(parse_date("3 تشرين  الثاني 2020"), Some(d(2020, 11, 3)));
        assert_eq!(parse_date("1 كانون الثاني 2020"), Some(d(2020, 1, 1)));
        assert_eq!(parse_date("12 أيار/مايو 2020"), Some(d(2020, 5, 12)));
        assert_eq!(parse_date("12 مايو (أيار) 2020"), Some(d(2020, 5, 12)));
        assert_eq!(parse_date("15 جوان 2020"), Some(d(2020, 6, 15)));
        assert_eq!(parse_date("03 يونيو، 2020م"), Some(d(2020, 6, 3)));
        // Persian and Urdu Gregorian names, Persian or Arabic yeh.
        assert_eq!(parse_date("۵ ژوئیه ۲۰۲۰"), Some(d(2020, 7, 5)));
        assert_eq!(parse_date("5 ژوئيه 2020"), Some(d(2020, 7, 5)));
        assert_eq!(parse_date("5 جولائی 2020"), Some(d(2020, 7, 5)));
        assert_eq!(parse_date("5 במאי 2020"), Some(d(2020, 5, 5)));
        // Greek in capitals (no accents), abbreviated, nominative.
        assert_eq!(parse_date("5 ΜΑΪΟΥ 2020"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("5 ΑΥΓΟΥΣΤΟΥ 2020"), Some(d(2020, 8, 5)));
        assert_eq!(parse_date("5 Αυγ 2020"), Some(d(2020, 8, 5)));
        // Cyrillic: abbreviations, Ukrainian, Bulgarian, Serbian.
        assert_eq!(parse_date("5 травня 2020 р."), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("5 сент. 2020"), Some(d(2020, 9, 5)));
        assert_eq!(parse_date("5 септември 2020"), Some(d(2020, 9, 5)));
        assert_eq!(parse_date("5. јула 2020"), Some(d(2020, 7, 5)));
        // Turkish typed in capitals lowercases to a dotted i.
        assert_eq!(parse_date("5 MAYIS 2020"), Some(d(2020, 5, 5)));
        // Indic names, with a nukta precomposed or not.
        assert_eq!(parse_date("5 फ़रवरी 2020"), Some(d(2020, 2, 5)));
        assert_eq!(parse_date("5 फ\u{093C}रवरी 2020"), Some(d(2020, 2, 5)));
        assert_eq!(parse_date("5 জানুয়ারি 2020"), Some(d(2020, 1, 5)));
        assert_eq!(parse_date("5 மே 2020"), Some(d(2020, 5, 5)));
        // Romance connectors, Finnish, Catalan.
        assert_eq!(parse_date("5 de mayo del 2020"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("5 d'abril de 2020"), Some(d(2020, 4, 5)));
        assert_eq!(parse_date("5. toukokuuta 2020"), Some(d(2020, 5, 5)));
    }

    #[test]
    fn reads_other_orders_and_calendars() {
        assert_eq!(parse_date("2020. 5. 5. 오후 3:45"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("2020. május 5. 15:45"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("ngày 5 tháng 5 năm 2020"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("05-05-2020"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("05-05/2020"), None);
        // Japanese eras; the first year of one is 元.
        assert_eq!(parse_date("令和2年5月5日(火)"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("令和元年5月1日"), Some(d(2019, 5, 1)));
        assert_eq!(parse_date("平成31年4月30日"), Some(d(2019, 4, 30)));
        // Thai Buddhist era, full and abbreviated month.
        assert_eq!(parse_date("5 พฤษภาคม 2563"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("5 พ.ค. 2563"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("5 พ.ค. 2020"), Some(d(2020, 5, 5)));
        // Solar Hijri: Nowruz and leap years fall right.
        assert_eq!(parse_date("۱۶ اردیبهشت ۱۳۹۹"), Some(d(2020, 5, 5)));
        assert_eq!(parse_date("1 فروردین 1399"), Some(d(2020, 3, 20)));
        assert_eq!(parse_date("1 فروردین 1400"), Some(d(2021, 3, 21)));
        assert_eq!(parse_date("30 اسفند 1399"), Some(d(2021, 3, 20)));
        assert_eq!(parse_date("30 اسفند 1398"), None);
        assert_eq!(parse_date("11 دی 1398"), Some(d(2020, 1, 1)));
        assert_eq!(parse_date("1 حمل 1399"), Some(d(2020, 3, 20)));
        assert_eq!(parse_date("1 فروردين 1404"), Some(d(2025, 3, 21)));
    }

    #[test]
    fn rejects_relative_times_yearless_and_lunar_dates() {
        for text in [
            "منذ ساعتين",
            "3 часа назад",
            "hace 2 horas",
            "il y a 3 heures",
            "2 saat önce",
            "3시간 전",
            "2小时前",
            "5 мая",
            "5月5日",
            // Lunar Hijri and numeric Solar Hijri dates: not read as
            // Gregorian ones.
            "١٤٤١/٠٩/١٢ هـ",
            "12 رمضان 1441",
            "۱۳۹۹/۰۲/۱۶",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn date_only_lines_in_many_languages() {
        for line in [
            "Selasa, 05 Mei 2020 15:45 WIB",
            "martes, 5 de mayo de 2020, 15:45",
            "mardi 5 mai 2020 à 15h45",
            "Τρίτη, 5 Μαΐου 2020 15:45 μ.μ.",
            "вторник, 5 мая 2020 г., 15:45",
            "05 Mayıs 2020 Salı, 15:45",
            "2020년 5월 5일 화요일 오후 3:45",
            "2020年5月5日星期二 下午3:45",
            "令和2年5月5日(火)",
            "سه‌شنبه ۱۶ اردیبهشت ۱۳۹۹ - ۱۰:۳۰",
            "Thứ Ba, ngày 5 tháng 5 năm 2020 15:45 (GMT+7)",
            "5 พฤษภาคม 2563 15:45 น.",
        ] {
            assert_eq!(date_only_line(line), Some(d(2020, 5, 5)), "{line}");
        }
        assert_eq!(
            date_only_line("Die Brücke wurde am 5. Mai 2020 eröffnet"),
            None
        );
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
        let text = "3. März 1990, then 2020-04-28 and 2020年5月1日";
        assert_eq!(first_date_where(text, |_| true), Some(d(1990, 3, 3)));
        assert_eq!(
            first_date_where(text, |d| d.month() == 5),
            Some(d(2020, 5, 1))
        );
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
