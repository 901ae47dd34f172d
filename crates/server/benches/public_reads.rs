//! A popular section, as its readers load it (issue 21): 10,000 published comments on one
//! Leitmotiv and 64 readers at once, each with its own keep-alive connection, against the
//! real release binary. Measured: the first page with the validator a browser sends back
//! (304s) and without (200s), pages deep in the list, the counts, and the open data at 32
//! readers; beside each, `/healthz`'s p99 while the burst runs and the process's memory
//! (peak during the burst, and a minute after the last one against the idle figure). The
//! same run is repeated with `--read-cache off` for the ratio. Asserts only that every
//! request was answered. Run by `cargo xtask bench`.

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

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{client, median, percentile, Server};

const COMMENTS: usize = 10_000;
const SECTION: &str = "leitmotiv-5";
const READERS: usize = 64;
const REQUESTS: usize = 6_400;
const REPEATS: usize = 3;

fn comment(i: usize) -> String {
    format!(
        r#"{{"id":"{:08x}-0000-4000-8000-{:012x}","section_id":"{SECTION}","section_version":1,"name":"Leserin {i}","text":"Kommentar {i}: Der Ausbau der Glasfaser im Umland sollte Vorrang haben, und das Rathaus sollte auch abends digital erreichbar sein. Bildung gehört dazu.","consent":true,"created_at":"2026-11-22T10:15:00.000Z"}}"#,
        i, i
    )
}

/// What one burst measured.
struct Burst {
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Answers 500–599 (and failed connections).
    failed: usize,
    health_p99_ms: f64,
    peak_mib: f64,
    bytes_per_answer: f64,
}

/// `requests` GETs of `paths` (in turn) from `readers` clients at once, each sending
/// `If-None-Match: etag` when given; meanwhile one client asks `/healthz` in a loop and
/// the server's memory is sampled.
async fn burst(
    server: &Server,
    paths: &[String],
    etag: Option<&str>,
    readers: usize,
    requests: usize,
) -> Burst {
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new(0.0_f64));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        let status = format!("/proc/{}/status", server.pid());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let text = std::fs::read_to_string(&status).unwrap_or_default();
                let rss = text
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                    .unwrap_or(0.0)
                    / 1024.0;
                let mut p = peak.lock().unwrap();
                *p = p.max(rss);
                drop(p);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let health = {
        let (done, url) = (done.clone(), format!("{}/healthz", server.base));
        tokio::spawn(async move {
            let client = client();
            let mut latencies = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let t = Instant::now();
                if client.get(&url).send().await.is_ok() {
                    latencies.push(t.elapsed());
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            latencies.sort();
            percentile(&latencies, 0.99)
        })
    };
    let started = Instant::now();
    let tasks: Vec<_> = (0..readers)
        .map(|_| {
            let next = next.clone();
            let urls: Vec<String> = paths
                .iter()
                .map(|p| format!("{}{p}", server.base))
                .collect();
            let etag = etag.map(str::to_owned);
            tokio::spawn(async move {
                let client = client();
                let (mut latencies, mut failed, mut bytes) = (Vec::new(), 0, 0usize);
                loop {
                    let r = next.fetch_add(1, Ordering::Relaxed);
                    if r >= requests {
                        break;
                    }
                    let t = Instant::now();
                    let mut req = client
                        .get(&urls[r % urls.len()])
                        .header("accept-encoding", "br, gzip");
                    if let Some(tag) = &etag {
                        req = req.header("if-none-match", tag);
                    }
                    match req.send().await {
                        Ok(res) if !res.status().is_server_error() => {
                            bytes += res.bytes().await.map_or(0, |b| b.len());
                            latencies.push(t.elapsed());
                        }
                        _ => failed += 1,
                    }
                }
                (latencies, failed, bytes)
            })
        })
        .collect();
    let (mut latencies, mut failed, mut bytes) = (Vec::new(), 0, 0);
    for task in tasks {
        let (l, f, b) = task.await.unwrap();
        latencies.extend(l);
        failed += f;
        bytes += b;
    }
    let total = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let health_p99 = health.await.unwrap();
    sampler.join().unwrap();
    latencies.sort();
    assert_eq!(
        latencies.len() + failed,
        requests,
        "every request answered or failed"
    );
    let peak_mib = *peak.lock().unwrap();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    #[allow(clippy::cast_precision_loss)]
    Burst {
        rate: latencies.len() as f64 / total.as_secs_f64(),
        p50_ms: ms(percentile(&latencies, 0.5)),
        p99_ms: ms(percentile(&latencies, 0.99)),
        failed,
        health_p99_ms: ms(health_p99),
        peak_mib,
        bytes_per_answer: bytes as f64 / latencies.len().max(1) as f64,
    }
}

