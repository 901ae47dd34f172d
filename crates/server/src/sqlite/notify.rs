//! Requests to be told, their ends and the mails queued with what they tell of, on SQLite.

use async_trait::async_trait;
use mitreden_model::notify::NotifyEvent;
use mitreden_store::notify::{
    Asked, Ended, Mail, NewPush, NewRequest, Notifications, Teller, Told,
};
use mitreden_store::StoreError;
use sqlx::SqliteConnection;

use super::{store_error, SqliteStore};
use crate::rows::moderation::{OpenRow, OPEN_COLUMNS};

/// The statement that ends the open requests its `WHERE` part (`$which`) picks, for the
/// reason bound as `?1` ([`Ended::key`]): every way a request ends erases the same (the
/// address and the receipt token), here once.
macro_rules! end_requests {
    ($which:literal) => {
        concat!(
            "UPDATE notify_requests SET ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), \
             ended_why = ?1, address = NULL, receipt_token = NULL \
             WHERE ended_at IS NULL AND ",
            $which
        )
    };
}

/// Forgets the hour's marks of the addresses that are past it.
const FORGET_THROTTLE: &str = "DELETE FROM notify_throttle \
     WHERE sent_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')";

/// Writes `mail` into the queue on `conn` (the caller's transaction); `false` where a mail
/// with its `Message-ID` is there already.
pub async fn enqueue(conn: &mut SqliteConnection, mail: &Mail) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO mail_queue \
         (message_id, recipient, subject, body_text, body_html, unsubscribe, channel) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&mail.message_id)
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(&mail.unsubscribe)
    .bind(mail.channel.key())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every open request of `comment_id` for `why`: the addresses and receipt tokens are
/// erased.
pub async fn end_all(
    conn: &mut SqliteConnection,
    comment_id: &str,
    why: Ended,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(end_requests!("comment_id = ?2"))
        .bind(why.key())
        .bind(comment_id)
        .execute(conn)
        .await?;
    if done.rows_affected() > 0 {
        tracing::info!(
            ended = done.rows_affected(),
            why = why.key(),
            "notifications ended; addresses deleted"
        );
    }
    Ok(done.rows_affected())
}

