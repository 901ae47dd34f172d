//! Opening the comment store: an SQLite file, created if absent, migrated at start.
//!
//! Durability first: WAL journal with `synchronous = FULL`, so an acknowledged write is on
//! disk even if the machine loses power right after.
//!
//! Two pools on the one file. **Every write goes through [`Db::write`], a pool of exactly one
//! connection**: SQLite allows one writer at a time, and a second connection that reads in a
//! transaction and then tries to write cannot wait for the lock — it fails at once with
//! `database is locked`, which under load became a 500 for most requests. With one write
//! connection that cannot happen; writers queue for it instead (comments are gathered into
//! one commit by [`crate::ingest`]). Reads use [`Db::read`], whose connections are
//! `query_only`, so none of them can ever take the write lock. In WAL mode readers and the
//! writer never block each other.
//!
//! `secure_delete` makes SQLite overwrite deleted and replaced content with zeros; together
//! with [`Db::erase_wal`] a withdrawn comment's text leaves no byte in the files.

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::AppError;

/// How long a request waits for the database (a lock held by another process, or the
/// write connection busy) before it is answered 503 with `Retry-After`.
pub const WAIT: Duration = Duration::from_secs(5);

/// The comment store: a pool for reading, one connection for writing.
#[derive(Clone, Debug)]
pub struct Db {
    /// Read-only connections (`query_only`), for every request that only reads.
    pub read: SqlitePool,
    /// The one connection that writes.
    pub write: SqlitePool,
    /// How [`Db::writable`] opens its own connection.
    probe: SqliteConnectOptions,
    /// [`Db::writable`]'s last answer and when it was found.
    probed: Arc<tokio::sync::Mutex<Option<(std::time::Instant, bool)>>>,
    /// Set while erased content may still be in the WAL (a checkpoint that readers kept
    /// from finishing); [`Db::keep_erasing`] tries again until it is done.
    erase_pending: Arc<AtomicBool>,
}

/// Opens (creating folder and file if needed) and migrates the database at `path`.
///
/// A folder that cannot be written is reported in plain words before SQLite would fail
/// with a cryptic code.
pub async fn open(path: &Path) -> Result<Db, AppError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| unwritable(&dir, &e))?;
    let probe = dir.join(".mitreden-write-test");
    std::fs::write(&probe, b"ok").map_err(|e| unwritable(&dir, &e))?;
    let _ = std::fs::remove_file(&probe);

    let base = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .foreign_keys(true)
        .busy_timeout(WAIT);
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(WAIT)
        .after_release(|conn, _| Box::pin(leave_no_transaction_open(conn)))
        .before_acquire(|conn, _| Box::pin(leave_no_transaction_open(conn)))
        .connect_with(
            base.clone()
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .pragma("secure_delete", "ON"),
        )
        .await?;
    sqlx::migrate!("./migrations")
        .run(&write)
        .await
        .map_err(|e| match e {
            // Checked before anything is applied: the file stays as it is.
            sqlx::migrate::MigrateError::VersionMissing(v) => AppError::Startup(format!(
                "Die Datenbank {} stammt von einer neueren Version von mitreden (ihre \
                 Änderung {v} kennt diese Version {} nicht). Sie bleibt unverändert: Starten \
                 Sie die neuere Version oder spielen Sie eine Sicherung dieser Version zurück.",
                path.display(),
                crate::VERSION
            )),
            e => AppError::Startup(format!("Migration der Datenbank fehlgeschlagen: {e}")),
        })?;
    // The file is in WAL mode now (the mode is stored in it); readers only read.
    // A reading connection idle for a while is closed: each keeps its own page cache (up to
    // 2 MB, in the C allocator), filled by a burst of open-data readers and otherwise kept
    // for good (issue 21: memory back near the idle figure a minute after a burst).
    let read = SqlitePoolOptions::new()
        .max_connections(8)
        .idle_timeout(READER_IDLE)
        .acquire_timeout(WAIT)
        .connect_with(base.clone().pragma("query_only", "ON"))
        .await?;
    Ok(Db {
        read,
        write,
        probe: base.clone().busy_timeout(PROBE_WAIT),
        erase_pending: Arc::new(AtomicBool::new(false)),
        probed: Arc::new(tokio::sync::Mutex::new(None)),
    })
}

