//! Byte-level checks every reader shares: size cap, emptiness, binary data,
//! UTF-8. Run on the decompressed bytes so a gzipped file is judged by what
//! it contains.

use crate::error::SourceErrorKind;
use std::io::Read;

/// The most bytes one document may decompress (or read) to. Larger inputs
/// are nearly always mistakes (a database dump, a disk image) and would stall
/// the per-document stages.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// How many leading bytes the binary sniffing looks at.
const BINARY_SAMPLE: usize = 64 * 1024;

/// Reads one whole document from `reader`, at most [`MAX_DOCUMENT_BYTES`].
/// `gzipped` says how to explain a read error (a decoder error means the
/// gzip stream is broken, not the disk).
pub fn read_capped(reader: impl Read, gzipped: bool) -> Result<Vec<u8>, SourceErrorKind> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error_kind(&e, gzipped))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(SourceErrorKind::TooLarge);
    }
    Ok(bytes)
}

/// Explains an I/O error met while reading, given whether the stream was gzip.
pub fn io_error_kind(error: &std::io::Error, gzipped: bool) -> SourceErrorKind {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => SourceErrorKind::Missing,
        ErrorKind::UnexpectedEof | ErrorKind::InvalidData | ErrorKind::InvalidInput if gzipped => {
            SourceErrorKind::TruncatedGzip
        }
        _ => SourceErrorKind::Unreadable(error.to_string()),
    }
}

/// Whether a sample looks like binary data rather than text: any NUL byte,
/// or more than 5% control characters other than tab, newline, carriage
/// return and form feed.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(BINARY_SAMPLE)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    controls * 20 > sample.len()
}

/// Turns a document's bytes into text: strips a UTF-8 byte-order mark and
/// rejects empty, binary or non-UTF-8 content. `offset` is where `bytes`
/// starts in its stream, so that the error names the absolute byte.
pub fn decode_text(mut bytes: Vec<u8>, offset: u64) -> Result<String, SourceErrorKind> {
    let mut start = offset;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        start += 3;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SourceErrorKind::Empty);
    }
    if looks_binary(&bytes) {
        return Err(SourceErrorKind::Binary);
    }
    String::from_utf8(bytes).map_err(|e| SourceErrorKind::InvalidUtf8 {
        byte: start + e.utf8_error().valid_up_to() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_and_many_controls_are_binary_but_tabs_are_not() {
        assert!(looks_binary(b"abc\0def"));
        assert!(looks_binary(&[1, 2, 3, 4, b'a', b'b']));
        assert!(!looks_binary(b"a\tb\r\nc\x0cd"));
    }

    #[test]
    fn decode_reports_empty_binary_and_bad_utf8_with_offset() {
        assert_eq!(
            decode_text(b" \n\t".to_vec(), 0),
            Err(SourceErrorKind::Empty)
        );
        assert_eq!(
            decode_text(b"a\0b".to_vec(), 0),
            Err(SourceErrorKind::Binary)
        );
        assert_eq!(
            decode_text(b"caf\xE9 noir".to_vec(), 10),
            Err(SourceErrorKind::InvalidUtf8 { byte: 13 })
        );
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFhi".to_vec(), 0).as_deref(),
            Ok("hi")
        );
    }

    #[test]
    fn read_capped_refuses_more_than_the_cap() {
        let big = std::io::repeat(b'a').take(MAX_DOCUMENT_BYTES + 10);
        assert_eq!(read_capped(big, false), Err(SourceErrorKind::TooLarge));
        assert_eq!(read_capped(&b"abc"[..], false).unwrap(), b"abc");
    }
}
