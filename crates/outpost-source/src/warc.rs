//! The WARC reader (`.warc`, `.warc.gz`): `response` records with an HTML or
//! plain-text HTTP payload, and `resource` records of those types, become
//! documents numbered by their position among all records (`crawl.warc#7` is
//! the seventh record), with the target URI as the URL hint. Other records
//! (`request`, `metadata`, `warcinfo`, images, scripts) are passed over.
//!
//! Streaming: header lines are read one at a time with a cap, blocks through
//! `take(Content-Length)`; an oversized record is skipped without being kept.
//! Per-record gzip members (the usual `.warc.gz`) come through the
//! multi-member decoder; HTTP `Content-Encoding: gzip`/`deflate` and chunked
//! transfer coding are undone, the decompressed size capped at
//! [`MAX_DOCUMENT_BYTES`] (a gzip bomb is a `TooLarge` error for its record).
//! A record whose `Content-Length` is too short leaves the reader inside its
//! block: the next line starting `WARC/` is searched for, the damaged record
//! reported, and reading goes on. A truncated file or gzip stream ends the
//! file with one error.

use crate::charset::{charset_param, decode_html};
use crate::check::{io_error_kind, MAX_DOCUMENT_BYTES};
use crate::error::{SourceError, SourceErrorKind};
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use std::io::{BufRead, Read};

/// The longest header line kept; a longer one is cut (and is garbage).
const MAX_LINE: u64 = 64 * 1024;
/// The most header lines one record (or HTTP response) may have.
const MAX_HEADERS: usize = 1024;

/// The documents of one WARC stream, in order.
pub struct WarcRecords<R> {
    reader: R,
    path: String,
    gzipped: bool,
    /// Records started so far.
    record: u64,
    /// The last record an error was reported for (so a damaged record is
    /// reported once).
    reported: u64,
    /// A version line already read while searching for a record boundary.
    pending: Option<Vec<u8>>,
    done: bool,
}

enum Step {
    Item(Result<RawDocument, SourceError>),
    Skip,
    End,
}

type Fields = Vec<(String, String)>;

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn parse_field(line: &[u8]) -> Option<(String, String)> {
    let line = String::from_utf8_lossy(line);
    let (name, value) = line.split_once(':')?;
    Some((name.trim().to_string(), value.trim().to_string()))
}

impl<R: BufRead> WarcRecords<R> {
    /// Records of `reader`, reported under `path`.
    pub fn new(reader: R, path: impl Into<String>, gzipped: bool) -> Self {
        WarcRecords {
            reader,
            path: path.into(),
            gzipped,
            record: 0,
            reported: 0,
            pending: None,
            done: false,
        }
    }

    fn error(&mut self, reason: SourceErrorKind) -> Step {
        let record = self.record.max(1);
        self.reported = record;
        Step::Item(Err(SourceError::new(
            Provenance::record(self.path.clone(), record),
            reason,
        )))
    }

