//! Readers: input paths in, [`RawDocument`]s with [`Provenance`](outpost_core::Provenance) out.
//!
//! [`read_all`] takes what the user named on the command line — files,
//! folders, `-` for standard input — and yields one item per document:
//! `.txt` ([`Content::Text`](outpost_core::Content)), `.html`/`.htm`
//! ([`Content::Html`](outpost_core::Content)), `.jsonl` (one record per
//! non-empty line, provenance `path#N`), `.warc` (HTML and text response
//! and resource records, provenance `path#N` by record position), RSS/Atom
//! feeds `.xml`/`.rss`/`.atom` (one document per item, with url, title,
//! published and outlet hints), any of them gzipped (`x.warc.gz`). HTML is
//! decoded from the charset its HTTP header, byte-order mark or `<meta>`
//! declares.
//! Folders are walked recursively in sorted order without following symbolic
//! links; files with other extensions in a folder are ignored.
//!
//! Reading is lazy: one document (or one JSON line) is in memory at a time,
//! so a folder or a feed of any size streams. A bad input — missing, empty,
//! binary, not UTF-8, a truncated gzip or WARC record, over 64 MiB, a
//! broken JSON line or WARC record, a feed with entity declarations — is
//! an `Err(`[`SourceError`]`)` item naming the file (and record) and why;
//! iteration goes on with the rest.
//!
//! This crate does no extraction: titles, boilerplate and metadata are the
//! extractor's job. JSON Lines fields go to
//! [`DocumentHints`](outpost_core::DocumentHints) untouched.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.txt"), "Title\n\nBody.").unwrap();
//! std::fs::write(dir.path().join("b.txt"), "").unwrap();
//! let items: Vec<_> = outpost_source::read_all(&[dir.path().display().to_string()]).collect();
//! assert!(items[0].is_ok());
//! assert!(items[1].as_ref().unwrap_err().to_string().ends_with("b.txt: empty file"));
//! ```
#![deny(missing_docs)]

mod charset;
mod check;
mod document;
mod error;
mod feed;
mod format;
mod gzip;
mod html;
mod jsonl;
mod stdin;
mod txt;
mod walk;
mod warc;

pub use charset::{charset_param, decode_html, meta_charset};
pub use check::MAX_DOCUMENT_BYTES;
pub use error::{Result, SourceError, SourceErrorKind};
pub use feed::{check_shape as check_feed_shape, read as read_feed, MAX_DEPTH as MAX_FEED_DEPTH};
pub use format::{format_of, Format};
pub use jsonl::Records;
pub use stdin::{read_sniffed, sniff, Sniffed};
pub use warc::WarcRecords;

use outpost_core::RawDocument;

/// Reads every path (files, folders walked recursively, `-` for stdin),
/// lazily and in order; each bad input is one `Err` item and reading goes on.
pub fn read_all(
    paths: &[String],
) -> impl Iterator<Item = std::result::Result<RawDocument, SourceError>> {
    // Owned so the stream outlives the caller's slice.
    let paths: Vec<String> = paths.to_vec();
    paths.into_iter().flat_map(read_path)
}

/// Reads one path: `-` is standard input, a folder is walked, a file is read
/// by the reader its name calls for.
pub fn read_path(path: String) -> walk::Documents {
    if path == "-" {
        stdin::read_stdin()
    } else {
        walk::read_path(path)
    }
}

/// A boxed stream of documents, as [`read_path`] returns.
pub use walk::Documents;
