//! The strategy versions' story: storing (the same file once), drafts after the newest,
//! the current version, publishing with its checks, and the comments linked to a change
//! credited when it is published — with an answer, a trail entry, and those who asked told.

use std::sync::Arc;

use mitreden_model::api::AnswerStatus;
use mitreden_model::moderation::{AuditAction, ModerationState};
use mitreden_model::notify::NotifyEvent;
use mitreden_model::{content_hash, Strategy};

use super::comment;
use crate::moderation::{Moderation, NewAnswer};
use crate::notify::{Mail, NewRequest, OpenRequest, Outgoing, Teller, Told};
use crate::versions::{Publish, Published};
use crate::{CommentGroup, Store};

/// A strategy file with one section, `text` now and `earlier` before it (its version is
/// one more than the earlier texts).
fn file(text: &str, earlier: &[&str]) -> String {
    let mut out = format!(
        "id = \"musterstadt\"\ntown = \"Musterstadt\"\ntitle = \"Digitalstrategie\"\n\
         status = \"Entwurf\"\ninvitation = \"Schreiben Sie uns.\"\n\
         theme_color = \"#1d6f42\"\nsource = \"Die Stadt\"\n\
         self_descriptions = [\"Jugend\"]\nintroduction = \"Worum es geht.\"\n\n\
         [[section]]\nid = \"leitmotiv-1\"\nkind = \"leitmotiv\"\nnumber = \"1\"\n\
         title = \"Eins\"\ntext = \"{text}\"\n"
    );
    for e in earlier {
        out.push_str(&format!(
            "\n[[section.earlier]]\ndate = \"2026-12-01\"\nreason = \"Kommentar\"\n\
             text = \"{e}\"\n"
        ));
    }
    out
}

/// The strategy a file says (the story's files are made to read).
fn strategy(source: &str) -> Strategy {
    mitreden_model::parse::parse_strategy("story.toml", source).expect("the story's file reads")
}

/// A teller that counts whom it tells of a new version.
#[derive(Default)]
struct NewVersions(std::sync::Mutex<Vec<String>>);

impl Teller for NewVersions {
    fn letters(&self, told: &Told<'_>, open: &[OpenRequest]) -> Result<Vec<Outgoing>, String> {
        assert_eq!(told.event, NotifyEvent::NewVersion);
        self.0
            .lock()
            .expect("not poisoned")
            .push(told.comment_id.to_owned());
        Ok(open
            .iter()
            .map(|o| Outgoing {
                request_id: o.id.clone(),
                mail: Mail {
                    channel: crate::notify::Channel::Email,
                    message_id: format!("neu-{}@story", o.id),
                    recipient: o.address.clone(),
                    subject: "Neue Fassung".into(),
                    text: String::new(),
                    html: String::new(),
                    unsubscribe: None,
                },
                stop_hash: None,
            })
            .collect())
    }
}

fn credit_text(version: u32) -> String {
    format!("Führte zu Fassung {version}.")
}

/// A publish of `version` (`next`) by "amt", the current version as seen and expected.
fn attempt<'a>(
    version: i64,
    next: &'a Strategy,
    current: Option<(i64, &'a Strategy)>,
    expected: Option<i64>,
) -> Publish<'a> {
    Publish {
        version,
        next,
        current,
        expected,
        by: "amt",
        office: "Amt für Digitalisierung",
        credit_text,
    }
}

