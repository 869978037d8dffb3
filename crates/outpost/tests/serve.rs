//! `outpost serve` over a real socket: the API returns what the CLI prints,
//! writes need the bearer token, every response carries the security
//! headers, and 2,000 requests from 16 concurrent clients all succeed.
//!
//! The load figures for BENCHMARKS.md come from
//! `OUTPOST_LOAD=1 cargo test --release -p outpost --test integration serve::load -- --nocapture`,
//! which also holds p99 under 250 ms; a plain `cargo test` only requires
//! that no request fails.

use crate::util::Workdir;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Two short wire reports of the same clash that disagree on the toll, so
/// there is a story, events and a contradiction without the shared seeds.
const FIXTURE: &str = r#"{"url": "https://wire-one.example/a", "title": "Shelling kills soldiers near Voskepar", "outlet": "Wire One", "published": "2021-07-30", "text": "Azerbaijani forces shelled Armenian positions near Voskepar in Tavush province on Friday, killing 4 soldiers, the Armenian defence ministry said."}
{"url": "https://wire-two.example/b", "title": "Armenian soldiers killed in shelling near Voskepar", "outlet": "Wire Two", "published": "2021-07-30", "text": "Azerbaijani forces shelled Armenian positions near Voskepar in Tavush province on Friday, killing 6 soldiers, the Armenian defence ministry said."}
"#;

