//! Tests of the comment rules: each rule, times, invisible texts, control characters, ids,
//! and property tests with arbitrary Unicode.
use super::*;
use crate::strategy::{EarlierVersion, Section, SectionKind};

fn strategy() -> Strategy {
    let mut s = crate::strategy::tests::strategy(vec![Section {
        id: "leitmotiv-2".into(),
        kind: SectionKind::Leitmotiv,
        number: "2".into(),
        title: "Vorne dabei".into(),
        text: "Text".into(),
        projects: vec![],
        earlier: vec![EarlierVersion {
            date: None,
            text: "alt".into(),
            reason: "Kommentar".into(),
            reconstructed: true,
        }],
        en: None,
        leichte_sprache: None,
    }]);
    s.self_descriptions = vec!["Wirtschaft".into()];
    s
}

pub(crate) fn comment() -> NewComment {
    NewComment {
        id: "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c".into(),
        section_id: "leitmotiv-2".into(),
        section_version: 2,
        text: "Bildung fehlt.".into(),
        name: None,
        self_description: None,
        consent: true,
        created_at: "2026-11-22T10:15:00.000Z".into(),
        receipt_token: Some("0123456789abcdef0123456789abcdef".into()),
        website: None,
    }
}

#[test]
fn a_good_comment_passes() {
    assert_eq!(validate(&comment(), &strategy()), Ok(()));
    let mut c = comment();
    c.name = Some("Herr K.".into());
    c.self_description = Some("Wirtschaft".into());
    c.section_version = 1;
    assert_eq!(validate(&c, &strategy()), Ok(()));
}

#[test]
fn each_rule_rejects_with_its_reason() {
    let s = strategy();
    let check = |f: fn(&mut NewComment), want: Rejection| {
        let mut c = comment();
        f(&mut c);
        assert_eq!(validate(&c, &s), Err(want));
    };
    check(|c| c.text = "  \n ".into(), Rejection::EmptyText);
    check(
        |c| c.text = "ä".repeat(MAX_TEXT_CHARS + 1),
        Rejection::TextTooLong {
            chars: MAX_TEXT_CHARS + 1,
        },
    );
    check(|c| c.name = Some("n".repeat(81)), Rejection::NameTooLong);
    check(|c| c.consent = false, Rejection::NoConsent);
    check(
        |c| c.section_id = "leitmotiv-99".into(),
        Rejection::UnknownSection,
    );
    check(|c| c.section_version = 3, Rejection::UnknownVersion);
    check(|c| c.section_version = 0, Rejection::UnknownVersion);
    check(
        |c| c.self_description = Some("Marsmensch".into()),
        Rejection::UnknownSelfDescription,
    );
    check(|c| c.id = "nicht-eine-uuid".into(), Rejection::BadId);
    check(|c| c.id = c.id.to_uppercase(), Rejection::BadId);
    check(|c| c.created_at = "gestern".into(), Rejection::BadTime);
    check(
        |c| c.receipt_token = Some("kurz".into()),
        Rejection::BadReceipt,
    );
}

#[test]
fn the_limit_counts_characters_not_bytes() {
    let mut c = comment();
    c.text = "ü".repeat(MAX_TEXT_CHARS);
    assert_eq!(validate(&c, &strategy()), Ok(()));
    assert!(Rejection::TextTooLong { chars: 3001 }
        .to_string()
        .contains("3001 Zeichen"));
}

#[test]
fn uuids_from_random_bytes_are_valid_v4() {
    let id = uuid_v4([0xff; 16]);
    assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert!(is_uuid(&id));
    assert!(is_uuid(&uuid_v4([0; 16])));
}

#[test]
fn a_time_that_only_looks_valid_is_refused_without_a_panic() {
    let s = strategy();
    for bad in [
        // The request that once stopped the server: `ä` straddles byte 19.
        "2026-11-22T10:15:0äx",
        "2026-11-22T10:15:0ää+01:00",
        "2026-99-99T99:99:99Z",
        "2026-ab-cdTef:gh:ijZ",
        "2026-02-29T10:15:00Z",
        "2026-11-22T10:15:00",
        "2026-11-22T10:15:00.Z",
        "2026-11-22T10:15:00+1:00",
        "2026-11-22T10:15:00+24:00",
        "2026-11-22 10:15:00Z",
    ] {
        let mut c = comment();
        c.created_at = bad.into();
        assert_eq!(validate(&c, &s), Err(Rejection::BadTime), "{bad}");
    }
    for good in [
        "2026-11-22T10:15:00Z",
        "2026-11-22T10:15:00.123456789Z",
        "2028-02-29T23:59:59+01:00",
        "2026-11-22T10:15:00-05:30",
    ] {
        let mut c = comment();
        c.created_at = good.into();
        assert_eq!(validate(&c, &s), Ok(()), "{good}");
    }
}

