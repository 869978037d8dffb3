//! The feed reader (`.xml`, `.rss`, `.atom`, gzipped or not): RSS 0.9x/1.0/
//! 2.0, Atom and JSON Feed through `feed-rs`. Each item is one document
//! (provenance `feed.xml#N`, N from 1 in feed order) whose body is the item's
//! content, else its summary, as HTML; its link, title and publication date
//! (else its update date) and the feed's title become the hints url, title,
//! published and outlet.
//!
//! A feed is parsed whole, so the file is read with the 64 MiB cap first.
//! Before parsing, a cheap scan refuses nesting deeper than [`MAX_DEPTH`]
//! (a 200,000-deep document would otherwise exhaust the stack of a
//! recursive tree builder) and any `<!ENTITY` declaration: entity expansion
//! is how "billion laughs" documents blow up, and news feeds never need it.
//! An item with neither content nor summary is an error for that item.

use crate::charset::decode_html;
use crate::check::read_capped;
use crate::error::{SourceError, SourceErrorKind};
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use std::io::Read;

/// The deepest element nesting a feed may have.
pub const MAX_DEPTH: usize = 256;

/// Reads every item of a feed; a feed that cannot be parsed is one error.
pub fn read(reader: impl Read, gzipped: bool, path: &str) -> Vec<Result<RawDocument, SourceError>> {
    let file_error = |reason| vec![Err(SourceError::new(Provenance::file(path), reason))];
    let bytes = match read_capped(reader, gzipped) {
        Ok(bytes) => bytes,
        Err(reason) => return file_error(reason),
    };
    if let Err(why) = check_shape(&bytes) {
        return file_error(SourceErrorKind::BadFeed(why));
    }
    let feed = match feed_rs::parser::parse(&bytes[..]) {
        Ok(feed) => feed,
        Err(e) => return file_error(SourceErrorKind::BadFeed(e.to_string())),
    };
    let outlet = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let provenance = Provenance::record(path, i as u64 + 1);
            let body = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .filter(|b| !b.trim().is_empty())
                .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
                .filter(|b| !b.trim().is_empty());
            let Some(body) = body else {
                return Err(SourceError::new(provenance, SourceErrorKind::NoBody));
            };
            let body = match decode_html(body.as_bytes(), Some(encoding_rs::UTF_8)) {
                Ok(text) => text,
                Err(reason) => return Err(SourceError::new(provenance, reason)),
            };
            Ok(RawDocument {
                provenance,
                content: Content::Html(body),
                hints: DocumentHints {
                    url: entry.links.first().map(|l| l.href.clone()),
                    title: entry
                        .title
                        .map(|t| t.content.trim().to_string())
                        .filter(|t| !t.is_empty()),
                    published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                    outlet: outlet.clone(),
                },
            })
        })
        .collect()
}

/// Refuses entity declarations and nesting deeper than [`MAX_DEPTH`],
/// counting start and end tags in one pass over the bytes (comments,
/// processing instructions and CDATA sections are skipped).
pub fn check_shape(bytes: &[u8]) -> Result<(), String> {
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let rest = &bytes[i..];
        let skip_to = |end: &[u8]| {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
        };
        if rest.starts_with(b"!--") {
            i += skip_to(b"-->").unwrap_or(rest.len());
        } else if rest.starts_with(b"![CDATA[") {
            i += skip_to(b"]]>").unwrap_or(rest.len());
        } else if rest.starts_with(b"!ENTITY") || rest.starts_with(b"!entity") {
            return Err("entity declarations are not accepted in feeds".into());
        } else if rest.starts_with(b"!") || rest.starts_with(b"?") {
            // DOCTYPE (entities inside it are caught above) or a PI.
        } else if rest.starts_with(b"/") {
            depth = depth.saturating_sub(1);
        } else {
            let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
            if rest[..end].last() != Some(&b'/') {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_DEPTH}"));
                }
            }
            i += end;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>River Post</title>
<item><title>Dam breaks</title><link>https://rp.example/1</link>
<pubDate>Thu, 29 Jul 2021 17:03:00 +0000</pubDate>
<description>&lt;p&gt;Water rose.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://rp.example/2</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_documents_with_hints() {
        let docs = read(RSS.as_bytes(), false, "f.xml");
        assert_eq!(docs.len(), 2);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.provenance.to_string(), "f.xml#1");
        assert_eq!(doc.content, Content::Html("<p>Water rose.</p>".into()));
        assert_eq!(doc.hints.url.as_deref(), Some("https://rp.example/1"));
        assert_eq!(doc.hints.title.as_deref(), Some("Dam breaks"));
        assert_eq!(doc.hints.outlet.as_deref(), Some("River Post"));
        assert!(doc
            .hints
            .published
            .as_deref()
            .unwrap()
            .starts_with("2021-07-29T17:03:00"));
        assert_eq!(
            docs[1].as_ref().unwrap_err().reason,
            SourceErrorKind::NoBody
        );
    }

    #[test]
    fn atom_content_wins_over_summary() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>T</title><link href="https://w.example/a"/><updated>2020-02-01T00:00:00Z</updated>
<summary>short</summary><content type="html">&lt;p&gt;Full text.&lt;/p&gt;</content></entry></feed>"#;
        let docs = read(atom.as_bytes(), false, "a.atom");
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.content, Content::Html("<p>Full text.</p>".into()));
        assert_eq!(doc.hints.url.as_deref(), Some("https://w.example/a"));
        assert!(doc
            .hints
            .published
            .as_deref()
            .unwrap()
            .starts_with("2020-02-01"));
    }

    #[test]
    fn billion_laughs_deep_nesting_and_garbage_are_one_clear_error() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><item><description>&lol2;</description></item></channel></rss>"#;
        let docs = read(laughs.as_bytes(), false, "l.xml");
        assert!(
            matches!(&docs[0].as_ref().unwrap_err().reason, SourceErrorKind::BadFeed(w) if w.contains("entity"))
        );
        let deep = format!(
            "<rss>{}{}</rss>",
            "<a>".repeat(200_000),
            "</a>".repeat(200_000)
        );
        let docs = read(deep.as_bytes(), false, "d.xml");
        assert!(
            matches!(&docs[0].as_ref().unwrap_err().reason, SourceErrorKind::BadFeed(w) if w.contains("deeper"))
        );
        let docs = read(&b"<rss><channel><item>"[..], false, "t.xml");
        assert_eq!(docs.len(), 1);
        assert!(docs[0].is_err());
    }
}
