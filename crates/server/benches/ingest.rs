//! Server ingest benchmark, as users load the server: many clients at once. The real
//! release binary runs as its own process on a loopback port with a fresh SQLite file per
//! run (WAL, `synchronous = FULL`); 1, 8 and 64 clients, each with its own keep-alive
//! connection, send one comment per request. Both write paths are measured — group commit
//! (the default) and one commit per request (`--group-commit 1`) — because the first
//! exists to beat the second under concurrency, and this is where that shows or not. A
//! comment counts only when answered 200 with `created`, i.e. after its commit. Prints
//! comments/s, p50/p99 latency, 5xx and transport errors; asserts only that every request
//! was answered or failed. Run by `cargo xtask bench`.

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

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{median, percentile, Server};

/// Group commit as the server runs by default (`ingest::DEFAULT_GROUP`).
const GROUP: usize = 512;
/// Each measurement is repeated; the median is printed with the spread.
const REPEATS: usize = 3;
const CONNECTIONS: [usize; 3] = [1, 8, 64];
const BATCH: usize = 50;

/// Comments per run: fewer for one client, which is slowest and the least interesting.
fn comments_for(connections: usize) -> usize {
    if connections == 1 {
        1000
    } else {
        4000
    }
}

fn comment(i: usize) -> String {
    format!(
        r#"{{"id":"{:08x}-0000-4000-8000-{:012x}","section_id":"leitmotiv-{}","section_version":1,"text":"Kommentar Nummer {i}: Bildung gehört dazu.","consent":true,"created_at":"2026-11-22T10:15:00.000Z"}}"#,
        i,
        i,
        i % 10 + 1
    )
}

/// What one run got back.
#[derive(Default)]
struct Tally {
    requests: usize,
    /// Comments answered 200 with `created`.
    acknowledged: usize,
    ok_2xx: usize,
    server_5xx: usize,
    other: usize,
    errors: usize,
    /// Per request whose comments were all acknowledged.
    latencies: Vec<Duration>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.requests += other.requests;
        self.acknowledged += other.acknowledged;
        self.ok_2xx += other.ok_2xx;
        self.server_5xx += other.server_5xx;
        self.other += other.other;
        self.errors += other.errors;
        self.latencies.extend(other.latencies);
    }
}

/// One run's figures.
struct Measured {
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
    tally: Tally,
}

/// One client: its own connection; takes the next request number until all are sent.
async fn client_task(
    url: Arc<String>,
    next: Arc<AtomicUsize>,
    requests: usize,
    comments: usize,
    per_request: usize,
) -> Tally {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let mut tally = Tally::default();
    loop {
        let r = next.fetch_add(1, Ordering::Relaxed);
        if r >= requests {
            break;
        }
        let first = r * per_request;
        let last = (first + per_request).min(comments);
        let items: Vec<String> = (first..last).map(comment).collect();
        let body = format!(r#"{{"comments":[{}]}}"#, items.join(","));
        tally.requests += 1;
        let t = Instant::now();
        let res = client
            .post(url.as_str())
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await;
        let res = match res {
            Ok(res) => res,
            Err(_) => {
                tally.errors += 1;
                continue;
            }
        };
        let status = res.status();
        let text = res.text().await;
        let elapsed = t.elapsed();
        if status.is_server_error() {
            tally.server_5xx += 1;
        } else if status.is_success() {
            tally.ok_2xx += 1;
        } else {
            tally.other += 1;
        }
        match text {
            Ok(text) if status == reqwest::StatusCode::OK => {
                let created = text.matches("\"created\"").count();
                tally.acknowledged += created;
                if created == last - first {
                    tally.latencies.push(elapsed);
                }
            }
            Ok(_) => {}
            Err(_) => tally.errors += 1,
        }
    }
    tally
}

/// `comments` comments from `connections` clients at once to a fresh server.
async fn run(
    group_commit: usize,
    connections: usize,
    comments: usize,
    per_request: usize,
) -> Measured {
    let server = Server::start(&["--group-commit", &group_commit.to_string()]);
    let url = Arc::new(format!("{}/api/v1/comments", server.base));
    let requests = comments.div_ceil(per_request);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            tokio::spawn(client_task(
                url.clone(),
                next.clone(),
                requests,
                comments,
                per_request,
            ))
        })
        .collect();
    let mut tally = Tally::default();
    for task in tasks {
        tally.add(task.await.unwrap());
    }
    let total = started.elapsed();
    drop(server);
    assert_eq!(tally.requests, requests, "every request was sent");
    assert_eq!(
        tally.ok_2xx + tally.server_5xx + tally.other + tally.errors,
        requests,
        "every request was answered or failed"
    );
    tally.latencies.sort();
    #[allow(clippy::cast_precision_loss)]
    let rate = tally.acknowledged as f64 / total.as_secs_f64();
    Measured {
        rate,
        p50_ms: percentile(&tally.latencies, 0.5).as_secs_f64() * 1000.0,
        p99_ms: percentile(&tally.latencies, 0.99).as_secs_f64() * 1000.0,
        tally,
    }
}

/// Runs a measurement [`REPEATS`] times, prints its line and returns the median rate.
async fn measure(
    label: &str,
    group_commit: usize,
    connections: usize,
    comments: usize,
    per_request: usize,
) -> f64 {
    let mut rates = Vec::new();
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    let mut tally = Tally::default();
    for _ in 0..REPEATS {
        let m = run(group_commit, connections, comments, per_request).await;
        rates.push(m.rate);
        p50s.push(m.p50_ms);
        p99s.push(m.p99_ms);
        tally.add(m.tally);
    }
    let rate = median(&mut rates);
    let spread = format!("({:.0}–{:.0})", rates[0], rates[rates.len() - 1]);
    println!(
        "{label:<24} {connections:>2} conn  {comments:>4} comments  {rate:>6.0} comments/s \
         {spread:<13} p50 {:>6.2} ms  p99 {:>6.2} ms  5xx {}  other {}  errors {}  \
         acknowledged {}/{}",
        median(&mut p50s),
        median(&mut p99s),
        tally.server_5xx,
        tally.other,
        tally.errors,
        tally.acknowledged,
        comments * REPEATS,
    );
    rate
}

#[tokio::main]
async fn main() {
    println!(
        "server ingest under concurrent clients: the real release binary on loopback, a fresh \
         SQLite file per run (WAL, synchronous=FULL); each client its own keep-alive \
         connection; a comment counts only when answered 200 \"created\", i.e. after its \
         commit is on disk. Median of {REPEATS} runs (min–max comments/s), median p50/p99 \
         per acknowledged request; 5xx/other/errors summed over the runs. Client and server \
         share this machine's cores."
    );
    let group = format!("group commit ({GROUP})");
    let single = "commit per request (1)";
    let mut ratios = Vec::new();
    for connections in CONNECTIONS {
        let comments = comments_for(connections);
        let grouped = measure(&group, GROUP, connections, comments, 1).await;
        let alone = measure(single, 1, connections, comments, 1).await;
        ratios.push((connections, grouped / alone));
    }
    for (connections, ratio) in ratios {
        println!("group commit / commit per request at {connections:>2} conn: {ratio:>5.2}×");
    }
    measure(
        &format!("group commit, {BATCH}/request"),
        GROUP,
        8,
        4000,
        BATCH,
    )
    .await;
}
