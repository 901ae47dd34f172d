//! A comment's events, told to those who asked (issue 23): the moderation calls [`told`]
//! in the transaction that publishes, refuses or answers, so a mail is queued exactly when
//! what it tells of is stored. After the last event (a refusal, the answer) the address and
//! the receipt token are erased in the same transaction — the queued mail keeps its own
//! copy of the address until it is sent. A withdrawal ends every request of its comment
//! ([`end_all`]); an address never confirmed is erased after 48 hours, and every one the
//! day after the participation's last day ([`keep_expiring`]).

use mitreden_model::notify::{NotifyEvent, NotifyKind};
use sqlx::{FromRow, SqliteConnection};

use super::queue::{enqueue, Channel, Mail};
use super::requests::host;
use super::texts::{self, Lang};
use crate::admin::session::{random_hex, sha256_hex};
use crate::error::AppError;
use crate::AppState;

/// The statement that ends the open requests its `WHERE` part (`$which`) picks, for the
/// reason bound as `?1` (a stored word of `ended_why`): every way a request ends erases the
/// same (the address and the receipt token), here once.
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
pub(super) use end_requests;

/// A confirmed request that has not ended.
#[derive(FromRow)]
struct Open {
    id: String,
    kind: String,
    language: String,
    address: Option<String>,
    receipt_token: Option<String>,
}

/// What telling needs besides the transaction: the public origin (the mails' links) and
/// the published strategy (the sections' titles). There is none where neither mail nor
/// push is sent.
pub struct Teller {
    origin: std::sync::Arc<str>,
    strategy: std::sync::Arc<mitreden_model::Strategy>,
}

/// Queues a mail about `event` of the comment `comment_id` to everyone confirmed for it
/// (`detail`: the refusal's reason or the answer); how many. Where no mail is configured,
/// nothing is queued. The caller commits, then wakes the worker ([`wake`]).
pub async fn told(
    tx: &mut SqliteConnection,
    state: &AppState,
    comment_id: &str,
    event: NotifyEvent,
    detail: Option<&str>,
) -> Result<usize, AppError> {
    match Teller::of(state) {
        Some(teller) => teller.told(tx, comment_id, event, detail).await,
        None => Ok(0),
    }
}

impl Teller {
    /// The teller of `state`'s server, if it sends mail.
    pub fn of(state: &AppState) -> Option<Self> {
        state.mail.as_ref().or(state.push.as_ref())?;
        Some(Self {
            origin: state.public_origin.clone()?,
            strategy: state.strategy(),
        })
    }

    /// [`told`], for a caller that has no `AppState` at hand (the strategy's publishing).
    pub async fn told(
        &self,
        tx: &mut SqliteConnection,
        comment_id: &str,
        event: NotifyEvent,
        detail: Option<&str>,
    ) -> Result<usize, AppError> {
        let origin = &*self.origin;
        let open: Vec<Open> = sqlx::query_as(
            "SELECT id, kind, language, address, receipt_token FROM notify_requests \
             WHERE comment_id = ? AND confirmed_at IS NOT NULL AND ended_at IS NULL",
        )
        .bind(comment_id)
        .fetch_all(&mut *tx)
        .await?;
        if open.is_empty() {
            return Ok(0);
        }
        let section_id: String = sqlx::query_scalar("SELECT section_id FROM comments WHERE id = ?")
            .bind(comment_id)
            .fetch_one(&mut *tx)
            .await?;
        let strategy = &self.strategy;
        let mut queued = 0;
        for request in &open {
            let Some(address) = &request.address else {
                continue;
            };
            let lang = Lang::of(&request.language);
            let prefix = if lang == Lang::En { "/en" } else { "" };
            let receipt = format!(
                "{origin}{prefix}/beitrag/{comment_id}#{}",
                request.receipt_token.as_deref().unwrap_or_default()
            );
            let message_id = format!("{}-{}@{}", event.key(), request.id, host(origin));
            let section = texts::section_title(strategy, &section_id, lang);
            if request.kind == NotifyKind::Push.key() {
                // What the service worker shows; the browser's permission is the stop.
                let (title, what) = texts::headline(lang, event, &section);
                let push = Mail {
                    channel: Channel::Push,
                    message_id,
                    recipient: address.clone(),
                    subject: String::new(),
                    text: super::push::payload(title, &what, &receipt, lang.tag()),
                    html: String::new(),
                    unsubscribe: None,
                };
                if enqueue(&mut *tx, &push).await? {
                    queued += 1;
                }
                continue;
            }
            // The last mail needs no stop: the request ends with it.
            let stop = if event.is_last() {
                None
            } else {
                let token = random_hex(32)?;
                sqlx::query("INSERT INTO notify_stops (stop_hash, request_id) VALUES (?, ?)")
                    .bind(sha256_hex(&token))
                    .bind(&request.id)
                    .execute(&mut *tx)
                    .await?;
                Some(format!("{origin}/api/v1/notify/stop?token={token}"))
            };
            let letter = texts::event(lang, event, &section, detail, &receipt, stop.as_deref());
            let stored = enqueue(
                &mut *tx,
                &Mail {
                    channel: Channel::Email,
                    message_id,
                    recipient: address.clone(),
                    subject: letter.subject,
                    text: letter.text,
                    html: letter.html,
                    unsubscribe: stop,
                },
            )
            .await?;
            if stored {
                queued += 1;
            }
        }
        if event.is_last() {
            // A new version it led to comes with the office's first answer.
            let why = match event {
                NotifyEvent::NewVersion => NotifyEvent::Answered,
                other => other,
            };
            end_all(tx, comment_id, why.key()).await?;
        }
        Ok(queued)
    }
}

