//! HTML pages, parsed once with `tl` into the re-nested tree of
//! [`crate::fast`]. Metadata is read from that tree in one walk
//! ([`read_page_tokens`]: title, Open Graph, `article:published_time`,
//! JSON-LD, microdata and microformat dates, `<time>`, author, language,
//! canonical URL, and dates shown beside a label or in a teaser that links
//! to the page itself), with attributes read from the source on demand;
//! the same tree gives the main text. Dated class names and the first date
//! in the visible text are read only when no metadata date parses.
//!
//! html5ever (`dom_query`) parses the page only where the scorer finds no
//! text: `dom_smoothie` (readability, in formatted-text mode) runs on it,
//! and when that finds nothing too, every visible `<p>` outside
//! navigation, header, footer and asides is used. [`read_page_html5ever`]
//! keeps the former reader (metadata and dates from the html5ever tree)
//! for pages `tl` cannot read and for comparison.

use dom_query::{Document, Element, NodeData, NodeRef};
use serde_json::Value;

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
    /// A date written in the page's description meta tag ("News of 14
    /// January 2020"), for pages that show no other.
    pub description_date: Option<chrono::NaiveDate>,
}

fn non_empty(s: &str) -> Option<String> {
    let s = crate::clean::normalise_line(s);
    (!s.is_empty()).then_some(s)
}

/// The value of attribute `name` (lower case, as html5ever stores names).
fn attr<'e>(element: &'e Element, name: &str) -> Option<&'e str> {
    element
        .attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

/// Pre-order walk of the nodes under `root` (not `root` itself); `visit`
/// returns `false` to skip a node's children.
fn walk<'a>(root: NodeRef<'a>, mut visit: impl FnMut(NodeRef<'a>) -> bool) {
    let mut next = root.first_child();
    while let Some(node) = next {
        let descend = visit(node);
        next = descend.then(|| node.first_child()).flatten().or_else(|| {
            let mut at = node;
            loop {
                if let Some(sibling) = at.next_sibling() {
                    return Some(sibling);
                }
                at = at.parent().filter(|p| p.id != root.id)?;
            }
        });
    }
}

/// Appends the text node's contents to `out` (with a separating space);
/// `false` for any other node.
fn push_text(node: &NodeRef, out: &mut String) -> bool {
    node.query_or(false, |n| match &n.data {
        NodeData::Text { contents } => {
            out.push_str(contents);
            out.push(' ');
            true
        }
        _ => false,
    })
}

/// The text under `node`, whitespace collapsed; `None` once it holds more
/// than `limit` non-space characters (its normalised form would be longer).
fn text_within(node: NodeRef, limit: usize) -> Option<String> {
    let mut raw = String::new();
    let mut over = false;
    walk(node, |n| {
        if !over && push_text(&n, &mut raw) {
            over = raw.chars().filter(|c| !c.is_whitespace()).count() > limit;
        }
        !over
    });
    (!over).then(|| crate::clean::normalise_line(&raw))
}

fn text_of(node: NodeRef) -> String {
    text_within(node, usize::MAX).unwrap_or_default()
}

/// The meta names and properties that carry a publication date.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "article:published",
    "og:published_time",
    "publishdate",
    "publish_date",
    "publication_date",
    "datecreated",
    "citation_publication_date",
    "citation_date",
    "bepress_citation_date",
    "dcterms.issued",
    "dc.date.published",
    "article.published",
    "article_date_original",
    "date_published",
    "originalpublicationdate",
    "publication-date",
    "published_time",
    "pub_date",
    "og:pubdate",
    "cxenseparse:recs:publishtime",
    "dc.created",
    // The rest of htmldate's list of publication-date names.
    "analyticsattributes.articledate",
    "article.created",
    "article:post_date",
    "article:published_date",
    "article:publicationdate",
    "bt:pubdate",
    "content_create_date",
    "created",
    "date_created",
    "dateposted",
    "dc.date.publication",
    "dcsext.articlefirstpublished",
    "dc:created",
    "dc:date",
    "displaydate",
    "doc_date",
    "field-name-post-date",
    "mediator_published_time",
    "og:article:published",
    "og:datepublished",
    "og:publish_date",
    "og:question:published_time",
    "og:regdate",
    "pdate",
    "ptime",
    "publish_time",
    "published-date",
    "published_date",
    "publisheddate",
    "rbpubdate",
    "release_date",
    "rnews:datepublished",
    "shareaholic:article_published_time",
    "twt-published-at",
    "video:release_date",
    "vr:published_time",
];

/// Date meta names that content systems often fill with the last
/// modification: they rank after microdata and `<time>`.
const GENERIC_DATE_META: &[&str] = &["date", "dc.date", "dcterms.date"];

/// Whether an element carries a publication date in an attribute:
/// microdata (`itemprop=datePublished`), RDFa (`property~=dc:date`),
/// microformats (`abbr.published`, `.published[title]`).
fn is_dated_element(name: &str, element: &Element) -> bool {
    if matches!(
        attr(element, "itemprop"),
        Some("datePublished" | "dateCreated")
    ) {
        return true;
    }
    let published_class = attr(element, "class")
        .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == "published"));
    if published_class && (name == "abbr" || attr(element, "title").is_some()) {
        return true;
    }
    attr(element, "property").is_some_and(|p| {
        p.split_ascii_whitespace().any(|p| {
            matches!(
                p,
                "dc:date" | "dc:created" | "schema:dateCreated" | "schema:datePublished"
            )
        })
    })
}

/// Whether `node` sits inside a comment section (an ancestor's class or
/// id names comments) or a quotation (`<blockquote>`, where embedded
/// social media posts go): dates there belong to other people's posts.
fn in_comments(node: &NodeRef) -> bool {
    node.ancestors_it(None).any(|a| {
        a.element_ref().is_some_and(|e| {
            &*e.name.local == "blockquote"
                || ["class", "id"].iter().any(|name| {
                    attr(&e, name).is_some_and(|v| v.to_ascii_lowercase().contains("comment"))
                })
        })
    })
}

/// The page's own address, to recognise links to it: host without `www.`,
/// and path with query, without fragment and trailing slash.
#[derive(Debug)]
struct SelfLink {
    host: String,
    path: String,
}

impl SelfLink {
    /// `None` for a site's home page: every logo links there.
    fn new(url: &str) -> Option<SelfLink> {
        let (host, path) = split_url(url)?;
        let host = host?;
        (path.len() > 1).then_some(SelfLink { host, path })
    }

    /// Whether `href` (absolute, scheme-relative or root-relative) points
    /// here; a link to a part of the page (`#comment-12`) does not count:
    /// those are comments' permalinks.
    fn matches(&self, href: &str) -> bool {
        // Cheap tests first: this runs for every link on the page.
        !href.contains('#')
            && href
                .trim()
                .trim_end_matches('/')
                .ends_with(self.path.as_str())
            && split_url(href).is_some_and(|(host, path)| {
                path == self.path && host.is_none_or(|h| h == self.host)
            })
    }
}

/// A URL's host (lower case, without `www.`; `None` for a root-relative
/// reference) and its path with query, without fragment and trailing
/// slash; `None` for references relative to the current directory.
fn split_url(url: &str) -> Option<(Option<String>, String)> {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or_default();
    let rest = url
        .strip_prefix("https:")
        .or_else(|| url.strip_prefix("http:"))
        .unwrap_or(url);
    let (host, path) = match rest.strip_prefix("//") {
        Some(rest) => {
            let at = rest.find(['/', '?']).unwrap_or(rest.len());
            let host = rest[..at].to_ascii_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
            (Some(host), &rest[at..])
        }
        None if rest.starts_with('/') => (None, rest),
        None => return None,
    };
    let path = path.trim_end_matches('/');
    let path = if path.is_empty() { "/" } else { path };
    Some((host, path.to_string()))
}

