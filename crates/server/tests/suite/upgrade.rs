//! A database from every earlier schema, filled with data, is upgraded by the current
//! server, and every row is still there and readable through the API.
//!
//! For each schema k before the newest (the database as it stood after migration k), a file
//! is built by applying the migrations one at a time and, after each, writing what a town
//! would have stored with the server of that time ([`fill`]): comments with names, a
//! receipt and a withdrawal, staff with argon2 passwords and a session, a published comment
//! with its official answer and a rejected one, a honeypot comment, kiosks, the moderation
//! trail, answer templates, the lottery's tables, strategy versions and a cause, the mail
//! queue, notification requests, the office's digest. Then the current server opens the
//! file, which applies the remaining migrations, and for that k:
//!
//! - every table the old schema had holds exactly the rows it held, each with the same
//!   values in the columns it had ([`every_row`]);
//! - the town's data reads through the API as before ([`readable_through_the_api`]): the
//!   receipt opens with its token, the published comment and its answer are in the public
//!   list, the account signs in with its password and the session from before still
//!   holds, staff see every comment, search finds it, its history, the accounts, kiosks
//!   (a set-up device is still recognised), templates, strategy versions and the digest.
//!
//! Each k runs on its own; a failure names the schema it came from.

#![allow(clippy::unwrap_used, reason = "a test stops on any failure")]

use crate::common;

use std::any::Any;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use futures_util::FutureExt;
use mitreden_model::api::{AdminComment, AnswerStatus, ModerationState, Receipt, StrategyInfo};
use mitreden_model::digest::{Digest, DigestSettings};
use mitreden_model::kiosk::{KioskInfo, KioskSummary, KIOSK_HEADER};
use mitreden_model::moderation::{AuditAction, HistoryEntry, SignedIn, StaffAccount, StaffRole};
use mitreden_model::paging::CommentPage;
use mitreden_model::template::AnswerTemplate;
use mitreden_model::versions::StrategyVersion;
use mitreden_server::admin::sha256_hex;
use mitreden_server::{strategy, AppState};
use serde::de::DeserializeOwned;
use sqlx::migrate::{Migration, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};
use tower::ServiceExt;

/// The migrations [`fill`] knows: a new one must get rows for what it adds (and this
/// number raised), or an upgrade from it would prove nothing.
const FILLED: usize = 18;

/// The staff account made with migration 0003 and its password.
const STAFF: &str = "amt";
const PASSWORD: &str = "richtig-langes-passwort";
/// The account of the role "Moderation" made with 0008, and its password.
const MODERATOR: &str = "moni";
const MODERATOR_PASSWORD: &str = "moderieren-2026";
/// An account deactivated before the upgrade (0008).
const DEACTIVATED: &str = "alt";
/// The token of `amt`'s session cookie from before the upgrade (0003); until 2100.
const SESSION_TOKEN: &str = "5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55";
const SESSION_ENDS_MS: i64 = 4_102_444_800_000;

/// The receipt tokens the citizens' browsers made (0002): the server keeps their SHA-256.
const TOKEN: &str = "dddddddddddddddddddddddddddddddd0123456789abcdef0123456789abcdef";
const WITHDRAWN_TOKEN: &str = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee0123456789abcdef0123456789abcdef";

/// The kiosk set up before the upgrade (0006): its label and the secret its device keeps.
const KIOSK: &str = "Rathaus Foyer";
const KIOSK_SECRET: &str = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff";
/// A kiosk whose set-up link was not used yet.
const KIOSK_UNUSED: &str = "Bürgerbüro";

const FIRST: &str = "00000000-0000-4000-8000-000000000001";
const RECEIPT: &str = "00000000-0000-4000-8000-000000000002";
const WITHDRAWN: &str = "00000000-0000-4000-8000-000000000003";
const PUBLISHED: &str = "00000000-0000-4000-8000-000000000004";
const REJECTED: &str = "00000000-0000-4000-8000-000000000005";
const TRAPPED: &str = "00000000-0000-4000-8000-000000000006";
const FROM_KIOSK: &str = "00000000-0000-4000-8000-000000000007";
const LATER: &str = "00000000-0000-4000-8000-000000000008";

/// The official answer to [`PUBLISHED`] (0003), and as the office changed it (0007).
const ANSWER: &str = "Danke! Das Amt für Digitalisierung hat den Vorschlag aufgenommen.";
const ANSWER_CHANGED: &str = "Danke! Das Amt für Digitalisierung hat den Vorschlag \
     aufgenommen und das 2. Leitmotiv um die Bildungseinrichtungen ergänzt.";
const REJECTION: &str = "Werbung ist hier nicht erlaubt.";