/// The strategy's versions. `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn versions(store: Arc<dyn Store>) {
    let store = &*store;
    let first = file("Am Anfang.", &[]);
    let hash = |s: &str| content_hash(s.as_bytes());
    assert_eq!(store.current_version().await.expect("none"), None);
    assert_eq!(store.newest_version().await.expect("none"), None);

    // Stored and published; the same file again is the same version.
    let done = store
        .store_version(&first, &hash(&first), "(Start)", true)
        .await
        .expect("first");
    assert_eq!((done.version, done.new, done.published), (1, true, true));
    let again = store
        .store_version(&first, &hash(&first), "amt", false)
        .await
        .expect("again");
    assert_eq!(
        (again.version, again.new, again.published),
        (1, false, true)
    );
    assert_eq!(
        store.current_version().await.expect("current"),
        Some((1, first.clone()))
    );
    assert_eq!(
        store.version_of(&first, &hash(&first)).await.expect("of"),
        Some(1)
    );
    assert_eq!(
        store
            .version_of("anders", &hash("anders"))
            .await
            .expect("of"),
        None
    );

    // A draft after it; the same draft again is that draft.
    let second = file("Geändert.", &["Am Anfang."]);
    let draft = store
        .store_next_draft(&second, &hash(&second), "amt")
        .await
        .expect("draft");
    assert_eq!(
        (draft.version, draft.new, draft.published),
        (2, true, false)
    );
    let same = store
        .store_next_draft(&second, &hash(&second), "amt")
        .await
        .expect("same");
    assert_eq!((same.version, same.new), (2, false));
    let (newest, source) = store
        .newest_version()
        .await
        .expect("newest")
        .expect("there");
    assert_eq!((newest.version, newest.published_at), (2, None));
    assert_eq!(newest.imported_by, "amt");
    assert_eq!(source, second);
    assert_eq!(
        store.current_version().await.expect("current").map(|c| c.0),
        Some(1)
    );

    // A comment on the section, published, whose author asked to be told, linked to the
    // change; another linked and then unlinked; a third withdrawn after linking.
    let linked = comment(1, Some("beleg"));
    let unlinked = comment(2, None);
    let withdrawn = comment(3, None);
    for c in [&linked, &unlinked, &withdrawn] {
        let group = CommentGroup {
            comments: vec![c.clone()],
            kiosk: None,
        };
        store.insert_comments(&[group]).await.expect("insert");
    }
    let ids = [linked.id.clone(), unlinked.id.clone(), withdrawn.id.clone()];
    let publish = Moderation {
        ids: &ids,
        to: ModerationState::Published,
        reason: None,
        from: None,
        staff: "amt",
    };
    assert_eq!(
        store
            .moderate(publish, None)
            .await
            .expect("publish")
            .changed,
        3
    );
    let mail = Mail {
        channel: crate::notify::Channel::Email,
        message_id: "bestaetigung@story".into(),
        recipient: "person@example.org".into(),
        subject: String::new(),
        text: String::new(),
        html: String::new(),
        unsubscribe: None,
    };
    let request = NewRequest {
        id: "r1",
        comment_id: &linked.id,
        language: "de",
        address: "person@example.org",
        address_hash: "adresse",
        receipt_token: "beleg",
        link_hash: "r1",
        confirmation: &mail,
    };
    store.ask(request).await.expect("ask");
    assert!(store.confirm("r1", 48).await.expect("confirm"));
    let both = [linked.id.clone(), unlinked.id.clone()];
    store
        .link_causes("leitmotiv-1", 2, &both, "amt")
        .await
        .expect("link");
    let now = [linked.id.clone(), withdrawn.id.clone()];
    store
        .link_causes("leitmotiv-1", 2, &now, "amt")
        .await
        .expect("link again");
    let pending = store.pending_causes().await.expect("pending");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[&("leitmotiv-1".to_owned(), 2)], now);

    // Publishing: refused where the current version moved, for an unknown, an older or
    // a published version.
    let (one, two) = (strategy(&first), strategy(&second));
    let teller = NewVersions::default();
    let refused = [
        (
            attempt(2, &two, Some((1, &one)), Some(5)),
            Published::VersionChanged,
        ),
        (
            attempt(9, &two, Some((1, &one)), Some(1)),
            Published::NotFound,
        ),
        (
            attempt(1, &one, Some((1, &one)), Some(1)),
            Published::AlreadyPublished,
        ),
    ];
    for (publish, why) in refused {
        assert_eq!(
            store
                .publish_version(publish, Some(&teller))
                .await
                .expect("refused"),
            why
        );
    }
    let third = file("Noch einmal.", &["Am Anfang.", "Geändert."]);
    let three = strategy(&third);
    let later = store
        .store_next_draft(&third, &hash(&third), "amt")
        .await
        .expect("third");
    assert_eq!(later.version, 3);
    assert_eq!(
        store
            .publish_version(attempt(2, &two, Some((1, &one)), Some(1)), Some(&teller))
            .await
            .expect("older"),
        Published::NotNewest { newest: 3 }
    );

    // Version 3 has the section at its version 3: the links to version 2 are not for it,
    // and stay.
    assert_eq!(
        store
            .publish_version(attempt(3, &three, Some((1, &one)), Some(1)), Some(&teller))
            .await
            .expect("three"),
        Published::Done {
            credited: Vec::new(),
            queued: 0
        }
    );
    assert!(teller.0.lock().expect("not poisoned").is_empty());
    assert_eq!(
        store.current_version().await.expect("current").map(|c| c.0),
        Some(3)
    );
    let (three_stored, _) = store.version(3).await.expect("read").expect("there");
    assert_eq!(three_stored.published_by.as_deref(), Some("amt"));
    assert!(three_stored.published_at.is_some());
    assert_eq!(store.pending_causes().await.expect("pending").len(), 1);

    // Linked to the section's version 4 (replacing the links to version 2), one withdrawn
    // since: publishing version 4 credits the published one — an answer pointing to it,
    // a trail entry, its author told — and skips the withdrawn one.
    let fourth = file("Zum Vierten.", &["Am Anfang.", "Geändert.", "Noch einmal."]);
    let four = strategy(&fourth);
    store
        .store_next_draft(&fourth, &hash(&fourth), "amt")
        .await
        .expect("fourth");
    store
        .link_causes("leitmotiv-1", 4, &now, "amt")
        .await
        .expect("link to 4");
    assert!(store
        .withdraw_comment(&withdrawn.id)
        .await
        .expect("withdraw"));
    assert_eq!(
        store
            .publish_version(attempt(4, &four, Some((3, &three)), Some(3)), Some(&teller))
            .await
            .expect("four"),
        Published::Done {
            credited: vec![linked.id.clone()],
            queued: 1
        }
    );
    assert_eq!(
        *teller.0.lock().expect("not poisoned"),
        std::slice::from_ref(&linked.id)
    );
    assert!(store.pending_causes().await.expect("pending").is_empty());
    let credited = store
        .comment(&linked.id)
        .await
        .expect("read")
        .expect("there");
    assert!(!credited.notify_waiting, "told, and so ended");
    let answer = credited.answer.expect("answered");
    assert_eq!(answer.text, "Führte zu Fassung 4.");
    assert_eq!(answer.status, AnswerStatus::Beruecksichtigt);
    assert_eq!(answer.office, "Amt für Digitalisierung");
    assert_eq!(
        answer.revision.map(|r| (r.section_id, r.version)),
        Some(("leitmotiv-1".into(), 4))
    );
    let trail = store.trail(Some(&linked.id)).await.expect("trail");
    let last = trail.last().expect("an entry");
    assert_eq!(last.entry.action, AuditAction::Answered);
    assert_eq!(
        last.entry.detail.as_deref(),
        Some("beruecksichtigt: führte zu Fassung 4")
    );
    let skipped = store
        .comment(&withdrawn.id)
        .await
        .expect("read")
        .expect("there");
    assert!(skipped.answer.is_none());

    // An answer given before keeps its words and status and gains the link.
    let answered = comment(4, None);
    let group = CommentGroup {
        comments: vec![answered.clone()],
        kiosk: None,
    };
    store.insert_comments(&[group]).await.expect("insert");
    let ids = [answered.id.clone()];
    store
        .moderate(
            Moderation {
                ids: &ids,
                ..publish
            },
            None,
        )
        .await
        .expect("publish");
    let given = NewAnswer {
        comment_id: &answered.id,
        text: "Wir prüfen das.",
        status: AnswerStatus::InPruefung,
        reason: None,
        office: "Amt für Digitalisierung",
        revision: None,
        staff: "amt",
    };
    store.answer(given, None).await.expect("answer");
    let fifth = file(
        "Zum Fünften.",
        &["Am Anfang.", "Geändert.", "Noch einmal.", "Zum Vierten."],
    );
    let five = strategy(&fifth);
    store
        .store_next_draft(&fifth, &hash(&fifth), "amt")
        .await
        .expect("fifth");
    store
        .link_causes("leitmotiv-1", 5, &ids, "amt")
        .await
        .expect("link");
    assert_eq!(
        store
            .publish_version(attempt(5, &five, Some((4, &four)), Some(4)), None)
            .await
            .expect("five"),
        Published::Done {
            credited: vec![answered.id.clone()],
            queued: 0
        }
    );
    let kept = store
        .comment(&answered.id)
        .await
        .expect("read")
        .expect("there");
    let answer = kept.answer.expect("answered");
    assert_eq!(
        (answer.text.as_str(), answer.status),
        ("Wir prüfen das.", AnswerStatus::InPruefung)
    );
    assert_eq!(answer.revision.map(|r| r.version), Some(5));
    let trail = store.trail(Some(&answered.id)).await.expect("trail");
    assert_eq!(
        trail.last().expect("entry").entry.action,
        AuditAction::AnswerChanged
    );

    // Every version, oldest first.
    let all: Vec<i64> = store
        .versions()
        .await
        .expect("versions")
        .into_iter()
        .map(|(v, _)| v.version)
        .collect();
    assert_eq!(all, [1, 2, 3, 4, 5]);
}
