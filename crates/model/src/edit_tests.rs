//! Tests of the editor's rules: an edit, its versions and forms, what is refused, the list
//! of sections, and a property test with arbitrary Unicode.
use super::*;
use crate::strategy::tests::section;

fn strategy() -> Strategy {
    let mut s = crate::strategy::tests::strategy(vec![
        section("leitmotiv-1", SectionKind::Leitmotiv),
        section("leitmotiv-2", SectionKind::Leitmotiv),
    ]);
    s.sections[0].text = "Alt.\n\nZweiter Absatz.".into();
    s
}

fn edit(title: &str, text: &str, note: &str) -> SectionEdit {
    SectionEdit {
        based_on: 1,
        title: title.into(),
        text: text.into(),
        note: note.into(),
        renderings: None,
        causes: Vec::new(),
    }
}

#[test]
fn a_changed_text_keeps_the_old_one_with_the_note_as_its_reason() {
    let base = strategy();
    let next = apply_edit(
        &base,
        None,
        "leitmotiv-1",
        &edit("T", "Neu.\r\n\r\n\r\nZweiter Absatz.  ", "Bildung ergänzt."),
        "2026-12-06",
    )
    .expect("stored");
    let s = &next.sections[0];
    assert_eq!(s.text, "Neu.\n\nZweiter Absatz.");
    assert_eq!(s.version(), 2);
    assert_eq!(s.earlier[0].text, "Alt.\n\nZweiter Absatz.");
    assert_eq!(s.earlier[0].reason, "Bildung ergänzt.");
    assert_eq!(s.earlier[0].date.as_deref(), Some("2026-12-06"));
    assert_eq!(next.sections[1], base.sections[1]);
    assert!(changed_between(&base, &next, "leitmotiv-1"));
    assert!(!changed_between(&base, &next, "leitmotiv-2"));
}

#[test]
fn a_title_alone_is_no_new_version_and_needs_no_note() {
    let next = apply_edit(
        &strategy(),
        None,
        "leitmotiv-1",
        &edit("Neu", "Alt.\n\nZweiter Absatz.", ""),
        "d",
    )
    .expect("stored");
    assert_eq!(next.sections[0].title, "Neu");
    assert_eq!(next.sections[0].version(), 1);
}

#[test]
fn a_draft_edited_again_stays_one_version_ahead_of_the_published_text() {
    let published = strategy();
    let once = apply_edit(
        &published,
        Some(&published),
        "leitmotiv-1",
        &edit("T", "Neu.", "Eins."),
        "d1",
    )
    .expect("first edit");
    assert_eq!(once.sections[0].version(), 2);
    let twice = apply_edit(
        &once,
        Some(&published),
        "leitmotiv-1",
        &edit("T", "Neuer.", "Zwei."),
        "d2",
    )
    .expect("second edit");
    let s = &twice.sections[0];
    assert_eq!((s.version(), s.text.as_str()), (2, "Neuer."));
    assert_eq!(s.earlier[0].text, "Alt.\n\nZweiter Absatz.");
    assert_eq!(
        (s.earlier[0].reason.as_str(), s.earlier[0].date.as_deref()),
        ("Zwei.", Some("d2"))
    );
    // Back as citizens read it: no new version, and no note needed.
    let back = apply_edit(
        &twice,
        Some(&published),
        "leitmotiv-1",
        &edit("T", "Alt.\n\nZweiter Absatz.", ""),
        "d3",
    )
    .expect("back");
    assert_eq!(back.sections[0].version(), 1);
    assert_eq!(back.sections[0].text, "Alt.\n\nZweiter Absatz.");
    // With the forms citizens read beside it: a text put back gets them back.
    let mut translated = published.clone();
    translated.sections[0].en = Some(Rendering {
        title: "T".into(),
        text: "Old.".into(),
    });
    let same = translated.sections[0].title.clone();
    let edited = apply_edit(
        &translated,
        Some(&translated),
        "leitmotiv-1",
        &edit(&same, "Neu.", "n"),
        "d",
    )
    .expect("edited");
    assert_eq!(edited.sections[0].en, None, "outdated");
    let restored = apply_edit(
        &edited,
        Some(&translated),
        "leitmotiv-1",
        &edit(&same, "Alt.\n\nZweiter Absatz.", ""),
        "d",
    )
    .expect("back");
    assert_eq!(restored.sections[0], translated.sections[0]);
    // A section new in the draft: its text is rewritten, no version, no note.
    let mut with_new = once.clone();
    let mut added = with_new.sections[1].clone();
    added.id = "leitmotiv-9".into();
    with_new.sections.push(added);
    let rewritten = apply_edit(
        &with_new,
        Some(&published),
        "leitmotiv-9",
        &edit("T", "Anders.", ""),
        "d5",
    )
    .expect("a new section rewritten");
    assert_eq!(rewritten.sections[2].version(), 1);
    assert_eq!(rewritten.sections[2].text, "Anders.");
    // Once published, the next edit is the next version.
    let after = apply_edit(
        &twice,
        Some(&twice),
        "leitmotiv-1",
        &edit("T", "Drei.", "Drei."),
        "d4",
    )
    .expect("after publish");
    assert_eq!(after.sections[0].version(), 3);
}

