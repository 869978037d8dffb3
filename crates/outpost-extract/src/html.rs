//! HTML pages: the main content through `dom_smoothie` (readability, in
//! formatted-text mode), metadata through `scraper` (title, Open Graph,
//! `article:published_time`, JSON-LD, microdata and microformat dates,
//! `<time>`, dated class names, author, language, canonical URL). When readability finds nothing, every visible `<p>`
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
    /// The first date written inside a short element whose class or id
    /// names a date (`post-date`, `entry-meta`, `byline`).
    pub class_date: Option<chrono::NaiveDate>,
    /// The first date written in the page's visible text (after the title),
    /// the last resort for the publication date.
    pub text_date: Option<chrono::NaiveDate>,
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
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time"));
/// Elements that carry a publication date in an attribute: microdata,
/// RDFa, microformats.
static DATED_ATTR: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "[itemprop=datePublished], [itemprop=dateCreated], abbr.published, \
         .published[title], [property~=\"dc:date\"], [property~=\"dc:created\"], \
         [property~=\"schema:dateCreated\"], [property~=\"schema:datePublished\"]",
    )
});
/// Elements whose class or id says they hold a date.
static DATED_CLASS: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "[class*=date], [class*=Date], [class*=time], [class*=published], [class*=posted], \
         [class*=byline], [class*=meta], [id*=date], [id*=Date], [id*=published], [id*=posted]",
    )
});
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
            | "parsely-pub-date"
            | "dcterms.date"
            | "dcterms.created"
            | "dc.date.created"
            | "article:published"
            | "og:published_time"
            | "publishdate"
            | "publish_date"
            | "publication_date"
            | "datecreated"
            | "citation_publication_date"
            | "citation_date"
            | "bepress_citation_date"
            | "dcterms.issued"
            | "dc.date.published"
            | "article.published"
            | "article_date_original"
            | "date_published"
            | "originalpublicationdate"
            | "publication-date"
            | "published_time"
            | "pub_date"
            | "og:pubdate"
            | "cxenseparse:recs:publishtime"
            | "dc.created" => page.published.push(content),
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
    // Microdata and microformat dates come after JSON-LD and head meta
    // tags: tried first, they lost more pages than they won on the tuning
    // half.
    for element in document.select(&DATED_ATTR) {
        if let Some(value) = ["content", "datetime", "title"]
            .iter()
            .find_map(|a| element.attr(a).and_then(non_empty))
            .or_else(|| non_empty(&text_of(element)))
        {
            page.published.push(value);
        }
    }
    for time in document.select(&TIME) {
        if let Some(datetime) = time.attr("datetime").and_then(non_empty) {
            page.published.push(datetime);
        } else if let Some(text) = non_empty(&text_of(time)) {
            page.published.push(text);
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
    if !page
        .published
        .iter()
        .any(|p| crate::dates::parse_date(p).is_some())
    {
        page.class_date = first_class_date(&document);
        page.text_date = first_text_date(&document);
    }
    page
}

/// The deepest tag nesting a page may have before it is refused: real
/// pages stay well under a few hundred levels, and html5ever's tree builder
/// slows down with depth times the number of tags.
pub const MAX_DEPTH: usize = 4096;

/// Elements that are void or whose end tag is usually left out; they are not
/// counted as opening a level.
const UNCOUNTED: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"p", b"li", b"td", b"th", b"tr", b"dt", b"dd", b"option",
    b"param", b"!", b"?",
];

/// A linear estimate of the deepest nesting of elements: start tags minus
/// end tags, ignoring void and often-unclosed elements, and the contents of
/// `<script>` and `<style>`. It stops counting once past [`MAX_DEPTH`].
pub fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = memchr_lt(&bytes[i..]) {
        i += at + 1;
        let rest = &bytes[i..];
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric() && *b != b'!' && *b != b'?')
            .unwrap_or(rest.len() - name_start);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        if name.is_empty()
            || UNCOUNTED.iter().any(|u| {
                name.starts_with(u) && (u.len() == name.len() || u[0] == b'!' || u[0] == b'?')
            })
        {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        if end > 0 && rest[end - 1] == b'/' {
            continue;
        }
        if name == b"script" || name == b"style" {
            let close: &[u8] = if name == b"script" {
                b"</script"
            } else {
                b"</style"
            };
            match rest
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close))
            {
                Some(p) => i += p,
                None => break,
            }
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
        if deepest > MAX_DEPTH {
            break;
        }
    }
    deepest
}

/// Elements whose content never reaches the text or the metadata; they
/// are dropped before parsing, since on news pages they are often most of
/// the bytes and html5ever still has to tokenise them.
const DROPPED: &[&[u8]] = &[b"script", b"style", b"svg", b"noscript"];