/// Words that label a publication date in the element before the date
/// ("Erschienen am:", "Published:", "Stand:").
static DATE_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    let more = &*crate::dates::MORE_DATE_LABELS;
    regex::Regex::new(&format!(
        r"(?i)^(?:erschienen|ver(?:ö|oe)ffentlicht|publiziert|datum|published|posted|date|publi(?:é|e)|publicado|pubblicato|{more})(?:\s+(?:am|on|le|el|il|em|في))?\s*[:：]?$",
    ))
    .expect("date label regex")
});

/// Whether `node` is a leaf element whose whole text is a date label.
fn is_date_label(node: &NodeRef) -> bool {
    let mut text = String::new();
    let mut child = node.first_child();
    while let Some(c) = child {
        if !push_text(&c, &mut text) || text.len() > 40 {
            return false;
        }
        child = c.next_sibling();
    }
    let text = text.trim();
    !text.is_empty() && DATE_LABEL.is_match(text)
}

/// The date written right after a label element: in the text that
/// follows it or in its next element.
fn date_after(label: NodeRef) -> Option<chrono::NaiveDate> {
    let mut next = label.next_sibling();
    while let Some(node) = next {
        let text = if node.is_element() {
            text_within(node, 80)?
        } else {
            let mut raw = String::new();
            push_text(&node, &mut raw);
            crate::clean::normalise_line(&raw)
        };
        if !text.is_empty() {
            return crate::dates::find_date(&text)
                .map(|(d, _)| d)
                .filter(|d| crate::dates::plausible_publication(*d));
        }
        next = node.next_sibling();
    }
    None
}

/// The date of the teaser around a link: the first of its three nearest
/// ancestors whose text is short (a list item, a card) and holds a date.
fn teaser_date(link: NodeRef) -> Option<chrono::NaiveDate> {
    link.ancestors_it(Some(3))
        .map_while(|a| text_within(a, 300))
        .find_map(|t| crate::dates::find_date(&t).map(|(d, _)| d))
        .filter(|d| crate::dates::plausible_publication(*d))
}

/// Reads a page: metadata, dates and main text from one `tl` parse
/// ([`read_page_tokens`]); the html5ever reader ([`read_page_html5ever`])
/// gives the same dates on all 1,000 pages of the dates benchmark and
/// takes about twice as long.
pub fn read_page(html: &str, url: Option<&str>) -> Page {
    read_page_tokens(html, url)
}

/// [`read_page`] with everything read from the tree of [`crate::fast`]
/// (one `tl` parse): metadata, dates and main text. html5ever parses the
/// page only where the scorer finds no text (for `dom_smoothie`), or where
/// `tl` cannot parse it at all (then [`read_page_html5ever`] reads it).
pub fn read_page_tokens(html: &str, url: Option<&str>) -> Page {
    let blanked = crate::fast::prepare(html);
    let Some(tree) = crate::fast::build(&blanked) else {
        return read_page_html5ever(html, url);
    };
    let tokens = Tokens {
        html: &blanked,
        tree: &tree,
    };
    let mut page = read_metadata_tokens(&tokens, url.and_then(SelfLink::new));
    add_shown_dates(&mut page, |want_text| {
        shown_dates_tokens(&tokens, want_text)
    });
    page.text = tree
        .main_text()
        .or_else(|| main_text(Document::from(html)))
        .unwrap_or_else(|| visible_paragraphs(&Document::from(html)));
    page
}

/// [`read_page`] as it was before [`read_page_tokens`]: metadata and
/// dates from an html5ever (`dom_query`) tree, the main text from
/// [`crate::fast::fast_main_text`] (its own `tl` parse).
pub fn read_page_html5ever(html: &str, url: Option<&str>) -> Page {
    let document = Document::from(html);
    let mut page = read_metadata(&document, url.and_then(SelfLink::new));
    add_shown_dates(&mut page, |want_text| shown_dates(&document, want_text));
    page.text = crate::fast::fast_main_text(html)
        .or_else(|| main_text(document))
        .unwrap_or_else(|| visible_paragraphs(&Document::from(html)));
    page
}

/// One `<meta>` tag (its key lower-cased) read into what both readers
/// gather: titles, site name, authors, URL, the description's date and
/// the date metas.
#[allow(clippy::too_many_arguments)]
fn read_meta_tag(
    key: &str,
    content: String,
    page: &mut Page,
    og_title: &mut Option<String>,
    og_url: &mut Option<String>,
    generic_dates: &mut Vec<String>,
    meta_dates: &mut Vec<String>,
) {
    match key {
        "og:title" | "twitter:title" => {
            og_title.get_or_insert(content);
        }
        "og:site_name" => {
            page.site_name.get_or_insert(content);
        }
        "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author"
            if !content.starts_with("http") =>
        {
            push_unique(&mut page.authors, content)
        }
        "og:url" => {
            og_url.get_or_insert(content);
        }
        "description" | "og:description" if page.description_date.is_none() => {
            page.description_date = crate::dates::find_date(&content)
                .map(|(d, _)| d)
                .filter(|d| crate::dates::plausible_publication(*d));
        }
        k if GENERIC_DATE_META.contains(&k) => generic_dates.push(content),
        k if DATE_META.contains(&k) => meta_dates.push(content),
        _ => {}
    }
}

/// The dates the page shows, read (by `shown`, with or without the text
/// date) only where the metadata has no date, or has a UTC timestamp whose
/// local day the page's shown date may settle.
fn add_shown_dates(page: &mut Page, shown: impl Fn(bool) -> ShownDates) {
    let first_dated = page
        .published
        .iter()
        .find(|p| crate::dates::parse_date(p).is_some());
    match first_dated {
        None => {
            let dates = shown(true);
            page.class_date = dates.class_date;
            page.text_date = dates.text_date;
        }
        Some(p) if crate::dates::utc_hour(p).is_some() => {
            page.class_date = shown(false).class_date;
        }
        Some(_) => {}
    }
}