/// A comment a citizen sent, written with the columns of 0001 (every schema has them);
/// what later migrations added is set by the step of [`fill`] that has it.
struct Comment {
    id: &'static str,
    /// The migration after which it is written.
    since: usize,
    section: &'static str,
    version: i64,
    text: &'static str,
    name: Option<&'static str>,
    about: Option<&'static str>,
    at: &'static str,
}

const COMMENTS: [Comment; 8] = [
    Comment {
        id: FIRST,
        since: 1,
        section: "leitmotiv-1",
        version: 1,
        text: "Ein Radschnellweg nach Böblingen wäre ein Anfang.",
        name: Some("Frau Beispiel"),
        about: Some("Anwohnerin am Goldberg"),
        at: "2026-09-14T08:12:03.120Z",
    },
    Comment {
        id: RECEIPT,
        since: 2,
        section: "leitmotiv-3",
        version: 1,
        text: "Bitte alle Formulare der Stadt weiter auch auf Papier anbieten.",
        name: None,
        about: None,
        at: "2026-09-15T17:40:11.000Z",
    },
    Comment {
        id: WITHDRAWN,
        since: 2,
        section: "leitmotiv-4",
        version: 1,
        text: "Das nehme ich lieber zurück.",
        name: Some("Max"),
        about: None,
        at: "2026-09-16T09:00:00.000Z",
    },
    Comment {
        id: PUBLISHED,
        since: 3,
        section: "leitmotiv-2",
        version: 1,
        text: "Es fehlt das klare Bekenntnis, dass die Digitalisierung in allen \
               Bildungseinrichtungen Vorrang haben muss.",
        name: Some("Herr Muster"),
        about: Some("Lehrer"),
        at: "2026-09-20T10:15:00.000Z",
    },
    Comment {
        id: REJECTED,
        since: 3,
        section: "leitmotiv-5",
        version: 1,
        text: "Billige Handyverträge gibt es bei uns.",
        name: None,
        about: None,
        at: "2026-09-21T03:03:03.000Z",
    },
    Comment {
        id: TRAPPED,
        since: 5,
        section: "leitmotiv-6",
        version: 1,
        text: "Buy cheap watches",
        name: None,
        about: None,
        at: "2026-09-22T04:04:04.000Z",
    },
    Comment {
        id: FROM_KIOSK,
        since: 6,
        section: "leitmotiv-7",
        version: 1,
        text: "Im Rathaus fehlt ein WLAN für Besucher.",
        name: None,
        about: Some("Besucherin"),
        at: "2026-09-23T11:30:00.000Z",
    },
    Comment {
        id: LATER,
        since: 7,
        section: "leitmotiv-2",
        version: 2,
        text: "Gut, dass die Schulen jetzt genannt werden.",
        name: Some("Frau Beispiel"),
        about: None,
        at: "2026-10-01T12:00:00.000Z",
    },
];

/// What every k shares: the strategy files and the password hashes (argon2 is slow on
/// purpose; made once).
struct Fixture {
    /// The town's strategy file, also the server's `--strategy`.
    file: PathBuf,
    /// Its text: version 1 in `strategy_versions` (0013).
    source: String,
    /// A draft after it (0014): the same file with another title.
    draft: String,
    /// `amt`'s and `moni`'s argon2id hashes, as `user add` makes them.
    staff_hash: String,
    moderator_hash: String,
}

/// The strategy's title, and the draft's.
const TITLE: &str = "Leitmotive der Digitalisierung in Sindelfingen";
const DRAFT_TITLE: &str = "Leitmotive der Digitalisierung in Sindelfingen (Fortschreibung)";

impl Fixture {
    /// Sindelfingen's file, read now, with the participation's end moved to 2099: the server
    /// erases names, receipts and the trail on the days `[retention]` names after it (at
    /// start, too), which must not count as lost in an upgrade whatever day the test runs.
    fn new(dir: &Path) -> Self {
        let original = std::fs::read_to_string(common::strategy_file()).unwrap();
        let ends = "participation_ends = \"2027-02-28\"";
        assert!(original.contains(ends), "the file's end changed: adjust");
        let source = original.replacen(ends, "participation_ends = \"2099-12-31\"", 1);
        let title = format!("title = \"{TITLE}\"");
        assert!(source.contains(&title), "the file's title changed: adjust");
        let draft = source.replacen(&title, &format!("title = \"{DRAFT_TITLE}\""), 1);
        for text in [&source, &draft] {
            strategy::check("fixture", text).unwrap();
        }
        let file = dir.join("strategy.toml");
        std::fs::write(&file, &source).unwrap();
        Self {
            file,
            source,
            draft,
            staff_hash: argon2_hash(PASSWORD),
            moderator_hash: argon2_hash(MODERATOR_PASSWORD),
        }
    }
}

