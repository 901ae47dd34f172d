//! Backups while the server runs, and putting one back (`mitreden-server backup FILE`,
//! `restore FILE`).
//!
//! A backup is SQLite's `VACUUM INTO` on a connection of its own: one read transaction, so
//! the copy is the database as it was at one moment, every commit before it in full and
//! none after; readers and the writer go on meanwhile (WAL). The copy is written beside
//! the target and renamed over it only once `PRAGMA integrity_check` says `ok`, so a cron
//! job that overwrites yesterday's file never leaves half a backup. Like the database, it
//! holds no withdrawn text (`secure_delete`, and `VACUUM` writes only live rows).
//!
//! A restore checks the backup the same way, and needs the server stopped: the running
//! server holds [`ServerLock`], and `restore` refuses while it is held. The current files
//! (database, `-wal`, `-shm`) are moved aside to `….before-restore`, not deleted, and the
//! copy takes their place; the next start migrates it if it is from an older version.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::AppError;

/// What a backup or restore found in the copy.
#[derive(Debug)]
pub struct Copied {
    /// Comments in it.
    pub comments: i64,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Writes a consistent copy of the database at `database` to `target` (replacing it).
pub async fn backup(database: &Path, target: &Path) -> Result<Copied, AppError> {
    if !database.exists() {
        return Err(AppError::Startup(format!(
            "Keine Datenbank unter {}",
            database.display()
        )));
    }
    let partial = with_suffix(target, ".partial");
    let _ = std::fs::remove_file(&partial);
    let mut conn = SqliteConnectOptions::from_str("sqlite://")?
        .filename(database)
        .read_only(true)
        .busy_timeout(crate::db::WAIT)
        .connect()
        .await?;
    let into = partial
        .to_str()
        .ok_or_else(|| AppError::Startup(format!("{}: kein gültiger Name", target.display())))?;
    sqlx::query("VACUUM INTO ?")
        .bind(into)
        .execute(&mut conn)
        .await
        .map_err(|e| AppError::Startup(format!("Sicherung nach {into} fehlgeschlagen: {e}")))?;
    conn.close().await?;
    let copied = match check(&partial).await {
        Ok(copied) => copied,
        Err(e) => {
            // A copy that is no good holds the same personal data: not left lying about.
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    // On the disk before it takes the place of the last good backup.
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .and_then(|()| std::fs::rename(&partial, target))
        .map_err(|e| AppError::Startup(format!("{}: {e}", target.display())))?;
    Ok(copied)
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// What the backup holds.
    pub copied: Copied,
    /// Where the database that was there before is kept (one file, its WAL folded in).
    pub aside: Option<PathBuf>,
}

/// Puts the backup `source` in place of the database at `database` (the server stopped).
/// The database that was there is kept beside it as `….before-restore-<time>`, whole (its
/// WAL checkpointed into it first) and never overwritten by a later restore.
pub async fn restore(database: &Path, source: &Path) -> Result<Restored, AppError> {
    let _lock = ServerLock::take(database).map_err(|e| match e {
        Locked::Held => AppError::Startup(
            "Der Server läuft noch auf dieser Datenbank. Halten Sie ihn zuerst an \
             (systemctl stop mitreden)."
                .into(),
        ),
        Locked::Other(e) => e,
    })?;
    let copied = check(source).await?;
    let incoming = with_suffix(database, ".restoring");
    std::fs::copy(source, &incoming)
        .and_then(|_| std::fs::File::open(&incoming)?.sync_all())
        .map_err(|e| AppError::Startup(format!("{}: {e}", incoming.display())))?;
    let aside = if database.exists() {
        // Everything of the WAL into the file, so that the one file is the whole database.
        let mut conn = SqliteConnectOptions::from_str("sqlite://")?
            .filename(database)
            .busy_timeout(crate::db::WAIT)
            .connect()
            .await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        let stamp = chrono::DateTime::from_timestamp_millis(now_ms())
            .unwrap_or_default()
            .format("%Y%m%dT%H%M%SZ")
            .to_string();
        let aside = with_suffix(database, &format!(".before-restore-{stamp}"));
        if aside.exists() {
            return Err(AppError::Startup(format!(
                "{} gibt es schon; in einer Sekunde noch einmal versuchen",
                aside.display()
            )));
        }
        std::fs::rename(database, &aside)
            .map_err(|e| AppError::Startup(format!("{}: {e}", database.display())))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(database, suffix));
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, database)
        .map_err(|e| AppError::Startup(format!("{}: {e}", database.display())))?;
    Ok(Restored { copied, aside })
}

use crate::clock::now_ms;

/// Opens a copy on its own and checks it: `PRAGMA integrity_check` must say `ok`.
async fn check(file: &Path) -> Result<Copied, AppError> {
    let mut conn = SqliteConnectOptions::from_str("sqlite://")?
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| AppError::Startup(format!("{} ist nicht lesbar: {e}", file.display())))?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| AppError::Startup(format!("{}: {e}", file.display())))?;
    if verdict != "ok" {
        return Err(AppError::Startup(format!(
            "{} ist beschädigt (integrity_check: {verdict})",
            file.display()
        )));
    }
    let comments: i64 = sqlx::query_scalar("SELECT count(*) FROM comments")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| {
            AppError::Startup(format!(
                "{} ist keine mitreden-Datenbank: {e}",
                file.display()
            ))
        })?;
    conn.close().await?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(Copied { comments, bytes })
}

