//! The moderation and notification areas' story: the staff's list (filters, search, the
//! orders, pages), the counts, requests to be told (the hour's throttle, confirming,
//! stopping, push), publishing and refusing with the trail and the teller, the answer.

use std::sync::{Arc, Mutex};

use mitreden_model::api::{AnswerStatus, RevisionRef};
use mitreden_model::comment::NewComment;
use mitreden_model::moderation::{AuditAction, ListSort, ModerationState};
use mitreden_model::notify::{NotifyEvent, NotifyKind};

use super::comment;
use crate::moderation::{Answered, ListQuery, Moderated, Moderation, NewAnswer};
use crate::notify::{
    Asked, Channel, Mail, NewPush, NewRequest, OpenRequest, Outgoing, Teller, Told,
};
use crate::{CommentGroup, Store, StoreError};

/// A teller that writes one message per request (a stop link's hash for each e-mail that
/// is not the last) and remembers whom it was asked to tell what.
#[derive(Default)]
struct Recorder {
    told: Mutex<Vec<(String, NotifyEvent, Vec<String>)>>,
}

impl Recorder {
    /// What it was asked since the last look, and forgets it.
    fn take(&self) -> Vec<(String, NotifyEvent, Vec<String>)> {
        std::mem::take(&mut *self.told.lock().expect("not poisoned"))
    }
}

impl Teller for Recorder {
    fn letters(&self, told: &Told<'_>, open: &[OpenRequest]) -> Result<Vec<Outgoing>, String> {
        self.told.lock().expect("not poisoned").push((
            told.comment_id.to_owned(),
            told.event,
            open.iter().map(|o| o.address.clone()).collect(),
        ));
        Ok(open
            .iter()
            .map(|o| Outgoing {
                request_id: o.id.clone(),
                mail: Mail {
                    channel: match o.kind {
                        NotifyKind::Email => Channel::Email,
                        NotifyKind::Push => Channel::Push,
                    },
                    message_id: format!("{}-{}@story", told.event.key(), o.id),
                    recipient: o.address.clone(),
                    subject: format!("{:?}", told.event),
                    text: told.detail.unwrap_or_default().to_owned(),
                    html: String::new(),
                    unsubscribe: None,
                },
                stop_hash: (o.kind == NotifyKind::Email && !told.event.is_last())
                    .then(|| format!("stop-{}-{}", told.event.key(), o.id)),
            })
            .collect())
    }
}

/// A comment `n` on `section` with `text`.
fn on(n: u32, section: &str, text: &str, name: Option<&str>) -> NewComment {
    NewComment {
        section_id: section.into(),
        text: text.into(),
        name: name.map(str::to_owned),
        ..comment(n, Some("beleg"))
    }
}

/// The ids of a page of the staff's list.
async fn ids(store: &dyn Store, query: ListQuery<'_>) -> (u64, Vec<String>) {
    let (total, page) = store.moderation_list(&query).await.expect("list");
    (total, page.into_iter().map(|c| c.id).collect())
}

/// A confirmation mail.
fn confirmation(n: u32) -> Mail {
    Mail {
        channel: Channel::Email,
        message_id: format!("bestaetigung-{n}@story"),
        recipient: format!("person{n}@example.org"),
        subject: "Bitte bestätigen".into(),
        text: "…".into(),
        html: String::new(),
        unsubscribe: None,
    }
}

/// An e-mail request `n` for `comment` from `address_hash`.
fn request<'a>(n: &'a str, comment: &'a str, hash: &'a str, mail: &'a Mail) -> NewRequest<'a> {
    NewRequest {
        id: n,
        comment_id: comment,
        language: "de",
        address: &mail.recipient,
        address_hash: hash,
        receipt_token: "beleg",
        link_hash: n,
        confirmation: mail,
    }
}

