//! Answering 1,000 comments while citizens read and write (issue 23), twice in one run:
//! once where nobody asked to be told, once where every comment has a confirmed e-mail
//! request — each answer then queues its mail in its own transaction, and the worker sends
//! them to a real SMTP server (aiosmtpd's sink on loopback) meanwhile. Staff answer with 8
//! clients at once; beside them 32 citizens, each with its own keep-alive connection, load
//! a section's public comments and send a comment every fourth request. Prints per run the
//! time to answer all (and answers/s), the time until the last mail was delivered, the
//! citizens' p50/p99 latency with the ratio of the run with notifications to the one
//! without, every answer other than 2xx, and the server's memory. Against the real release
//! binary with a fresh SQLite file each run. Run by `cargo xtask bench` (MITREDEN_PYTHON:
//! the Python that has aiosmtpd).

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "a benchmark stops on any failure"
)]

#[allow(
    dead_code,
    reason = "each benchmark uses part of what the benchmarks share"
)]
mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{client, percentile, Server};

const COMMENTS: usize = 1000;
const STAFF: usize = 8;
const CITIZENS: usize = 32;
const PASSWORD: &str = "ein-langes-passwort";
/// The address the server is told it has (`--public-url`): the staff's requests name it.
const PUBLIC: &str = "http://mitreden.example";

