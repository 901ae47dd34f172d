//! Publishing a version while citizens read (issue 22): the server renders every page of
//! Sindelfingen's strategy and swaps them in with the strategy, nine times in a row (each a
//! changed text), while 16 readers load a section page throughout, as browsers do (brotli).
//! Prints the median, fastest and slowest publish, the reads answered during them, any
//! answer other than 200, and any page read after a publish returned that still showed the
//! version before (stale). Uses the built app in `dist/` where there is one (the pages then
//! name its real bundles). In this process, through the router, without a socket: what is
//! measured is the render and the swap. Run by `cargo xtask bench`.

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "a benchmark stops on any failure"
)]

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use mitreden_server::{app, AppState, Config};
use tower::ServiceExt;

const PUBLISHES: usize = 9;
const READERS: usize = 16;
const PAGE: &str = "/abschnitt/leitmotiv-1";

/// The page at `PAGE` as a browser gets it (brotli), decoded.
async fn read(state: &AppState) -> (StatusCode, String) {
    let res = app(state.clone())
        .oneshot(
            Request::get(PAGE)
                .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let mut text = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut text).unwrap();
    (status, String::from_utf8(text).unwrap())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let built = root.join("dist");
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dist = if built.join("index.html").is_file() {
        built
    } else {
        dir.path().join("dist")
    };
    let file = root.join("content/sindelfingen.toml");
    let config = Config::with_paths(dir.path().join("x.sqlite3"), dist.clone(), file.clone());
    let state = AppState::load(&config).await.unwrap();
    let first = state.pages.site().await.unwrap();
    let source = std::fs::read_to_string(&file).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let (reads, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let (state, stop) = (state.clone(), stop.clone());
            let (reads, failed) = (reads.clone(), failed.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let (status, _) = read(&state).await;
                    reads.fetch_add(1, Ordering::Relaxed);
                    if status != StatusCode::OK {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                    // An answer from memory never waits: give the other tasks their turn.
                    tokio::task::yield_now().await;
                }
            })
        })
        .collect();

    let mut times = Vec::new();
    let mut stale = 0;
    for n in 1..=PUBLISHES {
        let marker = format!("Neu in Fassung {n}.");
        let changed = source.replacen(
            "text = \"\"\"\n",
            &format!("text = \"\"\"\n{marker}\n\n"),
            1,
        );
        let strategy = mitreden_server::strategy::read("neu.toml", &changed).unwrap();
        let fingerprint = mitreden_model::content_hash(changed.as_bytes()).into();
        let took = state.pages.publish(strategy, fingerprint).await.unwrap();
        times.push(took.as_secs_f64() * 1000.0);
        let (_, page) = read(&state).await;
        if !page.contains(&marker) {
            stale += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.await.unwrap();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "publishing Sindelfingen ({} pages, {}) while {READERS} readers load a section page:",
        first.pages.len(),
        if dist.ends_with("dist") && dist.join("index.html").is_file() {
            "the built app in dist/"
        } else {
            "no built app"
        }
    );
    println!(
        "  render and swap: median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms ({PUBLISHES} publishes; goal < 1000 ms)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    println!(
        "  reads during them: {}, answered other than 200: {}, stale after a publish: {stale}",
        reads.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed)
    );
    assert_eq!(failed.load(Ordering::Relaxed), 0, "every read answered");
    assert_eq!(stale, 0, "no page of the version before after a publish");
}
