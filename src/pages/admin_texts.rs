//! The administration's own texts, kept out of the citizens' bundle: only the
//! administration's pages use them, so they are compiled into its wasm alone. German and
//! English; a language is one more [`AdminTexts`] value.

use leptos::prelude::use_context;
use mitreden_model::api::ModerationState;
use mitreden_model::moderation::ListSort;

use crate::i18n::Locale;

/// The administration's texts of one language. Texts with values are functions.
pub struct AdminTexts {
    /// A comment's moderation state in words ("eingegangen", never the stored `received`).
    pub state: fn(ModerationState) -> &'static str,
    /// Caption of the list of comments.
    pub list_caption: &'static str,
    /// Column: the selection box.
    pub col_select: &'static str,
    /// Column: the comment's first words (a button that shows it beside the list).
    pub col_text: &'static str,
    /// Column: section.
    pub col_section: &'static str,
    /// Column: when it arrived.
    pub col_received: &'static str,
    /// Column: moderation state.
    pub col_state: &'static str,
    /// Column: the answer's status.
    pub col_answer: &'static str,
    /// Column: the kiosk it came from.
    pub col_kiosk: &'static str,
    /// In the answer column: not answered yet.
    pub no_answer: &'static str,
    /// Heading of the detail pane: "Kommentar vom …".
    pub detail_heading: fn(&str) -> String,
    /// Name of the detail pane.
    pub detail_label: &'static str,
    /// The detail pane with nothing chosen.
    pub detail_empty: &'static str,
    /// Selects every comment matching the filter, on all pages.
    pub select_matching: fn(u64) -> String,
    /// Told while the matching comments are gathered.
    pub selecting: &'static str,
    /// Told when they are selected.
    pub selected: fn(usize) -> String,
    /// An order of the list, in words.
    pub list_sort: fn(ListSort) -> &'static str,
    /// Heading of the answer templates.
    pub templates: &'static str,
    /// What templates are for.
    pub templates_text: &'static str,
    /// There are none yet.
    pub templates_empty: &'static str,
    /// Label of the template picker in the answer form.
    pub template_pick: &'static str,
    /// Its first option.
    pub template_none: &'static str,
    /// Told after a template went into the answer.
    pub template_inserted: fn(&str) -> String,
    /// Label: a new template's title.
    pub template_title: &'static str,
    /// Label: a new template's text.
    pub template_text: &'static str,
    /// Button: save the new template.
    pub template_save: &'static str,
    /// Told after saving one.
    pub template_saved: &'static str,
    /// Button: delete one (names it).
    pub template_delete: fn(&str) -> String,
    /// Told after deleting one.
    pub template_deleted: &'static str,
    /// Heading of the results for the council and the public.
    pub results: &'static str,
    /// Link to the council's printable report.
    pub report_link: &'static str,
    /// Link to the figures with charts.
    pub figures_link: &'static str,
    /// Link to the citizens' print view of the strategy.
    pub print_link: &'static str,
}

/// The administration's texts of the current locale (from context, German where none is
/// provided), like [`crate::i18n::t`].
pub fn admin_t() -> &'static AdminTexts {
    match use_context::<Locale>().unwrap_or_default() {
        Locale::De => &DE,
        Locale::En => &EN,
    }
}

static DE: AdminTexts = AdminTexts {
    state: |s| match s {
        ModerationState::Received => "eingegangen",
        ModerationState::Published => "veröffentlicht",
        ModerationState::Rejected => "abgelehnt",
        ModerationState::Withdrawn => "zurückgezogen",
    },
    list_caption: "Kommentare",
    col_select: "Auswahl",
    col_text: "Anfang",
    col_section: "Abschnitt",
    col_received: "Eingegangen",
    col_state: "Stand",
    col_answer: "Antwort",
    col_kiosk: "Kiosk",
    no_answer: "keine",
    detail_heading: |at| format!("Kommentar vom {at}"),
    detail_label: "Gewählter Kommentar",
    detail_empty: "Kein Kommentar gewählt: Wählen Sie einen in der Liste.",
    select_matching: |n| format!("Alle {n} Treffer auswählen"),
    selecting: "Die Treffer werden ausgewählt …",
    selected: |n| format!("{n} ausgewählt."),
    list_sort: |s| match s {
        ListSort::Oldest => "älteste zuerst",
        ListSort::Newest => "neueste zuerst",
        ListSort::Section => "nach Abschnitt",
        ListSort::State => "nach Stand",
        ListSort::Answer => "nach Antwort (unbeantwortet zuerst)",
        ListSort::Kiosk => "nach Kiosk",
    },
    templates: "Antwortvorlagen",
    templates_text: "Standardantworten, die im Antwortformular eingefügt werden können. \
        Eine Vorlage ersetzt nie, was schon im Feld steht; sie wird angehängt.",
    templates_empty: "Noch keine Vorlagen.",
    template_pick: "Vorlage einfügen",
    template_none: "– keine –",
    template_inserted: |title| format!("Vorlage „{title}“ eingefügt."),
    template_title: "Titel der Vorlage",
    template_text: "Text der Vorlage",
    template_save: "Vorlage speichern",
    template_saved: "Vorlage gespeichert.",
    template_delete: |title| format!("Vorlage „{title}“ löschen"),
    template_deleted: "Vorlage gelöscht.",
    results: "Ergebnisse",
    report_link: "Bericht für den Gemeinderat (zum Drucken oder als PDF)",
    figures_link: "Zahlen und Diagramme",
    print_link: "Die Strategie zum Mitnehmen (Druckfassung)",
};