/// An argon2id hash as `mitreden_server::admin::add_user` stores it (default parameters,
/// PHC string); the salt is fixed, which changes nothing for verifying.
fn argon2_hash(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(b"mitreden-upgrade").unwrap();
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_database_from_every_earlier_schema_keeps_every_row_after_the_upgrade() {
    let migrations = migrations().await;
    assert_eq!(
        migrations.len(),
        FILLED,
        "a new migration: give fill() rows for what it adds, then raise FILLED"
    );
    let shared = tempfile::tempdir().unwrap();
    let fixture = Fixture::new(shared.path());
    let mut failed = Vec::new();
    for k in 1..migrations.len() {
        let schema = format!("{k:04} ({})", migrations[k - 1].description);
        // A panic (a failed check, a server that cannot open the file) ends this k only
        // and is reported with it.
        let run = AssertUnwindSafe(upgrade_from(k, &migrations, &fixture)).catch_unwind();
        if let Err(panic) = run.await {
            failed.push(format!("from schema {schema}: {}", why(&*panic)));
        }
    }
    assert!(
        failed.is_empty(),
        "the upgrade lost or broke data:\n{}",
        failed.join("\n")
    );
}

/// Every migration, read from the folder the server embeds, in order.
async fn migrations() -> Vec<Migration> {
    let folder = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"));
    let all = Migrator::new(folder).await.unwrap().migrations.into_owned();
    let versions: Vec<i64> = all.iter().map(|m| m.version).collect();
    let expected: Vec<i64> = (1..=i64::try_from(all.len()).unwrap()).collect();
    assert_eq!(
        versions, expected,
        "migrations numbered 1, 2, … without gaps"
    );
    all
}

/// A panic's message.
fn why(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".into())
}

/// Builds the database of schema `k`, opens it with the current server, and checks it.
async fn upgrade_from(k: usize, migrations: &[Migration], fx: &Fixture) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db/mitreden.sqlite3");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let before = build(k, migrations, fx, &path).await;
    let state = common::state_with(dir.path(), |c| {
        c.database = mitreden_server::config::Database::File(path.clone());
        c.strategy = fx.file.clone();
    })
    .await;
    // Before any request: signing in writes sessions.
    let mut lost = Vec::new();
    for (table, old) in &before {
        let now = rows_of(&common::db(&state).read, table, &old.columns).await;
        if now != old.rows {
            lost.push(difference(table, &old.rows, &now));
        }
    }
    assert!(lost.is_empty(), "rows changed:\n{}", lost.join("\n"));
    readable_through_the_api(k, &state, fx).await;
    common::db(&state).close().await;
}

/// A table's rows as they were: its columns then, and each row as their quoted values.
struct Table {
    columns: Vec<String>,
    rows: Vec<String>,
}

/// The file of schema `k`: migrations 1 to k applied one at a time, each followed by its
/// [`fill`], on a connection opened as the server opens its writer (WAL, foreign keys,
/// `secure_delete`). Answers every row of every table, read before it is closed.
async fn build(
    k: usize,
    migrations: &[Migration],
    fx: &Fixture,
    path: &Path,
) -> BTreeMap<String, Table> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .pragma("secure_delete", "ON");
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    for i in 1..=k {
        // The server of that time: it knew the first i migrations.
        let then = Migrator {
            migrations: Cow::Owned(migrations[..i].to_vec()),
            ..Migrator::DEFAULT
        };
        then.run(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("migration {i}: {e}"));
        fill(i, &mut conn, fx).await;
    }
    let rows = every_row(&mut conn).await;
    conn.close().await.unwrap();
    rows
}

/// Every table that holds a town's data — not SQLite's own, not sqlx's record of the
/// migrations (the upgrade adds to it), not an FTS index's shadow tables (their pages are
/// the index's business; the index itself is compared) — with its rows.
async fn every_row(conn: &mut SqliteConnection) -> BTreeMap<String, Table> {
    let all: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    let virtual_tables: Vec<String> = all
        .iter()
        .filter(|(_, sql)| {
            sql.as_deref()
                .is_some_and(|s| s.starts_with("CREATE VIRTUAL TABLE"))
        })
        .map(|(name, _)| format!("{name}_"))
        .collect();
    let mut tables = BTreeMap::new();
    for (name, _) in all {
        if name.starts_with("sqlite_")
            || name == "_sqlx_migrations"
            || virtual_tables.iter().any(|v| name.starts_with(v.as_str()))
        {
            continue;
        }
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        let rows = rows_of(&mut *conn, &name, &columns).await;
        tables.insert(name, Table { columns, rows });
    }
    tables
}

