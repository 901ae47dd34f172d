//! Every text the UI shows, per language: German ([`DE`]) first, English ([`EN`], in
//! `i18n_en.rs`) second.
//!
//! Components ask [`t`] for the texts of the current locale and never hard-code words, so a
//! language is one more [`Texts`] value, not a hunt through components.

use leptos::prelude::*;
use mitreden_model::SectionKind;

#[path = "i18n_en.rs"]
mod en;
pub use en::{english_date, EN, EVENT_EN, EVENT_PAGE_EN};

/// A language the UI speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Locale {
    /// Every locale, the default first.
    pub const ALL: [Locale; 2] = [Locale::De, Locale::En];

    /// The texts of this locale.
    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::De => &DE,
            Locale::En => &EN,
        }
    }

    /// The texts of a participation event's live parts in this locale.
    pub fn event_texts(self) -> &'static EventTexts {
        match self {
            Locale::De => &EVENT_DE,
            Locale::En => &EVENT_EN,
        }
    }

    /// The BCP 47 tag, for the document's `lang` ("de", "en").
    pub fn tag(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::En => "en",
        }
    }

    /// The locale of a BCP 47 tag, by its primary subtag, in any case: "de", "de-DE",
    /// "en", "en-GB". `None` for a language the UI does not speak.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// The language's own name, for a language switch ("Deutsch", "English").
    pub fn name(self) -> &'static str {
        match self {
            Locale::De => "Deutsch",
            Locale::En => "English",
        }
    }

    /// The path prefix of this language's pages: "" for German, "/en" for English.
    pub fn prefix(self) -> &'static str {
        match self {
            Locale::De => "",
            Locale::En => "/en",
        }
    }
}

/// The texts of the current locale (from context, German where none is provided).
pub fn t() -> &'static Texts {
    locale().texts()
}