/// The writing connection must come out of the pool outside any transaction. A request
/// cancelled at the wrong moment (its client gone, its deadline passed) can leave it inside
/// one: sqlx counts a custom `BEGIN` before it has made the `Transaction` that would roll
/// it back, and a `COMMIT` whose answer was lost makes it skip the next rollback. Then every
/// later `BEGIN IMMEDIATE` failed ("non-zero transaction depth", a 500 for every write)
/// until a restart — seen once in the lottery's end-to-end test. Checked when the
/// connection comes back (so the write lock is freed at once) and again before it is
/// used: a rollback still on its way is waited for; a connection still inside a
/// transaction after it is closed (which rolls it back) and the pool opens a new one.
async fn leave_no_transaction_open(conn: &mut sqlx::SqliteConnection) -> Result<bool, sqlx::Error> {
    use sqlx::Connection;
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    // Commands run in order: when the ping is answered, a queued rollback has run.
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::error!("the writing connection was left inside a transaction; replacing it");
        return Ok(false);
    }
    Ok(true)
}

/// How long [`Db::writable`]'s answer stands.
const PROBE_FRESH: Duration = Duration::from_secs(1);

/// How long a reading connection may stay unused before it is closed.
const READER_IDLE: Duration = Duration::from_secs(20);

/// How long [`Db::writable`] waits for the write lock.
const PROBE_WAIT: Duration = Duration::from_secs(1);

impl Db {
    /// Whether the database can be written now: a connection of its own (the pools stay
    /// untouched — a statement cancelled on the pool's writer could leave it inside a
    /// transaction) takes the write lock within a second and gives it back. One probe at a
    /// time, its answer kept for [`PROBE_FRESH`]: a flood of readiness checks must not
    /// fight the writer for its lock.
    pub async fn writable(&self) -> bool {
        let mut last = self.probed.lock().await;
        if let Some((at, ok)) = *last {
            if at.elapsed() < PROBE_FRESH {
                return ok;
            }
        }
        let ok = match self.probe().await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "not ready: the database cannot be written");
                false
            }
        };
        *last = Some((std::time::Instant::now(), ok));
        ok
    }

    async fn probe(&self) -> Result<(), sqlx::Error> {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect_with(&self.probe).await?;
        sqlx::query("BEGIN IMMEDIATE").execute(&mut conn).await?;
        sqlx::query("ROLLBACK").execute(&mut conn).await?;
        conn.close().await
    }

    /// Copies everything in the WAL into the database file and truncates the WAL to zero
    /// bytes, so that no earlier version of a page — such as one holding a withdrawn
    /// comment's text — stays in the `-wal` file. Waits (up to [`WAIT`] per try) for
    /// readers that still look at older pages; if they keep it from finishing, it stays
    /// pending for [`Db::keep_erasing`].
    pub async fn erase_wal(&self) -> Result<(), AppError> {
        self.erase_pending.store(true, Ordering::SeqCst);
        for _ in 0..5 {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.write)
                .await?;
            if busy == 0 {
                self.erase_pending.store(false, Ordering::SeqCst);
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(AppError::Unavailable(
            "Die Datenbank ist beschäftigt. Bitte versuchen Sie es gleich noch einmal.".into(),
        ))
    }

    /// Whether erased content may still be in the WAL.
    pub fn erase_pending(&self) -> bool {
        self.erase_pending.load(Ordering::SeqCst)
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        self.probe.get_filename()
    }

    /// The file and its WAL in bytes on disk.
    pub fn size_bytes(&self) -> u64 {
        ["", "-wal"]
            .iter()
            .filter_map(|suffix| {
                let mut name = self.path().as_os_str().to_owned();
                name.push(suffix);
                std::fs::metadata(std::path::PathBuf::from(name)).ok()
            })
            .map(|meta| meta.len())
            .sum()
    }

    /// Runs for ever: every few seconds, finishes an erasure that readers held up.
    pub async fn keep_erasing(self) {
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            if self.erase_pending() {
                if let Err(e) = self.erase_wal().await {
                    tracing::warn!(error = %e, "WAL not yet truncated after a withdrawal");
                }
            }
        }
    }

    /// Closes both pools (tests that reopen the file).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

