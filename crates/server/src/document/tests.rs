//! The readers on files LibreOffice Writer wrote (`tests/fixtures/documents`, made by its
//! `make.py`), on Markdown, and on broken and hostile input.

use std::io::Write;

use mitreden_model::versions::{DocumentFormat, DroppedKind};
use mitreden_model::Strategy;
use proptest::prelude::*;

use super::outline::Block;
use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/documents/"
    );
    std::fs::read(format!("{path}{name}")).expect("the fixture (make.py writes it)")
}

fn sindelfingen() -> Strategy {
    let source = include_str!("../../../../content/sindelfingen.toml");
    crate::strategy::read("sindelfingen.toml", source).expect("the seed file reads")
}

const TODAY: &str = "2026-12-06";

fn dropped(import: &DocumentImport) -> Vec<(DroppedKind, &str, u32)> {
    import
        .dropped
        .iter()
        .map(|d| (d.what, d.near.as_str(), d.count))
        .collect()
}

/// What both office formats of the same document must give.
fn check_musterstadt(import: &DocumentImport) {
    let strategy = crate::strategy::read("x.toml", &import.upload.source).expect("reads");
    assert_eq!(strategy.title, "Digitalstrategie Musterstadt");
    assert_eq!(
        strategy.introduction,
        "Die Stadt legt ihrer Strategie drei Ziele zugrunde.\n\nWir freuen uns auf Ihre Anmerkungen."
    );
    let ids: Vec<&str> = strategy.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["ziel-1", "ziel-2", "ziel-3"]);
    let first = &strategy.sections[0];
    assert_eq!(first.title, "Verwaltung online");
    assert_eq!(
        first.text,
        "Alle Anträge sollen online gestellt werden können.\n\n– Meldebescheinigung\n\n– Anwohnerparkausweis"
    );
    // The table's cells are not text of the section; the subheading is.
    assert_eq!(
        strategy.sections[1].text,
        "Die Stadt veröffentlicht ihre Daten.\n\nDie Karte:\n\nZeitplan\n\nBis 2028."
    );
    assert_eq!(import.sections[2].heading, "Ziel 3: Bildung");
    assert_eq!(import.upload.file_name, "musterstadt.toml");
    let kinds: Vec<DroppedKind> = import.dropped.iter().map(|d| d.what).collect();
    for kind in [
        DroppedKind::Contents,
        DroppedKind::Comment,
        DroppedKind::Formatting,
        DroppedKind::List,
        DroppedKind::Table,
        DroppedKind::Image,
        DroppedKind::Subheading,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} in {:?}", import.dropped);
    }
    assert!(dropped(import).contains(&(DroppedKind::Table, "Ziel 2: Offene Daten", 1)));
    assert!(dropped(import).contains(&(DroppedKind::Contents, "Digitalstrategie Musterstadt", 1)));
    assert!(dropped(import).contains(&(DroppedKind::Image, "Ziel 2: Offene Daten", 1)));
}

#[test]
fn a_word_file_as_libreoffice_writes_it_becomes_title_introduction_and_sections() {
    let import = read(
        "musterstadt.docx",
        &fixture("musterstadt.docx"),
        &sindelfingen(),
        TODAY,
    )
    .expect("reads");
    assert_eq!(import.format, DocumentFormat::Docx);
    check_musterstadt(&import);
}

#[test]
fn an_opendocument_file_gives_the_same() {
    let import = read(
        "musterstadt.odt",
        &fixture("musterstadt.odt"),
        &sindelfingen(),
        TODAY,
    )
    .expect("reads");
    assert_eq!(import.format, DocumentFormat::Odt);
    check_musterstadt(&import);
}

