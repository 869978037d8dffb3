//! HTML pages: the main content through `dom_smoothie` (readability, in
//! formatted-text mode), metadata through `scraper` (title, Open Graph,
//! `article:published_time`, JSON-LD, `<time datetime>`, author, language,
//! canonical URL). When readability finds nothing, every visible `<p>`
//! outside navigation, header, footer and asides is used instead.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

/// What a page says about itself, plus its main text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Page {
    /// `og:title`, else `<title>` (without a trailing " | Site"), else `<h1>`.
    pub title: Option<String>,
    /// `og:site_name`, else the JSON-LD publisher.
    pub site_name: Option<String>,
    /// Publication timestamps as written, best first.
    pub published: Vec<String>,
    /// Authors from meta tags and JSON-LD.
    pub authors: Vec<String>,
    /// `<html lang>`, reduced to its primary subtag.
    pub language: Option<String>,
    /// The canonical URL (`link rel=canonical`, else `og:url`).
    pub canonical: Option<String>,
    /// Main text, paragraphs separated by blank lines.
    pub text: String,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("built-in selector")
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static HTML_TAG: LazyLock<Selector> = LazyLock::new(|| selector("html"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel=canonical]"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static PARAGRAPH: LazyLock<Selector> = LazyLock::new(|| selector("p"));

fn text_of(element: ElementRef) -> String {
    crate::clean::normalise_line(&element.text().collect::<Vec<_>>().join(" "))
}

fn non_empty(s: &str) -> Option<String> {
    let s = crate::clean::normalise_line(s);
    (!s.is_empty()).then_some(s)
}

/// Reads a page; `url` (absolute) helps readability resolve links.
pub fn read_page(html: &str, url: Option<&str>) -> Page {
    let document = Html::parse_document(html);
    let mut page = Page::default();
    let mut og_title = None;
    let mut og_url = None;
    for meta in document.select(&META) {
        let key = meta
            .attr("property")
            .or_else(|| meta.attr("name"))
            .or_else(|| meta.attr("itemprop"));
        let (Some(key), Some(content)) = (key, meta.attr("content")) else {
            continue;
        };
        let Some(content) = non_empty(content) else {
            continue;
        };
        match key.to_ascii_lowercase().as_str() {
            "og:title" | "twitter:title" => {
                og_title.get_or_insert(content);
            }
            "og:site_name" => {
                page.site_name.get_or_insert(content);
            }
            "article:published_time"
            | "og:article:published_time"
            | "datepublished"
            | "pubdate"
            | "publish-date"
            | "date"
            | "dc.date"
            | "dc.date.issued"
            | "sailthru.date"
            | "parsely-pub-date" => page.published.push(content),
            "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author"
                if !content.starts_with("http") =>
            {
                push_unique(&mut page.authors, content)
            }
            "og:url" => {
                og_url.get_or_insert(content);
            }
            _ => {}
        }
    }
    for script in document.select(&JSON_LD) {
        let raw: String = script.text().collect();
        if let Ok(value) = serde_json::from_str::<Value>(raw.trim()) {
            read_json_ld(&value, &mut page, 0);
        }
    }
    for time in document.select(&TIME) {
        if let Some(datetime) = time.attr("datetime").and_then(non_empty) {
            page.published.push(datetime);
        }
    }
    let html_title = document
        .select(&TITLE)
        .next()
        .map(text_of)
        .filter(|t| !t.is_empty());
    page.title = og_title
        .or_else(|| html_title.map(|t| strip_site_suffix(&t, page.site_name.as_deref())))
        .or_else(|| {
            document
                .select(&H1)
                .next()
                .map(text_of)
                .filter(|t| !t.is_empty())
        });
    page.language = document
        .select(&HTML_TAG)
        .next()
        .and_then(|h| h.attr("lang"))
        .and_then(|l| l.split(['-', '_']).next())
        .map(str::to_ascii_lowercase)
        .filter(|l| (2..=3).contains(&l.len()));
    page.canonical = document
        .select(&CANONICAL)
        .next()
        .and_then(|l| l.attr("href"))
        .and_then(non_empty)
        .or(og_url);
    page.text = main_text(html, url).unwrap_or_else(|| visible_paragraphs(&document));
    page
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.iter().any(|x| x.eq_ignore_ascii_case(&item)) {
        list.push(item);
    }
}

/// Walks JSON-LD (objects, arrays, `@graph`) for dates, authors, publisher.
fn read_json_ld(value: &Value, page: &mut Page, depth: usize) {
    if depth > 6 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| read_json_ld(v, page, depth + 1)),
        Value::Object(map) => {
            if let Some(date) = map
                .get("datePublished")
                .and_then(Value::as_str)
                .and_then(non_empty)
            {
                page.published.insert(0, date);
            }
            if let Some(author) = map.get("author") {
                for name in names(author) {
                    push_unique(&mut page.authors, name);
                }
            }
            if page.site_name.is_none() {
                page.site_name = map
                    .get("publisher")
                    .and_then(|p| names(p).into_iter().next());
            }
            if let Some(graph) = map.get("@graph") {
                read_json_ld(graph, page, depth + 1);
            }
        }
        _ => {}
    }
}

/// Names in a JSON-LD person/organisation value (string, object, array).
fn names(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => non_empty(s).into_iter().collect(),
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .and_then(non_empty)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().flat_map(names).collect(),
        _ => Vec::new(),
    }
}

/// "Headline | Site" → "Headline" when the tail names the site (or is short
/// next to a longer head).
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for separator in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let names_site = site.is_some_and(|s| s.eq_ignore_ascii_case(tail.trim()));
            let short_tail =
                tail.split_whitespace().count() <= 3 && head.split_whitespace().count() >= 4;
            if names_site || short_tail {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// The main content as formatted text, or `None` when readability fails.
fn main_text(html: &str, url: Option<&str>) -> Option<String> {
    let config = || dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut readability = dom_smoothie::Readability::new(html, url, Some(config()))
        .or_else(|_| dom_smoothie::Readability::new(html, None, Some(config())))
        .ok()?;
    let article = readability.parse().ok()?;
    let text = article.text_content.to_string();
    (!text.trim().is_empty()).then_some(text)
}

/// Every `<p>` outside page chrome, one paragraph each.
fn visible_paragraphs(document: &Html) -> String {
    const CHROME: &[&str] = &[
        "nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
    ];
    document
        .select(&PARAGRAPH)
        .filter(|p| {
            !p.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| CHROME.contains(&a.value().name()))
        })
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffix_is_stripped_from_titles() {
        assert_eq!(
            strip_site_suffix("Dam breaks near the delta | River Post", Some("River Post")),
            "Dam breaks near the delta"
        );
        assert_eq!(
            strip_site_suffix("Dam breaks near the delta town - RP", None),
            "Dam breaks near the delta town"
        );
        assert_eq!(
            strip_site_suffix("War and peace - a review", None),
            "War and peace - a review"
        );
    }

    #[test]
    fn paragraphs_outside_chrome_are_the_fallback() {
        let doc = Html::parse_document(
            "<nav><p>Menu</p></nav><div><p>One.</p><p> Two. </p></div><footer><p>Foot</p></footer>",
        );
        assert_eq!(visible_paragraphs(&doc), "One.\n\nTwo.");
    }
}