fn comment(i: usize) -> String {
    format!(
        r#"{{"id":"{i:08x}-0000-4000-8000-{i:012x}","section_id":"leitmotiv-2","section_version":1,"text":"Kommentar {i}: Bitte sagen Sie mir, was daraus wird.","consent":true,"created_at":"2026-11-22T10:15:00.000Z"}}"#
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// aiosmtpd discarding every message it accepts, on `port`; killed when dropped.
struct Sink(Child);

impl Sink {
    fn start(port: u16) -> Self {
        let python = std::env::var("MITREDEN_PYTHON").unwrap_or_else(|_| {
            format!(
                "{}/../../target/schemathesis-venv/bin/python",
                env!("CARGO_MANIFEST_DIR")
            )
        });
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Sink"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{python}: {e} — `cargo xtask bench` installs aiosmtpd"));
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd listens"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self(child)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A number the sqlite3 command-line tool reads from the server's database.
fn count(server: &Server, sql: &str) -> usize {
    let out = Command::new("sqlite3")
        .arg(&server.database)
        .arg(sql)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// A staff account and its session cookie.
async fn sign_in(server: &Server) -> String {
    let mut add = Command::new(env!("CARGO_BIN_EXE_mitreden-server"))
        .arg("--database")
        .arg(&server.database)
        .args(["user", "add", "amt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    }
    assert!(add.wait().unwrap().success());
    let res = staff_request(client().post(format!("{}/api/v1/admin/login", server.base)))
        .header("content-type", "application/json")
        .body(serde_json::json!({ "name": "amt", "password": PASSWORD }).to_string())
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "sign-in: {}", res.status());
    res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A request as the administration in a browser at the public address sends it.
fn staff_request(req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    req.header("host", "mitreden.example")
        .header("origin", PUBLIC)
}

/// What one run measured.
struct Run {
    answer_secs: f64,
    delivered_secs: Option<f64>,
    p50: Duration,
    p99: Duration,
    citizen_requests: usize,
    not_2xx: usize,
    memory: (f64, f64),
}

async fn run(notify: bool) -> Run {
    let smtp_port = free_port();
    let _sink = Sink::start(smtp_port);
    let smtp = format!("smtp://127.0.0.1:{smtp_port}");
    let server = Server::start(&[
        "--smtp-url",
        &smtp,
        "--mail-from",
        "Stadt Sindelfingen <mitreden@example.org>",
        "--public-url",
        PUBLIC,
    ]);
    common::seed(&server, COMMENTS, comment).await;
    if notify {
        // Every comment with a confirmed request, as after the citizens' confirmations.
        let status = Command::new("sqlite3")
            .arg(&server.database)
            .arg(
                "INSERT INTO notify_requests \
                 (id, comment_id, kind, language, address, receipt_token, link_hash, confirmed_at) \
                 SELECT 'r' || rowid, id, 'email', 'de', 'buerger' || rowid || '@example.org', \
                 'token' || rowid, 'hash' || rowid, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
                 FROM comments",
            )
            .status()
            .unwrap();
        assert!(status.success());
    }
    let cookie = sign_in(&server).await;

    // The citizens, until the answers are given.
    let stop = Arc::new(AtomicBool::new(false));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let not_2xx = Arc::new(AtomicUsize::new(0));
    let citizens: Vec<_> = (0..CITIZENS)
        .map(|c| {
            let (stop, latencies, not_2xx) = (stop.clone(), latencies.clone(), not_2xx.clone());
            let base = server.base.clone();
            tokio::spawn(async move {
                let client = client();
                let mut n = 0usize;
                let mut mine = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let started = Instant::now();
                    let res = if n.is_multiple_of(4) {
                        let i = 1_000_000 + c * 100_000 + n;
                        client
                            .post(format!("{base}/api/v1/comments"))
                            .header("content-type", "application/json")
                            .body(format!(r#"{{"comments":[{}]}}"#, comment(i)))
                            .send()
                            .await
                    } else {
                        client
                            .get(format!(
                                "{base}/api/v1/sections/leitmotiv-2/comments?limit=20"
                            ))
                            .send()
                            .await
                    };
                    mine.push(started.elapsed());
                    if !res.is_ok_and(|r| r.status().is_success()) {
                        not_2xx.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies.lock().unwrap().extend(mine);
            })
        })
        .collect();

    // The office answers every comment, 8 at once.
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let staff: Vec<_> = (0..STAFF)
        .map(|_| {
            let (next, cookie, not_2xx) = (next.clone(), cookie.clone(), not_2xx.clone());
            let base = server.base.clone();
            tokio::spawn(async move {
                let client = client();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= COMMENTS {
                        break;
                    }
                    let id = format!("{i:08x}-0000-4000-8000-{i:012x}");
                    let res = staff_request(
                        client.put(format!("{base}/api/v1/admin/comments/{id}/answer")),
                    )
                    .header("cookie", &cookie)
                    .header("content-type", "application/json")
                    .body(
                        serde_json::json!({
                            "text": "Danke, das nehmen wir auf.",
                            "status": "beruecksichtigt",
                        })
                        .to_string(),
                    )
                    .send()
                    .await;
                    if !res.is_ok_and(|r| r.status().is_success()) {
                        not_2xx.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for s in staff {
        s.await.unwrap();
    }
    let answer_secs = started.elapsed().as_secs_f64();
    // The mails go out while citizens keep coming; then the citizens stop.
    let delivered_secs = if notify {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let sent = count(
                &server,
                "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NOT NULL",
            );
            if sent >= COMMENTS {
                break Some(started.elapsed().as_secs_f64());
            }
            if Instant::now() > deadline {
                println!("  only {sent} of {COMMENTS} mails delivered after 10 minutes");
                break None;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    } else {
        None
    };
    stop.store(true, Ordering::Relaxed);
    for c in citizens {
        c.await.unwrap();
    }
    let mut all = std::mem::take(&mut *latencies.lock().unwrap());
    all.sort();
    Run {
        answer_secs,
        delivered_secs,
        p50: percentile(&all, 0.5),
        p99: percentile(&all, 0.99),
        citizen_requests: all.len(),
        not_2xx: not_2xx.load(Ordering::Relaxed),
        memory: server.memory_mib(),
    }
}

fn print(name: &str, r: &Run) {
    println!(
        "  {name}: {COMMENTS} answers in {:.2} s ({:.0}/s){}; citizens {} requests, \
         p50 {:.1} ms, p99 {:.1} ms; not 2xx: {}; memory {:.0} MiB (peak {:.0})",
        r.answer_secs,
        COMMENTS as f64 / r.answer_secs,
        r.delivered_secs
            .map(|s| format!(", every mail delivered after {s:.2} s"))
            .unwrap_or_default(),
        r.citizen_requests,
        r.p50.as_secs_f64() * 1000.0,
        r.p99.as_secs_f64() * 1000.0,
        r.not_2xx,
        r.memory.0,
        r.memory.1,
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    println!(
        "answering {COMMENTS} comments ({STAFF} staff at once) while {CITIZENS} citizens \
         read and send:"
    );
    let without = run(false).await;
    print("without notifications", &without);
    let with = run(true).await;
    print("with an e-mail for each", &with);
    println!(
        "  ratio with/without: answering {:.2}, citizens' p99 {:.2}",
        with.answer_secs / without.answer_secs,
        with.p99.as_secs_f64() / without.p99.as_secs_f64()
    );
}