#[test]
fn the_towns_own_text_from_word_keeps_every_section_translation_and_earlier_version() {
    let current = sindelfingen();
    for name in ["sindelfingen.docx", "sindelfingen.odt"] {
        let import = read(name, &fixture(name), &current, TODAY).expect("reads");
        let strategy = crate::strategy::read("x.toml", &import.upload.source).expect("reads");
        assert_eq!(strategy.title, current.title, "{name}");
        assert_eq!(strategy.sections.len(), 10, "{name}");
        for (new, old) in strategy.sections.iter().zip(&current.sections) {
            assert_eq!(new.id, old.id, "{name}");
            assert_eq!(new.text, old.text, "{name}: {}", old.id);
            assert_eq!(new.earlier, old.earlier, "{name}: {}", old.id);
            assert_eq!(new.en, old.en, "{name}: {}", old.id);
        }
        // The same text: nothing changes for citizens.
        let preview = mitreden_model::versions::preview(Some(&current), &strategy);
        assert!(preview.can_be_stored(), "{name}");
    }
}

#[test]
fn a_changed_text_keeps_the_current_one_as_an_earlier_version() {
    let current = sindelfingen();
    let markdown = format!(
        "# {}\n\n## Leitmotiv 1: Der Mensch im Mittelpunkt\n\nEin neuer Text.\n",
        current.title
    );
    let import = read("neu.md", markdown.as_bytes(), &current, TODAY).expect("reads");
    assert_eq!(import.format, DocumentFormat::Markdown);
    let strategy = crate::strategy::read("x.toml", &import.upload.source).expect("reads");
    let section = &strategy.sections[0];
    assert_eq!(section.text, "Ein neuer Text.");
    assert_eq!(section.version(), 2);
    assert_eq!(section.earlier[0].text, current.sections[0].text);
    assert_eq!(section.earlier[0].date.as_deref(), Some(TODAY));
    assert!(section.en.is_none());
    assert!(dropped(&import).contains(&(
        DroppedKind::OutdatedRendering,
        "Leitmotiv 1: Der Mensch im Mittelpunkt",
        1
    )));
    // Only one section: the other nine are gone (the preview says so).
    assert_eq!(strategy.sections.len(), 1);
}

#[test]
fn markdown_headings_lists_images_and_bold() {
    let text = "Titel\n=====\n\nEinleitung mit **fett**.\n\n## 1. Erstens\n\nText ![Bild](a.png) hier.\n\n- a\n- b\n  weiter\n\nBürger*innen.\n\n| a | b |\n|---|---|\n\n## Zweitens\n\nMehr.\n";
    let outline = markdown::read(text).expect("reads");
    assert_eq!(
        outline.blocks(),
        [
            Block::Heading(1, "Titel".into()),
            Block::Paragraph("Einleitung mit fett.".into()),
            Block::Heading(2, "1. Erstens".into()),
            Block::Paragraph("Text hier.".into()),
            Block::Item("a".into()),
            Block::Item("b weiter".into()),
            Block::Paragraph("Bürger*innen.".into()),
            Block::Heading(2, "Zweitens".into()),
            Block::Paragraph("Mehr.".into()),
        ]
    );
    let kinds: Vec<DroppedKind> = outline.dropped_parts().iter().map(|d| d.what).collect();
    assert_eq!(
        kinds,
        [
            DroppedKind::Formatting,
            DroppedKind::Image,
            DroppedKind::List,
            DroppedKind::Table
        ]
    );
    let import = read("x.md", text.as_bytes(), &sindelfingen(), TODAY).expect("reads");
    let ids: Vec<&str> = import.sections.iter().map(|s| s.id.as_str()).collect();
    // Sindelfingen's sections are Leitmotive: an unnamed kind is the current first one.
    assert_eq!(ids, ["leitmotiv-1", "leitmotiv-2"]);
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, data) in parts {
            zip.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .expect("a zip entry");
            zip.write_all(data).expect("written");
        }
        zip.finish().expect("a zip");
    }
    out.into_inner()
}

fn refused(name: &str, bytes: &[u8]) -> String {
    read(name, bytes, &sindelfingen(), TODAY).expect_err("refused")
}

