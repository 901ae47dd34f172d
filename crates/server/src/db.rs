//! Opening the comment store: an SQLite file, created if absent, migrated at start.
//!
//! Durability first: WAL journal with `synchronous = FULL`, so an acknowledged write is on
//! disk even if the machine loses power right after.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::AppError;

/// Opens (creating folder and file if needed) and migrates the database at `path`.
///
/// A folder that cannot be written is reported in plain words before SQLite would fail
/// with a cryptic code.
pub async fn open(path: &Path) -> Result<SqlitePool, AppError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| unwritable(&dir, &e))?;
    let probe = dir.join(".mitreden-write-test");
    std::fs::write(&probe, b"ok").map_err(|e| unwritable(&dir, &e))?;
    let _ = std::fs::remove_file(&probe);

    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(std::time::Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|e| AppError::Startup(format!("Migration der Datenbank fehlgeschlagen: {e}")))?;
    Ok(pool)
}

fn unwritable(dir: &Path, e: &std::io::Error) -> AppError {
    AppError::Startup(format!(
        "Das Datenbank-Verzeichnis {} ist nicht beschreibbar: {e}",
        dir.display()
    ))
}
