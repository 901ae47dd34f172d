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

/// The comments the office sees, as `amt` signed in on `app`.
async fn office_sees(client: &reqwest::Client, app: &str) -> Vec<Value> {
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
    let cookie = cookie.split(';').next().unwrap().to_owned();
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

#[tokio::test]
async fn the_binary_serves_on_postgresql_and_keeps_what_it_took() {
    let dir = tempfile::tempdir().unwrap();
    let state = common::state(dir.path()).await; // writes the small fake dist/
    drop(state);
    let dist = dir.path().join("dist");
    let database = mitreden_server::postgres::test_database("binary").await;
    let password = database
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(who, _)| who.split_once(':'))
        .map(|(_, password)| password.to_owned())
        .expect("the test cluster's URL has a password");

    // The first account, as the guide says, on the same database.
    let mut add = bin()
        .args(["--database", &database, "--strategy"])
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
