//! Extraction: a [`RawDocument`] in, an [`Extracted`] article out — main text
//! without boilerplate, photo captions and credits kept apart, and metadata
//! (title, publication date, outlet, wire agency, authors, language, URL).
//!
//! HTML is first stripped of scripts (JSON-LD kept), styles, SVG,
//! `<noscript>`, comments, `data-*` and `on*` attributes and runs of
//! indentation, then parsed once with `tl` (module `fast`, which re-nests
//! its nodes by the HTML rules that matter for text): the metadata and the
//! publication date are read from that tree, and the main content comes
//! from our readability-style scorer over it. html5ever (`dom_query`, then
//! `dom_smoothie`) reads only a page the scorer finds no text in. Plain text (first non-empty line = title) goes straight
//! to the text-level cleaning that both share: line rules remove comment prompts,
//! calls to support or subscribe, copyright notices, "Related article:" and
//! similar lines (each one recorded in `boilerplate_removed`), turn bylines,
//! datelines and date lines into metadata, and set captions apart. The rules
//! are general layout patterns; outlet names live in `data/outlets.toml`.
//!
//! Extraction is pure: no I/O, no network, no sentence splitting (that is the
//! text stage's job). Given fields of the input ([`DocumentHints`]) win over
//! extracted ones.
//!
//! ```
//! use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
//! let doc = RawDocument {
//!     provenance: Provenance::file("a.txt"),
//!     content: Content::Text("Floods in the delta\n\nBy Ana Lima\n\nRivers rose overnight.\n\nLeave a Reply".into()),
//!     hints: DocumentHints::default(),
//! };
//! let article = outpost_extract::Extractor::new().extract(&doc).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Floods in the delta"));
//! assert_eq!(article.text, "Rivers rose overnight.");
//! assert_eq!(article.authors, ["Ana Lima"]);
//! assert_eq!(article.boilerplate_removed, ["By Ana Lima", "Leave a Reply"]);
//! ```
#![deny(missing_docs)]

mod clean;
mod dates;
mod error;
mod fast;
mod html;
mod language;
mod outlets;
mod rules;

pub use dates::{parse_date, url_date};
pub use error::{ExtractError, Result};
pub use fast::fast_main_text;
pub use language::guess_language;
pub use outlets::{registrable_domain, OutletTable};

use clean::{clean, TitleSource};
use outpost_core::{Content, DocumentHints, Extracted, RawDocument};
use rules::LineRules;

/// Turns raw documents into [`Extracted`] articles. Build it once and reuse
/// it: it holds compiled rules.
#[derive(Debug)]
pub struct Extractor {
    rules: LineRules,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    /// An extractor with the default rules and the embedded outlet table.
    pub fn new() -> Self {
        Self::with_outlets(OutletTable::embedded())
    }

    /// An extractor that names outlets and wires with `outlets`.
    pub fn with_outlets(outlets: OutletTable) -> Self {
        Extractor {
            rules: LineRules::new(outlets),
        }
    }

    /// Extracts one document; a document with no text left after cleaning
    /// is [`ExtractError::Empty`].
    pub fn extract(&self, doc: &RawDocument) -> Result<Extracted> {
        let article = self.extract_lenient(doc)?;
        if article.text.trim().is_empty() {
            return Err(ExtractError::Empty);
        }
        Ok(article)
    }

    /// Like [`Extractor::extract`], but a document whose text cleaning
    /// leaves nothing (an image page, a shop page, a page of links) still
    /// yields its metadata, with an empty `text`: a caller that wants only
    /// the date or the title of such pages gets them.
    pub fn extract_lenient(&self, doc: &RawDocument) -> Result<Extracted> {
        let body = doc.content.as_str();
        if looks_binary(body) {
            return Err(ExtractError::Binary);
        }
        let hints = &doc.hints;
        let (cleaned, page) = match &doc.content {
            Content::Text(text) => (
                clean(
                    text,
                    TitleSource::FirstLine(hints.title.as_deref()),
                    &self.rules,
                ),
                None,
            ),
            Content::Html(markup) => {
                let (markup, depth) = html::strip_heavy(markup);
                let markup = &markup;
                if depth > html::MAX_DEPTH {
                    return Err(ExtractError::TooDeep {
                        depth,
                        limit: html::MAX_DEPTH,
                    });
                }
                let page = html::read_page(markup, hints.url.as_deref());
                let title = hints.title.as_deref().or(page.title.as_deref());
                (
                    clean(&page.text, TitleSource::Known(title), &self.rules),
                    Some(page),
                )
            }
        };
        let text = cleaned.paragraphs.join("\n\n");
        let page = page.unwrap_or_default();
        let signals = cleaned.signals;
        let url = hints
            .url
            .clone()
            .or(page.canonical.clone())
            .or(signals.url.clone());
        let published = published(hints, &page, &signals, url.as_deref()).or_else(|| {
            // Last resort, for pages that show no date: dates in the raw
            // markup, inside script data and in links to dated paths.
            match &doc.content {
                Content::Html(markup) => {
                    dates::script_date(markup).or_else(|| dates::linked_date(markup))
                }
                Content::Text(_) => None,
            }
        });
        let outlet = hints
            .outlet
            .clone()
            .or(page.site_name.clone())
            .or_else(|| {
                url.as_deref()
                    .and_then(|u| self.rules.outlets().outlet_for(u))
            })
            .or(signals.copyright_outlet.clone())
            .or(signals.credited_outlet.clone());
        let mut authors = Vec::new();
        let mut wire = signals.wire.clone();
        for name in page.authors.iter().chain(&signals.authors) {
            match self.rules.outlets().wire(name) {
                Some(agency) => {
                    wire.get_or_insert(agency);
                }
                None if !authors
                    .iter()
                    .any(|a: &String| a.eq_ignore_ascii_case(name)) =>
                {
                    authors.push(name.clone())
                }
                None => {}
            }
        }
        let language = page.language.clone().or_else(|| guess_language(&text));
        Ok(Extracted {
            url,
            title: cleaned.title,
            published,
            outlet,
            wire,
            authors,
            language,
            text,
            captions: cleaned.captions,
            boilerplate_removed: cleaned.removed,
        })
    }
}

