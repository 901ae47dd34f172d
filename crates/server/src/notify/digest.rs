//! The office's digest (issue 23): a staff member who asked for it (`PUT
//! /api/v1/admin/me/digest`) gets an e-mail counting the comments that wait for moderation,
//! per section, with a link to the workplace — at most daily or hourly, and only while
//! something waits. Queued like every mail ([`super::queue`]), in the transaction that
//! notes it as sent, so a digest is queued once per period however often the job runs.

use std::sync::Arc;
use std::time::Duration;

use mitreden_store::mail::{DigestDue, DigestWriter};
use mitreden_store::notify::{Channel, Mail};
use mitreden_store::Store;

use super::queue::Wake;
use super::requests::host;
use super::texts;
use crate::admin::session::random_hex;
use crate::error::AppError;
use crate::render::Pages;

/// How often the job looks whether a digest is due.
const LOOK_EVERY: Duration = Duration::from_secs(5 * 60);

/// Writes the digests: the town's name and sections' titles from the published strategy,
/// the workplace link from the public origin.
struct Writer<'a> {
    strategy: &'a mitreden_model::Strategy,
    origin: &'a str,
}

impl DigestWriter for Writer<'_> {
    fn digest(&self, due: &DigestDue, waiting: &[(String, u32)]) -> Result<Mail, String> {
        // In the strategy's order, as the workplace lists them.
        let mut counts: Vec<(usize, String, i64)> = waiting
            .iter()
            .map(|(section, count)| {
                let at = self
                    .strategy
                    .sections
                    .iter()
                    .position(|s| &s.id == section)
                    .unwrap_or(usize::MAX);
                let title = texts::section_title(self.strategy, section, texts::Lang::De);
                (at, title, i64::from(*count))
            })
            .collect();
        counts.sort();
        let counts: Vec<(String, i64)> = counts.into_iter().map(|(_, t, c)| (t, c)).collect();
        let workplace = format!("{}/verwaltung/", self.origin);
        let letter = texts::digest(&self.strategy.town, &counts, due.every, &workplace);
        Ok(Mail {
            channel: Channel::Email,
            message_id: format!(
                "digest-{}@{}",
                random_hex(12).map_err(|e| e.to_string())?,
                host(self.origin)
            ),
            recipient: due.address.clone(),
            subject: letter.subject,
            text: letter.text,
            html: letter.html,
            unsubscribe: None,
        })
    }
}

/// Queues the digests that are due, where something waits for moderation; how many.
/// `origin` is the server's public origin (for the workplace link and the Message-ID).
pub async fn queue_due(store: &dyn Store, pages: &Pages, origin: &str) -> Result<usize, AppError> {
    let strategy = pages.strategy();
    let queued = store
        .queue_digests(&Writer {
            strategy: &strategy,
            origin,
        })
        .await?;
    if queued > 0 {
        tracing::info!(digests = queued, "digests queued");
    }
    Ok(queued)
}

/// Every few minutes, [`queue_due`]; wakes the mail worker when it queued any.
pub async fn keep_digesting(
    store: Arc<dyn Store>,
    pages: Arc<Pages>,
    origin: Arc<str>,
    wake: Wake,
) {
    let mut every = tokio::time::interval(LOOK_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match queue_due(&*store, &pages, &origin).await {
            Ok(0) => {}
            Ok(_) => wake.now(),
            Err(e) => tracing::warn!(error = %e, "digests not queued; trying again"),
        }
    }
}