/// Ends every open request of `comment_id` for `why` (a stored word of `ended_why`): the
/// addresses and receipt tokens are erased.
pub async fn end_all(
    tx: &mut SqliteConnection,
    comment_id: &str,
    why: &str,
) -> Result<u64, AppError> {
    let done = sqlx::query(end_requests!("comment_id = ?2"))
        .bind(why)
        .bind(comment_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() > 0 {
        tracing::info!(
            ended = done.rows_affected(),
            why,
            "notifications ended; addresses deleted"
        );
    }
    Ok(done.rows_affected())
}

/// Ends the push requests of `subscription` (as stored, JSON): its push service said it
/// is gone (the browser unsubscribed or was reset); how many.
pub async fn end_gone(db: &crate::db::Db, subscription: &str) -> Result<u64, AppError> {
    let done = sqlx::query(end_requests!("kind = 'push' AND address = ?2"))
        .bind("stopped")
        .bind(subscription)
        .execute(&db.write)
        .await?;
    tracing::info!(
        ended = done.rows_affected(),
        "push subscription gone; its requests ended"
    );
    Ok(done.rows_affected())
}

/// Wakes the mail worker after a commit that queued mails.
pub fn wake(state: &AppState, queued: usize) {
    if queued > 0 {
        if let Some(wake) = state.mail.as_ref().or(state.push.as_ref()) {
            wake.now();
        }
    }
}

/// Ends the requests never confirmed within [`mitreden_model::notify::CONFIRM_HOURS`]: their
/// addresses are erased (and the WAL with them); how many.
pub async fn expire_unconfirmed(db: &crate::db::Db) -> Result<u64, AppError> {
    let done = sqlx::query(end_requests!(
        "confirmed_at IS NULL AND created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2)"
    ))
    .bind("expired")
    .bind(format!("-{} hours", mitreden_model::notify::CONFIRM_HOURS))
    .execute(&db.write)
    .await?;
    if done.rows_affected() > 0 {
        tracing::info!(
            expired = done.rows_affected(),
            "unconfirmed addresses deleted"
        );
        db.erase_wal().await?;
    }
    Ok(done.rows_affected())
}

/// Ends every open request once the participation is over: the day after `last_day`
/// (the strategy's `participation_ends`, `YYYY-MM-DD`, by the UTC date), the addresses are
/// erased (and the WAL with them) — the consent promises it; how many.
pub async fn end_with_participation(
    db: &crate::db::Db,
    last_day: Option<&str>,
) -> Result<u64, AppError> {
    let Some(last_day) = last_day else {
        return Ok(0);
    };
    let done = sqlx::query(end_requests!("?2 < strftime('%Y-%m-%d', 'now')"))
        .bind("participation_ended")
        .bind(last_day)
        .execute(&db.write)
        .await?;
    if done.rows_affected() > 0 {
        tracing::info!(
            ended = done.rows_affected(),
            "participation over: notifications ended, addresses deleted"
        );
        db.erase_wal().await?;
    }
    Ok(done.rows_affected())
}

/// Every hour, [`expire_unconfirmed`], the marks of the hour's confirmations forgotten,
/// and [`end_with_participation`] (for the strategy published then).
pub async fn keep_expiring(db: crate::db::Db, pages: std::sync::Arc<crate::render::Pages>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = expire_unconfirmed(&db).await {
            tracing::warn!(error = %e, "unconfirmed addresses not yet deleted");
        }
        if let Err(e) = super::requests::forget_throttle(&db).await {
            tracing::warn!(error = %e, "hourly marks not yet forgotten");
        }
        let last_day = pages.strategy().participation_ends.clone();
        if let Err(e) = end_with_participation(&db, last_day.as_deref()).await {
            tracing::warn!(error = %e, "addresses of an ended participation not yet deleted");
        }
    }
}