/// The page without comments, `<style>`, `<svg>`, `<noscript>` and
/// `<script>` elements (JSON-LD scripts are kept: they carry metadata). A
/// linear byte scan; markup it cannot make sense of is kept as it is.
pub fn strip_heavy(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let (mut copied, mut i) = (0usize, 0usize);
    while let Some(at) = memchr_lt(&bytes[i..]) {
        let start = i + at;
        let rest = &bytes[start + 1..];
        let skip_to = if rest.starts_with(b"!--") {
            find(rest, b"-->").map(|p| start + 1 + p + 3)
        } else {
            DROPPED
                .iter()
                .find(|name| {
                    rest.len() > name.len()
                        && rest[..name.len()].eq_ignore_ascii_case(name)
                        && matches!(rest[name.len()], b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
                })
                .and_then(|name| {
                    let tag_end = rest.iter().position(|&b| b == b'>')?;
                    let open_tag = &rest[..tag_end];
                    if *name == b"script" && find_ignore_case(open_tag, b"+json").is_some() {
                        return None;
                    }
                    if open_tag.ends_with(b"/") {
                        return Some(start + 1 + tag_end + 1);
                    }
                    let mut close = b"</".to_vec();
                    close.extend_from_slice(name);
                    let body = &rest[tag_end..];
                    let close_at = find_ignore_case(body, &close)?;
                    let after = &body[close_at..];
                    let gt = after.iter().position(|&b| b == b'>')?;
                    Some(start + 1 + tag_end + close_at + gt + 1)
                })
        };
        match skip_to {
            Some(end) => {
                out.push_str(&html[copied..start]);
                copied = end;
                i = end;
            }
            None => i = start + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    out.push_str(&html[copied.min(html.len())..]);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// `needle` (which starts with a non-letter) anywhere in `haystack`, ASCII
/// case ignored.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = memchr::memchr(needle[0], &haystack[from..]) {
        let start = from + at;
        let candidate = haystack.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', bytes)
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

static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));

/// The first date written in the visible body text, skipping scripts and
/// styles; pages without date metadata nearly always print the date near
/// the headline, before comments and archives list older ones.
fn first_text_date(document: &Html) -> Option<chrono::NaiveDate> {
    const SKIP: &[&str] = &[
        "script", "style", "noscript", "template", "select", "option",
    ];
    let body = document.select(&BODY).next()?;
    let mut text = String::new();
    for node in body.descendants() {
        if let Some(t) = node.value().as_text() {
            let hidden = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| SKIP.contains(&a.value().name()));
            if !hidden {
                text.push_str(t);
                text.push(' ');
            }
        }
        if text.len() > 200_000 {
            break;
        }
    }
    let today = chrono::Utc::now().date_naive();
    crate::dates::all_dates(&text)
        .into_iter()
        .find(|d| *d <= today)
}

/// The first date inside an element whose class or id says it is a date
/// or a byline, skipping long elements (whole articles, comment lists) and
/// dates in the future.
fn first_class_date(document: &Html) -> Option<chrono::NaiveDate> {
    let today = chrono::Utc::now().date_naive();
    document
        .select(&DATED_CLASS)
        .filter(|e| {
            !matches!(
                e.value().name(),
                "body" | "html" | "script" | "style" | "meta"
            )
        })
        .filter_map(|e| {
            let text = text_of(e);
            if text.len() > 200 {
                return None;
            }
            crate::dates::find_date(&text).map(|(d, _)| d)
        })
        .find(|d| *d <= today)
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
    fn nesting_depth_ignores_void_unclosed_and_script_content() {
        assert_eq!(
            nesting_depth("<div><p>a<br><img src=x><div>b</div></div>"),
            2
        );
        assert_eq!(
            nesting_depth("<ul><li>a<li>b</ul><script>if (a<b) {}</script>"),
            1
        );
        assert!(nesting_depth(&"<div>".repeat(10_000)) > MAX_DEPTH);
    }

    #[test]
    fn dates_from_microdata_time_text_and_dated_classes() {
        let body = "<p>Long enough body text for the fallback.</p>";
        let page = read_page(
            &format!("<span itemprop=\"datePublished\" content=\"2019-07-07T18:44:31+02:00\"></span>{body}"),
            None,
        );
        assert_eq!(page.published, ["2019-07-07T18:44:31+02:00"]);
        let page = read_page(
            &format!("<li class=\"Date\"><time>29.04.2020, 12:01 Uhr</time></li>{body}"),
            None,
        );
        assert_eq!(page.published, ["29.04.2020, 12:01 Uhr"]);
        let page = read_page(
            &format!(
                "<p>Seit 2001 am 3. März 2000</p><span class=\"post-date\">26/10/2018</span>{body}"
            ),
            None,
        );
        assert!(page.published.is_empty());
        assert_eq!(
            page.class_date,
            chrono::NaiveDate::from_ymd_opt(2018, 10, 26)
        );
        assert_eq!(page.text_date, chrono::NaiveDate::from_ymd_opt(2000, 3, 3));
    }

    #[test]
    fn heavy_elements_are_stripped_but_json_ld_kept() {
        let page = "<head><!-- a <p>comment</p> --><style>p{}</style>\
            <script type=\"application/ld+json\">{\"a\":1}</script>\
            <SCRIPT src=x></SCRIPT><script>if (a<b) {}</script></head>\
            <body><svg><path d=\"M0\"/></svg><noscript>no</noscript><p>Text</p><scripts>k</scripts></body>";
        assert_eq!(
            strip_heavy(page),
            "<head><script type=\"application/ld+json\">{\"a\":1}</script></head>\
             <body><p>Text</p><scripts>k</scripts></body>"
        );
        assert_eq!(
            strip_heavy("<p>a < b</p><!-- open"),
            "<p>a < b</p><!-- open"
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