/// Everything but the text and the fallback dates, in one walk of the tree.
fn read_metadata(document: &Document, own: Option<SelfLink>) -> Page {
    let mut page = Page::default();
    let (mut label_date, mut self_date) = (None, None);
    let (mut og_title, mut og_url, mut html_title, mut h1) = (None, None, None, None);
    let (mut canonical_seen, mut lang_seen) = (false, false);
    // Kept apart to keep their rank: JSON-LD first, then head meta tags,
    // then microdata and microformats (tried first, they lost more pages
    // than they won on the tuning half), then `<time>`.
    let (mut json_ld, mut meta_dates, mut attr_dates, mut time_dates, mut generic_dates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut oldest_utime = None;
    walk(document.root(), |node| {
        let Some(element) = node.element_ref() else {
            return true;
        };
        let name = &*element.name.local;
        match name {
            "meta" => {
                let key = attr(&element, "property")
                    .or_else(|| attr(&element, "name"))
                    .or_else(|| attr(&element, "itemprop"));
                let content = attr(&element, "content").and_then(non_empty);
                if let (Some(key), Some(content)) = (key, content) {
                    let key = key.to_ascii_lowercase();
                    read_meta_tag(
                        &key,
                        content,
                        &mut page,
                        &mut og_title,
                        &mut og_url,
                        &mut generic_dates,
                        &mut meta_dates,
                    );
                }
            }
            "title" if html_title.is_none() => {
                html_title = Some(text_of(node));
            }
            "h1" if h1.is_none() => {
                h1 = Some(text_of(node)).filter(|t| !t.is_empty());
            }
            "html" if !lang_seen => {
                lang_seen = true;
                page.language = attr(&element, "lang")
                    .and_then(|l| l.split(['-', '_']).next())
                    .map(str::to_ascii_lowercase)
                    .filter(|l| (2..=3).contains(&l.len()));
            }
            "link" if !canonical_seen && attr(&element, "rel") == Some("canonical") => {
                canonical_seen = true;
                page.canonical = attr(&element, "href").and_then(non_empty);
            }
            "script" => {
                if attr(&element, "type").is_some_and(|t| t == "application/ld+json") {
                    let mut raw = String::new();
                    walk(node, |n| {
                        push_text(&n, &mut raw);
                        true
                    });
                    if let Ok(value) = serde_json::from_str::<Value>(raw.trim()) {
                        json_ld.push(value);
                    }
                }
                return false;
            }
            "time" if !in_comments(&node) => {
                // The date the reader sees wins when it is a full date and
                // disagrees with the machine-readable one.
                let text = non_empty(&text_of(node));
                let shown = text.as_deref().and_then(crate::dates::parse_date);
                match attr(&element, "datetime").and_then(non_empty) {
                    Some(datetime)
                        if shown.is_none_or(|d| crate::dates::parse_date(&datetime) == Some(d)) =>
                    {
                        time_dates.push(datetime)
                    }
                    _ => time_dates.extend(text),
                }
            }
            _ => {}
        }
        // Facebook and its clones stamp posts with Unix seconds; the oldest
        // is the page's first post (htmldate reads `abbr[data-utime]` so).
        if let Some(stamp) = attr(&element, "data-utime").and_then(|u| u.parse::<i64>().ok()) {
            oldest_utime = Some(oldest_utime.map_or(stamp, |o: i64| o.min(stamp)));
        }
        if label_date.is_none() && is_date_label(&node) && !in_comments(&node) {
            label_date = date_after(node);
        }
        if self_date.is_none() && name == "a" {
            if let (Some(own), Some(href)) = (&own, attr(&element, "href")) {
                if own.matches(href) && !in_comments(&node) {
                    self_date = teaser_date(node);
                }
            }
        }
        if is_dated_element(name, &element) && !in_comments(&node) {
            if let Some(value) = ["content", "datetime", "title"]
                .iter()
                .find_map(|a| attr(&element, a).and_then(non_empty))
                .or_else(|| non_empty(&text_of(node)))
            {
                attr_dates.push(value);
            }
        }
        true
    });
    for value in &json_ld {
        read_json_ld(value, &mut page, 0);
    }
    // JSON-LD dates first, in document order (the article's own object
    // comes before lists of related items), then head meta tags.
    page.published.extend(meta_dates);
    page.published.extend(attr_dates);
    page.published.extend(
        oldest_utime
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|t| t.to_rfc3339()),
    );
    // A dated teaser that links to this very page dates it, ahead of the
    // first `<time>`, which on such pages is often another teaser's.
    page.published
        .extend(self_date.map(|d: chrono::NaiveDate| d.to_string()));
    page.published.extend(time_dates);
    // A date the page labels as its publication ("Erschienen am:" in one
    // element, the date in the next) outranks the generic meta tags,
    // which content systems fill with the last edit.
    page.published
        .extend(label_date.map(|d: chrono::NaiveDate| d.to_string()));
    page.published.extend(generic_dates);
    let html_title = html_title.filter(|t| !t.is_empty());
    page.title = og_title
        .or_else(|| html_title.map(|t| strip_site_suffix(&t, page.site_name.as_deref())))
        .or(h1);
    page.canonical = page.canonical.take().or(og_url);
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
    b"param",
];

/// Whether a tag name is one of [`UNCOUNTED`].
fn uncounted(name: &[u8]) -> bool {
    // No copy: this runs twice for every tag of the page.
    name.len() <= 6
        && UNCOUNTED
            .iter()
            .any(|u| u.len() == name.len() && u.eq_ignore_ascii_case(name))
}

/// The running nesting estimate of [`strip_heavy`]: start tags minus end
/// tags, void and often-unclosed elements left out.
#[derive(Debug, Default)]
struct Nesting {
    depth: usize,
    deepest: usize,
}

impl Nesting {
    fn open(&mut self) {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
    }
}

/// Elements whose content never reaches the text or the metadata; they
/// are dropped before parsing, since on news pages they are often most of
/// the bytes and html5ever still has to tokenise them.
const DROPPED: &[&[u8]] = &[b"script", b"style", b"svg", b"noscript"];

/// The page without comments, `<style>`, `<svg>`, `<noscript>` and
/// `<script>` elements (JSON-LD scripts are kept: they carry metadata),
/// without `data-*` and `on*` attributes (see [`strip_attributes`]) and
/// with runs of indentation cut short (see [`push_segment`]). A linear
/// byte scan; markup it cannot make sense of is kept as it is.
///
/// The same scan estimates the deepest nesting of elements in what is
/// kept (start tags minus end tags, leaving out void and often-unclosed
/// elements, doctype and processing instructions), returned beside the
/// markup: pages nested deeper than [`MAX_DEPTH`] are refused before
/// html5ever sees them. It was a second scan; one saves 3% of the
/// extraction.
pub fn strip_heavy(html: &str) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut nesting = Nesting::default();
    let mut out = String::with_capacity(html.len() / 2);
    // Inside `<pre>` and `<textarea>` whitespace is kept as written.
    let mut collapse = true;
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
                push_segment(&mut out, &html[copied..start], collapse);
                copied = end;
                i = end;
            }
            None if rest.first().is_some_and(u8::is_ascii_alphabetic) => {
                if starts_with_tag(rest, b"pre") || starts_with_tag(rest, b"textarea") {
                    push_segment(&mut out, &html[copied..start], collapse);
                    copied = start;
                    collapse = false;
                }
                i = strip_attributes(html, start + 1, &mut out, &mut copied, collapse);
                // `i` is at the tag's `>` when it was read to its end.
                let self_closing = bytes.get(i) == Some(&b'>') && bytes[i - 1] == b'/';
                let name_end = rest
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                if !self_closing && !uncounted(&rest[..name_end]) {
                    nesting.open();
                }
            }
            None if !collapse
                && rest.first() == Some(&b'/')
                && (starts_with_tag(&rest[1..], b"pre")
                    || starts_with_tag(&rest[1..], b"textarea")) =>
            {
                out.push_str(&html[copied..start]);
                copied = start;
                collapse = true;
                i = start + 1;
            }
            None => i = start + 1,
        }
        if let Some(closed) = rest.strip_prefix(b"/") {
            let name_end = closed
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(closed.len());
            if name_end > 0 && !uncounted(&closed[..name_end]) {
                nesting.depth = nesting.depth.saturating_sub(1);
            }
        }
        if i >= bytes.len() {
            break;
        }
    }
    push_segment(&mut out, &html[copied.min(html.len())..], collapse);
    (out, nesting.deepest)
}

/// Appends `segment`, with each run of two or more whitespace characters
/// cut to one (`\n\n` if it holds several line breaks, `\n` if one, else
/// a space) when `collapse`: indentation is an eighth of a page's markup,
/// and html5ever copies every character of it into the tree. Rendered
/// text collapses such runs anyway; line breaks stay where they were.
fn push_segment(out: &mut String, segment: &str, collapse: bool) {
    if !collapse {
        out.push_str(segment);
        return;
    }
    let bytes = segment.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let (mut copied, mut from) = (0, 0);
    // Indentation starts at a line break or holds a tab: look for those
    // (SIMD) rather than at every space between words.
    while let Some(at) = memchr::memchr2(b'\n', b'\t', &bytes[from..]) {
        let hit = from + at;
        let mut start = hit;
        while start > copied && is_space(bytes[start - 1]) {
            start -= 1;
        }
        let (mut end, mut breaks) = (hit, 0);
        while end < bytes.len() && is_space(bytes[end]) {
            breaks += usize::from(bytes[end] == b'\n');
            end += 1;
        }
        if end - start >= 2 {
            out.push_str(&segment[copied..start]);
            out.push_str(match breaks {
                0 => " ",
                1 => "\n",
                _ => "\n\n",
            });
            copied = end;
        }
        from = end;
    }
    out.push_str(&segment[copied..]);
}

/// Elements whose `data-*` attributes are kept: media, where readability
/// reads lazy-loading sources (`data-src`) to decide which images stay.
const MEDIA: &[&[u8]] = &[b"img", b"picture", b"source", b"video", b"audio", b"iframe"];

