//! One test story every [`Store`] must pass, whichever database is behind it (atuin's
//! `tests-database` way): the server runs it on SQLite, and each backend that joins runs
//! the same, not a subset. Built with the feature `story`, for tests only.

mod lottery;
mod mail;
mod moderation;
mod reports;
mod versions;

pub use lottery::lottery;
pub use mail::mail;
pub use moderation::moderation;
pub use reports::reports;
pub use versions::versions;

use std::sync::Arc;

use mitreden_model::api::Outcome;
use mitreden_model::comment::NewComment;
use mitreden_model::moderation::ModerationState;
use mitreden_model::paging::{CommentOrder, Cursor, PageRequest};

use mitreden_model::digest::Digest;
use mitreden_model::kiosk::KioskInfo;
use mitreden_model::moderation::{SignedIn, StaffRole};

use crate::accounts::{DigestChoice, NewAccount, NewSession, SignInAccount};
use crate::erasure::{DueErasure, Erased};
use crate::templates::NewTemplate;
use crate::{CommentGroup, Store};

/// A comment numbered `n`, with a receipt `token` if given.
pub fn comment(n: u32, token: Option<&str>) -> NewComment {
    NewComment {
        id: format!("{n:08x}-0000-4000-8000-00000000abcd"),
        section_id: "leitmotiv-1".into(),
        section_version: 1,
        text: format!("Kommentar {n} – mit Umlauten: äöü ß, und 🚲."),
        name: Some(format!("Name {n}")),
        self_description: Some("Jugend".into()),
        consent: true,
        created_at: "2026-11-22T10:15:00Z".into(),
        receipt_token: token.map(str::to_owned),
        website: None,
    }
}

/// The comment area: stored once whatever is resent, a conflict under a taken id, state,
/// receipt, withdrawal (twice). `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn comments(store: Arc<dyn Store>) {
    let first = comment(1, Some("beleg-eins"));
    let second = comment(2, None);
    let kiosk: Option<Arc<str>> = Some("Rathaus, Foyer".into());
    let groups = [
        CommentGroup {
            comments: vec![first.clone()],
            kiosk: None,
        },
        CommentGroup {
            comments: vec![second.clone()],
            kiosk: kiosk.clone(),
        },
    ];
    let stored = store.insert_comments(&groups).await.expect("insert");
    assert_eq!(stored.len(), 2, "one answer per group");
    for (answers, group) in stored.iter().zip(&groups) {
        assert_eq!(answers.len(), group.comments.len());
        assert_eq!(answers[0].outcome, Outcome::Created, "{answers:?}");
        assert_eq!(answers[0].id, group.comments[0].id);
        let at = answers[0].received_at.as_deref().unwrap_or_default();
        assert!(rfc3339_millis(at), "the time's shape: {at:?}");
    }

    // Sent again (the answer was lost): stored once, the first time's receipt time.
    let again = store
        .insert_comments(&groups[..1])
        .await
        .expect("insert again");
    assert_eq!(again[0][0].outcome, Outcome::AlreadyPresent);
    assert_eq!(again[0][0].received_at, stored[0][0].received_at);
    // Another comment under a taken id: refused, the stored one unchanged.
    let mut other = first.clone();
    other.text = "Ein ganz anderer Text.".into();
    let refused = store
        .insert_comments(&[CommentGroup {
            comments: vec![other],
            kiosk: None,
        }])
        .await
        .expect("insert a conflict");
    assert_eq!(refused[0][0].outcome, Outcome::Conflict);

    let state = store
        .comment_state(&first.id)
        .await
        .expect("state")
        .expect("the comment is there");
    assert_eq!(state.section_id, "leitmotiv-1");
    assert_eq!(Some(&state.received_at), stored[0][0].received_at.as_ref());
    assert_eq!(state.moderation_state, ModerationState::Received);
    assert!(store
        .comment_state("00000000-0000-4000-8000-000000000000")
        .await
        .expect("state of none")
        .is_none());

    let hash = store.receipt_hash(&first.id).await.expect("hash");
    assert!(
        matches!(&hash, Some(Some(h)) if !h.is_empty() && !h.contains("beleg-eins")),
        "a hash, never the token: {hash:?}"
    );
    assert_eq!(
        store.receipt_hash(&second.id).await.expect("hash"),
        Some(None)
    );
    assert_eq!(
        store
            .receipt_hash("00000000-0000-4000-8000-000000000000")
            .await
            .expect("hash of none"),
        None
    );

    let read = store
        .comment(&second.id)
        .await
        .expect("comment")
        .expect("the comment is there");
    assert_eq!(read.text, second.text);
    assert_eq!(read.name, second.name);
    assert_eq!(read.kiosk.as_deref(), kiosk.as_deref());
    assert!(read.answer.is_none());

    assert!(store.withdraw_comment(&first.id).await.expect("withdraw"));
    assert!(
        !store
            .withdraw_comment(&first.id)
            .await
            .expect("withdraw twice"),
        "the second withdrawal changes nothing"
    );
    let gone = store
        .comment(&first.id)
        .await
        .expect("comment")
        .expect("what statistics need stays");
    assert_eq!(gone.moderation_state, ModerationState::Withdrawn);
    assert_eq!(gone.text, "");
    assert_eq!(gone.name, None);
    assert_eq!(gone.self_description, None);
    assert_eq!(gone.section_id, "leitmotiv-1");
}