    /// One line without its line ending, capped; `None` at the end.
    fn line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = (&mut self.reader)
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        Ok(Some(line))
    }

    fn step(&mut self) -> std::io::Result<Step> {
        let mut garbage = false;
        let version = match self.pending.take() {
            Some(line) => line,
            None => loop {
                let Some(line) = self.line()? else {
                    if garbage && self.reported < self.record.max(1) {
                        return Ok(self.error(SourceErrorKind::BadRecord(
                            "data after the record that is not a WARC record".into(),
                        )));
                    }
                    return Ok(Step::End);
                };
                if line.starts_with(b"WARC/") {
                    break line;
                }
                garbage |= !line.iter().all(u8::is_ascii_whitespace);
            },
        };
        if garbage && self.reported < self.record.max(1) {
            self.pending = Some(version);
            return Ok(self.error(SourceErrorKind::BadRecord(
                "block does not end where its Content-Length says".into(),
            )));
        }
        self.record += 1;
        let mut fields = Fields::new();
        loop {
            let Some(line) = self.line()? else {
                return Ok(self.truncated());
            };
            if line.is_empty() {
                break;
            }
            if fields.len() >= MAX_HEADERS {
                return Ok(self.error(SourceErrorKind::BadRecord("too many header lines".into())));
            }
            fields.extend(parse_field(&line));
        }
        let Some(length) = field(&fields, "Content-Length").and_then(|v| v.parse::<u64>().ok())
        else {
            return Ok(self.error(SourceErrorKind::BadRecord("no valid Content-Length".into())));
        };
        let kind = field(&fields, "WARC-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let wanted = kind == "response" || kind == "resource";
        if !wanted || length > MAX_DOCUMENT_BYTES {
            let skipped =
                std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())?;
            if skipped < length {
                return Ok(self.truncated());
            }
            return Ok(if wanted {
                self.error(SourceErrorKind::TooLarge)
            } else {
                Step::Skip
            });
        }
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        (&mut self.reader).take(length).read_to_end(&mut block)?;
        if (block.len() as u64) < length {
            return Ok(self.truncated());
        }
        let url = field(&fields, "WARC-Target-URI")
            .map(|u| u.trim_matches(|c| c == '<' || c == '>').to_string());
        let payload = if kind == "response" {
            let scheme = url.as_deref().unwrap_or("http").to_ascii_lowercase();
            if scheme.starts_with("dns:") {
                return Ok(Step::Skip);
            }
            http_payload(&block)
        } else {
            Ok(Some(Payload {
                content_type: field(&fields, "Content-Type").map(str::to_string),
                body: block,
            }))
        };
        let payload = match payload {
            Ok(Some(payload)) => payload,
            Ok(None) => return Ok(Step::Skip),
            Err(reason) => return Ok(self.error(reason)),
        };
        let content_type = payload
            .content_type
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        let is_html = content_type.contains("html")
            || (content_type.is_empty() && payload.body.trim_ascii_start().starts_with(b"<"));
        let is_text = content_type.starts_with("text/plain");
        if !is_html && !is_text {
            return Ok(Step::Skip);
        }
        let declared = payload.content_type.as_deref().and_then(charset_param);
        let text = match decode_html(&payload.body, declared) {
            Ok(text) => text,
            Err(reason) => return Ok(self.error(reason)),
        };
        Ok(Step::Item(Ok(RawDocument {
            provenance: Provenance::record(self.path.clone(), self.record),
            content: if is_html {
                Content::Html(text)
            } else {
                Content::Text(text)
            },
            hints: DocumentHints {
                url,
                ..Default::default()
            },
        })))
    }

    fn truncated(&mut self) -> Step {
        self.done = true;
        self.error(SourceErrorKind::TruncatedRecord)
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<RawDocument, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.step() {
                Ok(Step::Item(item)) => return Some(item),
                Ok(Step::Skip) => {}
                Ok(Step::End) => self.done = true,
                Err(e) => {
                    self.done = true;
                    let reason = match io_error_kind(&e, self.gzipped) {
                        SourceErrorKind::TruncatedGzip => SourceErrorKind::TruncatedGzip,
                        _ if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                            SourceErrorKind::TruncatedRecord
                        }
                        other => other,
                    };
                    if let Step::Item(item) = self.error(reason) {
                        return Some(item);
                    }
                }
            }
        }
        None
    }
}

/// An HTTP payload: its media type and its decoded body.
struct Payload {
    content_type: Option<String>,
    body: Vec<u8>,
}

/// The body of an HTTP response block, with transfer and content codings
/// undone; `None` for responses that carry no page (non-2xx).
fn http_payload(block: &[u8]) -> Result<Option<Payload>, SourceErrorKind> {
    let (head, body) = match find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => match find(block, b"\n\n") {
            Some(i) => (&block[..i], &block[i + 2..]),
            None => (block, &[][..]),
        },
    };
    let mut lines = head.split(|&b| b == b'\n');
    let status = lines.next().unwrap_or_default();
    if !status.starts_with(b"HTTP/") {
        return Err(SourceErrorKind::BadRecord(
            "response without an HTTP status line".into(),
        ));
    }
    let code = String::from_utf8_lossy(status)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse::<u16>().ok());
    if !code.is_some_and(|c| (200..300).contains(&c)) {
        return Ok(None);
    }
    let fields: Fields = lines
        .take(MAX_HEADERS)
        .filter_map(|l| parse_field(l.strip_suffix(b"\r").unwrap_or(l)))
        .collect();
    let mut body = body.to_vec();
    if field(&fields, "Transfer-Encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    match field(&fields, "Content-Encoding")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("identity") | Some("") => {}
        Some("gzip") | Some("x-gzip") => {
            body = inflate(flate2::read::MultiGzDecoder::new(&body[..]))?;
        }
        Some("deflate") => {
            let zlib = inflate(flate2::read::ZlibDecoder::new(&body[..]));
            body = match zlib {
                Ok(b) => b,
                Err(_) => inflate(flate2::read::DeflateDecoder::new(&body[..]))?,
            };
        }
        Some(other) => {
            return Err(SourceErrorKind::BadRecord(format!(
                "unsupported content encoding {other}"
            )))
        }
    }
    Ok(Some(Payload {
        content_type: field(&fields, "Content-Type").map(str::to_string),
        body,
    }))
}

