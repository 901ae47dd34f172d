//! Requests to be told, their ends and the mails queued with what they tell of, on
//! PostgreSQL. Several processes may take requests at once: the hour mark of an address
//! is claimed by one statement (an upsert that only replaces a mark older than an hour),
//! so two confirmations to one address within the hour never both go out.

use async_trait::async_trait;
use mitreden_model::notify::NotifyEvent;
use mitreden_store::notify::{
    Asked, Ended, Mail, NewPush, NewRequest, Notifications, Teller, Told,
};
use mitreden_store::StoreError;
use sqlx::PgConnection;

use super::{as_stored, store_error, PgStore, NOW};
use crate::rows::moderation::{OpenRow, OPEN_COLUMNS};

/// The statement that ends the open requests its `WHERE` part picks, for the reason bound
/// as `$1` ([`Ended::key`]): every way a request ends erases the same.
fn end_requests(which: &str) -> String {
    format!(
        "UPDATE notify_requests SET ended_at = {NOW}, ended_why = $1, address = NULL, \
         receipt_token = NULL WHERE ended_at IS NULL AND {which}"
    )
}

/// Forgets the hour marks of the addresses that are past it.
fn forget_throttle() -> String {
    format!(
        "DELETE FROM notify_throttle WHERE sent_at <= {}",
        as_stored("now() - interval '1 hour'")
    )
}

/// Writes `mail` into the queue in the caller's transaction; `false` where a mail with its
/// `Message-ID` is there already.
pub async fn enqueue(conn: &mut PgConnection, mail: &Mail) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO mail_queue \
         (message_id, recipient, subject, body_text, body_html, unsubscribe, channel) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO NOTHING",
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

/// Ends every open request of `comment_id` for `why`.
pub async fn end_all(
    conn: &mut PgConnection,
    comment_id: &str,
    why: Ended,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(&end_requests("comment_id = $2"))
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
/// transaction (as SQLite's `tell`). The open requests are locked: a stop or a second
/// process telling waits, so each request gets each message once.
pub async fn tell(
    conn: &mut PgConnection,
    teller: &dyn Teller,
    comment_id: &str,
    event: NotifyEvent,
    detail: Option<&str>,
) -> Result<usize, StoreError> {
    let rows: Vec<OpenRow> = sqlx::query_as(&format!(
        "SELECT {OPEN_COLUMNS} FROM notify_requests \
         WHERE comment_id = $1 AND confirmed_at IS NOT NULL AND ended_at IS NULL \
         ORDER BY id FOR UPDATE"
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
    let section_id: String = sqlx::query_scalar("SELECT section_id FROM comments WHERE id = $1")
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
            sqlx::query("INSERT INTO notify_stops (stop_hash, request_id) VALUES ($1, $2)")
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

#[async_trait]
impl Notifications for PgStore {
    async fn ask(&self, new: NewRequest<'_>) -> Result<Asked, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        // Claims the hour for the address: a mark younger than an hour stays, and a second
        // process claiming at the same moment waits for this one and then finds it.
        let claimed: Option<i32> = sqlx::query_scalar(&format!(
            "INSERT INTO notify_throttle (address_hash, sent_at) VALUES ($1, {NOW}) \
             ON CONFLICT (address_hash) DO UPDATE SET sent_at = excluded.sent_at \
             WHERE notify_throttle.sent_at <= {} RETURNING 1",
            as_stored("now() - interval '1 hour'")
        ))
        .bind(new.address_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if claimed.is_none() {
            let wait: i64 = sqlx::query_scalar(
                "SELECT extract(epoch FROM sent_at::timestamptz + interval '1 hour' - now()) \
                 ::bigint + 1 FROM notify_throttle WHERE address_hash = $1",
            )
            .bind(new.address_hash)
            .fetch_one(&mut *tx)
            .await
            .map_err(store_error)?;
            return Ok(Asked::Throttled {
                wait_seconds: wait.clamp(1, 60 * 60).unsigned_abs(),
            });
        }
        sqlx::query(&forget_throttle())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query(
            "INSERT INTO notify_requests \
             (id, comment_id, kind, language, address, receipt_token, link_hash) \
             VALUES ($1, $2, 'email', $3, $4, $5, $6)",
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
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        // One process at a time looks and adds for a comment.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('notify ' || $1))")
            .bind(new.comment_id)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        let known: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM notify_requests WHERE comment_id = $1 AND kind = 'push' \
             AND address = $2 AND ended_at IS NULL",
        )
        .bind(new.comment_id)
        .bind(new.subscription)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if known.is_some() {
            return Ok(false);
        }
        sqlx::query(&format!(
            "INSERT INTO notify_requests (id, comment_id, kind, language, address, \
             receipt_token, link_hash, confirmed_at) VALUES ($1, $2, 'push', $3, $4, $5, $6, {NOW})"
        ))
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
        sqlx::query_scalar("SELECT language FROM notify_requests WHERE link_hash = $1")
            .bind(link_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(store_error)
    }

    async fn confirm(&self, link_hash: &str, within_hours: u32) -> Result<bool, StoreError> {
        let done = sqlx::query(&format!(
            "UPDATE notify_requests SET confirmed_at = {NOW} \
             WHERE link_hash = $1 AND ended_at IS NULL AND confirmed_at IS NULL \
             AND created_at > {}",
            as_stored("now() - make_interval(hours => $2)")
        ))
        .bind(link_hash)
        .bind(i32::try_from(within_hours).unwrap_or(i32::MAX))
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn stop(&self, stop_hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(&end_requests(
            "id = (SELECT request_id FROM notify_stops WHERE stop_hash = $2)",
        ))
        .bind(Ended::Stopped.key())
        .bind(stop_hash)
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        if done.rows_affected() > 0 {
            self.rewrite_after(&["notify_requests"], "stop").await;
        }
        Ok(done.rows_affected() > 0)
    }

    async fn end_gone(&self, subscription: &str) -> Result<u64, StoreError> {
        let done = sqlx::query(&end_requests("kind = 'push' AND address = $2"))
            .bind(Ended::Stopped.key())
            .bind(subscription)
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        Ok(done.rows_affected())
    }

    async fn forget_throttle(&self) -> Result<u64, StoreError> {
        Ok(sqlx::query(&forget_throttle())
            .execute(&self.pool)
            .await
            .map_err(store_error)?
            .rows_affected())
    }

    async fn expire_unconfirmed(&self, hours: u32) -> Result<u64, StoreError> {
        let done = sqlx::query(&end_requests(&format!(
            "confirmed_at IS NULL AND created_at <= {}",
            as_stored("now() - make_interval(hours => $2)")
        )))
        .bind(Ended::Expired.key())
        .bind(i32::try_from(hours).unwrap_or(i32::MAX))
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        if done.rows_affected() > 0 {
            self.rewrite_after(&["notify_requests"], "unconfirmed addresses")
                .await;
        }
        Ok(done.rows_affected())
    }

    async fn end_with_participation(&self, last_day: &str, today: &str) -> Result<u64, StoreError> {
        let done = sqlx::query(&end_requests("$2 < $3"))
            .bind(Ended::ParticipationEnded.key())
            .bind(last_day)
            .bind(today)
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        if done.rows_affected() > 0 {
            self.rewrite_after(&["notify_requests"], "participation over")
                .await;
        }
        Ok(done.rows_affected())
    }
}
