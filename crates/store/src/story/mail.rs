//! The mail queue's story: claims that do not overlap, retries, giving up, the start's
//! "everything due now", and the office's digest once per period.

use std::sync::Arc;

use mitreden_model::digest::Digest;
use mitreden_model::moderation::{ModerationState, StaffRole};

use super::{account, comment, same_ignoring_case};
use crate::accounts::DigestChoice;
use crate::mail::{Delivery, DigestDue, DigestWriter};
use crate::moderation::Moderation;
use crate::notify::{Asked, Channel, Mail, NewRequest};
use crate::{CommentGroup, Store};

/// Writes a digest that names the counts it was given.
struct Counting;

impl DigestWriter for Counting {
    fn digest(&self, due: &DigestDue, waiting: &[(String, u32)]) -> Result<Mail, String> {
        Ok(Mail {
            channel: Channel::Email,
            message_id: format!("digest-{}-{}@story", due.name, due.every.key()),
            recipient: due.address.clone(),
            subject: format!("{waiting:?}"),
            text: String::new(),
            html: String::new(),
            unsubscribe: None,
        })
    }
}

/// Queues a confirmation mail `n` for `comment` (through a request to be told).
async fn queue_one(store: &dyn Store, n: u32, comment: &str) {
    let mail = Mail {
        channel: Channel::Email,
        message_id: format!("bestaetigung-{n}@story"),
        recipient: format!("person{n}@example.org"),
        subject: format!("Mail {n}"),
        text: "Text".into(),
        html: "<p>Text</p>".into(),
        unsubscribe: Some(format!("https://example.org/stop/{n}")),
    };
    let (id, hash) = (format!("m{n}"), format!("adresse-{n}"));
    let asked = store
        .ask(NewRequest {
            id: &id,
            comment_id: comment,
            language: "de",
            address: &mail.recipient,
            address_hash: &hash,
            receipt_token: "beleg",
            link_hash: &id,
            confirmation: &mail,
        })
        .await
        .expect("ask");
    assert_eq!(asked, Asked::Queued);
}

/// The mail queue and the digest. `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn mail(store: Arc<dyn Store>) {
    let store = &*store;
    let c = comment(1, Some("beleg"));
    let group = CommentGroup {
        comments: vec![c.clone()],
        kiosk: None,
    };
    store.insert_comments(&[group]).await.expect("insert");
    assert!(store.mails_waiting().await.expect("waiting").is_empty());
    assert!(store
        .claim_due_mails(10, 60)
        .await
        .expect("none")
        .is_empty());

    // Claimed once; a second claim while the first holds it gets nothing.
    queue_one(store, 1, &c.id).await;
    assert_eq!(
        store.mails_waiting().await.expect("waiting"),
        [(Channel::Email, 1)]
    );
    let claimed = store.claim_due_mails(10, 600).await.expect("claim");
    assert_eq!(claimed.len(), 1);
    let first = &claimed[0];
    assert_eq!(first.recipient.as_deref(), Some("person1@example.org"));
    assert_eq!(
        (first.subject.as_str(), first.text.as_str()),
        ("Mail 1", "Text")
    );
    assert_eq!(
        first.unsubscribe.as_deref(),
        Some("https://example.org/stop/1")
    );
    assert_eq!((first.channel, first.attempts), (Channel::Email, 0));
    assert!(store
        .claim_due_mails(10, 600)
        .await
        .expect("held")
        .is_empty());

    // A failure waits its time; the start makes it due at once, the attempt counted.
    let retry = Delivery::Retry {
        why: "SMTP 451",
        in_seconds: 600,
    };
    store.delivered(first.id, retry).await.expect("retry");
    assert!(store
        .claim_due_mails(10, 600)
        .await
        .expect("later")
        .is_empty());
    assert_eq!(store.mails_due_now().await.expect("due"), 1);
    let again = store.claim_due_mails(10, 600).await.expect("again");
    assert_eq!((again.len(), again[0].attempts), (1, 1));
    store
        .delivered(first.id, Delivery::Sent)
        .await
        .expect("sent");
    assert!(store.mails_waiting().await.expect("waiting").is_empty());
    assert_eq!(
        store.mails_due_now().await.expect("nothing"),
        0,
        "sent is sent"
    );
    store.erase_sent_mails().await.expect("erase");

    // Given up: never again.
    queue_one(store, 2, &c.id).await;
    let claimed = store.claim_due_mails(10, 600).await.expect("claim");
    let gave_up = Delivery::GivenUp { why: "SMTP 550" };
    store
        .delivered(claimed[0].id, gave_up)
        .await
        .expect("given up");
    assert_eq!(store.mails_due_now().await.expect("nothing"), 0);

    // Two workers at once (PostgreSQL: two processes) share the due mails, none twice.
    for n in 3..=8 {
        queue_one(store, n, &c.id).await;
    }
    let (a, b) = futures_util::join!(store.claim_due_mails(4, 600), store.claim_due_mails(4, 600));
    let mut ids: Vec<i64> = a
        .expect("a")
        .iter()
        .chain(&b.expect("b"))
        .map(|m| m.id)
        .collect();
    ids.sort_unstable();
    let all = ids.len();
    ids.dedup();
    assert_eq!((all, ids.len()), (6, 6), "each once");

    // The digest: for the active account that asked, once per period, while something
    // waits.
    let same = same_ignoring_case;
    store
        .add_account(account("amt", "h", StaffRole::Verwaltung), same)
        .await
        .expect("account");
    store
        .add_account(account("ohne", "h", StaffRole::Moderation), same)
        .await
        .expect("account");
    let daily = DigestChoice {
        address: Some("amt@example.org".into()),
        every: Digest::Daily,
    };
    store
        .set_digest_choice("amt", &daily)
        .await
        .expect("choice");
    assert_eq!(store.queue_digests(&Counting).await.expect("digest"), 1);
    assert_eq!(
        store.queue_digests(&Counting).await.expect("again"),
        0,
        "once a day"
    );
    let waiting = store.claim_due_mails(10, 600).await.expect("digest mail");
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].recipient.as_deref(), Some("amt@example.org"));
    assert_eq!(waiting[0].subject, "[(\"leitmotiv-1\", 1)]");

    // Nothing waits for moderation: no digest, however long since the last.
    let ids = [c.id.clone()];
    let publish = Moderation {
        ids: &ids,
        to: ModerationState::Published,
        reason: None,
        from: None,
        staff: "amt",
    };
    store.moderate(publish, None).await.expect("publish");
    let hourly = DigestChoice {
        every: Digest::Hourly,
        ..daily
    };
    store
        .set_digest_choice("ohne", &hourly)
        .await
        .expect("choice");
    assert_eq!(store.queue_digests(&Counting).await.expect("none waits"), 0);
}