static EN: AdminTexts = AdminTexts {
    state: |s| match s {
        ModerationState::Received => "received",
        ModerationState::Published => "published",
        ModerationState::Rejected => "rejected",
        ModerationState::Withdrawn => "withdrawn",
    },
    list_caption: "Comments",
    col_select: "Selection",
    col_text: "Beginning",
    col_section: "Section",
    col_received: "Received",
    col_state: "Status",
    col_answer: "Response",
    col_kiosk: "Kiosk",
    no_answer: "none",
    detail_heading: |at| format!("Comment from {at}"),
    detail_label: "Selected comment",
    detail_empty: "No comment selected: choose one in the list.",
    select_matching: |n| format!("Select all {n} matches"),
    selecting: "Selecting the matches …",
    selected: |n| format!("{n} selected."),
    list_sort: |s| match s {
        ListSort::Oldest => "oldest first",
        ListSort::Newest => "newest first",
        ListSort::Section => "by section",
        ListSort::State => "by status",
        ListSort::Answer => "by response (unanswered first)",
        ListSort::Kiosk => "by kiosk",
    },
    templates: "Response templates",
    templates_text: "Standard responses that can be inserted in the response form. A \
        template never replaces what is already in the field; it is added at the end.",
    templates_empty: "No templates yet.",
    template_pick: "Insert template",
    template_none: "– none –",
    template_inserted: |title| format!("Template “{title}” inserted."),
    template_title: "Title of the template",
    template_text: "Text of the template",
    template_save: "Save template",
    template_saved: "Template saved.",
    template_delete: |title| format!("Delete template “{title}”"),
    template_deleted: "Template deleted.",
    results: "Results",
    report_link: "Report for the town council (to print or as PDF)",
    figures_link: "Figures and charts",
    print_link: "The strategy to take away (print version)",
};

/// Run with the i18n tests (`cargo test -p mitreden --lib i18n`).
#[cfg(test)]
mod i18n_tests {
    use super::{AdminTexts, DE, EN};
    use crate::i18n::check::{assert_translated, call, plain, Sample};
    use mitreden_model::api::ModerationState;
    use mitreden_model::moderation::ListSort;

    /// Texts that are rightly the same in both languages.
    const SAME_IN_BOTH: [&str; 1] = ["col_kiosk"];

    /// Every text of one language, as in `crate::i18n`'s test: a field added to
    /// [`AdminTexts`] fails to compile here until it is sampled.
    #[deny(unused_variables)]
    #[allow(clippy::vec_init_then_push, reason = "the macros push one sample per field")]
    fn samples(texts: &'static AdminTexts) -> Vec<Sample> {
        let AdminTexts {
            state,
            list_caption,
            col_select,
            col_text,
            col_section,
            col_received,
            col_state,
            col_answer,
            col_kiosk,
            no_answer,
            detail_heading,
            detail_label,
            detail_empty,
            select_matching,
            selecting,
            selected,
            list_sort,
            templates,
            templates_text,
            templates_empty,
            template_pick,
            template_none,
            template_inserted,
            template_title,
            template_text,
            template_save,
            template_saved,
            template_delete,
            template_deleted,
            results,
            report_link,
            figures_link,
            print_link,
        } = texts;
        let mut out = Vec::new();
        plain!(out;
            list_caption, col_select, col_text, col_section, col_received, col_state,
            col_answer, col_kiosk, no_answer, detail_label, detail_empty, selecting,
            templates, templates_text, templates_empty, template_pick, template_none,
            template_title, template_text, template_save, template_saved, template_deleted,
            results, report_link, figures_link, print_link,
        );
        for s in ModerationState::ALL {
            out.push(Sample {
                name: format!("state({s:?})"),
                text: state(s).to_owned(),
                values: Vec::new(),
            });
        }
        for s in ListSort::ALL {
            out.push(Sample {
                name: format!("list_sort({s:?})"),
                text: list_sort(s).to_owned(),
                values: Vec::new(),
            });
        }
        call!(out; detail_heading("22.11.2026, 11:16"));
        call!(out; select_matching(2000));
        call!(out; selected(12));
        call!(out; template_inserted("Dank"));
        call!(out; template_delete("Dank"));
        out
    }

    #[test]
    fn no_admin_text_is_missing_in_one_language() {
        assert_translated(&samples(&DE), &samples(&EN), &SAME_IN_BOTH);
    }
}
