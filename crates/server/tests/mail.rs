//! The mail queue against a real SMTP server (issue 23): Python's aiosmtpd on loopback,
//! started by the test, writes every message it accepts into a Maildir that the test reads.
//! `cargo xtask test` installs aiosmtpd and names its Python in `MITREDEN_PYTHON`.

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "tests stop on any failure"
)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mitreden_server::db;
use mitreden_server::notify::queue::{enqueue, send_due, Mail, Mailer};

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

#[tokio::test]
async fn a_mail_waits_out_a_server_that_is_down_a_restart_and_arrives_once() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("mitreden.sqlite3");
    let maildir = dir.path().join("maildir");
    let port = free_port();
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Stadt Sindelfingen <mitreden@example.org>",
    )
    .unwrap();

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
    assert_eq!(send_due(&db, &mailer).await.unwrap(), 0);
    let (attempts, why, later): (i64, String, bool) = sqlx::query_as(
        "SELECT attempts, last_error, next_attempt_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         FROM mail_queue",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    assert_eq!((attempts, why.as_str(), later), (1, "no connection", true));
    assert_eq!(send_due(&db, &mailer).await.unwrap(), 0, "not due yet");
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT attempts FROM mail_queue")
            .fetch_one(&db.read)
            .await
            .unwrap(),
        1,
        "no second attempt before its time"
    );

    // The process ends; a new one opens the same database. The SMTP server is back and the
    // wait is over.
    db.write.close().await;
    db.read.close().await;
    drop(db);
    let db = db::open(&db_path).await.unwrap();
    let _smtp = Smtp::start(port, &maildir);
    sqlx::query("UPDATE mail_queue SET next_attempt_at = '2000-01-01T00:00:00.000Z'")
        .execute(&db.write)
        .await
        .unwrap();
    assert_eq!(send_due(&db, &mailer).await.unwrap(), 1);
    assert_eq!(send_due(&db, &mailer).await.unwrap(), 0, "sent is sent");

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
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{}", free_port()),
        "mitreden@example.org",
    )
    .unwrap();
    let mut broken = mail();
    broken.recipient = "kein Empfänger".into();
    let mut tx = db.write.begin().await.unwrap();
    enqueue(&mut tx, &broken).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(send_due(&db, &mailer).await.unwrap(), 0);
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
