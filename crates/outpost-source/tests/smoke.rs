//! Stable-Rust fuzz smoke test: every reader gets a few thousand random and
//! mutated inputs (fixed seed, so failures reproduce) and must answer each
//! with documents or errors, never a panic or a runaway allocation. The
//! libFuzzer targets in `fuzz/` do the same for longer (`scripts/fuzz.sh`).

use outpost_core::RawDocument;
use outpost_source::{read_feed, read_sniffed, Records, SourceError, WarcRecords};
use std::io::Write;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn warc_fixture() -> Vec<u8> {
    let mut out = Vec::new();
    for (i, body) in ["<p>one</p>", "<html><title>t</title><p>two</p></html>"]
        .iter()
        .enumerate()
    {
        let block =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        out.extend(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/{i}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            )
            .into_bytes(),
        );
    }
    out
}

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><link>http://x.example/a</link><pubDate>Thu, 29 Jul 2021 17:03:00 +0000</pubDate><description>&lt;p&gt;Body&lt;/p&gt;</description></item></channel></rss>"#;
const JSONL: &str = "{\"url\":\"http://x.example\",\"html\":\"<p>a</p>\"}\n{\"text\":\"b\"}\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A random mutation of `seed`: truncation, byte flips, splices, or noise.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    match rng.below(5) {
        0 => out.truncate(rng.below(out.len() + 1)),
        1 => {
            for _ in 0..1 + rng.below(8) {
                if !out.is_empty() {
                    let at = rng.below(out.len());
                    out[at] = rng.next() as u8;
                }
            }
        }
        2 => {
            let at = rng.below(out.len() + 1);
            let piece: Vec<u8> = seed[rng.below(seed.len())..].to_vec();
            out.splice(at..at, piece);
        }
        3 => out = (0..rng.below(512)).map(|_| rng.next() as u8).collect(),
        _ => {
            let at = rng.below(out.len() + 1);
            let digits = format!("{}", rng.next() % 100_000);
            out.splice(at..at, digits.into_bytes());
        }
    }
    out
}

fn drain(items: impl Iterator<Item = Result<RawDocument, SourceError>>) -> usize {
    items.take(10_000).count()
}

#[test]
fn every_reader_survives_random_and_mutated_input() {
    let mut rng = Rng(0x05ee_d0f1);
    let seeds = [
        warc_fixture(),
        FEED.as_bytes().to_vec(),
        JSONL.as_bytes().to_vec(),
    ];
    let gz_seeds: Vec<Vec<u8>> = seeds.iter().map(|s| gzip(s)).collect();
    for round in 0..3000 {
        let which = round % 3;
        let input = if rng.below(4) == 0 {
            mutate(&mut rng, &gz_seeds[which])
        } else {
            mutate(&mut rng, &seeds[which])
        };
        let gzipped = input.starts_with(&[0x1f, 0x8b]);
        let reader = || -> Box<dyn std::io::BufRead> {
            if gzipped {
                Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
                    std::io::Cursor::new(input.clone()),
                )))
            } else {
                Box::new(std::io::Cursor::new(input.clone()))
            }
        };
        drain(WarcRecords::new(reader(), "s.warc", gzipped));
        drain(read_feed(reader(), false, "s.xml").into_iter());
        drain(Records::new(reader(), "s.jsonl", gzipped));
        drain(read_sniffed(std::io::Cursor::new(input.clone()), "-"));
        let _ = outpost_source::decode_html(&input, None);
    }
}

#[test]
fn the_good_fixtures_read_cleanly() {
    let docs: Vec<_> = WarcRecords::new(&warc_fixture()[..], "s.warc", false).collect();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(Result::is_ok));
    let gz = gzip(&warc_fixture());
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&gz[..]));
    assert_eq!(
        WarcRecords::new(reader, "s.warc.gz", true)
            .filter(Result::is_ok)
            .count(),
        2
    );
    assert!(read_feed(FEED.as_bytes(), false, "s.xml")[0].is_ok());
    // Truncated gzip: the records before the cut, then one error.
    let cut = &gz[..gz.len() - 20];
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(cut));
    let items: Vec<_> = WarcRecords::new(reader, "s.warc.gz", true).collect();
    assert!(items.last().unwrap().is_err());
}