/// The public lists: keyset pages in both orders that together hold every public comment
/// once, the total, the counts; a honeypot comment and a withdrawn one are never public,
/// nor is anything under a moderation that shows none of the stored states. `store` must
/// be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn public_lists(store: Arc<dyn Store>) {
    let mut comments: Vec<NewComment> = (0..25)
        .map(|n| {
            let mut c = comment(100 + n, None);
            c.section_id = "leitmotiv-2".into();
            c
        })
        .collect();
    let mut trapped = comment(200, None);
    trapped.section_id = "leitmotiv-2".into();
    trapped.website = Some("https://spam.example".into());
    comments.push(trapped.clone());
    comments.push(comment(300, None));
    // In three commits, so that some share a received time and some do not.
    for chunk in comments.chunks(10) {
        store
            .insert_comments(&[CommentGroup {
                comments: chunk.to_vec(),
                kiosk: None,
            }])
            .await
            .expect("insert");
    }
    let received = [ModerationState::Received];
    let page = |order, after| PageRequest {
        limit: 10,
        order,
        after,
    };
    for order in [CommentOrder::Newest, CommentOrder::Oldest] {
        let mut seen: Vec<String> = Vec::new();
        let mut after = None;
        loop {
            let got = store
                .public_comments("leitmotiv-2", &received, &page(order, after.clone()))
                .await
                .expect("a page");
            assert_eq!(got.total, 25, "the honeypot's comment is not counted");
            assert!(got.comments.len() <= 10);
            for pair in got.comments.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let ab = (&a.received_at, &a.id).cmp(&(&b.received_at, &b.id));
                let want = match order {
                    CommentOrder::Newest => std::cmp::Ordering::Greater,
                    CommentOrder::Oldest => std::cmp::Ordering::Less,
                };
                assert_eq!(ab, want, "{order:?}: {a:?} then {b:?}");
            }
            seen.extend(got.comments.iter().map(|c| c.id.clone()));
            match (got.next, got.comments.last()) {
                (Some(_), Some(last)) => after = Some(Cursor::after(last)),
                _ => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            seen.len(),
            "{order:?}: a comment on two pages"
        );
        assert_eq!(seen.len(), 25, "{order:?}: every public comment once");
        assert!(!seen.contains(&trapped.id));
    }
    let none = store
        .public_comments(
            "leitmotiv-2",
            &[ModerationState::Published],
            &page(CommentOrder::Newest, None),
        )
        .await
        .expect("a page");
    assert!(none.comments.is_empty() && none.total == 0 && none.next.is_none());

    let mut counts = store.public_counts(&received).await.expect("counts");
    counts.sort();
    assert_eq!(
        counts,
        vec![
            ("leitmotiv-1".to_owned(), 1),
            ("leitmotiv-2".to_owned(), 25)
        ]
    );
    assert!(store
        .public_counts(&[ModerationState::Published])
        .await
        .expect("counts")
        .is_empty());

    assert!(store
        .withdraw_comment(&comments[0].id)
        .await
        .expect("withdraw"));
    let after_withdrawal = store
        .public_comments("leitmotiv-2", &received, &page(CommentOrder::Oldest, None))
        .await
        .expect("a page");
    assert_eq!(after_withdrawal.total, 24);
    assert!(after_withdrawal
        .comments
        .iter()
        .all(|c| c.id != comments[0].id));
}