/// Copies the start tag whose name begins at `from` into `out` without its
/// `data-*` attributes (but `data-utime`, a post's timestamp) and event
/// handlers (`on*`): nothing reads them, and on news pages they are a
/// tenth of the markup html5ever has to tokenise and store. Returns where
/// scanning goes on; a tag it cannot read to its end is left as it is.
fn strip_attributes(
    html: &str,
    from: usize,
    out: &mut String,
    copied: &mut usize,
    collapse: bool,
) -> usize {
    let bytes = html.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = from;
    while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'>' | b'/') {
        i += 1;
    }
    let name = &bytes[from..i];
    if name.len() <= 7
        && MEDIA
            .iter()
            .any(|m| m.len() == name.len() && m.eq_ignore_ascii_case(name))
    {
        return i;
    }
    // Most tags have nothing to drop: look for the names first (SIMD), up
    // to the first `>`, before reading attribute by attribute.
    let first_gt = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |p| i + p);
    let tag = &bytes[i..first_gt];
    // `<link>` elements but the canonical one (stylesheets, preloads,
    // icons, alternates: two dozen a page) are dropped whole: nothing
    // reads them. Only when the first `>` ends the tag (quotes balanced).
    let quotes = |q: u8| memchr::memchr_iter(q, tag).count() % 2 == 0;
    if bytes[from..i].eq_ignore_ascii_case(b"link")
        && first_gt < bytes.len()
        && !tag.windows(9).any(|w| w.eq_ignore_ascii_case(b"canonical"))
        && quotes(b'"')
        && quotes(b'\'')
    {
        push_segment(out, &html[*copied..from - 1], collapse);
        *copied = first_gt + 1;
        return first_gt + 1;
    }
    let handler = memchr::memchr2_iter(b'o', b'O', tag)
        .any(|p| p > 0 && is_space(tag[p - 1]) && matches!(tag.get(p + 1), Some(b'n' | b'N')));
    static DATA: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"data-"));
    if !handler && DATA.find(tag).is_none() {
        return first_gt;
    }
    let mut drops = Vec::new();
    loop {
        let before = i;
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return from,
            Some(b'>') => break,
            Some(_) => {}
        }
        let name_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = &bytes[name_start..i];
        let mut j = i;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && is_space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&quote @ (b'"' | b'\'')) => match memchr::memchr(quote, &bytes[j + 1..]) {
                    Some(p) => j += p + 2,
                    None => return from,
                },
                Some(_) => {
                    while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                }
                None => return from,
            }
            i = j;
        }
        let lower = |n: &[u8], p: &[u8]| n.len() > p.len() && n[..p.len()].eq_ignore_ascii_case(p);
        if (lower(name, b"data-") && !name.eq_ignore_ascii_case(b"data-utime"))
            || lower(name, b"on")
        {
            drops.push(before..i);
        }
    }
    for drop in drops {
        push_segment(out, &html[*copied..drop.start], collapse);
        *copied = drop.end;
    }
    i
}

/// Whether `rest` (what follows `<` or `</`) opens with tag `name`.
fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && !rest[name.len()].is_ascii_alphanumeric()
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
                page.published.push(date);
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

/// The main content of the parsed page as formatted text, or `None` when
/// readability finds nothing. The document URL is left out: it only
/// resolves links, which the text does not carry.
///
/// Tried and dropped: one strict attempt (`parse_with_policy`) on the tree
/// itself, saving `parse`'s tree clone, with a second parse and the full
/// `parse` only when its text was short: a tenth of the pages needed the
/// second round, which cost more than the clones saved (554 against 640
/// pages/s of CPU time on the extraction benchmark).
fn main_text(document: Document) -> Option<String> {
    let mut readability = dom_smoothie::Readability {
        doc: document,
        doc_url: None,
        config: dom_smoothie::Config {
            text_mode: dom_smoothie::TextMode::Formatted,
            // Its metadata is not used: `read_metadata` reads JSON-LD.
            disable_json_ld: true,
            // Nor the article's markup: no pass to strip its classes.
            keep_classes: true,
            ..Default::default()
        },
    };
    let article = readability.parse().ok()?;
    let text = article.text_content.to_string();
    (!text.trim().is_empty()).then_some(text)
}

/// Elements whose text is never shown.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "select", "option",
];

/// Dates written in the page's visible body, for pages whose metadata has
/// none. Tried and dropped: taking them relative to the headline (first
/// after the first `<h1>`), which lost pages on the tuning half (sites
/// whose first `<h1>` is the logo or a teaser).
#[derive(Debug, Default)]
struct ShownDates {
    /// The first date inside a short element whose class or id names a
    /// date or a byline, outside comment sections.
    class_date: Option<chrono::NaiveDate>,
    /// The first date in the visible text.
    text_date: Option<chrono::NaiveDate>,
}

/// Reads [`ShownDates`] in one walk of the body; `want_text` also reads
/// the text date. Dates before 1995 or in the future are skipped.
fn shown_dates(document: &Document, want_text: bool) -> ShownDates {
    let Some(body) = document.body() else {
        return ShownDates::default();
    };
    let mut text = String::new();
    let mut class_date = None;
    walk(body, |node| {
        let Some(element) = node.element_ref() else {
            if want_text && text.len() <= 200_000 {
                push_text(&node, &mut text);
            }
            return true;
        };
        let name = &*element.name.local;
        if HIDDEN.contains(&name) {
            return false;
        }
        // A byline (the element around a `rel=author` link) is read like
        // an element whose class names a date: "von A. Autor, 8.5.12".
        let dated = if names_a_date(&element) {
            Some(node)
        } else if name == "a" && is_author_link(&element) {
            node.parent()
        } else {
            None
        };
        if let Some(dated) = dated.filter(|n| class_date.is_none() && !in_comments(n)) {
            class_date = text_within(dated, 200)
                .filter(|t| t.len() <= 200)
                .and_then(|t| {
                    crate::dates::find_date(&t)
                        .map(|(d, _)| d)
                        .or_else(|| crate::dates::short_year_date(&t))
                })
                .filter(|d| crate::dates::plausible_publication(*d));
        }
        want_text || class_date.is_none()
    });
    let text_date = if want_text {
        crate::dates::first_date_where(&text, |d| crate::dates::plausible_publication(*d))
    } else {
        None
    };
    ShownDates {
        class_date,
        text_date,
    }
}

/// Whether a link's `rel` names its target as the author.
fn is_author_link(element: &Element) -> bool {
    attr(element, "rel").is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author"))
}

/// Whether an element's class or id says it holds a date or a byline.
fn names_a_date(element: &Element) -> bool {
    names_a_date_parts(attr(element, "class"), attr(element, "id"))
}

/// Whether a class or an id says its element holds a date or a byline.
fn names_a_date_parts(class: Option<&str>, id: Option<&str>) -> bool {
    const IN_CLASS: &[&str] = &[
        "date",
        "Date",
        "time",
        "published",
        "posted",
        "byline",
        "meta",
        // htmldate's other cues: German, Spanish and French names for a
        // date, and Drupal's and German sites' "submitted" and "subline".
        "datum",
        "Datum",
        "fecha",
        "parution",
        "submitted",
        "subline",
    ];
    const IN_ID: &[&str] = &[
        "date",
        "Date",
        "datum",
        "Datum",
        "published",
        "posted",
        "lastmod",
    ];
    // One search for all the names (this runs for every element of the
    // body) rather than one `contains` per name.
    static CLASS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| names_regex(IN_CLASS));
    static ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| names_regex(IN_ID));
    class.is_some_and(|c| CLASS.is_match(c)) || id.is_some_and(|i| ID.is_match(i))
}

/// [`names_a_date`] on attributes read from the source.
fn names_a_date_attrs(attrs: &Attrs) -> bool {
    names_a_date_parts(attrs.class, attrs.id)
}

/// A regex that finds any of `names` as a substring.
fn names_regex(names: &[&str]) -> regex::Regex {
    let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    regex::Regex::new(&alternatives.join("|")).expect("literal alternation")
}

/// Every `<p>` outside page chrome, one paragraph each.
fn visible_paragraphs(document: &Document) -> String {
    const CHROME: &[&str] = &[
        "nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
    ];
    let mut paragraphs = Vec::new();
    walk(document.root(), |node| {
        let Some(element) = node.element_ref() else {
            return true;
        };
        let name = &*element.name.local;
        if CHROME.contains(&name) {
            return false;
        }
        if name == "p" {
            let text = text_of(node);
            if !text.is_empty() {
                paragraphs.push(text);
            }
        }
        true
    });
    paragraphs.join("\n\n")
}

