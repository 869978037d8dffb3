//! RSS/Atom feeds: any bytes give items or one clear error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = outpost_source::read_feed(data, false, "f.xml");
});
