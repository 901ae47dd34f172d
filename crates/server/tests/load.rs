//! The real server binary on a real SQLite file, as citizens load it: a request that once
//! stopped the process, 64 clients at once, a kill -9 in the middle of 10,000 comments,
//! and clients that send too slowly.

#![allow(
    clippy::unwrap_used,
    reason = "a test helper that cannot set up must stop the test"
)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A running `mitreden-server` process on a free port.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dir: &Path, extra: &[&str]) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>app</title>").unwrap();
        // MITREDEN_SERVER_BIN runs these tests against another build (e.g. an older one).
        let bin = std::env::var("MITREDEN_SERVER_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_mitreden-server").to_owned());
        let mut child = Command::new(bin)
            .args(["--listen", "127.0.0.1:0", "--database"])
            .arg(database(dir))
            .arg("--dist")
            .arg(&dist)
            .arg("--strategy")
            .arg(root.join("content/sindelfingen.toml"))
            // Load from one address: no rate limit, unless a test sets one.
            .args(if extra.contains(&"--rate-limit") {
                &[][..]
            } else {
                &["--rate-limit", "0"][..]
            })
            // Many clients simulated from one address: none is held to one client's share.
            .args(["--max-connections-per-client", "100000"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("mitreden listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Self { child, url }
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn database(dir: &Path) -> PathBuf {
    dir.join("load.sqlite3")
}

fn id(n: usize) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", n >> 16, n)
}

fn comment(n: usize) -> Value {
    json!({
        "id": id(n),
        "section_id": format!("leitmotiv-{}", n % 10 + 1),
        "section_version": 1,
        "text": format!("Kommentar {n}: Bildung gehört dazu."),
        "consent": true,
        "created_at": "2026-11-22T10:15:00.000Z",
    })
}

/// Sends comments one per request; `Ok(outcome)` of the one item, or the HTTP status.
async fn send(client: &reqwest::Client, url: &str, item: Value) -> Result<String, String> {
    let res = client
        .post(format!("{url}/api/v1/comments"))
        .header("content-type", "application/json")
        .body(json!({ "comments": [item] }).to_string())
        .send()
        .await
        .map_err(|e| format!("transport: {e}"))?;
    let status = res.status();
    let text = res.text().await.map_err(|e| format!("body: {e}"))?;
    if !status.is_success() {
        return Err(format!("{status}: {text}"));
    }
    let body: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(body["results"][0]["outcome"]
        .as_str()
        .unwrap_or("")
        .to_owned())
}

/// (rows, distinct ids, the ids) in the database file, read with a connection of its own.
async fn stored(dir: &Path) -> (i64, i64, HashSet<String>) {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(database(dir))
        .read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let (rows, distinct): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT id) FROM comments")
            .fetch_one(&pool)
            .await
            .unwrap();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM comments")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    (rows, distinct, ids.into_iter().collect())
}

#[tokio::test]
async fn the_request_that_stopped_the_server_is_answered_and_so_is_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), &[]);
    let client = reqwest::Client::new();
    let mut fatal = comment(1);
    // `ä` straddles byte 19, where the old time check sliced the string.
    fatal["created_at"] = json!("2026-11-22T10:15:0äx");
    let res = client
        .post(format!("{}/api/v1/comments", server.url))
        .header("content-type", "application/json")
        .body(json!({ "comments": [fatal] }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(body["results"][0]["outcome"], "invalid");
    assert!(body["results"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("Zeitangabe"));
    assert_eq!(
        send(&client, &server.url, comment(2)).await.unwrap(),
        "created"
    );
    assert!(server.alive());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_at_once_get_no_5xx_and_every_comment_is_stored_once() {
    const CLIENTS: usize = 64;
    const EACH: usize = 25;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let url: Arc<str> = server.url.clone().into();
    // All clients start together, each on a connection of its own.
    let start = Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (url, start) = (url.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .unwrap();
            start.wait().await;
            let mut acked = Vec::new();
            let mut failures = Vec::new();
            for i in 0..EACH {
                let n = c * EACH + i;
                match send(&client, &url, comment(n)).await {
                    Ok(outcome) if outcome == "created" => acked.push(id(n)),
                    Ok(outcome) => failures.push(format!("{n}: {outcome}")),
                    Err(e) => failures.push(format!("{n}: {e}")),
                }
            }
            (acked, failures)
        }));
    }
    let mut acked = Vec::new();
    let mut failures = Vec::new();
    for t in tasks {
        let (a, f) = t.await.unwrap();
        acked.extend(a);
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(acked.len(), CLIENTS * EACH);
    let (rows, distinct, ids) = stored(dir.path()).await;
    assert_eq!(
        (rows, distinct),
        (i64::try_from(acked.len()).unwrap(), rows)
    );
    assert!(acked.iter().all(|id| ids.contains(id)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_load_loses_no_acknowledged_comment_and_doubles_none() {
    const CLIENTS: usize = 32;
    const TOTAL: usize = 10_000;
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), &[]);
    let url: Arc<str> = server.url.clone().into();
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (url, acked, next) = (url.clone(), acked.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .unwrap();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if n >= TOTAL {
                    return;
                }
                match send(&client, &url, comment(n)).await {
                    Ok(outcome) => {
                        assert_eq!(outcome, "created");
                        acked.lock().unwrap().push(id(n));
                    }
                    // The server is gone: this client stops.
                    Err(e) if e.starts_with("transport") || e.starts_with("body") => return,
                    Err(e) => panic!("{e}"),
                }
            }
        }));
    }
    // SIGKILL once about half the comments are acknowledged.
    let waited = Instant::now();
    while acked.lock().unwrap().len() < TOTAL / 2 {
        assert!(waited.elapsed() < Duration::from_secs(120), "too slow");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for t in tasks {
        t.await.unwrap();
    }
    let acked: Vec<String> = acked.lock().unwrap().clone();
    assert!(
        acked.len() < TOTAL,
        "the kill came too late to mean anything"
    );

    // Every acknowledged comment survived, none is there twice.
    let (rows, distinct, ids) = stored(dir.path()).await;
    assert_eq!(rows, distinct);
    let lost: Vec<&String> = acked.iter().filter(|id| !ids.contains(*id)).collect();
    assert!(lost.is_empty(), "{} acknowledged comments lost", lost.len());

    // Restarted, the outboxes send everything again: each comment ends up stored once.
    let server = Server::start(dir.path(), &[]);
    let client = reqwest::Client::new();
    let mut again = std::collections::HashMap::<String, usize>::new();
    for chunk in (0..TOTAL).collect::<Vec<_>>().chunks(50) {
        let items: Vec<Value> = chunk.iter().map(|n| comment(*n)).collect();
        let res = client
            .post(format!("{}/api/v1/comments", server.url))
            .header("content-type", "application/json")
            .body(json!({ "comments": items }).to_string())
            .send()
            .await
            .unwrap();
        let res: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
        for r in res["results"].as_array().unwrap() {
            *again
                .entry(r["outcome"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    assert_eq!(
        again.get("created").copied().unwrap_or(0)
            + again.get("already_present").copied().unwrap_or(0),
        TOTAL,
        "{again:?}"
    );
    assert!(again.get("already_present").copied().unwrap_or(0) >= acked.len());
    let (rows, distinct, _) = stored(dir.path()).await;
    assert_eq!((rows, distinct), (i64::try_from(TOTAL).unwrap(), rows));
}

/// Writes `bytes` one at a time, a pause between each, until the server closes the
/// connection; returns what the server answered and how long it took.
fn trickle(addr: &str, head: &[u8], bytes: &[u8], pause: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    stream.write_all(head).unwrap();
    let mut answer = Vec::new();
    for b in bytes {
        if stream.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(pause);
        let mut buf = [0u8; 4096];
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server never cut it off"
        );
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_client_that_sends_a_byte_at_a_time_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut server = runtime.block_on(async {
        Server::start(
            dir.path(),
            &["--header-timeout", "2", "--request-deadline", "3"],
        )
    });
    let pause = Duration::from_millis(300);
    // The head trickles in: the connection is closed after the header deadline.
    let (_, took) = trickle(
        server.addr(),
        b"",
        &b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".repeat(10),
        pause,
    );
    assert!(took < Duration::from_secs(6), "head: {took:?}");
    // The body trickles in, each byte before the idle timeout: 408 at the request deadline.
    let head = b"POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                 Content-Length: 100000\r\n\r\n";
    let (answer, took) = trickle(server.addr(), head, &[b' '; 1000], pause);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(took < Duration::from_secs(7), "body: {took:?}");
    assert!(server.alive());
}

#[tokio::test]
async fn silent_connections_cannot_lock_the_others_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &["--max-connections", "4", "--header-timeout", "2"],
    );
    // Every connection slot taken by a client that never says a word.
    let silent: Vec<std::net::TcpStream> = (0..4)
        .map(|_| std::net::TcpStream::connect(server.addr()).unwrap())
        .collect();
    let started = Instant::now();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap();
    let res = client
        .get(format!("{}/healthz", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Served once the silent ones were cut off at the head deadline, not before.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "{waited:?}: the cap did not hold"
    );
    assert!(waited < Duration::from_secs(6), "{waited:?}");
    for mut s in silent {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(s.read(&mut buf).unwrap_or(0), 0, "closed by the server");
    }
}

/// Sends one comment from `local` (an address of this machine) with optional
/// `X-Forwarded-For`; returns the status and `Retry-After`.
async fn from(local: &str, url: &str, n: usize, forwarded: Option<&str>) -> (u16, String) {
    let client = reqwest::Client::builder()
        .local_address(Some(local.parse().unwrap()))
        .build()
        .unwrap();
    let mut req = client
        .post(format!("{url}/api/v1/comments"))
        .header("content-type", "application/json")
        .body(json!({ "comments": [comment(n)] }).to_string());
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let res = req.send().await.unwrap();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), retry)
}

#[tokio::test]
async fn the_31st_request_in_a_minute_from_one_address_waits_another_address_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--rate-limit", "30/60"]);
    for n in 0..30 {
        assert_eq!(
            from("127.0.0.1", &server.url, n, None).await.0,
            200,
            "request {n}"
        );
    }
    let (status, retry) = from("127.0.0.1", &server.url, 30, None).await;
    assert_eq!(status, 429);
    let secs: u64 = retry.parse().unwrap();
    assert!((1..=2).contains(&secs), "Retry-After {retry}");
    // Another address of the same machine has its own allowance.
    assert_eq!(from("127.0.0.2", &server.url, 31, None).await.0, 200);
    // X-Forwarded-For from a client that is not a trusted proxy changes nothing.
    assert_eq!(
        from("127.0.0.1", &server.url, 32, Some("203.0.113.9"))
            .await
            .0,
        429
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_address_has_its_own_allowance() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &["--rate-limit", "2/60", "--trusted-proxy", "127.0.0.1"],
    );
    for n in 0..2 {
        assert_eq!(
            from("127.0.0.1", &server.url, n, Some("203.0.113.1"))
                .await
                .0,
            200
        );
    }
    assert_eq!(
        from("127.0.0.1", &server.url, 2, Some("203.0.113.1"))
            .await
            .0,
        429
    );
    assert_eq!(
        from("127.0.0.1", &server.url, 3, Some("203.0.113.2"))
            .await
            .0,
        200
    );
}
