//! A comment's events, told to those who asked (issue 23): the store calls the [`Teller`]
//! in the transaction that publishes, refuses or answers, so a mail is queued exactly when
//! what it tells of is stored. After the last event (a refusal, the answer) the address and
//! the receipt token are erased in the same transaction — the queued mail keeps its own
//! copy of the address until it is sent. A withdrawal ends every request of its comment
//! (the store ends them); an address never confirmed is erased after 48 hours, and every one the
//! day after the participation's last day ([`keep_expiring`]).

use mitreden_model::notify::{NotifyEvent, NotifyKind, CONFIRM_HOURS};
use mitreden_store::notify::{Channel, Mail, OpenRequest, Outgoing, Told};
use mitreden_store::Store;
use sqlx::SqliteConnection;

use super::requests::host;
use super::texts::{self, Lang};
use crate::admin::session::{random_hex, sha256_hex};
use crate::error::AppError;
use crate::AppState;

/// What telling needs: the public origin (the mails' links) and the published strategy
/// (the sections' titles). There is none where neither mail nor push is sent.
pub struct Teller {
    origin: std::sync::Arc<str>,
    strategy: std::sync::Arc<mitreden_model::Strategy>,
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

    /// Tells about `event` of `comment_id` inside the transaction `tx` (the strategy's
    /// publishing, still on SQLite's connection); how many messages were queued.
    pub async fn told(
        &self,
        tx: &mut SqliteConnection,
        comment_id: &str,
        event: NotifyEvent,
        detail: Option<&str>,
    ) -> Result<usize, AppError> {
        Ok(crate::sqlite::tell(tx, self, comment_id, event, detail).await?)
    }
}

impl mitreden_store::notify::Teller for Teller {
    fn letters(&self, told: &Told<'_>, open: &[OpenRequest]) -> Result<Vec<Outgoing>, String> {
        let origin = &*self.origin;
        let comment_id = told.comment_id;
        let mut out = Vec::with_capacity(open.len());
        for request in open {
            let lang = Lang::of(&request.language);
            let prefix = if lang == Lang::En { "/en" } else { "" };
            let receipt = format!(
                "{origin}{prefix}/beitrag/{comment_id}#{}",
                request.receipt_token.as_deref().unwrap_or_default()
            );
            let message_id = format!("{}-{}@{}", told.event.key(), request.id, host(origin));
            let section = texts::section_title(&self.strategy, told.section_id, lang);
            if request.kind == NotifyKind::Push {
                // What the service worker shows; the browser's permission is the stop.
                let (title, what) = texts::headline(lang, told.event, &section);
                out.push(Outgoing {
                    request_id: request.id.clone(),
                    mail: Mail {
                        channel: Channel::Push,
                        message_id,
                        recipient: request.address.clone(),
                        subject: String::new(),
                        text: super::push::payload(title, &what, &receipt, lang.tag()),
                        html: String::new(),
                        unsubscribe: None,
                    },
                    stop_hash: None,
                });
                continue;
            }
            // The last mail needs no stop: the request ends with it.
            let (stop, stop_hash) = if told.event.is_last() {
                (None, None)
            } else {
                let token = random_hex(32).map_err(|e| e.to_string())?;
                (
                    Some(format!("{origin}/api/v1/notify/stop?token={token}")),
                    Some(sha256_hex(&token)),
                )
            };
            let letter = texts::event(
                lang,
                told.event,
                &section,
                told.detail,
                &receipt,
                stop.as_deref(),
            );
            out.push(Outgoing {
                request_id: request.id.clone(),
                mail: Mail {
                    channel: Channel::Email,
                    message_id,
                    recipient: request.address.clone(),
                    subject: letter.subject,
                    text: letter.text,
                    html: letter.html,
                    unsubscribe: stop,
                },
                stop_hash,
            });
        }
        Ok(out)
    }
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
pub async fn expire_unconfirmed(store: &dyn Store) -> Result<u64, AppError> {
    let expired = store.expire_unconfirmed(CONFIRM_HOURS).await?;
    if expired > 0 {
        tracing::info!(expired, "unconfirmed addresses deleted");
    }
    Ok(expired)
}

/// Ends every open request once the participation is over: the day after `last_day`
/// (the strategy's `participation_ends`, `YYYY-MM-DD`, by the UTC date), the addresses are
/// erased (and the WAL with them) — the consent promises it; how many.
pub async fn end_with_participation(
    store: &dyn Store,
    last_day: Option<&str>,
) -> Result<u64, AppError> {
    let Some(last_day) = last_day else {
        return Ok(0);
    };
    let today = crate::clock::today();
    let ended = store.end_with_participation(last_day, &today).await?;
    if ended > 0 {
        tracing::info!(
            ended,
            "participation over: notifications ended, addresses deleted"
        );
    }
    Ok(ended)
}

/// Ends the push requests of `subscription` (as stored, JSON): its push service said it
/// is gone (the browser unsubscribed or was reset); how many.
pub async fn end_gone(store: &dyn Store, subscription: &str) -> Result<u64, AppError> {
    let ended = store.end_gone(subscription).await?;
    tracing::info!(ended, "push subscription gone; its requests ended");
    Ok(ended)
}

/// Every hour, [`expire_unconfirmed`], the marks of the hour's confirmations forgotten,
/// and [`end_with_participation`] (for the strategy published then).
pub async fn keep_expiring(
    store: std::sync::Arc<dyn Store>,
    pages: std::sync::Arc<crate::render::Pages>,
) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = expire_unconfirmed(&*store).await {
            tracing::warn!(error = %e, "unconfirmed addresses not yet deleted");
        }
        if let Err(e) = store.forget_throttle().await {
            tracing::warn!(error = %e, "hourly marks not yet forgotten");
        }
        let last_day = pages.strategy().participation_ends.clone();
        if let Err(e) = end_with_participation(&*store, last_day.as_deref()).await {
            tracing::warn!(error = %e, "addresses of an ended participation not yet deleted");
        }
    }
}
