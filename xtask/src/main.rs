//! `cargo xtask TASK`: the project's developer tasks, kept out of the product.
//!
//! `cargo xtask bench NAME [ARGS]` scores outpost on a gold set from
//! `../shared/bench` (or a corpus from `../shared/corpus`) and, where the
//! issue names one, runs the anchor tool side by side in the same run. Each
//! benchmark lives in its own module under `src/bench/`; BENCHMARKS.md gives
//! the command behind every figure. None of this runs in the default test
//! suite.

mod bench;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask bench <{}> [ARGS]",
                bench::NAMES.join("|")
            );
            std::process::exit(2)
        }
    }
}