/// The current locale: from context; where there is none (a spawned task, a timer) the
/// page's own `lang`, so a message that arrives late is still in the page's language; else
/// German.
pub fn locale() -> Locale {
    use_context::<Locale>()
        .or_else(page_locale)
        .unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
fn page_locale() -> Option<Locale> {
    let html = web_sys::window()?.document()?.document_element()?;
    Locale::from_tag(&html.get_attribute("lang")?)
}

#[cfg(not(target_arch = "wasm32"))]
fn page_locale() -> Option<Locale> {
    None
}

impl Texts {
    /// "Leitmotiv 2: Vorne dabei" — how lists name a section.
    pub fn section_label(&self, s: &mitreden_model::Section) -> String {
        format!("{} {}: {}", (self.kind_one)(s.kind), s.number, s.title)
    }
}

/// All UI texts of one language. Texts with values are functions.
pub struct Texts {
    /// The `lang` attribute of the document.
    pub lang: &'static str,
    /// The product's name, shown in the header.
    pub app_name: &'static str,
    /// The first link on every page, for keyboard and screen-reader users.
    pub skip_link: &'static str,
    /// Label of the main navigation landmark.
    pub nav_label: &'static str,
    /// Link to the start page.
    pub overview: &'static str,
    /// Label before the draft's status.
    pub status_label: &'static str,
    /// Heading of the list of sections on the start page.
    pub sections_heading: &'static str,
    /// The start page: how to comment (the invitation speaks of a comment field).
    pub start_how: &'static str,
    /// The start page: until when comments are taken.
    pub participation_until: fn(day: &str) -> String,
    /// Heading of a section's list of concrete projects.
    pub projects_heading: &'static str,
    /// Label of the previous/next navigation.
    pub pager_label: &'static str,
    /// Link to the previous section.
    pub previous: &'static str,
    /// Link to the next section.
    pub next: &'static str,
    /// Heading of the earlier versions of a section.
    pub earlier_heading: &'static str,
    /// Label before the reason for a change.
    pub change_reason: &'static str,
    /// Note on an earlier text that was reconstructed, not archived.
    pub reconstructed_note: &'static str,
    /// Heading of the not-found page.
    pub not_found_heading: &'static str,
    /// Text of the not-found page.
    pub not_found_text: &'static str,
    /// Label before the source of the text, in the footer.
    pub source_label: &'static str,
    /// The privacy promise in the footer.
    pub privacy_note: &'static str,
    /// Shown when JavaScript is off (also in `index.html`).
    pub loading: &'static str,
    /// A kind of section, singular ("Leitmotiv").
    pub kind_one: fn(SectionKind) -> &'static str,
    /// A kind of section, plural ("Leitmotive"), as group heading.
    pub kind_many: fn(SectionKind) -> &'static str,
    /// Link to the list of the citizen's own drafts and comments.
    pub my_items: &'static str,
    /// Heading of the comment form.
    pub form_heading: &'static str,
    /// Label of the comment text area.
    pub form_text_label: &'static str,
    /// Label of the optional name.
    pub form_name_label: &'static str,
    /// Label of the optional self-description.
    pub form_self_label: &'static str,
    /// The empty choice of the self-description.
    pub form_self_none: &'static str,
    /// Label of the consent checkbox.
    pub form_consent_label: &'static str,
    /// The short privacy notice beside the consent.
    pub form_privacy: &'static str,
    /// Shown where scripts are off: the form cannot work here.
    pub form_noscript: &'static str,
    /// Shown when the app could not start (download failed, browser too old).
    pub form_app_failed: &'static str,
    /// Other ways to take part (the strategy's contact; empty: the town's name).
    pub form_other_ways: fn(contact: &str, town: &str) -> String,
    /// The send button.
    pub form_submit: &'static str,
    /// The label of the hidden field only bots fill in (never shown).
    pub form_trap_label: &'static str,
    /// Told after "Absenden".
    pub form_queued: &'static str,
    /// Told after an automatic save.
    pub form_saved: &'static str,
    /// Under the form while the comment just sent is on its way.
    pub form_sending: &'static str,
    /// Under the form once the server has the comment: what happens next.
    pub form_received: &'static str,
    /// By the button when "Absenden" found a mistake: nothing left the device.
    pub form_not_sent: &'static str,
    /// Under a draft in Safari on iPhone and iPad (not installed): Safari deletes a site's
    /// storage after seven days without a visit.
    pub form_ios_storage: &'static str,
    /// Button that removes a sent comment from this device only (asks first).
    pub remove_local: &'static str,
    /// The warning before that: the comment stays with the town, the link goes.
    pub remove_local_confirm: &'static str,
    /// Confirms removing it from this device.
    pub remove_local_yes: &'static str,
    /// Copies the receipt link (offered before removing, and on the receipt page).
    pub receipt_copy: &'static str,
    /// Told after copying the receipt link.
    pub receipt_copied: &'static str,
    /// Copying was not possible: the link to copy by hand.
    pub receipt_copy_failed: &'static str,
    /// The receipt page: share (phones) or copy its link.
    pub receipt_share: &'static str,
    /// Told after the share sheet took the link.
    pub receipt_shared: &'static str,
    /// The receipt page: what happens next while the town has not answered.
    pub receipt_next: &'static str,
    /// The receipt page: shows the link as a QR code for another device.
    pub receipt_qr: &'static str,
    /// Heading of the request to be told by e-mail.
    pub notify_heading: &'static str,
    /// What the e-mails are.
    pub notify_intro: &'static str,
    /// Label of the address.
    pub notify_address: &'static str,
    /// The consent: what is stored, for what, until when.
    pub notify_consent: &'static str,
    /// Sends the request.
    pub notify_send: &'static str,
    /// Said when the confirmation mail is on its way.
    pub notify_sent: &'static str,
    /// Said when the address is none.
    pub notify_bad_address: &'static str,
    /// Said when the consent is missing.
    pub notify_no_consent: &'static str,
    /// "Meine Beiträge": unfolds the request to be told by e-mail.
    pub notify_offer: &'static str,
    /// Asks for push notifications on this device.
    pub notify_push: &'static str,
    /// Said when this device will be notified.
    pub notify_push_done: &'static str,
    /// Said where the browser cannot be pushed to.
    pub notify_push_unsupported: &'static str,
    /// Said on iPhone and iPad outside the home screen.
    pub notify_push_ios: &'static str,
    /// Said when notifications are not allowed.
    pub notify_push_denied: &'static str,
    /// Said when the browser's push service gave no subscription.
    pub notify_push_failed: &'static str,
    /// Offered after a push that cannot be.
    pub notify_or_mail: &'static str,
    /// The QR code could not be drawn (it needs a connection).
    pub receipt_qr_failed: &'static str,
    /// Button that deletes a draft (asks first).
    pub delete: &'static str,
    /// The question before deleting.
    pub delete_confirm: &'static str,
    /// Confirms the deletion.
    pub delete_yes: &'static str,
    /// Cancels the deletion.
    pub delete_no: &'static str,
    /// Told after deleting.
    pub deleted: &'static str,
    /// Link that opens an item to edit it.
    pub edit: &'static str,
    /// Heading of the citizen's comments on this section.
    pub mine_on_section: &'static str,
    /// Title of the page with all of the citizen's items.
    pub my_items_heading: &'static str,
    /// Text of that page when there is nothing yet.
    pub my_items_empty: &'static str,
    /// In the prerendered page, until the app has read this browser's items.
    pub my_items_reading: &'static str,
    /// Intro of that page.
    pub my_items_intro: &'static str,
    /// State: a draft.
    pub state_draft: &'static str,
    /// State: queued, waiting for a connection.
    pub state_queued: &'static str,
    /// State: being sent.
    pub state_sending: &'static str,
    /// State: received by the server, with its time.
    pub state_received: fn(&str) -> String,
    /// State: rejected, with the reason.
    pub state_rejected: fn(&str) -> String,
    /// State: withdrawn by the citizen.
    pub state_withdrawn: &'static str,
    /// Button that withdraws a sent comment (asks first).
    pub withdraw: &'static str,
    /// The question before withdrawing.
    pub withdraw_confirm: &'static str,
    /// Confirms the withdrawal.
    pub withdraw_yes: &'static str,
    /// Withdrawing needs the server.
    pub withdraw_offline: &'static str,
    /// Label before an item's time.
    pub changed_at: &'static str,
    /// Sync indicator: offline with n waiting.
    pub sync_offline: fn(usize) -> String,
    /// Sync indicator: online but n still waiting (server unreachable, retrying).
    pub sync_waiting: fn(usize) -> String,
    /// Sync indicator: sending.
    pub sync_sending: &'static str,
    /// Sync indicator: everything sent.
    pub sync_done: &'static str,
    /// "1.234 von 3.000 Zeichen".
    pub char_count: fn(usize, usize) -> String,
    /// Storage full: the text is only in the page.
    pub storage_full: &'static str,
    /// No storage in this browser.
    pub storage_unavailable: &'static str,
    /// Unreadable stored values were kept aside.
    pub storage_set_aside: fn(usize) -> String,
    /// A new version of the app is ready.
    pub update_available: &'static str,
    /// Button that loads the new version.
    pub update_reload: &'static str,
    /// Unsent comments where the browser may delete stored data.
    pub eviction_warning: fn(usize) -> String,
    /// Button that sends waiting comments now.
    pub send_now: &'static str,
    /// A request failed for want of a connection.
    pub no_connection: &'static str,
    /// Heading of the published comments on a section.
    pub public_heading: &'static str,
    /// No published comments yet.
    pub public_none: &'static str,
    /// The public comments cannot be loaded (offline).
    pub public_unavailable: &'static str,
    /// How many of a section's published comments are shown: (shown, all).
    pub public_shown: fn(usize, u32) -> String,
    /// The button that loads the next page of published comments.
    pub public_more: &'static str,
    /// The button while it loads.
    pub public_more_loading: &'static str,
    /// Said when a further page has come: how many more are shown.
    pub public_more_loaded: fn(usize) -> String,
    /// The next page could not be loaded.
    pub public_more_failed: &'static str,
    /// Shown instead of a name.
    pub anonymous: &'static str,
    /// "Antwort: Amt für Digitalisierung".
    pub answer_by: fn(&str) -> String,
    /// An answer's status in words.
    pub answer_status: fn(mitreden_model::api::AnswerStatus) -> &'static str,
    /// Label before an answer's reason.
    pub answer_reason: &'static str,
    /// "siehe Leitmotiv 2, Fassung 2".
    pub see_revision: fn(&str, u32) -> String,
    /// "3 Kommentare".
    pub comment_count: fn(u32) -> String,
    /// State: published.
    pub state_published: &'static str,
    /// State: rejected by moderation, with the reason.
    pub state_moderated_out: fn(&str) -> String,
    /// Link to it (footer).
    pub admin_link: &'static str,
    /// Link to the "Einbinden" page (footer).
    pub embed_link: &'static str,
    /// Heading of the "Einbinden" page.
    pub embed_heading: &'static str,
    /// What the snippet does and who may use it.
    pub embed_intro: &'static str,
    /// The snippet's options.
    pub embed_options: &'static str,
    /// Stands for this server's address until the app runs.
    pub embed_origin_placeholder: &'static str,
    /// Heading of the whole strategy's snippet.
    pub embed_whole: &'static str,
    /// Copy button.
    pub embed_copy: &'static str,
    /// Said after copying.
    pub embed_copied: &'static str,
    /// Said when the browser refused to copy.
    pub embed_copy_failed: &'static str,
    /// Summary of the live preview.
    pub embed_preview: &'static str,
    /// In the embed: where a draft is kept.
    pub form_embed_storage: &'static str,
    /// Kiosk: the button on every screen that wipes and starts afresh.
    pub kiosk_restart: &'static str,
    /// Kiosk: heading of the idle warning.
    pub kiosk_idle_heading: &'static str,
    /// Kiosk: the idle warning with the seconds left.
    pub kiosk_idle_text: fn(u32) -> String,
    /// Kiosk: the button that keeps going.
    pub kiosk_idle_continue: &'static str,
    /// Kiosk: heading of the thanks after sending.
    pub kiosk_thanks_heading: &'static str,
    /// Kiosk: what happens now, and the QR code.
    pub kiosk_thanks_text: &'static str,
    /// Kiosk: the QR code's accessible name.
    pub kiosk_qr_label: &'static str,
    /// Kiosk: ends the thanks and starts afresh.
    pub kiosk_done: &'static str,
    /// Kiosk: instead of "Meine Beiträge".
    pub kiosk_no_items: &'static str,
    /// Column heading: withdrawn.
    pub state_withdrawn_short: &'static str,
    /// Note on a comment written on an earlier version of the section.
    pub written_on_version: fn(u32) -> String,
    /// Label before the links to the comments that caused a change.
    pub change_causes: &'static str,
    /// "Kommentar von Herr K.".
    pub comment_by: fn(&str) -> String,
    /// Notice in the form: the section changed since the draft began.
    pub changed_since_draft: &'static str,
    /// Under the change: the draft goes with the version it was begun on, unless …
    pub changed_since_keep: fn(u32) -> String,
    /// … the citizen presses this: the draft is about the changed version from now on.
    pub changed_since_move: &'static str,
    /// Said when the draft was moved to the changed version.
    pub changed_since_moved: &'static str,
    /// Heading of a comment opened with its receipt link.
    pub receipt_heading: &'static str,
    /// The receipt link does not open a comment.
    pub receipt_invalid: &'static str,
    /// In the prerendered page, until the app has asked the server.
    pub receipt_loading: &'static str,
    /// The receipt link, to open the comment on another device.
    pub receipt_link: &'static str,
    /// "Abschnitt 2 von 10".
    pub position: fn(usize, usize) -> String,
    /// Heading of a change: the day it was made (`YYYY-MM-DD` in, the language's date out).
    pub changed_on: fn(Option<&str>) -> String,
    /// Summary that opens the full earlier text.
    pub earlier_full: &'static str,
    /// Read out before inserted words (the mark does not rely on colour).
    pub diff_inserted: &'static str,
    /// Read out before deleted words.
    pub diff_deleted: &'static str,
    /// Footer: the page in Leichte Sprache (German).
    pub easy_link: &'static str,
    /// Footer: the accessibility statement (German).
    pub accessibility_link: &'static str,
    /// Why the comment form cannot send (the model's rules, in this language).
    pub rejection: fn(&mitreden_model::comment::Rejection) -> String,
    /// Opens a section's rendering (Leichte Sprache, English).
    pub read_rendering: fn(mitreden_model::RenderingKind) -> &'static str,
    /// Opens the town's German text under its English rendering.
    pub german_original: &'static str,
    /// A section without a rendering in the page's language.
    pub only_german: &'static str,
    /// On English pages: the town's own texts (title, introduction) are German.
    pub town_text_german: &'static str,
    /// The name of a notice's landmark (a new version, unsent comments at risk).
    pub notice_label: &'static str,
}

/// German texts.
pub static DE: Texts = Texts {
    lang: "de",
    app_name: "mitreden",
    skip_link: "Zum Inhalt springen",
    nav_label: "Hauptnavigation",
    overview: "Übersicht",
    status_label: "Stand:",
    sections_heading: "Alle Abschnitte",
    start_how: "So geht's: Öffnen Sie einen Abschnitt – unter jedem Text steht das \
                Kommentarfeld.",
    participation_until: |day| {
        let day: Vec<&str> = day.split('-').rev().collect();
        format!("Kommentieren bis einschließlich {}", day.join("."))
    },
    projects_heading: "Konkrete Projekte",
    pager_label: "Weitere Abschnitte",
    previous: "Vorheriger Abschnitt",
    next: "Nächster Abschnitt",
    earlier_heading: "Änderungen am Text",
    change_reason: "Anlass der Änderung:",
    reconstructed_note: "Diese frühere Fassung haben wir aus den veröffentlichten Fragen \
                         und Antworten wieder zusammengesetzt; das Original-Dokument liegt \
                         uns nicht mehr vor.",
    not_found_heading: "Seite nicht gefunden",
    not_found_text: "Diesen Abschnitt gibt es in der Strategie nicht. Zur Übersicht \
                     kommen Sie über den Link oben.",
    source_label: "Quelle:",
    privacy_note: "Ohne Konto, ohne Tracking.",
    loading: "Die Strategie wird geladen …",
    kind_one: |kind| match kind {
        SectionKind::Leitmotiv => "Leitmotiv",
        SectionKind::Handlungsfeld => "Handlungsfeld",
        SectionKind::Ziel => "Ziel",
        SectionKind::Thema => "Thema",
    },
    kind_many: |kind| match kind {
        SectionKind::Leitmotiv => "Leitmotive",
        SectionKind::Handlungsfeld => "Handlungsfelder",
        SectionKind::Ziel => "Ziele",
        SectionKind::Thema => "Themen",
    },
    my_items: "Meine Beiträge",
    form_heading: "Ihr Kommentar",
    form_text_label: "Ihr Kommentar zu diesem Abschnitt",
    form_name_label: "Name oder Pseudonym (freiwillig)",
    form_self_label: "Ich schreibe als … (freiwillig)",
    form_self_none: "keine Angabe",
    form_consent_label: "Ich bin mit der Speicherung und Veröffentlichung einverstanden.",
    form_noscript: "Zum Kommentieren braucht diese Seite JavaScript. Lesen können Sie alles auch \
        ohne.",
    form_app_failed: "Das Kommentarformular konnte nicht starten (die Verbindung brach ab, oder \
        dieser Browser ist zu alt). Lesen können Sie alles; laden Sie die Seite neu, oder nutzen \
        Sie den Weg unten.",
    form_other_ways: |contact, town| {
        if contact.is_empty() {
            format!("Sie können Ihre Anmerkungen auch direkt an die Stadt {town} richten.")
        } else {
            format!("Sie können Ihre Anmerkungen auch ohne dieses Formular geben: {contact}")
        }
    },
    form_privacy: "Ihr Entwurf bleibt auf diesem Gerät, bis Sie ihn absenden. Gespeichert \
                   werden dann Ihr Text, der freiwillige Name, die freiwillige Angabe zur \
                   Person und die Zeit – keine E-Mail, kein Konto. Nach Prüfung durch die \
                   Stadt kann Ihr Kommentar veröffentlicht werden. Zurückziehen können Sie \
                   ihn jederzeit unter „Meine Beiträge“ auf diesem Gerät.",
    form_submit: "Absenden",
    form_trap_label: "Bitte leer lassen",
    form_queued: "Ihr Kommentar ist im Postausgang. Er wird gesendet, sobald eine \
                  Verbindung besteht.",
    form_saved: "Entwurf gespeichert.",
    form_sending: "Ihr Kommentar wird gesendet …",
    form_received: "Ihr Kommentar ist eingegangen; die Stadt prüft ihn. Ist er \
                    veröffentlicht, steht er bei den Kommentaren zu diesem Abschnitt; was \
                    daraus wird, sehen Sie unter „Meine Beiträge“ und über den Beleg-Link.",
    form_not_sent: "Nichts gesendet – bitte das markierte Feld prüfen.",
    form_ios_storage: "Auf iPhone und iPad löscht Safari Entwürfe, wenn Sie diese Seite sieben \
                       Tage lang nicht öffnen. Senden Sie Ihren Kommentar bald ab – oder legen \
                       Sie die Seite über „Teilen“ und „Zum Home-Bildschirm“ ab.",
    remove_local: "Nur von diesem Gerät entfernen",
    remove_local_confirm: "Der Kommentar bleibt bei der Stadt. Ohne den Beleg-Link können \
                           Sie ihn danach nicht mehr zurückziehen und nicht sehen, was \
                           daraus wird – kopieren Sie den Link vorher, wenn Sie ihn \
                           behalten möchten.",
    remove_local_yes: "Ja, von diesem Gerät entfernen",
    receipt_copy: "Beleg-Link kopieren",
    receipt_copied: "Beleg-Link kopiert.",
    receipt_copy_failed: "Kopieren ging nicht – bitte den Beleg-Link lange drücken und \
                          kopieren.",
    receipt_share: "Beleg-Link teilen oder kopieren",
    receipt_shared: "Beleg-Link geteilt.",
    receipt_next: "Die Stadt prüft Ihren Kommentar. Ist er veröffentlicht, steht er beim \
                   Abschnitt; antwortet die Stadt, steht die Antwort hier. Bewahren Sie \
                   diesen Link auf – mit ihm können Sie den Kommentar auch von einem \
                   anderen Gerät aus zurückziehen.",
    receipt_qr: "Als QR-Code zeigen",
    notify_heading: "Erfahren, was aus dem Kommentar wird",
    notify_intro: "Wir schreiben Ihnen, wenn Ihr Kommentar veröffentlicht oder abgelehnt \
                   wird und wenn die Stadt antwortet – höchstens eine E-Mail je Ereignis.",
    notify_address: "E-Mail-Adresse",
    notify_consent: "Ich bin einverstanden, dass die Stadt meine Adresse nur dafür speichert, \
                     getrennt vom Kommentar. Ihr Server löscht sie von selbst, sobald mein \
                     Kommentar beantwortet oder abgelehnt ist, ich ihn zurückziehe oder die \
                     Beteiligung endet; unbestätigt nach 48 Stunden.",
    notify_send: "E-Mail anfordern",
    notify_sent: "Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie die Adresse \
                  mit dem Link darin (48 Stunden gültig).",
    notify_bad_address: "Das ist keine E-Mail-Adresse, an die wir schreiben können.",
    notify_no_consent: "Bitte stimmen Sie zu, dass die Adresse dafür gespeichert wird.",
    notify_offer: "Benachrichtigen lassen",
    notify_push: "Auf diesem Gerät benachrichtigen",
    notify_push_done: "Erledigt: Dieses Gerät zeigt eine Mitteilung, wenn sich bei Ihrem \
                       Kommentar etwas tut.",
    notify_push_unsupported: "Dieser Browser kann hier keine Mitteilungen zeigen.",
    notify_push_ios: "Auf iPhone und iPad geht das nur, wenn Sie diese Seite zum \
                      Home-Bildschirm hinzugefügt haben und von dort öffnen.",
    notify_push_denied: "Mitteilungen sind für diese Seite nicht erlaubt; Sie können sie in den \
                         Einstellungen des Browsers erlauben.",
    notify_push_failed: "Der Browser hat seinen Mitteilungsdienst gerade nicht erreicht.",
    notify_or_mail: "Nehmen Sie stattdessen die E-Mail.",
    receipt_qr_failed: "Der QR-Code braucht eine Verbindung. Kopieren Sie den Link \
                        stattdessen.",
    delete: "Löschen",
    delete_confirm: "Wirklich löschen? Das lässt sich nicht rückgängig machen.",
    delete_yes: "Ja, löschen",
    delete_no: "Abbrechen",
    deleted: "Gelöscht.",
    edit: "Öffnen",
    mine_on_section: "Ihre Beiträge zu diesem Abschnitt",
    my_items_heading: "Meine Entwürfe und Beiträge",
    my_items_empty: "Sie haben auf diesem Gerät noch nichts geschrieben.",
    my_items_reading:
        "Ihre Entwürfe und Beiträge werden aus diesem Browser gelesen (dafür braucht \
        diese Seite JavaScript).",
    my_items_intro: "Alles, was Sie auf diesem Gerät geschrieben haben, mit seinem Stand.",
    state_draft: "Entwurf",
    state_queued: "wartet auf Verbindung",
    state_sending: "wird gesendet",
    state_received: |at| format!("eingegangen am {at}"),
    state_rejected: |reason| format!("abgelehnt: {reason}"),
    state_withdrawn: "zurückgezogen – der Text ist gelöscht",
    withdraw: "Zurückziehen",
    withdraw_confirm: "Beitrag zurückziehen? Der Text wird auf dem Server und hier gelöscht.",
    withdraw_yes: "Ja, zurückziehen",
    withdraw_offline: "Zurückziehen geht nur mit Verbindung. Bitte versuchen Sie es später.",
    changed_at: "Zuletzt geändert:",
    sync_offline: |n| match n {
        1 => "Offline – 1 Beitrag wartet und wird von selbst gesendet".to_owned(),
        n => format!("Offline – {n} Beiträge warten und werden von selbst gesendet"),
    },
    sync_waiting: |n| match n {
        1 => "1 Beitrag wartet auf Versand".to_owned(),
        n => format!("{n} Beiträge warten auf Versand"),
    },
    sync_sending: "Wird gesendet …",
    sync_done: "Alle Beiträge gesendet",
    char_count: |n, max| format!("{n} von {max} Zeichen"),
    storage_full: "Der Speicher Ihres Browsers ist voll. Ihr Text ist noch auf dieser \
                   Seite, aber nicht gesichert: Bitte senden Sie ihn ab oder kopieren Sie ihn.",
    storage_unavailable: "Ihr Browser erlaubt hier keine Speicherung. Ihr Text bleibt nur, \
                          solange diese Seite offen ist.",
    storage_set_aside: |n| match n {
        1 => "Ein gespeicherter Eintrag ließ sich nicht lesen. Er wurde beiseitegelegt, \
              nicht gelöscht."
            .to_owned(),
        n => format!(
            "{n} gespeicherte Einträge ließen sich nicht lesen. Sie wurden beiseitegelegt, \
             nicht gelöscht."
        ),
    },
    update_available: "Neue Version verfügbar",
    update_reload: "Neu laden",
    eviction_warning: |n| {
        let what = if n == 1 {
            "1 Beitrag ist".to_owned()
        } else {
            format!("{n} Beiträge sind")
        };
        format!(
            "{what} noch nicht gesendet. Ihr Browser kann gespeicherte Daten löschen, wenn \
             Sie die Seite länger nicht besuchen. Senden Sie, sobald Sie Verbindung haben."
        )
    },
    send_now: "Jetzt senden",
    no_connection: "Keine Verbindung zum Server. Bitte versuchen Sie es später.",
    public_heading: "Kommentare und Antworten",
    public_none: "Zu diesem Abschnitt ist noch kein Kommentar veröffentlicht.",
    public_unavailable: "Die Kommentare anderer lassen sich gerade nicht laden (keine Verbindung).",
    public_shown: |shown, all| {
        if all == 1 {
            "1 Kommentar".to_owned()
        } else {
            format!("{shown} von {all} Kommentaren")
        }
    },
    public_more: "Weitere Kommentare laden",
    public_more_loading: "Weitere Kommentare werden geladen …",
    public_more_loaded: |n| match n {
        1 => "1 weiterer Kommentar geladen.".to_owned(),
        n => format!("{n} weitere Kommentare geladen."),
    },
    public_more_failed: "Weitere Kommentare lassen sich gerade nicht laden. Bitte versuchen Sie es später noch einmal.",
    anonymous: "Ohne Namen",
    answer_by: |office| format!("Antwort: {office}"),
    answer_status: |status| {
        use mitreden_model::api::AnswerStatus as S;
        match status {
            S::Eingegangen => "eingegangen",
            S::InPruefung => "in Prüfung",
            S::Beruecksichtigt => "berücksichtigt",
            S::TeilweiseBeruecksichtigt => "teilweise berücksichtigt",
            S::NichtBeruecksichtigt => "nicht berücksichtigt",
        }
    },
    answer_reason: "Begründung:",
    see_revision: |label, version| format!("siehe {label}, Fassung {version}"),
    comment_count: |n| match n {
        0 => "noch keine Kommentare".to_owned(),
        1 => "1 Kommentar".to_owned(),
        n => format!("{n} Kommentare"),
    },
    state_published: "veröffentlicht",
    state_moderated_out: |reason| format!("nicht veröffentlicht: {reason}"),
    admin_link: "Verwaltung",
    embed_link: "Auf Ihrer Website einbinden",
    embed_heading: "Auf Ihrer Website einbinden",
    embed_intro: "Mit einer Zeile zeigt eine andere Website – etwa die Homepage der Stadt – \
        die ganze Strategie oder einen Abschnitt: zum Lesen, Kommentieren und Absenden, ohne \
        Cookies von Dritten. Die Website muss dafür von der IT, die mitreden betreibt, \
        freigegeben sein; nennen Sie ihr die Adresse Ihrer Website.",
    embed_options: "Wahlweise: data-accent=\"#rrggbb\" für die Farbe der Website (sie wird \
        so weit abgedunkelt, dass Schrift darauf lesbar bleibt) und data-title=\"…\" für \
        den Titel des Rahmens, den Screenreader vorlesen.",
    embed_origin_placeholder: "https://ADRESSE-DIESES-SERVERS",
    embed_whole: "Die ganze Strategie",
    embed_copy: "Code kopieren",
    embed_copied: "Kopiert.",
    embed_copy_failed: "Kopieren ging nicht – bitte den Code markieren und kopieren.",
    embed_preview: "Vorschau",
    form_embed_storage: "Ihr Entwurf bleibt nur in diesem Browser gespeichert, und nur auf \
        dieser Website: Auf der Seite von mitreden selbst sehen Sie ihn nicht.",
    kiosk_restart: "Neu beginnen",
    kiosk_idle_heading: "Sind Sie noch da?",
    kiosk_idle_text: |secs| {
        let unit = if secs == 1 { "Sekunde" } else { "Sekunden" };
        format!(
            "Dieses Gerät beginnt in {secs} {unit} neu. Dabei wird alles gelöscht, was \
             hier eingegeben und nicht abgeschickt wurde."
        )
    },
    kiosk_idle_continue: "Ich bin noch da – weiter",
    kiosk_thanks_heading: "Danke für Ihren Kommentar!",
    kiosk_thanks_text: "Er ist abgeschickt und kommt bei der Stadt an, auch wenn das Netz \
        gerade fehlt. Wenn Sie den Stand verfolgen möchten: Fotografieren Sie den QR-Code mit \
        Ihrem Telefon. Er wird nur jetzt gezeigt; danach beginnt das Gerät neu.",
    kiosk_qr_label: "QR-Code mit dem Beleg-Link zu Ihrem Kommentar",
    kiosk_done: "Fertig – neu beginnen",
    kiosk_no_items: "An diesem Gerät für alle werden keine Beiträge aufbewahrt.",
    state_withdrawn_short: "zurückgezogen",
    written_on_version: |v| format!("Geschrieben zu einer früheren Fassung (Fassung {v})"),
    change_causes: "Geändert auf Anregung von:",
    comment_by: |who| match who {
        // The name left empty: "Kommentar von Ohne Namen" said nothing.
        "" => "Kommentar ohne Namen".to_owned(),
        who => format!("Kommentar von {who}"),
    },
    changed_since_draft: "Dieser Abschnitt wurde geändert, seit Sie Ihren Entwurf begonnen \
                          haben. Bitte prüfen Sie, ob Ihr Kommentar noch passt. Die Änderung:",
    changed_since_keep: |v| {
        format!(
            "Wenn Sie nichts weiter tun, geht Ihr Kommentar zur Fassung {v}, zu der Sie ihn \
             begonnen haben."
        )
    },
    changed_since_move: "Kommentar auf die geänderte Fassung beziehen",
    changed_since_moved: "Ihr Kommentar bezieht sich jetzt auf die geänderte Fassung.",
    receipt_heading: "Ihr Beitrag",
    receipt_loading: "Der Stand Ihres Beitrags wird geladen (dafür braucht diese Seite \
        JavaScript).",
    receipt_invalid: "Dieser Beleg-Link öffnet keinen Beitrag – er ist unvollständig, oder \
                      der Server ist gerade nicht erreichbar.",
    receipt_link: "Beleg-Link (öffnet diesen Beitrag auf einem anderen Gerät; nicht \
                   weitergeben)",
    position: |i, n| format!("Abschnitt {i} von {n}"),
    changed_on: |date| match date.map(|d| d.split('-').rev().collect::<Vec<_>>().join(".")) {
        Some(date) => format!("Geändert am {date}"),
        None => "Geändert – an welchem Tag, wissen wir nicht".to_owned(),
    },
    earlier_full: "Frühere Fassung ganz lesen",
    diff_inserted: "eingefügt: ",
    diff_deleted: "gestrichen: ",
    easy_link: "Leichte Sprache",
    accessibility_link: "Erklärung zur Barrierefreiheit",
    // The model words its rules in German.
    rejection: |r| r.to_string(),
    read_rendering: |k| match k {
        mitreden_model::RenderingKind::LeichteSprache => {
            "Diesen Abschnitt in Leichter Sprache lesen"
        }
        mitreden_model::RenderingKind::En => "Read this section in English",
    },
    german_original: "Der Text der Stadt",
    only_german: "Diesen Abschnitt gibt es nur auf Deutsch.",
    town_text_german: "Die Texte der Stadt stehen hier auf Deutsch.",
    notice_label: "Hinweis",
};

/// The texts of a participation event's parts that live in the browser: its state, the
/// application form, one's application. A struct of their own, reached only from those
/// parts and the sending of applications, so only the event's bundle (`crate::event`)
/// carries them.
pub struct EventTexts {
    /// Heading of the event's current state.
    pub state_heading: &'static str,
    /// Until the state is loaded (in the prerendered page: needs JavaScript).
    pub state_loading: &'static str,
    /// The state cannot be loaded; applying still works.
    pub state_unavailable: &'static str,
    /// Where the event stands; the time is the opening (upcoming) or the deadline (open).
    pub phase: fn(mitreden_model::event::EventPhase, &str) -> String,
    /// "12 Bewerbungen bisher."
    pub applied: fn(u64) -> String,
    /// Label of the commitment.
    pub commitment_label: &'static str,
    /// When the commitment was made.
    pub committed_at: fn(&str) -> String,
    /// No commitment yet.
    pub no_commitment: &'static str,
    /// Heading of the draw's result.
    pub result_heading: &'static str,
    /// Before the drawn codes: how many of how many, when.
    pub result_intro: fn(usize, u64, &str) -> String,
    /// The accessible name of the list of drawn codes.
    pub drawn_label: &'static str,
    /// Label of the revealed seed.
    pub seed_label: &'static str,
    /// Label of the public value.
    pub public_value_label: &'static str,
    /// Label of the algorithm.
    pub algorithm_label: &'static str,
    /// The link to the published draw.
    pub download: &'static str,
    /// Heading of the application form.
    pub form_heading: &'static str,
    /// Label of the name.
    pub name_label: &'static str,
    /// Legend of the contact kinds.
    pub contact_kind_legend: &'static str,
    /// A contact kind.
    pub contact_kind: fn(mitreden_model::event::ContactKind) -> &'static str,
    /// Label of the contact.
    pub contact_label: &'static str,
    /// What to type as contact of a kind.
    pub contact_hint: fn(mitreden_model::event::ContactKind) -> &'static str,
    /// The empty choice of an attribute.
    pub choose: &'static str,
    /// The consent, with the day the contact is deleted at the latest.
    pub consent_label: fn(&str) -> String,
    /// What happens with the data.
    pub privacy: &'static str,
    /// The send button.
    pub submit: &'static str,
    /// Told after "Bewerbung absenden".
    pub queued: &'static str,
    /// The applications are closed.
    pub closed: &'static str,
    /// The applications are not open yet.
    pub not_open: &'static str,
    /// Why an application is not taken; the text is the attribute's label where the rule
    /// is about one.
    pub rejection: fn(&mitreden_model::event::ApplicationRejection, &str) -> String,
    /// Heading of one's own applications.
    pub mine_heading: &'static str,
    /// Before the receipt code.
    pub your_code: &'static str,
    /// What the code is for.
    pub note_code: &'static str,
    /// Said when the application has arrived, with its code.
    pub received_said: fn(&str) -> String,
    /// An application's status in words.
    pub status: fn(mitreden_model::event::ApplicationStatus) -> &'static str,
    /// "Bewerbung K7MQ-4X2A: ausgelost".
    pub status_of: fn(&str, &str) -> String,
    /// Button: ask the server for the status.
    pub check: &'static str,
    /// Button: withdraw the application (asks first).
    pub withdraw: &'static str,
    /// The question before withdrawing.
    pub withdraw_confirm: &'static str,
    /// Said after withdrawing.
    pub withdrawn_said: &'static str,
    /// Heading of the check by code.
    pub code_heading: &'static str,
    /// What the check by code is for.
    pub code_intro: &'static str,
    /// Label of the code.
    pub code_label: &'static str,
    /// Button of the check by code.
    pub code_submit: &'static str,
    /// Not a code.
    pub code_invalid: &'static str,
    /// No application has this code.
    pub code_unknown: &'static str,
    /// A day (`YYYY-MM-DD…` in, the language's date out).
    pub day: fn(&str) -> String,
}

impl EventTexts {
    /// A server's refusal `code` in these words: an application's rule, or the application
    /// period. `None` for a code the app does not know.
    pub fn refusal(&self, code: &str) -> Option<String> {
        use mitreden_model::event::ApplicationRejection;
        match code {
            "applications_closed" => Some(self.closed.to_owned()),
            "applications_not_open" => Some(self.not_open.to_owned()),
            code => ApplicationRejection::from_code(code).map(|r| {
                let content = crate::content::use_content();
                let label = match &r {
                    ApplicationRejection::Attribute(id) => content
                        .event
                        .as_ref()
                        .and_then(|e| e.attribute(id))
                        .map_or(id.as_str(), |a| a.label.as_str()),
                    _ => "",
                };
                (self.rejection)(&r, label)
            }),
        }
    }
}

/// The texts of a participation event's live parts, in the page's language.
pub fn event_t() -> &'static EventTexts {
    locale().event_texts()
}

