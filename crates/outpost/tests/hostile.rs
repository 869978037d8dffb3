//! Hostile inputs, all generated here: each bad one is named on stderr with
//! its reason, every good record is stored, nothing panics, and time and
//! memory stay bounded.

use crate::util::{stderr, Workdir};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A finished run of the binary with its wall time and peak resident memory.
pub struct Measured {
    pub output: Output,
    pub elapsed: Duration,
    /// Peak RSS in KiB (`VmHWM`, sampled while the process runs).
    pub peak_kib: u64,
}

/// Runs `outpost --db DB ARGS` in `dir`, sampling its peak memory from
/// `/proc` until it exits; kills it after `limit`.
pub fn run_measured(dir: &Path, db: &Path, args: &[&str], limit: Duration) -> Measured {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_outpost"))
        .current_dir(dir)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run outpost");
    // Drain the pipes in threads so a chatty child cannot block.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut buf).ok();
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut buf).ok();
        buf
    });
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(kib) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        if let Some(status) = child.try_wait().expect("wait for outpost") {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            let _ = child.wait();
            panic!("outpost {args:?} ran past {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Measured {
        output: Output {
            status,
            stdout: out_thread.join().unwrap(),
            stderr: err_thread.join().unwrap(),
        },
        elapsed: start.elapsed(),
        peak_kib,
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A news report that the pipeline stores; `n` makes each one distinct.
fn report(n: usize) -> String {
    format!(
        "Shelling reported near checkpoint {n}\n\nMarch {day}, 2023\n\n\
         Two soldiers were wounded when artillery struck checkpoint {n} near Gao on Sunday, the army said.\n\n\
         Officials said reinforcements had been sent to the area.\n",
        day = 1 + n % 27
    )
}

fn jsonl_record(n: usize) -> String {
    serde_json::json!({
        "url": format!("https://news.example.org/2023/03/{n}/report"),
        "title": format!("Patrol ambushed on road {n}"),
        "text": format!("Gunmen ambushed a patrol on road {n} near Gao on Monday, killing three soldiers, officials said."),
        "published": "2023-03-06",
        "outlet": "Example News",
    })
    .to_string()
}

/// A WARC/1.0 response record around `html`.
fn warc_record(uri: &str, html: &str) -> String {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-03-06T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
}

/// A gzip stream of `size` zero bytes written in one go, without holding them.
fn gzip_bomb(path: &Path, size: u64) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::best());
    let block = vec![0u8; 1 << 20];
    for _ in 0..size / block.len() as u64 {
        enc.write_all(&block).unwrap();
    }
    enc.finish().unwrap().flush().unwrap();
}

/// Every hostile case beside good inputs in one folder, ingested in one run.
/// WARC and feed files go in `direct/` and are named on the command line:
/// a walked folder ignores file types no reader knows, while a file named
/// directly is reported either way (by its reader, or as an unsupported type
/// before the WARC and RSS/Atom readers exist).
/// Returns the names the run must report (file name → a word its reason
/// must contain, or "" for any reason).
fn hostile_corpus(w: &Workdir) -> Vec<(&'static str, &'static str)> {
    let mut bad = Vec::new();
    // Good inputs: 3 text files and 3 JSON Lines records around a broken one.
    for n in 0..3 {
        w.write(&format!("in/good{n}.txt"), report(n));
    }
    w.write(
        "in/mixed.jsonl",
        format!(
            "{}\n{}\n{{\"title\": \"cut off\", \"text\": \"no end\n{}\n",
            jsonl_record(1),
            jsonl_record(2),
            jsonl_record(3)
        ),
    );
    bad.push(("mixed.jsonl#3", "JSON"));

    let mut binary = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        binary.push((x >> 16) as u8);
    }
    w.write("in/random.txt", &binary);
    bad.push(("random.txt", ""));
    w.write(
        "in/nul.txt",
        b"Title\n\nSome text\0with NUL\0bytes in it.\n",
    );
    bad.push(("nul.txt", "binary"));
    w.write(
        "in/latin1.txt",
        b"Caf\xe9 attack\n\nA bomb hit a caf\xe9 on Monday.\n",
    );
    bad.push(("latin1.txt", "UTF-8"));
    w.write(
        "in/latin1.jsonl",
        b"{\"title\": \"Caf\xe9\", \"text\": \"A bomb hit a caf\xe9.\"}\n",
    );
    bad.push(("latin1.jsonl#1", "UTF-8"));
    w.write("in/empty.txt", "");
    bad.push(("empty.txt", "empty"));
    w.write("in/empty.jsonl", "\n\n");
    bad.push(("empty.jsonl", "empty"));

    let full = gzip(format!("{}\n{}\n", jsonl_record(10), jsonl_record(11)).as_bytes());
    w.write("in/truncated.jsonl.gz", &full[..full.len() / 2]);
    bad.push(("truncated.jsonl.gz", "gzip"));

    let warc = warc_record(
        "https://news.example.org/warc",
        &format!("<html><body><p>{}</p></body></html>", report(20)),
    );
    w.write(
        "direct/truncated.warc",
        &warc.as_bytes()[..warc.len() * 2 / 3],
    );
    bad.push(("truncated.warc", ""));
    let warc_gz = gzip(warc.as_bytes());
    w.write("direct/truncated.warc.gz", &warc_gz[..warc_gz.len() / 2]);
    bad.push(("truncated.warc.gz", ""));

    gzip_bomb(&w.dir.path().join("in/bomb.txt.gz"), 2 << 30);
    bad.push(("bomb.txt.gz", ""));

    let depth = 200_000;
    w.write(
        "in/deep.jsonl",
        format!(
            "{{\"text\": {}\"x\"{}}}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    bad.push(("deep.jsonl#1", "JSON"));

    w.write(
        "direct/laughs.xml",
        concat!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n",
            " <!ENTITY lol \"lol\">\n",
            " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n",
            " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n",
            " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n",
            " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n",
            " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n",
            " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n",
            " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n",
            " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n",
            " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n",
            "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>",
            "<item><title>&lol9;</title><description>&lol9;</description></item>",
            "</channel></rss>\n"
        ),
    );
    bad.push(("laughs.xml", ""));
    bad
}

