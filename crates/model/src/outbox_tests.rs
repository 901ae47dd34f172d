//! Tests of the outbox state machine, the backoff and the stored form.
use super::*;
use crate::api::Outcome;

fn draft() -> OutboxItem {
    let mut item = OutboxItem::new_draft(
        "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c".into(),
        "leitmotiv-2".into(),
        2,
        "2026-11-22T10:15:00.000Z".into(),
        1_000,
    );
    item.edit("Bildung fehlt.".into(), None, None, true, 1_100)
        .expect("a draft is editable");
    item
}

fn result(outcome: Outcome) -> ItemResult {
    ItemResult {
        id: draft().comment.id,
        outcome,
        status: outcome.status(),
        received_at: outcome.is_stored().then(|| "2026-11-22T10:16:00Z".into()),
        reason: (!outcome.is_stored()).then(|| "Der Kommentar ist leer.".into()),
        code: None,
    }
}

#[test]
fn a_draft_moves_to_a_newer_version_only_forward_and_only_while_editable() {
    let mut item = draft();
    assert_eq!(
        item.move_to_version(2, 1_200),
        Err(NotAllowed),
        "not to the same"
    );
    assert_eq!(item.move_to_version(3, 1_200), Ok(()));
    assert_eq!((item.comment.section_version, item.updated_ms), (3, 1_200));
    assert_eq!(
        item.move_to_version(2, 1_300),
        Err(NotAllowed),
        "never back"
    );
    item.submit(1_400).expect("valid");
    assert_eq!(
        item.move_to_version(4, 1_500),
        Err(NotAllowed),
        "a queued comment goes for the version it was queued on"
    );
    assert_eq!(item.comment.section_version, 3);
}

#[test]
fn draft_to_queued_to_sending_to_received() {
    let mut item = draft();
    assert_eq!(item.state, ItemState::Draft);
    assert!(!item.is_due(2_000), "a draft is never sent");
    item.submit(2_000).expect("valid");
    assert_eq!(item.state, ItemState::Queued);
    assert!(item.is_due(2_000));
    item.start_sending(2_001).expect("queued");
    assert_eq!(item.state, ItemState::Sending);
    assert!(!item.is_due(2_002), "not sent twice at once");
    item.apply(&result(Outcome::Created), 2_100);
    assert_eq!(
        item.state,
        ItemState::Received {
            at: "2026-11-22T10:16:00Z".into()
        }
    );
    assert!(!item.is_editable());
    assert_eq!(
        item.edit("x".into(), None, None, true, 3_000),
        Err(NotAllowed)
    );
    assert_eq!(item.submit(3_000), Err(SubmitError::NotAllowed));
}

#[test]
fn a_retry_that_finds_the_comment_stored_counts_as_received() {
    let mut item = draft();
    item.submit(2_000).expect("valid");
    item.start_sending(2_000).expect("queued");
    item.apply(&result(Outcome::AlreadyPresent), 2_100);
    assert!(matches!(item.state, ItemState::Received { .. }));
}

#[test]
fn invalid_input_is_not_queued() {
    let mut item = draft();
    item.edit("   ".into(), None, None, true, 1_200)
        .expect("editable");
    assert_eq!(
        item.submit(2_000),
        Err(SubmitError::Invalid(Rejection::EmptyText))
    );
    item.edit("Text".into(), None, None, false, 1_300)
        .expect("editable");
    assert_eq!(
        item.submit(2_000),
        Err(SubmitError::Invalid(Rejection::NoConsent))
    );
    assert_eq!(item.state, ItemState::Draft);
}

#[test]
fn rejected_keeps_the_text_and_can_be_fixed_and_sent_again() {
    let mut item = draft();
    item.submit(2_000).expect("valid");
    item.start_sending(2_000).expect("queued");
    item.apply(&result(Outcome::Invalid), 2_100);
    assert_eq!(
        item.state,
        ItemState::Rejected {
            reason: "Der Kommentar ist leer.".into()
        }
    );
    assert_eq!(item.comment.text, "Bildung fehlt.");
    assert!(!item.is_due(1_000_000), "a rejected comment is not retried");
    item.edit(
        "Bildung fehlt, bitte ergänzen.".into(),
        None,
        None,
        true,
        3_000,
    )
    .expect("rejected is editable");
    assert_eq!(item.state, ItemState::Draft);
    item.submit(3_100).expect("valid");
    assert!(item.is_due(3_100));
}