#[test]
fn invisible_texts_and_control_characters_are_refused() {
    let s = strategy();
    let check = |text: &str, name: Option<&str>, want: Rejection| {
        let mut c = comment();
        c.text = text.into();
        c.name = name.map(Into::into);
        assert_eq!(validate(&c, &s), Err(want), "{text:?} {name:?}");
    };
    check(
        "\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}",
        None,
        Rejection::EmptyText,
    );
    check(" \u{00ad}\n\u{202e}", None, Rejection::EmptyText);
    check("Bildung\u{0000}", None, Rejection::TextControlCharacters);
    check(
        "Bildung\u{001b}[31m",
        None,
        Rejection::TextControlCharacters,
    );
    check("abc\u{202e}fed", None, Rejection::TextControlCharacters);
    check("abc\u{2066}x", None, Rejection::TextControlCharacters);
    for name in [
        "Herr\rK.",
        "Herr\nK.",
        "\u{1b}[2J",
        "K\u{0}",
        "\u{202e}nivlek",
        "a\u{2029}b",
    ] {
        check("Bildung", Some(name), Rejection::NameControlCharacters);
    }
    // Line breaks and tabs belong in a comment; letters of any script too.
    let mut c = comment();
    c.text = "Erstens:\r\n\tBildung.\nZweitens: مدرسة 学校 👩‍👩‍👧".into();
    c.name = Some("Zoë Ağaoğlu-Śmiałek".into());
    assert_eq!(validate(&c, &s), Ok(()));
}

#[test]
fn the_nil_and_max_uuids_are_no_ids() {
    assert!(!is_uuid("00000000-0000-0000-0000-000000000000"));
    assert!(!is_uuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
    assert!(!is_uuid("0b7e3c1a-5f2d-4c8e-1a6b-1d2e3f4a5b6c"), "variant");
    assert!(
        is_uuid("0b7e3c1a-5f2d-7c8e-9a6b-1d2e3f4a5b6c"),
        "v7 is fine"
    );
    assert!(!is_uuid("0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6ä"));
}

mod properties {
    use super::{
        check_input, is_receipt_token, is_rfc3339, is_uuid, strategy, uuid_v4, validate, NewComment,
    };
    use proptest::prelude::*;

    fn any_comment() -> impl proptest::strategy::Strategy<Value = NewComment> {
        (
            (".*", ".*", any::<u32>(), ".{0,3100}"),
            (
                proptest::option::of(".*"),
                proptest::option::of(".*"),
                any::<bool>(),
                ".{0,40}",
                proptest::option::of(".*"),
            ),
        )
            .prop_map(
                |((id, section_id, section_version, text), (name, d, consent, at, r))| NewComment {
                    id,
                    section_id,
                    section_version,
                    text,
                    name,
                    self_description: d,
                    consent,
                    created_at: at,
                    receipt_token: r,
                    website: None,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any Unicode in any field: an answer, never a panic.
        #[test]
        fn validate_never_panics(c in any_comment()) {
            let _ = validate(&c, &strategy());
            let _ = check_input(&c.text, c.name.as_deref(), c.consent);
        }

        /// Near-misses of a real time, byte by byte: never a panic, and what the
        /// shape check lets through is a time chrono can read.
        #[test]
        fn time_check_never_panics_and_agrees_with_chrono(
            mut s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})",
            cut in 0usize..40,
            insert in ".{0,3}",
        ) {
            let at = s.char_indices().nth(cut).map_or(s.len(), |(i, _)| i);
            s.insert_str(at, &insert);
            if is_rfc3339(&s) {
                prop_assert!(chrono::DateTime::parse_from_rfc3339(&s).is_ok(), "{}", s);
            }
        }

        #[test]
        fn ids_and_tokens_never_panic(s in ".*") {
            let _ = is_uuid(&s);
            let _ = is_receipt_token(&s);
            let _ = is_rfc3339(&s);
        }

        /// Whatever the random bytes, the id made of them is accepted.
        #[test]
        fn made_ids_are_ids(bytes in any::<[u8; 16]>()) {
            prop_assert!(is_uuid(&uuid_v4(bytes)));
        }
    }
}

#[test]
fn unknown_fields_are_refused() {
    let json = r#"{"id":"0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c","section_id":"x",
        "section_version":1,"text":"t","consent":true,"created_at":"2026-11-22T10:15:00Z",
        "email":"a@b.c"}"#;
    assert!(serde_json::from_str::<NewComment>(json).is_err());
}

#[test]
fn only_a_filled_in_honeypot_marks_a_comment() {
    let mut c = comment();
    assert!(!c.is_trapped());
    c.website = Some(String::new());
    assert!(!c.is_trapped());
    c.website = Some("https://uhren.example".into());
    assert!(c.is_trapped());
    // The app leaves the field out of the JSON unless a bot filled it in.
    let json = serde_json::to_string(&comment()).unwrap();
    assert!(!json.contains("website"), "{json}");
}