/// The texts only the prerendered participation page (and the links to it) shows: none
/// of them is in the wasm.
pub struct EventPageTexts {
    /// After the event's title in the start page's link.
    pub apply_now: &'static str,
    /// The footer's link.
    pub footer_link: &'static str,
    /// Label of the date.
    pub when_label: &'static str,
    /// Label of the place.
    pub where_label: &'static str,
    /// Label of the seats.
    pub seats_label: &'static str,
    /// Label of the application period.
    pub period_label: &'static str,
    /// A time of the strategy file (RFC 3339, the town's local time) as the language
    /// writes it.
    pub when: fn(&str) -> String,
    /// The seats.
    pub seats: fn(u32) -> String,
    /// The application period (times as [`EventPageTexts::when`] writes them).
    pub period: fn(&str, &str) -> String,
    /// Heading of the quotas.
    pub quotas_heading: &'static str,
    /// Before the quotas.
    pub quotas_intro: &'static str,
    /// A quota's seats, before the value and the attribute's label (the town's words).
    pub quota: fn(u32) -> String,
    /// After the quotas: the rest, and the fallback.
    pub quotas_rest: &'static str,
    /// Without quotas.
    pub no_quotas: &'static str,
    /// Heading of how the draw works.
    pub draw_heading: &'static str,
    /// The commitment, in plain words.
    pub draw_commit: &'static str,
    /// Before the public value (as the strategy file names it).
    pub draw_public: &'static str,
    /// The draw itself, in plain words.
    pub draw_run: &'static str,
    /// What is published, and when contacts are deleted (the day).
    pub draw_published: fn(&str) -> String,
    /// Heading of "check it yourself".
    pub verify_heading: &'static str,
    /// What the commitment proves.
    pub verify_commitment: &'static str,
    /// The same inputs give the same list; how to re-run it (the command follows).
    pub verify_same: &'static str,
    /// After the command: what it checks, and how to re-implement it.
    pub verify_after: &'static str,
    /// Where scripts are off.
    pub noscript: &'static str,
}