/// Whether `t` is a time as every store writes it: `YYYY-MM-DDTHH:MM:SS.mmmZ`, so that the
/// cursors of the public pages mean the same on every backend.
fn rfc3339_millis(t: &str) -> bool {
    let shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    t.len() == shape.len()
        && t.chars()
            .zip(shape.chars())
            .all(|(c, s)| if s == 'd' { c.is_ascii_digit() } else { c == s })
}

/// Two names are one account's if they differ only in case (the server's rule is stricter:
/// look-alike letters too; a store applies whichever it is handed).
fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// An account for the story.
fn account<'a>(name: &'a str, hash: &'a str, role: StaffRole) -> NewAccount<'a> {
    NewAccount {
        name,
        password_hash: hash,
        role,
        or_new_password: false,
    }
}

/// A session for the story.
fn session<'a>(token_hash: &'a str, name: &'a str, now_ms: i64, ends: i64) -> NewSession<'a> {
    NewSession {
        token_hash,
        staff_name: name,
        now_ms,
        expires_at_ms: ends,
        keep: 2,
    }
}

/// Staff accounts and sessions: one account per name that reads the same (also when two
/// ask at once), the command line's new password, sign-in, sessions that end (by time, by
/// the newest two, by signing out, by a new password, by deactivation), the digest.
/// `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn accounts(store: Arc<dyn Store>) {
    let same = same_ignoring_case;
    let added = |new| {
        let store = store.clone();
        async move { store.add_account(new, same).await.expect("add") }
    };
    assert_eq!(
        added(account("amt", "h1", StaffRole::Verwaltung)).await,
        None
    );
    // The same to a reader: refused, named.
    assert_eq!(
        added(account("AMT", "h2", StaffRole::Moderation)).await,
        Some("amt".to_owned())
    );
    assert_eq!(
        added(account("amt", "h2", StaffRole::Moderation)).await,
        Some("amt".to_owned())
    );
    assert_eq!(
        store.password_hash("amt").await.expect("hash"),
        Some("h1".into())
    );
    // The command line: exactly this name gets the new password and keeps its role.
    let mut reset = account("amt", "h2", StaffRole::Moderation);
    reset.or_new_password = true;
    assert_eq!(added(reset).await, None);
    assert_eq!(
        store.password_hash("amt").await.expect("hash"),
        Some("h2".into())
    );
    // ... but a look-alike is still refused there.
    let mut alike = account("Amt", "h9", StaffRole::Verwaltung);
    alike.or_new_password = true;
    assert_eq!(added(alike).await, Some("amt".to_owned()));
    // Two look-alikes at once: exactly one is made.
    let (a, b) = futures_util::future::join(
        added(account("kasse", "k1", StaffRole::Moderation)),
        added(account("KASSE", "k2", StaffRole::Moderation)),
    )
    .await;
    assert_eq!(
        usize::from(a.is_none()) + usize::from(b.is_none()),
        1,
        "{a:?} {b:?}"
    );
    assert_eq!(
        added(account("moderatorin", "m1", StaffRole::Moderation)).await,
        None
    );

    let listed = store.accounts().await.expect("list");
    let names: Vec<&str> = listed.iter().map(|a| a.name.as_str()).collect();
    // By the names' bytes: "KASSE" (whichever of the two won) comes before "amt".
    let kasse = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("kasse"))
        .expect("one kasse");
    let mut by_bytes = vec!["amt", kasse, "moderatorin"];
    by_bytes.sort_unstable();
    assert_eq!(names, by_bytes);
    let role = |name: &str| listed.iter().find(|a| a.name == name).map(|a| a.role);
    assert_eq!(role("amt"), Some(StaffRole::Verwaltung));
    assert_eq!(role("moderatorin"), Some(StaffRole::Moderation));
    assert!(listed
        .iter()
        .all(|a| a.active && rfc3339_millis(&a.created_at)));

    // Sign-in: the name as typed first, then as kept.
    let found = store.sign_in_account("amt", "amt").await.expect("sign-in");
    assert_eq!(
        found,
        Some(SignInAccount {
            name: "amt".into(),
            password_hash: "h2".into(),
            role: StaffRole::Verwaltung
        })
    );
    let found = store
        .sign_in_account("amt", "moderatorin")
        .await
        .expect("sign-in");
    assert_eq!(found.map(|a| a.name), Some("moderatorin".into()));
    let found = store
        .sign_in_account("amt", "niemand")
        .await
        .expect("sign-in");
    assert_eq!(found.map(|a| a.name), Some("amt".into()));
    assert_eq!(
        store
            .sign_in_account("niemand", "x")
            .await
            .expect("sign-in"),
        None
    );

    // Sessions end at their time, and only the newest two of an account stay.
    let who = |name: &str, role| {
        Some(SignedIn {
            name: name.into(),
            role,
        })
    };
    store
        .start_session(session("t1", "amt", 1_000, 2_000))
        .await
        .expect("t1");
    assert_eq!(
        store.session("t1", 1_999).await.expect("t1"),
        who("amt", StaffRole::Verwaltung)
    );
    assert_eq!(store.session("t1", 2_000).await.expect("t1"), None, "ended");
    assert_eq!(
        store.session("t0", 1_000).await.expect("t0"),
        None,
        "never begun"
    );
    store
        .start_session(session("t2", "amt", 1_000, 3_000))
        .await
        .expect("t2");
    store
        .start_session(session("t3", "amt", 1_000, 4_000))
        .await
        .expect("t3");
    assert_eq!(
        store.session("t1", 1_500).await.expect("t1"),
        None,
        "the oldest of three"
    );
    assert!(store.session("t2", 1_500).await.expect("t2").is_some());
    // A sign-in deletes the sessions that have ended (t2 at 3,000) — with room for five,
    // so only its end can have deleted it.
    store
        .start_session(NewSession {
            keep: 5,
            ..session("t4", "amt", 3_500, 9_000)
        })
        .await
        .expect("t4");
    store
        .start_session(session("m1", "moderatorin", 3_500, 9_000))
        .await
        .expect("m1");
    assert_eq!(
        store.session("t2", 2_500).await.expect("t2"),
        None,
        "deleted"
    );
    assert!(store.session("t3", 3_500).await.expect("t3").is_some());
    store.end_session("t3").await.expect("sign out");
    store.end_session("t3").await.expect("twice");
    assert_eq!(store.session("t3", 3_500).await.expect("t3"), None);

    // A new password ends the account's other sessions, not this one nor another's.
    store
        .start_session(session("t5", "amt", 3_500, 9_000))
        .await
        .expect("t5");
    store
        .set_password("amt", "h3", "t4")
        .await
        .expect("password");
    assert_eq!(
        store.password_hash("amt").await.expect("hash"),
        Some("h3".into())
    );
    assert!(store.session("t4", 4_000).await.expect("t4").is_some());
    assert_eq!(store.session("t5", 4_000).await.expect("t5"), None);
    assert!(store.session("m1", 4_000).await.expect("m1").is_some());

    // Deactivated: no sign-in, no session; twice is nothing.
    assert!(store.deactivate_account("moderatorin").await.expect("off"));
    assert!(!store
        .deactivate_account("moderatorin")
        .await
        .expect("again"));
    assert!(!store.deactivate_account("niemand").await.expect("nobody"));
    assert_eq!(store.session("m1", 4_000).await.expect("m1"), None);
    let found = store
        .sign_in_account("moderatorin", "moderatorin")
        .await
        .expect("sign-in");
    assert_eq!(found, None);
    let listed = store.accounts().await.expect("list");
    let active = |name: &str| listed.iter().find(|a| a.name == name).map(|a| a.active);
    assert_eq!(
        (active("moderatorin"), active("amt")),
        (Some(false), Some(true))
    );
    assert_eq!(store.password_hash("niemand").await.expect("hash"), None);

    // The digest.
    let off = DigestChoice {
        address: None,
        every: Digest::Off,
    };
    assert_eq!(
        store.digest_choice("amt").await.expect("digest"),
        Some(off.clone())
    );
    let daily = DigestChoice {
        address: Some("amt@example.org".into()),
        every: Digest::Daily,
    };
    store.set_digest_choice("amt", &daily).await.expect("set");
    assert_eq!(
        store.digest_choice("amt").await.expect("digest"),
        Some(daily)
    );
    store.set_digest_choice("amt", &off).await.expect("off");
    assert_eq!(store.digest_choice("amt").await.expect("digest"), Some(off));
    assert_eq!(store.digest_choice("niemand").await.expect("digest"), None);
}

