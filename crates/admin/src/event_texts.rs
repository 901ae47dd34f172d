//! The texts of the administration's panel for a participation event (issue 14), German
//! and English, kept beside [`super::texts`] so that file stays one job.

use mitreden_model::event::{ContactKind, EventPhase};

use mitreden::i18n::Locale;

/// The event panel's texts of one language. Texts with values are functions.
pub struct EventTexts {
    /// Heading: "<title>: Bewerbungen und Auslosung".
    pub heading: fn(&str) -> String,
    /// The phase in words.
    pub phase: fn(EventPhase) -> &'static str,
    /// "Stand: …".
    pub phase_label: &'static str,
    /// "N Bewerbungen, davon M zurückgezogen" (both given).
    pub counted: fn(u64, u64) -> String,
    /// The deadline line.
    pub deadline: fn(&str) -> String,
    /// Caption of the table of applications per group.
    pub groups_caption: &'static str,
    /// Column: the attribute.
    pub col_attribute: &'static str,
    /// Column: the value.
    pub col_value: &'static str,
    /// Column: applications.
    pub col_applications: &'static str,
    /// Column: the quota's seats.
    pub col_quota: &'static str,
    /// "keine Quote".
    pub no_quota: &'static str,
    /// Heading of the commitment part.
    pub commitment: &'static str,
    /// Says what the commitment is for.
    pub commitment_text: &'static str,
    /// "Noch keine Festlegung veröffentlicht."
    pub no_commitment: &'static str,
    /// Why the commitment comes first.
    pub commit_first: &'static str,
    /// "Festgelegt am …".
    pub committed_at: fn(&str) -> String,
    /// Button: make and publish the commitment.
    pub commit: &'static str,
    /// Told once it is made.
    pub committed: &'static str,
    /// Button: close the applications.
    pub close: &'static str,
    /// Told once closed.
    pub closed: &'static str,
    /// Label of the public value's field.
    pub public_value: &'static str,
    /// Help under the field: which public value the file names.
    pub public_value_help: fn(&str) -> String,
    /// Button: draw.
    pub draw: &'static str,
    /// Told once drawn.
    pub drawn: fn(usize) -> String,
    /// Why the draw button is not there yet.
    pub draw_needs: &'static str,
    /// Heading of the drawn list.
    pub drawn_heading: &'static str,
    /// Caption of the invitees' table.
    pub invitees_caption: &'static str,
    /// Column: receipt code.
    pub col_code: &'static str,
    /// Column: name.
    pub col_name: &'static str,
    /// Column: contact.
    pub col_contact: &'static str,
    /// A contact kind in words.
    pub contact_kind: fn(ContactKind) -> &'static str,
    /// Button: delete every applicant's contact data.
    pub delete_contacts: &'static str,
    /// The question before deleting.
    pub delete_question: &'static str,
    /// "Ja, löschen".
    pub delete_yes: &'static str,
    /// "Abbrechen".
    pub delete_no: &'static str,
    /// "Kontaktdaten gelöscht am …".
    pub contacts_deleted: fn(&str) -> String,
    /// The automatic deletion date.
    pub deleted_by: fn(&str) -> String,
    /// The state could not be loaded.
    pub not_loaded: &'static str,
}

/// The texts of the current locale (German where none is provided).
pub fn event_t() -> &'static EventTexts {
    match mitreden::i18n::locale() {
        Locale::De => &DE,
        Locale::En => &EN,
    }
}

