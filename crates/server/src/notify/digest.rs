//! The office's digest (issue 23): a staff member who asked for it (`PUT
//! /api/v1/admin/me/digest`) gets an e-mail counting the comments that wait for moderation,
//! per section, with a link to the workplace — at most daily or hourly, and only while
//! something waits. Queued like every mail ([`super::queue`]), in the transaction that
//! notes it as sent, so a digest is queued once per period however often the job runs.

use std::sync::Arc;
use std::time::Duration;

use mitreden_model::digest::Digest;
use mitreden_model::moderation::ModerationState;
use sqlx::FromRow;

use super::queue::{enqueue, Mail, Wake};
use super::requests::host;
use super::texts;
use crate::admin::session::random_hex;
use crate::db::Db;
use crate::error::AppError;
use crate::render::Pages;

/// How often the job looks whether a digest is due.
const LOOK_EVERY: Duration = Duration::from_secs(5 * 60);

/// A digest asked for: whose, where to, how often, and hours since the last one (none if
/// never).
#[derive(FromRow)]
struct Asked {
    name: String,
    digest_address: String,
    digest: String,
    hours_since: Option<f64>,
}

#[derive(FromRow)]
struct Waiting {
    section_id: String,
    count: i64,
}

/// Queues the digests that are due, where something waits for moderation; how many.
/// `origin` is the server's public origin (for the workplace link and the Message-ID).
pub async fn queue_due(db: &Db, pages: &Pages, origin: &str) -> Result<usize, AppError> {
    let mut tx = db.write.begin_with("BEGIN IMMEDIATE").await?;
    let asked: Vec<Asked> = sqlx::query_as(
        "SELECT name, digest_address, digest, \
                (julianday('now') - julianday(digest_sent_at)) * 24 AS hours_since \
         FROM staff WHERE active = 1 AND digest != ?1 AND digest_address IS NOT NULL",
    )
    .bind(Digest::Off.key())
    .fetch_all(&mut *tx)
    .await?;
    // A minute's slack: the job looks every few minutes, and an hourly digest should not
    // slip to the next look for want of seconds.
    let due: Vec<Asked> = asked
        .into_iter()
        .filter(|a| {
            let every = Digest::from_key(&a.digest).and_then(Digest::every_hours);
            match (every, a.hours_since) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(every), Some(since)) => since >= every as f64 - 1.0 / 60.0,
            }
        })
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let waiting: Vec<Waiting> = sqlx::query_as(
        "SELECT section_id, COUNT(*) AS count FROM comments \
         WHERE trapped = 0 AND moderation_state = ? GROUP BY section_id",
    )
    .bind(ModerationState::Received.as_str())
    .fetch_all(&mut *tx)
    .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let strategy = pages.strategy();
    // In the strategy's order, as the workplace lists them.
    let mut counts: Vec<(usize, String, i64)> = waiting
        .iter()
        .map(|w| {
            let at = strategy
                .sections
                .iter()
                .position(|s| s.id == w.section_id)
                .unwrap_or(usize::MAX);
            let title = texts::section_title(&strategy, &w.section_id, texts::Lang::De);
            (at, title, w.count)
        })
        .collect();
    counts.sort();
    let counts: Vec<(String, i64)> = counts.into_iter().map(|(_, t, c)| (t, c)).collect();
    let workplace = format!("{origin}/verwaltung/");
    for asked in &due {
        let every = Digest::from_key(&asked.digest).unwrap_or_default();
        let letter = texts::digest(&strategy.town, &counts, every, &workplace);
        let mail = Mail {
            channel: super::queue::Channel::Email,
            message_id: format!("digest-{}@{}", random_hex(12)?, host(origin)),
            recipient: asked.digest_address.clone(),
            subject: letter.subject,
            text: letter.text,
            html: letter.html,
            unsubscribe: None,
        };
        enqueue(&mut tx, &mail).await?;
        sqlx::query(
            "UPDATE staff SET digest_sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
             WHERE name = ?",
        )
        .bind(&asked.name)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(digests = due.len(), "digests queued");
    Ok(due.len())
}

/// Every few minutes, [`queue_due`]; wakes the mail worker when it queued any.
pub async fn keep_digesting(db: Db, pages: Arc<Pages>, origin: Arc<str>, wake: Wake) {
    let mut every = tokio::time::interval(LOOK_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match queue_due(&db, &pages, &origin).await {
            Ok(0) => {}
            Ok(_) => wake.now(),
            Err(e) => tracing::warn!(error = %e, "digests not queued; trying again"),
        }
    }
}
