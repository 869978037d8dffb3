//! Paths to documents: a file is read by the reader its name calls for; a
//! folder is walked recursively in sorted order (so every run sees inputs in
//! the same order), without following symbolic links (so a link cycle cannot
//! loop), keeping only files whose names a reader knows.

use crate::check::io_error_kind;
use crate::document::failed;
use crate::error::{SourceError, SourceErrorKind};
use crate::format::{format_of, Format};
use crate::{feed, gzip, html, jsonl, txt, warc};
use outpost_core::{Provenance, RawDocument};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A stream of documents (or per-input errors).
pub type Documents = Box<dyn Iterator<Item = Result<RawDocument, SourceError>>>;

/// Documents of one path given by the user: a file or a folder.
pub fn read_path(path: String) -> Documents {
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => walk_folder(PathBuf::from(path)),
        Ok(_) => read_file(&PathBuf::from(&path), path),
        Err(e) => Box::new(std::iter::once(failed(
            Provenance::file(path),
            io_error_kind(&e, false),
        ))),
    }
}

/// Documents of every known file under `root`, in sorted order.
fn walk_folder(root: PathBuf) -> Documents {
    let entries = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    Box::new(entries.flat_map(|entry| -> Documents {
        match entry {
            Ok(entry) if entry.file_type().is_file() && format_of(entry.path()).is_some() => {
                let shown = entry.path().display().to_string();
                read_file(entry.path(), shown)
            }
            Ok(_) => Box::new(std::iter::empty()),
            Err(e) => {
                let shown = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                let reason = match e.io_error() {
                    Some(io) => io_error_kind(io, false),
                    None => SourceErrorKind::Unreadable(e.to_string()),
                };
                Box::new(std::iter::once(failed(Provenance::file(shown), reason)))
            }
        }
    }))
}

/// Documents of one file, shown as `shown` in provenance.
fn read_file(path: &Path, shown: String) -> Documents {
    let Some((format, gzipped)) = format_of(path) else {
        return one(failed(
            Provenance::file(shown),
            SourceErrorKind::UnsupportedType,
        ));
    };
    let reader = match gzip::open(path, gzipped) {
        Ok(reader) => reader,
        Err(e) => return one(failed(Provenance::file(shown), io_error_kind(&e, false))),
    };
    let provenance = Provenance::file(shown.clone());
    match format {
        Format::Text => one(txt::read(reader, gzipped, provenance)),
        Format::Html => one(html::read(reader, gzipped, provenance)),
        Format::JsonLines => Box::new(jsonl::Records::new(reader, shown, gzipped)),
        Format::Warc => Box::new(warc::WarcRecords::new(reader, shown, gzipped)),
        Format::Feed => Box::new(feed::read(reader, gzipped, &shown).into_iter()),
    }
}

fn one(item: Result<RawDocument, SourceError>) -> Documents {
    Box::new(std::iter::once(item))
}