/// Kiosks: a link works once, a re-armed kiosk's old device is no kiosk any more, a
/// revoked one neither, and the list shows them all, newest first. `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn kiosks(store: Arc<dyn Store>) {
    let foyer = |idle| {
        Some(KioskInfo {
            label: "BürgerBüro Foyer".into(),
            idle_seconds: idle,
        })
    };
    assert!(!store
        .add_kiosk("BürgerBüro Foyer", 90, "link-1")
        .await
        .expect("add"));
    assert_eq!(
        store
            .set_up_kiosk("link-0", "secret-0")
            .await
            .expect("setup"),
        None
    );
    assert_eq!(
        store
            .set_up_kiosk("link-1", "secret-1")
            .await
            .expect("setup"),
        foyer(90)
    );
    assert_eq!(
        store
            .set_up_kiosk("link-1", "secret-x")
            .await
            .expect("twice"),
        None,
        "a link works once"
    );
    assert_eq!(
        store.kiosk_by_secret("secret-1").await.expect("secret"),
        foyer(90)
    );
    assert_eq!(
        store.kiosk_by_secret("secret-x").await.expect("secret"),
        None
    );
    let listed = store.kiosks().await.expect("list");
    assert_eq!(listed.len(), 1);
    assert!(rfc3339_millis(&listed[0].created_at));
    assert!(listed[0].set_up_at.as_deref().is_some_and(rfc3339_millis));
    assert_eq!(listed[0].revoked_at, None);

    // Re-armed: a new link; the device that was this kiosk is none any more.
    assert!(store
        .add_kiosk("BürgerBüro Foyer", 120, "link-2")
        .await
        .expect("again"));
    assert_eq!(
        store.kiosk_by_secret("secret-1").await.expect("secret"),
        None
    );
    // Re-armed before its link was used: no device ended.
    assert!(!store
        .add_kiosk("BürgerBüro Foyer", 120, "link-3")
        .await
        .expect("again"));
    assert_eq!(
        store
            .set_up_kiosk("link-2", "secret-2")
            .await
            .expect("old link"),
        None
    );
    assert_eq!(
        store
            .set_up_kiosk("link-3", "secret-3")
            .await
            .expect("setup"),
        foyer(120)
    );

    // Revoked: the secret ends, and so does an unused link.
    assert!(!store
        .add_kiosk("Bücherei", 60, "link-4")
        .await
        .expect("add"));
    assert!(store
        .revoke_kiosk("BürgerBüro Foyer")
        .await
        .expect("revoke"));
    assert!(!store.revoke_kiosk("BürgerBüro Foyer").await.expect("twice"));
    assert!(!store.revoke_kiosk("Nirgends").await.expect("unknown"));
    assert!(store.revoke_kiosk("Bücherei").await.expect("revoke"));
    assert_eq!(
        store.kiosk_by_secret("secret-3").await.expect("secret"),
        None
    );
    assert_eq!(
        store
            .set_up_kiosk("link-4", "secret-4")
            .await
            .expect("setup"),
        None
    );

    let listed = store.kiosks().await.expect("list");
    let mut labels: Vec<&str> = listed.iter().map(|k| k.label.as_str()).collect();
    assert!(
        listed
            .windows(2)
            .all(|w| (&w[1].created_at, &w[0].label) <= (&w[0].created_at, &w[1].label)),
        "newest first: {listed:?}"
    );
    labels.sort_unstable();
    assert_eq!(labels, ["Bücherei", "BürgerBüro Foyer"]);
    assert!(listed
        .iter()
        .all(|k| k.revoked_at.as_deref().is_some_and(rfc3339_millis)));
    let foyer = listed
        .iter()
        .find(|k| k.label == "BürgerBüro Foyer")
        .expect("foyer");
    assert_eq!(foyer.idle_seconds, 120);
}

