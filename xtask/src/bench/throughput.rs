//! Benchmark `throughput`: `outpost ingest` end to end on Reuters-21578 with
//! the release binary, every stage and the store included.
//!
//! Runs, each into a fresh database in a temporary folder:
//! 1. the corpus once, as shipped (`../shared/corpus/reuters21578`);
//! 2. the same database again, where every input is already stored, which
//!    isolates the whole-collection stages (stories, events, claims);
//! 3. the corpus N times over (default 10, `--times N`): copy 0 verbatim,
//!    copy k with `id`, `title` and `text` marked "(k)" so that no copy is an
//!    exact duplicate of another. The near-duplicate detector still sees each
//!    copy as a syndicated copy of the original, as it would on a crawl
//!    carrying the same wire story ten times.
//!
//! For each: wall time, records read per second, and peak resident memory
//! (`VmHWM` from `/proc`, sampled every 20 ms). `--profile` also records
//! the first run with `perf record -e cpu-clock` (or, where perf cannot run,
//! valgrind's callgrind on the first 1,000 records) and prints the top
//! functions by self time.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One measured ingest.
struct Run {
    label: String,
    wall: Duration,
    peak_mib: f64,
    /// User + system CPU seconds (the machine is shared: wall time alone
    /// depends on what else runs).
    cpu_secs: f64,
    report: serde_json::Value,
    exit: Option<i32>,
}

impl Run {
    fn count(&self, field: &str) -> u64 {
        self.report[field].as_u64().unwrap_or(0)
    }
}

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    let mut times = 10usize;
    let mut profile = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--times" => {
                times = iter
                    .next()
                    .context("--times needs a number")?
                    .parse()
                    .context("--times needs a number")?
            }
            "--profile" => profile = true,
            other => bail!("unknown option {other} (expected --times N, --profile)"),
        }
    }
    let corpus = super::shared_dir()?.join("corpus/reuters21578/reuters21578.jsonl");
    if !corpus.is_file() {
        bail!("{} is not here", corpus.display());
    }
    let binary = build_release()?;
    let work = std::env::temp_dir().join(format!("outpost-throughput-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let result = measure(&binary, &corpus, &work, times, profile);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn measure(binary: &Path, corpus: &Path, work: &Path, times: usize, profile: bool) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "throughput: {} on {cores} cores, release build",
        corpus.display()
    );
    let corpus_arg = corpus.display().to_string();
    let once_db = work.join("once.db");
    let once = ingest(binary, &once_db, &[&corpus_arg], "x1")?;
    print_run(&once);
    let again = ingest(binary, &once_db, &[&corpus_arg], "x1 again (all stored)")?;
    print_run(&again);

    let mut runs = vec![once, again];
    if times > 1 {
        let copies = work.join(format!("x{times}"));
        write_copies(corpus, &copies, times)?;
        let label = format!("x{times}");
        let many = ingest(
            binary,
            &work.join("many.db"),
            &[&copies.display().to_string()],
            &label,
        )?;
        print_run(&many);
        std::fs::remove_dir_all(&copies).ok();
        runs.push(many);
    }

    println!();
    println!("| run | records read | articles stored | wall (s) | CPU (s) | records/s | stored/s | peak RSS (MiB) | exit |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &runs {
        let secs = r.wall.as_secs_f64();
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {:.0} | {:.0} | {:.0} | {} |",
            r.label,
            r.count("read"),
            r.count("stored"),
            secs,
            r.cpu_secs,
            r.count("read") as f64 / secs,
            r.count("stored") as f64 / secs,
            r.peak_mib,
            r.exit.map_or("signal".to_string(), |c| c.to_string()),
        );
    }
    if profile {
        println!();
        run_profile(binary, corpus, work)?;
    }
    Ok(())
}

/// Builds the release binary and returns its path.
fn build_release() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--release", "-p", "outpost"])
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("cargo build --release -p outpost failed");
    }
    Ok(root.join("target/release/outpost"))
}