#[test]
fn transient_failures_back_off_and_respect_retry_after() {
    let mut item = draft();
    item.submit(0).expect("valid");
    item.start_sending(0).expect("queued");
    item.failed(
        &SendFailure::Transient {
            retry_after_ms: None,
        },
        10_000,
        0.0,
    );
    assert_eq!(item.state, ItemState::Queued);
    assert_eq!(item.attempts, 1);
    assert_eq!(item.next_attempt_ms, 10_000 + BACKOFF_BASE_MS / 2);
    assert!(!item.is_due(10_000));
    assert!(item.is_due(10_000 + BACKOFF_BASE_MS / 2));

    item.start_sending(20_000).expect("queued");
    let retry_after = Some(120_000);
    item.failed(
        &SendFailure::Transient {
            retry_after_ms: retry_after,
        },
        20_000,
        0.0,
    );
    assert_eq!(
        item.next_attempt_ms, 140_000,
        "Retry-After is longer than the backoff"
    );
}

#[test]
fn refusals_reject_without_retry() {
    let mut item = draft();
    item.submit(0).expect("valid");
    item.start_sending(0).expect("queued");
    item.failed(
        &SendFailure::Refused {
            reason: "Bitte als application/json senden.".into(),
        },
        10,
        0.5,
    );
    assert!(matches!(item.state, ItemState::Rejected { .. }));
}

#[test]
fn backoff_doubles_with_jitter_and_is_capped() {
    assert_eq!(backoff_ms(0, 0.0), 1_000);
    assert_eq!(backoff_ms(0, 0.999_999), 1_999);
    assert_eq!(backoff_ms(1, 0.0), 2_000);
    assert_eq!(backoff_ms(2, 0.0), 4_000);
    assert_eq!(backoff_ms(20, 0.0), BACKOFF_CAP_MS / 2);
    assert_eq!(backoff_ms(u32::MAX, 1.0), BACKOFF_CAP_MS);
    for attempt in 0..12 {
        assert!(backoff_ms(attempt, 0.0) <= backoff_ms(attempt + 1, 0.0));
    }
}

#[test]
fn status_codes_are_classified() {
    let transient = |s| {
        matches!(
            classify(s, None, String::new()),
            SendFailure::Transient { .. }
        )
    };
    for s in [408, 429, 500, 502, 503, 504] {
        assert!(transient(s), "{s}");
    }
    for s in [400, 401, 403, 404, 413, 415, 422] {
        assert!(!transient(s), "{s}");
    }
    assert_eq!(
        classify(503, Some("30"), String::new()),
        SendFailure::Transient {
            retry_after_ms: Some(30_000)
        }
    );
}

#[test]
fn due_batch_takes_the_oldest_due_items() {
    let mut a = draft();
    a.comment.id = "a".into();
    a.submit(5).expect("valid");
    let mut b = draft();
    b.comment.id = "b".into();
    b.submit(3).expect("valid");
    let mut c = draft();
    c.comment.id = "c".into();
    c.submit(4).expect("valid");
    c.start_sending(4).expect("queued");
    c.failed(
        &SendFailure::Transient {
            retry_after_ms: None,
        },
        4,
        0.0,
    );
    let d = draft();
    let items = vec![a, b, c, d];
    assert_eq!(due_batch(&items, 10, 10), vec!["b", "a"]);
    assert_eq!(due_batch(&items, 10, 1), vec!["b"]);
    assert_eq!(next_wakeup(&items), Some(3));
}

#[test]
fn a_withdrawn_comment_keeps_nothing_personal() {
    let mut item = draft();
    item.edit(
        "Bildung fehlt.".into(),
        Some("Herr K.".into()),
        Some("Wirtschaft".into()),
        true,
        5,
    )
    .expect("editable");
    item.submit(6).expect("valid");
    item.start_sending(6).expect("queued");
    item.apply(&result(Outcome::Created), 7);
    item.withdrawn(8);
    assert_eq!(item.state, ItemState::Withdrawn);
    assert!(item.comment.text.is_empty());
    assert_eq!(item.comment.name, None);
    assert_eq!(item.comment.self_description, None);
    assert!(!item.is_editable() && !item.is_pending());
}

#[test]
fn stored_form_round_trips_and_recovers_interrupted_sends() {
    let mut item = draft();
    item.submit(0).expect("valid");
    let json = encode(&item);
    assert!(json.contains("\"schema\":1"), "{json}");
    assert_eq!(decode(&json), Ok(item.clone()));
    item.start_sending(1).expect("queued");
    let back = decode(&encode(&item)).expect("decodes");
    assert_eq!(
        back.state,
        ItemState::Queued,
        "a send the page died in is redone"
    );
}