/// The publication date: hints, then a date in the URL, then page
/// metadata (JSON-LD, meta tags, microdata, a dated teaser linking to the
/// page itself, `<time>`, a labelled date, generic date meta tags), then a
/// "Published:" line, then a bare date near the top, then a date in an
/// element whose class names a date (or a byline), then the first date
/// written anywhere in the page's visible text, then one in its
/// description.
fn published(
    hints: &DocumentHints,
    page: &html::Page,
    signals: &rules::Signals,
    url: Option<&str>,
) -> Option<chrono::NaiveDate> {
    hints
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| url.and_then(url_date))
        .or_else(|| metadata_date(page))
        .or(signals.published_labelled)
        .or(signals.published_standalone)
        .or(page.class_date)
        .or(page.text_date)
        .or(page.description_date)
}

/// The first metadata date that parses. A UTC timestamp late in the
/// evening (from 20:00) or early in the morning (before 09:00) may fall on
/// the next or the previous local day: when another metadata timestamp
/// with a local offset, or the date the page shows in a dated element, is that
/// day, it is the day the page was published on.
fn metadata_date(page: &html::Page) -> Option<chrono::NaiveDate> {
    let mut dated = page
        .published
        .iter()
        .filter_map(|p| parse_date(p).map(|d| (p, d)));
    let (raw, date) = dated.next()?;
    let Some(hour) = dates::utc_hour(raw) else {
        return Some(date);
    };
    let local_day = |other: chrono::NaiveDate| {
        let days = (other - date).num_days();
        (days == 1 && hour >= 20) || (days == -1 && hour < 9)
    };
    let local = dated
        .filter(|(p, _)| dates::has_local_offset(p))
        .map(|(_, d)| d)
        .chain(page.class_date)
        .find(|d| local_day(*d));
    Some(local.unwrap_or(date))
}

/// Text with NUL bytes, many control characters or many replacement
/// characters was not meant to be read as text. Read over the UTF-8 bytes
/// of the first 64 KiB in a few passes the compiler vectorises (decoding
/// each character cost a few per cent of the whole extraction): C0
/// controls and DEL are one byte each, C1 controls `C2 80`–`C2 9F`,
/// U+FFFD `EF BF BD`; characters are the bytes that do not continue one.
fn looks_binary(text: &str) -> bool {
    let mut end = text.len().min(65536);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text.as_bytes()[..end];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    // Branch-free byte tests summed in chunks that a `u8` counter cannot
    // overflow: the form the compiler turns into vector code.
    let count = |test: fn(u8) -> bool| -> usize {
        head.chunks(255)
            .map(|c| c.iter().fold(0u8, |n, &b| n + u8::from(test(b))) as usize)
            .sum()
    };
    let chars = count(|b| (b as i8) >= -64);
    let controls = count(|b| {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c) | (b == 0x7f)
    });
    let c1 = memchr::memchr_iter(0xc2, head)
        .filter(|&i| head.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
        .count();
    let replacements = memchr::memmem::find_iter(head, "\u{fffd}".as_bytes()).count();
    (controls + c1 + replacements) * 20 > chars
}

#[cfg(test)]
mod tests {
    use super::looks_binary;

    #[test]
    fn binary_text_is_told_from_text_in_any_script() {
        assert!(!looks_binary("Floods in the delta.\n\tRivers rose.\u{c}"));
        assert!(!looks_binary("Наводнение в дельте 2020年4月28日 ünë"));
        assert!(looks_binary("text\0more"));
        assert!(looks_binary(&"ab\u{1}\u{1}".repeat(10)));
        assert!(looks_binary(&"a\u{fffd}".repeat(10)));
        assert!(looks_binary(&"a\u{85}".repeat(10)));
        // One suspicious character in twenty is still text.
        assert!(!looks_binary(&format!("{}\u{fffd}", "a".repeat(19))));
        assert!(looks_binary(&format!("{}\u{fffd}", "a".repeat(18))));
    }
}