static DE: EventTexts = EventTexts {
    heading: |title| format!("{title}: Bewerbungen und Auslosung"),
    phase: |p| match p {
        EventPhase::Upcoming => "Bewerbung noch nicht geöffnet",
        EventPhase::Open => "Bewerbung offen",
        EventPhase::Closed => "Bewerbung geschlossen, Auslosung steht aus",
        EventPhase::Drawn => "ausgelost",
    },
    phase_label: "Stand",
    counted: |n, w| format!("{n} Bewerbungen ({w} zurückgezogen)"),
    deadline: |at| format!("Bewerbungsschluss: {at}"),
    groups_caption: "Bewerbungen nach Gruppe",
    col_attribute: "Merkmal",
    col_value: "Wert",
    col_applications: "Bewerbungen",
    col_quota: "Quote (Plätze)",
    no_quota: "keine",
    commitment: "Festlegung des geheimen Startwerts",
    commitment_text: "Vor dem Bewerbungsschluss veröffentlichen Sie den SHA-256-Wert eines \
        geheimen Startwerts. Er lässt sich danach nicht mehr ändern; bei der Auslosung wird \
        der Startwert offengelegt und mit dem öffentlichen Zufallswert verbunden.",
    no_commitment: "Noch keine Festlegung veröffentlicht.",
    commit_first: "Veröffentlichen Sie die Festlegung vor dem Bewerbungsschluss: Ohne sie \
        lässt sich die Bewerbung nicht schließen und nicht auslosen.",
    committed_at: |at| format!("Festgelegt am {at}"),
    commit: "Startwert festlegen und veröffentlichen",
    committed: "Die Festlegung ist veröffentlicht.",
    close: "Bewerbung jetzt schließen",
    closed: "Die Bewerbung ist geschlossen.",
    public_value: "Öffentlicher Zufallswert",
    public_value_help: |source| format!("Laut Ankündigung: {source}."),
    draw: "Auslosen",
    drawn: |n| format!("Ausgelost: {n} Codes."),
    draw_needs: "Auslosen lässt sich, sobald die Bewerbung geschlossen und ein Startwert \
        festgelegt ist.",
    drawn_heading: "Ausgeloste Codes",
    invitees_caption: "Einzuladende",
    col_code: "Code",
    col_name: "Name",
    col_contact: "Kontakt",
    contact_kind: |k| match k {
        ContactKind::Email => "E-Mail",
        ContactKind::Post => "Post",
        ContactKind::Phone => "Telefon",
    },
    delete_contacts: "Kontaktdaten aller Bewerbungen löschen",
    delete_question: "Namen und Kontaktdaten aller Bewerbungen endgültig löschen?",
    delete_yes: "Ja, endgültig löschen",
    delete_no: "Abbrechen",
    contacts_deleted: |at| format!("Kontaktdaten gelöscht am {at}. Die Zahlen bleiben."),
    deleted_by: |at| format!("Spätestens am {at} werden die Kontaktdaten automatisch gelöscht."),
    not_loaded: "Der Stand der Bewerbungen ließ sich nicht laden.",
};

static EN: EventTexts = EventTexts {
    heading: |title| format!("{title}: applications and draw"),
    phase: |p| match p {
        EventPhase::Upcoming => "applications not open yet",
        EventPhase::Open => "applications open",
        EventPhase::Closed => "applications closed, draw to come",
        EventPhase::Drawn => "drawn",
    },
    phase_label: "Status",
    counted: |n, w| format!("{n} applications ({w} withdrawn)"),
    deadline: |at| format!("Deadline: {at}"),
    groups_caption: "Applications by group",
    col_attribute: "Attribute",
    col_value: "Value",
    col_applications: "Applications",
    col_quota: "Quota (seats)",
    no_quota: "none",
    commitment: "Commitment to the secret seed",
    commitment_text: "Before the deadline, publish the SHA-256 of a secret seed. It cannot be \
        changed afterwards; at the draw the seed is revealed and combined with the public \
        random value.",
    no_commitment: "No commitment published yet.",
    commit_first: "Publish the commitment before the deadline: without it, applications \
        cannot be closed and no draw can be made.",
    committed_at: |at| format!("Committed on {at}"),
    commit: "Make and publish the seed's commitment",
    committed: "The commitment is published.",
    close: "Close applications now",
    closed: "Applications are closed.",
    public_value: "Public random value",
    public_value_help: |source| format!("As announced: {source}."),
    draw: "Draw",
    drawn: |n| format!("Drawn: {n} codes."),
    draw_needs: "The draw can be made once applications are closed and a seed is committed.",
    drawn_heading: "Drawn codes",
    invitees_caption: "To invite",
    col_code: "Code",
    col_name: "Name",
    col_contact: "Contact",
    contact_kind: |k| match k {
        ContactKind::Email => "e-mail",
        ContactKind::Post => "post",
        ContactKind::Phone => "phone",
    },
    delete_contacts: "Delete every applicant's contact data",
    delete_question: "Delete the names and contact data of every application for good?",
    delete_yes: "Yes, delete for good",
    delete_no: "Cancel",
    contacts_deleted: |at| format!("Contact data deleted on {at}. The figures stay."),
    deleted_by: |at| format!("The contact data is deleted automatically on {at} at the latest."),
    not_loaded: "The applications' status could not be loaded.",
};

