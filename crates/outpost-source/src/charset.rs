//! Decoding HTML bytes to text in whatever charset the page is written in.
//! The order follows what browsers do, with one exception: a byte-order mark
//! wins, then the HTTP `Content-Type` charset (WARC responses carry one),
//! then — unlike a browser — bytes that are valid UTF-8 are read as UTF-8
//! even when a `<meta>` tag claims a legacy charset (pages re-encoded by a
//! crawler or CMS keep stale meta tags far more often than legacy text
//! happens to be valid UTF-8), then the `<meta charset>` or
//! `<meta http-equiv=Content-Type>` in the first 4 KiB, and finally
//! windows-1252, the de facto default of the legacy web.

use crate::check::looks_binary;
use crate::error::SourceErrorKind;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into a page a `<meta>` charset declaration is looked for (the
/// HTML standard says 1024 bytes; real pages put long scripts first).
const META_SCAN: usize = 4096;

/// The encoding named by a `charset=` parameter or label, if `encoding_rs`
/// knows it (labels follow the WHATWG Encoding Standard).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'');
    Encoding::for_label(label.as_bytes())
}

/// The charset parameter of a `Content-Type` value (`text/html; charset=x`).
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let rest = &content_type[at + "charset=".len()..];
    let end = rest.find([';', ' ', ',']).unwrap_or(rest.len());
    encoding_for_label(&rest[..end])
}

/// The charset a `<meta>` tag declares near the top of the page.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN)];
    // Only ASCII matters here; lossy is fine for finding the declaration.
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = head[from..].find("<meta") {
        let start = from + at;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(i) = tag.find("charset") {
            let rest = tag[i + "charset".len()..].trim_start();
            if let Some(value) = rest.strip_prefix('=') {
                let value = value.trim_start().trim_start_matches(['"', '\'']);
                let stop = value
                    .find(|c: char| {
                        c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace()
                    })
                    .unwrap_or(value.len());
                if let Some(encoding) = encoding_for_label(&value[..stop]) {
                    return Some(encoding);
                }
            }
        }
        from = end;
    }
    None
}

/// Decodes an HTML page to text. `declared` is the charset from outside the
/// page (an HTTP header), if any. UTF-16 declared in a `<meta>` tag is read
/// as UTF-8, as the HTML standard requires. Rejects empty and binary data.
pub fn decode_html(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<String, SourceErrorKind> {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => {
            let encoding = declared
                .or_else(|| std::str::from_utf8(bytes).is_ok().then_some(UTF_8))
                .or_else(|| meta_charset(bytes).map(|e| e.output_encoding()))
                .unwrap_or(WINDOWS_1252);
            (encoding, bytes)
        }
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(SourceErrorKind::Empty);
    }
    if !encoding.name().starts_with("UTF-16") && looks_binary(body) {
        return Err(SourceErrorKind::Binary);
    }
    let (text, _) = encoding.decode_without_bom_handling(body);
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_then_header_then_utf8_then_meta_then_windows_1252() {
        assert_eq!(
            decode_html(b"\xEF\xBB\xBF<p>caf\xC3\xA9</p>", None).unwrap(),
            "<p>café</p>"
        );
        assert_eq!(decode_html(b"\xFF\xFE<\0p\0>\0", None).unwrap(), "<p>");
        let latin = b"<meta charset=\"iso-8859-1\"><p>caf\xE9</p>";
        assert_eq!(
            decode_html(latin, None).unwrap(),
            "<meta charset=\"iso-8859-1\"><p>café</p>"
        );
        let header = charset_param("text/html; charset=KOI8-R");
        assert_eq!(
            decode_html(b"<p>\xF7\xCF\xCA\xCE\xC1</p>", header).unwrap(),
            "<p>Война</p>"
        );
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xC2\xEE\xE9\xED\xE0</p>";
        assert!(decode_html(equiv, None).unwrap().ends_with("<p>Война</p>"));
        let stale = "<meta charset=\"iso-8859-1\"><p>café</p>";
        assert_eq!(decode_html(stale.as_bytes(), None).unwrap(), stale);
        assert_eq!(
            decode_html(b"<p>na\xEFve</p>", None).unwrap(),
            "<p>naïve</p>"
        );
    }

    #[test]
    fn empty_and_binary_pages_are_refused() {
        assert_eq!(decode_html(b"  \n", None), Err(SourceErrorKind::Empty));
        assert_eq!(
            decode_html(b"<p>\0\0</p>", None),
            Err(SourceErrorKind::Binary)
        );
    }

    #[test]
    fn charset_parameters_and_unknown_labels() {
        assert_eq!(charset_param("text/html;charset=\"utf-8\""), Some(UTF_8));
        assert_eq!(charset_param("text/html"), None);
        assert_eq!(meta_charset(b"<meta charset=bogus-thing>"), None);
    }
}