/// The moderation and notification areas. `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn moderation(store: Arc<dyn Store>) {
    let store = &*store;
    let fibre = on(
        1,
        "leitmotiv-1",
        "Glasfaserausbau in der Altstadt zuerst",
        Some("Herr Kaiser"),
    );
    let bikes = on(2, "leitmotiv-2", "Radwege sicherer machen", None);
    let benches = on(3, "leitmotiv-1", "Mehr Bänke am Marktplatz", None);
    let mut bot = on(4, "leitmotiv-1", "Glasfaser billig kaufen", None);
    bot.website = Some("https://spam.example".into());
    // One after another: "oldest first" is then the order of their numbers.
    for (c, kiosk) in [
        (&fibre, None),
        (&bikes, Some("Rathaus")),
        (&benches, None),
        (&bot, None),
    ] {
        let group = CommentGroup {
            comments: vec![c.clone()],
            kiosk: kiosk.map(Arc::from),
        };
        store.insert_comments(&[group]).await.expect("insert");
    }
    let (c1, c2, c3) = (fibre.id.clone(), bikes.id.clone(), benches.id.clone());
    let all = ListQuery::default();

    // The list: the bot's comment never; filters; search in texts and names.
    assert_eq!(
        ids(store, all).await,
        (3, vec![c1.clone(), c2.clone(), c3.clone()])
    );
    let section = ListQuery {
        section: Some("leitmotiv-1"),
        ..all
    };
    assert_eq!(ids(store, section).await.1, [c1.clone(), c3.clone()]);
    let kiosk = ListQuery {
        kiosk: Some("Rathaus"),
        ..all
    };
    assert_eq!(ids(store, kiosk).await.1, [c2.as_str()]);
    let search = |words| ListQuery {
        words: Some(words),
        ..all
    };
    assert_eq!(
        ids(store, search("glasfaser")).await.1,
        [c1.as_str()],
        "a word's beginning"
    );
    assert_eq!(
        ids(store, search("Radweg sicher")).await.1,
        [c2.as_str()],
        "every word"
    );
    assert_eq!(
        ids(store, search("Radweg Glasfaser")).await.0,
        0,
        "every word, not any"
    );
    assert_eq!(
        ids(store, search("  kaiser ")).await.1,
        [c1.as_str()],
        "the author's name"
    );
    for odd in [
        "\"",
        "'",
        "\\",
        "a'b\"c\\",
        ":*",
        "&|!()<>",
        "\u{0}x",
        "NEAR(a b)",
        "-x",
        "🚲",
    ] {
        assert!(store.moderation_list(&search(odd)).await.is_ok(), "{odd:?}");
    }
    // A NUL in a filter: nothing found, or (PostgreSQL, whose texts cannot hold one) the
    // client's error — never a fault.
    let nul = ListQuery {
        kiosk: Some("Rat\u{0}haus"),
        ..all
    };
    match store.moderation_list(&nul).await {
        Ok((0, _)) | Err(StoreError::Invalid(_)) => {}
        other => panic!("{other:?}"),
    }

    // Orders and pages.
    let sorted = |sort, reading_order| ListQuery {
        sort,
        reading_order,
        ..all
    };
    assert_eq!(
        ids(store, sorted(ListSort::Newest, &[])).await.1,
        [c3.clone(), c2.clone(), c1.clone()]
    );
    assert_eq!(
        ids(
            store,
            sorted(ListSort::Section, &["leitmotiv-2", "leitmotiv-1"])
        )
        .await
        .1,
        [c2.clone(), c1.clone(), c3.clone()]
    );
    assert_eq!(
        ids(store, sorted(ListSort::Kiosk, &[])).await.1,
        [c2.clone(), c1.clone(), c3.clone()]
    );
    let page = ListQuery {
        limit: Some(1),
        offset: 1,
        ..all
    };
    assert_eq!(ids(store, page).await, (3, vec![c2.clone()]));

    // The counts, by section.
    let counts: Vec<(String, ModerationState, u32)> = store
        .state_counts()
        .await
        .expect("counts")
        .into_iter()
        .map(|c| (c.section_id, c.state, c.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("leitmotiv-1".into(), ModerationState::Received, 2),
            ("leitmotiv-2".into(), ModerationState::Received, 1)
        ]
    );

    // Requests to be told: one confirmation per address and hour.
    let (mail1, mail2) = (confirmation(1), confirmation(2));
    assert_eq!(
        store
            .ask(request("r1", &c1, "adresse-1", &mail1))
            .await
            .expect("ask"),
        Asked::Queued
    );
    match store
        .ask(request("r1b", &c3, "adresse-1", &mail1))
        .await
        .expect("again")
    {
        Asked::Throttled { wait_seconds } => assert!((3_000..=3_600).contains(&wait_seconds)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store
            .ask(request("r2", &c1, "adresse-2", &mail2))
            .await
            .expect("other"),
        Asked::Queued
    );
    assert_eq!(
        store.request_language("r1").await.expect("lang").as_deref(),
        Some("de")
    );
    assert_eq!(
        store.request_language("r1b").await.expect("lang"),
        None,
        "throttled: none"
    );
    assert!(store.confirm("r1", 48).await.expect("confirm"));
    assert!(!store.confirm("r1", 48).await.expect("once"));
    assert!(!store.confirm("unbekannt", 48).await.expect("unknown"));
    let push = NewPush {
        id: "p1",
        comment_id: &c1,
        language: "en",
        subscription: "{\"endpoint\":\"https://push.example/1\"}",
        receipt_token: "beleg",
        link_hash: "p1-link",
    };
    assert!(store.subscribe(push).await.expect("push"));
    assert!(!store
        .subscribe(NewPush {
            id: "p1b",
            link_hash: "p1b",
            ..push
        })
        .await
        .expect("same"));

    // Publishing: told are the confirmed (the e-mail and the push), not the unconfirmed.
    let teller = Recorder::default();
    let publish = |ids| Moderation {
        ids,
        to: ModerationState::Published,
        reason: None,
        from: None,
        staff: "amt",
    };
    let unknown = "ffffffff-0000-4000-8000-00000000abcd".to_owned();
    let both = [c1.clone(), c3.clone(), unknown.clone(), bot.id.clone()];
    assert_eq!(
        store
            .moderate(publish(&both), Some(&teller))
            .await
            .expect("publish"),
        Moderated {
            changed: 2,
            queued: 2
        }
    );
    let told = teller.take();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(
        (told[0].0.as_str(), told[0].1),
        (c1.as_str(), NotifyEvent::Published)
    );
    assert_eq!(told[0].2.len(), 2);
    assert_eq!(
        store
            .moderate(publish(&both), Some(&teller))
            .await
            .expect("again"),
        Moderated::default(),
        "published is published"
    );
    assert!(teller.take().is_empty());
    let bot_state = store
        .comment_state(&bot.id)
        .await
        .expect("state")
        .expect("stored");
    assert!(bot_state.trapped && bot_state.moderation_state == ModerationState::Received);

    // The e-mail's stop link ends it; the push stays.
    assert!(store.stop("stop-published-r1").await.expect("stop"));
    assert!(!store.stop("stop-published-r1").await.expect("stopped"));

    // Refusing, with a reason; a bulk action only on what is still in the state seen.
    let reject = Moderation {
        ids: std::slice::from_ref(&c3),
        to: ModerationState::Rejected,
        reason: Some("Bitte sachlich bleiben."),
        from: None,
        staff: "amt",
    };
    assert_eq!(
        store.moderate(reject, None).await.expect("reject").changed,
        1
    );
    let seen = [c2.clone(), c3.clone()];
    let from_received = Moderation {
        from: Some(ModerationState::Received),
        ..publish(&seen)
    };
    assert_eq!(
        store
            .moderate(from_received, None)
            .await
            .expect("bulk")
            .changed,
        1
    );
    let refused = store.comment(&c3).await.expect("read").expect("there");
    assert_eq!(refused.moderation_state, ModerationState::Rejected);
    assert_eq!(
        refused.moderation_reason.as_deref(),
        Some("Bitte sachlich bleiben.")
    );

    // The answer: told to the push that is left, which ends with it.
    let revision = RevisionRef {
        section_id: "leitmotiv-1".into(),
        version: 2,
    };
    let answer = NewAnswer {
        comment_id: &c1,
        text: "Der Gemeinderat hat den Ausbau beschlossen.",
        status: AnswerStatus::Beruecksichtigt,
        reason: None,
        office: "Amt für Digitalisierung",
        revision: Some(&revision),
        staff: "amt",
    };
    assert_eq!(
        store.answer(answer, Some(&teller)).await.expect("answer"),
        Answered::Saved { queued: 1 }
    );
    let told = teller.take();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].1, NotifyEvent::Answered);
    assert_eq!(told[0].2, ["{\"endpoint\":\"https://push.example/1\"}"]);
    let changed = NewAnswer {
        text: "Der Gemeinderat hat den Ausbau im Mai beschlossen.",
        status: AnswerStatus::TeilweiseBeruecksichtigt,
        reason: Some("Nur die Altstadt."),
        ..answer
    };
    assert_eq!(
        store.answer(changed, Some(&teller)).await.expect("changed"),
        Answered::Saved { queued: 0 },
        "nobody is left to tell"
    );
    assert!(teller.take().is_empty());
    let answered = store.comment(&c1).await.expect("read").expect("there");
    let saved = answered.answer.expect("answered");
    assert_eq!(saved.text, changed.text);
    assert_eq!(saved.status, AnswerStatus::TeilweiseBeruecksichtigt);
    assert_eq!(saved.revision, Some(revision.clone()));
    assert!(!answered.notify_waiting);
    assert_eq!(
        store
            .answer(
                NewAnswer {
                    comment_id: &unknown,
                    ..answer
                },
                None
            )
            .await
            .expect("unknown"),
        Answered::NotFound
    );
    assert!(store.withdraw_comment(&c3).await.expect("withdraw"));
    assert_eq!(
        store
            .answer(
                NewAnswer {
                    comment_id: &c3,
                    ..answer
                },
                None
            )
            .await
            .expect("withdrawn"),
        Answered::Withdrawn
    );

    // The answer is found by its words, and the status filter.
    assert_eq!(
        ids(store, search("Gemeinderat Altstadt")).await.1,
        [c1.as_str()]
    );
    let status = |s| ListQuery {
        status: Some(s),
        ..all
    };
    assert_eq!(
        ids(store, status(AnswerStatus::TeilweiseBeruecksichtigt))
            .await
            .1,
        [c1.as_str()]
    );
    assert_eq!(
        ids(store, status(AnswerStatus::Eingegangen)).await.1,
        [c2.clone(), c3.clone()],
        "unanswered counts as received"
    );
    assert_eq!(
        ids(store, search("Bänke")).await.0,
        0,
        "a withdrawn text is not found"
    );

    // The trail, oldest first.
    let trail: Vec<(String, AuditAction, Option<String>)> = store
        .trail(None)
        .await
        .expect("trail")
        .into_iter()
        .map(|t| (t.comment_id, t.entry.action, t.entry.detail))
        .collect();
    assert_eq!(
        trail,
        [
            (c1.clone(), AuditAction::Published, None),
            (c3.clone(), AuditAction::Published, None),
            (
                c3.clone(),
                AuditAction::Rejected,
                Some("Bitte sachlich bleiben.".into())
            ),
            (c2.clone(), AuditAction::Published, None),
            (
                c1.clone(),
                AuditAction::Answered,
                Some("beruecksichtigt".into())
            ),
            (
                c1.clone(),
                AuditAction::AnswerChanged,
                Some("teilweise_beruecksichtigt: Nur die Altstadt.".into())
            ),
        ]
    );
    let one = store.trail(Some(&c1)).await.expect("one");
    assert_eq!(one.len(), 3);
    assert_eq!(one[2].entry.answer.as_deref(), Some(changed.text));
    assert_eq!(one[2].entry.staff_name, "amt");

    // The ends: a gone subscription, the unconfirmed after their hours (none yet), and
    // everything open once the participation is over.
    let push2 = NewPush {
        id: "p2",
        comment_id: &c2,
        link_hash: "p2-link",
        subscription: "{\"endpoint\":\"https://push.example/2\"}",
        ..push
    };
    assert!(store.subscribe(push2).await.expect("push 2"));
    assert_eq!(store.end_gone(push2.subscription).await.expect("gone"), 1);
    assert!(
        !store.confirm("r2", 48).await.expect("ended"),
        "ended with the answer"
    );
    let mail4 = confirmation(4);
    assert_eq!(
        store
            .ask(request("r4", &c2, "adresse-4", &mail4))
            .await
            .expect("ask"),
        Asked::Queued
    );
    assert_eq!(store.expire_unconfirmed(48).await.expect("expire"), 0);
    assert_eq!(
        store.forget_throttle().await.expect("forget"),
        0,
        "the hour is not over"
    );
    assert_eq!(
        store
            .end_with_participation("2026-12-31", "2026-12-31")
            .await
            .expect("last day"),
        0
    );
    assert_eq!(
        store
            .end_with_participation("2026-12-31", "2027-01-01")
            .await
            .expect("after"),
        1,
        "the unconfirmed request"
    );
    assert!(!store.confirm("r4", 48).await.expect("ended"));

    // A withdrawal ends the requests of its comment.
    let mail3 = confirmation(3);
    assert_eq!(
        store
            .ask(request("r3", &c2, "adresse-3", &mail3))
            .await
            .expect("ask"),
        Asked::Queued
    );
    assert!(store.confirm("r3", 48).await.expect("confirm"));
    assert!(
        store
            .comment(&c2)
            .await
            .expect("read")
            .expect("there")
            .notify_waiting
    );
    assert!(store.withdraw_comment(&c2).await.expect("withdraw"));
    assert!(
        !store
            .comment(&c2)
            .await
            .expect("read")
            .expect("there")
            .notify_waiting
    );
}
