//! Embeds the gazetteer built at set-up (`xtask/gazetteer.py`), if there is one.
//!
//! The file is copied into `OUT_DIR` so that `include_bytes!` always has
//! something to embed: an empty file when set-up was not run, which the
//! crate reads as an empty gazetteer.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=OUTPOST_GAZETTEER");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let source = match std::env::var_os("OUTPOST_GAZETTEER") {
        Some(path) => PathBuf::from(path),
        None => manifest.join("../../data/generated/gazetteer.tsv.gz"),
    };
    // A path that does not exist makes cargo rerun this script on every
    // build, which is what picks the file up once set-up has made it.
    println!("cargo:rerun-if-changed={}", source.display());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = out_dir.join("gazetteer.tsv.gz");
    match std::fs::read(&source) {
        Ok(bytes) => {
            std::fs::write(&target, bytes).expect("OUT_DIR is writable");
        }
        Err(_) => {
            println!(
                "cargo:warning=no gazetteer at {}: set-up was not run (python3 xtask/gazetteer.py --out data/generated/gazetteer.tsv.gz); places will not be resolved",
                source.display()
            );
            std::fs::write(&target, b"").expect("OUT_DIR is writable");
        }
    }
}
