//! The [`Store`](mitreden_store::Store) on PostgreSQL (15 or newer), for installations one
//! machine is not enough for (issue 25).
//!
//! Being built: the areas behind the trait (comments, the public lists, staff accounts
//! and sessions) answer here, with
//! their own migrations in `migrations-postgres/`, and pass the same test stories as
//! SQLite (`mitreden_store::story`). The server does not start on PostgreSQL yet: the
//! other areas are still SQLite's (see `ARCHITECTURE.md`).
//!
//! What differs from SQLite, and why it is the same to a user: several processes may
//! write at once, so the exactly-once check relies on `INSERT … ON CONFLICT DO NOTHING`,
//! which waits for a concurrent insert of the same id to commit and then finds it; a
//! commit is durable with PostgreSQL's default `synchronous_commit = on`; erased text
//! stays in the old row version's bytes — a plain `VACUUM` frees their space but does
//! not overwrite them — so a withdrawal rewrites the tables it touched (`VACUUM FULL`);
//! PostgreSQL's WAL keeps the text until its segments are recycled.

mod accounts;
mod comments;
mod erasure;
mod kiosks;
mod lottery;
mod mail;
mod moderation;
mod notify;
mod reports;
mod templates;
mod versions;

use std::str::FromStr;

use mitreden_model::api::ModerationState;
use mitreden_store::StoreError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

/// PostgreSQL behind the [`Store`](mitreden_store::Store) trait.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Set while a rewrite after an erasure failed; the next withdrawal or retention run
    /// rewrites every erased-in table.
    erase_pending: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl PgStore {
    /// Connects to `url` (`postgres://…`) and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(store_error)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(crate::db::WAIT)
            .connect_with(options)
            .await
            .map_err(store_error)?;
        sqlx::migrate!("./migrations-postgres")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Other(format!("PostgreSQL migration failed: {e}")))?;
        Ok(Self {
            pool,
            erase_pending: std::sync::Arc::default(),
        })
    }
}

impl PgStore {
    /// A read-only transaction that sees one snapshot for all its statements (PostgreSQL's
    /// default sees a new one per statement): figures and lists of one moment.
    async fn read_snapshot(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// A transaction that holds `table` (one of the store's own names, never input) in
    /// `SHARE ROW EXCLUSIVE` mode: one such writer at a time in the whole installation,
    /// while reads go on.
    async fn locked(
        &self,
        table: &str,
    ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        sqlx::query(&format!("LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        Ok(tx)
    }
}

/// The SQL condition for "public": one of the `public` states (the words of the model's
/// enum), and never a comment a bot sent through the honeypot.
fn public_sql(public: &[ModerationState]) -> String {
    let words: Vec<String> = public.iter().map(|s| format!("'{}'", s.as_str())).collect();
    format!(
        "c.moderation_state IN ({}) AND NOT c.trapped",
        words.join(", ")
    )
}

/// Every table an erasure (a withdrawal, the retention job) takes values from: what a
/// pending rewrite rewrites.
const ERASED_TABLES: &[&str] = &[
    "applications",
    "comments",
    "mail_queue",
    "notify_requests",
    "moderation_events",
    "sessions",
    "kiosks",
];

/// The time now as the server stores times: RFC 3339 in UTC with milliseconds, the shape
/// SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` gives.
const NOW: &str = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

/// `column` in SQLite's `COLLATE NOCASE` order: ASCII letters folded, everything else by
/// its bytes.
fn nocase(column: &str) -> String {
    format!(
        "translate({column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') \
         COLLATE \"C\""
    )
}

/// A `timestamptz` expression (`now() - interval '1 hour'`) as the server stores times.
fn as_stored(time: &str) -> String {
    format!("to_char(({time}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")
}

/// A new, empty database of its own on the throwaway cluster `cargo xtask test` starts
/// (`MITREDEN_TEST_POSTGRES`: Debian's PostgreSQL, a data folder under `target/`, a port of
/// its own), named after `prefix`, this process and a counter; its URL. For tests: panics
/// with what to do where there is no cluster.
#[doc(hidden)]
pub async fn test_database(prefix: &str) -> String {
    use sqlx::Connection;
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let base = std::env::var("MITREDEN_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "MITREDEN_TEST_POSTGRES is not set: the PostgreSQL tests need the throwaway \
             cluster `cargo xtask test` starts; alone: `cargo xtask postgres cargo test -p \
             mitreden-server postgres` (or set it to postgres://USER:PASSWORD@HOST:PORT of a \
             cluster where databases may be made)"
        )
    });
    let name = format!(
        "{prefix}_{}_{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres"))
        .await
        .expect("the test cluster answers");
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::query(&sql)
            .execute(&mut admin)
            .await
            .expect("a database can be made on the test cluster");
    }
    format!("{base}/{name}")
}