/// The rows of `table`, each as the SQL literals of `columns` (`quote`: types and NULL
/// stay distinct), sorted: rows compare as a set, whatever order SQLite returns them in.
async fn rows_of<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
    table: &str,
    columns: &[String],
) -> Vec<String> {
    let values: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
    let sql = format!("SELECT {} FROM \"{table}\"", values.join(" || ' | ' || "));
    let mut rows: Vec<String> = sqlx::query_scalar(&sql)
        .fetch_all(db)
        .await
        .unwrap_or_else(|e| panic!("table {table}: {e}"));
    rows.sort();
    rows
}

/// What became of a table's rows, in words: how many, which went, which are new or changed.
fn difference(table: &str, before: &[String], after: &[String]) -> String {
    let gone: Vec<&String> = before.iter().filter(|r| !after.contains(r)).collect();
    let new: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
    format!(
        "  {table}: {} rows before, {} after; gone or changed: {gone:?}; new or changed: {new:?}",
        before.len(),
        after.len()
    )
}

/// Writes, after migration `i`, what a town would have stored with the server of that
/// time, into what `i` created or changed, with only the columns that exist then.
async fn fill(i: usize, conn: &mut SqliteConnection, fx: &Fixture) {
    for c in COMMENTS.iter().filter(|c| c.since == i) {
        sqlx::query(
            "INSERT INTO comments (id, section_id, section_version, body, author_name, \
             self_description, consent, client_created_at, received_at) \
             VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
        )
        .bind(c.id)
        .bind(c.section)
        .bind(c.version)
        .bind(c.text)
        .bind(c.name)
        .bind(c.about)
        .bind(c.at)
        .bind(c.at)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    let sql = match i {
        // Comments only (above).
        1 => String::new(),
        // Receipts: the hash of the token, and a comment withdrawn as the server does it.
        2 => format!(
            "UPDATE comments SET receipt_hash = '{}' WHERE id = '{RECEIPT}';
             UPDATE comments SET receipt_hash = '{}', body = '', author_name = NULL,
                 self_description = NULL, moderation_state = 'withdrawn',
                 withdrawn_at = '2026-09-17T07:00:00.000Z' WHERE id = '{WITHDRAWN}';",
            sha256_hex(TOKEN),
            sha256_hex(WITHDRAWN_TOKEN)
        ),
        // Staff with a session; a comment published with an answer that credits the
        // section's next version, one rejected.
        3 => format!(
            "INSERT INTO staff (name, password_hash, created_at)
                 VALUES ('{STAFF}', '{}', '2026-09-01T08:00:00.000Z');
             INSERT INTO sessions (token_hash, staff_name, expires_at_ms)
                 VALUES ('{}', '{STAFF}', {SESSION_ENDS_MS});
             UPDATE comments SET moderation_state = 'published',
                 published_at = '2026-09-20T14:00:00.000Z' WHERE id = '{PUBLISHED}';
             INSERT INTO answers (comment_id, body, status, reason, office,
                 revision_section_id, revision_version, staff_name, answered_at)
                 VALUES ('{PUBLISHED}', '{ANSWER}', 'beruecksichtigt', NULL,
                 'Amt für Digitalisierung', 'leitmotiv-2', 2, '{STAFF}',
                 '2026-09-25T09:30:00.000Z');
             UPDATE comments SET moderation_state = 'rejected',
                 moderation_reason = '{REJECTION}' WHERE id = '{REJECTED}';",
            fx.staff_hash,
            sha256_hex(SESSION_TOKEN)
        ),
        // Triggers only: the rows above must pass them.
        4 => String::new(),
        // A bot's comment through the honeypot.
        5 => format!("UPDATE comments SET trapped = 1 WHERE id = '{TRAPPED}';"),
        // A kiosk set up (its device holds the secret), one whose link is unused, and a
        // comment written on the first.
        6 => format!(
            "INSERT INTO kiosks (label, idle_seconds, secret_hash, created_at, set_up_at)
                 VALUES ('{KIOSK}', 120, '{}', '2026-09-22T08:00:00.000Z',
                 '2026-09-22T08:05:00.000Z');
             INSERT INTO kiosks (label, idle_seconds, setup_hash, created_at)
                 VALUES ('{KIOSK_UNUSED}', 300, '{}', '2026-09-22T08:10:00.000Z');
             UPDATE comments SET kiosk = '{KIOSK}' WHERE id = '{FROM_KIOSK}';",
            sha256_hex(KIOSK_SECRET),
            sha256_hex("unused-set-up-link")
        ),
        // The trail (the migration wrote what came before from the rows): the answer
        // changed, and a comment published, each as the server records it.
        7 => format!(
            "UPDATE answers SET body = '{ANSWER_CHANGED}', answered_at = '2026-10-02T10:00:00.000Z'
                 WHERE comment_id = '{PUBLISHED}';
             INSERT INTO moderation_events (comment_id, action, staff_name, detail, answer_text, at)
                 VALUES ('{PUBLISHED}', 'answer_changed', '{STAFF}', 'beruecksichtigt',
                 '{ANSWER_CHANGED}', '2026-10-02T10:00:00.000Z');
             UPDATE comments SET moderation_state = 'published',
                 published_at = '2026-10-01T13:00:00.000Z' WHERE id = '{LATER}';
             INSERT INTO moderation_events (comment_id, action, staff_name, at)
                 VALUES ('{LATER}', 'published', '{STAFF}', '2026-10-01T13:00:00.000Z');"
        ),
        // Roles: an account of the role "Moderation", and one deactivated.
        8 => format!(
            "INSERT INTO staff (name, password_hash, created_at, role, active)
                 VALUES ('{MODERATOR}', '{}', '2026-10-03T08:00:00.000Z', 'moderation', 1);
             INSERT INTO staff (name, password_hash, created_at, role, active)
                 VALUES ('{DEACTIVATED}', '{}', '2026-09-01T08:00:00.000Z', 'verwaltung', 0);",
            fx.moderator_hash, fx.staff_hash
        ),
        9 => format!(
            "INSERT INTO answer_templates (title, body, created_by, created_at) VALUES
                 ('Danke', 'Vielen Dank für Ihre Anregung. Wir prüfen sie.', '{STAFF}',
                  '2026-10-04T08:00:00.000Z'),
                 ('Nicht zuständig', 'Dafür ist der Landkreis Böblingen zuständig.',
                  '{MODERATOR}', '2026-10-04T08:01:00.000Z');"
        ),
        // A workshop's applications, closed and committed to a seed; one withdrawn.
        10 => format!(
            "INSERT INTO event_states (event_id, closed_at, seed, commitment, committed_at)
                 VALUES ('werkstatt-2027', '2026-10-10T18:00:00.000Z', 'geheimer-seed',
                 '{}', '2026-10-10T18:05:00.000Z');
             INSERT INTO applications (id, event_id, code, name, contact_kind, contact,
                 attributes, created_at, received_at, status, withdrawn_at) VALUES
                 ('00000000-0000-4000-8000-0000000000a1', 'werkstatt-2027', 'K7Q2-M4XP',
                  'Erika Mustermann', 'email', 'erika@example.org', '{{\"alter\":\"30-49\"}}',
                  '2026-10-05T09:00:00.000Z', '2026-10-05T09:00:01.000Z', 'received', NULL),
                 ('00000000-0000-4000-8000-0000000000a2', 'werkstatt-2027', 'H3T9-W2LD',
                  '', 'post', '', '{{\"alter\":\"65+\"}}',
                  '2026-10-06T09:00:00.000Z', '2026-10-06T09:00:01.000Z', 'withdrawn',
                  '2026-10-07T09:00:00.000Z');
             INSERT INTO event_log (event_id, action, staff_name, at) VALUES
                 ('werkstatt-2027', 'closed', '{STAFF}', '2026-10-10T18:00:00.000Z'),
                 ('werkstatt-2027', 'committed', '{STAFF}', '2026-10-10T18:05:00.000Z');",
            sha256_hex("geheimer-seed")
        ),
        // Indexes only.
        11 | 12 => String::new(),
        // The file the server started with, as version 1, published (as `at_start` stores it).
        13 => {
            sqlx::query(
                "INSERT INTO strategy_versions (version, source, fingerprint, imported_at, \
                 imported_by, published_at) VALUES (1, ?, ?, ?, ?, ?)",
            )
            .bind(&fx.source)
            .bind(mitreden_model::content_hash(fx.source.as_bytes()))
            .bind("2026-09-01T07:00:00.000Z")
            .bind(strategy::BY_START)
            .bind("2026-09-01T07:00:00.000Z")
            .execute(&mut *conn)
            .await
            .unwrap();
            String::new()
        }
        // A draft from the administration, and a comment linked as leading to a change.
        14 => {
            sqlx::query(
                "INSERT INTO strategy_versions (version, source, fingerprint, imported_at, \
                 imported_by, published_at, published_by) VALUES (2, ?, ?, ?, ?, NULL, NULL)",
            )
            .bind(&fx.draft)
            .bind(mitreden_model::content_hash(fx.draft.as_bytes()))
            .bind("2026-10-12T08:00:00.000Z")
            .bind(STAFF)
            .execute(&mut *conn)
            .await
            .unwrap();
            format!(
                "INSERT INTO strategy_causes (section_id, section_version, comment_id,
                     linked_by, linked_at) VALUES ('leitmotiv-3', 2, '{RECEIPT}', '{STAFF}',
                     '2026-10-12T08:30:00.000Z');"
            )
        }
        // A mail sent (address and bodies erased) and one given up.
        15 => "INSERT INTO mail_queue (message_id, recipient, subject, body_text, body_html,
                 created_at, attempts, next_attempt_at, last_error, sent_at, given_up_at) VALUES
                 ('<1@mitreden.sindelfingen.example>', NULL, 'Ihr Kommentar ist veröffentlicht',
                  '', '', '2026-10-13T08:00:00.000Z', 1, '2026-10-13T08:00:00.000Z', NULL,
                  '2026-10-13T08:00:02.000Z', NULL),
                 ('<2@mitreden.sindelfingen.example>', NULL, 'Bitte bestätigen Sie',
                  '', '', '2026-10-13T09:00:00.000Z', 8, '2026-10-14T09:00:00.000Z', '550',
                  NULL, '2026-10-14T09:00:00.000Z');"
            .to_owned(),
        // A citizen waits to be told about the receipt's comment; another was told.
        16 => format!(
            "INSERT INTO notify_requests (id, comment_id, kind, language, address,
                 receipt_token, link_hash, created_at, confirmed_at) VALUES
                 ('00000000-0000-4000-8000-0000000000b1', '{RECEIPT}', 'email', 'de',
                  'buerger@example.org', '{TOKEN}', '{}', '2026-10-15T08:00:00.000Z',
                  '2026-10-15T08:10:00.000Z');
             INSERT INTO notify_requests (id, comment_id, kind, language, link_hash,
                 created_at, confirmed_at, ended_at, ended_why) VALUES
                 ('00000000-0000-4000-8000-0000000000b2', '{PUBLISHED}', 'email', 'en', '{}',
                  '2026-09-20T10:16:00.000Z', '2026-09-20T10:20:00.000Z',
                  '2026-10-02T10:00:00.000Z', 'answered');
             INSERT INTO notify_stops (stop_hash, request_id)
                 VALUES ('{}', '00000000-0000-4000-8000-0000000000b1');
             INSERT INTO notify_throttle (address_hash, sent_at)
                 VALUES ('{}', '2026-10-15T08:00:00.000Z');",
            sha256_hex("link-token-b1"),
            sha256_hex("link-token-b2"),
            sha256_hex("stop-token-b1"),
            sha256_hex("buerger@example.org")
        ),
        17 => format!(
            "UPDATE staff SET digest_address = 'amt@sindelfingen.example', digest = 'daily',
                 digest_sent_at = '2026-10-16T06:00:00.000Z' WHERE name = '{STAFF}';"
        ),
        // The push key pair's secret (its value is no matter here).
        18 => "INSERT INTO server_keys (name, secret, created_at)
                 VALUES ('vapid', zeroblob(32), '2026-10-17T08:00:00.000Z');"
            .to_owned(),
        _ => panic!("fill() knows no migration {i}"),
    };
    sqlx::raw_sql(&sql).execute(&mut *conn).await.unwrap();
}

