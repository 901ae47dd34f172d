//! The administration's own texts, kept out of the citizens' bundle: only the
//! administration's pages use them, so they are compiled into its wasm alone. German and
//! English; a language is one more [`AdminTexts`] value.

use mitreden_model::api::ModerationState;
use mitreden_model::moderation::ListSort;

use mitreden::i18n::Locale;

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
    /// Heading of the administration's area.
    pub admin_heading: &'static str,
    /// Kiosk set-up page: heading.
    pub kiosk_setup_heading: &'static str,
    /// Kiosk set-up page: while the link is checked.
    pub kiosk_setup_working: &'static str,
    /// Kiosk set-up page: done.
    pub kiosk_setup_done: fn(&str) -> String,
    /// Kiosk set-up page: the link has no token.
    pub kiosk_setup_incomplete: &'static str,
    /// Kiosk set-up page: the server knows no such link (used, revoked or mistyped).
    pub kiosk_setup_invalid: &'static str,
    /// Kiosk set-up page: to the start page.
    pub kiosk_setup_start: &'static str,
    /// Administration: label of the search box.
    pub admin_search_label: &'static str,
    /// Administration: the search button.
    pub admin_search: &'static str,
    /// Administration: "1–50 von 2000".
    pub admin_page_info: fn(u64, u64, u64) -> String,
    /// Administration: no new comment waits.
    pub admin_all_done: &'static str,
    /// Administration: nothing matches the filters.
    pub admin_none_match: &'static str,
    /// Administration: the page navigation's name.
    pub admin_pages: &'static str,
    /// Administration: previous page.
    pub admin_previous_page: &'static str,
    /// Administration: next page.
    pub admin_next_page: &'static str,
    /// Administration: the bulk actions' name.
    pub admin_bulk: &'static str,
    /// Administration: selects every comment on the page.
    pub admin_select_page: &'static str,
    /// Administration: clears the selection.
    pub admin_select_none: &'static str,
    /// Administration: the name of one comment's checkbox (its time).
    pub admin_select_one: fn(&str) -> String,
    /// Administration: label of the order.
    pub admin_sort: &'static str,
    /// Administration: publish the selected.
    pub admin_bulk_publish: fn(usize) -> String,
    /// Administration: reject the selected.
    pub admin_bulk_reject: fn(usize) -> String,
    /// Administration: said after a bulk action.
    pub admin_bulk_done: fn(u32) -> String,
    /// Administration: asked before publishing the selected.
    pub admin_bulk_ask_publish: fn(usize) -> String,
    /// Administration: asked before rejecting the selected, with the reason.
    pub admin_bulk_ask_reject: fn(usize, &str) -> String,
    /// Administration: confirms a bulk action.
    pub admin_bulk_yes: &'static str,
    /// Administration: a bulk action about to run, with the seconds left to undo it.
    pub admin_bulk_pending: fn(usize, u64) -> String,
    /// Administration: takes back a bulk action before it runs.
    pub admin_undo: &'static str,
    /// Administration: said after undoing.
    pub admin_undone: &'static str,
    /// Administration: a comment's history (summary).
    pub admin_history: &'static str,
    /// Administration: no action yet.
    pub admin_history_empty: &'static str,
    /// Administration: one history line (time, action, staff, detail).
    pub admin_history_entry: fn(&str, &str, &str, Option<&str>) -> String,
    /// An audit action in words.
    pub audit_action: fn(mitreden_model::moderation::AuditAction) -> &'static str,
    /// Administration: the keys (summary).
    pub admin_keys: &'static str,
    /// Administration: the checkbox that turns the keys on and off.
    pub admin_keys_on: &'static str,
    /// Administration: `j`/`k`.
    pub admin_key_move: &'static str,
    /// Administration: `p`.
    pub admin_key_publish: &'static str,
    /// Administration: `r`.
    pub admin_key_reject: &'static str,
    /// Administration: `a`.
    pub admin_key_answer: &'static str,
    /// Administration: announced after `j`/`k`.
    pub admin_key_position: fn(u32, u32) -> String,
    /// Administration: heading of the exports.
    pub admin_export: &'static str,
    /// Administration: what the exports hold.
    pub admin_export_text: &'static str,
    /// Administration: every comment as CSV.
    pub admin_export_csv: &'static str,
    /// Administration: the export German Excel opens by a double click.
    pub admin_export_excel: &'static str,
    /// Administration: the audit trail as CSV.
    pub admin_export_history: &'static str,
    /// Administration: everything as JSON.
    pub admin_export_json: &'static str,
    /// Administration: the public open data.
    pub admin_open_data: &'static str,
    /// Administration: heading of the accounts.
    pub admin_accounts: &'static str,
    /// Administration: a new account's password.
    pub admin_account_password: &'static str,
    /// Administration: a new account's role.
    pub admin_account_role: &'static str,
    /// Administration: makes the account.
    pub admin_account_make: &'static str,
    /// Administration: said after making it.
    pub admin_account_made: &'static str,
    /// Administration: an account may sign in.
    pub admin_account_active: &'static str,
    /// Administration: an account may not sign in any more.
    pub admin_account_inactive: &'static str,
    /// Administration: deactivates the account (its name for the button's name).
    pub admin_account_deactivate: fn(&str) -> String,
    /// Administration: said after deactivating.
    pub admin_account_deactivated: &'static str,
    /// Administration: one's own new password.
    pub admin_own_password: &'static str,
    /// The current password, asked before a new one is set.
    pub admin_own_password_current: &'static str,
    /// Administration: saves it.
    pub admin_own_password_save: &'static str,
    /// Administration: said after saving it.
    pub admin_password_changed: &'static str,
    /// A citizen waits to be told what becomes of the comment.
    pub notify_waiting: &'static str,
    /// Heading of one's own digest by e-mail.
    pub digest_heading: &'static str,
    /// What the digest is, and who sees the address.
    pub digest_intro: &'static str,
    /// Label of the digest's address.
    pub digest_address: &'static str,
    /// Label of how often.
    pub digest_every: &'static str,
    /// The digest's choice: none.
    pub digest_off: &'static str,
    /// The digest's choice: daily.
    pub digest_daily: &'static str,
    /// The digest's choice: hourly.
    pub digest_hourly: &'static str,
    /// Saves the digest.
    pub digest_save: &'static str,
    /// Said when saved.
    pub digest_saved: &'static str,
    /// A staff role in words.
    pub staff_role: fn(mitreden_model::moderation::StaffRole) -> &'static str,
    /// Administration: heading of the strategy's versions.
    pub strategy_heading: &'static str,
    /// What the versions are, and how a new one comes.
    pub strategy_intro: &'static str,
    /// A version: its number, title and number of sections.
    pub strategy_version: fn(i64, &str, u32) -> String,
    /// The current version, published at …
    pub strategy_current: fn(&str) -> String,
    /// An earlier published version, published at …
    pub strategy_published: fn(&str) -> String,
    /// A draft, stored at … by …
    pub strategy_draft: fn(&str, &str) -> String,
    /// Label of the file input.
    pub strategy_file: &'static str,
    /// While the file is read and compared.
    pub strategy_reading: &'static str,
    /// Heading of the preview of a file.
    pub strategy_preview: fn(&str) -> String,
    /// What happens to a section.
    pub strategy_change: fn(mitreden_model::versions::SectionChange) -> &'static str,
    /// The preview's columns: number, title, version, change.
    pub strategy_columns: [&'static str; 4],
    /// Button: store the file as a draft.
    pub strategy_store: &'static str,
    /// Said when stored: its version.
    pub strategy_stored: fn(i64) -> String,
    /// Said in the preview: the file is stored already.
    pub strategy_already: fn(i64) -> String,
    /// The section editor: heading.
    pub editor_heading: &'static str,
    /// The section editor: what it does.
    pub editor_intro: &'static str,
    /// The stored version the sections come from, and whether it is the published one.
    pub editor_based_on: fn(i64, bool) -> String,
    /// Label: the section chosen.
    pub editor_section: &'static str,
    /// Label: the section's title.
    pub editor_title: &'static str,
    /// Label: the section's text.
    pub editor_text: &'static str,
    /// Label: the note citizens read beside the changes.
    pub editor_note: &'static str,
    /// Said while saving.
    pub editor_saving: &'static str,
    /// Where the text is as citizens read it now.
    pub editor_no_change: &'static str,
    /// Heading of the word diff.
    pub editor_diff: &'static str,
    /// Heading of the preview.
    pub editor_preview: &'static str,
    /// After a conflict: heading of one's own text, not stored.
    pub editor_yours: &'static str,
    /// After a conflict: one's own text back into the fields.
    pub editor_take_yours: &'static str,
    /// Button: the chosen section one place up.
    pub editor_up: &'static str,
    /// Button: the chosen section one place down.
    pub editor_down: &'static str,
    /// Button: remove the chosen section (never published).
    pub editor_remove: &'static str,
    /// The form for a new section (its summary).
    pub editor_add: &'static str,
    /// Label: a new section's kind.
    pub editor_kind: &'static str,
    /// Label: a new section's number.
    pub editor_number: &'static str,
    /// Button: add the new section.
    pub editor_add_button: &'static str,
    /// Label: a new section's title.
    pub editor_new_title: &'static str,
    /// Label: a new section's text.
    pub editor_new_text: &'static str,
    /// The legend of the comments that may be linked to a change.
    pub editor_causes: &'static str,
    /// A section without published comments to link.
    pub editor_no_causes: &'static str,
    /// A comment to link: the version it was written on, when it came.
    pub editor_cause: fn(u32, &str) -> String,
    /// The button that opens a draft's publish confirmation.
    pub publish_open: &'static str,
    /// The confirmation's heading.
    pub publish_heading: fn(i64) -> String,
    /// What citizens will see, before the list of changes.
    pub publish_intro: &'static str,
    /// One changed section in the confirmation: number, title, version, the change.
    pub publish_change: fn(&str, &str, u32, &str) -> String,
    /// No section changes.
    pub publish_nothing: &'static str,
    /// How many comments will show that they led to a new version.
    pub publish_credits: fn(usize) -> String,
    /// The confirming button.
    pub publish_confirm: &'static str,
    /// Why a version cannot be published (a text changed without its new version number).
    pub publish_blocked: &'static str,
    /// Cancelling.
    pub publish_cancel: &'static str,
    /// While publishing.
    pub publish_running: &'static str,
    /// Done: the version, how many comments were credited.
    pub publish_done: fn(i64, usize) -> String,
    /// Who published a version, in the list.
    pub strategy_published_by: fn(&str) -> String,
    /// The link to a section's page as citizens will see it (opens a new tab).
    pub page_preview: &'static str,
    /// The link to the start page as citizens will see it (opens a new tab).
    pub start_preview: &'static str,
    /// The summary of a section's English and Leichte-Sprache forms.
    pub editor_renderings: &'static str,
    /// What happens to them.
    pub editor_renderings_intro: &'static str,
    /// Label: the English title.
    pub editor_en_title: &'static str,
    /// Label: the English text.
    pub editor_en_text: &'static str,
    /// Label: the title in Leichte Sprache.
    pub editor_easy_title: &'static str,
    /// Label: the text in Leichte Sprache.
    pub editor_easy_text: &'static str,
    /// The settings form's heading.
    pub settings_heading: &'static str,
    /// What the settings form does.
    pub settings_intro: &'static str,
    /// The settings' labels, in the form's order (`settings::SETTINGS`).
    pub settings_labels: [&'static str; 13],
    /// The event form's heading.
    pub event_heading: &'static str,
    /// What the event form does, and what it leaves.
    pub event_intro: &'static str,
    /// The event's labels, in the form's order (`settings::EVENT`).
    pub event_labels: [&'static str; 9],
    /// Heading of the event's attributes and quotas.
    pub event_terms_heading: &'static str,
    /// What attributes and quotas are, and when they stay.
    pub event_terms_intro: &'static str,
    /// An attribute's group, by its number.
    pub event_attribute: fn(usize) -> String,
    /// Label of an attribute's label.
    pub event_attribute_label: &'static str,
    /// Label of a value, by its number.
    pub event_value: fn(usize) -> String,
    /// Label of a value's quota, by the value's number.
    pub event_quota: fn(usize) -> String,
    /// Adds a value to an attribute.
    pub event_value_add: &'static str,
    /// Removes a value, by its number.
    pub event_value_remove: fn(usize) -> String,
    /// Adds an attribute.
    pub event_attribute_add: &'static str,
    /// Removes an attribute, by its number.
    pub event_attribute_remove: fn(usize) -> String,
    /// Said when the chosen file is larger than the server takes (MB).
    pub strategy_too_large: fn(usize) -> String,
    /// Heading of the sections found in a document, with its kind.
    pub strategy_found: fn(mitreden_model::versions::DocumentFormat) -> String,
    /// A section found: its heading as written and the section it became.
    pub strategy_found_section: fn(&str, &str, u32) -> String,
    /// Heading of what the strategy does not hold as the document had it.
    pub strategy_dropped: &'static str,
    /// One such part: what, under which heading ("" before the first), how many.
    pub strategy_dropped_part: fn(mitreden_model::versions::DroppedKind, &str, u32) -> String,
    /// Administration: heading of the kiosks.
    pub admin_kiosks: &'static str,
    /// Administration: under a panel whose changes only the role "Verwaltung" may make,
    /// for the role "Moderation".
    pub manages_only: &'static str,
    /// Administration: label of a kiosk.
    pub admin_kiosk_label: &'static str,
    /// Administration: idle time of a kiosk.
    pub admin_kiosk_idle: &'static str,
    /// Administration: "120 s bis zur Warnung".
    pub admin_kiosk_idle_value: fn(u32) -> String,
    /// Administration: the add button.
    pub admin_kiosk_add: &'static str,
    /// Administration: said after adding, above the link.
    pub admin_kiosk_added: &'static str,
    /// Administration: the kiosk's earlier device is no kiosk any more.
    pub admin_kiosk_replaced: &'static str,
    /// Administration: the revoke button.
    pub admin_kiosk_revoke: &'static str,
    /// Administration: said after revoking.
    pub admin_kiosk_revoked: &'static str,
    /// Administration: a kiosk whose link is unused.
    pub admin_kiosk_state_waiting: &'static str,
    /// Administration: a kiosk set up at.
    pub admin_kiosk_state_set_up: fn(&str) -> String,
    /// Administration: a kiosk revoked at.
    pub admin_kiosk_state_revoked: fn(&str) -> String,
    /// Administration: this device is the kiosk.
    pub admin_kiosk_this_device: fn(&str) -> String,
    /// Administration: ends kiosk mode on this device.
    pub admin_kiosk_end: &'static str,
    /// Administration: said after ending it.
    pub admin_kiosk_ended: &'static str,
    /// Administration: label of the kiosk filter.
    pub admin_filter_kiosk: &'static str,
    /// Administration: a comment written on a kiosk.
    pub admin_from_kiosk: fn(&str) -> String,
    /// Sign-in: name.
    pub admin_name: &'static str,
    /// Sign-in: password.
    pub admin_password: &'static str,
    /// Sign-in button.
    pub admin_sign_in: &'static str,
    /// Sign-out button.
    pub admin_sign_out: &'static str,
    /// Label of the state filter.
    pub admin_filter: &'static str,
    /// Filter: new comments.
    pub admin_filter_new: &'static str,
    /// Filter: rejected.
    pub admin_filter_rejected: &'static str,
    /// Filter: all.
    pub admin_filter_all: &'static str,
    /// Label of the section filter.
    pub admin_filter_section: &'static str,
    /// Summary of the counts per section.
    pub admin_counts: &'static str,
    /// Column heading: section.
    pub admin_counts_section: &'static str,
    /// Publish button.
    pub admin_publish: &'static str,
    /// Told after publishing.
    pub admin_published: &'static str,
    /// Reject (summary and button).
    pub admin_reject: &'static str,
    /// Label of the rejection reason.
    pub admin_reject_reason: &'static str,
    /// Told after rejecting.
    pub admin_rejected: &'static str,
    /// Answer (summary).
    pub admin_answer: &'static str,
    /// Label of the answer text.
    pub admin_answer_text: &'static str,
    /// Label of the answer status.
    pub admin_answer_status: &'static str,
    /// Label of the revision pointer.
    pub admin_answer_revision: &'static str,
    /// No revision.
    pub admin_no_revision: &'static str,
    /// A revision that came before the comment (or whose date is unknown): staff confirm.
    pub admin_revision_earlier: &'static str,
    /// Saving refused: that confirmation is missing.
    pub admin_revision_confirm: &'static str,
    /// Rejecting without a chosen or written reason.
    pub admin_reason_missing: &'static str,
    /// Save-answer button.
    pub admin_answer_save: &'static str,
    /// Told after saving an answer.
    pub admin_answer_saved: &'static str,
}

/// The administration's texts of the current locale ([`mitreden::i18n::locale`]), like
/// [`mitreden::i18n::t`].
pub fn admin_t() -> &'static AdminTexts {
    match mitreden::i18n::locale() {
        Locale::De => &DE,
        Locale::En => &EN,
    }
}

pub(crate) static DE: AdminTexts = AdminTexts {
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
    col_state: "Moderation",
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
        ListSort::State => "nach Moderation",
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
    admin_heading: "Verwaltung: Kommentare prüfen und beantworten",
    kiosk_setup_heading: "Kiosk einrichten",
    kiosk_setup_working: "Der Einrichtungslink wird geprüft …",
    kiosk_setup_done: |label| {
        format!(
            "Dieses Gerät ist jetzt der Kiosk „{label}“. Beenden kann den Kiosk-Modus nur \
             die Verwaltung, hier unter /verwaltung/ angemeldet."
        )
    },
    kiosk_setup_incomplete: "Dieser Einrichtungslink ist unvollständig. Bitte öffnen Sie \
        den ganzen Link, den die Verwaltung erstellt hat.",
    kiosk_setup_invalid: "Dieser Einrichtungslink gilt nicht (mehr): Er wurde schon benutzt \
        oder widerrufen. Die Verwaltung kann einen neuen erstellen.",
    kiosk_setup_start: "Zur Startseite",
    admin_search_label: "Suche in Kommentaren und Antworten",
    admin_search: "Suchen",
    admin_page_info: |from, to, total| format!("{from}–{to} von {total}"),
    admin_all_done: "Alles erledigt – kein neuer Kommentar wartet.",
    admin_none_match: "Kein Kommentar passt zu dieser Auswahl.",
    admin_pages: "Seiten der Liste",
    admin_previous_page: "Vorige Seite",
    admin_next_page: "Nächste Seite",
    admin_bulk: "Mehrere auf einmal",
    admin_select_page: "Alle auf dieser Seite auswählen",
    admin_select_none: "Auswahl aufheben",
    admin_select_one: |at| format!("Auswählen: Kommentar vom {at}"),
    admin_sort: "Reihenfolge:",
    admin_bulk_publish: |n| format!("Ausgewählte veröffentlichen ({n})"),
    admin_bulk_reject: |n| format!("Ausgewählte ablehnen ({n})"),
    admin_bulk_done: |n| match n {
        1 => "1 Kommentar geändert.".to_owned(),
        n => format!("{n} Kommentare geändert."),
    },
    admin_bulk_ask_publish: |n| match n {
        1 => "1 Kommentar veröffentlichen?".to_owned(),
        n => format!("{n} Kommentare veröffentlichen?"),
    },
    admin_bulk_ask_reject: |n, reason| match n {
        1 => format!("1 Kommentar ablehnen mit dem Grund „{reason}“?"),
        n => format!("{n} Kommentare ablehnen mit dem Grund „{reason}“?"),
    },
    admin_bulk_yes: "Ja, ändern",
    admin_bulk_pending: |n, secs| match n {
        1 => format!("1 Kommentar wird in {secs} s geändert."),
        n => format!("{n} Kommentare werden in {secs} s geändert."),
    },
    admin_undo: "Rückgängig",
    admin_undone: "Rückgängig gemacht – nichts geändert.",
    admin_history: "Verlauf",
    admin_history_empty: "Noch nichts geschehen.",
    admin_history_entry: |at, action, staff, detail| match detail {
        Some(d) => format!("{at}: {action} von {staff} ({d})"),
        None => format!("{at}: {action} von {staff}"),
    },
    audit_action: |a| {
        use mitreden_model::moderation::AuditAction as A;
        match a {
            A::Published => "veröffentlicht",
            A::Rejected => "abgelehnt",
            A::Answered => "beantwortet",
            A::AnswerChanged => "Antwort geändert",
        }
    },
    admin_keys: "Tastenkürzel",
    admin_keys_on: "Tastenkürzel verwenden (aus, wenn Sie mit Spracheingabe arbeiten)",
    admin_key_move: "zum nächsten / vorigen Kommentar",
    admin_key_publish: "den Kommentar veröffentlichen",
    admin_key_reject: "das Ablehnen öffnen (mit Grund)",
    admin_key_answer: "die Antwort öffnen",
    admin_key_position: |i, n| format!("Kommentar {i} von {n}"),
    admin_export: "Export",
    admin_export_text: "Alles für die Verwaltung: jeder Kommentar mit Stand, Grund, \
        Selbstbeschreibung und Antwort (zurückgezogene ohne Text) und der ganze Verlauf. Nur \
        für den Dienstgebrauch.",
    admin_export_csv: "Alle Kommentare (CSV, Standard für Programme: Komma, UTC, Schlüsselwörter)",
    admin_export_excel: "Alle Kommentare für Excel (Semikolon, Ortszeit, in Worten)",
    admin_export_history: "Der ganze Verlauf (CSV)",
    admin_export_json: "Alles zusammen (JSON)",
    admin_open_data: "Offene Daten: die veröffentlichten Kommentare (CSV, öffentlich)",
    admin_accounts: "Konten",
    admin_account_password: "Erstes Passwort (mindestens 12 Zeichen)",
    admin_account_role: "Rolle",
    admin_account_make: "Konto anlegen",
    admin_account_made: "Konto angelegt.",
    admin_account_active: "aktiv",
    admin_account_inactive: "abgeschaltet",
    admin_account_deactivate: |name| format!("Konto {name} abschalten"),
    admin_account_deactivated: "Konto abgeschaltet; seine Anmeldungen sind beendet.",
    admin_own_password: "Mein neues Passwort (mindestens 12 Zeichen)",
    admin_own_password_current: "Mein bisheriges Passwort",
    admin_own_password_save: "Passwort ändern",
    admin_password_changed: "Passwort geändert.",
    notify_waiting: "Die Person wartet auf eine E-Mail, was aus dem Kommentar wird.",
    digest_heading: "Übersicht per E-Mail",
    digest_intro: "Eine E-Mail, die zählt, wie viele Kommentare auf Moderation warten, je \
                   Abschnitt, mit einem Link zum Arbeitsplatz – nur wenn etwas wartet. Die \
                   Adresse sieht niemand außer Ihnen.",
    digest_address: "Meine E-Mail-Adresse für die Übersicht",
    digest_every: "Wie oft",
    digest_off: "nie",
    digest_daily: "täglich",
    digest_hourly: "stündlich",
    digest_save: "Übersicht speichern",
    digest_saved: "Übersicht gespeichert.",
    staff_role: |r| {
        use mitreden_model::moderation::StaffRole as R;
        match r {
            R::Verwaltung => "Verwaltung (auch Konten)",
            R::Moderation => "Moderation",
        }
    },
    strategy_heading: "Text der Strategie: Fassungen",
    strategy_intro: "Jede Fassung des Textes bleibt gespeichert. Eine neue Fassung lesen Sie \
        aus Ihrem Dokument ein (Word, OpenDocument, Markdown, jeder Abschnitt beginnt mit \
        einer Überschrift) oder aus einer Strategiedatei (TOML): Erst zeigt die Vorschau, \
        welche Abschnitte gefunden wurden, was nicht übernommen wird und was sich gegenüber \
        der aktuellen Fassung ändert; dann speichern Sie sie als Entwurf. Einen Entwurf \
        veröffentlichen Sie mit „Veröffentlichen …“: Erst sagt die Bestätigung, was sich für \
        die Bürgerinnen und Bürger ändert.",
    strategy_version: |n, title, sections| format!("Fassung {n}: {title} ({sections} Abschnitte)"),
    strategy_current: |at| format!("aktuell · veröffentlicht am {at}"),
    strategy_published: |at| format!("früher veröffentlicht, zuletzt am {at}"),
    strategy_draft: |at, by| format!("Entwurf · gespeichert am {at} von {by}"),
    strategy_file: "Dokument oder Strategiedatei einlesen (.docx, .odt, .md, .toml)",
    strategy_reading: "Die Datei wird gelesen und verglichen …",
    strategy_preview: |file| format!("Vorschau: {file}"),
    strategy_change: |c| {
        use mitreden_model::versions::SectionChange as C;
        match c {
            C::New => "neu",
            C::Changed => "geändert",
            C::ChangedWithoutVersion => {
                "Text geändert, aber ohne neue Fassungsnummer (bitte die bisherige Fassung \
                 als [[section.earlier]] aufnehmen)"
            }
            C::Unchanged => "unverändert",
            C::Removed => "entfällt",
        }
    },
    strategy_columns: ["Nr.", "Titel", "Fassung", "Änderung"],
    strategy_store: "Als Entwurf speichern",
    strategy_stored: |n| format!("Als Fassung {n} gespeichert (Entwurf)."),
    strategy_already: |n| format!("Diese Datei ist schon als Fassung {n} gespeichert."),
    editor_heading: "Abschnitte bearbeiten",
    editor_intro: "Ändern Sie Titel und Text eines Abschnitts. Gespeichert wird eine neue \
        Fassung als Entwurf: Bürgerinnen und Bürger sehen sie erst, wenn sie veröffentlicht \
        ist. Ändert sich der Text, sagt die Notiz, was sich geändert hat und warum – sie \
        steht öffentlich neben den Änderungen, und die englische Fassung und die Leichte \
        Sprache des Abschnitts entfallen, bis sie neu geschrieben sind.",
    editor_based_on: |n, published| {
        if published {
            format!("Aus Fassung {n} (veröffentlicht).")
        } else {
            format!("Aus Fassung {n} (Entwurf).")
        }
    },
    editor_section: "Abschnitt",
    editor_title: "Titel",
    editor_text: "Text (Absätze durch eine Leerzeile trennen)",
    editor_note: "Was hat sich geändert und warum? (öffentlich, neben den Änderungen)",
    editor_saving: "Wird gespeichert …",
    editor_no_change: "Der Text ist so, wie ihn die Bürgerinnen und Bürger jetzt lesen.",
    editor_diff: "Änderungen gegenüber dem veröffentlichten Text",
    editor_preview: "Vorschau",
    editor_yours: "Ihr Text (nicht gespeichert)",
    editor_take_yours: "Meinen Text wieder einsetzen",
    editor_up: "Nach oben",
    editor_down: "Nach unten",
    editor_remove: "Abschnitt entfernen (nie veröffentlicht)",
    editor_add: "Neuer Abschnitt",
    editor_kind: "Art",
    editor_number: "Nummer (z. B. 11 oder A.1)",
    editor_add_button: "Abschnitt anlegen",
    editor_new_title: "Titel des neuen Abschnitts",
    editor_new_text: "Text des neuen Abschnitts",
    editor_causes: "Kommentare, die zu dieser Änderung geführt haben (sie zeigen es nach dem \
                    Veröffentlichen)",
    editor_no_causes: "Zu diesem Abschnitt ist noch kein Kommentar veröffentlicht.",
    editor_cause: |v, at| format!("zu Fassung {v}, eingegangen am {at}:"),
    publish_open: "Veröffentlichen …",
    publish_heading: |n| format!("Fassung {n} veröffentlichen?"),
    publish_intro: "Die Bürgerinnen und Bürger lesen danach sofort diese Fassung; offene Apps \
                    zeigen den Hinweis auf die neue Version. Kommentare bleiben bei der Fassung, \
                    zu der sie geschrieben wurden. Das ändert sich:",
    publish_change: |number, title, version, change| {
        format!("{number} {title} (Fassung {version}): {change}")
    },
    publish_nothing: "Kein Abschnitt ändert sich (nur Einstellungen oder Übersetzungen).",
    publish_credits: |n| match n {
        0 => "Kein Kommentar ist mit einer Änderung verknüpft.".to_owned(),
        1 => "1 Kommentar zeigt danach, zu welcher Fassung er geführt hat.".to_owned(),
        n => format!("{n} Kommentare zeigen danach, zu welcher Fassung sie geführt haben."),
    },
    publish_confirm: "Jetzt veröffentlichen",
    publish_blocked: "In dieser Fassung ist der Text eines Abschnitts geändert, aber seine \
        Fassungsnummer nicht: So lässt sie sich nicht veröffentlichen. Bitte den Abschnitt im \
        Editor ändern, damit die bisherige Fassung erhalten bleibt.",
    publish_cancel: "Abbrechen",
    publish_running: "Wird veröffentlicht …",
    publish_done: |n, credited| {
        format!(
            "Fassung {n} ist veröffentlicht: Die Bürgerinnen und Bürger lesen sie jetzt.{}",
            match credited {
                0 => String::new(),
                1 => " 1 Kommentar zeigt, dass er dazu geführt hat.".to_owned(),
                k => format!(" {k} Kommentare zeigen, dass sie dazu geführt haben."),
            }
        )
    },
    strategy_published_by: |by| format!(" von {by}"),
    page_preview: "Seite so ansehen, wie sie die Bürgerinnen und Bürger sehen werden (neuer Tab)",
    start_preview:
        "Startseite so ansehen, wie sie die Bürgerinnen und Bürger sehen werden (neuer Tab)",
    editor_renderings: "Englisch und Leichte Sprache",
    editor_renderings_intro: "Ändert sich der deutsche Text, entfallen beide, wenn Sie sie \
        nicht neu schreiben: Sie gaben den alten Text wieder. Beide Felder leer: keine.",
    editor_en_title: "Titel auf Englisch",
    editor_en_text: "Text auf Englisch",
    editor_easy_title: "Titel in Leichter Sprache",
    editor_easy_text: "Text in Leichter Sprache",
    settings_heading: "Einstellungen und Texte der Startseite",
    settings_intro: "Was außer den Abschnitten zur Strategie gehört. Gespeichert wird eine neue \
        Fassung als Entwurf, geprüft wie jede Strategiedatei; veröffentlicht wird sie oben \
        unter „Fassungen“.",
    settings_labels: [
        "Stadt",
        "Titel der Strategie",
        "Stand des Textes (z. B. Entwurf zur Bürgerbeteiligung)",
        "Einladung auf der Startseite",
        "Einleitung (Absätze durch eine Leerzeile trennen)",
        "Farbe der Stadt (#rrggbb)",
        "Quelle des Textes",
        "Mitreden ohne App (Anschrift, E-Mail, Telefon)",
        "Adresse des Lizenztextes",
        "Lizenz der offenen Daten (z. B. CC BY 4.0)",
        "Wie man sich beschreiben kann (eine Angabe je Zeile)",
        "Letzter Tag der Beteiligung (JJJJ-MM-TT, leer: ohne Ende)",
        "Seite in Leichter Sprache (# und ## für Überschriften)",
    ],
    event_heading: "Veranstaltung mit Plätzen durch Los",
    event_intro: "Titel, Text und Ort lassen sich jederzeit ändern. Plätze, Zeiten und die \
        Zufallsquelle nur, solange keine Bewerbung eingegangen ist: Danach bleiben sie, wie \
        die Bewerberinnen und Bewerber sie gelesen haben; ebenso Merkmale und Quoten. Zeiten \
        in der Form 2027-03-01T09:00:00+01:00.",
    event_labels: [
        "Titel der Veranstaltung",
        "Was dort geschieht und wer sich bewerben kann",
        "Ort",
        "Beginn",
        "Plätze",
        "Bewerbungen ab",
        "Bewerbungen bis",
        "Kontaktdaten gelöscht spätestens am",
        "Zufallsquelle der Auslosung (öffentlich, nach Fristende)",
    ],
    event_terms_heading: "Merkmale und Quoten",
    event_terms_intro: "Das Bewerbungsformular fragt jedes Merkmal ab (z. B. die \
        Altersgruppe); wer sich bewirbt, wählt einen seiner Werte. Eine Quote sagt, wie viele \
        Plätze mindestens an Bewerbungen mit diesem Wert gehen, wo es genug davon gibt; leer \
        heißt: keine Quote. Die Auslosung füllt die Quoten in dieser Reihenfolge.",
    event_attribute: |n| format!("Merkmal {n}"),
    event_attribute_label: "Bezeichnung im Bewerbungsformular",
    event_value: |n| format!("Wert {n}"),
    event_quota: |n| format!("Quote für Wert {n} (Plätze mindestens)"),
    event_value_add: "Wert hinzufügen",
    event_value_remove: |n| format!("Wert {n} entfernen"),
    event_attribute_add: "Merkmal hinzufügen",
    event_attribute_remove: |n| format!("Merkmal {n} entfernen"),
    strategy_too_large: |mb| format!("Die Datei ist größer als {mb} MB und wird nicht gelesen."),
    strategy_found: |format| {
        use mitreden_model::versions::DocumentFormat as F;
        let kind = match format {
            F::Docx => "Word-Dokument",
            F::Odt => "OpenDocument-Text",
            F::Markdown => "Markdown-Text",
            F::Toml => "Strategiedatei",
        };
        format!("Gefundene Abschnitte ({kind})")
    },
    strategy_found_section: |heading, id, paragraphs| {
        let paragraphs = match paragraphs {
            1 => "1 Absatz".to_owned(),
            n => format!("{n} Absätze"),
        };
        format!("„{heading}“ → {id}, {paragraphs}")
    },
    strategy_dropped: "Nicht oder anders übernommen",
    strategy_dropped_part: |what, near, count| {
        use mitreden_model::versions::DroppedKind as D;
        let what = match what {
            D::Table => "Tabelle weggelassen",
            D::Image => "Bild oder Zeichnung weggelassen",
            D::Macros => "Makros weggelassen (nie ausgeführt)",
            D::Formatting => "Hervorhebung (fett, kursiv, unterstrichen) als einfacher Text",
            D::List => "Aufzählung als Absätze mit „–“",
            D::Subheading => "Zwischenüberschrift als Absatz",
            D::Footnote => "Fußnote weggelassen",
            D::Comment => "Kommentar im Dokument weggelassen",
            D::Contents => "Inhaltsverzeichnis weggelassen",
            D::OutdatedRendering => {
                "Englische und Leichte-Sprache-Fassung weggelassen (der Text hat sich geändert)"
            }
        };
        let place = if near.is_empty() {
            "vor der ersten Überschrift".to_owned()
        } else {
            format!("unter „{near}“")
        };
        let times = if count > 1 {
            format!(" ({count}×)")
        } else {
            String::new()
        };
        format!("{what}{times}, {place}")
    },
    admin_kiosks: "Kiosks (Geräte für alle im Rathaus)",
    manages_only: "Ändern kann hier nur die Rolle „Verwaltung“.",
    admin_kiosk_label: "Bezeichnung des Kiosks",
    admin_kiosk_idle: "Sekunden ohne Berührung bis zur Warnung (30 bis 3600)",
    admin_kiosk_idle_value: |s| format!("{s} s bis zur Warnung"),
    admin_kiosk_add: "Kiosk anlegen",
    admin_kiosk_added: "Kiosk angelegt. Öffnen Sie diesen Link einmal auf dem Gerät; er \
        wird nur jetzt gezeigt:",
    admin_kiosk_replaced: "Das Gerät, das bisher dieser Kiosk war, ist damit kein Kiosk mehr.",
    admin_kiosk_revoke: "Widerrufen",
    admin_kiosk_revoked: "Kiosk widerrufen.",
    admin_kiosk_state_waiting: "Einrichtungslink noch nicht benutzt",
    admin_kiosk_state_set_up: |at| format!("eingerichtet am {at}"),
    admin_kiosk_state_revoked: |at| format!("widerrufen am {at}"),
    admin_kiosk_this_device: |label| format!("Dieses Gerät ist der Kiosk „{label}“."),
    admin_kiosk_end: "Kiosk-Modus auf diesem Gerät beenden",
    admin_kiosk_ended: "Kiosk-Modus auf diesem Gerät beendet.",
    admin_filter_kiosk: "Kiosk:",
    admin_from_kiosk: |k| format!(" · am Kiosk „{k}“"),
    admin_name: "Name",
    admin_password: "Passwort",
    admin_sign_in: "Anmelden",
    admin_sign_out: "Abmelden",
    admin_filter: "Anzeigen:",
    admin_filter_new: "neue Kommentare",
    admin_filter_rejected: "abgelehnt",
    admin_filter_all: "alle",
    admin_filter_section: "Abschnitt:",
    admin_counts: "Zahlen je Abschnitt",
    admin_counts_section: "Abschnitt",
    admin_publish: "Veröffentlichen",
    admin_published: "Veröffentlicht.",
    admin_reject: "Ablehnen",
    admin_reject_reason: "Grund (sieht die Person, die geschrieben hat)",
    admin_rejected: "Abgelehnt.",
    admin_answer: "Antworten",
    admin_answer_text: "Antwort",
    admin_answer_status: "Stand",
    admin_answer_revision: "Geführt zu Änderung",
    admin_no_revision: "keine Änderung am Text",
    admin_revision_earlier: "Diese Fassung erschien vor dem Kommentar (oder ihr Datum ist \
                             unbekannt). Trotzdem mit diesem Kommentar verknüpfen",
    admin_revision_confirm: "Nicht gespeichert: Die gewählte Änderung erschien vor dem \
                             Kommentar. Bitte bestätigen oder eine andere Fassung wählen.",
    admin_reason_missing: "Bitte einen Grund wählen oder schreiben.",
    admin_answer_save: "Antwort speichern",
    admin_answer_saved: "Antwort gespeichert.",
};

pub(crate) static EN: AdminTexts = AdminTexts {
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
    col_state: "Moderation",
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
        ListSort::State => "by moderation",
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
    admin_heading: "Administration: review and respond to comments",
    kiosk_setup_heading: "Set up a kiosk",
    kiosk_setup_working: "Checking the set-up link …",
    kiosk_setup_done: |label| {
        format!(
            "This device is now the kiosk “{label}”. Only the administration, signed in \
             here under /verwaltung/, can end kiosk mode."
        )
    },
    kiosk_setup_incomplete: "This set-up link is incomplete. Please open the whole link \
        that the administration created.",
    kiosk_setup_invalid: "This set-up link is no longer valid: it has been used or revoked. \
        The administration can create a new one.",
    kiosk_setup_start: "Go to the start page",
    admin_search_label: "Search comments and responses",
    admin_search: "Search",
    admin_page_info: |from, to, total| format!("{from}–{to} of {total}"),
    admin_all_done: "All done – no new comment is waiting.",
    admin_none_match: "No comment matches this selection.",
    admin_pages: "Pages of the list",
    admin_previous_page: "Previous page",
    admin_next_page: "Next page",
    admin_bulk: "Several at once",
    admin_select_page: "Select all on this page",
    admin_select_none: "Clear selection",
    admin_select_one: |at| format!("Select: comment from {at}"),
    admin_sort: "Order:",
    admin_bulk_publish: |n| format!("Publish selected ({n})"),
    admin_bulk_reject: |n| format!("Reject selected ({n})"),
    admin_bulk_done: |n| match n {
        1 => "1 comment changed.".to_owned(),
        n => format!("{n} comments changed."),
    },
    admin_bulk_ask_publish: |n| match n {
        1 => "Publish 1 comment?".to_owned(),
        n => format!("Publish {n} comments?"),
    },
    admin_bulk_ask_reject: |n, reason| match n {
        1 => format!("Reject 1 comment with the reason “{reason}”?"),
        n => format!("Reject {n} comments with the reason “{reason}”?"),
    },
    admin_bulk_yes: "Yes, change",
    admin_bulk_pending: |n, secs| match n {
        1 => format!("1 comment will be changed in {secs} s."),
        n => format!("{n} comments will be changed in {secs} s."),
    },
    admin_undo: "Undo",
    admin_undone: "Undone – nothing was changed.",
    admin_history: "History",
    admin_history_empty: "Nothing has happened yet.",
    admin_history_entry: |at, action, staff, detail| match detail {
        Some(d) => format!("{at}: {action} by {staff} ({d})"),
        None => format!("{at}: {action} by {staff}"),
    },
    audit_action: |a| {
        use mitreden_model::moderation::AuditAction as A;
        match a {
            A::Published => "published",
            A::Rejected => "rejected",
            A::Answered => "answered",
            A::AnswerChanged => "response changed",
        }
    },
    admin_keys: "Keyboard shortcuts",
    admin_keys_on: "Use keyboard shortcuts (off when you work with voice input)",
    admin_key_move: "go to the next / previous comment",
    admin_key_publish: "publish the comment",
    admin_key_reject: "open the rejection form (with reason)",
    admin_key_answer: "open the response form",
    admin_key_position: |i, n| format!("Comment {i} of {n}"),
    admin_export: "Exports",
    admin_export_text: "Everything for the administration: every comment with its status, \
        reason, self-description and response (withdrawn ones without their text), and the \
        whole history. For internal use only.",
    admin_export_csv: "All comments (CSV, standard for programs: commas, UTC, keys)",
    admin_export_excel: "All comments for German Excel (semicolons, local time, in words)",
    admin_export_history: "The whole history (CSV)",
    admin_export_json: "Everything together (JSON)",
    admin_open_data: "Open data: the published comments (CSV, public)",
    admin_accounts: "Accounts",
    admin_account_password: "First password (at least 12 characters)",
    admin_account_role: "Role",
    admin_account_make: "Create account",
    admin_account_made: "Account created.",
    admin_account_active: "active",
    admin_account_inactive: "deactivated",
    admin_account_deactivate: |name| format!("Deactivate account {name}"),
    admin_account_deactivated: "Account deactivated; it has been signed out everywhere.",
    admin_own_password: "My new password (at least 12 characters)",
    admin_own_password_current: "My current password",
    admin_own_password_save: "Change password",
    admin_password_changed: "Password changed.",
    notify_waiting: "The person waits for an e-mail on what becomes of the comment.",
    digest_heading: "Summary by e-mail",
    digest_intro: "An e-mail that counts the comments waiting for moderation, per section, \
                   with a link to the workplace – only when something waits. Nobody but you \
                   sees the address.",
    digest_address: "My e-mail address for the summary",
    digest_every: "How often",
    digest_off: "never",
    digest_daily: "daily",
    digest_hourly: "hourly",
    digest_save: "Save summary",
    digest_saved: "Summary saved.",
    staff_role: |r| {
        use mitreden_model::moderation::StaffRole as R;
        match r {
            R::Verwaltung => "Administration (also accounts)",
            R::Moderation => "Moderation",
        }
    },
    strategy_heading: "The strategy's text: versions",
    strategy_intro: "Every version of the text stays stored. Read a new version from your \
        document (Word, OpenDocument, Markdown; each section begins with a heading) or from \
        a strategy file (TOML): the preview first shows the sections found, what is not \
        taken over and what changes against the current version; then you store it as a \
        draft. Publish a draft with “Publish …”: the confirmation first says what changes \
        for citizens.",
    strategy_version: |n, title, sections| format!("Version {n}: {title} ({sections} sections)"),
    strategy_current: |at| format!("current · published on {at}"),
    strategy_published: |at| format!("published before, last on {at}"),
    strategy_draft: |at, by| format!("Draft · stored on {at} by {by}"),
    strategy_file: "Read a document or strategy file (.docx, .odt, .md, .toml)",
    strategy_reading: "Reading and comparing the file …",
    strategy_preview: |file| format!("Preview: {file}"),
    strategy_change: |c| {
        use mitreden_model::versions::SectionChange as C;
        match c {
            C::New => "new",
            C::Changed => "changed",
            C::ChangedWithoutVersion => {
                "text changed without a new version number (please keep the previous \
                 version as [[section.earlier]])"
            }
            C::Unchanged => "unchanged",
            C::Removed => "dropped",
        }
    },
    strategy_columns: ["No.", "Title", "Version", "Change"],
    strategy_store: "Store as draft",
    strategy_stored: |n| format!("Stored as version {n} (draft)."),
    strategy_already: |n| format!("This file is stored already, as version {n}."),
    editor_heading: "Edit sections",
    editor_intro: "Change a section's title and text. A new version is stored as a draft: \
        citizens see it only once it is published. Where the text changes, the note says \
        what changed and why – it stands publicly beside the changes, and the section's \
        English and Leichte Sprache versions are left out until they are rewritten.",
    editor_based_on: |n, published| {
        if published {
            format!("From version {n} (published).")
        } else {
            format!("From version {n} (draft).")
        }
    },
    editor_section: "Section",
    editor_title: "Title",
    editor_text: "Text (separate paragraphs with a blank line)",
    editor_note: "What changed, and why? (public, beside the changes)",
    editor_saving: "Saving …",
    editor_no_change: "The text is as citizens read it now.",
    editor_diff: "Changes against the published text",
    editor_preview: "Preview",
    editor_yours: "Your text (not stored)",
    editor_take_yours: "Put my text back",
    editor_up: "Move up",
    editor_down: "Move down",
    editor_remove: "Remove section (never published)",
    editor_add: "New section",
    editor_kind: "Kind",
    editor_number: "Number (e.g. 11 or A.1)",
    editor_add_button: "Add section",
    editor_new_title: "Title of the new section",
    editor_new_text: "Text of the new section",
    editor_causes: "Comments that led to this change (they show it once published)",
    editor_no_causes: "No comment on this section is published yet.",
    editor_cause: |v, at| format!("on version {v}, received {at}:"),
    publish_open: "Publish …",
    publish_heading: |n| format!("Publish version {n}?"),
    publish_intro: "Citizens then read this version at once; open apps show the notice of the \
                    new version. Comments stay with the version they were written on. What \
                    changes:",
    publish_change: |number, title, version, change| {
        format!("{number} {title} (version {version}): {change}")
    },
    publish_nothing: "No section changes (only settings or translations).",
    publish_credits: |n| match n {
        0 => "No comment is linked to a change.".to_owned(),
        1 => "1 comment will show which version it led to.".to_owned(),
        n => format!("{n} comments will show which version they led to."),
    },
    publish_confirm: "Publish now",
    publish_blocked: "In this version a section's text changed but not its version number: \
        it cannot be published like this. Please change the section in the editor, so that \
        the earlier version is kept.",
    publish_cancel: "Cancel",
    publish_running: "Publishing …",
    publish_done: |n, credited| {
        format!(
            "Version {n} is published: citizens read it now.{}",
            match credited {
                0 => String::new(),
                1 => " 1 comment shows that it led to it.".to_owned(),
                k => format!(" {k} comments show that they led to it."),
            }
        )
    },
    strategy_published_by: |by| format!(" by {by}"),
    page_preview: "See the page as citizens will see it (new tab)",
    start_preview: "See the start page as citizens will see it (new tab)",
    editor_renderings: "English and Leichte Sprache",
    editor_renderings_intro: "Where the German text changes, both are left out unless you \
        write them anew: they rendered the old text. Both fields empty: none.",
    editor_en_title: "Title in English",
    editor_en_text: "Text in English",
    editor_easy_title: "Title in Leichte Sprache",
    editor_easy_text: "Text in Leichte Sprache",
    settings_heading: "Settings and the start page's texts",
    settings_intro: "What belongs to the strategy besides its sections. A new version is \
        stored as a draft, checked as every strategy file is; publish it above under \
        “Versions”.",
    settings_labels: [
        "Town",
        "Title of the strategy",
        "Where the text stands (e.g. draft for participation)",
        "Invitation on the start page",
        "Introduction (paragraphs separated by a blank line)",
        "The town's colour (#rrggbb)",
        "Source of the text",
        "Taking part without the app (address, e-mail, phone)",
        "Address of the licence text",
        "Licence of the open data (e.g. CC BY 4.0)",
        "How people may describe themselves (one per line)",
        "Last day of the participation (YYYY-MM-DD, empty: no end)",
        "Page in Leichte Sprache (# and ## for headings)",
    ],
    event_heading: "Event with seats by lot",
    event_intro: "Title, text and place can change at any time. Seats, times and the source \
        of randomness only while no application has come: afterwards they stay as the \
        applicants read them, as do attributes and quotas. Times in the form \
        2027-03-01T09:00:00+01:00.",
    event_labels: [
        "Title of the event",
        "What happens there and who may apply",
        "Place",
        "Begins",
        "Seats",
        "Applications from",
        "Applications until",
        "Contact data deleted at the latest on",
        "Source of randomness for the draw (public, after the deadline)",
    ],
    event_terms_heading: "Attributes and quotas",
    event_terms_intro: "The application form asks for every attribute (e.g. the age \
        group); applicants choose one of its values. A quota says how many seats at least go \
        to applications with this value, where there are enough of them; empty means no \
        quota. The draw fills the quotas in this order.",
    event_attribute: |n| format!("Attribute {n}"),
    event_attribute_label: "Label in the application form",
    event_value: |n| format!("Value {n}"),
    event_quota: |n| format!("Quota for value {n} (seats at least)"),
    event_value_add: "Add a value",
    event_value_remove: |n| format!("Remove value {n}"),
    event_attribute_add: "Add an attribute",
    event_attribute_remove: |n| format!("Remove attribute {n}"),
    strategy_too_large: |mb| format!("The file is larger than {mb} MB and is not read."),
    strategy_found: |format| {
        use mitreden_model::versions::DocumentFormat as F;
        let kind = match format {
            F::Docx => "Word document",
            F::Odt => "OpenDocument text",
            F::Markdown => "Markdown text",
            F::Toml => "strategy file",
        };
        format!("Sections found ({kind})")
    },
    strategy_found_section: |heading, id, paragraphs| {
        let paragraphs = match paragraphs {
            1 => "1 paragraph".to_owned(),
            n => format!("{n} paragraphs"),
        };
        format!("“{heading}” → {id}, {paragraphs}")
    },
    strategy_dropped: "Not taken over, or in another form",
    strategy_dropped_part: |what, near, count| {
        use mitreden_model::versions::DroppedKind as D;
        let what = match what {
            D::Table => "table left out",
            D::Image => "image or drawing left out",
            D::Macros => "macros left out (never run)",
            D::Formatting => "emphasis (bold, italic, underlined) as plain text",
            D::List => "list as paragraphs beginning with “–”",
            D::Subheading => "subheading as a paragraph",
            D::Footnote => "footnote left out",
            D::Comment => "comment in the document left out",
            D::Contents => "table of contents left out",
            D::OutdatedRendering => {
                "English and Leichte Sprache versions left out (the text changed)"
            }
        };
        let place = if near.is_empty() {
            "before the first heading".to_owned()
        } else {
            format!("under “{near}”")
        };
        let times = if count > 1 {
            format!(" ({count}×)")
        } else {
            String::new()
        };
        format!("{what}{times}, {place}")
    },
    admin_kiosks: "Kiosks (devices for everyone in the town hall)",
    manages_only: "Only the role “Administration” can make changes here.",
    admin_kiosk_label: "Name of the kiosk",
    admin_kiosk_idle: "Seconds without a touch before the warning (30 to 3600)",
    admin_kiosk_idle_value: |s| format!("{s} s until the warning"),
    admin_kiosk_add: "Create kiosk",
    admin_kiosk_added: "Kiosk created. Open this link once on the device; it is only shown \
        now:",
    admin_kiosk_replaced: "The device that was this kiosk until now is no longer a kiosk.",
    admin_kiosk_revoke: "Revoke",
    admin_kiosk_revoked: "Kiosk revoked.",
    admin_kiosk_state_waiting: "Set-up link not used yet",
    admin_kiosk_state_set_up: |at| format!("set up on {at}"),
    admin_kiosk_state_revoked: |at| format!("revoked on {at}"),
    admin_kiosk_this_device: |label| format!("This device is the kiosk “{label}”."),
    admin_kiosk_end: "End kiosk mode on this device",
    admin_kiosk_ended: "Kiosk mode ended on this device.",
    admin_filter_kiosk: "Kiosk:",
    admin_from_kiosk: |k| format!(" · at the kiosk “{k}”"),
    admin_name: "Name",
    admin_password: "Password",
    admin_sign_in: "Sign in",
    admin_sign_out: "Sign out",
    admin_filter: "Show:",
    admin_filter_new: "new comments",
    admin_filter_rejected: "rejected",
    admin_filter_all: "all",
    admin_filter_section: "Section:",
    admin_counts: "Numbers per section",
    admin_counts_section: "Section",
    admin_publish: "Publish",
    admin_published: "Published.",
    admin_reject: "Reject",
    admin_reject_reason: "Reason (shown to the person who wrote the comment)",
    admin_rejected: "Rejected.",
    admin_answer: "Respond",
    admin_answer_text: "Response",
    admin_answer_status: "Status",
    admin_answer_revision: "Led to a change",
    admin_no_revision: "no change to the text",
    admin_revision_earlier: "This version appeared before the comment (or its date is \
                             unknown). Link it to this comment anyway",
    admin_revision_confirm: "Not saved: the chosen change appeared before the comment. Please \
                             confirm or choose another version.",
    admin_reason_missing: "Please choose or write a reason.",
    admin_answer_save: "Save response",
    admin_answer_saved: "Response saved.",
};

/// Run with the i18n tests (`cargo test -p mitreden --lib i18n`).
#[cfg(test)]
mod i18n_tests {
    use super::{AdminTexts, DE, EN};
    use mitreden::i18n::check::{assert_translated, call, plain, Sample};
    use mitreden_model::api::ModerationState;
    use mitreden_model::moderation::{AuditAction, ListSort, StaffRole};

    /// Texts that are rightly the same in both languages.
    const SAME_IN_BOTH: [&str; 5] = [
        "col_kiosk",
        // "Stand" is the answer's, in every label; the moderation column says its own word.
        "col_state",
        "admin_filter_kiosk",
        "admin_name",
        "staff_role(Moderation)",
    ];

    /// Every text of one language, as in `mitreden::i18n`'s test: a field added to
    /// [`AdminTexts`] fails to compile here until it is sampled.
    #[deny(unused_variables)]
    #[allow(
        clippy::vec_init_then_push,
        reason = "the macros push one sample per field"
    )]
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
            admin_heading,
            kiosk_setup_heading,
            kiosk_setup_working,
            kiosk_setup_done,
            kiosk_setup_incomplete,
            kiosk_setup_invalid,
            kiosk_setup_start,
            admin_search_label,
            admin_search,
            admin_page_info,
            admin_all_done,
            admin_none_match,
            admin_pages,
            admin_previous_page,
            admin_next_page,
            admin_bulk,
            admin_select_page,
            admin_select_none,
            admin_select_one,
            admin_sort,
            admin_bulk_publish,
            admin_bulk_reject,
            admin_bulk_done,
            admin_bulk_ask_publish,
            admin_bulk_ask_reject,
            admin_bulk_yes,
            admin_bulk_pending,
            admin_undo,
            admin_undone,
            admin_history,
            admin_history_empty,
            admin_history_entry,
            audit_action,
            admin_keys,
            admin_keys_on,
            admin_key_move,
            admin_key_publish,
            admin_key_reject,
            admin_key_answer,
            admin_key_position,
            admin_export,
            admin_export_text,
            admin_export_csv,
            admin_export_excel,
            admin_export_history,
            admin_export_json,
            admin_open_data,
            admin_accounts,
            admin_account_password,
            admin_account_role,
            admin_account_make,
            admin_account_made,
            admin_account_active,
            admin_account_inactive,
            admin_account_deactivate,
            admin_account_deactivated,
            admin_own_password,
            admin_own_password_current,
            admin_own_password_save,
            admin_password_changed,
            notify_waiting,
            digest_heading,
            digest_intro,
            digest_address,
            digest_every,
            digest_off,
            digest_daily,
            digest_hourly,
            digest_save,
            digest_saved,
            staff_role,
            admin_kiosks,
            manages_only,
            strategy_heading,
            strategy_intro,
            strategy_version,
            strategy_current,
            strategy_published,
            strategy_draft,
            strategy_file,
            strategy_reading,
            strategy_preview,
            strategy_change,
            strategy_columns,
            strategy_store,
            strategy_stored,
            strategy_already,
            strategy_too_large,
            editor_heading,
            editor_intro,
            editor_based_on,
            editor_section,
            editor_title,
            editor_text,
            editor_note,
            editor_saving,
            editor_no_change,
            editor_diff,
            editor_preview,
            editor_yours,
            editor_take_yours,
            editor_up,
            editor_down,
            editor_remove,
            editor_add,
            editor_kind,
            editor_number,
            editor_add_button,
            editor_new_title,
            editor_new_text,
            editor_causes,
            editor_no_causes,
            editor_cause,
            publish_open,
            publish_heading,
            publish_intro,
            publish_change,
            publish_nothing,
            publish_credits,
            publish_confirm,
            publish_blocked,
            publish_cancel,
            publish_running,
            publish_done,
            strategy_published_by,
            page_preview,
            start_preview,
            editor_renderings,
            editor_renderings_intro,
            editor_en_title,
            editor_en_text,
            editor_easy_title,
            editor_easy_text,
            settings_heading,
            settings_intro,
            settings_labels,
            event_heading,
            event_intro,
            event_labels,
            event_terms_heading,
            event_terms_intro,
            event_attribute,
            event_attribute_label,
            event_value,
            event_quota,
            event_value_add,
            event_value_remove,
            event_attribute_add,
            event_attribute_remove,
            strategy_found,
            strategy_found_section,
            strategy_dropped,
            strategy_dropped_part,
            admin_kiosk_label,
            admin_kiosk_idle,
            admin_kiosk_idle_value,
            admin_kiosk_add,
            admin_kiosk_added,
            admin_kiosk_replaced,
            admin_kiosk_revoke,
            admin_kiosk_revoked,
            admin_kiosk_state_waiting,
            admin_kiosk_state_set_up,
            admin_kiosk_state_revoked,
            admin_kiosk_this_device,
            admin_kiosk_end,
            admin_kiosk_ended,
            admin_filter_kiosk,
            admin_from_kiosk,
            admin_name,
            admin_password,
            admin_sign_in,
            admin_sign_out,
            admin_filter,
            admin_filter_new,
            admin_filter_rejected,
            admin_filter_all,
            admin_filter_section,
            admin_counts,
            admin_counts_section,
            admin_publish,
            admin_published,
            admin_reject,
            admin_reject_reason,
            admin_rejected,
            admin_answer,
            admin_answer_text,
            admin_answer_status,
            admin_answer_revision,
            admin_no_revision,
            admin_revision_earlier,
            admin_revision_confirm,
            admin_reason_missing,
            admin_answer_save,
            admin_answer_saved,
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
        plain!(out;
            admin_heading, kiosk_setup_heading, kiosk_setup_working, kiosk_setup_incomplete, kiosk_setup_invalid,
            kiosk_setup_start, admin_search_label, admin_search, admin_pages,
            admin_previous_page, admin_next_page, admin_bulk, admin_select_page,
            admin_select_none, admin_all_done, admin_none_match, admin_bulk_yes, admin_undo, admin_undone, admin_sort, admin_history, admin_history_empty, admin_keys, admin_keys_on,
            admin_key_move, admin_key_publish, admin_key_reject, admin_key_answer,
            admin_export, admin_export_text, admin_export_csv, admin_export_excel, admin_export_history,
            admin_export_json, admin_open_data, admin_accounts, admin_account_password,
            admin_account_role, admin_account_make, admin_account_made, admin_account_active,
            admin_account_inactive, admin_account_deactivated, admin_own_password, admin_own_password_current,
            admin_own_password_save, admin_password_changed, notify_waiting, digest_heading, digest_intro, digest_address, digest_every, digest_off, digest_daily, digest_hourly, digest_save, digest_saved, admin_kiosks, manages_only, strategy_heading,
            strategy_intro, strategy_file, strategy_reading, strategy_store, strategy_dropped,
            editor_heading, editor_intro, editor_section, editor_title, editor_text, editor_note,
            editor_saving, editor_no_change, editor_diff, editor_preview, editor_yours,
            editor_take_yours, editor_up, editor_down, editor_remove, editor_add, editor_kind,
            editor_number, editor_add_button, editor_new_title, editor_new_text, editor_causes,
            editor_no_causes, publish_open, publish_intro, publish_nothing, publish_confirm, publish_blocked,
            publish_cancel, publish_running, page_preview, start_preview, editor_renderings,
            editor_renderings_intro, editor_en_title, editor_en_text, editor_easy_title,
            editor_easy_text, event_heading, event_intro, event_terms_heading, event_terms_intro,
            event_attribute_label, event_value_add, event_attribute_add, settings_heading,
            settings_intro, admin_kiosk_label,
            admin_kiosk_idle, admin_kiosk_add, admin_kiosk_added, admin_kiosk_replaced,
            admin_kiosk_revoke, admin_kiosk_revoked, admin_kiosk_state_waiting,
            admin_kiosk_end, admin_kiosk_ended, admin_filter_kiosk, admin_name, admin_password,
            admin_sign_in, admin_sign_out, admin_filter, admin_filter_new,
            admin_filter_rejected, admin_filter_all, admin_filter_section, admin_counts,
            admin_counts_section, admin_publish, admin_published, admin_reject,
            admin_reject_reason, admin_rejected, admin_answer, admin_answer_text,
            admin_answer_status, admin_answer_revision, admin_no_revision, admin_revision_earlier,
            admin_revision_confirm, admin_reason_missing, admin_answer_save,
            admin_answer_saved,
        );
        for a in AuditAction::ALL {
            out.push(Sample {
                name: format!("audit_action({a:?})"),
                text: audit_action(a).to_owned(),
                values: Vec::new(),
            });
        }
        for r in StaffRole::ALL {
            out.push(Sample {
                name: format!("staff_role({r:?})"),
                text: staff_role(r).to_owned(),
                values: Vec::new(),
            });
        }
        for c in mitreden_model::versions::SectionChange::ALL {
            out.push(Sample {
                name: format!("strategy_change({c:?})"),
                text: strategy_change(c).to_owned(),
                values: Vec::new(),
            });
        }
        for (i, label) in settings_labels.iter().enumerate() {
            out.push(Sample {
                name: format!("settings_labels[{i}]"),
                text: (*label).to_owned(),
                values: Vec::new(),
            });
        }
        for (i, label) in event_labels.iter().enumerate() {
            out.push(Sample {
                name: format!("event_labels[{i}]"),
                text: (*label).to_owned(),
                values: Vec::new(),
            });
        }
        for (i, column) in strategy_columns.iter().enumerate() {
            out.push(Sample {
                name: format!("strategy_columns[{i}]"),
                text: (*column).to_owned(),
                values: Vec::new(),
            });
        }
        call!(out; strategy_version(3, "Leitmotive der Digitalisierung", 10));
        call!(out; strategy_current("06.12.2026, 12:00"));
        call!(out; strategy_published("06.12.2026, 12:00"));
        call!(out; strategy_draft("06.12.2026, 12:00", "amt"));
        call!(out; strategy_preview("sindelfingen.toml"));
        call!(out; editor_cause(2, "06.12.2026, 12:00"));
        call!(out; publish_heading(3));
        call!(out; publish_change("2", "Vorne dabei", 3, "geändert"));
        call!(out; publish_credits(0));
        call!(out; publish_credits(1));
        call!(out; publish_credits(4));
        call!(out; publish_done(3, 0));
        call!(out; publish_done(3, 1));
        call!(out; publish_done(3, 4));
        call!(out; strategy_published_by("amt"));
        call!(out; strategy_stored(3));
        call!(out; event_attribute(2));
        call!(out; event_value(2));
        call!(out; event_quota(2));
        call!(out; event_value_remove(2));
        call!(out; event_attribute_remove(2));
        call!(out; strategy_already(3));
        call!(out; strategy_too_large(16));
        call!(out; editor_based_on(2, true));
        call!(out; editor_based_on(3, false));
        call!(out; strategy_found_section("Leitmotiv 2: Vorne dabei", "leitmotiv-2", 1));
        call!(out; strategy_found_section("Leitmotiv 2: Vorne dabei", "leitmotiv-2", 3));
        for f in mitreden_model::versions::DocumentFormat::ALL {
            out.push(Sample {
                name: format!("strategy_found({f:?})"),
                text: strategy_found(f),
                values: Vec::new(),
            });
        }
        for d in mitreden_model::versions::DroppedKind::ALL {
            for (near, count) in [("", 1), ("Ziel 2: Offene Daten", 3)] {
                out.push(Sample {
                    name: format!("strategy_dropped_part({d:?}, {near:?}, {count})"),
                    text: strategy_dropped_part(d, near, count),
                    values: [near, &count.to_string()]
                        .into_iter()
                        .filter(|v| !v.is_empty() && *v != "1")
                        .map(str::to_owned)
                        .collect(),
                });
            }
        }
        let at = "22.11.2026, 11:16";
        for n in [1, 4] {
            call!(out; admin_bulk_publish(n));
            call!(out; admin_bulk_reject(n));
        }
        for n in [0, 1, 12] {
            call!(out; admin_bulk_done(n));
        }
        for n in [1, 4] {
            call!(out; admin_bulk_ask_publish(n));
            call!(out; admin_bulk_ask_reject(n, "Werbung"));
            call!(out; admin_bulk_pending(n, 8));
        }
        call!(out; kiosk_setup_done("Rathaus, Foyer"));
        call!(out; admin_page_info(1, 50, 2000));
        call!(out; admin_select_one(at));
        call!(out; admin_history_entry(at, "x", "anna", Some("Spam")));
        call!(out; admin_history_entry(at, "x", "anna", None));
        call!(out; admin_key_position(3, 40));
        call!(out; admin_account_deactivate("anna"));
        call!(out; admin_kiosk_idle_value(120));
        call!(out; admin_kiosk_state_set_up(at));
        call!(out; admin_kiosk_state_revoked(at));
        call!(out; admin_kiosk_this_device("Rathaus, Foyer"));
        call!(out; admin_from_kiosk("Rathaus, Foyer"));
        out
    }

    #[test]
    fn no_admin_text_is_missing_in_one_language() {
        assert_translated(&samples(&DE), &samples(&EN), &SAME_IN_BOTH);
    }

    /// Writes the German texts of the administration's table to
    /// `target/e2e/german-ui-admin.json`, for the end-to-end walk through the English
    /// administration (`tests/e2e/languages.spec.ts`).
    #[test]
    fn german_ui_texts_for_the_browser_walk() {
        use mitreden::i18n::check::{german_only, write_for_browser_walk};
        let texts = german_only(samples(&DE), &samples(&EN));
        assert!(
            texts.len() > 100,
            "the table has the administration's texts"
        );
        write_for_browser_walk("german-ui-admin.json", &texts);
    }
}