#[test]
fn every_rejection_crosses_the_wire_as_its_code() {
    let all = [
        Rejection::EmptyText,
        Rejection::TextControlCharacters,
        Rejection::TextTooLong { chars: 5 },
        Rejection::NameTooLong,
        Rejection::NameControlCharacters,
        Rejection::NoConsent,
        Rejection::UnknownSection,
        Rejection::UnknownVersion,
        Rejection::UnknownSelfDescription,
        Rejection::BadId,
        Rejection::BadTime,
        Rejection::BadReceipt,
    ];
    for r in all {
        assert_eq!(
            Rejection::from_code(r.code(), "12345"),
            Some(r.clone()),
            "{r:?}"
        );
    }
    assert_eq!(Rejection::from_code("something_new", "x"), None);
}

/// Text that only looks visible is invisible; staff texts follow the comments' rules
/// (issue 21, item 6).
mod invisible_and_staff_texts {
    use crate::api::{AnswerInput, AnswerStatus};
    use crate::comment::{check_input, is_empty_to_readers, is_publishable_text, Rejection};
    use crate::moderation::{check_answer, check_reject, StaffInputError};
    use crate::template::{check_template, NewTemplate};
    use proptest::prelude::*;

    #[test]
    fn what_shows_nothing_is_empty() {
        assert_eq!(
            check_input("Ein Kommentar", Some("\u{2800}\u{e0041}"), true),
            Err(Rejection::NameControlCharacters)
        );
        for text in [
            "\u{2800}\u{2800}\u{2800}",
            "\u{e0041}\u{e0042}\u{e0043}",
            &"\u{0301}".repeat(3000),
            " \u{200b}\u{2800} \u{0300}",
        ] {
            assert!(is_empty_to_readers(text), "{text:?}");
            assert_eq!(check_input(text, None, true), Err(Rejection::EmptyText));
            assert!(
                check_input("Ein Kommentar", Some(text), true).is_err(),
                "an invisible author"
            );
        }
        // Letters with their accents are text, also stacked as in Vietnamese.
        assert!(!is_empty_to_readers("Ñandú"));
        assert_eq!(
            check_input("Tiê\u{0323}\u{0301}ng Viê\u{0323}t", None, true),
            Ok(())
        );
        // A letter under a pile of marks is a smear over the lines around it.
        let pile = format!("a{}", "\u{0301}".repeat(50));
        assert_eq!(
            check_input(&pile, None, true),
            Err(Rejection::TextControlCharacters)
        );
    }

    fn answer(text: &str, reason: Option<&str>) -> AnswerInput {
        AnswerInput {
            text: text.into(),
            status: AnswerStatus::NichtBeruecksichtigt,
            reason: reason.map(str::to_owned),
            revision: None,
            revision_confirmed: false,
        }
    }

    #[test]
    fn staff_texts_follow_the_comments_rules() {
        let strategy = super::strategy();
        let bad = [
            "Antwort\0mit NUL",
            "Antwort \u{202e}rückwärts",
            "\u{2800}\u{2800}",
        ];
        for text in bad {
            assert_eq!(
                check_answer(&answer(text, Some("Grund")), &strategy).map(|_| ()),
                Err(StaffInputError::Unreadable),
                "{text:?}"
            );
            assert!(check_template(&NewTemplate {
                title: "Titel".into(),
                text: text.into()
            })
            .is_err());
            assert!(check_template(&NewTemplate {
                title: text.into(),
                text: "Text".into()
            })
            .is_err());
        }
        for reason in ["Grund\0", "\u{202e}Grund"] {
            assert_eq!(
                check_answer(&answer("Danke.", Some(reason)), &strategy).map(|_| ()),
                Err(StaffInputError::Unreadable)
            );
            assert_eq!(
                check_reject(&crate::api::RejectInput {
                    reason: reason.into()
                }),
                Err(StaffInputError::Unreadable)
            );
        }
        // A reason that shows nothing is no reason.
        assert_eq!(
            check_answer(&answer("Danke.", Some("\u{2800}")), &strategy).map(|_| ()),
            Err(StaffInputError::ReasonMissing)
        );
        assert!(check_answer(&answer("Danke.\nZweite Zeile.", Some("Grund")), &strategy).is_ok());
    }

    proptest! {
        /// Any Unicode as a staff text or name is checked without a panic.
        #[test]
        fn any_text_is_checked(text in any::<String>()) {
            let _ = is_publishable_text(&text);
            let _ = check_input(&text, Some(&text), true);
            let _ = check_template(&NewTemplate { title: text.clone(), text: text.clone() });
        }
    }
}
