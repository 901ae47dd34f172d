//! Server ingest benchmark: the real server on a loopback port with a real SQLite file
//! (`synchronous = FULL`), fed by a native HTTP client. Prints comments/s and p50/p99
//! latency for one comment per request and for batches. Run by `cargo xtask bench`.

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "a benchmark stops on any failure"
)]

use std::time::{Duration, Instant};

use mitreden_server::{app, AppState, Config};

const COMMENTS: usize = 1000;
const BATCH: usize = 50;

fn comment(i: usize) -> String {
    format!(
        r#"{{"id":"{:08x}-0000-4000-8000-{:012x}","section_id":"leitmotiv-{}","section_version":1,"text":"Kommentar Nummer {i}: Bildung gehört dazu.","consent":true,"created_at":"2026-11-22T10:15:00.000Z"}}"#,
        i,
        i,
        i % 10 + 1
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn run(client: &reqwest::Client, url: &str, label: &str, offset: usize, per_request: usize) {
    let mut latencies = Vec::new();
    let started = Instant::now();
    for chunk in (offset..offset + COMMENTS)
        .collect::<Vec<_>>()
        .chunks(per_request)
    {
        let items: Vec<String> = chunk.iter().map(|i| comment(*i)).collect();
        let body = format!(r#"{{"comments":[{}]}}"#, items.join(","));
        let t = Instant::now();
        let res = client
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        let text = res.text().await.unwrap();
        assert_eq!(text.matches("\"created\"").count(), chunk.len(), "{text}");
        latencies.push(t.elapsed());
    }
    let total = started.elapsed();
    latencies.sort();
    #[allow(clippy::cast_precision_loss)]
    let rate = COMMENTS as f64 / total.as_secs_f64();
    println!(
        "{label:<28} {COMMENTS} comments in {:>7.1} ms  {rate:>8.0} comments/s  \
         request p50 {:>6.2} ms  p99 {:>6.2} ms",
        total.as_secs_f64() * 1000.0,
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let config = Config::with_paths(
        dir.path().join("bench.sqlite3"),
        dir.path().join("dist"),
        root.join("content/sindelfingen.toml"),
    );
    let state = AppState::load(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(state)).await });
    let url = format!("http://{addr}/api/v1/comments");
    let client = reqwest::Client::new();
    println!("server ingest (loopback, SQLite WAL, synchronous=FULL, durable before the answer):");
    run(&client, &url, "one comment per request", 0, 1).await;
    run(
        &client,
        &url,
        &format!("batches of {BATCH}"),
        COMMENTS,
        BATCH,
    )
    .await;
}
