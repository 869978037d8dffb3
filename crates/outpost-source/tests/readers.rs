//! End-to-end reader tests over files written to a temporary folder.

use flate2::{write::GzEncoder, Compression};
use outpost_core::{Content, RawDocument};
use outpost_source::{read_all, SourceError, SourceErrorKind};
use std::io::Write;
use std::path::Path;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn read(paths: &[&Path]) -> Vec<Result<RawDocument, SourceError>> {
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    read_all(&paths).collect()
}

fn reason(item: &Result<RawDocument, SourceError>) -> SourceErrorKind {
    item.as_ref().expect_err("expected an error").reason.clone()
}

const JSONL: &str = "{\"title\":\"One\",\"text\":\"First body.\"}\n{\"html\":\"<p>Second</p>\",\"outlet\":\"Daily\"}\n";

#[test]
fn each_reader_and_its_gzip_twin_give_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 4] = [
        ("a.txt", b"Heavy rain in Tbilisi\n\nRivers rose."),
        ("b.html", b"<html><body><p>Floods</p></body></html>"),
        ("c.htm", b"<p>Short page</p>"),
        ("d.jsonl", JSONL.as_bytes()),
    ];
    for (name, body) in cases {
        let plain = dir.path().join(name);
        let zipped = dir.path().join(format!("{name}.gz"));
        std::fs::write(&plain, body).unwrap();
        std::fs::write(&zipped, gzip(body)).unwrap();
        let plain_docs = read(&[&plain]);
        let zipped_docs = read(&[&zipped]);
        assert_eq!(plain_docs.len(), zipped_docs.len(), "{name}");
        for (p, z) in plain_docs.iter().zip(&zipped_docs) {
            let (p, z) = (p.as_ref().unwrap(), z.as_ref().unwrap());
            assert_eq!(p.content, z.content, "{name}");
            assert_eq!(p.hints, z.hints, "{name}");
        }
    }
    let txt = read(&[&dir.path().join("a.txt")]);
    assert_eq!(
        txt[0].as_ref().unwrap().content,
        Content::Text("Heavy rain in Tbilisi\n\nRivers rose.".into())
    );
    let htm = read(&[&dir.path().join("c.htm")]);
    assert_eq!(
        htm[0].as_ref().unwrap().content,
        Content::Html("<p>Short page</p>".into())
    );
    let jsonl = read(&[&dir.path().join("d.jsonl.gz")]);
    assert_eq!(jsonl.len(), 2);
    let second = jsonl[1].as_ref().unwrap();
    assert!(second.provenance.to_string().ends_with("d.jsonl.gz#2"));
    assert_eq!(second.hints.outlet.as_deref(), Some("Daily"));
    assert_eq!(second.content, Content::Html("<p>Second</p>".into()));
}

#[test]
fn folders_are_walked_recursively_in_sorted_order_ignoring_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b/inner")).unwrap();
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::write(root.join("z.txt"), "z").unwrap();
    std::fs::write(root.join("b/inner/y.txt"), "y").unwrap();
    std::fs::write(root.join("b/x.html"), "<p>x</p>").unwrap();
    std::fs::write(root.join("a/w.txt"), "w").unwrap();
    std::fs::write(root.join("a/notes.md"), "ignored").unwrap();
    std::fs::write(root.join("a/image.png"), [0u8, 1, 2]).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();

    let docs = read(&[root]);
    let names: Vec<String> = docs
        .iter()
        .map(|d| {
            let p = &d.as_ref().unwrap().provenance.path;
            Path::new(p)
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["a/w.txt", "b/inner/y.txt", "b/x.html", "z.txt"]);
}

#[test]
fn bad_inputs_are_errors_naming_the_file_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let valid_gz = gzip(
        "A long enough body to compress into several bytes. "
            .repeat(50)
            .as_bytes(),
    );
    let cases: Vec<(&str, Vec<u8>, SourceErrorKind)> = vec![
        ("empty.txt", Vec::new(), SourceErrorKind::Empty),
        ("blank.txt", b"  \n\n ".to_vec(), SourceErrorKind::Empty),
        (
            "nul.txt",
            b"text\0with a nul".to_vec(),
            SourceErrorKind::Binary,
        ),
        (
            "controls.html",
            vec![1, 2, 3, 4, 5, 6, 7, 8, b'a'],
            SourceErrorKind::Binary,
        ),
        (
            "latin1.txt",
            b"Caf\xe9 closed".to_vec(),
            SourceErrorKind::InvalidUtf8 { byte: 3 },
        ),
        (
            "cut.txt.gz",
            valid_gz[..valid_gz.len() / 2].to_vec(),
            SourceErrorKind::TruncatedGzip,
        ),
        (
            "garbage.txt.gz",
            b"\x1f\x8bnot really gzip at all".to_vec(),
            SourceErrorKind::TruncatedGzip,
        ),
        ("empty.txt.gz", gzip(b""), SourceErrorKind::Empty),
        ("noext", b"text".to_vec(), SourceErrorKind::UnsupportedType),
    ];
    let mut paths = Vec::new();
    for (name, body, _) in &cases {
        std::fs::write(root.join(name), body).unwrap();
        paths.push(root.join(name));
    }
    let good = root.join("good.txt");
    std::fs::write(&good, "Fine").unwrap();
    paths.push(root.join("missing.txt"));
    paths.push(good);
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let docs = read(&refs);
    assert_eq!(docs.len(), cases.len() + 2);
    for ((name, _, expected), item) in cases.iter().zip(&docs) {
        assert_eq!(&reason(item), expected, "{name}");
        let message = item.as_ref().unwrap_err().to_string();
        assert!(message.contains(name), "{message}");
    }
    assert_eq!(reason(&docs[cases.len()]), SourceErrorKind::Missing);
    assert!(docs[cases.len()]
        .as_ref()
        .unwrap_err()
        .to_string()
        .ends_with("missing.txt: missing file"));
    assert!(docs[cases.len() + 1].is_ok());
}

#[test]
fn error_messages_read_path_colon_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.jsonl.gz");
    let full = gzip(JSONL.repeat(40).as_bytes());
    std::fs::write(&cut, &full[..full.len() - 12]).unwrap();
    let docs = read(&[&cut]);
    let last = docs.last().unwrap().as_ref().unwrap_err();
    assert_eq!(
        last.to_string(),
        format!("{}: truncated gzip", cut.display())
    );
}

#[test]
fn a_broken_jsonl_line_between_good_ones_is_skipped_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    std::fs::write(
        &path,
        "{\"text\":\"one\"}\n\n{\"text\":\"two\"\n{\"text\":\"three\",\"url\":\"https://example.org/x\"}\n",
    )
    .unwrap();
    let docs = read(&[&path]);
    assert_eq!(docs.len(), 3);
    assert!(docs[0].is_ok());
    let broken = docs[1].as_ref().unwrap_err();
    assert!(broken
        .to_string()
        .starts_with(&format!("{}#2: invalid JSON record", path.display())));
    let third = docs[2].as_ref().unwrap();
    assert_eq!(third.content, Content::Text("three".into()));
    assert!(third.provenance.to_string().ends_with("feed.jsonl#3"));
}

#[test]
fn oversized_document_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.txt.gz");
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..65 {
        encoder.write_all(&chunk).unwrap();
    }
    std::fs::write(&path, encoder.finish().unwrap()).unwrap();
    let docs = read(&[&path]);
    assert_eq!(reason(&docs[0]), SourceErrorKind::TooLarge);
    assert!(docs[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .ends_with("over 64 MiB uncompressed"));
}
