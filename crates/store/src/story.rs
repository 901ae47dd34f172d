//! One test story every [`Store`] must pass, whichever database is behind it (atuin's
//! `tests-database` way): the server runs it on SQLite, and each backend that joins runs
//! the same, not a subset. Built with the feature `story`, for tests only.

use std::sync::Arc;

use mitreden_model::api::Outcome;
use mitreden_model::comment::NewComment;
use mitreden_model::moderation::ModerationState;
use mitreden_model::paging::{CommentOrder, Cursor, PageRequest};

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