/// `file` with `suffix` appended to its name.
fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Why [`ServerLock::take`] did not take the lock.
#[derive(Debug)]
pub enum Locked {
    /// Another process holds it: a server runs on the database.
    Held,
    /// The lock file could not be made or locked.
    Other(AppError),
}

impl From<Locked> for AppError {
    fn from(l: Locked) -> Self {
        match l {
            Locked::Held => AppError::Startup(
                "Ein anderer mitreden-Server arbeitet schon mit dieser Datenbank.".into(),
            ),
            Locked::Other(e) => e,
        }
    }
}

/// The running server's claim on its database: an exclusive lock on `DATABASE.lock`, held
/// until the process ends (a `kill -9` too: the system drops it). A second server on the
/// same file and a restore under a running server are refused.
#[derive(Debug)]
pub struct ServerLock {
    _file: std::fs::File,
}

impl ServerLock {
    /// Takes the lock, or says that another process holds it.
    pub fn take(database: &Path) -> Result<Self, Locked> {
        let path = with_suffix(database, ".lock");
        let failed = |e: std::io::Error, at: &Path| {
            Locked::Other(AppError::Startup(format!("{}: {e}", at.display())))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| failed(e, dir))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| failed(e, &path))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Locked::Held),
            Err(std::fs::TryLockError::Error(e)) => Err(failed(e, &path)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test stops on any failure")]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_backup_holds_what_was_committed_and_a_restore_needs_the_server_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("m.sqlite3");
        let db = crate::db::open(&database).await.unwrap();
        let insert = |id: &'static str| {
            let db = db.write.clone();
            async move {
                sqlx::query(
                    "INSERT INTO comments (id, section_id, section_version, body, consent, \
                     client_created_at, received_at) VALUES (?, 's', 1, 't', 1, 'x', 'x')",
                )
                .bind(id)
                .execute(&db)
                .await
                .unwrap();
            }
        };
        insert("before").await;
        let target = dir.path().join("b.sqlite3");
        let copied = backup(&database, &target).await.unwrap();
        assert_eq!(copied.comments, 1);
        insert("after").await;

        let running = ServerLock::take(&database).unwrap();
        let refused = restore(&database, &target).await.unwrap_err();
        assert!(refused.to_string().contains("läuft noch"), "{refused}");
        drop(running);
        db.close().await;

        let restored = restore(&database, &target).await.unwrap();
        assert_eq!(restored.copied.comments, 1);
        // The database before the restore, whole in one file: both comments.
        let aside = restored.aside.unwrap();
        let before = check(&aside).await.unwrap();
        assert_eq!(before.comments, 2);
        let db = crate::db::open(&database).await.unwrap();
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM comments")
            .fetch_all(&db.read)
            .await
            .unwrap();
        assert_eq!(ids, ["before"]);

        std::fs::write(dir.path().join("junk"), b"not a database at all").unwrap();
        let junk = restore(&database, &dir.path().join("junk"))
            .await
            .unwrap_err();
        assert!(junk.to_string().contains("junk"), "{junk}");
    }
}