/// Answer templates: the list's order, the limit (also when several save at once), delete.
/// `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn templates(store: Arc<dyn Store>) {
    let new = |title| NewTemplate {
        title,
        text: "Vielen Dank für Ihren Hinweis.",
        by: "amt",
        at_most: 5,
    };
    let saved = store
        .add_template(new("b"))
        .await
        .expect("add")
        .expect("saved");
    assert_eq!(saved.title, "b");
    assert_eq!(saved.text, "Vielen Dank für Ihren Hinweis.");
    assert_eq!(saved.created_by, "amt");
    assert!(rfc3339_millis(&saved.created_at));
    for title in ["ä", "A", "Z"] {
        store
            .add_template(new(title))
            .await
            .expect("add")
            .expect("saved");
    }
    // Two at once for the last place: exactly one is saved.
    let (x, y) =
        futures_util::future::join(store.add_template(new("z")), store.add_template(new("z")))
            .await;
    let (x, y) = (x.expect("add"), y.expect("add"));
    assert!(x.is_some() != y.is_some(), "{x:?} {y:?}");
    assert_eq!(store.add_template(new("zu viel")).await.expect("add"), None);
    let titles: Vec<String> = store
        .templates()
        .await
        .expect("list")
        .into_iter()
        .map(|t| t.title)
        .collect();
    // ASCII letters without regard to case (Z and z by their numbers), then the rest.
    assert_eq!(titles, ["A", "b", "Z", "z", "ä"]);
    assert!(store.delete_template(saved.id).await.expect("delete"));
    assert!(!store.delete_template(saved.id).await.expect("twice"));
    assert!(store
        .add_template(new("wieder Platz"))
        .await
        .expect("add")
        .is_some());
}

