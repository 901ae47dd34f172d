//! The reports' story: the export, open data in chunks, the figures and the report's
//! comments, the server's keys.

use std::sync::Arc;

use mitreden_model::api::{AnswerStatus, ModerationState};

use super::comment;
use crate::moderation::{Moderation, NewAnswer};
use crate::{CommentGroup, Store};

/// The reports. `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn reports(store: Arc<dyn Store>) {
    let store = &*store;
    let public = [ModerationState::Published];
    let figures = store.figure_groups().await.expect("figures");
    assert_eq!(figures, Default::default());

    // Five comments, one after another: 1–3 published (3 answered), 4 refused, 5 withdrawn,
    // and a bot's.
    let mut all = Vec::new();
    for n in 1..=5 {
        let mut c = comment(n, None);
        if n == 2 {
            c.section_id = "leitmotiv-2".into();
            c.self_description = None;
        }
        let group = CommentGroup {
            comments: vec![c.clone()],
            kiosk: None,
        };
        store.insert_comments(&[group]).await.expect("insert");
        all.push(c.id);
    }
    let mut bot = comment(6, None);
    bot.website = Some("https://spam.example".into());
    let group = CommentGroup {
        comments: vec![bot],
        kiosk: None,
    };
    store.insert_comments(&[group]).await.expect("bot");
    let publish = Moderation {
        ids: &all[..3],
        to: ModerationState::Published,
        reason: None,
        from: None,
        staff: "amt",
    };
    store.moderate(publish, None).await.expect("publish");
    let refuse = Moderation {
        ids: &all[3..4],
        to: ModerationState::Rejected,
        reason: Some("Beleidigend."),
        ..publish
    };
    store.moderate(refuse, None).await.expect("refuse");
    let answer = NewAnswer {
        comment_id: &all[2],
        text: "Danke.",
        status: AnswerStatus::Beruecksichtigt,
        reason: None,
        office: "Amt",
        revision: None,
        staff: "amt",
    };
    store.answer(answer, None).await.expect("answer");
    assert!(store.withdraw_comment(&all[4]).await.expect("withdraw"));

    // The export: everything but the bot's, oldest first.
    let export: Vec<String> = store
        .all_comments()
        .await
        .expect("export")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(export, all);

    // Open data: the published, in chunks, of all sections or one.
    let first = store
        .public_chunk(None, &public, None, 2)
        .await
        .expect("chunk");
    assert_eq!(first.len(), 2);
    let last = first.last().expect("two");
    let after = Some((last.received_at.as_str(), last.id.as_str()));
    let rest = store
        .public_chunk(None, &public, after, 2)
        .await
        .expect("rest");
    let ids: Vec<&str> = first.iter().chain(&rest).map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [all[0].as_str(), all[1].as_str(), all[2].as_str()]);
    assert_eq!(
        rest[0].answer.as_ref().map(|a| a.text.as_str()),
        Some("Danke.")
    );
    let one = store
        .public_chunk(Some("leitmotiv-2"), &public, None, 10)
        .await
        .expect("section");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id, all[1]);

    // The figures: withdrawn and the bot's not counted.
    let figures = store.figure_groups().await.expect("figures");
    let count = |groups: &[crate::reports::Group], section: &str, value: Option<&str>| {
        groups
            .iter()
            .find(|g| g.section_id == section && g.value.as_deref() == value)
            .map_or(0, |g| g.count)
    };
    assert_eq!(
        count(&figures.by_state, "leitmotiv-1", Some("published")),
        2
    );
    assert_eq!(count(&figures.by_state, "leitmotiv-1", Some("rejected")), 1);
    assert_eq!(
        count(&figures.by_state, "leitmotiv-1", Some("withdrawn")),
        0
    );
    assert_eq!(count(&figures.by_state, "leitmotiv-1", Some("received")), 0);
    assert_eq!(
        count(&figures.by_state, "leitmotiv-2", Some("published")),
        1
    );
    assert_eq!(
        count(&figures.by_self_description, "leitmotiv-1", Some("Jugend")),
        3
    );
    assert_eq!(count(&figures.by_self_description, "leitmotiv-2", None), 1);
    assert_eq!(
        count(&figures.by_answer, "leitmotiv-1", Some("beruecksichtigt")),
        1
    );
    assert_eq!(count(&figures.by_answer, "leitmotiv-1", None), 2);
    let days: u64 = figures.by_day.iter().map(|g| g.count).sum();
    assert_eq!(days, 4);
    assert!(figures
        .by_day
        .iter()
        .all(|g| g.value.as_deref().is_some_and(|d| d.len() == 10)));

    // The report: the same figures and the public comments.
    let (same, quoted) = store.report_data(&public).await.expect("report");
    assert_eq!(same, figures);
    assert_eq!(quoted.len(), 3);

    // A key: the first one stored stays.
    let key = store.server_key("vapid", b"erstes").await.expect("key");
    assert_eq!(key, b"erstes");
    let again = store.server_key("vapid", b"zweites").await.expect("again");
    assert_eq!(again, b"erstes");
}
