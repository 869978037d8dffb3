//! The JSON Lines reader: one record per non-empty line,
//! `{"url", "title", "text" | "html", "published", "outlet"}`, every field
//! optional but one of `text`/`html`. Records are numbered from 1 counting
//! non-empty lines only, so provenance `feed.jsonl#3` is the third record.
//! A broken line is an error for that record alone; reading goes on. Lines
//! are read one at a time, so a file of any length streams.

use crate::check::{decode_text, io_error_kind, MAX_DOCUMENT_BYTES};
use crate::error::{SourceError, SourceErrorKind};
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use serde::Deserialize;
use std::io::{BufRead, Read};

/// One input record as written; unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct Record {
    url: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    published: Option<String>,
    /// Many exports (Reuters-21578's among them) call the publication date `date`.
    date: Option<String>,
    outlet: Option<String>,
}

/// The records of one JSON Lines stream, in order.
pub struct Records<R> {
    reader: R,
    path: String,
    gzipped: bool,
    /// Records (non-empty lines) seen so far.
    record: u64,
    /// Bytes of the (decompressed) stream consumed so far.
    offset: u64,
    done: bool,
}

impl<R: BufRead> Records<R> {
    /// Records of `reader`, reported under `path`.
    pub fn new(reader: R, path: impl Into<String>, gzipped: bool) -> Self {
        Records {
            reader,
            path: path.into(),
            gzipped,
            record: 0,
            offset: 0,
            done: false,
        }
    }

    fn file_error(&mut self, reason: SourceErrorKind) -> Option<Result<RawDocument, SourceError>> {
        self.done = true;
        Some(Err(SourceError::new(
            Provenance::file(self.path.clone()),
            reason,
        )))
    }

    /// Reads the next line, capped; `Ok(None)` at the end of the stream,
    /// `Ok(Some(Err(TooLarge)))` for an over-long line (skipped to its end).
    fn next_line(&mut self) -> std::io::Result<Option<Result<Vec<u8>, SourceErrorKind>>> {
        let mut line = Vec::new();
        let read = (&mut self.reader)
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        self.offset += read as u64;
        if line.len() as u64 > MAX_DOCUMENT_BYTES && line.last() != Some(&b'\n') {
            // Skip the rest of the over-long line without keeping it.
            loop {
                let buffer = self.reader.fill_buf()?;
                if buffer.is_empty() {
                    break;
                }
                let (used, found) = match buffer.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (buffer.len(), false),
                };
                self.reader.consume(used);
                self.offset += used as u64;
                if found {
                    break;
                }
            }
            return Ok(Some(Err(SourceErrorKind::TooLarge)));
        }
        Ok(Some(Ok(line)))
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<RawDocument, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let line_start = self.offset;
            let line = match self.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    if self.record == 0 {
                        return self.file_error(SourceErrorKind::Empty);
                    }
                    return None;
                }
                Err(e) => {
                    let reason = io_error_kind(&e, self.gzipped);
                    return self.file_error(reason);
                }
            };
            let line = match line {
                Ok(line) => line,
                Err(reason) => {
                    self.record += 1;
                    return Some(Err(SourceError::new(self.provenance(), reason)));
                }
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.record += 1;
            let provenance = self.provenance();
            return Some(parse_record(line, line_start, provenance));
        }
    }
}

impl<R> Records<R> {
    fn provenance(&self) -> Provenance {
        Provenance::record(self.path.clone(), self.record)
    }
}