/// The page as [`crate::fast`] re-nests it, read for metadata and dates:
/// the nodes in document order, each with its parent and subtree end, the
/// `<meta>`, `<title>` and `<script>` elements beside them, and the
/// attributes read from the source on demand.
struct Tokens<'t, 'a> {
    html: &'a str,
    tree: &'t crate::fast::Tree<'a>,
}

/// The attributes the metadata and date rules read, as written (entities
/// not decoded); the first of a repeated name wins, as in HTML.
#[derive(Debug, Default, Clone, Copy)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    itemprop: Option<&'a str>,
    property: Option<&'a str>,
    name: Option<&'a str>,
    title: Option<&'a str>,
    content: Option<&'a str>,
    datetime: Option<&'a str>,
    utime: Option<&'a str>,
    href: Option<&'a str>,
    rel: Option<&'a str>,
    lang: Option<&'a str>,
    kind: Option<&'a str>,
}

/// Reads the attributes of the start tag at the beginning of `tag` (which
/// starts with `<`), looking no further than its end.
fn read_attrs(tag: &str) -> (&str, Attrs<'_>) {
    let bytes = tag.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = 1;
    while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'>' | b'/') {
        i += 1;
    }
    let name = tag.get(1..i).unwrap_or("");
    let mut attrs = Attrs::default();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let key_start = i;
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'>' | b'/' | b'=') {
            i += 1;
        }
        let key = &bytes[key_start..i];
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let from = i + 1;
                    let to = memchr::memchr(q, &bytes[from..]).map_or(bytes.len(), |p| from + p);
                    value = tag.get(from..to).unwrap_or("");
                    i = (to + 1).min(bytes.len());
                }
                _ => {
                    let from = i;
                    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = tag.get(from..i).unwrap_or("");
                }
            }
        }
        // By length first: most attributes are none of these.
        let is = |name: &[u8]| key.eq_ignore_ascii_case(name);
        let slot = match key.len() {
            2 if is(b"id") => &mut attrs.id,
            3 if is(b"rel") => &mut attrs.rel,
            4 if is(b"name") => &mut attrs.name,
            4 if is(b"href") => &mut attrs.href,
            4 if is(b"lang") => &mut attrs.lang,
            4 if is(b"type") => &mut attrs.kind,
            5 if is(b"class") => &mut attrs.class,
            5 if is(b"title") => &mut attrs.title,
            7 if is(b"content") => &mut attrs.content,
            8 if is(b"itemprop") => &mut attrs.itemprop,
            8 if is(b"property") => &mut attrs.property,
            8 if is(b"datetime") => &mut attrs.datetime,
            10 if is(b"data-utime") => &mut attrs.utime,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    (name, attrs)
}

/// An attribute value with its entities decoded (and whitespace
/// collapsed, which every reader here does anyway).
fn decoded(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains('&') {
        std::borrow::Cow::Owned(crate::fast::decode(value))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

impl<'a> Tokens<'_, 'a> {
    fn len(&self) -> usize {
        self.tree.nodes.len()
    }

    fn is_text(&self, i: usize) -> bool {
        self.tree.nodes[i].tag == crate::fast::Tag::Text
    }

    /// The source of the start tag of element `i`, up to the next node.
    fn tag_source(&self, i: usize) -> &'a str {
        let start = self.tree.nodes[i].start as usize;
        let bound = self
            .tree
            .nodes
            .get(i + 1)
            .map_or(self.html.len(), |n| n.start as usize)
            .max(start);
        self.html.get(start..bound).unwrap_or("")
    }

    /// Element `i`'s name as written.
    fn name(&self, i: usize) -> &'a str {
        if i == 0 || self.is_text(i) {
            return "";
        }
        let source = self.tag_source(i).as_bytes();
        let end = source
            .iter()
            .skip(1)
            .position(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'))
            .map_or(source.len(), |p| p + 1);
        self.tag_source(i).get(1..end).unwrap_or("")
    }

    /// Element `i`'s name as written and its attributes.
    fn element(&self, i: usize) -> (&'a str, Attrs<'a>) {
        if i == 0 || self.is_text(i) {
            return ("", Attrs::default());
        }
        read_attrs(self.tag_source(i))
    }

    fn parent(&self, i: usize) -> Option<usize> {
        let p = self.tree.nodes[i].parent;
        (p != u32::MAX).then_some(p as usize)
    }

    fn next_sibling(&self, i: usize) -> Option<usize> {
        let next = self.tree.nodes[i].end as usize;
        let parent_end = self
            .parent(i)
            .map_or(self.len(), |p| self.tree.nodes[p].end as usize);
        (next < parent_end).then_some(next)
    }

    /// Appends text node `i`'s text, entities decoded, and a space.
    fn push_text(&self, i: usize, out: &mut String) {
        let raw = self.tree.nodes[i].raw;
        out.push_str(&decoded(raw));
        out.push(' ');
    }

    /// The text under node `i` (itself, for a text node), whitespace
    /// collapsed; `None` once it holds more than `limit` non-space
    /// characters.
    fn text_within(&self, i: usize, limit: usize) -> Option<String> {
        let mut raw = String::new();
        let end = (self.tree.nodes[i].end as usize).min(self.len());
        let mut count = 0usize;
        for j in i..end {
            if self.is_text(j) {
                let before = raw.len();
                self.push_text(j, &mut raw);
                count += raw[before..].chars().filter(|c| !c.is_whitespace()).count();
                if count > limit {
                    return None;
                }
            }
        }
        Some(crate::clean::normalise_line(&raw))
    }

    fn text_of(&self, i: usize) -> String {
        self.text_within(i, usize::MAX).unwrap_or_default()
    }

    /// Whether an element with these attributes names comments or is a
    /// quotation (see [`in_comments`]).
    fn comment_like(name: &str, attrs: &Attrs) -> bool {
        let comment = |v: Option<&str>| {
            v.is_some_and(|v| {
                v.as_bytes()
                    .windows(7)
                    .any(|w| w.eq_ignore_ascii_case(b"comment"))
            })
        };
        name.eq_ignore_ascii_case("blockquote") || comment(attrs.class) || comment(attrs.id)
    }

    /// Whether node `i` sits inside a comment section or a quotation:
    /// [`in_comments`] on this tree. `from_parent` starts at `i` itself.
    fn in_comments_from(&self, mut at: Option<usize>) -> bool {
        while let Some(a) = at {
            if a == 0 {
                return false;
            }
            let (name, attrs) = self.element(a);
            if Self::comment_like(name, &attrs) {
                return true;
            }
            at = self.parent(a);
        }
        false
    }

    fn in_comments(&self, i: usize) -> bool {
        self.in_comments_from(self.parent(i))
    }

    /// Whether element `i` is a leaf whose whole text is a date label.
    fn is_date_label(&self, i: usize) -> bool {
        let end = (self.tree.nodes[i].end as usize).min(self.len());
        if end <= i + 1 || end - i - 1 > 40 {
            return false;
        }
        // Most leaves are too long or not leaves: tell without copying.
        let mut len = 0;
        for j in i + 1..end {
            let node = &self.tree.nodes[j];
            if node.tag != crate::fast::Tag::Text {
                return false;
            }
            if !node.raw.contains('&') {
                len += node.raw.len() + 1;
                if len > 41 {
                    return false;
                }
            }
        }
        let mut text = String::new();
        for j in i + 1..end {
            if !self.is_text(j) {
                return false;
            }
            self.push_text(j, &mut text);
            if text.len() > 40 {
                return false;
            }
        }
        let text = text.trim();
        !text.is_empty() && DATE_LABEL.is_match(text)
    }

    /// [`date_after`] on this tree.
    fn date_after(&self, label: usize) -> Option<chrono::NaiveDate> {
        let mut next = self.next_sibling(label);
        while let Some(node) = next {
            let text = if self.is_text(node) {
                let mut raw = String::new();
                self.push_text(node, &mut raw);
                crate::clean::normalise_line(&raw)
            } else {
                self.text_within(node, 80)?
            };
            if !text.is_empty() {
                return crate::dates::find_date(&text)
                    .map(|(d, _)| d)
                    .filter(|d| crate::dates::plausible_publication(*d));
            }
            next = self.next_sibling(node);
        }
        None
    }

    /// [`teaser_date`] on this tree.
    fn teaser_date(&self, link: usize) -> Option<chrono::NaiveDate> {
        let mut at = self.parent(link);
        let mut found = None;
        for _ in 0..3 {
            let Some(a) = at.filter(|&a| a != 0) else {
                break;
            };
            let Some(text) = self.text_within(a, 300) else {
                break;
            };
            if let Some((d, _)) = crate::dates::find_date(&text) {
                found = Some(d);
                break;
            }
            at = self.parent(a);
        }
        found.filter(|d| crate::dates::plausible_publication(*d))
    }

    fn extra_source(&self, e: &crate::fast::Extra) -> &'a str {
        let start = e.start as usize;
        self.html
            .get(start..(e.bound as usize).max(start))
            .unwrap_or("")
    }
}