/// Run with the i18n tests (`cargo test -p mitreden --lib i18n`).
#[cfg(test)]
mod i18n_tests {
    use super::{EventTexts, DE, EN};
    use mitreden::i18n::check::{assert_translated, call, plain, Sample};
    use mitreden_model::event::{ContactKind, EventPhase};

    /// Texts that are rightly the same in both languages.
    const SAME_IN_BOTH: [&str; 2] = ["col_code", "col_name"];

    /// Every text of one language: a field added to [`EventTexts`] fails to compile here
    /// until it is sampled.
    #[deny(unused_variables)]
    #[allow(
        clippy::vec_init_then_push,
        reason = "the macros push one sample per field"
    )]
    fn samples(texts: &'static EventTexts) -> Vec<Sample> {
        let EventTexts {
            heading,
            phase,
            phase_label,
            counted,
            deadline,
            groups_caption,
            col_attribute,
            col_value,
            col_applications,
            col_quota,
            no_quota,
            commitment,
            commitment_text,
            no_commitment,
            commit_first,
            committed_at,
            commit,
            committed,
            close,
            closed,
            public_value,
            public_value_help,
            draw,
            drawn,
            draw_needs,
            drawn_heading,
            invitees_caption,
            col_code,
            col_name,
            col_contact,
            contact_kind,
            delete_contacts,
            delete_question,
            delete_yes,
            delete_no,
            contacts_deleted,
            deleted_by,
            not_loaded,
        } = texts;
        let mut out = Vec::new();
        plain!(out;
            phase_label, groups_caption, col_attribute, col_value, col_applications, col_quota,
            no_quota, commitment, commitment_text, no_commitment, commit_first, commit, committed, close,
            closed, public_value, draw, draw_needs, drawn_heading, invitees_caption, col_code,
            col_name, col_contact, delete_contacts, delete_question, delete_yes, delete_no,
            not_loaded,
        );
        for p in [
            EventPhase::Upcoming,
            EventPhase::Open,
            EventPhase::Closed,
            EventPhase::Drawn,
        ] {
            out.push(Sample {
                name: format!("phase({p:?})"),
                text: phase(p).to_owned(),
                values: Vec::new(),
            });
        }
        for k in ContactKind::ALL {
            out.push(Sample {
                name: format!("contact_kind({k:?})"),
                text: contact_kind(k).to_owned(),
                values: Vec::new(),
            });
        }
        let at = "22.11.2026, 11:16";
        call!(out; heading("Workshop"));
        call!(out; counted(40, 2));
        call!(out; deadline(at));
        call!(out; committed_at(at));
        call!(out; public_value_help("Lotto"));
        call!(out; drawn(15));
        call!(out; contacts_deleted(at));
        call!(out; deleted_by(at));
        out
    }

    #[test]
    fn no_event_text_is_missing_in_one_language() {
        assert_translated(&samples(&DE), &samples(&EN), &SAME_IN_BOTH);
    }
}