/// The prerendered participation page's texts, in the page's language.
pub fn event_page_t() -> &'static EventPageTexts {
    match locale() {
        Locale::De => &EVENT_PAGE_DE,
        Locale::En => &EVENT_PAGE_EN,
    }
}

/// "2027-04-12…" → "12.04.2027"; anything else as it came.
pub fn german_day(iso: &str) -> String {
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) if iso.get(4..5) == Some("-") => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}

/// "…T18:00…" → "18:00", where the time has one.
pub(crate) fn clock_time(iso: &str) -> Option<&str> {
    iso.get(10..11)
        .filter(|t| t.eq_ignore_ascii_case("t") || *t == " ")
        .and(iso.get(11..16))
}

/// German texts of a participation event's live parts.
pub static EVENT_DE: EventTexts = EventTexts {
    state_heading: "Aktueller Stand",
    state_loading: "Der aktuelle Stand wird vom Server geladen (dafür braucht diese Seite \
        JavaScript).",
    state_unavailable: "Der aktuelle Stand lässt sich gerade nicht laden (keine Verbindung). \
        Bewerben können Sie sich trotzdem: Ihre Bewerbung wartet auf diesem Gerät und wird \
        gesendet, sobald eine Verbindung besteht.",
    phase: |phase, at| {
        use mitreden_model::event::EventPhase as P;
        match phase {
            P::Upcoming => format!("Die Bewerbung beginnt am {at}."),
            P::Open => format!("Bewerbungen sind bis {at} möglich."),
            P::Closed => "Die Bewerbungsfrist ist abgelaufen. Die Auslosung folgt.".to_owned(),
            P::Drawn => "Die Plätze sind ausgelost.".to_owned(),
        }
    },
    applied: |n| match n {
        0 => "Noch keine Bewerbungen.".to_owned(),
        1 => "1 Bewerbung bisher.".to_owned(),
        n => format!("{n} Bewerbungen bisher."),
    },
    commitment_label: "Festlegung der Stadt (SHA-256 des geheimen Startwerts)",
    committed_at: |at| format!("veröffentlicht am {at}"),
    no_commitment: "Die Festlegung der Stadt ist noch nicht veröffentlicht. Sie erscheint \
        hier vor dem Ende der Bewerbungsfrist.",
    result_heading: "Ergebnis der Auslosung",
    result_intro: |drawn, of, at| {
        format!("Am {at} wurden {drawn} von {of} Bewerbungen ausgelost, in dieser Reihenfolge:")
    },
    drawn_label: "Ausgeloste Codes",
    seed_label: "Geheimer Startwert (jetzt offengelegt)",
    public_value_label: "Öffentlicher Wert",
    algorithm_label: "Verfahren",
    download: "Eingaben herunterladen (JSON)",
    form_heading: "Um einen Platz bewerben",
    name_label: "Name",
    contact_kind_legend: "Wie sollen wir Sie einladen?",
    contact_kind: |kind| {
        use mitreden_model::event::ContactKind as K;
        match kind {
            K::Email => "E-Mail",
            K::Post => "Postanschrift",
            K::Phone => "Telefon",
        }
    },
    contact_label: "Kontakt",
    contact_hint: |kind| {
        use mitreden_model::event::ContactKind as K;
        match kind {
            K::Email => "Ihre E-Mail-Adresse, z. B. name@example.org",
            K::Post => "Straße und Hausnummer, Postleitzahl und Ort",
            K::Phone => "Ihre Telefonnummer mit Vorwahl",
        }
    },
    choose: "Bitte wählen",
    // No "Name" or "Kontakt" in it: those are the fields' own labels.
    consent_label: |day| {
        format!(
            "Ich bin einverstanden, dass meine Angaben nur für die Einladung gespeichert und \
             spätestens am {day} gelöscht werden."
        )
    },
    privacy: "Ihre Angaben bleiben auf diesem Gerät, bis Sie die Bewerbung absenden. Die \
        Stadt nutzt Name und Kontakt nur, um die Ausgelosten einzuladen; veröffentlicht wird \
        nur der Code der Ausgelosten. Sobald die Bewerbung eingegangen ist, werden Name und \
        Kontakt auf diesem Gerät gelöscht.",
    submit: "Bewerbung absenden",
    queued: "Ihre Bewerbung ist im Postausgang. Sie wird gesendet, sobald eine Verbindung \
        besteht.",
    closed: "Die Bewerbungsfrist ist abgelaufen.",
    not_open: "Die Bewerbung hat noch nicht begonnen.",
    rejection: |r, label| {
        use mitreden_model::event::ApplicationRejection as R;
        match r {
            R::Attribute(_) => {
                format!("Bitte wählen Sie einen der angebotenen Werte für „{label}“.")
            }
            r => r.german(),
        }
    },
    mine_heading: "Ihre Bewerbung",
    your_code: "Ihr Code:",
    note_code: "Notieren Sie ihn: Mit ihm prüfen Sie den Stand, auch auf einem anderen Gerät. \
        Nach der Auslosung wird nur dieser Code veröffentlicht, nie Ihr Name.",
    received_said: |code| format!("Ihre Bewerbung ist eingegangen. Ihr Code: {code}"),
    status: |status| {
        use mitreden_model::event::ApplicationStatus as S;
        match status {
            S::Received => "eingegangen – die Auslosung folgt",
            S::Withdrawn => "zurückgezogen",
            S::Drawn => "ausgelost – die Stadt lädt Sie ein",
            S::NotDrawn => "nicht ausgelost",
        }
    },
    status_of: |code, status| format!("Bewerbung {code}: {status}"),
    check: "Status prüfen",
    withdraw: "Bewerbung zurückziehen",
    withdraw_confirm: "Bewerbung zurückziehen? Sie nimmt dann nicht an der Auslosung teil, und \
        Ihr Name und Ihre Kontaktangabe werden gelöscht.",
    withdrawn_said: "Ihre Bewerbung ist zurückgezogen.",
    code_heading: "Status mit Code prüfen",
    code_intro: "Sie haben sich auf einem anderen Gerät oder auf Papier beworben? Geben Sie \
        Ihren Code ein.",
    code_label: "Ihr Code (z. B. K7MQ-4X2A)",
    code_submit: "Code prüfen",
    code_invalid: "Das ist kein gültiger Code. Ein Code hat 8 Zeichen aus Ziffern und \
        Buchstaben, z. B. K7MQ-4X2A.",
    code_unknown: "Zu diesem Code gibt es keine Bewerbung (oder der Server ist gerade nicht \
        erreichbar).",
    day: german_day,
};