/// Repeats [`burst`], prints the medians, returns the median rate.
async fn measure(
    label: &str,
    server: &Server,
    paths: &[String],
    etag: Option<&str>,
    readers: usize,
    requests: usize,
) -> f64 {
    let mut runs = Vec::new();
    for _ in 0..REPEATS {
        runs.push(burst(server, paths, etag, readers, requests).await);
    }
    let pick = |f: fn(&Burst) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        median(&mut v)
    };
    let mut rates: Vec<f64> = runs.iter().map(|b| b.rate).collect();
    let rate = median(&mut rates);
    let spread = format!("({:.0}–{:.0})", rates[0], rates[rates.len() - 1]);
    let failed: usize = runs.iter().map(|b| b.failed).sum();
    let peak = runs.iter().map(|b| b.peak_mib).fold(0.0, f64::max);
    println!(
        "{label:<38} {readers:>2} readers {rate:>7.0} req/s {spread:<13} p50 {:>6.2} ms  p99 {:>7.2} ms  5xx {failed}  /healthz p99 {:>6.2} ms  peak {peak:>5.0} MiB  {:>7.0} B/answer",
        pick(|b| b.p50_ms),
        pick(|b| b.p99_ms),
        pick(|b| b.health_p99_ms),
        pick(|b| b.bytes_per_answer),
    );
    rate
}

/// One server (cache on or off): seeded, every kind of read measured; returns the rates
/// of (first page with 304s, first page without).
async fn run(cache: &str) -> (f64, f64) {
    let server = Server::start(&["--moderation", "post", "--read-cache", cache]);
    let started = Instant::now();
    // Public at once (`--moderation post`).
    common::seed(&server, COMMENTS, comment).await;
    let client = client();
    let first = format!("/api/v1/sections/{SECTION}/comments");
    let res = client
        .get(format!("{}{first}", server.base))
        .send()
        .await
        .unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    // Twenty pages deep along the cursors, as a reader who keeps loading more.
    let mut deep = Vec::new();
    let mut page: serde_json::Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    for _ in 0..20 {
        let next = page["next"].as_str().unwrap().to_owned();
        let path = format!("{first}?after={next}");
        let res = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        page = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
        deep.push(path);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle, _) = server.memory_mib();
    println!(
        "-- read cache {cache}: {COMMENTS} comments on {SECTION} seeded in {:.1} s; idle {idle:.0} MiB",
        started.elapsed().as_secs_f64()
    );
    let first_paths = vec![first.clone()];
    let with_304 = measure(
        "first page, If-None-Match (304)",
        &server,
        &first_paths,
        Some(&etag),
        READERS,
        REQUESTS,
    )
    .await;
    let without = measure(
        "first page (200)",
        &server,
        &first_paths,
        None,
        READERS,
        REQUESTS,
    )
    .await;
    measure(
        "20 pages deep, in turn (200)",
        &server,
        &deep,
        None,
        READERS,
        REQUESTS,
    )
    .await;
    measure(
        "the counts (200)",
        &server,
        &["/api/v1/counts".to_owned()],
        None,
        READERS,
        REQUESTS,
    )
    .await;
    measure(
        "open data JSON, all 10,000 (200)",
        &server,
        &["/api/v1/open-data/comments.json".to_owned()],
        None,
        32,
        64,
    )
    .await;
    let (right_after, hwm) = server.memory_mib();
    tokio::time::sleep(Duration::from_secs(60)).await;
    let (later, _) = server.memory_mib();
    println!(
        "memory: idle {idle:.0} MiB, right after the bursts {right_after:.0} MiB, a minute later {later:.0} MiB ({:+.0} % of idle), peak of the process {hwm:.0} MiB",
        (later / idle - 1.0) * 100.0
    );
    (with_304, without)
}

#[tokio::main]
async fn main() {
    println!(
        "a popular section: {COMMENTS} published comments on one Leitmotiv; the real release \
         binary on loopback; {READERS} readers at once, each its own keep-alive connection, \
         accepting brotli; {REQUESTS} requests per run (the open data: 64 at 32 readers), \
         median of {REPEATS} runs (min–max req/s). Client and server share this machine's cores."
    );
    let (on_304, on_200) = run("on").await;
    let (off_304, off_200) = run("off").await;
    println!(
        "kept answers / built each time, first page at {READERS} readers: {:.1}× with 304s, {:.1}× without",
        on_304 / off_304,
        on_200 / off_200
    );
}