#[test]
fn hostile_inputs_are_named_the_good_ones_stored_and_nothing_panics() {
    let w = Workdir::new();
    let bad = hostile_corpus(&w);
    // A symbolic link loop: one inside the folder (not followed by the walk)
    // and a pair named on the command line.
    let root = w.dir.path();
    std::os::unix::fs::symlink(root.join("in"), root.join("in/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("b.txt"), root.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("a.txt"), root.join("b.txt")).unwrap();

    let db = root.join("outpost.db");
    let run = run_measured(
        root,
        &db,
        &[
            "ingest",
            "in",
            "direct/truncated.warc",
            "direct/truncated.warc.gz",
            "direct/laughs.xml",
            "a.txt",
        ],
        Duration::from_secs(300),
    );
    let err = stderr(&run.output);
    assert_eq!(run.output.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for (name, reason) in bad.iter().chain([&("a.txt", "")]) {
        let line = err
            .lines()
            .find(|l| l.starts_with("outpost: skipped") && l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported: {err}"));
        assert!(
            line.to_lowercase().contains(&reason.to_lowercase()),
            "{name} reported without `{reason}`: {line}"
        );
        // Every message gives a reason after the name.
        let after = &line[line.find(name).unwrap() + name.len()..];
        assert!(after.trim_start_matches(':').trim().len() > 3, "{line}");
    }
    // Every good record is stored: 3 files, 3 records of mixed.jsonl.
    let articles = w.json(&["articles", "--json"]);
    let sources: Vec<&str> = articles
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    for good in [
        "good0.txt",
        "good1.txt",
        "good2.txt",
        "mixed.jsonl#1",
        "mixed.jsonl#2",
        "mixed.jsonl#4",
    ] {
        assert!(
            sources.iter().any(|s| s.ends_with(good)),
            "{good} not stored: {sources:?}"
        );
    }
    // Bounded: a 2 GiB bomb and 200,000-deep nesting take neither minutes
    // nor gigabytes.
    assert!(
        run.peak_kib < 1024 * 1024,
        "peak RSS {} MiB",
        run.peak_kib / 1024
    );
}

#[test]
fn a_fifty_megabyte_page_is_refused_in_bounded_time_and_memory() {
    let w = Workdir::new();
    let mut page = String::from("<html><head><title>Huge page</title></head><body>");
    let mut n = 0;
    while page.len() < 50 << 20 {
        page.push_str(&format!(
            "<p>Paragraph {n}: officials said the convoy reached the town on Monday after a long delay.</p>\n"
        ));
        n += 1;
    }
    page.push_str("</body></html>");
    w.write("in/huge.html", &page);
    drop(page);
    w.write("in/good.txt", report(1));
    let root = w.dir.path();
    let run = run_measured(
        root,
        &root.join("outpost.db"),
        &["ingest", "in"],
        Duration::from_secs(300),
    );
    let err = stderr(&run.output);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(run.output.status.code(), Some(2), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("huge.html") && l.contains("limit")),
        "{err}"
    );
    let articles = w.json(&["articles", "--json"]);
    assert!(articles
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["source"].as_str().unwrap().ends_with("good.txt")));
    assert!(
        run.peak_kib < 2 * 1024 * 1024,
        "peak RSS {} MiB",
        run.peak_kib / 1024
    );
    eprintln!(
        "50 MB page: {:?}, peak RSS {} MiB",
        run.elapsed,
        run.peak_kib / 1024
    );
}

/// 200,000 nested `<div>`s: the extractor's readability pass is quadratic
/// in nesting depth, so the extractor refuses pages nested deeper than it
/// can walk in bounded time, and says so.
#[test]
fn deeply_nested_html_is_handled_in_bounded_time() {
    let w = Workdir::new();
    let depth = 200_000;
    w.write(
        "in/deep.html",
        format!(
            "<html><body>{}<p>Deep text.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
    );
    let root = w.dir.path();
    let run = run_measured(
        root,
        &root.join("outpost.db"),
        &["ingest", "in"],
        Duration::from_secs(120),
    );
    let err = stderr(&run.output);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        run.output.status.code().is_some_and(|c| c == 0 || c == 2),
        "{err}"
    );
}
