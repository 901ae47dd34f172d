//! The mail queue and the digest on SQLite.

use async_trait::async_trait;
use mitreden_model::digest::Digest;
use mitreden_model::moderation::ModerationState;
use mitreden_store::mail::{Delivery, DigestWriter, MailQueue, QueuedMail};
use mitreden_store::notify::Channel;
use mitreden_store::StoreError;

use super::notify::enqueue;
use super::{store_error, SqliteStore};
use crate::rows::mail::{
    digests_due, section_counts, AskedRow, QueuedRow, SectionCountRow, WaitingRow, QUEUED_COLUMNS,
    WAITING,
};

/// The statement that closes the row `?1` (sent or given up, the `SET` part `$closed`):
/// one attempt more, and the recipient and bodies forgotten, the same for both.
macro_rules! close_mail {
    ($closed:literal) => {
        concat!(
            "UPDATE mail_queue SET ",
            $closed,
            ", attempts = attempts + 1, recipient = NULL, body_text = '', body_html = '', \
             unsubscribe = NULL WHERE id = ?1"
        )
    };
}

#[async_trait]
impl MailQueue for SqliteStore {
    async fn mails_due_now(&self) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE mail_queue SET next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
             WHERE sent_at IS NULL AND given_up_at IS NULL",
        )
        .execute(&self.db.write)
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
            "UPDATE mail_queue \
             SET next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2) \
             WHERE id IN (SELECT id FROM mail_queue \
                 WHERE sent_at IS NULL AND given_up_at IS NULL \
                 AND next_attempt_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
                 ORDER BY id LIMIT ?1) \
             RETURNING {QUEUED_COLUMNS}"
        ))
        .bind(i64::from(limit))
        .bind(format!("+{lease_seconds} seconds"))
        .fetch_all(&self.db.write)
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
        let query = match delivery {
            Delivery::Sent => sqlx::query(close_mail!(
                "sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            ))
            .bind(id),
            Delivery::Retry { why, in_seconds } => sqlx::query(
                "UPDATE mail_queue SET attempts = attempts + 1, last_error = ?2, \
                 next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?3) WHERE id = ?1",
            )
            .bind(id)
            .bind(why)
            .bind(format!("+{in_seconds} seconds")),
            Delivery::GivenUp { why } => sqlx::query(close_mail!(
                "given_up_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_error = ?2"
            ))
            .bind(id)
            .bind(why),
        };
        query.execute(&self.db.write).await.map_err(store_error)?;
        Ok(())
    }

    async fn erase_sent_mails(&self) -> Result<(), StoreError> {
        // The sent mails' addresses are still in the WAL's old page images (and so may be
        // a request's, erased when it ended): fold and cut it, as a withdrawal does.
        self.db.erase_wal().await.map_err(|e| match e {
            crate::AppError::Database(e) => store_error(e),
            other => StoreError::Busy(other.to_string()),
        })
    }

    async fn mails_waiting(&self) -> Result<Vec<(Channel, u64)>, StoreError> {
        let rows: Vec<WaitingRow> = sqlx::query_as(WAITING)
            .fetch_all(&self.db.read)
            .await
            .map_err(store_error)?;
        rows.into_iter()
            .map(<(Channel, u64)>::try_from)
            .collect::<Result<_, _>>()
            .map_err(store_error)
    }

    async fn queue_digests(&self, writer: &dyn DigestWriter) -> Result<usize, StoreError> {
        let mut tx = self.write().await?;
        let asked: Vec<AskedRow> = sqlx::query_as(
            "SELECT name, digest_address, digest, \
                    (julianday('now') - julianday(digest_sent_at)) * 24 AS hours_since \
             FROM staff WHERE active AND digest != ?1 AND digest_address IS NOT NULL",
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
             WHERE NOT trapped AND moderation_state = ? GROUP BY section_id",
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
            sqlx::query(
                "UPDATE staff SET digest_sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
                 WHERE name = ?",
            )
            .bind(&asked.name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(due.len())
    }
}