/// [`read_metadata`] on the tree of [`crate::fast`]: the same rules, in
/// the same order, over the same elements.
fn read_metadata_tokens(tokens: &Tokens, own: Option<SelfLink>) -> Page {
    let mut page = Page::default();
    let (mut label_date, mut self_date) = (None, None);
    let (mut og_title, mut og_url, mut html_title, mut h1) = (None, None, None, None);
    let (mut canonical_seen, mut lang_seen) = (false, false);
    let (mut json_ld, mut meta_dates, mut attr_dates, mut time_dates, mut generic_dates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut oldest_utime = None;
    let extras = &tokens.tree.extras;
    let mut next_extra = 0usize;
    let nodes = &tokens.tree.nodes;
    let mut i = 1usize;
    // Nodes and extras merged in document order; `<template>` content is
    // not part of the document.
    loop {
        let node_start = nodes.get(i).map(|n| n.start);
        let extra = extras
            .get(next_extra)
            .filter(|e| node_start.is_none_or(|s| e.start < s));
        if let Some(e) = extra {
            next_extra += 1;
            let (name, attrs) = read_attrs(tokens.extra_source(e));
            let inner = tokens
                .html
                .get(e.inner.0 as usize..(e.inner.1 as usize).max(e.inner.0 as usize))
                .unwrap_or("");
            let inner = inner.find('>').map_or("", |p| &inner[p + 1..]);
            if name.eq_ignore_ascii_case("meta") {
                let key = attrs.property.or(attrs.name).or(attrs.itemprop);
                let content = attrs.content.and_then(|c| non_empty(&decoded(c)));
                if let (Some(key), Some(content)) = (key, content) {
                    let key = decoded(key).to_ascii_lowercase();
                    read_meta_tag(
                        &key,
                        content,
                        &mut page,
                        &mut og_title,
                        &mut og_url,
                        &mut generic_dates,
                        &mut meta_dates,
                    );
                }
            } else if name.eq_ignore_ascii_case("title") {
                if html_title.is_none() {
                    html_title = Some(crate::clean::normalise_line(&crate::fast::decode(inner)));
                }
            } else if name.eq_ignore_ascii_case("script") {
                if attrs.kind == Some("application/ld+json") {
                    if let Ok(value) = serde_json::from_str::<Value>(inner.trim()) {
                        json_ld.push(value);
                    }
                }
                continue;
            }
            extra_dates(
                tokens,
                name,
                &attrs,
                e.parent as usize,
                None,
                &mut attr_dates,
                &mut oldest_utime,
            );
            continue;
        }
        let Some(node) = nodes.get(i) else {
            break;
        };
        if node.tag == crate::fast::Tag::Text {
            i += 1;
            continue;
        }
        let (name, attrs) = tokens.element(i);
        // The names read here, in lower case; "" for any other.
        let lower = ["a", "h1", "html", "link", "time", "abbr", "template"]
            .into_iter()
            .find(|n| n.len() == name.len() && name.eq_ignore_ascii_case(n))
            .unwrap_or("");
        match lower {
            "template" => {
                i = (node.end as usize).max(i + 1);
                continue;
            }
            "h1" if h1.is_none() => {
                h1 = Some(tokens.text_of(i)).filter(|t| !t.is_empty());
            }
            "html" if !lang_seen => {
                lang_seen = true;
                page.language = attrs
                    .lang
                    .map(decoded)
                    .and_then(|l| l.split(['-', '_']).next().map(str::to_ascii_lowercase))
                    .filter(|l| (2..=3).contains(&l.len()));
            }
            "link" if !canonical_seen && attrs.rel == Some("canonical") => {
                canonical_seen = true;
                page.canonical = attrs.href.and_then(|h| non_empty(&decoded(h)));
            }
            "time" if !tokens.in_comments(i) => {
                let text = non_empty(&tokens.text_of(i));
                let shown = text.as_deref().and_then(crate::dates::parse_date);
                match attrs.datetime.and_then(|d| non_empty(&decoded(d))) {
                    Some(datetime)
                        if shown.is_none_or(|d| crate::dates::parse_date(&datetime) == Some(d)) =>
                    {
                        time_dates.push(datetime)
                    }
                    _ => time_dates.extend(text),
                }
            }
            _ => {}
        }
        if label_date.is_none() && tokens.is_date_label(i) && !tokens.in_comments(i) {
            label_date = tokens.date_after(i);
        }
        if self_date.is_none() && lower == "a" {
            if let (Some(own), Some(href)) = (&own, attrs.href) {
                if own.matches(&decoded(href)) && !tokens.in_comments(i) {
                    self_date = tokens.teaser_date(i);
                }
            }
        }
        extra_dates(
            tokens,
            lower,
            &attrs,
            node.parent as usize,
            Some(i),
            &mut attr_dates,
            &mut oldest_utime,
        );
        i += 1;
    }
    for value in &json_ld {
        read_json_ld(value, &mut page, 0);
    }
    page.published.extend(meta_dates);
    page.published.extend(attr_dates);
    page.published.extend(
        oldest_utime
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|t| t.to_rfc3339()),
    );
    page.published
        .extend(self_date.map(|d: chrono::NaiveDate| d.to_string()));
    page.published.extend(time_dates);
    page.published
        .extend(label_date.map(|d: chrono::NaiveDate| d.to_string()));
    page.published.extend(generic_dates);
    let html_title = html_title.filter(|t| !t.is_empty());
    page.title = og_title
        .or_else(|| html_title.map(|t| strip_site_suffix(&t, page.site_name.as_deref())))
        .or(h1);
    page.canonical = page.canonical.take().or(og_url);
    page
}

/// The `data-utime` stamp and the microdata, RDFa and microformat dates of
/// one element (`node` is its index among the tree's nodes, `None` for an
/// extra, whose text is not read).
fn extra_dates(
    tokens: &Tokens,
    name: &str,
    attrs: &Attrs,
    parent: usize,
    node: Option<usize>,
    attr_dates: &mut Vec<String>,
    oldest_utime: &mut Option<i64>,
) {
    if let Some(stamp) = attrs.utime.and_then(|u| u.trim().parse::<i64>().ok()) {
        *oldest_utime = Some(oldest_utime.map_or(stamp, |o: i64| o.min(stamp)));
    }
    if is_dated_attrs(name, attrs) && !tokens.in_comments_from(Some(parent)) {
        if let Some(value) = [attrs.content, attrs.datetime, attrs.title]
            .iter()
            .find_map(|a| a.and_then(|v| non_empty(&decoded(v))))
            .or_else(|| node.and_then(|n| non_empty(&tokens.text_of(n))))
        {
            attr_dates.push(value);
        }
    }
}