/// A request through the whole app; `headers` besides. The status and the body.
async fn call(
    state: &AppState,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = mitreden_server::app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    (status, common::body(res).await)
}

/// The answer's JSON as `T`, where it is a 200; else a panic naming what was asked and
/// what came.
fn read<T: DeserializeOwned>(what: &str, (status, body): (StatusCode, String)) -> T {
    assert_eq!(status, StatusCode::OK, "{what}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{what}: {e}: {body}"))
}

/// Signs `name` in from the administration's page; who the server says it is, and the
/// session cookie.
async fn sign_in(state: &AppState, name: &str, password: &str) -> (SignedIn, String) {
    let res = common::sign_in_from(state, "127.0.0.1", name, password).await;
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned());
    let answer = (res.status(), common::body(res).await);
    let signed_in = read(&format!("{name} signs in"), answer);
    (signed_in, cookie.unwrap())
}

/// A staff member's GET (the cookie signs in).
async fn staff_get(state: &AppState, cookie: &str, uri: &str) -> (StatusCode, String) {
    call(state, "GET", uri, &[("cookie", cookie)]).await
}

/// The comments of a staff list, by id.
async fn staff_list(state: &AppState, cookie: &str, uri: &str) -> BTreeMap<String, AdminComment> {
    let list: Vec<AdminComment> = read(uri, staff_get(state, cookie, uri).await);
    list.into_iter().map(|c| (c.id.clone(), c)).collect()
}

