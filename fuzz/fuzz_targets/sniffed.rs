//! Standard input: gzip or not, sniffed to any reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in outpost_source::read_sniffed(std::io::Cursor::new(data.to_vec()), "-") {
        let _ = item;
    }
});