/// [`is_dated_element`] on the attributes read from the source.
fn is_dated_attrs(name: &str, attrs: &Attrs) -> bool {
    if matches!(attrs.itemprop, Some("datePublished" | "dateCreated")) {
        return true;
    }
    let published_class = attrs.class.is_some_and(|c| {
        memchr::memmem::find(c.as_bytes(), b"published").is_some()
            && c.split_ascii_whitespace().any(|c| c == "published")
    });
    if published_class && (name.eq_ignore_ascii_case("abbr") || attrs.title.is_some()) {
        return true;
    }
    attrs.property.is_some_and(|p| {
        p.split_ascii_whitespace().any(|p| {
            matches!(
                p,
                "dc:date" | "dc:created" | "schema:dateCreated" | "schema:datePublished"
            )
        })
    })
}

/// [`shown_dates`] on the tree of [`crate::fast`].
fn shown_dates_tokens(tokens: &Tokens, want_text: bool) -> ShownDates {
    let nodes = &tokens.tree.nodes;
    let body = nodes
        .iter()
        .position(|n| n.tag == crate::fast::Tag::Body)
        .unwrap_or(0);
    let end = (nodes[body].end as usize).min(nodes.len());
    let mut text = String::new();
    let mut class_date = None;
    let mut i = body + 1;
    while i < end {
        if tokens.is_text(i) {
            if want_text && text.len() <= 200_000 {
                tokens.push_text(i, &mut text);
            }
            i += 1;
            continue;
        }
        let name = tokens.name(i);
        if HIDDEN.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            i = (nodes[i].end as usize).max(i + 1);
            continue;
        }
        if class_date.is_none() {
            let (_, attrs) = tokens.element(i);
            let dated = if names_a_date_attrs(&attrs) {
                Some(i)
            } else if name.eq_ignore_ascii_case("a")
                && attrs
                    .rel
                    .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author"))
            {
                tokens.parent(i).filter(|&p| p != 0)
            } else {
                None
            };
            if let Some(dated) = dated.filter(|&n| !tokens.in_comments(n)) {
                class_date = tokens
                    .text_within(dated, 200)
                    .filter(|t| t.len() <= 200)
                    .and_then(|t| {
                        crate::dates::find_date(&t)
                            .map(|(d, _)| d)
                            .or_else(|| crate::dates::short_year_date(&t))
                    })
                    .filter(|d| crate::dates::plausible_publication(*d));
            }
        }
        if !want_text && class_date.is_some() {
            break;
        }
        i += 1;
    }
    let text_date = if want_text {
        crate::dates::first_date_where(&text, |d| crate::dates::plausible_publication(*d))
    } else {
        None
    };
    ShownDates {
        class_date,
        text_date,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn json_ld_with_an_unquoted_type_is_read_by_both_readers() {
        let html = "<html><head><title>T</title></head><body>seen on 2020/03/30 there\
            <p>Some text here. Some text here. Some text here.</p>\
            <script type=application/ld+json>{\"@type\":\"NewsArticle\",\"datePublished\":\"2020-04-02\"}</script>\
            </body></html>";
        for page in [
            read_page_tokens(html, None),
            read_page_html5ever(html, None),
        ] {
            assert_eq!(page.published, ["2020-04-02"]);
        }
    }
    use super::*;

    fn nesting_depth(html: &str) -> usize {
        strip_heavy(html).1
    }

    fn stripped(html: &str) -> String {
        strip_heavy(html).0
    }

    fn read(html: &str) -> Page {
        read_page(html, None)
    }

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
    fn json_ld_dates_keep_document_order_and_german_classes_count() {
        let body = "<p>Long enough body text for the fallback.</p>";
        // The article's own object first; a later list of related items
        // does not take its place.
        let page = read(&format!(
            "<head><meta property=\"article:published_time\" content=\"2020-05-01\">\
             <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"datePublished\":\"2020-04-28\"}}</script>\
             <script type=\"application/ld+json\">[{{\"datePublished\":\"2019-01-02\"}}]</script></head>{body}"
        ));
        assert_eq!(page.published, ["2020-04-28", "2019-01-02", "2020-05-01"]);
        // `datum` names a date in German markup; two-digit years are read
        // there, and dates before the web are not publication dates.
        let page = read(&format!(
            "<p>Gegründet am 3. März 1950</p><span class=\"fbdatum\">08.05.12 11:15</span>{body}"
        ));
        assert_eq!(page.class_date, chrono::NaiveDate::from_ymd_opt(2012, 5, 8));
        assert_eq!(page.text_date, None);
        // Unix seconds on posts (`abbr[data-utime]`): the oldest post.
        let page = read(&format!(
            "<abbr data-utime=\"1507453920\">Sunday</abbr>\
             <abbr data-utime=\"1507287600\">Friday</abbr>{body}"
        ));
        assert_eq!(
            page.published
                .first()
                .and_then(|p| crate::dates::parse_date(p)),
            chrono::NaiveDate::from_ymd_opt(2017, 10, 6)
        );
    }

    #[test]
    fn teasers_linking_here_labels_bylines_and_descriptions_date_the_page() {
        let body = "<p>Long enough body text for the fallback.</p>";
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        // A sidebar of the blog's posts: the item linking to this page
        // dates it, not the first `<time>`; a comment's permalink to a
        // part of this page does not count.
        let html = format!(
            "{body}<ul><li><a href=\"/blog/other-post\">Other</a> <time datetime=\"2019-07-30\">30 juil. 2019</time></li>\
             <li><a href=\"/blog/this-post/\">This post</a> <span><time datetime=\"2019-06-27\">27 juin 2019</time></span></li></ul>\
             <div class=\"x\"><a href=\"https://www.ex.org/blog/this-post#c1\">1 Aug 2019</a></div>"
        );
        let page = read_page(&html, Some("https://ex.org/blog/this-post"));
        assert_eq!(page.published, ["2019-06-27", "2019-07-30", "2019-06-27"]);
        let page = read_page(&html, Some("https://ex.org/"));
        assert_eq!(page.published, ["2019-07-30", "2019-06-27"]);
        // A label element and the date in the next one outrank the generic
        // `date` meta tag.
        let page = read(&format!(
            "<meta name=\"date\" content=\"2021-10-15\">{body}\
             <div><span>Erschienen am:</span> <h2> 13.10.2021 </h2></div>"
        ));
        assert_eq!(page.published, ["2021-10-13", "2021-10-15"]);
        let page = read(&format!("{body}<p><b>Published</b> 3 May 2020</p>"));
        assert_eq!(page.published, ["2020-05-03"]);
        // A byline around an author link, with a two-digit year.
        let page = read(&format!(
            "<p>von <a rel=\"author\" href=\"/a\">Ana Lima</a>, 8.5.12</p>{body}"
        ));
        assert_eq!(page.class_date, d(2012, 5, 8));
        // A date in the description, for pages that show none.
        let page = read(&format!(
            "<meta name=\"description\" content=\"Bears: a record year (Notizia del 14 Gennaio 2020)\">{body}"
        ));
        assert_eq!(page.description_date, d(2020, 1, 14));
    }

    #[test]
    fn dates_from_microdata_time_text_and_dated_classes() {
        let body = "<p>Long enough body text for the fallback.</p>";
        let page = read(&format!(
            "<span itemprop=\"datePublished\" content=\"2019-07-07T18:44:31+02:00\"></span>{body}"
        ));
        assert_eq!(page.published, ["2019-07-07T18:44:31+02:00"]);
        let page = read(&format!(
            "<li class=\"Date\"><time>29.04.2020, 12:01 Uhr</time></li>{body}"
        ));
        assert_eq!(page.published, ["29.04.2020, 12:01 Uhr"]);
        let page = read(&format!(
            "<p>Seit 2001 am 3. März 2000</p><span class=\"post-date\">26/10/2018</span>{body}"
        ));
        assert!(page.published.is_empty());
        assert_eq!(
            page.class_date,
            chrono::NaiveDate::from_ymd_opt(2018, 10, 26)
        );
        assert_eq!(page.text_date, chrono::NaiveDate::from_ymd_opt(2000, 3, 3));
        // Comment sections and quoted posts carry other people's dates; a
        // wiki's "last modified" footer dates the page.
        let page = read(&format!(
            "<div class=\"comments\"><span class=\"date\">1.2.2021</span></div>\
             <blockquote><time datetime=\"2018-03-12\">12.3.2018</time></blockquote>\
             {body}<li id=\"footer-info-lastmod\">Last edited on 25 October 2020</li>"
        ));
        assert!(page.published.is_empty());
        assert_eq!(
            page.class_date,
            chrono::NaiveDate::from_ymd_opt(2020, 10, 25)
        );
    }

    #[test]
    fn heavy_elements_are_stripped_but_json_ld_kept() {
        let page = "<head><!-- a <p>comment</p> --><style>p{}</style>\
            <script type=\"application/ld+json\">{\"a\":1}</script>\
            <SCRIPT src=x></SCRIPT><script>if (a<b) {}</script></head>\
            <body><svg><path d=\"M0\"/></svg><noscript>no</noscript><p>Text</p><scripts>k</scripts></body>";
        assert_eq!(
            stripped(page),
            "<head><script type=\"application/ld+json\">{\"a\":1}</script></head>\
             <body><p>Text</p><scripts>k</scripts></body>"
        );
        assert_eq!(stripped("<p>a < b</p><!-- open"), "<p>a < b</p><!-- open");
    }

    #[test]
    fn unread_attributes_and_indentation_are_dropped_before_parsing() {
        // `data-*` (but `data-utime`) and `on*` go, quoted values with `>`
        // and spaces included; media keep theirs (lazy-loading sources).
        assert_eq!(
            stripped(
                "<div class=\"a\" data-x='1 > 2' onclick=\"go()\" data-utime=\"7\" id=b data-y=3>t</div>\
                 <img data-src=\"i.jpg\"><a href=\"/x\"data-z=\"q\"/>"
            ),
            "<div class=\"a\" data-utime=\"7\" id=b>t</div><img data-src=\"i.jpg\"><a href=\"/x\"/>"
        );
        // Every cut of a page full of edge cases is read without panicking
        // and keeps its text.
        let page = "<!doctype html><html><head><script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>\
            <meta data-x=\"ü\" content='é'></head><body>\n  <div onclick=go() data-a=1 / >é  ü\t\n\n\t<br/>\
            <pre>  a\n  b</pre><img data-src=x><a href=/x/>Zürich</a><textarea>\n  t</textarea><p data-q=\"a>b\">ok</p>";
        for (cut, _) in page.char_indices() {
            let (out, _) = strip_heavy(&page[..cut]);
            assert!(out.len() <= cut);
        }
        assert!(stripped(page).contains(">ok</p>"));
        // `<link>` goes but the canonical one.
        assert_eq!(
            stripped("<head><link rel=stylesheet href=a.css><LINK rel=\"canonical\" href=\"/x\"><title>t</title>"),
            "<head><LINK rel=\"canonical\" href=\"/x\"><title>t</title>"
        );
        // A tag cut off inside a quote is kept as written.
        assert_eq!(stripped("<p data-x=\"open"), "<p data-x=\"open");
        // Indentation runs shrink to one line break (two for blank lines),
        // spaces between words stay, `<pre>` keeps its layout.
        assert_eq!(
            stripped("<div>\n    <p>One  two\tthree</p>\n\n\n  <p>x</p>\n</div>"),
            "<div>\n<p>One  two\tthree</p>\n\n<p>x</p>\n</div>"
        );
        assert_eq!(
            stripped("<div>\n  <PRE class=c>a\n    b</pre>\n  <p>c</p>"),
            "<div>\n<PRE class=c>a\n    b</pre>\n<p>c</p>"
        );
    }

    #[test]
    fn attributes_are_read_from_the_source_as_html_does() {
        let (name, a) = read_attrs(
            "<META Name=\"x\" TITLE='a > b' content=\"Tom &amp; Jerry\" name=y data-utime=7 href=/x/>",
        );
        assert_eq!(name, "META");
        assert_eq!(a.name, Some("x"));
        assert_eq!(a.title, Some("a > b"));
        assert_eq!(a.content.map(decoded).as_deref(), Some("Tom & Jerry"));
        assert_eq!(a.utime, Some("7"));
        assert_eq!(a.href, Some("/x/"));
        // Cut off anywhere, a tag is read without panicking.
        let tag = "<a  href = \"/é\" rel=author class='by line' id=x>";
        for (cut, _) in tag.char_indices() {
            read_attrs(&tag[..cut]);
        }
        let page = read(
            "<html lang=\"pt-BR\"><head><title>Chuva &amp; vento | Jornal</title>\
             <meta property=\"og:site_name\" content=\"Jornal\">\
             <link rel=\"canonical\" href=\"https://ex.org/a\"></head>\
             <body><h1>Chuva</h1><p>Long enough body text for the fallback.</p></body></html>",
        );
        assert_eq!(page.language.as_deref(), Some("pt"));
        assert_eq!(page.title.as_deref(), Some("Chuva & vento"));
        assert_eq!(page.canonical.as_deref(), Some("https://ex.org/a"));
    }

    #[test]
    fn both_readers_agree_and_deep_dated_pages_stay_bounded() {
        let pages = [
            "<div class=\"comment-list\"><p><time datetime=\"2019-01-02\">2 Jan</time></p></div>\
             <abbr class=\"published\" title=\"2020-02-03\">3 Feb</abbr><p>Body text.</p>",
            "<p><span>Posted on</span> <b>4 March 2021</b></p><div id=\"post-date\">5.3.2021</div>",
            "<ul><li><a href=\"/n/x\">x</a> 6 April 2018</li></ul><p>Body.</p>",
        ];
        for html in pages {
            let (a, b) = (
                read_page_tokens(html, Some("https://ex.org/n/x")),
                read_page_html5ever(html, Some("https://ex.org/n/x")),
            );
            assert_eq!(a.published, b.published, "{html}");
            assert_eq!(a.class_date, b.class_date, "{html}");
            assert_eq!(a.text_date, b.text_date, "{html}");
        }
        let deep = format!(
            "{}{}",
            "<div class=\"c\"><time datetime=\"2020-01-01\">x</time><span class=\"date\">"
                .repeat(2000),
            "<span>Published:</span>".repeat(2000)
        );
        let started = std::time::Instant::now();
        let page = read_page_tokens(&deep, Some("https://ex.org/a/b"));
        assert_eq!(
            page.published.first().map(String::as_str),
            Some("2020-01-01")
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn metadata_tag_soup_does_not_panic() {
        const PIECES: &[&str] = &[
            "<time datetime=\"2020-01-02\">",
            "</time>",
            "<div class=\"comments\">",
            "<span class=\"date\">",
            "</span>",
            "</div>",
            "<a href=\"/x/y\" rel=author>",
            "</a>",
            "<meta name=date content=\"",
            "<meta itemprop=datePublished content=2019-05-06>",
            "<script type=\"application/ld+json\">{\"datePublished\":\"2020-03-04\"}",
            "</script>",
            "<title>",
            "</title>",
            "<abbr class=published title=\"2018-01-01\" data-utime=\"99\">",
            "<p><b>Published:</b>",
            " 3 May 2020 ",
            "<",
            ">",
            "\"",
            "'",
            "=",
            "&amp;",
            "&",
            "<!--",
            "-->",
            "é",
            "<template>",
            "<blockquote>",
            "<html lang=de-DE>",
            "<link rel=canonical href=",
            "<h1>",
            "<li>",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..3000 {
            let mut html = String::new();
            for _ in 0..(round % 89) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                html.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let _ = read_page_tokens(&html, Some("https://ex.org/x/y"));
        }
        let page: String = PIECES.concat();
        for (cut, _) in page.char_indices() {
            let _ = read_page_tokens(&page[..cut], Some("https://ex.org/x/y"));
        }
    }

    #[test]
    fn paragraphs_outside_chrome_are_the_fallback() {
        let doc = Document::from(
            "<nav><p>Menu</p></nav><div><p>One.</p><p> Two. </p></div><footer><p>Foot</p></footer>",
        );
        assert_eq!(visible_paragraphs(&doc), "One.\n\nTwo.");
    }
}
