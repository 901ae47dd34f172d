//! Comments on SQLite: the group commit's transaction, a comment's state and receipt,
//! withdrawal — and the [`Store`] impl, which hands the public lists to `public.rs`.

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, ItemResult, Outcome};
use mitreden_model::comment::NewComment;
use mitreden_model::moderation::ModerationState;
use mitreden_model::paging::{CommentPage, PageRequest};
use mitreden_store::{CommentGroup, CommentState, Store, StoreError};
use sqlx::SqliteConnection;

use super::{store_error, SqliteStore};
use crate::admin::sha256_hex;
use crate::rows::{
    comment_from_row, created_or_present, insert_sql, retried, StateRow, Stored, COMMENT_COLUMNS,
    STATE_COLUMNS, STORED_COLUMNS,
};

#[async_trait]
impl Store for SqliteStore {
    async fn insert_comments(
        &self,
        groups: &[CommentGroup],
    ) -> Result<Vec<Vec<ItemResult>>, StoreError> {
        let mut tx = self.write().await?;
        let mut out = Vec::with_capacity(groups.len());
        for group in groups {
            let mut results = Vec::with_capacity(group.comments.len());
            for c in &group.comments {
                results.push(
                    insert(&mut tx, c, group.kiosk.as_deref())
                        .await
                        .map_err(store_error)?,
                );
            }
            out.push(results);
        }
        tx.commit().await.map_err(store_error)?;
        Ok(out)
    }

    async fn comment_state(&self, id: &str) -> Result<Option<CommentState>, StoreError> {
        let row: Option<StateRow> = sqlx::query_as(&format!(
            "SELECT {STATE_COLUMNS} FROM comments WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.db.read)
        .await
        .map_err(store_error)?;
        row.map(CommentState::try_from)
            .transpose()
            .map_err(store_error)
    }

    async fn receipt_hash(&self, id: &str) -> Result<Option<Option<String>>, StoreError> {
        let stored: Option<(Option<String>,)> =
            sqlx::query_as("SELECT receipt_hash FROM comments WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.db.read)
                .await
                .map_err(store_error)?;
        Ok(stored.map(|(hash,)| hash))
    }

    async fn comment(&self, id: &str) -> Result<Option<AdminComment>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
             WHERE c.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.db.read)
        .await
        .map_err(store_error)?;
        row.map(|row| comment_from_row(&row).map_err(store_error))
            .transpose()
    }

    async fn withdraw_comment(&self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE comments SET body = '', author_name = NULL, self_description = NULL, \
             moderation_state = ?1, \
             withdrawn_at = COALESCE(withdrawn_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
             WHERE id = ?2 AND moderation_state != ?1",
        )
        .bind(ModerationState::Withdrawn.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        // Whoever asked to be told about it is told nothing more: the addresses go too.
        super::notify::end_all(&mut tx, id, mitreden_store::notify::Ended::Withdrawn)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        let withdrew = done.rows_affected() > 0;
        if withdrew || self.db.erase_pending() {
            // The old page images with the text are still in the -wal file; fold them into
            // the database (where secure_delete has zeroed the old text) and cut the WAL to
            // nothing. Should readers hold that up, the server finishes it within seconds.
            if let Err(e) = self.db.erase_wal().await {
                tracing::warn!(error = %e, "withdrawal: WAL truncation left for later");
            }
        }
        Ok(withdrew)
    }

    async fn public_comments(
        &self,
        section: &str,
        public: &[ModerationState],
        page: &PageRequest,
    ) -> Result<CommentPage, StoreError> {
        self.page(section, public, page).await.map_err(store_error)
    }

    async fn public_counts(
        &self,
        public: &[ModerationState],
    ) -> Result<Vec<(String, u32)>, StoreError> {
        self.counts(public).await.map_err(store_error)
    }

    async fn writable(&self) -> bool {
        self.db.writable().await
    }

    async fn size_bytes(&self) -> Option<u64> {
        Some(self.db.size_bytes())
    }
}

/// Inserts a comment, or recognises a retry of one already stored. A new comment — the
/// common case — costs one statement.
async fn insert(
    conn: &mut SqliteConnection,
    c: &NewComment,
    kiosk: Option<&str>,
) -> Result<ItemResult, sqlx::Error> {
    let hash = c.receipt_token.as_deref().map(sha256_hex);
    let inserted: Option<String> = crate::bind_comment!(
        sqlx::query_scalar(&insert_sql('?', "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")),
        c,
        &hash,
        kiosk
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(received) = inserted {
        return Ok(created_or_present(c, Outcome::Created, received));
    }
    let stored: Stored = sqlx::query_as(&format!(
        "SELECT {STORED_COLUMNS} FROM comments WHERE id = ?"
    ))
    .bind(&c.id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(retried(stored, c, hash.as_deref()))
}
