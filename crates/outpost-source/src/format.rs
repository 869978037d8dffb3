//! Which reader a file name calls for. A trailing `.gz` means gzip around the
//! inner type named by the rest of the name (`x.jsonl.gz` is gzipped JSON
//! Lines).

use std::path::Path;

/// What a file holds, judged by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: one plain-text document.
    Text,
    /// `.html` or `.htm`: one HTML page.
    Html,
    /// `.jsonl`: one JSON record per line.
    JsonLines,
    /// `.warc`: web archive records.
    Warc,
    /// `.xml`, `.rss`, `.atom`: an RSS or Atom feed.
    Feed,
}

/// A file's format and whether it is gzipped, from its name; `None` when no
/// reader handles it.
pub fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (inner, gzipped) = match name.strip_suffix(".gz") {
        Some(inner) => (inner, true),
        None => (name.as_str(), false),
    };
    let extension = Path::new(inner).extension()?.to_str()?;
    let format = match extension {
        "txt" => Format::Text,
        "html" | "htm" => Format::Html,
        "jsonl" => Format::JsonLines,
        "warc" => Format::Warc,
        "xml" | "rss" | "atom" => Format::Feed,
        _ => return None,
    };
    Some((format, gzipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_type_comes_from_the_name_without_gz() {
        assert_eq!(format_of(Path::new("a/b.txt")), Some((Format::Text, false)));
        assert_eq!(format_of(Path::new("b.HTM")), Some((Format::Html, false)));
        assert_eq!(
            format_of(Path::new("b.jsonl.gz")),
            Some((Format::JsonLines, true))
        );
        assert_eq!(
            format_of(Path::new("b.html.gz")),
            Some((Format::Html, true))
        );
        assert_eq!(format_of(Path::new("b.gz")), None);
        assert_eq!(
            format_of(Path::new("c.warc.gz")),
            Some((Format::Warc, true))
        );
        assert_eq!(format_of(Path::new("f.RSS")), Some((Format::Feed, false)));
        assert_eq!(format_of(Path::new("notes.md")), None);
        assert_eq!(format_of(Path::new("txt")), None);
    }
}
