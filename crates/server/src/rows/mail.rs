//! The mail queue's rows as both databases' stores read them, by column name.

use mitreden_store::mail::QueuedMail;
use mitreden_store::notify::Channel;
use sqlx::FromRow;

/// The columns [`QueuedRow`] reads, of `mail_queue`.
pub const QUEUED_COLUMNS: &str = "id, message_id, recipient, subject, body_text, body_html, \
    unsubscribe, attempts, channel";

/// A claimed row.
#[derive(FromRow)]
pub struct QueuedRow {
    id: i64,
    message_id: String,
    recipient: Option<String>,
    subject: String,
    body_text: String,
    body_html: String,
    unsubscribe: Option<String>,
    attempts: i64,
    channel: String,
}

impl TryFrom<QueuedRow> for QueuedMail {
    type Error = sqlx::Error;

    /// A channel word the store does not know is a decoding error.
    fn try_from(r: QueuedRow) -> Result<Self, sqlx::Error> {
        let channel = Channel::from_key(&r.channel).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown mail channel {:?}", r.channel).into())
        })?;
        Ok(QueuedMail {
            id: r.id,
            channel,
            message_id: r.message_id,
            recipient: r.recipient,
            subject: r.subject,
            text: r.body_text,
            html: r.body_html,
            unsubscribe: r.unsubscribe,
            attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
        })
    }
}

/// The rows waiting per channel word, as both stores count them.
pub const WAITING: &str = "SELECT channel, count(*) AS count FROM mail_queue \
     WHERE sent_at IS NULL AND given_up_at IS NULL GROUP BY channel";

/// A row of [`WAITING`].
#[derive(FromRow)]
pub struct WaitingRow {
    channel: String,
    count: i64,
}

impl TryFrom<WaitingRow> for (Channel, u64) {
    type Error = sqlx::Error;

    fn try_from(r: WaitingRow) -> Result<Self, sqlx::Error> {
        let channel = Channel::from_key(&r.channel).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown mail channel {:?}", r.channel).into())
        })?;
        Ok((channel, r.count.unsigned_abs()))
    }
}

/// A staff member who asked for the digest, with the hours since the last one.
#[derive(FromRow)]
pub struct AskedRow {
    /// The account.
    pub name: String,
    /// Where to.
    pub digest_address: String,
    /// How often (the stored word).
    pub digest: String,
    /// Hours since the last (none if never).
    pub hours_since: Option<f64>,
}

/// Comments waiting for moderation in a section.
#[derive(FromRow)]
pub struct SectionCountRow {
    /// The section.
    pub section_id: String,
    /// How many.
    pub count: i64,
}

/// The digests due among `asked`.
pub fn digests_due(asked: Vec<AskedRow>) -> Vec<mitreden_store::mail::DigestDue> {
    asked
        .into_iter()
        .filter_map(|a| {
            let every = mitreden_model::digest::Digest::from_key(&a.digest)?;
            every
                .is_due(a.hours_since)
                .then_some(mitreden_store::mail::DigestDue {
                    name: a.name,
                    address: a.digest_address,
                    every,
                })
        })
        .collect()
}

/// The counts as the digest writer takes them.
pub fn section_counts(rows: Vec<SectionCountRow>) -> Vec<(String, u32)> {
    rows.into_iter()
        .map(|r| (r.section_id, u32::try_from(r.count).unwrap_or(u32::MAX)))
        .collect()
}