/// Sorts PostgreSQL's errors into the backend-neutral ones: waiting too long for a
/// connection, a serialization failure or deadlock (retry), too many connections, a full
/// disk, a lock not available, are load ([`StoreError::Busy`]); a missing row is
/// [`StoreError::NotFound`]; anything else a fault.
pub fn store_error(e: sqlx::Error) -> StoreError {
    let busy = match &e {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // 40001 serialization_failure, 40P01 deadlock_detected, class 53 insufficient
            // resources (53100 disk_full, 53300 too_many_connections), 55P03
            // lock_not_available, 57P03 cannot_connect_now.
            matches!(code.as_ref(), "40001" | "40P01" | "55P03" | "57P03") || code.starts_with("53")
        }),
        _ => false,
    };
    // 22021 character_not_in_repertoire (a NUL in a text), 22P05 untranslatable_character.
    let invalid = matches!(&e, sqlx::Error::Database(db)
        if db.code().is_some_and(|code| matches!(code.as_ref(), "22021" | "22P05")));
    if busy {
        StoreError::Busy(e.to_string())
    } else if invalid {
        StoreError::Invalid(e.to_string())
    } else if matches!(e, sqlx::Error::RowNotFound) {
        StoreError::NotFound
    } else {
        StoreError::Other(e.to_string())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test stops on any failure")]
mod tests {
    use std::sync::Arc;

    use mitreden_store::{story, Store};
    use sqlx::Connection;

    use super::PgStore;

    /// A store on a new, empty database of its own in the test cluster.
    async fn fresh() -> Arc<dyn Store> {
        fresh_at().await.1
    }

    /// [`fresh`], and the database's address.
    async fn fresh_at() -> (String, Arc<dyn Store>) {
        let url = super::test_database("story").await;
        let store = Arc::new(PgStore::open(&url).await.unwrap());
        (url, store)
    }

    /// A withdrawal ends the comment's open notification requests and erases their
    /// addresses and tokens (SQLite's is tested through the HTTP API in tests/suite/mail.rs).
    #[tokio::test]
    async fn a_withdrawal_ends_the_notifications() {
        let (url, store) = fresh_at().await;
        let comment = story::comment(5, Some("beleg"));
        store
            .insert_comments(&[mitreden_store::CommentGroup {
                comments: vec![comment.clone()],
                kiosk: None,
            }])
            .await
            .unwrap();
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO notify_requests (id, comment_id, kind, language, address, \
             receipt_token, link_hash, confirmed_at) \
             VALUES ('n1', $1, 'email', 'de', 'a@example.org', 'beleg', 'h1', 'x')",
        )
        .bind(&comment.id)
        .execute(&mut conn)
        .await
        .unwrap();
        assert!(store.withdraw_comment(&comment.id).await.unwrap());
        let (ended_why, address, token, ended): (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = sqlx::query_as(
            "SELECT ended_why, address, receipt_token, ended_at FROM notify_requests",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(ended_why.as_deref(), Some("withdrawn"));
        assert_eq!((address, token), (None, None));
        assert!(ended.is_some());
    }

    /// The files under `dir` that hold `needle`.
    fn holding(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(holding(&path, needle));
            } else if std::fs::read(&path)
                .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
            {
                found.push(path);
            }
        }
        found
    }

    /// The cluster's data folder, which `cargo xtask test` (or `cargo xtask postgres`)
    /// hands over.
    fn data_folder() -> std::path::PathBuf {
        std::path::PathBuf::from(std::env::var("MITREDEN_TEST_POSTGRES_DATA").unwrap_or_else(
            |_| panic!("MITREDEN_TEST_POSTGRES_DATA (the cluster's data folder) is not set: run through cargo xtask test or cargo xtask postgres"),
        ))
    }

    /// The folder of the connected database's files under `data`, after a checkpoint: what
    /// is committed is written there.
    async fn checkpointed(
        conn: &mut sqlx::PgConnection,
        data: &std::path::Path,
    ) -> std::path::PathBuf {
        let (oid,): (sqlx::postgres::types::Oid,) =
            sqlx::query_as("SELECT oid FROM pg_database WHERE datname = current_database()")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        sqlx::query("CHECKPOINT").execute(&mut *conn).await.unwrap();
        data.join("base").join(oid.0.to_string())
    }

    /// Every piece is found in `files` (`when`: so the search finds what it looks for).
    fn in_files(files: &std::path::Path, pieces: &[&str], when: &str) {
        for piece in pieces {
            assert!(
                !holding(files, piece.as_bytes()).is_empty(),
                "the search does not find {piece:?} even {when}"
            );
        }
    }

    /// No piece is in any of `files` (`when`: after what).
    fn in_no_file(files: &std::path::Path, pieces: &[&str], when: &str) {
        for piece in pieces {
            assert_eq!(
                holding(files, piece.as_bytes()),
                Vec::<std::path::PathBuf>::new(),
                "{piece:?} is still in the database's files {when}"
            );
        }
    }

    /// A withdrawn comment's text is in none of the database's files after a checkpoint
    /// (the withdrawal's rewrite); before the withdrawal it is, so the search finds what
    /// it looks for. PostgreSQL's WAL keeps it until its segments are recycled: counted
    /// and printed here, said in the guide.
    #[tokio::test]
    async fn a_withdrawn_text_leaves_the_table_files() {
        let data = data_folder();
        let (url, store) = fresh_at().await;
        // Long enough that the row shrinking to nothing leaves room on its page where the
        // old bytes could stay; searched for by its start and by a piece of its middle.
        let marker = "GEHEIM-7f3a-";
        let middle = "mittendrin-9c41-";
        let secret = format!(
            "{marker}{}{middle}{}",
            "Ein Satz, der nach dem Zurückziehen verschwinden muss. ".repeat(6),
            "Noch mehr Text, damit die Zeile lang ist. ".repeat(6)
        );
        let mut comment = story::comment(77, Some("beleg"));
        comment.text = secret.clone();
        // Rows before it on the same page, none after: the newest row of its page, whose
        // bytes nothing moves over when the page is compacted — the hardest case.
        let neighbours = (1000..1010)
            .map(|n| story::comment(n, None))
            .collect::<Vec<_>>();
        for comments in [neighbours, vec![comment.clone()]] {
            store
                .insert_comments(&[mitreden_store::CommentGroup {
                    comments,
                    kiosk: None,
                }])
                .await
                .unwrap();
        }
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        let files = checkpointed(&mut conn, &data).await;
        in_files(&files, &[marker, middle], "before the withdrawal");
        assert!(store.withdraw_comment(&comment.id).await.unwrap());
        checkpointed(&mut conn, &data).await;
        in_no_file(&files, &[marker, middle], "after the withdrawal");
        let wal = holding(&data.join("pg_wal"), marker.as_bytes());
        println!(
            "the withdrawn text: in none of the database's files; in {} WAL segment(s) until \
             PostgreSQL recycles them",
            wal.len()
        );
    }

    /// The retention job erases names and the trail, and they leave the database's files
    /// too (the rewrite of the tables they went from), as a withdrawal's text does; before
    /// the run both are found there. The story runs only on an empty trail: here an entry
    /// is written as moderation writes it.
    #[tokio::test]
    async fn the_retention_job_erases_names_and_the_trail_from_the_files() {
        let data = data_folder();
        let (url, store) = fresh_at().await;
        let name = "Namensgeheim-51d0-";
        let answer = "Antwortgeheim-a2c7-";
        let mut comment = story::comment(88, None);
        comment.name = Some(format!("{name}{}", "Erika Mustermann ".repeat(4)));
        let neighbours = (2000..2010).map(|n| story::comment(n, None));
        store
            .insert_comments(&[mitreden_store::CommentGroup {
                comments: neighbours.chain([comment.clone()]).collect(),
                kiosk: None,
            }])
            .await
            .unwrap();
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO moderation_events (comment_id, action, staff_name, detail, answer_text) \
             VALUES ($1, 'answered', 'amt', 'beruecksichtigt', $2)",
        )
        .bind(&comment.id)
        .bind(format!(
            "{answer}{}",
            "Vielen Dank, das nehmen wir auf. ".repeat(4)
        ))
        .execute(&mut conn)
        .await
        .unwrap();
        let files = checkpointed(&mut conn, &data).await;
        in_files(&files, &[name, answer], "before the run");
        let erased = store
            .erase_due(&mitreden_store::erasure::DueErasure {
                names: true,
                receipts: false,
                audit: true,
                sessions_ended_before_ms: 0,
                kiosks_revoked_before: String::new(),
            })
            .await
            .unwrap();
        assert_eq!((erased.names, erased.audit), (11, 1));
        checkpointed(&mut conn, &data).await;
        in_no_file(&files, &[name, answer], "after the retention run");
    }

    /// The stories every store passes.
    #[tokio::test]
    async fn the_comment_story() {
        story::comments(fresh().await).await;
    }

    #[tokio::test]
    async fn the_accounts_story() {
        story::accounts(fresh().await).await;
    }

    #[tokio::test]
    async fn the_erasure_story() {
        story::erasure(fresh().await).await;
    }

    #[tokio::test]
    async fn the_kiosks_story() {
        story::kiosks(fresh().await).await;
    }

    #[tokio::test]
    async fn the_templates_story() {
        story::templates(fresh().await).await;
    }

    #[tokio::test]
    async fn the_public_lists_story() {
        story::public_lists(fresh().await).await;
    }

    #[tokio::test]
    async fn the_moderation_story() {
        story::moderation(fresh().await).await;
    }

    #[tokio::test]
    async fn the_mail_story() {
        story::mail(fresh().await).await;
    }

    #[tokio::test]
    async fn the_versions_story() {
        story::versions(fresh().await).await;
    }

    #[tokio::test]
    async fn the_lottery_story() {
        story::lottery(fresh().await).await;
    }

    /// The database itself keeps a made commitment, a made draw, its applicants and the
    /// event's log, whatever SQL a later version of the server might send (as SQLite's
    /// triggers do).
    #[tokio::test]
    async fn the_database_refuses_to_change_a_commitment_or_a_draw() {
        let (url, store) = fresh_at().await;
        story::lottery(store).await;
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        for refused in [
            "UPDATE event_states SET seed = 'anders'",
            "UPDATE event_states SET commitment = 'anders'",
            "UPDATE event_states SET result = '[]'",
            "DELETE FROM event_states",
            "UPDATE applications SET status = 'withdrawn'",
            "UPDATE applications SET attributes = '{}'",
            "DELETE FROM applications",
            "INSERT INTO applications (id, event_id, code, name, contact_kind, contact, \
             attributes, created_at, received_at) VALUES ('x', 'workshop', 'C-9', 'X', \
             'email', 'x@example.org', '{}', 'x', 'x')",
            "UPDATE event_log SET staff_name = 'jemand'",
            "DELETE FROM event_log",
        ] {
            let done = sqlx::query(refused).execute(&mut conn).await;
            assert!(done.is_err(), "{refused} was taken");
        }
        // Names and contacts may still be erased.
        sqlx::query("UPDATE applications SET name = '', contact = ''")
            .execute(&mut conn)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_reports_story() {
        story::reports(fresh().await).await;
    }
}
