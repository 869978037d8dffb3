//! WARC records, plain and gzipped: any bytes must give documents or
//! per-record errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in outpost_source::WarcRecords::new(data, "f.warc", false) {
        let _ = item;
    }
    // The same bytes through the gzip decoder, as a `.warc.gz` is read.
    let gzipped = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(data));
    for item in outpost_source::WarcRecords::new(gzipped, "f.warc.gz", true) {
        let _ = item;
    }
});