/// German texts of the prerendered participation page.
pub static EVENT_PAGE_DE: EventPageTexts = EventPageTexts {
    apply_now: "jetzt um einen Platz bewerben",
    footer_link: "Um einen Platz bewerben",
    when_label: "Wann",
    where_label: "Wo",
    seats_label: "Plätze",
    period_label: "Bewerbung",
    when: |iso| match clock_time(iso) {
        Some(time) => format!("{}, {time} Uhr", german_day(iso)),
        None => german_day(iso),
    },
    seats: |n| format!("{n}, ausgelost unter allen Bewerbungen"),
    period: |from, to| format!("vom {from} bis {to}"),
    quotas_heading: "Wer ausgelost wird",
    quotas_intro: "Damit die Runde die Stadtgesellschaft abbildet, gelten diese Quoten:",
    quota: |n| match n {
        1 => "mindestens 1 Platz für".to_owned(),
        n => format!("mindestens {n} Plätze für"),
    },
    quotas_rest: "Die übrigen Plätze werden unter allen Bewerbungen verlost. Gibt es für eine \
        Quote zu wenige Bewerbungen, gehen ihre freien Plätze in diese allgemeine Auslosung.",
    no_quotas: "Alle Plätze werden unter allen Bewerbungen verlost; jede Bewerbung hat \
        dieselbe Chance.",
    draw_heading: "So wird ausgelost",
    draw_commit: "Vor dem Ende der Bewerbungsfrist legt sich die Stadt fest: Sie wählt einen \
        geheimen Startwert und veröffentlicht auf dieser Seite vorab dessen Fingerabdruck \
        (SHA-256), die Festlegung. Ändern kann sie den Startwert danach nicht mehr, ohne dass \
        es auffällt.",
    draw_public: "Nach der Frist kommt ein öffentlicher Wert hinzu, den bei Fristende niemand \
        kennen konnte:",
    draw_run: "Aus dem Startwert, dem öffentlichen Wert und der Liste aller Codes mit ihren \
        Angaben berechnet ein veröffentlichtes Verfahren die Auslosung: Erst werden die Quoten \
        der Reihe nach gefüllt, dann die übrigen Plätze verlost – innerhalb jeder Gruppe hat \
        jede Bewerbung dieselbe Chance. Weder die Stadt noch jemand, der sich bewirbt, kann das \
        Ergebnis steuern.",
    draw_published: |day| {
        format!(
            "Veröffentlicht werden nur die Codes der Ausgelosten, nie Namen oder \
             Kontaktangaben. Die Kontaktangaben aller Bewerbungen werden spätestens am {day} \
             gelöscht."
        )
    },
    verify_heading: "Selbst nachprüfen",
    verify_commitment: "Was die Festlegung beweist: Der bei der Auslosung offengelegte \
        Startwert muss genau den vorab veröffentlichten Fingerabdruck ergeben. Stimmt er, stand \
        der Startwert schon vor Fristende fest – und weil der öffentliche Wert erst danach \
        bekannt wurde, konnte niemand das Ergebnis vorhersehen oder nachträglich anpassen.",
    verify_same: "Dieselben Eingaben ergeben immer dieselbe Liste. Nach der Auslosung können \
        Sie oben unter „Ergebnis der Auslosung“ alle Eingaben herunterladen – die Codes mit \
        ihren Angaben zu den Quoten, Startwert, öffentlichen Wert und Verfahren – und die \
        Auslosung mit dem Programm von mitreden wiederholen:",
    verify_after: "Es prüft den Startwert gegen die Festlegung und gibt die Liste der \
        Ausgelosten aus; sie muss mit der Liste auf dieser Seite übereinstimmen. Sie können das \
        Verfahren auch selbst nachbauen: Es ist in mitreden Schritt für Schritt beschrieben \
        (Datei crates/model/src/lottery.rs, mit einem Testbeispiel) und braucht nur SHA-256.",
    noscript: "Zum Bewerben braucht diese Seite JavaScript. Lesen können Sie alles auch ohne.",
};

