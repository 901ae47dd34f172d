//! The administration's own texts, kept out of the citizens' bundle: only the
//! administration's pages use them, so they are compiled into its wasm alone. German now;
//! a second language is one more [`AdminTexts`] value.

use mitreden_model::api::ModerationState;
use mitreden_model::moderation::ListSort;

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

/// The administration's texts (German).
pub fn admin_t() -> &'static AdminTexts {
    &DE
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
