//! The staff's list at 10,000 comments, as the office loads it: several staff at once
//! (8, and 64 to see where it bends), each with its own keep-alive connection, asking for
//! what the workplace asks for on every filter, search, order or page — one page of 50
//! and the counts — against the real release binary with a fresh SQLite file. The old way
//! (the whole filtered list in one answer, as the administration loaded it before pages)
//! is measured in the same run for the ratio. Prints requests/s, p50/p99 and every
//! non-2xx answer; asserts only that every request was answered. Run by
//! `cargo xtask bench`.

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

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{client, median, percentile, Server};

const COMMENTS: usize = 10_000;
const REPEATS: usize = 3;
const STAFF: [usize; 2] = [8, 64];
/// Requests per run for a page or the counts; the whole list (megabytes each) gets fewer.
const REQUESTS: usize = 256;
const WHOLE_REQUESTS: usize = 64;
const PASSWORD: &str = "ein-langes-passwort";
const TOPICS: [&str; 4] = ["Glasfaser", "Bürgerbüro", "Schule", "Radweg"];

fn comment(i: usize) -> String {
    format!(
        r#"{{"id":"{:08x}-0000-4000-8000-{:012x}","section_id":"leitmotiv-{}","section_version":{},"text":"Kommentar {i} zum Thema {}: Bildung gehört dazu, und das Rathaus sollte digital erreichbar sein.","consent":true,"created_at":"2026-11-22T10:15:00.000Z"}}"#,
        i,
        i,
        i % 10 + 1,
        if i % 10 == 1 { 2 } else { 1 },
        TOPICS[i % 4],
    )
}

/// 10,000 comments (8 clients, 50 per request), a staff account, a session; 3,000 of the
/// comments published in bulk. Returns the session cookie.
async fn prepare(server: &Server) -> String {
    common::seed(server, COMMENTS, comment).await;
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
    let client = client();
    let res = client
        .post(format!("{}/api/v1/admin/login", server.base))
        .header("origin", &server.base)
        .header("content-type", "application/json")
        .body(serde_json::json!({ "name": "amt", "password": PASSWORD }).to_string())
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "sign-in: {}", res.status());
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    for chunk in (0..3000).collect::<Vec<usize>>().chunks(500) {
        let ids: Vec<String> = chunk
            .iter()
            .map(|i| format!("{i:08x}-0000-4000-8000-{i:012x}"))
            .collect();
        let res = client
            .post(format!("{}/api/v1/admin/comments/bulk", server.base))
            .header("origin", &server.base)
            .header("cookie", &cookie)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "ids": ids, "action": "publish" }).to_string())
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "bulk: {}", res.status());
    }
    cookie
}

/// `requests` requests for `paths` (in turn) from `staff` clients at once: requests/s,
/// p50, p99 (ms) and the answers that were not 2xx.
async fn run(
    base: &str,
    cookie: &str,
    paths: &[String],
    staff: usize,
    requests: usize,
) -> (f64, f64, f64, usize) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..staff)
        .map(|_| {
            let next = next.clone();
            let urls: Vec<String> = paths.iter().map(|p| format!("{base}{p}")).collect();
            let cookie = cookie.to_owned();
            tokio::spawn(async move {
                let client = client();
                let mut latencies = Vec::new();
                let mut failed = 0;
                loop {
                    let r = next.fetch_add(1, Ordering::Relaxed);
                    if r >= requests {
                        break;
                    }
                    let t = Instant::now();
                    match client
                        .get(&urls[r % urls.len()])
                        .header("cookie", &cookie)
                        .send()
                        .await
                    {
                        Ok(res) if res.status().is_success() => {
                            let _ = res.bytes().await;
                            latencies.push(t.elapsed());
                        }
                        _ => failed += 1,
                    }
                }
                (latencies, failed)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failed = 0;
    for task in tasks {
        let (l, f) = task.await.unwrap();
        latencies.extend(l);
        failed += f;
    }
    let total = started.elapsed();
    latencies.sort();
    assert_eq!(
        latencies.len() + failed,
        requests,
        "every request answered or failed"
    );
    #[allow(clippy::cast_precision_loss)]
    let rate = latencies.len() as f64 / total.as_secs_f64();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        rate,
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        failed,
    )
}

/// Repeats [`run`], prints the line, returns the median p50 (ms).
async fn measure(
    label: &str,
    base: &str,
    cookie: &str,
    paths: &[String],
    staff: usize,
    requests: usize,
) -> f64 {
    let (mut rates, mut p50s, mut p99s) = (Vec::new(), Vec::new(), Vec::new());
    let mut failed = 0;
    for _ in 0..REPEATS {
        let (rate, p50, p99, f) = run(base, cookie, paths, staff, requests).await;
        rates.push(rate);
        p50s.push(p50);
        p99s.push(p99);
        failed += f;
    }
    let rate = median(&mut rates);
    let spread = format!("({:.0}–{:.0})", rates[0], rates[rates.len() - 1]);
    let p50 = median(&mut p50s);
    println!(
        "{label:<34} {staff:>2} staff  {rate:>6.0} req/s {spread:<11} p50 {p50:>7.2} ms  p99 {:>7.2} ms  not 2xx {failed}",
        median(&mut p99s),
    );
    p50
}

#[tokio::main]
async fn main() {
    println!(
        "the staff's list at {COMMENTS} comments (3,000 published): the real release binary \
         on loopback; each staff client its own keep-alive connection; {REQUESTS} requests \
         per run ({WHOLE_REQUESTS} for the whole list), median of {REPEATS} runs (min–max req/s), median p50/p99. Client and \
         server share this machine's cores."
    );
    let server = Server::start(&[]);
    let started = Instant::now();
    let cookie = prepare(&server).await;
    println!("prepared in {:.1} s", started.elapsed().as_secs_f64());
    let list = "/api/v1/admin/comments";
    // What the workplace asks for: a page (filters, search, order, a deep page) and counts.
    let pages: Vec<String> = [
        "?state=received&limit=50&offset=0",
        "?limit=50&offset=9950",
        "?q=glasfaser&limit=50&offset=0",
        "?state=received&q=rathaus%20bildung&limit=50&offset=3000",
        "?sort=section&limit=50&offset=5000",
        "?sort=answer&limit=50&offset=0",
        "?section=leitmotiv-7&sort=newest&limit=50&offset=0",
    ]
    .iter()
    .map(|q| format!("{list}{q}"))
    .collect();
    let counts = vec!["/api/v1/admin/counts".to_owned()];
    let old = vec![format!("{list}?state=received")];
    for staff in STAFF {
        let page = measure(
            "a page of 50 (7 kinds, in turn)",
            &server.base,
            &cookie,
            &pages,
            staff,
            REQUESTS,
        )
        .await;
        measure(
            "the counts per section and state",
            &server.base,
            &cookie,
            &counts,
            staff,
            REQUESTS,
        )
        .await;
        let whole = measure(
            "old way: the whole list (7,000)",
            &server.base,
            &cookie,
            &old,
            staff,
            WHOLE_REQUESTS,
        )
        .await;
        println!(
            "old way / a page, p50 at {staff:>2} staff: {:>6.1}×",
            whole / page
        );
    }
}