/// `outpost --db DB ingest --json PATHS`, timed, with its peak memory.
fn ingest(binary: &Path, db: &Path, paths: &[&str], label: &str) -> Result<Run> {
    let start = Instant::now();
    let mut child = Command::new(binary)
        .arg("--db")
        .arg(db)
        .args(["ingest", "--json"])
        .args(paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("running {}", binary.display()))?;
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).ok();
        text
    });
    let status_file = format!("/proc/{}/status", child.id());
    let stat_file = format!("/proc/{}/stat", child.id());
    let mut peak_kib = 0u64;
    let mut cpu_ticks = 0u64;
    let status = loop {
        if let Ok(stat) = std::fs::read_to_string(&stat_file) {
            // Fields after the command name: utime and stime are 14 and 15.
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or("", |(_, rest)| rest)
                .split_whitespace()
                .collect();
            let tick = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
            if let (Some(user), Some(system)) = (tick(11), tick(12)) {
                cpu_ticks = cpu_ticks.max(user + system);
            }
        }
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall = start.elapsed();
    let text = reader.join().expect("reader thread");
    let report = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    if report.is_null() {
        bail!("{label}: outpost exited {status} without a report");
    }
    Ok(Run {
        label: label.to_string(),
        wall,
        peak_mib: peak_kib as f64 / 1024.0,
        // The kernel's clock tick is 100 Hz on Linux.
        cpu_secs: cpu_ticks as f64 / 100.0,
        report,
        exit: status.code(),
    })
}

fn print_run(r: &Run) {
    println!(
        "{}: {:.1} s ({:.1} s CPU), {} read, {} stored, {} skipped, {} stories, {} events; peak RSS {:.0} MiB",
        r.label,
        r.wall.as_secs_f64(),
        r.cpu_secs,
        r.count("read"),
        r.count("stored"),
        r.count("skipped"),
        r.count("stories"),
        r.count("events"),
        r.peak_mib
    );
}

/// Writes `times` copies of the corpus into `dir`, one file each; copy k > 0
/// has its id, title and text marked so that it is not an exact duplicate.
fn write_copies(corpus: &Path, dir: &Path, times: usize) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for k in 0..times {
        let input = std::io::BufReader::new(std::fs::File::open(corpus)?);
        let mut out = std::io::BufWriter::new(std::fs::File::create(
            dir.join(format!("copy{k:02}.jsonl")),
        )?);
        for line in input.lines() {
            let line = line?;
            if k == 0 {
                writeln!(out, "{line}")?;
                continue;
            }
            let mut record: serde_json::Value = serde_json::from_str(&line)?;
            let id = record["id"].to_string();
            record["id"] = format!("{id}-{k}").into();
            for (field, mark) in [("title", format!(" ({k})")), ("text", format!("\n({k})"))] {
                if let Some(value) = record[field].as_str().filter(|v| !v.is_empty()) {
                    record[field] = format!("{value}{mark}").into();
                }
            }
            writeln!(out, "{record}")?;
        }
        out.flush()?;
    }
    Ok(())
}

/// Profiles one ingest of the corpus and prints the top functions by self
/// time: perf where it can sample, else callgrind on a subset.
fn run_profile(binary: &Path, corpus: &Path, work: &Path) -> Result<()> {
    let data = work.join("perf.data");
    let db = work.join("profile.db");
    let perf = Command::new("perf")
        .args(["record", "-e", "cpu-clock", "-F", "999", "-g", "-o"])
        .arg(&data)
        .arg("--")
        .arg(binary)
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if perf.is_ok_and(|s| s.code().is_some_and(|c| c == 0 || c == 2)) {
        let report = Command::new("perf")
            .args([
                "report",
                "--no-children",
                "--sort",
                "symbol",
                "--stdio",
                "-g",
                "none",
                "-i",
            ])
            .arg(&data)
            .stderr(Stdio::null())
            .output()
            .context("running perf report")?;
        println!("perf record -e cpu-clock, top functions by self time (x1):");
        let text = String::from_utf8_lossy(&report.stdout);
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .take(25)
        {
            println!("  {line}");
        }
        return Ok(());
    }
    // callgrind is ~50x slower: a subset of 1,000 records.
    let subset = work.join("subset.jsonl");
    {
        let input = std::io::BufReader::new(std::fs::File::open(corpus)?);
        let mut out = std::io::BufWriter::new(std::fs::File::create(&subset)?);
        for line in input.lines().take(1000) {
            writeln!(out, "{}", line?)?;
        }
    }
    let out_file = work.join("callgrind.out");
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(binary)
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&subset)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("running valgrind (neither perf nor valgrind could profile)")?;
    if !status.code().is_some_and(|c| c == 0 || c == 2) {
        bail!("valgrind --tool=callgrind failed: {status}");
    }
    let report = Command::new("callgrind_annotate")
        .arg(&out_file)
        .output()
        .context("running callgrind_annotate")?;
    println!("callgrind, top functions by instructions (first 1,000 records):");
    for line in String::from_utf8_lossy(&report.stdout).lines().take(45) {
        println!("  {line}");
    }
    Ok(())
}
