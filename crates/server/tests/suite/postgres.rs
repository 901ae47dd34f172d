//! The server on PostgreSQL (issue 25) as a town's IT starts it: the built binary with
//! `--database postgres://…` on a new, empty database of the test cluster — it makes the
//! tables, takes a comment, signs staff in (the account made with `user add` on the same
//! database), is ready and measured, keeps the comment exactly once across a `kill -9` and
//! a restart, never prints the database's password, and `backup` points to PostgreSQL's
//! own tools instead of copying a file.
#![cfg(feature = "postgres")]
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use crate::common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mitreden-server"))
}

/// The server on `database`, its log in `log`; (process, its address, the metrics' address).
fn start(database: &str, dist: &Path, log: &Path) -> (Child, String, String) {
    let mut child = bin()
        .args(["--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"])
        // The load below comes from one address.
        .args(["--rate-limit", "0"])
        .args(["--database", database])
        .arg("--dist")
        .arg(dist)
        .arg("--strategy")
        .arg(common::strategy_file())
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = |prefix: &str| {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        line.trim()
            .strip_prefix(prefix)
            .unwrap_or_else(|| {
                panic!(
                    "unexpected line {line:?}; the log: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                )
            })
            .to_owned()
    };
    let app = line("mitreden listening on ");
    let metrics = line("metrics on ").trim_end_matches("/metrics").to_owned();
    (child, app, metrics)
}

fn comment() -> Value {
    json!({ "comments": [{
        "id": "0b0e0c0d-0000-4000-8000-00000000a001",
        "section_id": "leitmotiv-1",
        "section_version": 1,
        "text": "Auf PostgreSQL gespeichert: Glasfaser für die Schulen.",
        "consent": true,
        "created_at": "2026-12-07T10:15:00.000Z",
    }]})
}

async fn send_comment(client: &reqwest::Client, app: &str) -> String {
    let res = client
        .post(format!("{app}/api/v1/comments"))
        .header("content-type", "application/json")
        .body(comment().to_string())
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let body: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    body["results"][0]["outcome"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

/// `amt` signs in on `app`; the session cookie.
async fn sign_in(client: &reqwest::Client, app: &str) -> String {
    let login = client
        .post(format!("{app}/api/v1/admin/login"))
        .header("content-type", "application/json")
        .header("sec-fetch-site", "same-origin")
        .body(json!({ "name": "amt", "password": common::PASSWORD }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200, "{}", login.text().await.unwrap());
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// The comments the office sees on `app` with the session `cookie`.
async fn listed(client: &reqwest::Client, app: &str, cookie: &str) -> Vec<Value> {
    let res = client
        .get(format!("{app}/api/v1/admin/comments"))
        .header("cookie", cookie)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    body.as_array().unwrap_or_else(|| panic!("{body}")).clone()
}

/// The comments the office sees, as `amt` signed in on `app`.
async fn office_sees(client: &reqwest::Client, app: &str) -> Vec<Value> {
    let cookie = sign_in(client, app).await;
    listed(client, app, &cookie).await
}

/// `mitreden-server user add amt` on `database`, the password on standard input.
fn add_account(database: &str) {
    let mut add = bin()
        .args(["--database", database, "--strategy"])
        .arg(common::strategy_file())
        .args(["user", "add", "amt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{}", common::PASSWORD).unwrap();
    let added = add.wait_with_output().unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
}

/// The fake `dist/` of [`common::state`], in `dir`.
async fn dist(dir: &Path) -> std::path::PathBuf {
    drop(common::state(dir).await);
    dir.join("dist")
}

#[tokio::test]
async fn the_binary_serves_on_postgresql_and_keeps_what_it_took() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dist(dir.path()).await;
    let database = mitreden_server::postgres::test_database("binary").await;
    let password = database
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(who, _)| who.split_once(':'))
        .map(|(_, password)| password.to_owned())
        .expect("the test cluster's URL has a password");

    // The first account, as the guide says, on the same database.
    add_account(&database);

    let client = reqwest::Client::new();
    let log = dir.path().join("server.log");
    let (mut server, app, metrics) = start(&database, &dist, &log);
    assert_eq!(send_comment(&client, &app).await, "created");
    let seen = office_sees(&client, &app).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["text"], comment()["comments"][0]["text"]);
    let ready = client
        .get(format!("{metrics}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let scraped = client
        .get(format!("{metrics}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let size: f64 = scraped
        .lines()
        .find_map(|l| l.strip_prefix("mitreden_database_size_bytes "))
        .unwrap_or_else(|| panic!("{scraped}"))
        .parse()
        .unwrap();
    assert!(size > 1e6, "the database's size: {size}");

    // Killed without a chance to flush anything: what was acknowledged is in PostgreSQL.
    server.kill().unwrap();
    server.wait().unwrap();
    let (mut again, app, _) = start(&database, &dist, &dir.path().join("again.log"));
    assert_eq!(
        send_comment(&client, &app).await,
        "already_present",
        "stored once"
    );
    assert_eq!(office_sees(&client, &app).await.len(), 1);
    again.kill().unwrap();
    again.wait().unwrap();

    for file in ["server.log", "again.log"] {
        let logged = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(logged.contains("server started"), "{logged}");
        assert!(
            !logged.contains(&password),
            "the password is in the log: {logged}"
        );
    }

    let backup = bin()
        .args(["--database", &database, "backup"])
        .arg(dir.path().join("copy.sqlite3"))
        .output()
        .unwrap();
    assert!(!backup.status.success());
    let said = String::from_utf8_lossy(&backup.stderr);
    assert!(said.contains("pg_dump"), "{said}");
    assert!(!said.contains(&password), "{said}");
    assert!(!dir.path().join("copy.sqlite3").exists());
}

/// `GET /api/v1/strategy` on `app`.
async fn strategy_of(client: &reqwest::Client, app: &str) -> Value {
    let res = client
        .get(format!("{app}/api/v1/strategy"))
        .send()
        .await
        .unwrap();
    serde_json::from_str(&res.text().await.unwrap()).unwrap()
}

/// A comment numbered `n` for the load below.
fn numbered(n: usize) -> Value {
    let section = ["ziel-gemeinschaft-kompetenz", "ziel-ressourcen"][n % 2];
    json!({ "comments": [{
        "id": format!("0b0e0c0d-0000-4000-8000-{n:012x}"),
        // Stutensee's sections: the load comes after that strategy is published.
        "section_id": section,
        "section_version": 1,
        "text": format!("Beitrag {n} an einen von drei Prozessen."),
        "consent": true,
        "created_at": "2026-12-07T10:15:00.000Z",
    }]})
}

/// Sends `body`; the item's outcome, or `None` where the process did not answer.
async fn try_send(client: &reqwest::Client, app: &str, body: &Value) -> Option<String> {
    let res = client
        .post(format!("{app}/api/v1/comments"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .ok()?;
    if !res.status().is_success() {
        return None;
    }
    let body: Value = serde_json::from_str(&res.text().await.ok()?).ok()?;
    body["results"][0]["outcome"].as_str().map(str::to_owned)
}

/// Three server processes on one PostgreSQL database, no sticky routing (issue 25): a
/// comment sent to one and retried on the others is stored once; a session made on one
/// works on the others; a version published (by the command line) reaches every
/// process's pages; and with one process killed (`kill -9`) in the middle of a load whose
/// clients resend to another what got no answer, every acknowledged comment is stored,
/// each once.
#[tokio::test]
async fn three_processes_on_one_database_store_each_comment_once() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dist(dir.path()).await;
    let database = mitreden_server::postgres::test_database("three").await;
    add_account(&database);
    let mut processes: Vec<(Child, String)> = (0..3)
        .map(|i| {
            let (child, app, _) = start(&database, &dist, &dir.path().join(format!("{i}.log")));
            (child, app)
        })
        .collect();
    let apps: Vec<String> = processes.iter().map(|(_, app)| app.clone()).collect();
    let client = reqwest::Client::new();

    // Sent to one, retried on the others: stored once.
    assert_eq!(send_comment(&client, &apps[0]).await, "created");
    for app in &apps[1..] {
        assert_eq!(send_comment(&client, app).await, "already_present");
    }
    // Signed in on one, the session works on all.
    let cookie = sign_in(&client, &apps[1]).await;
    for app in &apps {
        assert_eq!(listed(&client, app, &cookie).await.len(), 1, "{app}");
    }

    // Published once, seen by all.
    let before = strategy_of(&client, &apps[2]).await;
    let stutensee =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/stutensee.toml");
    let imported = bin()
        .args(["--database", &database, "--strategy"])
        .arg(common::strategy_file())
        .args(["strategy", "import", "--publish"])
        .arg(&stutensee)
        .output()
        .unwrap();
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    for app in &apps {
        let started = std::time::Instant::now();
        loop {
            let now = strategy_of(&client, app).await;
            if now["version"] != before["version"] {
                assert_eq!(now["id"], "stutensee-4-0", "{now}");
                break;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(15),
                "{app} still serves {before}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    // A load across the three; the third killed in its middle; what got no answer is
    // sent again to the first, as the app's queue does.
    const LOAD: usize = 600;
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let resent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for worker in 0..16 {
        let (client, apps, acknowledged) = (client.clone(), apps.clone(), acknowledged.clone());
        let resent_count = resent.clone();
        clients.push(tokio::spawn(async move {
            for n in (worker..LOAD).step_by(16) {
                let body = numbered(n);
                let mut outcome = try_send(&client, &apps[n % 3], &body).await;
                let resent = std::time::Instant::now();
                while outcome.is_none() {
                    assert!(resent.elapsed() < std::time::Duration::from_secs(30), "{n}");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    resent_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    outcome = try_send(&client, &apps[0], &body).await;
                }
                let outcome = outcome.unwrap();
                assert!(
                    outcome == "created" || outcome == "already_present",
                    "{n}: {outcome}"
                );
                acknowledged.lock().unwrap().push(n);
            }
        }));
    }
    let started = std::time::Instant::now();
    while acknowledged.lock().unwrap().len() < LOAD / 3 {
        if clients.iter().any(|c| c.is_finished()) {
            break; // a client's failure, said when it is joined below
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    processes[2].0.kill().unwrap();
    processes[2].0.wait().unwrap();
    let killed_at = acknowledged.lock().unwrap().len();
    for c in clients {
        c.await.unwrap();
    }
    assert!(killed_at < LOAD, "the kill came in the middle of the load");
    assert!(
        resent.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "some comments went unanswered by the killed process and were sent again"
    );
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert_eq!(acknowledged.len(), LOAD);

    let pool = sqlx::PgPool::connect(&database).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM comments")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), LOAD + 1, "each once, and the first");
    let stored: std::collections::HashSet<String> = stored.into_iter().collect();
    for n in acknowledged {
        let id = numbered(n)["comments"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(stored.contains(&id), "{id} acknowledged but not stored");
    }
    for (mut child, _) in processes.into_iter().take(2) {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
