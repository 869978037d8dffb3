//! JSON Lines: any bytes give records or per-record errors.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in outpost_source::Records::new(data, "f.jsonl", false) {
        let _ = item;
    }
});
