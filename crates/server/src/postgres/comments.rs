//! Comments and the public lists on PostgreSQL.

use std::sync::atomic::Ordering;

use async_trait::async_trait;
use mitreden_model::api::{AdminComment, ItemResult, ModerationState, Outcome};
use mitreden_model::comment::NewComment;
use mitreden_model::paging::{ChangeCause, CommentPage, PageRequest};
use mitreden_store::{CommentGroup, CommentState, Store, StoreError};
use sqlx::PgConnection;

use super::{public_sql, store_error, PgStore, ERASED_TABLES, NOW};
use crate::admin::sha256_hex;
use crate::rows::{
    causes_sql, comment_from_row, created_or_present, insert_sql, page_of, page_sql, retried,
    total_sql, CauseRow, StateRow, Stored, COMMENT_COLUMNS, STATE_COLUMNS, STORED_COLUMNS,
};

#[async_trait]
impl Store for PgStore {
    async fn insert_comments(
        &self,
        groups: &[CommentGroup],
    ) -> Result<Vec<Vec<ItemResult>>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
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
            "SELECT {STATE_COLUMNS} FROM comments WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        row.map(CommentState::try_from)
            .transpose()
            .map_err(store_error)
    }

    async fn receipt_hash(&self, id: &str) -> Result<Option<Option<String>>, StoreError> {
        let stored: Option<(Option<String>,)> =
            sqlx::query_as("SELECT receipt_hash FROM comments WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(store_error)?;
        Ok(stored.map(|(hash,)| hash))
    }

    async fn comment(&self, id: &str) -> Result<Option<AdminComment>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN answers a ON a.comment_id = c.id \
             WHERE c.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?
        .map(|row| comment_from_row(&row).map_err(store_error))
        .transpose()
    }

    async fn withdraw_comment(&self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let done = sqlx::query(&format!(
            "UPDATE comments SET body = '', author_name = NULL, self_description = NULL, \
             moderation_state = $1, withdrawn_at = COALESCE(withdrawn_at, {NOW}) \
             WHERE id = $2 AND moderation_state != $1"
        ))
        .bind(ModerationState::Withdrawn.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        // Whoever asked to be told about it is told nothing more: the addresses go too.
        sqlx::query(&format!(
            "UPDATE notify_requests SET ended_at = {NOW}, ended_why = 'withdrawn', \
             address = NULL, receipt_token = NULL WHERE ended_at IS NULL AND comment_id = $1"
        ))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        let withdrew = done.rows_affected() > 0;
        if withdrew || self.erase_pending.load(Ordering::Relaxed) {
            self.rewrite_after(&["comments", "notify_requests"], "withdrawal")
                .await;
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
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT c.section_id, COUNT(*) FROM comments c WHERE {} GROUP BY c.section_id",
            public_sql(public)
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    /// A connection within the pool's wait, and the server not a read-only standby.
    async fn writable(&self) -> bool {
        sqlx::query_scalar::<_, bool>("SELECT NOT pg_is_in_recovery()")
            .fetch_one(&self.pool)
            .await
            .unwrap_or(false)
    }

    async fn size_bytes(&self) -> Option<u64> {
        sqlx::query_scalar::<_, i64>("SELECT pg_database_size(current_database())")
            .fetch_one(&self.pool)
            .await
            .ok()
            .and_then(|n| u64::try_from(n).ok())
    }
}

impl PgStore {
    /// Rewrites `tables`, which a withdrawal or the retention job erased in (`VACUUM
    /// FULL`), so that the old row
    /// versions with the text leave the database's files. A plain `VACUUM` is not enough:
    /// it frees their space but leaves the bytes where no later row is moved over them
    /// (tried: the newest row of a page stays readable in the file). The rewrite locks
    /// the tables while it runs (fractions of a second for a town's comments); it waits
    /// at most two seconds for the lock, else the next withdrawal (or retention run) tries
    /// again.
    ///
    /// A rewrite still copies an old row version that a transaction begun before the
    /// erasure might see — any transaction of the cluster, also in another database
    /// (tried with psql on PostgreSQL 15). So it first waits, up to two seconds, until no
    /// other session holds a transaction or snapshot from before it; where one still does,
    /// it rewrites anyway and answers an error, so the next erasure rewrites again.
    /// Rewrites the tables an erasure (`what`, for the log) took values from — every
    /// erased-in table where an earlier rewrite is pending — and remembers whether this one
    /// must be done again.
    pub(super) async fn rewrite_after(&self, touched: &[&str], what: &str) {
        let tables = if self.erase_pending.load(Ordering::Relaxed) {
            ERASED_TABLES
        } else {
            touched
        };
        let rewritten = self.rewrite(tables).await;
        self.erase_pending
            .store(rewritten.is_err(), Ordering::Relaxed);
        if let Err(e) = rewritten {
            tracing::warn!(error = %e, what, "erasure: the rewrite is left for the next one");
        }
    }

    async fn rewrite(&self, tables: &[&str]) -> Result<(), sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        let (now,): (String,) = sqlx::query_as("SELECT (txid_current() % 4294967296)::text")
            .fetch_one(&mut *conn)
            .await?;
        let mut clear = false;
        for _ in 0..40 {
            let (older,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() \
                 AND (age(backend_xmin) >= age($1::xid) OR age(backend_xid) >= age($1::xid))",
            )
            .bind(&now)
            .fetch_one(&mut *conn)
            .await?;
            if older == 0 {
                clear = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        sqlx::query("SET lock_timeout = '2s'")
            .execute(&mut *conn)
            .await?;
        // The names are the store's own constants, never input.
        let rewritten = sqlx::query(&format!("VACUUM FULL {}", tables.join(", ")))
            .execute(&mut *conn)
            .await;
        sqlx::query("RESET lock_timeout")
            .execute(&mut *conn)
            .await?;
        rewritten?;
        if clear {
            Ok(())
        } else {
            Err(sqlx::Error::Protocol(
                "a transaction older than the erasure was still open: rewritten, to be \
                 rewritten again"
                    .into(),
            ))
        }
    }

    /// [`Store::public_comments`].
    async fn page(
        &self,
        section: &str,
        public: &[ModerationState],
        page: &PageRequest,
    ) -> Result<CommentPage, sqlx::Error> {
        let public = public_sql(public);
        let rows = sqlx::query(&page_sql('$', "::text", &public, page.order))
            .bind(section)
            .bind(page.after.as_ref().map(|c| c.received_at.as_str()))
            .bind(page.after.as_ref().map(|c| c.id.as_str()))
            .bind(i64::from(page.limit) + 1)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(comment_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let (comments, next) = page_of(rows, page.limit);
        let (total,): (i64,) = sqlx::query_as(&total_sql('$', &public))
            .bind(section)
            .fetch_one(&self.pool)
            .await?;
        let causes = if page.after.is_none() {
            sqlx::query_as::<_, CauseRow>(&causes_sql('$', &public))
                .bind(section)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(ChangeCause::from)
                .collect()
        } else {
            Vec::new()
        };
        Ok(CommentPage {
            comments,
            next,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            causes,
        })
    }
}

/// Inserts a comment, or recognises a retry of one already stored (here or by another
/// process: `ON CONFLICT DO NOTHING` waits for a concurrent insert of the id to commit).
async fn insert(
    conn: &mut PgConnection,
    c: &NewComment,
    kiosk: Option<&str>,
) -> Result<ItemResult, sqlx::Error> {
    let hash = c.receipt_token.as_deref().map(sha256_hex);
    let inserted: Option<String> =
        crate::bind_comment!(sqlx::query_scalar(&insert_sql('$', NOW)), c, &hash, kiosk)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(received) = inserted {
        return Ok(created_or_present(c, Outcome::Created, received));
    }
    let stored: Stored = sqlx::query_as(&format!(
        "SELECT {STORED_COLUMNS} FROM comments WHERE id = $1"
    ))
    .bind(&c.id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(retried(stored, c, hash.as_deref()))
}