/// Tells everyone confirmed for `comment_id` about `event`, inside the caller's
/// transaction: the `teller`'s messages queued with their stop links, and after the last
/// event the requests ended. How many messages were queued.
pub async fn tell(
    conn: &mut SqliteConnection,
    teller: &dyn Teller,
    comment_id: &str,
    event: NotifyEvent,
    detail: Option<&str>,
) -> Result<usize, StoreError> {
    let rows: Vec<OpenRow> = sqlx::query_as(&format!(
        "SELECT {OPEN_COLUMNS} FROM notify_requests \
         WHERE comment_id = ? AND confirmed_at IS NOT NULL AND ended_at IS NULL ORDER BY id"
    ))
    .bind(comment_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(store_error)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let open = rows
        .into_iter()
        .filter_map(|r| r.into_open().transpose())
        .collect::<Result<Vec<_>, _>>()
        .map_err(store_error)?;
    let section_id: String = sqlx::query_scalar("SELECT section_id FROM comments WHERE id = ?")
        .bind(comment_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(store_error)?;
    let told = Told {
        comment_id,
        section_id: &section_id,
        event,
        detail,
    };
    let mut queued = 0;
    for out in teller.letters(&told, &open).map_err(StoreError::Other)? {
        if let Some(hash) = &out.stop_hash {
            sqlx::query("INSERT INTO notify_stops (stop_hash, request_id) VALUES (?, ?)")
                .bind(hash)
                .bind(&out.request_id)
                .execute(&mut *conn)
                .await
                .map_err(store_error)?;
        }
        if enqueue(&mut *conn, &out.mail).await.map_err(store_error)? {
            queued += 1;
        }
    }
    if let Some(why) = Ended::after(event) {
        end_all(conn, comment_id, why).await.map_err(store_error)?;
    }
    Ok(queued)
}

impl SqliteStore {
    /// Empties the WAL after addresses were erased; should readers hold that up, the
    /// server finishes it within seconds.
    async fn erase_addresses_wal(&self, ended: u64) {
        if ended > 0 {
            if let Err(e) = self.db.erase_wal().await {
                tracing::warn!(error = %e, "erased addresses: WAL truncation left for later");
            }
        }
    }
}

#[async_trait]
impl Notifications for SqliteStore {
    async fn ask(&self, new: NewRequest<'_>) -> Result<Asked, StoreError> {
        let mut tx = self.write().await?;
        // Seconds until the hour since the last confirmation to this address is over.
        let wait: Option<i64> = sqlx::query_scalar(
            "SELECT CAST((julianday(sent_at, '+1 hour') - julianday('now')) * 86400 \
             AS INTEGER) + 1 FROM notify_throttle WHERE address_hash = ? \
             AND sent_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')",
        )
        .bind(new.address_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if let Some(wait) = wait {
            return Ok(Asked::Throttled {
                wait_seconds: wait.clamp(1, 60 * 60).unsigned_abs(),
            });
        }
        sqlx::query(FORGET_THROTTLE)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query(
            "INSERT INTO notify_throttle (address_hash, sent_at) \
             VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
             ON CONFLICT (address_hash) DO UPDATE SET sent_at = excluded.sent_at",
        )
        .bind(new.address_hash)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        sqlx::query(
            "INSERT INTO notify_requests \
             (id, comment_id, kind, language, address, receipt_token, link_hash) \
             VALUES (?, ?, 'email', ?, ?, ?, ?)",
        )
        .bind(new.id)
        .bind(new.comment_id)
        .bind(new.language)
        .bind(new.address)
        .bind(new.receipt_token)
        .bind(new.link_hash)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        enqueue(&mut tx, new.confirmation)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(Asked::Queued)
    }

    async fn subscribe(&self, new: NewPush<'_>) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let known: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM notify_requests WHERE comment_id = ? AND kind = 'push' \
             AND address = ? AND ended_at IS NULL",
        )
        .bind(new.comment_id)
        .bind(new.subscription)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if known.is_some() {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO notify_requests (id, comment_id, kind, language, address, \
             receipt_token, link_hash, confirmed_at) \
             VALUES (?, ?, 'push', ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(new.id)
        .bind(new.comment_id)
        .bind(new.language)
        .bind(new.subscription)
        .bind(new.receipt_token)
        .bind(new.link_hash)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn request_language(&self, link_hash: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT language FROM notify_requests WHERE link_hash = ?")
            .bind(link_hash)
            .fetch_optional(&self.db.read)
            .await
            .map_err(store_error)
    }

    async fn confirm(&self, link_hash: &str, within_hours: u32) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE notify_requests SET confirmed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
             WHERE link_hash = ? AND ended_at IS NULL AND confirmed_at IS NULL \
             AND created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)",
        )
        .bind(link_hash)
        .bind(format!("-{within_hours} hours"))
        .execute(&self.db.write)
        .await
        .map_err(store_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn stop(&self, stop_hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(end_requests!(
            "id = (SELECT request_id FROM notify_stops WHERE stop_hash = ?2)"
        ))
        .bind(Ended::Stopped.key())
        .bind(stop_hash)
        .execute(&self.db.write)
        .await
        .map_err(store_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn end_gone(&self, subscription: &str) -> Result<u64, StoreError> {
        let done = sqlx::query(end_requests!("kind = 'push' AND address = ?2"))
            .bind(Ended::Stopped.key())
            .bind(subscription)
            .execute(&self.db.write)
            .await
            .map_err(store_error)?;
        Ok(done.rows_affected())
    }

    async fn forget_throttle(&self) -> Result<u64, StoreError> {
        Ok(sqlx::query(FORGET_THROTTLE)
            .execute(&self.db.write)
            .await
            .map_err(store_error)?
            .rows_affected())
    }

    async fn expire_unconfirmed(&self, hours: u32) -> Result<u64, StoreError> {
        let done = sqlx::query(end_requests!(
            "confirmed_at IS NULL AND created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2)"
        ))
        .bind(Ended::Expired.key())
        .bind(format!("-{hours} hours"))
        .execute(&self.db.write)
        .await
        .map_err(store_error)?;
        self.erase_addresses_wal(done.rows_affected()).await;
        Ok(done.rows_affected())
    }

    async fn end_with_participation(&self, last_day: &str, today: &str) -> Result<u64, StoreError> {
        let done = sqlx::query(end_requests!("?2 < ?3"))
            .bind(Ended::ParticipationEnded.key())
            .bind(last_day)
            .bind(today)
            .execute(&self.db.write)
            .await
            .map_err(store_error)?;
        self.erase_addresses_wal(done.rows_affected()).await;
        Ok(done.rows_affected())
    }
}