#[test]
fn broken_and_hostile_files_are_refused_with_a_reason() {
    let docx = fixture("musterstadt.docx");
    // Truncated: the zip's directory is at its end.
    assert!(refused("kaputt.docx", &docx[..docx.len() / 2]).contains("kein vollständiges"));
    // Too large.
    let big = vec![b'a'; MAX_DOCUMENT_BYTES + 1];
    assert!(refused("gross.md", &big).contains("höchstens 16 MB"));
    // A zip bomb: 64 MB of one character, a few KB packed.
    let bomb = vec![b'<'; 64 * 1024 * 1024];
    let zipped = zip_of(&[("word/document.xml", &bomb)]);
    assert!(zipped.len() < 1024 * 1024, "{}", zipped.len());
    assert!(refused("bombe.docx", &zipped).contains("Zip-Bombe"));
    // Empty, no headings, invalid UTF-8, not an office file, a broken strategy file.
    assert!(refused("leer.md", b"  \n").contains("leer"));
    assert!(refused("ohne.md", b"Nur Text.\n\nNoch mehr.").contains("keine Überschriften"));
    assert!(refused("bytes.md", b"# Titel\n\n\xff\xfe").contains("Stelle 10"));
    assert!(refused("archiv.zip", &zip_of(&[("a.txt", b"x")])).contains("weder ein Word"));
    assert!(refused("s.toml", b"id = \"x\"\ntown = ").contains("s.toml"));
    assert!(refused(
        "leer.docx",
        &zip_of(&[("word/document.xml", b"<w:document/>")])
    )
    .contains("keine Überschriften"));
    assert!(refused(
        "xml.docx",
        &zip_of(&[("word/document.xml", b"<w:document><w:p></w:x>")])
    )
    .contains("kein gültiges XML"));
    // A heading without text, two headings with the same number.
    assert!(refused("x.md", b"# A\n\n## Ziel 1\n\n## Ziel 2\n\nText").contains("kein Text"));
    assert!(
        refused("x.md", b"## Ziel 1: a\n\nx\n\n## Ziel 1: b\n\ny").contains("denselben Abschnitt")
    );
}

#[test]
fn ten_thousand_headings_are_refused_by_the_sections_limit() {
    let text: String = (0..10_000)
        .map(|i| format!("## Ziel {i}\n\nText {i}.\n\n"))
        .collect();
    assert!(refused("viele.md", text.as_bytes()).contains("10000 Überschriften"));
}

#[test]
fn macros_are_reported_and_never_read() {
    let docx = zip_of(&[
        (
            "word/document.xml",
            b"<w:document xmlns:w=\"w\"><w:body><w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>Ziel 1: A &amp; B</w:t></w:r></w:p><w:p><w:r><w:t>Text &#8211; mehr</w:t></w:r></w:p></w:body></w:document>",
        ),
        ("word/vbaProject.bin", b"\x00\x01"),
    ]);
    let import = read("makro.docm", &docx, &sindelfingen(), TODAY).expect("reads");
    assert_eq!(import.dropped[0].what, DroppedKind::Macros);
    assert_eq!(import.sections[0].heading, "Ziel 1: A & B");
    let strategy = crate::strategy::read("x.toml", &import.upload.source).expect("reads");
    assert_eq!(strategy.sections[0].text, "Text – mehr");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary text (any Unicode) as Markdown: read or refused with a reason, never a panic.
    #[test]
    fn any_text_is_read_or_refused(text in "(#{0,3} ?[\\PC\n]{0,40}\n{0,2}){0,12}") {
        let _ = read("x.md", text.as_bytes(), &sindelfingen(), TODAY);
    }

    /// Arbitrary bytes after a zip's signature: refused, never a panic.
    #[test]
    fn any_bytes_are_read_or_refused(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        let _ = read("x.docx", &bytes, &sindelfingen(), TODAY);
    }
}