/// Parses one non-empty line into a document.
fn parse_record(
    line: Vec<u8>,
    offset: u64,
    provenance: Provenance,
) -> Result<RawDocument, SourceError> {
    let fail = |reason| Err(SourceError::new(provenance.clone(), reason));
    let text = match decode_text(line, offset) {
        Ok(text) => text,
        Err(reason) => return fail(reason),
    };
    let record: Record = match serde_json::from_str(&text) {
        Ok(record) => record,
        Err(e) => return fail(SourceErrorKind::BadJson(e.to_string())),
    };
    let non_blank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let content = match (non_blank(record.text), non_blank(record.html)) {
        (Some(text), _) => Content::Text(text),
        (None, Some(html)) => Content::Html(html),
        (None, None) => return fail(SourceErrorKind::NoBody),
    };
    let hints = DocumentHints {
        url: non_blank(record.url),
        title: non_blank(record.title),
        published: non_blank(record.published).or_else(|| non_blank(record.date)),
        outlet: non_blank(record.outlet),
    };
    Ok(RawDocument {
        provenance,
        content,
        hints,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<Result<RawDocument, SourceError>> {
        Records::new(input.as_bytes(), "f.jsonl", false).collect()
    }

    #[test]
    fn fields_become_hints_and_blank_lines_do_not_count() {
        let docs = read(concat!(
            "{\"url\":\"https://x.org/a\",\"title\":\"T\",\"text\":\"Body.\",\"published\":\"2021-07-29\",\"outlet\":\"X\"}\n",
            "\n",
            "{\"html\":\"<p>Hi</p>\",\"extra\":1}\n",
        ));
        assert_eq!(docs.len(), 2);
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.provenance.to_string(), "f.jsonl#1");
        assert_eq!(first.content, Content::Text("Body.".into()));
        assert_eq!(first.hints.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(first.hints.title.as_deref(), Some("T"));
        assert_eq!(first.hints.published.as_deref(), Some("2021-07-29"));
        assert_eq!(first.hints.outlet.as_deref(), Some("X"));
        let second = docs[1].as_ref().unwrap();
        assert_eq!(second.provenance.to_string(), "f.jsonl#2");
        assert_eq!(second.content, Content::Html("<p>Hi</p>".into()));
    }

    #[test]
    fn date_stands_in_for_published() {
        let input = "{\"text\":\"Body.\",\"date\":\"1987-02-26T15:01:01\"}\n{\"text\":\"B.\",\"date\":\"x\",\"published\":\"2020-01-02\"}\n";
        let docs = read(input);
        let first = docs[0].as_ref().unwrap();
        assert_eq!(
            first.hints.published.as_deref(),
            Some("1987-02-26T15:01:01")
        );
        let second = docs[1].as_ref().unwrap();
        assert_eq!(second.hints.published.as_deref(), Some("2020-01-02"));
    }

    #[test]
    fn broken_line_is_an_error_for_that_record_only() {
        let docs =
            read("{\"text\":\"a\"}\n{\"text\": oops\n{\"title\":\"no body\"}\n{\"text\":\"d\"}");
        assert_eq!(docs.len(), 4);
        assert!(docs[0].is_ok());
        let broken = docs[1].as_ref().unwrap_err();
        assert_eq!(broken.provenance.to_string(), "f.jsonl#2");
        assert!(
            broken
                .to_string()
                .starts_with("f.jsonl#2: invalid JSON record"),
            "{broken}"
        );
        assert_eq!(
            docs[2].as_ref().unwrap_err().reason,
            SourceErrorKind::NoBody
        );
        assert_eq!(
            docs[3].as_ref().unwrap().provenance.to_string(),
            "f.jsonl#4"
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte_in_the_stream() {
        let mut input = b"{\"text\":\"a\"}\n".to_vec();
        input.extend_from_slice(b"{\"text\":\"caf\xE9\"}\n");
        let docs: Vec<_> = Records::new(&input[..], "f.jsonl", false).collect();
        let error = docs[1].as_ref().unwrap_err();
        assert_eq!(error.reason, SourceErrorKind::InvalidUtf8 { byte: 13 + 12 });
    }

    #[test]
    fn an_empty_stream_is_one_error() {
        let docs = read("\n  \n");
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].as_ref().unwrap_err().to_string(),
            "f.jsonl: empty file"
        );
    }
}
