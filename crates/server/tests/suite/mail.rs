//! The mail queue against a real SMTP server (issue 23): Python's aiosmtpd on loopback,
//! started by the test, writes every message it accepts into a Maildir that the test reads.
//! `cargo xtask test` installs aiosmtpd and names its Python in `MITREDEN_PYTHON`. The
//! whole story through the server's routes: a citizen asks, confirms on the page, staff
//! answer, one mail arrives, the address is gone from the database's files.

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "tests stop on any failure"
)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

use common::public::{call, json_body, staff_cookie, PUBLIC};

use axum::http::{header, StatusCode};
use mitreden_server::notify::digest::queue_due;
use mitreden_server::notify::events::{end_with_participation, expire_unconfirmed};
use mitreden_server::notify::queue::{due_at_start, enqueue, send_due, Couriers, Mail, Mailer};
use mitreden_server::sqlite::SqliteStore;
use mitreden_server::{db, AppState};
use serde_json::{json, Value};

const ADDRESS: &str = "erika.muster@example.org";

/// aiosmtpd on `127.0.0.1:port`, stopped when dropped.
struct Smtp(Child);

impl Smtp {
    fn start(port: u16, maildir: &Path) -> Self {
        let python = std::env::var_os("MITREDEN_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../target/schemathesis-venv/bin/python")
            });
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {e} — `cargo xtask test` installs aiosmtpd and sets MITREDEN_PYTHON",
                    python.display()
                )
            });
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not listen on {port} (is it installed for {}?)",
                python.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self(child)
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The messages the SMTP server accepted, as text.
fn delivered(maildir: &Path) -> Vec<String> {
    std::fs::read_dir(maildir.join("new"))
        .map(|dir| {
            dir.flatten()
                .map(|f| std::fs::read_to_string(f.path()).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

fn mail() -> Mail {
    Mail {
        channel: mitreden_server::notify::queue::Channel::Email,
        message_id: "antwort-1234@mitreden.example.org".into(),
        recipient: ADDRESS.into(),
        subject: "Ihr Kommentar hat eine Antwort".into(),
        text: "Die Stadtverwaltung hat Ihren Kommentar beantwortet.".into(),
        html: "<p>Die Stadtverwaltung hat Ihren Kommentar beantwortet.</p>".into(),
        unsubscribe: Some("https://mitreden.example.org/api/v1/notify/stop?token=abc".into()),
    }
}

/// Whether `needle` is anywhere in the database's files (the file, its WAL).
fn in_files(db_path: &Path, needle: &str) -> bool {
    let name = db_path.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir(db_path.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|f| f.file_name().to_string_lossy().starts_with(&name))
        .any(|f| {
            let bytes = std::fs::read(f.path()).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
}

/// The one notification request's address and why it ended.
async fn address_and_end(state: &mitreden_server::AppState) -> [Option<String>; 2] {
    common::peek::peek(state)
        .await
        .row("SELECT address, ended_why FROM notify_requests", &[])
        .await
        .try_into()
        .unwrap()
}

#[tokio::test]
async fn a_mail_waits_out_a_server_that_is_down_a_restart_and_arrives_once() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("mitreden.sqlite3");
    let maildir = dir.path().join("maildir");
    let port = free_port();
    let mailer = Couriers {
        mail: Some(
            Mailer::new(
                &format!("smtp://127.0.0.1:{port}"),
                "Stadt Sindelfingen <mitreden@example.org>",
            )
            .unwrap(),
        ),
        push: None,
    };

    // Written with what it tells of: once, however often it is written.
    let db = db::open(&db_path).await.unwrap();
    let mut tx = db.write.begin().await.unwrap();
    assert!(enqueue(&mut tx, &mail()).await.unwrap());
    assert!(
        !enqueue(&mut tx, &mail()).await.unwrap(),
        "the same mail twice"
    );
    tx.commit().await.unwrap();

    // The SMTP server is down: nothing sent, the attempt counted, the next one later.
    assert_eq!(
        send_due(&SqliteStore::new(db.clone()), &mailer)
            .await
            .unwrap(),
        0
    );
    let (attempts, why, later): (i64, String, bool) = sqlx::query_as(
        "SELECT attempts, last_error, next_attempt_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         FROM mail_queue",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    assert_eq!((attempts, why.as_str(), later), (1, "no connection", true));
    assert_eq!(
        send_due(&SqliteStore::new(db.clone()), &mailer)
            .await
            .unwrap(),
        0,
        "not due yet"
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT attempts FROM mail_queue")
            .fetch_one(&db.read)
            .await
            .unwrap(),
        1,
        "no second attempt before its time"
    );

    // The process ends; a new one opens the same database. The SMTP server is back; the
    // start makes what waits due at once.
    db.write.close().await;
    db.read.close().await;
    drop(db);
    let db = db::open(&db_path).await.unwrap();
    let _smtp = Smtp::start(port, &maildir);
    assert_eq!(
        due_at_start(&SqliteStore::new(db.clone())).await.unwrap(),
        1
    );
    assert_eq!(
        send_due(&SqliteStore::new(db.clone()), &mailer)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        due_at_start(&SqliteStore::new(db.clone())).await.unwrap(),
        0,
        "nothing waits"
    );
    assert_eq!(
        send_due(&SqliteStore::new(db.clone()), &mailer)
            .await
            .unwrap(),
        0,
        "sent is sent"
    );

    let messages = delivered(&maildir);
    assert_eq!(messages.len(), 1, "exactly one message");
    let message = &messages[0];
    for header in [
        "Message-ID: <antwort-1234@mitreden.example.org>",
        "Auto-Submitted: auto-generated",
        "List-Unsubscribe: <https://mitreden.example.org/api/v1/notify/stop?token=abc>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "From: \"Stadt Sindelfingen\" <mitreden@example.org>",
        &format!("To: {ADDRESS}"),
        "multipart/alternative",
        "text/plain",
        "text/html",
    ] {
        assert!(message.contains(header), "{header} missing in\n{message}");
    }
    assert!(message.contains("Die Stadtverwaltung hat Ihren Kommentar beantwortet."));

    // Sent: the address and the bodies are gone from the row, and from the files once the
    // WAL is erased (as a withdrawal erases it).
    let (recipient, text, sent): (Option<String>, String, Option<String>) =
        sqlx::query_as("SELECT recipient, body_text, sent_at FROM mail_queue")
            .fetch_one(&db.read)
            .await
            .unwrap();
    assert_eq!((recipient, text.as_str()), (None, ""));
    assert!(sent.is_some());
    db.erase_wal().await.unwrap();
    assert!(
        !in_files(&db_path, ADDRESS),
        "the address is still in the files"
    );
}

#[tokio::test]
async fn a_mail_that_cannot_be_sent_is_given_up_and_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(&dir.path().join("mitreden.sqlite3"))
        .await
        .unwrap();
    let mailer = Couriers {
        mail: Some(
            Mailer::new(
                &format!("smtp://127.0.0.1:{}", free_port()),
                "mitreden@example.org",
            )
            .unwrap(),
        ),
        push: None,
    };
    let mut broken = mail();
    broken.recipient = "kein Empfänger".into();
    let mut tx = db.write.begin().await.unwrap();
    enqueue(&mut tx, &broken).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        send_due(&SqliteStore::new(db.clone()), &mailer)
            .await
            .unwrap(),
        0
    );
    let (recipient, given_up): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT recipient, given_up_at FROM mail_queue")
            .fetch_one(&db.read)
            .await
            .unwrap();
    assert_eq!(recipient, None);
    assert!(
        given_up.is_some(),
        "given up at once: no later attempt helps"
    );
}

const COMMENT: &str = "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c";
const RECEIPT: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0123456789abcdef0123456789abcdef";

/// The comment every story is about, with its receipt token.
fn batch() -> Value {
    json!({ "comments": [{
        "id": COMMENT, "section_id": "leitmotiv-2", "section_version": 2,
        "text": "Bitte mehr Bildung.", "consent": true,
        "created_at": "2026-11-22T10:15:00.000Z", "receipt_token": RECEIPT,
    }]})
}

/// A story's world: its folder (the database, the Maildir), the SMTP server, and the
/// server with the comment.
async fn story() -> (tempfile::TempDir, Smtp, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start(port, &dir.path().join("maildir"));
    let state = with_comment(dir.path(), port).await;
    (dir, smtp, state)
}

/// A server with mail to the SMTP server on `port`, and the comment.
async fn with_comment(dir: &Path, port: u16) -> AppState {
    let state = common::state_with(dir, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.mail_from = Some("Stadt Sindelfingen <mitreden@example.org>".into());
        c.public_url = Some(PUBLIC.into());
    })
    .await;
    let res = call(&state, "POST", "/api/v1/comments", json_body(batch()), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    state
}

/// Asks `state` for mail to `address` about the comment, in `language`, with the receipt
/// token where given; the answer's status.
async fn ask(state: &AppState, address: &str, token: Option<&str>, language: &str) -> StatusCode {
    let body = json_body(json!({
        "kind": "email", "address": address, "consent": true, "language": language,
    }));
    let notify = format!("/api/v1/comments/{COMMENT}/notify");
    let headers: Vec<(&str, &str)> = token.map(|t| ("x-receipt-token", t)).into_iter().collect();
    call(state, "POST", &notify, body, &headers).await.status()
}

/// Asks for mail about the comment and confirms it with the link of the mail that came.
async fn ask_and_confirm(state: &AppState, maildir: &Path, language: &str) {
    assert_eq!(
        ask(state, ADDRESS, Some(RECEIPT), language).await,
        StatusCode::ACCEPTED
    );
    let confirmation = wait_for(maildir, 1).await.remove(0);
    let confirm = link(&confirmation, &format!("{PUBLIC}/benachrichtigung?token="));
    let token = confirm.rsplit_once("token=").unwrap().1.to_owned();
    let form = Some((
        "application/x-www-form-urlencoded",
        format!("token={token}"),
    ));
    let res = call(state, "POST", "/benachrichtigung", form, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Waits until the SMTP server has `n` messages (the worker sends on its own).
async fn wait_for(maildir: &Path, n: usize) -> Vec<String> {
    let started = Instant::now();
    loop {
        let got = delivered(maildir);
        if got.len() >= n {
            return got;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{} of {n} messages arrived",
            got.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A message with its quoted-printable parts read (soft line breaks joined, `=XX` bytes).
fn decoded(message: &str) -> String {
    let joined = message.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            // Quoted-printable writes its hex in upper case; a header's `token=e2…` is text.
            .filter(|h| {
                h.chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            })
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The link in a message that starts with `start`.
fn link(message: &str, start: &str) -> String {
    let plain = decoded(message);
    let at = plain
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in\n{plain}"));
    plain[at..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '<' | '>'))
        .collect()
}

#[tokio::test]
async fn a_citizen_asks_confirms_and_gets_one_mail_with_the_answer_then_the_address_is_gone() {
    let (dir, _smtp, state) = story().await;
    let maildir = dir.path().join("maildir");

    // Without the receipt token: refused; with it, taken.
    assert_eq!(
        ask(&state, ADDRESS, None, "de").await,
        StatusCode::FORBIDDEN
    );
    let token = Some(RECEIPT);
    assert_eq!(
        ask(&state, ADDRESS, token, "de").await,
        StatusCode::ACCEPTED
    );
    // Asked again within the hour: no second confirmation to that address.
    assert_eq!(
        ask(&state, ADDRESS, token, "de").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        ask(&state, "kein@", token, "de").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let confirmation = wait_for(&maildir, 1).await.remove(0);
    assert!(
        confirmation.contains(&format!("To: {ADDRESS}")),
        "{confirmation}"
    );
    assert!(confirmation.contains("Subject: =?utf-8?") || confirmation.contains("Subject: Bitte"));
    let confirm = link(&confirmation, &format!("{PUBLIC}/benachrichtigung?token="));
    let token = confirm.rsplit_once("token=").unwrap().1.to_owned();

    // Opening the link confirms nothing; its button does, once.
    let page = call(
        &state,
        "GET",
        &format!("/benachrichtigung?token={token}"),
        None,
        &[],
    )
    .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = common::body(page).await;
    assert!(
        html.contains("<button type=\"submit\">Bestätigen</button>"),
        "{html}"
    );
    let confirmed: Option<String> = common::peek::peek(&state)
        .await
        .text("SELECT confirmed_at FROM notify_requests", &[])
        .await;
    assert_eq!(confirmed, None, "a GET confirms nothing");
    let form = Some((
        "application/x-www-form-urlencoded",
        format!("token={token}"),
    ));
    let res = call(&state, "POST", "/benachrichtigung", form.clone(), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(common::body(res).await.contains("Bestätigt"));
    let res = call(&state, "POST", "/benachrichtigung", form, &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "used up");

    // Staff publish and answer: one mail each, the answer's the last.
    let cookie = staff_cookie(&state).await;
    let staff = [(header::COOKIE.as_str(), cookie.as_str())];
    let publish = format!("/api/v1/admin/comments/{COMMENT}/publish");
    let res = call(&state, "POST", &publish, None, &staff).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let published = wait_for(&maildir, 2).await;
    let published = published
        .iter()
        .find(|m| m.contains("Message-ID: <published-"))
        .expect("the mail of the publication");
    assert!(published.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let answer =
        json_body(json!({"text": "Danke, wir nehmen das auf.", "status": "beruecksichtigt"}));
    let res = call(
        &state,
        "PUT",
        &format!("/api/v1/admin/comments/{COMMENT}/answer"),
        answer,
        &staff,
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::NO_CONTENT,
        "{}",
        common::body(res).await
    );
    let all = wait_for(&maildir, 3).await;
    let answered = decoded(
        all.iter()
            .find(|m| m.contains("Message-ID: <answered-"))
            .expect("the mail of the answer"),
    );
    assert!(
        answered.contains(&format!("{PUBLIC}/beitrag/{COMMENT}#{RECEIPT}")),
        "{answered}"
    );
    assert!(answered.contains("Danke, wir nehmen das auf."));
    // A changed answer tells nobody again: the request ended with the first.
    let again =
        json_body(json!({"text": "Danke, wir nehmen das gern auf.", "status": "beruecksichtigt"}));
    let res = call(
        &state,
        "PUT",
        &format!("/api/v1/admin/comments/{COMMENT}/answer"),
        again,
        &staff,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let sent: i64 = common::peek::peek(&state)
        .await
        .number("SELECT COUNT(*) FROM mail_queue", &[])
        .await;
    assert_eq!(sent, 3, "confirmation, publication, answer");

    // The address is gone: from the request, the sent mails, and the files.
    let [address, why] = address_and_end(&state).await;
    assert_eq!((address, why.as_deref()), (None, Some("answered")));
    let started = Instant::now();
    let peek = common::peek::peek(&state).await;
    while peek
        .number(
            "SELECT COUNT(*) FROM mail_queue WHERE recipient IS NOT NULL",
            &[],
        )
        .await
        > 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "a recipient is kept"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // In SQLite's file (PostgreSQL's files: `postgres::tests`).
    if let Some(db) = &state.sqlite {
        db.erase_wal().await.unwrap();
        assert!(!in_files(&dir.path().join("db/mitreden.sqlite3"), ADDRESS));
    }
    assert_eq!(delivered(&maildir).len(), 3, "nothing more arrived");
}

#[tokio::test]
async fn one_click_in_a_mail_stops_the_rest_and_deletes_the_address_in_english_too() {
    let (dir, _smtp, state) = story().await;
    let maildir = dir.path().join("maildir");
    ask_and_confirm(&state, &maildir, "en").await;
    let cookie = staff_cookie(&state).await;
    let staff = [(header::COOKIE.as_str(), cookie.as_str())];
    let publish = format!("/api/v1/admin/comments/{COMMENT}/publish");
    let res = call(&state, "POST", &publish, None, &staff).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let mails = wait_for(&maildir, 2).await;
    let raw = mails
        .iter()
        .find(|m| m.contains("Message-ID: <published-"))
        .unwrap();
    let published = decoded(raw);
    assert!(
        published.contains("Subject: Your comment is published"),
        "{published}"
    );
    assert!(published.contains(&format!("{PUBLIC}/en/beitrag/{COMMENT}#{RECEIPT}")));
    assert!(
        published.contains("Your comment on “At the forefront”"),
        "the section's English title: {published}"
    );
    // The mail program's one click: a POST to the List-Unsubscribe address.
    let stop = link(raw, &format!("{PUBLIC}/api/v1/notify/stop?token="));
    let path = stop.trim_start_matches(PUBLIC).to_owned();
    let one_click = || {
        Some((
            "application/x-www-form-urlencoded",
            "List-Unsubscribe=One-Click".to_owned(),
        ))
    };
    let res = call(&state, "POST", &path, one_click(), &[]).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = call(&state, "POST", &path, one_click(), &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "stopped already");
    let address: Option<String> = common::peek::peek(&state)
        .await
        .text("SELECT address FROM notify_requests", &[])
        .await;
    assert_eq!(address, None);
    // The answer tells nobody.
    let answer = json_body(json!({"text": "Danke.", "status": "beruecksichtigt"}));
    let uri = format!("/api/v1/admin/comments/{COMMENT}/answer");
    let res = call(&state, "PUT", &uri, answer, &staff).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let queued: i64 = common::peek::peek(&state)
        .await
        .number("SELECT COUNT(*) FROM mail_queue", &[])
        .await;
    assert_eq!(queued, 2, "confirmation and publication only");
}

#[tokio::test]
async fn a_withdrawal_ends_the_notification_and_without_mail_none_is_taken() {
    let (dir, _smtp, state) = story().await;
    let maildir = dir.path().join("maildir");
    ask_and_confirm(&state, &maildir, "de").await;
    let uri = format!("/api/v1/comments/{COMMENT}");
    let res = call(
        &state,
        "DELETE",
        &uri,
        None,
        &[("x-receipt-token", RECEIPT)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let [address, why] = address_and_end(&state).await;
    assert_eq!((address, why.as_deref()), (None, Some("withdrawn")));

    // A server without SMTP takes no request for mail, and says so.
    let other = tempfile::tempdir().unwrap();
    let plain = common::state(other.path()).await;
    let res = call(&plain, "POST", "/api/v1/comments", json_body(batch()), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = json_body(json!({
        "kind": "email", "address": ADDRESS, "consent": true, "language": "de",
    }));
    let notify = format!("/api/v1/comments/{COMMENT}/notify");
    let res = call(
        &plain,
        "POST",
        &notify,
        body,
        &[("x-receipt-token", RECEIPT)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = serde_json::from_str(&common::body(res).await).unwrap();
    assert_eq!(problem["code"], json!("no_mail"));
}

#[tokio::test]
async fn an_address_never_confirmed_is_deleted_after_48_hours() {
    let (dir, _smtp, state) = story().await;
    let maildir = dir.path().join("maildir");
    assert_eq!(
        ask(&state, ADDRESS, Some(RECEIPT), "de").await,
        StatusCode::ACCEPTED
    );
    let confirmation = wait_for(&maildir, 1).await.remove(0);
    let token = link(&confirmation, &format!("{PUBLIC}/benachrichtigung?token="))
        .rsplit_once("token=")
        .unwrap()
        .1
        .to_owned();
    // Not yet: nothing expires.
    assert_eq!(expire_unconfirmed(&*state.store).await.unwrap(), 0);
    // The clock moved on 49 hours.
    let before =
        mitreden_server::clock::stamp_at(mitreden_server::clock::now_ms() - 49 * 3_600_000);
    common::peek::peek(&state)
        .await
        .run(
            "UPDATE notify_requests SET created_at = $1",
            &[before.into()],
        )
        .await;
    assert_eq!(expire_unconfirmed(&*state.store).await.unwrap(), 1);
    let [address, why] = address_and_end(&state).await;
    assert_eq!((address, why.as_deref()), (None, Some("expired")));
    let form = Some((
        "application/x-www-form-urlencoded",
        format!("token={token}"),
    ));
    let res = call(&state, "POST", "/benachrichtigung", form, &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "the link works no more"
    );
}

#[tokio::test]
async fn the_day_after_the_participation_ends_every_address_is_deleted() {
    let (dir, _smtp, state) = story().await;
    let maildir = dir.path().join("maildir");
    ask_and_confirm(&state, &maildir, "de").await;
    // Still running (its last day today or later), or none named: the address stays.
    let today = mitreden_server::clock::today();
    for last_day in [None, Some(today.as_str()), Some("2999-12-31")] {
        assert_eq!(
            end_with_participation(&*state.store, last_day)
                .await
                .unwrap(),
            0
        );
    }
    // Its last day was yesterday.
    let yesterday = mitreden_server::clock::date_at(mitreden_server::clock::now_ms() - 86_400_000);
    assert_eq!(
        end_with_participation(&*state.store, Some(&yesterday))
            .await
            .unwrap(),
        1
    );
    let [address, why] = address_and_end(&state).await;
    assert_eq!(
        (address, why.as_deref()),
        (None, Some("participation_ended"))
    );
    if let Some(db) = &state.sqlite {
        db.erase_wal().await.unwrap();
        assert!(!in_files(&dir.path().join("db/mitreden.sqlite3"), ADDRESS));
    }
}

#[tokio::test]
async fn staff_ask_for_a_digest_of_what_waits_and_get_one_per_period() {
    let (dir, _smtp, state) = story().await;
    let maildir = dir.path().join("maildir");
    let cookie = staff_cookie(&state).await;
    let staff = [("cookie", cookie.as_str())];
    let digest = "/api/v1/admin/me/digest";

    // Offered (this server sends mail), off, no address.
    let res = call(&state, "GET", digest, None, &staff).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = serde_json::from_slice(
        &axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        body,
        json!({"offered": true, "address": "", "every": "off"})
    );
    // Not an address: refused with its code, nothing stored.
    let bad = json_body(json!({"address": "amt(at)example.org", "every": "hourly"}));
    let res = call(&state, "PUT", digest, bad, &staff).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let good = json_body(json!({"address": "Amt@Example.ORG", "every": "hourly"}));
    let res = call(&state, "PUT", digest, good, &staff).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // One comment waits: one digest, with its count and the workplace.
    assert_eq!(
        queue_due(&*state.store, &state.pages, PUBLIC)
            .await
            .unwrap(),
        1
    );
    let message = decoded(&wait_for(&maildir, 1).await.remove(0));
    for part in [
        "To: Amt@example.org",
        "Vorne dabei: 1",
        &format!("{PUBLIC}/verwaltung/"),
        "stündlich",
    ] {
        assert!(message.contains(part), "{part} missing in\n{message}");
    }
    // Not again within the hour; again after it.
    assert_eq!(
        queue_due(&*state.store, &state.pages, PUBLIC)
            .await
            .unwrap(),
        0
    );
    let before = mitreden_server::clock::stamp_at(mitreden_server::clock::now_ms() - 61 * 60_000);
    common::peek::peek(&state)
        .await
        .run("UPDATE staff SET digest_sent_at = $1", &[before.into()])
        .await;
    assert_eq!(
        queue_due(&*state.store, &state.pages, PUBLIC)
            .await
            .unwrap(),
        1
    );
    // Nothing waits (published): no digest, however due.
    let res = call(
        &state,
        "POST",
        &format!("/api/v1/admin/comments/{COMMENT}/publish"),
        None,
        &staff,
    )
    .await;
    assert!(res.status().is_success(), "{}", res.status());
    common::peek::peek(&state)
        .await
        .run("UPDATE staff SET digest_sent_at = NULL", &[])
        .await;
    assert_eq!(
        queue_due(&*state.store, &state.pages, PUBLIC)
            .await
            .unwrap(),
        0
    );
    // Off forgets the address.
    let off = json_body(json!({"address": "", "every": "off"}));
    let res = call(&state, "PUT", digest, off, &staff).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let kept: Option<String> = common::peek::peek(&state)
        .await
        .text("SELECT digest_address FROM staff", &[])
        .await;
    assert_eq!(kept, None);
}

#[tokio::test]
async fn a_new_version_the_comment_led_to_is_told_once_and_ends_the_request() {
    let (dir, _smtp, state) = story().await;
    let maildir = dir.path().join("maildir");
    ask_and_confirm(&state, &maildir, "de").await;
    let cookie = staff_cookie(&state).await;
    let staff = [("cookie", cookie.as_str())];
    let res = call(
        &state,
        "POST",
        &format!("/api/v1/admin/comments/{COMMENT}/publish"),
        None,
        &staff,
    )
    .await;
    assert!(res.status().is_success(), "{}", res.status());
    wait_for(&maildir, 2).await;

    // The office changes the section, names the comment as the cause, and publishes.
    let edit = json_body(json!({
        "based_on": 1, "title": "Vorne dabei",
        "text": "Die Volkshochschule ist dabei.", "note": "Auf einen Hinweis hin.",
        "causes": [COMMENT],
    }));
    let res = call(
        &state,
        "POST",
        "/api/v1/admin/strategy/sections/leitmotiv-2",
        edit,
        &staff,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = call(
        &state,
        "POST",
        "/api/v1/admin/strategy/versions/2/publish",
        json_body(json!({ "current": 1 })),
        &staff,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let messages = wait_for(&maildir, 3).await;
    let told: Vec<String> = messages
        .iter()
        .map(|m| decoded(m))
        .filter(|m| m.contains("Message-ID: <new_version-"))
        .collect();
    assert_eq!(told.len(), 1, "one mail of the new version");
    assert!(told[0].contains("zu einer neuen Fassung von „"));
    assert!(told[0].contains("Ihre Adresse ist gelöscht"));
    assert!(
        !told[0].contains("List-Unsubscribe"),
        "the last needs no stop"
    );
    let [address, why] = address_and_end(&state).await;
    assert_eq!((address, why.as_deref()), (None, Some("answered")));
}