/// The citizen's view of their comment, opened with its receipt token.
async fn receipt(state: &AppState, id: &str, token: &str) -> (StatusCode, String) {
    let uri = format!("/api/v1/comments/{id}/receipt");
    call(state, "GET", &uri, &[("x-receipt-token", token)]).await
}

/// What a town had in the database of schema `k` reads through the API after the
/// upgrade (no SQL here): citizens', the public's and the staff's views.
async fn readable_through_the_api(k: usize, state: &AppState, fx: &Fixture) {
    // The version the office published is served, not the draft nor a new one.
    let served: StrategyInfo = read(
        "the strategy",
        call(state, "GET", "/api/v1/strategy", &[]).await,
    );
    assert_eq!(
        served.version,
        mitreden_model::content_hash(fx.source.as_bytes())
    );
    assert_eq!(served.title, TITLE);

    if k >= 2 {
        let mine: Receipt = read("the receipt", receipt(state, RECEIPT, TOKEN).await);
        assert_eq!(mine.text, COMMENTS[1].text);
        assert_eq!(mine.moderation_state, ModerationState::Received);
        let withdrawn: Receipt = read(
            "the withdrawn comment's receipt",
            receipt(state, WITHDRAWN, WITHDRAWN_TOKEN).await,
        );
        assert_eq!(withdrawn.moderation_state, ModerationState::Withdrawn);
        assert_eq!(withdrawn.text, "");
        let (status, _) = receipt(state, RECEIPT, WITHDRAWN_TOKEN).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "another comment's token");
    }

    let answer = if k >= 7 { ANSWER_CHANGED } else { ANSWER };
    if k >= 3 {
        let page: CommentPage = read(
            "the public list",
            call(state, "GET", "/api/v1/sections/leitmotiv-2/comments", &[]).await,
        );
        let ids: BTreeSet<&str> = page.comments.iter().map(|c| c.id.as_str()).collect();
        let expected: BTreeSet<&str> = [PUBLISHED, LATER]
            .into_iter()
            .filter(|id| *id == PUBLISHED || k >= 7)
            .collect();
        assert_eq!(ids, expected, "the public list");
        let published = page.comments.iter().find(|c| c.id == PUBLISHED).unwrap();
        assert_eq!(published.text, COMMENTS[3].text);
        assert_eq!(published.name.as_deref(), Some("Herr Muster"));
        let official = published.answer.as_ref().expect("the answer is public");
        assert_eq!(official.text, answer);
        assert_eq!(official.status, AnswerStatus::Beruecksichtigt);
        assert_eq!(official.office, "Amt für Digitalisierung");
        let cause = page.causes.iter().find(|c| c.id == PUBLISHED);
        assert_eq!(cause.map(|c| c.version), Some(2), "the change it led to");
    }

    // Before 0003 there were no accounts: the town makes one after the upgrade.
    if k < 3 {
        mitreden_server::admin::add_user(&*state.store, STAFF, PASSWORD)
            .await
            .unwrap();
    }
    let (me, cookie) = sign_in(state, STAFF, PASSWORD).await;
    assert_eq!((me.name.as_str(), me.role), (STAFF, StaffRole::Verwaltung));

    let all = staff_list(state, &cookie, "/api/v1/admin/comments").await;
    let seen: BTreeSet<&str> = all.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = COMMENTS
        .iter()
        .filter(|c| c.since <= k && c.id != TRAPPED)
        .map(|c| c.id)
        .collect();
    assert_eq!(seen, expected, "the comments staff see");
    for c in COMMENTS.iter().filter(|c| expected.contains(c.id)) {
        let shown = &all[c.id];
        let text = if c.id == WITHDRAWN { "" } else { c.text };
        assert_eq!(shown.text, text, "{}", c.id);
        assert_eq!(shown.section_id, c.section, "{}", c.id);
        if c.id != WITHDRAWN {
            assert_eq!(shown.name.as_deref(), c.name, "{}", c.id);
            assert_eq!(shown.self_description.as_deref(), c.about, "{}", c.id);
        }
    }
    if k >= 3 {
        let published = &all[PUBLISHED];
        assert_eq!(published.moderation_state, ModerationState::Published);
        assert_eq!(
            published.answer.as_ref().map(|a| a.text.as_str()),
            Some(answer)
        );
        let rejected = &all[REJECTED];
        assert_eq!(rejected.moderation_state, ModerationState::Rejected);
        assert_eq!(rejected.moderation_reason.as_deref(), Some(REJECTION));
    }
    if k >= 6 {
        assert_eq!(all[FROM_KIOSK].kiosk.as_deref(), Some(KIOSK));
    }
    if k >= 2 {
        assert_eq!(all[RECEIPT].notify_waiting, k >= 16, "a citizen waits");
    }

    // The search index (0007) covers comments from before it and answers.
    let found = staff_list(state, &cookie, "/api/v1/admin/comments?q=Radschnellweg").await;
    assert_eq!(found.keys().collect::<Vec<_>>(), [FIRST], "search in texts");
    if k >= 3 {
        let found = staff_list(state, &cookie, "/api/v1/admin/comments?q=aufgenommen").await;
        assert_eq!(
            found.keys().collect::<Vec<_>>(),
            [PUBLISHED],
            "search in answers"
        );
    }

    if k >= 3 {
        // Signed in before the upgrade, still signed in.
        let before: SignedIn = read(
            "the session from before",
            staff_get(
                state,
                &format!("mitreden_session={SESSION_TOKEN}"),
                "/api/v1/admin/me",
            )
            .await,
        );
        assert_eq!(before.name, STAFF);

        // The trail: from the rows for what came before it (0007), then as recorded.
        let uri = format!("/api/v1/admin/comments/{PUBLISHED}/history");
        let history: Vec<HistoryEntry> = read(&uri, staff_get(state, &cookie, &uri).await);
        let actions: Vec<AuditAction> = history.iter().map(|e| e.action).collect();
        let mut expected = vec![AuditAction::Published, AuditAction::Answered];
        if k >= 7 {
            expected.push(AuditAction::AnswerChanged);
        }
        assert_eq!(actions, expected, "the published comment's history");
        assert_eq!(history.last().unwrap().answer.as_deref(), Some(answer));
        if k >= 7 {
            let uri = format!("/api/v1/admin/comments/{LATER}/history");
            let history: Vec<HistoryEntry> = read(&uri, staff_get(state, &cookie, &uri).await);
            let entries: Vec<(AuditAction, &str)> = history
                .iter()
                .map(|e| (e.action, e.staff_name.as_str()))
                .collect();
            assert_eq!(entries, [(AuditAction::Published, STAFF)]);
        }

        let accounts: Vec<StaffAccount> = read(
            "the accounts",
            staff_get(state, &cookie, "/api/v1/admin/accounts").await,
        );
        let accounts: Vec<(&str, StaffRole, bool)> = accounts
            .iter()
            .map(|a| (a.name.as_str(), a.role, a.active))
            .collect();
        let mut expected = vec![(STAFF, StaffRole::Verwaltung, true)];
        if k >= 8 {
            expected = vec![
                (DEACTIVATED, StaffRole::Verwaltung, false),
                (STAFF, StaffRole::Verwaltung, true),
                (MODERATOR, StaffRole::Moderation, true),
            ];
        }
        assert_eq!(accounts, expected, "the accounts");
    }
    if k >= 8 {
        let (moni, _) = sign_in(state, MODERATOR, MODERATOR_PASSWORD).await;
        assert_eq!(moni.role, StaffRole::Moderation);
    }

    if k >= 6 {
        let kiosks: Vec<KioskSummary> = read(
            "the kiosks",
            staff_get(state, &cookie, "/api/v1/admin/kiosks").await,
        );
        let kiosks: BTreeMap<&str, (u32, bool)> = kiosks
            .iter()
            .map(|s| (s.label.as_str(), (s.idle_seconds, s.set_up_at.is_some())))
            .collect();
        let expected = BTreeMap::from([(KIOSK, (120, true)), (KIOSK_UNUSED, (300, false))]);
        assert_eq!(kiosks, expected, "the kiosks");
        // The device set up before the upgrade is still the kiosk.
        let device: KioskInfo = read(
            "the kiosk device",
            call(
                state,
                "GET",
                "/api/v1/kiosk",
                &[(KIOSK_HEADER, KIOSK_SECRET)],
            )
            .await,
        );
        assert_eq!(device.label, KIOSK);
    }

    if k >= 9 {
        let templates: Vec<AnswerTemplate> = read(
            "the templates",
            staff_get(state, &cookie, "/api/v1/admin/templates").await,
        );
        let templates: Vec<(&str, &str)> = templates
            .iter()
            .map(|t| (t.title.as_str(), t.created_by.as_str()))
            .collect();
        assert_eq!(
            templates,
            [("Danke", STAFF), ("Nicht zuständig", MODERATOR)]
        );
    }

    // Before 0013 the server stores the file it starts with as version 1.
    let versions: Vec<StrategyVersion> = read(
        "the strategy versions",
        staff_get(state, &cookie, "/api/v1/admin/strategy/versions").await,
    );
    let versions: Vec<(i64, bool, &str, &str)> = versions
        .iter()
        .map(|v| {
            let by = v.imported_by.as_str();
            (v.version, v.current, by, v.title.as_str())
        })
        .collect();
    let mut expected = vec![(1, true, strategy::BY_START, TITLE)];
    if k >= 14 {
        expected.push((2, false, STAFF, DRAFT_TITLE));
    }
    assert_eq!(versions, expected, "the strategy versions");

    if k >= 17 {
        let digest: DigestSettings = read(
            "the digest",
            staff_get(state, &cookie, "/api/v1/admin/me/digest").await,
        );
        assert_eq!(digest.address, "amt@sindelfingen.example");
        assert_eq!(digest.every, Digest::Daily);
    }
}
