//! What the benchmarks share: the real server binary on a port of its own, and the
//! statistics they print.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The `p` quantile (0–1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// The median (sorts `values`).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The server binary on a port of its own, with its database in a temporary folder;
/// killed when dropped.
pub struct Server {
    child: Child,
    /// e.g. `http://127.0.0.1:40123`
    pub base: String,
    /// Its SQLite file.
    pub database: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts the release binary with a fresh database and `extra` flags (the citizens'
    /// rate limit is off: the load comes from one address).
    pub fn start(extra: &[&str]) -> Self {
        // Under the target folder rather than /tmp, which may be tmpfs, where an fsync
        // costs nothing and `synchronous = FULL` would measure nothing.
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        // Only so the server does not warn about a missing app on every start.
        std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
        let database = dir.path().join("x.sqlite3");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mitreden-server"))
            .arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--database")
            .arg(&database)
            .arg("--dist")
            .arg(&dist)
            .arg("--strategy")
            .arg(strategy())
            .args(["--rate-limit", "0"])
            // Many clients simulated from one address.
            .args(["--max-connections-per-client", "100000"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the server binary: {e}"));
        // A thread reads stdout to the end, so the server never writes into a closed pipe.
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("mitreden listening on http://") {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(addr.trim().to_owned());
                    }
                }
            }
        });
        let Ok(addr) = rx.recv_timeout(Duration::from_secs(30)) else {
            let status = child.try_wait();
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not report its address (exit status: {status:?})");
        };
        Self {
            child,
            base: format!("http://{addr}"),
            database,
            _dir: dir,
        }
    }
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The process's resident memory now and its peak so far, in MiB (from `/proc`).
    pub fn memory_mib(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kib = |key: &str| -> f64 {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The default strategy file.
pub fn strategy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/sindelfingen.toml")
}

/// A client with one keep-alive connection, as one person's browser.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .no_proxy()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

/// `count` comments (`comment(i)` gives each as JSON) sent by 8 clients at once, 50 per
/// request, as outboxes send them.
pub async fn seed(server: &Server, count: usize, comment: fn(usize) -> String) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let next = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let next = next.clone();
            let url = format!("{}/api/v1/comments", server.base);
            tokio::spawn(async move {
                let client = client();
                loop {
                    let first = next.fetch_add(50, Ordering::Relaxed);
                    if first >= count {
                        break;
                    }
                    let items: Vec<String> =
                        (first..(first + 50).min(count)).map(comment).collect();
                    let res = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(format!(r#"{{"comments":[{}]}}"#, items.join(",")))
                        .send()
                        .await
                        .unwrap();
                    assert!(res.status().is_success(), "seeding: {}", res.status());
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
}