/// The check that a language lacks no text, shared by [`Texts`] and the administration's
/// texts (`mitreden-admin`'s tests turn on the feature `text-checks`): each language's
/// texts as named samples, compared name by name.
#[cfg(any(test, feature = "text-checks"))]
pub mod check {
    /// One text of one language: a plain text, or a text with values called with samples.
    pub struct Sample {
        /// The field, with the sample values it was called with.
        pub name: String,
        /// What it said.
        pub text: String,
        /// The sample values as words, which a translation must keep where the German shows
        /// them.
        pub values: Vec<String>,
    }

    /// A sample value as it would be shown (`None` shows nothing).
    pub trait Shown {
        /// The value as text.
        fn shown(&self) -> Option<String>;
    }

    impl Shown for &str {
        fn shown(&self) -> Option<String> {
            Some((*self).to_owned())
        }
    }

    impl Shown for Option<&str> {
        fn shown(&self) -> Option<String> {
            self.map(str::to_owned)
        }
    }

    /// A switch is said in words, not shown as itself.
    impl Shown for bool {
        fn shown(&self) -> Option<String> {
            None
        }
    }

    macro_rules! shown_number {
        ($($t:ty),*) => {$(
            impl Shown for $t {
                fn shown(&self) -> Option<String> {
                    Some(self.to_string())
                }
            }
        )*};
    }
    shown_number!(i32, i64, u32, u64, usize);

    /// Pushes plain texts (`plain!(out; a, b)`) and calls of texts with values
    /// (`call!(out; f("x", 2))`) onto a `Vec<Sample>`.
    #[macro_export]
    #[doc(hidden)]
    macro_rules! plain {
        ($out:ident; $($field:ident),* $(,)?) => {$(
            $out.push($crate::i18n::check::Sample {
                name: stringify!($field).to_owned(),
                text: (*$field).to_owned(),
                values: Vec::new(),
            });
        )*};
    }
    #[macro_export]
    #[doc(hidden)]
    macro_rules! call {
        ($out:ident; $field:ident($($arg:expr),+)) => {
            $out.push($crate::i18n::check::Sample {
                name: format!("{}({})", stringify!($field), stringify!($($arg),+)),
                text: $field($($arg),+).to_string(),
                values: [$($crate::i18n::check::Shown::shown(&$arg)),+]
                    .into_iter()
                    .flatten()
                    .collect(),
            });
        };
    }
    pub use crate::{call, plain};

    /// German UI texts that must not appear in an English page: at least 12 characters
    /// (shorter ones are words English shares, like "Leitmotiv 2"), and not inside their
    /// own English text (named there, like "Plain language (Leichte Sprache)").
    pub fn german_only(de: Vec<Sample>, en: &[Sample]) -> Vec<String> {
        de.into_iter()
            .filter(|de| de.text.chars().count() >= 12)
            .filter(|de| {
                en.iter()
                    .any(|e| e.name == de.name && !e.text.contains(de.text.as_str()))
            })
            .map(|de| de.text)
            .collect()
    }