#[test]
fn corrupt_and_newer_values_are_reported_not_misread() {
    assert!(matches!(
        decode("{nicht json"),
        Err(DecodeError::Corrupt(_))
    ));
    assert!(matches!(
        decode("{\"text\":\"x\"}"),
        Err(DecodeError::Corrupt(_))
    ));
    assert!(matches!(
        decode("{\"schema\":1,\"item\":{\"state\":\"draft\"}}"),
        Err(DecodeError::Corrupt(_))
    ));
    let newer = encode(&draft()).replace("\"schema\":1", "\"schema\":7");
    assert_eq!(decode(&newer), Err(DecodeError::NewerSchema(7)));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever browser storage holds (another app's value, a half-written item, a
        /// damaged byte): an item or a reason, never a panic.
        #[test]
        fn any_stored_text_decodes_or_fails_cleanly(json in ".*") {
            let _ = decode(&json);
        }

        /// A real stored item, damaged at any place.
        #[test]
        fn a_damaged_item_decodes_or_fails_cleanly(cut in 0usize..600, insert in ".{0,6}") {
            let mut json = encode(&draft());
            let at = json.char_indices().nth(cut).map_or(json.len(), |(i, _)| i);
            json.insert_str(at, &insert);
            if let Ok(item) = decode(&json) {
                prop_assert_eq!(decode(&encode(&item)), Ok(item));
            }
        }

        /// Any status, any Retry-After and any attempt count: a decision, never a panic.
        #[test]
        fn failures_and_backoff_never_panic(
            status in any::<u16>(), retry in proptest::option::of(".*"),
            attempt in any::<u32>(), jitter in any::<f64>(),
        ) {
            let _ = classify(status, retry.as_deref(), String::new());
            prop_assert!(backoff_ms(attempt, jitter) <= BACKOFF_CAP_MS);
        }
    }
}

/// An application goes through the same states as a comment; once the server has it, only
/// the receipt code (not the name or contact) stays on the device.
#[test]
fn an_application_is_queued_sent_once_and_forgets_the_contact() {
    let event = crate::event::tests::event();
    let mut item = OutboxItem::new_application(
        "1c7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c".into(),
        event.id.clone(),
        "2026-11-26T09:00:00.000Z".into(),
        1_000,
    );
    assert!(item.is_application());
    let invalid = item.submit_application(&event, 1_100);
    assert_eq!(
        invalid,
        Err(ApplicationSubmitError::Invalid(
            ApplicationRejection::EmptyName
        ))
    );
    item.edit_application(
        |a| {
            a.name = "Erika Muster".into();
            a.contact = "erika@example.org".into();
            a.attributes.insert("stadtteil".into(), "Zell".into());
            a.consent = true;
        },
        1_200,
    )
    .expect("a draft is editable");
    // The stored form keeps the application while it waits (a reload, another tab).
    let stored = decode(&encode(&item)).expect("reads back");
    assert_eq!(stored, item);
    item.submit_application(&event, 1_300).expect("valid");
    assert!(item.is_due(1_300));
    assert_eq!(
        due_batch(&[item.clone()], 1_300, 10),
        [item.comment.id.clone()]
    );
    item.start_sending(1_301).expect("queued");
    item.failed(
        &SendFailure::Transient {
            retry_after_ms: None,
        },
        1_400,
        0.5,
    );
    assert_eq!(item.state, ItemState::Queued, "offline: it waits");
    assert!(item.edit_application(|a| a.name.clear(), 1_401).is_err());
    item.start_sending(1_500).expect("queued again");
    item.application_received(
        &ApplicationReceipt {
            id: item.comment.id.clone(),
            code: "K7MQ-4X2A".into(),
            received_at: "2026-11-26T09:01:00Z".into(),
        },
        1_600,
    );
    assert!(matches!(item.state, ItemState::Received { .. }));
    assert_eq!(item.receipt_code.as_deref(), Some("K7MQ-4X2A"));
    let kept = item.application.as_ref().expect("still an application");
    assert!(kept.name.is_empty() && kept.contact.is_empty());
    assert_eq!(
        kept.attributes.get("stadtteil").map(String::as_str),
        Some("Zell")
    );
    assert_eq!(
        item.submit_application(&event, 1_700),
        Err(ApplicationSubmitError::NotAllowed),
        "received: never sent twice"
    );
    // A comment is no application.
    assert!(!draft().is_application());
    assert!(draft().edit_application(|_| {}, 1).is_err());
}
