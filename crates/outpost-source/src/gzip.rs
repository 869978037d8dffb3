//! Opening a file, through a gzip decoder when its name ends in `.gz`.
//! Concatenated gzip members are read as one stream, as `gzip -d` does.

use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The two bytes every gzip stream starts with.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Opens `path` for buffered reading, decompressing when `gzipped`.
pub fn open(path: &Path, gzipped: bool) -> std::io::Result<Box<dyn BufRead>> {
    let file = File::open(path)?;
    Ok(wrap(file, gzipped))
}

/// Wraps any reader, decompressing when `gzipped`.
pub fn wrap(reader: impl Read + 'static, gzipped: bool) -> Box<dyn BufRead> {
    if gzipped {
        Box::new(BufReader::new(MultiGzDecoder::new(BufReader::new(reader))))
    } else {
        Box::new(BufReader::new(reader))
    }
}