fn unwritable(dir: &Path, e: &std::io::Error) -> AppError {
    AppError::Startup(format!(
        "Das Datenbank-Verzeichnis {} ist nicht beschreibbar: {e}",
        dir.display()
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test stops on any failure")]
mod tests {
    use super::*;

    /// The durability the acknowledgements rely on, as SQLite itself reports it: a kill -9
    /// test cannot tell `synchronous = FULL` from `OFF` (the OS keeps the data), this can.
    #[tokio::test]
    async fn the_writer_is_durable_and_erasing_and_the_readers_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = open(&dir.path().join("d.sqlite3")).await.unwrap();
        let pragma = |name: &'static str, pool: SqlitePool| async move {
            sqlx::query_scalar::<_, String>(&format!(
                "SELECT CAST({name} AS TEXT) FROM pragma_{name}"
            ))
            .fetch_one(&pool)
            .await
            .unwrap()
        };
        assert_eq!(pragma("journal_mode", db.write.clone()).await, "wal");
        assert_eq!(pragma("synchronous", db.write.clone()).await, "2", "FULL");
        assert_eq!(pragma("secure_delete", db.write.clone()).await, "1");
        assert_eq!(pragma("query_only", db.read.clone()).await, "1");
        let write_by_reader = sqlx::query("DELETE FROM comments").execute(&db.read).await;
        assert!(write_by_reader.is_err());
    }

    /// A file from a newer version (a migration this one does not know) is refused with
    /// words a town's IT understands, and nothing in it changes.
    #[tokio::test]
    async fn a_database_from_a_newer_version_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.sqlite3");
        let db = open(&path).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
             execution_time) VALUES (9999, 'from the future', 1, x'00', 0)",
        )
        .execute(&db.write)
        .await
        .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db.write)
            .await
            .unwrap();
        db.close().await;
        let before = std::fs::read(&path).unwrap();
        let refused = open(&path).await.unwrap_err().to_string();
        assert!(refused.contains("neueren Version"), "{refused}");
        assert!(refused.contains("9999"), "{refused}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test stops on any failure")]
mod closed_sets {
    use mitreden_model::api::{AnswerStatus, ModerationState};

    /// The database knows exactly the model's words: each is stored, anything else is
    /// refused.
    #[tokio::test]
    async fn the_database_refuses_states_the_model_does_not_know() {
        let dir = tempfile::tempdir().unwrap();
        let db = super::open(&dir.path().join("c.sqlite3")).await.unwrap();
        let insert = |state: String| {
            let db = db.write.clone();
            async move {
                sqlx::query(
                    "INSERT INTO comments (id, section_id, section_version, body, consent, \
                     client_created_at, received_at, moderation_state) \
                     VALUES (?1, 's', 1, 't', 1, 'x', 'x', ?1)",
                )
                .bind(state)
                .execute(&db)
                .await
            }
        };
        for state in ModerationState::ALL {
            insert(state.as_str().to_owned()).await.unwrap();
        }
        assert!(insert("Published".into()).await.is_err());
        let update = sqlx::query("UPDATE comments SET moderation_state = 'spam'")
            .execute(&db.write)
            .await;
        assert!(update.is_err());
        for status in AnswerStatus::ALL {
            sqlx::query(
                "INSERT INTO answers (comment_id, body, status, office, answered_at) \
                 VALUES ('received', 'a', ?, 'o', 'x') \
                 ON CONFLICT (comment_id) DO UPDATE SET status = excluded.status",
            )
            .bind(status.as_str())
            .execute(&db.write)
            .await
            .unwrap();
        }
        let bad = sqlx::query("UPDATE answers SET status = 'erledigt'")
            .execute(&db.write)
            .await;
        assert!(bad.is_err());
    }
}
