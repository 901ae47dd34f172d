//! The [`Store`](mitreden_store::Store) on SQLite: the embedded default, one file.
//!
//! The areas behind the trait so far answer here (`comments`, `public`); the others still run
//! their SQL in their own modules on [`Db`]'s pools, and move here one at a time (see
//! `ARCHITECTURE.md`). When none is left, this folder, `db.rs` and the migrations become a
//! crate of their own beside PostgreSQL's.

mod accounts;
mod comments;
mod erasure;
mod kiosks;
mod lottery;
mod mail;
mod moderation;
mod notify;
mod public;
mod reports;
mod templates;
mod versions;

pub use moderation::{fts_query, record};
pub use notify::{enqueue, tell};
pub use public::public_sql;

use mitreden_store::StoreError;

use crate::db::Db;
use crate::error::is_busy;

/// SQLite behind the [`Store`](mitreden_store::Store) trait: the read pool and the one
/// write connection of [`Db`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    db: Db,
}

impl SqliteStore {
    /// The store on an opened (and migrated) database.
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// A write transaction on the one write connection, `IMMEDIATE`: the write lock at
    /// once, not on the first write after a read (which could not wait for it).
    async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.db
            .write
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(store_error)
    }
}

/// Sorts SQLite's errors into the backend-neutral ones: a lock or a connection waited for
/// too long, or a full disk, is load ([`StoreError::Busy`]); a missing row is
/// [`StoreError::NotFound`]; anything else a fault.
pub fn store_error(e: sqlx::Error) -> StoreError {
    if is_busy(&e) {
        StoreError::Busy(e.to_string())
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

    use super::SqliteStore;

    /// A store on a fresh SQLite file (kept while the folder is).
    async fn fresh() -> (tempfile::TempDir, Arc<dyn Store>) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open(&dir.path().join("story.sqlite3"))
            .await
            .unwrap();
        (dir, Arc::new(SqliteStore::new(db)))
    }

    /// The stories every store passes.
    #[tokio::test]
    async fn the_comment_story() {
        let (_dir, store) = fresh().await;
        story::comments(store).await;
    }

    #[tokio::test]
    async fn the_accounts_story() {
        let (_dir, store) = fresh().await;
        story::accounts(store).await;
    }

    #[tokio::test]
    async fn the_erasure_story() {
        let (_dir, store) = fresh().await;
        story::erasure(store).await;
    }

    #[tokio::test]
    async fn the_kiosks_story() {
        let (_dir, store) = fresh().await;
        story::kiosks(store).await;
    }

    #[tokio::test]
    async fn the_templates_story() {
        let (_dir, store) = fresh().await;
        story::templates(store).await;
    }

    #[tokio::test]
    async fn the_public_lists_story() {
        let (_dir, store) = fresh().await;
        story::public_lists(store).await;
    }

    #[tokio::test]
    async fn the_moderation_story() {
        let (_dir, store) = fresh().await;
        story::moderation(store).await;
    }

    #[tokio::test]
    async fn the_mail_story() {
        let (_dir, store) = fresh().await;
        story::mail(store).await;
    }

    #[tokio::test]
    async fn the_versions_story() {
        let (_dir, store) = fresh().await;
        story::versions(store).await;
    }

    #[tokio::test]
    async fn the_lottery_story() {
        let (_dir, store) = fresh().await;
        story::lottery(store).await;
    }

    #[tokio::test]
    async fn the_reports_story() {
        let (_dir, store) = fresh().await;
        story::reports(store).await;
    }
}
