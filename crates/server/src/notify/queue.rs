//! The mail queue (issue 23): a mail is a row of `mail_queue`, written by whoever has
//! something to tell in the same transaction as what it tells of ([`enqueue`]); one worker
//! ([`keep_sending`]) sends the due rows over SMTP. A mail server that is down or slow
//! never slows a citizen's request — nobody waits for the worker — and a failed attempt is
//! tried again later (1 minute, doubled each time, at most 6 hours apart, given up after
//! [`MAX_ATTEMPTS`]); a permanent refusal (5xx) is given up at once. The rows survive a
//! restart. Once a mail is sent or given up, its recipient and bodies are erased (and the
//! WAL once the due mails are out); the
//! failure kept is the SMTP code or its kind, never the server's words, which may repeat
//! the address. Nothing here logs an address.
//!
//! A push to a browser ([`super::push`]) is a row too (channel `push`), with the same
//! retries, erasure and exactly-once; a push service that answers 404 or 410 ends the
//! request whose subscription it was.
//!
//! Exactly once: a mail is sent until its row says `sent_at`. A crash in the moment
//! between the SMTP server's acceptance and that update sends it again, with the same
//! `Message-ID` (the row's), by which a mail program can tell the two apart.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mitreden_store::mail::{Delivery, QueuedMail};
use mitreden_store::{Store, StoreError};
use tokio::sync::Notify;

/// After this many failed attempts a mail is given up (about two days with the backoff).
pub const MAX_ATTEMPTS: u32 = 14;
/// The first wait after a failed attempt; it doubles with each further one.
const FIRST_RETRY_SECONDS: u32 = 60;
/// The longest wait between two attempts.
const LONGEST_RETRY_SECONDS: u32 = 6 * 60 * 60;
/// How long one SMTP command may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// How often the worker looks for due mails when nobody wakes it.
const LOOK_EVERY: Duration = Duration::from_secs(15);
/// How many due mails one look sends at most (the rest at the next).
const BATCH: u32 = 50;
/// How long a claim holds the mails it took: longer than a batch's delivery can take
/// (50 × the SMTP timeout's few commands). A worker that dies with a claim leaves its
/// mails due again after it.
const LEASE_SECONDS: u32 = 30 * 60;

pub use crate::sqlite::enqueue;
pub use mitreden_store::notify::{Channel, Mail};

/// Why an attempt failed.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    /// Worth another try later (no connection, a timeout, a 4xx reply).
    Transient(String),
    /// Not worth another try (a 5xx reply, an address the message cannot carry).
    Permanent(String),
}

/// Sends mails: the SMTP server and the sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// A mailer for `url` (`smtp://host:port` plain, `?tls=required` for STARTTLS,
    /// `smtps://` for TLS, `user:password@` to sign in) sending as `from`
    /// (`Name <address>` or an address).
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("--smtp-url: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("--mail-from: {e}"))?;
        Ok(Self { transport, from })
    }

    /// The sender's address (without its name).
    pub fn sender_address(&self) -> String {
        self.from.email.to_string()
    }

    /// The message of a due row.
    fn message(&self, due: &QueuedMail) -> Result<Message, Failure> {
        let to = due
            .recipient
            .as_deref()
            .ok_or_else(|| Failure::Permanent("no recipient".into()))?
            .parse::<Mailbox>()
            .map_err(|_| Failure::Permanent("recipient not an address".into()))?;
        let header = |name: &'static str, value: String| {
            HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(due.subject.clone())
            .message_id(Some(format!("<{}>", due.message_id)))
            .raw_header(header("Auto-Submitted", "auto-generated".into()));
        if let Some(link) = &due.unsubscribe {
            builder = builder
                .raw_header(header("List-Unsubscribe", format!("<{link}>")))
                .raw_header(header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                due.text.clone(),
                due.html.clone(),
            ))
            .map_err(|e| Failure::Permanent(format!("message not built: {e}")))
    }

    /// Sends one message.
    async fn send(&self, message: Message) -> Result<(), Failure> {
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) => {
                // The reply's code only: its words may repeat the address.
                let code = e.status().map(|c| format!("SMTP {c}")).unwrap_or_else(|| {
                    if e.is_timeout() {
                        "timeout".into()
                    } else {
                        "no connection".into()
                    }
                });
                if e.is_permanent() {
                    Err(Failure::Permanent(code))
                } else {
                    Err(Failure::Transient(code))
                }
            }
        }
    }
}

/// Who delivers: the mailer where SMTP is set up, the pusher where Web Push is.
#[derive(Default)]
pub struct Couriers {
    /// Mails.
    pub mail: Option<Mailer>,
    /// Pushes.
    pub push: Option<super::push::Pusher>,
}

impl Couriers {
    /// Delivers the due row `due`.
    async fn deliver(&self, store: &dyn Store, due: &QueuedMail) -> Result<(), Failure> {
        if due.channel == Channel::Push {
            let pusher = self
                .push
                .as_ref()
                .ok_or_else(|| Failure::Transient("push not set up".into()))?;
            let subscription = due
                .recipient
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
                .ok_or_else(|| Failure::Permanent("no subscription".into()))?;
            return match pusher.send(&subscription, due.text.as_bytes()).await {
                Ok(()) => Ok(()),
                Err(super::push::PushFailure::Gone) => {
                    super::events::end_gone(store, due.recipient.as_deref().unwrap_or_default())
                        .await
                        .map_err(|e| Failure::Transient(format!("not ended: {e}")))?;
                    Err(Failure::Permanent("subscription gone".into()))
                }
                Err(super::push::PushFailure::Transient(why)) => Err(Failure::Transient(why)),
                Err(super::push::PushFailure::Permanent(why)) => Err(Failure::Permanent(why)),
            };
        }
        let mailer = self
            .mail
            .as_ref()
            .ok_or_else(|| Failure::Transient("mail not set up".into()))?;
        mailer.send(mailer.message(due)?).await
    }
}