/// Decompresses with the size cap: a bomb is `TooLarge`, not an allocation.
fn inflate(decoder: impl Read) -> Result<Vec<u8>, SourceErrorKind> {
    crate::check::read_capped(decoder, true)
}

/// Joins the chunks of a chunked body; `None` when it is not well formed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let end = find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn read(bytes: &[u8]) -> Vec<Result<RawDocument, SourceError>> {
        WarcRecords::new(bytes, "c.warc", false).collect()
    }

    #[test]
    fn responses_and_resources_become_documents_numbered_by_record() {
        let mut warc = record("warcinfo", "", b"software: test\r\n");
        warc.extend(record(
            "request",
            "http://a.example/x",
            b"GET /x HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "http://a.example/x",
            &http(
                "Content-Type: text/html; charset=windows-1251\r\n",
                b"<p>\xC2\xEE\xE9\xED\xE0</p>",
            ),
        ));
        warc.extend(record(
            "response",
            "http://a.example/i.png",
            &http("Content-Type: image/png\r\n", b"\x89PNG"),
        ));
        warc.extend(record("resource", "file:///n.txt", b"Plain notes"));
        let docs = read(&warc);
        assert_eq!(docs.len(), 1, "{docs:?}");
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.provenance.to_string(), "c.warc#3");
        assert_eq!(doc.content, Content::Html("<p>Война</p>".into()));
        assert_eq!(doc.hints.url.as_deref(), Some("http://a.example/x"));
    }

    #[test]
    fn gzip_content_encoding_and_chunks_are_undone_and_bombs_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<p>zipped</p>").unwrap();
        let zipped = gz.finish().unwrap();
        let mut warc = record(
            "response",
            "http://a.example/z",
            &http(
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                &zipped,
            ),
        );
        warc.extend(record(
            "response",
            "http://a.example/c",
            &http(
                "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                b"4\r\n<p>a\r\n5\r\nb</p>\r\n0\r\n\r\n",
            ),
        ));
        let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..(MAX_DOCUMENT_BYTES >> 20) + 1 {
            bomb.write_all(&zeros).unwrap();
        }
        let bomb = bomb.finish().unwrap();
        warc.extend(record(
            "response",
            "http://a.example/b",
            &http(
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                &bomb,
            ),
        ));
        let docs = read(&warc);
        assert_eq!(
            docs[0].as_ref().unwrap().content,
            Content::Html("<p>zipped</p>".into())
        );
        assert_eq!(
            docs[1].as_ref().unwrap().content,
            Content::Html("<p>ab</p>".into())
        );
        let err = docs[2].as_ref().unwrap_err();
        assert_eq!(err.reason, SourceErrorKind::TooLarge);
        assert_eq!(err.provenance.to_string(), "c.warc#3");
    }

    #[test]
    fn a_short_content_length_costs_one_record_and_truncation_ends_the_file() {
        let good = record("resource", "http://a.example/1", b"<p>one</p>");
        let mut bad = record("resource", "http://a.example/2", b"<p>two</p>");
        // Claim 3 bytes for a 10-byte block.
        let at = find(&bad, b"Content-Length: 10").unwrap();
        bad.splice(at..at + 18, b"Content-Length: 3".iter().copied());
        let mut warc = good.clone();
        warc.extend(bad);
        warc.extend(record("resource", "http://a.example/3", b"<p>three</p>"));
        let docs = read(&warc);
        assert_eq!(docs.len(), 4, "{docs:?}");
        assert!(docs[0].is_ok());
        // The short record itself reads as a (bad) 3-byte page, then the
        // leftover is reported against it, and record 3 is read.
        assert!(matches!(
            docs[2].as_ref().unwrap_err().reason,
            SourceErrorKind::BadRecord(_)
        ));
        assert_eq!(docs[3].as_ref().unwrap().provenance.to_string(), "c.warc#3");

        let mut cut = good.clone();
        cut.extend(&good[..good.len() - 12]);
        let docs = read(&cut);
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[1].as_ref().unwrap_err().reason,
            SourceErrorKind::TruncatedRecord
        );
    }
}