/// A running `outpost serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(w: &Workdir, token: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_outpost"));
        command
            .current_dir(w.dir.path())
            .arg("--db")
            .arg(w.dir.path().join("outpost.db"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env_remove("OUTPOST_TOKEN")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(token) = token {
            command.env("OUTPOST_TOKEN", token);
        }
        let mut child = command.spawn().expect("start outpost serve");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, port }
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], "")
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
        let host = format!("127.0.0.1:{}", self.port);
        let mut head = vec![("Host", host.as_str())];
        head.extend_from_slice(headers);
        raw_request(self.port, method, path, &head, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`).
fn raw_request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

fn seeds() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    dir.is_dir().then_some(dir)
}

/// A workdir with the fixture ingested by the CLI.
fn fixture_workdir() -> Workdir {
    let w = Workdir::new();
    let feed = w.write("feed.jsonl", FIXTURE);
    let out = w.run(&["ingest", feed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    w
}

#[test]
fn the_api_returns_what_the_cli_prints() {
    let w = fixture_workdir();
    let server = Server::start(&w, None);
    for (path, args) in [
        ("/api/articles", vec!["articles", "--json"]),
        ("/api/stories", vec!["stories", "--json"]),
        ("/api/events", vec!["events", "--json"]),
        (
            "/api/events?place=voskepar",
            vec!["events", "--json", "--place", "voskepar"],
        ),
        (
            "/api/events?since=2021-07-30&until=2021-07-30&type=ASSAULT",
            vec![
                "events",
                "--json",
                "--since",
                "2021-07-30",
                "--until",
                "2021-07-30",
                "--type",
                "ASSAULT",
            ],
        ),
        ("/api/claims", vec!["claims", "--json"]),
        (
            "/api/claims?contradictions=true",
            vec!["claims", "--json", "--contradictions"],
        ),
        ("/api/entities", vec!["entities", "--json"]),
        (
            "/api/search?q=Voskepar",
            vec!["search", "Voskepar", "--json"],
        ),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}: {}", response.text());
        assert_eq!(
            response.json(),
            w.json(&args),
            "{path} differs from outpost {args:?}"
        );
    }
    let stories = w.json(&["stories", "--json"]);
    let id = stories[0]["id"].as_str().unwrap();
    assert_eq!(
        server.get(&format!("/api/stories/{id}")).json(),
        w.json(&["story", id, "--json"])
    );
    assert_eq!(server.get("/api/stories/s-nope").status, 404);
    assert!(
        !w.json(&["events", "--json"]).as_array().unwrap().is_empty(),
        "the fixture yields events"
    );
}

#[test]
fn exports_match_the_cli_and_bad_filters_are_refused() {
    let w = fixture_workdir();
    let server = Server::start(&w, None);
    let csv = server.get("/api/events?format=csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(
        csv.text(),
        crate::util::stdout(&w.run(&["events", "--csv"]))
    );
    let geojson = server.get("/api/events?format=geojson");
    assert_eq!(geojson.header("content-type"), Some("application/geo+json"));
    assert_eq!(geojson.json(), w.json(&["events", "--geojson"]));
    assert_eq!(server.get("/api/events?since=yesterday").status, 400);
    assert_eq!(server.get("/api/events?format=xml").status, 400);
    assert_eq!(server.get("/api/search").status, 400);
}

#[test]
fn the_page_and_every_response_carry_the_security_headers() {
    let w = fixture_workdir();
    let server = Server::start(&w, None);
    for path in [
        "/",
        "/stories/anything",
        "/map",
        "/assets/app.js",
        "/api/stories",
        "/nope",
    ] {
        let r = server.get(path);
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
    }
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page
        .text()
        .contains(r#"<script type="module" src="/assets/app.js">"#));
    assert_eq!(
        server.get("/assets/app.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    // A page elsewhere that rebinds its name to 127.0.0.1 is refused.
    let rebound = raw_request(
        server.port,
        "GET",
        "/api/stories",
        &[("Host", "attacker.example")],
        "",
    );
    assert_eq!(rebound.status, 403);
}

#[test]
fn writes_need_the_bearer_token() {
    let w = fixture_workdir();
    let record = r#"{"title": "Drone strike on a depot", "outlet": "Wire Three", "published": "2021-08-02", "text": "A drone struck an ammunition depot near Gyumri on Monday, the ministry said."}"#;

    let read_only = Server::start(&w, None);
    let r = read_only.request(
        "POST",
        "/api/ingest",
        &[("Authorization", "Bearer x")],
        record,
    );
    assert_eq!(r.status, 403, "{}", r.text());
    drop(read_only);

    let server = Server::start(&w, Some("s3cret"));
    let before = server.get("/api/articles").json().as_array().unwrap().len();
    let r = server.request("POST", "/api/ingest", &[], record);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = server.request(
        "POST",
        "/api/ingest",
        &[("Authorization", "Bearer wrong")],
        record,
    );
    assert_eq!(r.status, 401);
    assert_eq!(
        server.get("/api/articles").json().as_array().unwrap().len(),
        before
    );

    let auth = [("Authorization", "Bearer s3cret")];
    let body = format!("[{record}, {{\"title\": \"no body\"}}]");
    let r = server.request("POST", "/api/ingest", &auth, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let summary = r.json();
    assert_eq!(summary["received"], 2);
    assert_eq!(summary["stored"], 1);
    assert_eq!(summary["skipped"][0]["record"], 2, "{summary}");
    assert_eq!(summary["articles"], before + 1);
    let articles = server.get("/api/articles").json();
    assert!(articles
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["title"] == "Drone strike on a depot"));
    // The same record again changes nothing, as with `outpost ingest`.
    let again = server.request("POST", "/api/ingest", &auth, record).json();
    assert_eq!(
        (again["stored"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        server.get("/api/stories").json(),
        w.json(&["stories", "--json"]),
        "the CLI sees what the API stored"
    );
}

/// 2,000 requests from 16 concurrent clients over the API and the page.
#[test]
fn load() {
    let w = match seeds() {
        Some(seeds) => {
            let w = Workdir::new();
            let out = w.run(&["ingest", seeds.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(0), "{}", crate::util::stderr(&out));
            w
        }
        None => {
            eprintln!("../shared/seeds is not here: load over the test fixture");
            fixture_workdir()
        }
    };
    let server = Server::start(&w, None);
    let story = server.get("/api/stories").json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let paths: Vec<String> = [
        "/api/stories",
        "/api/events",
        "/api/claims?contradictions=true",
        "/api/articles",
        "/api/entities",
        "/api/search?q=Armenia",
        "/api/events?format=geojson&actor=arm",
        "/api/events?format=csv&since=2021-01-01",
        "/",
    ]
    .iter()
    .map(|p| p.to_string())
    .chain([format!("/api/stories/{story}")])
    .collect();

    const CLIENTS: usize = 16;
    const REQUESTS: usize = 2_000;
    let port = server.port;
    let started = Instant::now();
    let results: Vec<(Duration, bool)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let paths = &paths;
                scope.spawn(move || {
                    let host = format!("127.0.0.1:{port}");
                    (client..REQUESTS)
                        .step_by(CLIENTS)
                        .map(|i| {
                            let path = &paths[i % paths.len()];
                            let t = Instant::now();
                            let r = raw_request(port, "GET", path, &[("Host", &host)], "");
                            (t.elapsed(), r.status == 200 && !r.body.is_empty())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let wall = started.elapsed();
    let errors = results.iter().filter(|(_, ok)| !ok).count();
    let mut times: Vec<Duration> = results.iter().map(|(t, _)| *t).collect();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    let (p50, p99) = (pct(0.50), pct(0.99));
    eprintln!(
        "load: {} requests, {CLIENTS} clients, {errors} errors, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {:.0} requests/s",
        results.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        results.len() as f64 / wall.as_secs_f64()
    );
    assert_eq!(results.len(), REQUESTS);
    assert_eq!(errors, 0);
    if std::env::var_os("OUTPOST_LOAD").is_some() {
        assert!(p99 < Duration::from_millis(250), "p99 {p99:?}");
    }
}