/// The retention job's erasure: each kind only when due, counted; sessions and kiosks by
/// their own end. `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn erasure(store: Arc<dyn Store>) {
    let groups = [CommentGroup {
        comments: vec![comment(1, Some("beleg")), comment(2, None)],
        kiosk: None,
    }];
    store.insert_comments(&groups).await.expect("insert");
    let mut none = DueErasure {
        names: false,
        receipts: false,
        audit: false,
        sessions_ended_before_ms: 0,
        kiosks_revoked_before: "2000-01-01T00:00:00.000Z".into(),
    };
    assert_eq!(
        store.erase_due(&none).await.expect("nothing"),
        Erased::default()
    );
    let first = comment(1, None).id;
    let stored = store.comment(&first).await.expect("read").expect("there");
    assert!(stored.name.is_some() && stored.self_description.is_some());

    // Names: both comments', the comments stay.
    let names = DueErasure {
        names: true,
        ..none.clone()
    };
    let erased = store.erase_due(&names).await.expect("names");
    assert_eq!((erased.names, erased.receipts), (2, 0));
    let stored = store.comment(&first).await.expect("read").expect("stays");
    assert_eq!((stored.name, stored.self_description), (None, None));
    assert!(stored.text.starts_with("Kommentar 1"));
    assert!(store
        .receipt_hash(&first)
        .await
        .expect("hash")
        .expect("there")
        .is_some());
    assert_eq!(store.erase_due(&names).await.expect("again").names, 0);

    // Receipts: the one there is.
    none.receipts = true;
    assert_eq!(store.erase_due(&none).await.expect("receipts").receipts, 1);
    assert_eq!(store.receipt_hash(&first).await.expect("hash"), Some(None));
    none.receipts = false;

    // Sessions by their end, kiosks by their revocation.
    let same = same_ignoring_case;
    store
        .add_account(account("amt", "h", StaffRole::Verwaltung), same)
        .await
        .expect("account");
    store
        .start_session(session("alt", "amt", 0, 1_000))
        .await
        .expect("old");
    store
        .start_session(session("neu", "amt", 0, 5_000))
        .await
        .expect("new");
    store.add_kiosk("Foyer", 90, "link").await.expect("kiosk");
    store
        .add_kiosk("Bücherei", 90, "link-2")
        .await
        .expect("kiosk");
    store.revoke_kiosk("Foyer").await.expect("revoke");
    let due = DueErasure {
        sessions_ended_before_ms: 2_000,
        kiosks_revoked_before: "2000-01-01T00:00:00.000Z".into(),
        ..none.clone()
    };
    let erased = store.erase_due(&due).await.expect("sessions");
    assert_eq!(
        (erased.sessions, erased.kiosks),
        (1, 0),
        "the kiosk was revoked since"
    );
    assert_eq!(store.session("alt", 0).await.expect("old"), None);
    assert!(store.session("neu", 0).await.expect("new").is_some());
    let due = DueErasure {
        kiosks_revoked_before: "9999-12-31T23:59:59.999Z".into(),
        ..none.clone()
    };
    assert_eq!(store.erase_due(&due).await.expect("kiosks").kiosks, 1);
    let left: Vec<String> = store
        .kiosks()
        .await
        .expect("list")
        .into_iter()
        .map(|k| k.label)
        .collect();
    assert_eq!(left, ["Bücherei"], "an active kiosk stays");

    // The trail: nothing to erase here (its entries come with moderation), counted as 0.
    none.audit = true;
    assert_eq!(store.erase_due(&none).await.expect("audit").audit, 0);
}