#[test]
fn renderings_are_kept_when_written_anew_and_left_out_when_outdated() {
    let base = strategy();
    let section = &base.sections[0];
    let mut e = edit(&section.title, &section.text, "");
    e.renderings = Some(Renderings {
        en_title: "Title".into(),
        en_text: "Text.".into(),
        ..Renderings::default()
    });
    let next = apply_edit(&base, None, "leitmotiv-1", &e, "d").expect("a form alone");
    let s = &next.sections[0];
    assert_eq!(
        (s.version(), s.en.as_ref().map(|r| r.title.as_str())),
        (1, Some("Title"))
    );
    assert_eq!(s.leichte_sprache, None);
    // A new text, the forms sent as loaded: outdated, left out.
    let mut changed = edit(&s.title, "Neu.", "Neu.");
    changed.renderings = Some(Renderings::of(s));
    let after = apply_edit(&next, None, "leitmotiv-1", &changed, "d").expect("new text");
    assert_eq!(after.sections[0].en, None);
    // A new text with its English written anew: kept.
    changed.renderings = Some(Renderings {
        en_title: "Title".into(),
        en_text: "New.".into(),
        ..Renderings::default()
    });
    let after = apply_edit(&next, None, "leitmotiv-1", &changed, "d").expect("new text");
    assert_eq!(
        after.sections[0].en.as_ref().map(|r| r.text.as_str()),
        Some("New.")
    );
    // A title without its text is said.
    changed.renderings = Some(Renderings {
        easy_title: "Leicht".into(),
        ..Renderings::default()
    });
    assert_eq!(
        apply_edit(&next, None, "leitmotiv-1", &changed, "d"),
        Err(EditError::HalfRendering)
    );
}

#[test]
fn what_cannot_be_stored_is_said() {
    let base = strategy();
    let text = "Alt.\n\nZweiter Absatz.";
    for (e, why) in [
        (edit("T", text, ""), EditError::Unchanged),
        (edit("T", "Neu.", ""), EditError::NoteMissing),
        (edit("T", "Neu.", " \u{200b} "), EditError::BadNote),
        (
            edit("T", "Neu.", &"x".repeat(MAX_NOTE_CHARS + 1)),
            EditError::BadNote,
        ),
        (edit(" ", text, ""), EditError::Empty),
        (edit("T", "\u{2800}", "n"), EditError::Empty),
    ] {
        assert_eq!(apply_edit(&base, None, "leitmotiv-1", &e, "d"), Err(why));
    }
    assert_eq!(
        apply_edit(&base, None, "leitmotiv-9", &edit("T", "x", "n"), "d"),
        Err(EditError::UnknownSection)
    );
}

#[test]
fn sections_are_added_removed_while_unpublished_and_moved() {
    let base = strategy();
    let add = SectionsChange::Add {
        based_on: 1,
        kind: SectionKind::Ziel,
        number: "A.1".into(),
        title: "Offene Daten".into(),
        text: "Die Stadt veröffentlicht.".into(),
    };
    let added = change_sections(&base, &add, Some(&base)).expect("added");
    assert_eq!(
        outline_of(&added),
        ["leitmotiv-1", "leitmotiv-2", "ziel-a-1"]
    );
    assert_eq!(
        change_sections(&added, &add, Some(&base)),
        Err(EditError::BadNumber)
    );
    let moved = change_sections(
        &added,
        &SectionsChange::Move {
            based_on: 2,
            id: "ziel-a-1".into(),
            up: true,
        },
        Some(&base),
    )
    .expect("moved");
    assert_eq!(
        outline_of(&moved),
        ["leitmotiv-1", "ziel-a-1", "leitmotiv-2"]
    );
    for (id, up) in [("leitmotiv-1", true), ("leitmotiv-2", false)] {
        let change = SectionsChange::Move {
            based_on: 2,
            id: id.into(),
            up,
        };
        assert_eq!(
            change_sections(&moved, &change, None),
            Err(EditError::CannotMove)
        );
    }
    let remove = |id: &str| SectionsChange::Remove {
        based_on: 3,
        id: id.into(),
    };
    assert_eq!(
        change_sections(&moved, &remove("leitmotiv-1"), Some(&base)),
        Err(EditError::Published)
    );
    let removed = change_sections(&moved, &remove("ziel-a-1"), Some(&base)).expect("removed");
    assert_eq!(outline_of(&removed), outline_of(&base));
    let nameless = SectionsChange::Add {
        based_on: 1,
        kind: SectionKind::Ziel,
        number: "–".into(),
        title: "T".into(),
        text: "x".into(),
    };
    assert_eq!(
        change_sections(&base, &nameless, None),
        Err(EditError::BadNumber)
    );
}

proptest::proptest! {
    /// Any Unicode in title, text and note: stored or refused, never a panic; what is
    /// stored has a visible title and text.
    #[test]
    fn any_edit_is_stored_or_refused(title in "\\PC{0,20}", text in "[\\PC\n]{0,80}", note in "\\PC{0,20}") {
        if let Ok(next) = apply_edit(&strategy(), None, "leitmotiv-1", &edit(&title, &text, &note), "d") {
            proptest::prop_assert!(crate::comment::is_publishable_text(&next.sections[0].text));
            proptest::prop_assert!(crate::comment::is_publishable_text(&next.sections[0].title));
        }
    }
}