    /// Writes `texts` as JSON to `target/e2e/{name}`, for `tests/e2e/languages.spec.ts`.
    #[allow(clippy::expect_used)]
    pub fn write_for_browser_walk(name: &str, texts: &[String]) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
        std::fs::create_dir_all(&dir).expect("target/e2e");
        let json = serde_json::to_string_pretty(texts).expect("JSON");
        std::fs::write(dir.join(name), json).expect("written");
    }

    /// Letters and the opening quote that only German text has: an English text with one of
    /// them (outside the sample values) was not translated.
    const GERMAN_ONLY: [char; 8] = ['ä', 'ö', 'ü', 'ß', 'Ä', 'Ö', 'Ü', '„'];

    /// Asserts that every German text has an English one that is not empty, not German and
    /// — unless its name is in `same` — different, and that shows every sample value the
    /// German shows. The names in `same` must really be equal, so that list stays true.
    pub fn assert_translated(de: &[Sample], en: &[Sample], same: &[&str]) {
        assert_eq!(de.len(), en.len(), "both languages are sampled alike");
        let mut failures = Vec::new();
        for (de, en) in de.iter().zip(en) {
            assert_eq!(de.name, en.name, "both languages are sampled in one order");
            let name = &de.name;
            let (d, e) = (de.text.trim(), en.text.trim());
            if d.is_empty() {
                failures.push(format!("{name}: the German text is empty"));
            }
            if e.is_empty() {
                failures.push(format!("{name}: the English text is empty"));
            }
            if same.contains(&name.as_str()) {
                if d != e {
                    failures.push(format!(
                        "{name} is listed as the same in both, but {d:?} ≠ {e:?}"
                    ));
                }
            } else if d == e {
                failures.push(format!("{name}: not translated ({e:?})"));
            }
            let own_words = en
                .values
                .iter()
                .filter(|v| !v.is_empty())
                .fold(en.text.clone(), |text, v| text.replace(v.as_str(), ""));
            if own_words.contains(GERMAN_ONLY) {
                failures.push(format!("{name}: German letters or quotes in {e:?}"));
            }
            for value in &de.values {
                if de.text.contains(value.as_str()) && !en.text.contains(value.as_str()) {
                    failures.push(format!("{name}: the English text lacks {value:?}: {e:?}"));
                }
            }
        }
        for name in same {
            if !de.iter().any(|s| s.name == *name) {
                failures.push(format!("{name} is listed as the same in both, but no text"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::check::{assert_translated, call, plain, Sample};
    use super::{EventPageTexts, EventTexts, Locale, Texts, DE, EN};
    use mitreden_model::api::AnswerStatus;
    use mitreden_model::SectionKind;

    /// Texts that are rightly the same in both languages.
    const SAME_IN_BOTH: [&str; 3] = [
        "app_name",
        // Offered in the rendering's own language, on pages of either.
        "read_rendering(LeichteSprache)",
        "read_rendering(En)",
    ];

    /// Every text of one language: the plain ones as they are, the ones with values called
    /// with samples (each branch). The destructuring names every field, without `..`, and
    /// an unused one is an error: a field added to [`Texts`] fails to compile here until it
    /// is sampled.
    #[deny(unused_variables)]
    #[allow(
        clippy::vec_init_then_push,
        reason = "the macros push one sample per field"
    )]
    pub(crate) fn samples(texts: &'static Texts) -> Vec<Sample> {
        let Texts {
            lang,
            app_name,
            skip_link,
            nav_label,
            overview,
            status_label,
            sections_heading,
            start_how,
            participation_until,
            projects_heading,
            pager_label,
            previous,
            next,
            earlier_heading,
            change_reason,
            reconstructed_note,
            not_found_heading,
            not_found_text,
            source_label,
            privacy_note,
            loading,
            kind_one,
            kind_many,
            my_items,
            form_heading,
            form_text_label,
            form_name_label,
            form_self_label,
            form_self_none,
            form_consent_label,
            form_privacy,
            form_noscript,
            form_app_failed,
            form_other_ways,
            form_submit,
            form_trap_label,
            form_queued,
            form_saved,
            form_sending,
            form_received,
            form_not_sent,
            form_ios_storage,
            remove_local,
            remove_local_confirm,
            remove_local_yes,
            receipt_copy,
            receipt_copied,
            receipt_copy_failed,
            receipt_share,
            receipt_shared,
            receipt_next,
            notify_heading,
            notify_intro,
            notify_address,
            notify_consent,
            notify_send,
            notify_sent,
            notify_bad_address,
            notify_no_consent,
            notify_offer,
            notify_push,
            notify_push_done,
            notify_push_unsupported,
            notify_push_ios,
            notify_push_denied,
            notify_push_failed,
            notify_or_mail,
            receipt_qr,
            receipt_qr_failed,
            delete,
            delete_confirm,
            delete_yes,
            delete_no,
            deleted,
            edit,
            mine_on_section,
            my_items_heading,
            my_items_empty,
            my_items_reading,
            my_items_intro,
            state_draft,
            state_queued,
            state_sending,
            state_received,
            state_rejected,
            state_withdrawn,
            withdraw,
            withdraw_confirm,
            withdraw_yes,
            withdraw_offline,
            changed_at,
            sync_offline,
            sync_waiting,
            sync_sending,
            sync_done,
            char_count,
            storage_full,
            storage_unavailable,
            storage_set_aside,
            update_available,
            update_reload,
            eviction_warning,
            send_now,
            no_connection,
            public_heading,
            public_none,
            public_unavailable,
            public_shown,
            public_more,
            public_more_loading,
            public_more_loaded,
            public_more_failed,
            anonymous,
            answer_by,
            answer_status,
            answer_reason,
            see_revision,
            comment_count,
            state_published,
            state_moderated_out,
            admin_link,
            embed_link,
            embed_heading,
            embed_intro,
            embed_options,
            embed_origin_placeholder,
            embed_whole,
            embed_copy,
            embed_copied,
            embed_copy_failed,
            embed_preview,
            form_embed_storage,
            kiosk_restart,
            kiosk_idle_heading,
            kiosk_idle_text,
            kiosk_idle_continue,
            kiosk_thanks_heading,
            kiosk_thanks_text,
            kiosk_qr_label,
            kiosk_done,
            kiosk_no_items,
            state_withdrawn_short,
            written_on_version,
            change_causes,
            comment_by,
            changed_since_draft,
            changed_since_keep,
            changed_since_move,
            changed_since_moved,
            receipt_heading,
            receipt_invalid,
            receipt_loading,
            receipt_link,
            position,
            changed_on,
            earlier_full,
            diff_inserted,
            diff_deleted,
            easy_link,
            accessibility_link,
            rejection,
            read_rendering,
            german_original,
            only_german,
            town_text_german,
            notice_label,
        } = texts;
        let mut out = Vec::new();
        plain!(out;
            lang, app_name, skip_link, nav_label, overview, status_label, sections_heading,
            start_how,
            projects_heading, pager_label, previous, next, earlier_heading, change_reason,
            reconstructed_note, not_found_heading, not_found_text, source_label, privacy_note,
            loading, my_items, form_heading, form_text_label, form_name_label, form_self_label,
            form_self_none, form_consent_label, form_privacy, form_noscript, form_app_failed,
            form_submit, form_trap_label, form_queued, form_saved, form_sending, form_received,
            form_not_sent, form_ios_storage, remove_local, remove_local_confirm, remove_local_yes, receipt_copy,
            receipt_copied, receipt_copy_failed, receipt_share, receipt_shared, receipt_next,
            notify_heading, notify_intro, notify_address, notify_consent, notify_send,
            notify_sent, notify_bad_address, notify_no_consent, notify_offer, notify_push, notify_push_done, notify_push_unsupported, notify_push_ios, notify_push_denied, notify_push_failed, notify_or_mail,
            receipt_qr, receipt_qr_failed, delete, delete_confirm,
            delete_yes, delete_no, deleted, edit, mine_on_section, my_items_heading,
            my_items_empty, my_items_reading, my_items_intro, state_draft, state_queued,
            state_sending, state_withdrawn, withdraw, withdraw_confirm, withdraw_yes,
            withdraw_offline, changed_at, sync_sending, sync_done, storage_full,
            storage_unavailable, update_available, update_reload, send_now, no_connection,
            public_heading, public_none, public_unavailable, public_more, public_more_loading,
            public_more_failed, anonymous, answer_reason,
            state_published, admin_link, embed_link, embed_heading, embed_intro, embed_options,
            embed_origin_placeholder, embed_whole, embed_copy, embed_copied, embed_copy_failed,
            embed_preview, form_embed_storage, kiosk_restart, kiosk_idle_heading,
            kiosk_idle_continue, kiosk_thanks_heading, kiosk_thanks_text, kiosk_qr_label,
            kiosk_done, kiosk_no_items, state_withdrawn_short, change_causes,
            changed_since_draft, changed_since_move, changed_since_moved, receipt_heading,
            receipt_invalid, receipt_loading,
            receipt_link, earlier_full, diff_inserted, diff_deleted, easy_link,
            accessibility_link, german_original, only_german, town_text_german, notice_label,
        );
        let named = |name: String, text: &str| Sample {
            name,
            text: text.to_owned(),
            values: Vec::new(),
        };
        for k in SectionKind::ALL {
            out.push(named(format!("kind_one({k:?})"), kind_one(k)));
            out.push(named(format!("kind_many({k:?})"), kind_many(k)));
        }
        for s in AnswerStatus::ALL {
            out.push(named(format!("answer_status({s:?})"), answer_status(s)));
        }
        for k in mitreden_model::RenderingKind::ALL {
            out.push(named(format!("read_rendering({k:?})"), read_rendering(k)));
        }
        {
            use mitreden_model::comment::Rejection as R;
            for r in [
                R::EmptyText,
                R::TextControlCharacters,
                R::TextTooLong { chars: 3001 },
                R::NameTooLong,
                R::NameControlCharacters,
                R::NoConsent,
                R::UnknownSection,
                R::UnknownVersion,
                R::UnknownSelfDescription,
                R::BadId,
                R::BadTime,
                R::BadReceipt,
            ] {
                out.push(named(format!("rejection({r:?})"), &rejection(&r)));
            }
        }
        let at = "22.11.2026, 11:16";
        call!(out; form_other_ways("", "Sindelfingen"));
        call!(out; form_other_ways("digital@example.org", "Sindelfingen"));
        call!(out; state_received(at));
        call!(out; state_rejected("Beleidigung"));
        for n in [1, 4] {
            call!(out; sync_offline(n));
            call!(out; sync_waiting(n));
            call!(out; storage_set_aside(n));
            call!(out; eviction_warning(n));
        }
        call!(out; char_count(1234, 3000));
        call!(out; answer_by("Amt für Digitalisierung"));
        call!(out; see_revision("Leitmotiv 2", 3));
        for n in [0, 1, 12] {
            call!(out; comment_count(n));
        }
        call!(out; state_moderated_out("Beleidigung"));
        for secs in [1, 30] {
            call!(out; kiosk_idle_text(secs));
        }
        call!(out; written_on_version(2));
        call!(out; changed_since_keep(2));
        call!(out; public_shown(20, 143));
        call!(out; public_shown(1, 1));
        for n in [1, 20] {
            call!(out; public_more_loaded(n));
        }
        call!(out; comment_by("Herr K."));
        call!(out; comment_by(""));
        call!(out; participation_until("2027-02-28"));
        call!(out; position(2, 10));
        call!(out; changed_on(Some("2026-11-26")));
        call!(out; changed_on(None));
        out
    }

    /// Every text of a participation event's live parts (as [`samples`]).
    #[deny(unused_variables)]
    #[allow(
        clippy::vec_init_then_push,
        reason = "the macros push one sample per field"
    )]
    fn event_samples(texts: &'static EventTexts) -> Vec<Sample> {
        use mitreden_model::event::{
            ApplicationRejection as R, ApplicationStatus, ContactKind, EventPhase,
        };
        let EventTexts {
            state_heading,
            state_loading,
            state_unavailable,
            phase,
            applied,
            commitment_label,
            committed_at,
            no_commitment,
            result_heading,
            result_intro,
            drawn_label,
            seed_label,
            public_value_label,
            algorithm_label,
            download,
            form_heading,
            name_label,
            contact_kind_legend,
            contact_kind,
            contact_label,
            contact_hint,
            choose,
            consent_label,
            privacy,
            submit,
            queued,
            closed,
            not_open,
            rejection,
            mine_heading,
            your_code,
            note_code,
            received_said,
            status,
            status_of,
            check,
            withdraw,
            withdraw_confirm,
            withdrawn_said,
            code_heading,
            code_intro,
            code_label,
            code_submit,
            code_invalid,
            code_unknown,
            day,
        } = texts;
        let mut out = Vec::new();
        plain!(out;
            state_heading, state_loading, state_unavailable, commitment_label, no_commitment,
            result_heading, drawn_label, seed_label, public_value_label, algorithm_label,
            download, form_heading, name_label, contact_kind_legend, contact_label, choose,
            privacy, submit, queued, closed, not_open, mine_heading, your_code, note_code,
            check, withdraw, withdraw_confirm, withdrawn_said, code_heading, code_intro,
            code_label, code_submit, code_invalid, code_unknown,
        );
        let named = |name: String, text: String| Sample {
            name,
            text,
            values: Vec::new(),
        };
        let at = "15.03.2027, 23:59";
        for p in [
            EventPhase::Upcoming,
            EventPhase::Open,
            EventPhase::Closed,
            EventPhase::Drawn,
        ] {
            out.push(Sample {
                name: format!("phase({p:?})"),
                text: phase(p, at),
                values: vec![at.to_owned()],
            });
        }
        for n in [0, 1, 40] {
            call!(out; applied(n));
        }
        call!(out; committed_at(at));
        call!(out; result_intro(15, 40, at));
        for k in ContactKind::ALL {
            out.push(named(
                format!("contact_kind({k:?})"),
                contact_kind(k).to_owned(),
            ));
            out.push(named(
                format!("contact_hint({k:?})"),
                contact_hint(k).to_owned(),
            ));
        }
        call!(out; consent_label("31.05.2027"));
        for r in [
            R::EmptyName,
            R::NameTooLong,
            R::EmptyContact,
            R::ContactTooLong,
            R::ContactInvalid,
            R::ControlCharacters,
            R::Attribute("alter".into()),
            R::NoConsent,
            R::BadId,
            R::UnknownEvent,
        ] {
            out.push(Sample {
                name: format!("rejection({r:?})"),
                text: rejection(&r, "Altersgruppe"),
                values: vec!["Altersgruppe".to_owned()],
            });
        }
        call!(out; received_said("K7MQ-4X2A"));
        for s in [
            ApplicationStatus::Received,
            ApplicationStatus::Withdrawn,
            ApplicationStatus::Drawn,
            ApplicationStatus::NotDrawn,
        ] {
            out.push(named(format!("status({s:?})"), status(s).to_owned()));
        }
        call!(out; status_of("K7MQ-4X2A", "x"));
        out.push(named("day".into(), day("2027-05-31T23:59:59+02:00")));
        out
    }

    /// Every text of the prerendered participation page (as [`samples`]).
    #[deny(unused_variables)]
    #[allow(
        clippy::vec_init_then_push,
        reason = "the macros push one sample per field"
    )]
    fn event_page_samples(texts: &'static EventPageTexts) -> Vec<Sample> {
        let EventPageTexts {
            apply_now,
            footer_link,
            when_label,
            where_label,
            seats_label,
            period_label,
            when,
            seats,
            period,
            quotas_heading,
            quotas_intro,
            quota,
            quotas_rest,
            no_quotas,
            draw_heading,
            draw_commit,
            draw_public,
            draw_run,
            draw_published,
            verify_heading,
            verify_commitment,
            verify_same,
            verify_after,
            noscript,
        } = texts;
        let mut out = Vec::new();
        plain!(out;
            apply_now, footer_link, when_label, where_label, seats_label, period_label,
            quotas_heading, quotas_intro, quotas_rest, no_quotas, draw_heading, draw_commit,
            draw_public, draw_run, verify_heading, verify_commitment, verify_same, verify_after, noscript,
        );
        call!(out; when("2027-04-12T18:00:00+02:00"));
        call!(out; when("2027-04-12"));
        call!(out; seats(15));
        call!(out; period("1", "2"));
        call!(out; quota(1));
        call!(out; quota(3));
        call!(out; draw_published("31.05.2027"));
        out
    }

    #[test]
    fn no_event_text_is_missing_in_one_language() {
        assert_translated(
            &event_samples(&super::EVENT_DE),
            &event_samples(&super::EVENT_EN),
            &["name_label"],
        );
        assert_translated(
            &event_page_samples(&super::EVENT_PAGE_DE),
            &event_page_samples(&super::EVENT_PAGE_EN),
            &[],
        );
        assert_eq!(
            (super::EVENT_PAGE_DE.when)("2027-04-12T18:00:00+02:00"),
            "12.04.2027, 18:00 Uhr"
        );
        assert_eq!(
            (super::EVENT_PAGE_EN.when)("2027-04-12T18:00:00+02:00"),
            "12 April 2027, 18:00"
        );
        assert_eq!(
            (super::EVENT_DE.day)("2027-05-31T23:59:59+02:00"),
            "31.05.2027"
        );
        assert_eq!(
            (super::EVENT_EN.day)("2027-05-31T23:59:59+02:00"),
            "31 May 2027"
        );
        assert_eq!((super::EVENT_DE.day)("bald"), "bald");
        // A server's codes, in the page's words.
        assert_eq!(
            super::EVENT_EN.refusal("applications_closed").as_deref(),
            Some("Applications are closed.")
        );
        assert_eq!(
            super::EVENT_EN.refusal("no_consent").as_deref(),
            Some("Please agree to your contact being stored for the invitation.")
        );
        assert!(super::EVENT_DE
            .refusal("attribute:alter")
            .is_some_and(|r| r.starts_with("Bitte wählen Sie")));
        assert_eq!(super::EVENT_DE.refusal("something_else"), None);
    }

    #[test]
    fn no_text_is_missing_in_one_language() {
        assert_translated(&samples(&DE), &samples(&EN), &SAME_IN_BOTH);
        for locale in Locale::ALL {
            assert_eq!(locale.texts().lang, locale.tag());
        }
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        assert_eq!(
            (DE.changed_on)(Some("2026-11-26")),
            "Geändert am 26.11.2026"
        );
        assert_eq!(
            (EN.changed_on)(Some("2026-11-26")),
            "Changed on 26 November 2026"
        );
        assert_eq!(
            (EN.changed_on)(Some("2026-03-05")),
            "Changed on 5 March 2026"
        );
        assert_eq!((EN.changed_on)(Some("bald")), "Changed on bald");
        assert_eq!((EN.changed_on)(Some("2026-13-01")), "Changed on 2026-13-01");
    }

    #[test]
    fn locales_are_found_by_their_tags() {
        assert_eq!(Locale::default(), Locale::De);
        for (tag, locale) in [
            ("de", Locale::De),
            ("de-DE", Locale::De),
            ("DE-at", Locale::De),
            ("en", Locale::En),
            ("en-GB", Locale::En),
            ("EN-us", Locale::En),
        ] {
            assert_eq!(Locale::from_tag(tag), Some(locale), "{tag}");
        }
        for tag in ["", "fr", "eng", "d", "-en"] {
            assert_eq!(Locale::from_tag(tag), None, "{tag}");
        }
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::De.prefix(), "");
        assert_eq!(Locale::En.prefix(), "/en");
        assert_eq!(Locale::De.name(), "Deutsch");
        assert_eq!(Locale::En.name(), "English");
    }
}
