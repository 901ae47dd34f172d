//! The mail queue and the digest on PostgreSQL. Several processes run the worker: a claim
//! skips the rows another holds (`FOR UPDATE SKIP LOCKED`) and leases them, and the
//! digest job locks the staff rows it looks at, so a period's digest is queued once.

use async_trait::async_trait;
use mitreden_model::digest::Digest;
use mitreden_model::moderation::ModerationState;
use mitreden_store::mail::{Delivery, DigestWriter, MailQueue, QueuedMail};
use mitreden_store::notify::Channel;
use mitreden_store::StoreError;

use super::notify::enqueue;
use super::{as_stored, store_error, PgStore, NOW};
use crate::rows::mail::{
    digests_due, section_counts, AskedRow, QueuedRow, SectionCountRow, WaitingRow, QUEUED_COLUMNS,
    WAITING,
};

/// The statement that closes the row `$1` (sent or given up, the `SET` part `closed`).
fn close_mail(closed: &str) -> String {
    format!(
        "UPDATE mail_queue SET {closed}, attempts = attempts + 1, recipient = NULL, \
         body_text = '', body_html = '', unsubscribe = NULL WHERE id = $1"
    )
}

#[async_trait]
impl MailQueue for PgStore {
    async fn mails_due_now(&self) -> Result<u64, StoreError> {
        let done = sqlx::query(&format!(
            "UPDATE mail_queue SET next_attempt_at = {NOW} \
             WHERE sent_at IS NULL AND given_up_at IS NULL"
        ))
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(done.rows_affected())
    }

    async fn claim_due_mails(
        &self,
        limit: u32,
        lease_seconds: u32,
    ) -> Result<Vec<QueuedMail>, StoreError> {
        let rows: Vec<QueuedRow> = sqlx::query_as(&format!(
            "UPDATE mail_queue SET next_attempt_at = {} \
             WHERE id IN (SELECT id FROM mail_queue \
                 WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= {NOW} \
                 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) \
             RETURNING {QUEUED_COLUMNS}",
            as_stored("now() + make_interval(secs => $2)")
        ))
        .bind(i64::from(limit))
        .bind(f64::from(lease_seconds))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        let mut mails = rows
            .into_iter()
            .map(QueuedMail::try_from)
            .collect::<Result<Vec<_>, _>>()
            .map_err(store_error)?;
        mails.sort_by_key(|m| m.id);
        Ok(mails)
    }

    async fn delivered(&self, id: i64, delivery: Delivery<'_>) -> Result<(), StoreError> {
        let done = match delivery {
            Delivery::Sent => {
                sqlx::query(&close_mail(&format!("sent_at = {NOW}")))
                    .bind(id)
                    .execute(&self.pool)
                    .await
            }
            Delivery::Retry { why, in_seconds } => {
                sqlx::query(&format!(
                    "UPDATE mail_queue SET attempts = attempts + 1, last_error = $2, \
                     next_attempt_at = {} WHERE id = $1",
                    as_stored("now() + make_interval(secs => $3)")
                ))
                .bind(id)
                .bind(why)
                .bind(f64::from(in_seconds))
                .execute(&self.pool)
                .await
            }
            Delivery::GivenUp { why } => {
                sqlx::query(&close_mail(&format!(
                    "given_up_at = {NOW}, last_error = $2"
                )))
                .bind(id)
                .bind(why)
                .execute(&self.pool)
                .await
            }
        };
        done.map_err(store_error)?;
        Ok(())
    }

    async fn erase_sent_mails(&self) -> Result<(), StoreError> {
        // The old row versions still hold the sent mails' addresses and bodies, and those
        // of the requests that ended with them.
        self.rewrite_after(&["mail_queue", "notify_requests"], "mails sent")
            .await;
        Ok(())
    }

    async fn mails_waiting(&self) -> Result<Vec<(Channel, u64)>, StoreError> {
        let rows: Vec<WaitingRow> = sqlx::query_as(WAITING)
            .fetch_all(&self.pool)
            .await
            .map_err(store_error)?;
        rows.into_iter()
            .map(<(Channel, u64)>::try_from)
            .collect::<Result<_, _>>()
            .map_err(store_error)
    }

    async fn queue_digests(&self, writer: &dyn DigestWriter) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        // Locked: a second process looking at the same moment waits, then finds them sent.
        let asked: Vec<AskedRow> = sqlx::query_as(
            "SELECT name, digest_address, digest, \
                    extract(epoch FROM now() - digest_sent_at::timestamptz)::float8 / 3600 \
                    AS hours_since \
             FROM staff WHERE active AND digest <> $1 AND digest_address IS NOT NULL \
             ORDER BY name FOR UPDATE",
        )
        .bind(Digest::Off.key())
        .fetch_all(&mut *tx)
        .await
        .map_err(store_error)?;
        let due = digests_due(asked);
        if due.is_empty() {
            return Ok(0);
        }
        let waiting: Vec<SectionCountRow> = sqlx::query_as(
            "SELECT section_id, COUNT(*) AS count FROM comments \
             WHERE NOT trapped AND moderation_state = $1 GROUP BY section_id",
        )
        .bind(ModerationState::Received.as_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(store_error)?;
        if waiting.is_empty() {
            return Ok(0);
        }
        let waiting = section_counts(waiting);
        for asked in &due {
            let mail = writer.digest(asked, &waiting).map_err(StoreError::Other)?;
            enqueue(&mut tx, &mail).await.map_err(store_error)?;
            sqlx::query(&format!(
                "UPDATE staff SET digest_sent_at = {NOW} WHERE name = $1"
            ))
            .bind(&asked.name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(due.len())
    }
}
