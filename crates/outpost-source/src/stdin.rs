//! Standard input (`-`): the content is sniffed, since there is no name.
//! Gzip magic means decompress first; then, after leading whitespace, `{`
//! means JSON Lines, `WARC/` a web archive, `<rss`, `<feed`, `<rdf:RDF` (or
//! `<?xml` followed by one of them) a feed, `<` HTML, anything else plain
//! text.

use crate::check::io_error_kind;
use crate::document::failed;
use crate::error::SourceErrorKind;
use crate::gzip::{self, GZIP_MAGIC};
use crate::walk::Documents;
use crate::{feed, html, jsonl, txt, warc};
use outpost_core::Provenance;
use std::io::{BufRead, BufReader, Read};

/// What sniffing found at the start of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Starts with `{`.
    JsonLines,
    /// Starts with `<`.
    Html,
    /// Starts with `WARC/`.
    Warc,
    /// An RSS or Atom root element.
    Feed,
    /// Anything else.
    Text,
    /// Nothing but whitespace.
    Empty,
}

/// Documents from standard input, shown as `-`.
pub fn read_stdin() -> Documents {
    read_sniffed(std::io::stdin().lock(), "-")
}

/// Documents from any reader whose type must be sniffed, shown as `shown`.
pub fn read_sniffed(reader: impl Read + 'static, shown: &str) -> Documents {
    let mut reader = BufReader::new(reader);
    let gzipped = match reader.fill_buf() {
        Ok(head) => head.starts_with(&GZIP_MAGIC),
        Err(e) => return one_error(shown, io_error_kind(&e, false)),
    };
    let mut reader = gzip::wrap(reader, gzipped);
    let sniffed = match sniff(&mut reader) {
        Ok(sniffed) => sniffed,
        Err(e) => return one_error(shown, io_error_kind(&e, gzipped)),
    };
    let provenance = Provenance::file(shown);
    match sniffed {
        Sniffed::JsonLines => Box::new(jsonl::Records::new(reader, shown, gzipped)),
        Sniffed::Html => Box::new(std::iter::once(html::read(reader, gzipped, provenance))),
        Sniffed::Warc => Box::new(warc::WarcRecords::new(reader, shown, gzipped)),
        Sniffed::Feed => Box::new(feed::read(reader, gzipped, shown).into_iter()),
        Sniffed::Text => Box::new(std::iter::once(txt::read(reader, gzipped, provenance))),
        Sniffed::Empty => one_error(shown, SourceErrorKind::Empty),
    }
}

/// Consumes leading whitespace (and a byte-order mark) and says what the
/// first meaningful byte announces. Leaves that byte unread.
pub fn sniff(reader: &mut impl BufRead) -> std::io::Result<Sniffed> {
    let mut at_start = true;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(Sniffed::Empty);
        }
        if at_start && buffer.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
            at_start = false;
            continue;
        }
        at_start = false;
        match buffer.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let first = buffer[i];
                let head = &buffer[i..buffer.len().min(i + 512)];
                let sniffed = match first {
                    b'{' => Sniffed::JsonLines,
                    b'<' if is_feed(head) => Sniffed::Feed,
                    b'<' => Sniffed::Html,
                    b'W' if head.starts_with(b"WARC/") => Sniffed::Warc,
                    _ => Sniffed::Text,
                };
                reader.consume(i);
                return Ok(sniffed);
            }
            None => {
                let all = buffer.len();
                reader.consume(all);
            }
        }
    }
}

/// Whether the start of a document is a feed's root element.
fn is_feed(head: &[u8]) -> bool {
    let roots: [&[u8]; 3] = [b"<rss", b"<feed", b"<rdf:RDF"];
    let text = if head.starts_with(b"<?xml") {
        match head
            .windows(2)
            .skip(1)
            .position(|w| w[0] == b'<' && w[1] != b'!' && w[1] != b'?')
        {
            Some(p) => &head[p + 1..],
            None => return false,
        }
    } else {
        head
    };
    roots.iter().any(|r| text.starts_with(r))
}

fn one_error(shown: &str, reason: SourceErrorKind) -> Documents {
    Box::new(std::iter::once(failed(Provenance::file(shown), reason)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use outpost_core::Content;

    #[test]
    fn sniff_skips_whitespace_and_reads_the_first_byte() {
        assert_eq!(
            sniff(&mut &b"\n  {\"a\":1}"[..]).unwrap(),
            Sniffed::JsonLines
        );
        assert_eq!(
            sniff(&mut &b"\xEF\xBB\xBF<!doctype html>"[..]).unwrap(),
            Sniffed::Html
        );
        assert_eq!(sniff(&mut &b"Title\n\nBody"[..]).unwrap(), Sniffed::Text);
        assert_eq!(sniff(&mut &b" \n\t "[..]).unwrap(), Sniffed::Empty);
        assert_eq!(sniff(&mut &b"WARC/1.0\r\n"[..]).unwrap(), Sniffed::Warc);
        assert_eq!(
            sniff(&mut &b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"[..]).unwrap(),
            Sniffed::Feed
        );
        assert_eq!(
            sniff(&mut &b"<feed xmlns=\"x\">"[..]).unwrap(),
            Sniffed::Feed
        );
        assert_eq!(
            sniff(&mut &b"<?xml version=\"1.0\"?><html>"[..]).unwrap(),
            Sniffed::Html
        );
    }

    #[test]
    fn sniffed_streams_go_to_the_right_reader() {
        let docs: Vec<_> =
            read_sniffed(&b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n"[..], "-").collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap().provenance.to_string(), "-#2");

        let docs: Vec<_> = read_sniffed(&b"  <html><p>x</p></html>"[..], "-").collect();
        assert_eq!(
            docs[0].as_ref().unwrap().content,
            Content::Html("<html><p>x</p></html>".into())
        );

        let docs: Vec<_> = read_sniffed(&b"Title\n\nBody."[..], "-").collect();
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.content, Content::Text("Title\n\nBody.".into()));
        assert_eq!(doc.provenance.to_string(), "-");

        let docs: Vec<_> = read_sniffed(&b""[..], "-").collect();
        assert_eq!(docs[0].as_ref().unwrap_err().to_string(), "-: empty file");
    }

    #[test]
    fn gzipped_stdin_is_decompressed_then_sniffed() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(b"{\"text\":\"a\"}\n").unwrap();
        let gz = encoder.finish().unwrap();
        let docs: Vec<_> = read_sniffed(std::io::Cursor::new(gz), "-").collect();
        assert_eq!(docs[0].as_ref().unwrap().content, Content::Text("a".into()));
    }
}