/// Wakes the worker at once (after a mail was written), instead of at its next look.
#[derive(Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    /// Tells the worker that there is something to send.
    pub fn now(&self) {
        self.0.notify_one();
    }
}

/// The worker: sends the due mails whenever woken, and every [`LOOK_EVERY`] otherwise.
pub async fn keep_sending(store: Arc<dyn Store>, couriers: Arc<Couriers>, wake: Wake) {
    if let Err(e) = due_at_start(&*store).await {
        tracing::warn!(error = %e, "mails waiting keep their backoff");
    }
    // Sent since the sent mails were last erased.
    let mut unerased = false;
    loop {
        let full = match send_batch(&*store, &couriers).await {
            Ok((sent, handled)) => {
                if sent > 0 {
                    tracing::info!(sent, "mails sent");
                    unerased = true;
                }
                handled >= BATCH as usize
            }
            Err(e) => {
                tracing::warn!(error = %e, "mail queue not read; trying again");
                false
            }
        };
        // A full batch: more may be due at once (a thousand answers' mails), not in a
        // quarter of a minute; the sent ones are erased once they are out, not after each
        // batch (SQLite's checkpoint holds the citizens' writes up).
        if full {
            continue;
        }
        if std::mem::take(&mut unerased) {
            erase_sent(&*store).await;
        }
        tokio::select! {
            () = wake.0.notified() => {}
            () = tokio::time::sleep(LOOK_EVERY) => {}
        }
    }
}

/// Makes every mail that waits due now: a restart is often what follows a mail server
/// that was down or set wrong, and what waits should go at once, not after its backoff
/// (the attempts already made still count); how many.
pub async fn due_at_start(store: &dyn Store) -> Result<u64, StoreError> {
    store.mails_due_now().await
}

/// Sends every due mail once (at most [`BATCH`]); how many were sent.
pub async fn send_due(store: &dyn Store, couriers: &Couriers) -> Result<usize, StoreError> {
    let (sent, _) = send_batch(store, couriers).await?;
    if sent > 0 {
        erase_sent(store).await;
    }
    Ok(sent)
}

/// One batch: how many were sent, and how many rows it handled (sent, retried later or
/// given up).
async fn send_batch(store: &dyn Store, couriers: &Couriers) -> Result<(usize, usize), StoreError> {
    let due = store.claim_due_mails(BATCH, LEASE_SECONDS).await?;
    let (mut sent, handled) = (0, due.len());
    for mail in due {
        let delivery = match couriers.deliver(store, &mail).await {
            Ok(()) => {
                sent += 1;
                Delivery::Sent
            }
            Err(Failure::Transient(ref why)) if mail.attempts + 1 < MAX_ATTEMPTS => {
                let wait = retry_after(mail.attempts + 1);
                tracing::warn!(mail = mail.id, attempt = mail.attempts + 1, why = %why,
                    wait_seconds = wait, "mail not sent; trying again later");
                store
                    .delivered(
                        mail.id,
                        Delivery::Retry {
                            why,
                            in_seconds: wait,
                        },
                    )
                    .await?;
                continue;
            }
            Err(Failure::Transient(ref why) | Failure::Permanent(ref why)) => {
                tracing::warn!(mail = mail.id, why = %why, "mail given up");
                store.delivered(mail.id, Delivery::GivenUp { why }).await?;
                continue;
            }
        };
        store.delivered(mail.id, delivery).await?;
    }
    Ok((sent, handled))
}

/// The sent mails' addresses are erased from what the database keeps beside its tables,
/// as a withdrawal erases them.
async fn erase_sent(store: &dyn Store) {
    if let Err(e) = store.erase_sent_mails().await {
        tracing::warn!(error = %e, "mails sent: erasure left for later");
    }
}

/// Seconds to wait after the `attempt`-th failed attempt (from 1).
fn retry_after(attempt: u32) -> u32 {
    let doubled = FIRST_RETRY_SECONDS.saturating_mul(1_u32 << (attempt.saturating_sub(1)).min(20));
    doubled.min(LONGEST_RETRY_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_six_hours() {
        assert_eq!(retry_after(1), 60);
        assert_eq!(retry_after(2), 120);
        assert_eq!(retry_after(5), 960);
        assert_eq!(retry_after(13), 6 * 60 * 60);
        assert_eq!(retry_after(1000), 6 * 60 * 60);
    }

    /// In a runtime, as the server makes it: the transport's pool needs one.
    #[tokio::test]
    async fn a_mailer_needs_a_url_and_a_sender() {
        assert!(Mailer::new("smtp://127.0.0.1:2525", "Stadt <rathaus@example.org>").is_ok());
        assert!(Mailer::new("nonsense", "rathaus@example.org").is_err());
        assert!(Mailer::new("smtp://127.0.0.1:2525", "kein Absender").is_err());
    }
}
