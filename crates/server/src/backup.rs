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
    let copied = check(&partial).await?;
    std::fs::rename(&partial, target)
        .map_err(|e| AppError::Startup(format!("{}: {e}", target.display())))?;
    Ok(copied)
}

/// Puts the backup `source` in place of the database at `database` (the server stopped).
pub async fn restore(database: &Path, source: &Path) -> Result<Copied, AppError> {
    let _lock = ServerLock::take(database).map_err(|_| {
        AppError::Startup(
            "Der Server läuft noch auf dieser Datenbank. Halten Sie ihn zuerst an \
             (systemctl stop mitreden)."
                .into(),
        )
    })?;
    let copied = check(source).await?;
    let incoming = with_suffix(database, ".restoring");
    std::fs::copy(source, &incoming)
        .map_err(|e| AppError::Startup(format!("{}: {e}", incoming.display())))?;
    for suffix in ["", "-wal", "-shm"] {
        let file = with_suffix(database, suffix);
        if file.exists() {
            let aside = with_suffix(&file, ".before-restore");
            std::fs::rename(&file, &aside)
                .map_err(|e| AppError::Startup(format!("{}: {e}", file.display())))?;
        }
    }
    std::fs::rename(&incoming, database)
        .map_err(|e| AppError::Startup(format!("{}: {e}", database.display())))?;
    Ok(copied)
}

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

/// The running server's claim on its database: an exclusive lock on `DATABASE.lock`, held
/// until the process ends (a `kill -9` too: the system drops it). A second server on the
/// same file and a restore under a running server are refused.
#[derive(Debug)]
pub struct ServerLock {
    _file: std::fs::File,
}

impl ServerLock {
    /// Takes the lock, or says that another process holds it.
    pub fn take(database: &Path) -> Result<Self, AppError> {
        let path = with_suffix(database, ".lock");
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::Startup(format!("{}: {e}", dir.display())))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| AppError::Startup(format!("{}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(AppError::Startup(format!(
                "Ein anderer mitreden-Server arbeitet schon mit {} (Sperre {}).",
                database.display(),
                path.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(AppError::Startup(format!("{}: {e}", path.display())))
            }
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
        assert_eq!(restored.comments, 1);
        assert!(with_suffix(&database, ".before-restore").exists());
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
