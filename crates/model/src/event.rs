//! A participation event a town announces in its strategy file (issue 14: Esslingen's
//! citizens' workshop, 15 seats drawn by lot), the citizen's application for a seat and the
//! rules both sides apply to it, and the states an event and an application go through.
//!
//! The draw itself is in `lottery` (feature `lottery`, server only); this module is plain
//! types and checks, so the browser bundle can carry it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::comment::{char_count, is_bidi_control, is_invisible, is_rfc3339, is_uuid};

/// A name has at most this many characters.
pub const MAX_NAME_CHARS: usize = 200;
/// A contact (e-mail, postal address or phone number) has at most this many characters.
pub const MAX_CONTACT_CHARS: usize = 300;

/// An event with seats given by lot, as the strategy file announces it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id (in URLs and stored with every application).
    pub id: String,
    /// Its title, e.g. "Bürger-Workshop „Esslingen 4.0“".
    pub title: String,
    /// What happens there and who may apply (plain text, paragraphs by blank lines).
    pub text: String,
    /// When it takes place (RFC 3339).
    pub date: String,
    /// Where it takes place.
    pub place: String,
    /// How many are drawn.
    pub seats: u32,
    /// Applications are taken from this time (RFC 3339) …
    pub applications_open: String,
    /// … until this deadline (RFC 3339).
    pub applications_close: String,
    /// The contact data of every applicant is deleted at this time (RFC 3339) at the latest.
    pub delete_contacts_after: String,
    /// The public value the draw uses, in words: which public drawing after the deadline.
    pub public_randomness: String,
    /// The attributes applicants state for the quotas, e.g. district and age group.
    pub attributes: Vec<EventAttribute>,
    /// The quotas, in the order the draw fills them.
    pub quotas: Vec<Quota>,
}

/// An attribute applicants state, with the values they choose from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventAttribute {
    /// Its id, e.g. `stadtteil`.
    pub id: String,
    /// Its label in the form, e.g. "Stadtteil".
    pub label: String,
    /// The values to choose from.
    pub values: Vec<String>,
}

/// A quota: at least `seats` drawn applicants with `attribute = value`, where there are
/// enough applicants.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// The attribute's id.
    pub attribute: String,
    /// The value that counts.
    pub value: String,
    /// How many seats it asks for.
    pub seats: u32,
}

impl Event {
    /// The attribute with this id.
    pub fn attribute(&self, id: &str) -> Option<&EventAttribute> {
        self.attributes.iter().find(|a| a.id == id)
    }
}

/// How an applicant wants to be invited: one channel is required, used only for this.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// An e-mail address.
    Email,
    /// A postal address.
    Post,
    /// A phone number.
    Phone,
}

impl ContactKind {
    /// All kinds, in the order the form offers them.
    pub const ALL: [ContactKind; 3] = [ContactKind::Email, ContactKind::Post, ContactKind::Phone];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Post => "post",
            ContactKind::Phone => "phone",
        }
    }

    /// The kind for a stored word.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// An application for a seat, as the browser sends it (once, by its id).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApplication {
    /// A UUID made by the browser: sending it twice stores it once.
    pub id: String,
    /// The event applied for.
    pub event_id: String,
    /// The applicant's name, for the invitation.
    pub name: String,
    /// How to invite them.
    pub contact_kind: ContactKind,
    /// The e-mail address, postal address or phone number.
    pub contact: String,
    /// The quota attributes: attribute id → chosen value.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Consent that the contact is stored for the invitation until the deletion date.
    pub consent: bool,
    /// When the citizen wrote it (RFC 3339, the device's clock).
    pub created_at: String,
}

/// Why an application is not taken. The app says these in the citizen's language
/// ([`ApplicationRejection::code`]), the server sends the code with its German text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationRejection {
    /// The name is empty.
    EmptyName,
    /// The name is longer than [`MAX_NAME_CHARS`].
    NameTooLong,
    /// The contact is empty.
    EmptyContact,
    /// The contact is longer than [`MAX_CONTACT_CHARS`].
    ContactTooLong,
    /// The contact does not look like the chosen kind (an e-mail without `@`, a phone
    /// number without enough digits, an address too short to deliver to).
    ContactInvalid,
    /// Control characters or direction overrides in the name or contact.
    ControlCharacters,
    /// An attribute is missing or has a value the event does not offer.
    Attribute(String),
    /// No consent to storing the contact.
    NoConsent,
    /// The id is not a UUID or the time not RFC 3339.
    BadId,
    /// The event does not exist.
    UnknownEvent,
}

/// The form field an application's rejection is about, so the app can focus it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationField {
    /// The name.
    Name,
    /// The contact.
    Contact,
    /// The attribute with this id.
    Attribute(String),
    /// The consent checkbox.
    Consent,
    /// None (the request as such).
    Whole,
}

impl ApplicationRejection {
    /// A stable code for the rule (the attribute's id follows `attribute:`).
    pub fn code(&self) -> String {
        match self {
            ApplicationRejection::EmptyName => "empty_name".into(),
            ApplicationRejection::NameTooLong => "name_too_long".into(),
            ApplicationRejection::EmptyContact => "empty_contact".into(),
            ApplicationRejection::ContactTooLong => "contact_too_long".into(),
            ApplicationRejection::ContactInvalid => "contact_invalid".into(),
            ApplicationRejection::ControlCharacters => "control_characters".into(),
            ApplicationRejection::Attribute(id) => format!("attribute:{id}"),
            ApplicationRejection::NoConsent => "no_consent".into(),
            ApplicationRejection::BadId => "bad_id".into(),
            ApplicationRejection::UnknownEvent => "unknown_event".into(),
        }
    }

    /// The rejection for a code (the inverse of [`ApplicationRejection::code`]).
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "empty_name" => ApplicationRejection::EmptyName,
            "name_too_long" => ApplicationRejection::NameTooLong,
            "empty_contact" => ApplicationRejection::EmptyContact,
            "contact_too_long" => ApplicationRejection::ContactTooLong,
            "contact_invalid" => ApplicationRejection::ContactInvalid,
            "control_characters" => ApplicationRejection::ControlCharacters,
            "no_consent" => ApplicationRejection::NoConsent,
            "bad_id" => ApplicationRejection::BadId,
            "unknown_event" => ApplicationRejection::UnknownEvent,
            other => ApplicationRejection::Attribute(other.strip_prefix("attribute:")?.into()),
        })
    }

    /// The field to focus.
    pub fn field(&self) -> ApplicationField {
        match self {
            ApplicationRejection::EmptyName | ApplicationRejection::NameTooLong => {
                ApplicationField::Name
            }
            ApplicationRejection::EmptyContact
            | ApplicationRejection::ContactTooLong
            | ApplicationRejection::ContactInvalid
            | ApplicationRejection::ControlCharacters => ApplicationField::Contact,
            ApplicationRejection::Attribute(id) => ApplicationField::Attribute(id.clone()),
            ApplicationRejection::NoConsent => ApplicationField::Consent,
            ApplicationRejection::BadId | ApplicationRejection::UnknownEvent => {
                ApplicationField::Whole
            }
        }
    }

    /// The German text the server sends with the code.
    pub fn german(&self) -> String {
        match self {
            ApplicationRejection::EmptyName => "Bitte geben Sie Ihren Namen an.".into(),
            ApplicationRejection::NameTooLong => {
                format!("Der Name darf höchstens {MAX_NAME_CHARS} Zeichen haben.")
            }
            ApplicationRejection::EmptyContact => {
                "Bitte geben Sie an, wie wir Sie einladen können.".into()
            }
            ApplicationRejection::ContactTooLong => {
                format!("Die Kontaktangabe darf höchstens {MAX_CONTACT_CHARS} Zeichen haben.")
            }
            ApplicationRejection::ContactInvalid => {
                "Diese Kontaktangabe passt nicht zur gewählten Art (E-Mail mit @, Telefon mit \
                 Ziffern, Anschrift mit Straße und Ort)."
                    .into()
            }
            ApplicationRejection::ControlCharacters => {
                "Name oder Kontaktangabe enthalten unzulässige Steuerzeichen.".into()
            }
            ApplicationRejection::Attribute(id) => {
                format!("Bitte wählen Sie einen der angebotenen Werte für „{id}“.")
            }
            ApplicationRejection::NoConsent => {
                "Bitte stimmen Sie der Speicherung Ihrer Kontaktangabe für die Einladung zu.".into()
            }
            ApplicationRejection::BadId => "Die Bewerbung ist beschädigt.".into(),
            ApplicationRejection::UnknownEvent => "Diese Veranstaltung gibt es nicht.".into(),
        }
    }
}

fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n') || is_bidi_control(c))
}

fn is_blank(s: &str) -> bool {
    s.chars().all(is_invisible)
}

/// Whether `contact` looks like something of `kind` one could invite to. Deliberately
/// loose: the office reads it, no machine delivers to it.
pub fn contact_fits(kind: ContactKind, contact: &str) -> bool {
    let contact = contact.trim();
    match kind {
        ContactKind::Email => contact.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !contact.chars().any(char::is_whitespace)
        }),
        ContactKind::Phone => {
            contact.chars().filter(char::is_ascii_digit).count() >= 5
                && contact.chars().all(|c| {
                    c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '/' | '(' | ')' | '.')
                })
        }
        ContactKind::Post => {
            char_count(contact) >= 10
                && contact.chars().any(|c| c.is_ascii_digit())
                && contact.chars().any(char::is_alphabetic)
        }
    }
}

/// The rules for what the citizen types (the browser checks before queueing; the server
/// again with [`validate_application`]). The first broken rule, in the form's order.
pub fn check_application_input(
    app: &NewApplication,
    event: &Event,
) -> Result<(), ApplicationRejection> {
    if is_blank(&app.name) {
        return Err(ApplicationRejection::EmptyName);
    }
    if char_count(&app.name) > MAX_NAME_CHARS {
        return Err(ApplicationRejection::NameTooLong);
    }
    if has_control(&app.name) || app.name.contains('\n') {
        return Err(ApplicationRejection::ControlCharacters);
    }
    if is_blank(&app.contact) {
        return Err(ApplicationRejection::EmptyContact);
    }
    if char_count(&app.contact) > MAX_CONTACT_CHARS {
        return Err(ApplicationRejection::ContactTooLong);
    }
    if has_control(&app.contact) {
        return Err(ApplicationRejection::ControlCharacters);
    }
    if !contact_fits(app.contact_kind, &app.contact) {
        return Err(ApplicationRejection::ContactInvalid);
    }
    for attribute in &event.attributes {
        let chosen = app.attributes.get(&attribute.id);
        if !chosen.is_some_and(|v| attribute.values.contains(v)) {
            return Err(ApplicationRejection::Attribute(attribute.id.clone()));
        }
    }
    if let Some(unknown) = app.attributes.keys().find(|k| event.attribute(k).is_none()) {
        return Err(ApplicationRejection::Attribute(unknown.clone()));
    }
    if !app.consent {
        return Err(ApplicationRejection::NoConsent);
    }
    Ok(())
}

/// Everything the server checks: the input rules, the event, the id and the time.
pub fn validate_application(
    app: &NewApplication,
    event: Option<&Event>,
) -> Result<(), ApplicationRejection> {
    if !is_uuid(&app.id) || !is_rfc3339(&app.created_at) {
        return Err(ApplicationRejection::BadId);
    }
    let event = event
        .filter(|e| e.id == app.event_id)
        .ok_or(ApplicationRejection::UnknownEvent)?;
    check_application_input(app, event)
}

/// Where an event stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventPhase {
    /// Applications are not taken yet.
    Upcoming,
    /// Applications are taken.
    Open,
    /// The deadline has passed (or staff closed it); the draw is to come.
    Closed,
    /// The draw is done and published.
    Drawn,
}

impl EventPhase {
    /// The phase at `now` (RFC 3339 times compared as instants by the caller): before the
    /// opening, between opening and deadline unless closed by staff, after, or drawn.
    pub fn at(before_open: bool, after_close: bool, closed_by_staff: bool, drawn: bool) -> Self {
        if drawn {
            EventPhase::Drawn
        } else if after_close || closed_by_staff {
            EventPhase::Closed
        } else if before_open {
            EventPhase::Upcoming
        } else {
            EventPhase::Open
        }
    }
}

/// Where an application stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Received; the draw is to come.
    Received,
    /// Withdrawn by the applicant.
    Withdrawn,
    /// Drawn: the town will invite them.
    Drawn,
    /// In the draw, not drawn.
    NotDrawn,
}

impl ApplicationStatus {
    /// The stored word (`received` and `withdrawn` are stored; the other two follow from
    /// the draw).
    pub fn key(self) -> &'static str {
        match self {
            ApplicationStatus::Received => "received",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::Drawn => "drawn",
            ApplicationStatus::NotDrawn => "not_drawn",
        }
    }

    /// The status for a stored word.
    pub fn from_key(key: &str) -> Option<Self> {
        [
            ApplicationStatus::Received,
            ApplicationStatus::Withdrawn,
            ApplicationStatus::Drawn,
            ApplicationStatus::NotDrawn,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// The server's answer to an application: its receipt code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationReceipt {
    /// The application's id (as sent).
    pub id: String,
    /// The short receipt code, e.g. `K7MQ-4X2A`: shown to the applicant, published if drawn.
    pub code: String,
    /// When the server stored it (RFC 3339).
    pub received_at: String,
}

/// An application's state, for the applicant who has its code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationState {
    /// The receipt code.
    pub code: String,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// When the server stored it.
    pub received_at: String,
}

/// The public state of an event.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventState {
    /// The event's id.
    pub event_id: String,
    /// Where it stands.
    pub phase: EventPhase,
    /// Applications taken (withdrawn ones not counted).
    pub applications: u64,
    /// The deadline (RFC 3339; staff may close earlier).
    pub applications_close: String,
    /// When staff closed the applications, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// The SHA-256 of the secret seed (hex), once committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    /// When the commitment was made (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_at: Option<String>,
    /// The draw, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw: Option<DrawSummary>,
}

/// What the app shows of a published draw (the full inputs are a download).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawSummary {
    /// The drawn receipt codes, in the order drawn.
    pub drawn: Vec<String>,
    /// The revealed seed.
    pub seed: String,
    /// The public value used.
    pub public_value: String,
    /// When the draw was made (RFC 3339).
    pub drawn_at: String,
    /// The algorithm's name and version.
    pub algorithm: String,
    /// How many applications took part.
    pub applicants: u64,
}

/// The count of applications with one attribute value (staff only).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    /// The attribute's id.
    pub attribute: String,
    /// The value.
    pub value: String,
    /// Applications (not withdrawn) with it.
    pub count: u64,
}

/// The event as staff see it: the public state, counts by group, withdrawals, deletion.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventAdminState {
    /// The public state.
    pub state: EventState,
    /// Applications per attribute value.
    pub groups: Vec<GroupCount>,
    /// Withdrawn applications.
    pub withdrawn: u64,
    /// When the contact data was deleted, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_deleted_at: Option<String>,
}

/// A drawn applicant, for the invitation (staff only, until the contacts are deleted).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    /// The receipt code.
    pub code: String,
    /// The name (empty once deleted).
    pub name: String,
    /// How to invite them.
    pub contact_kind: ContactKind,
    /// The contact (empty once deleted).
    pub contact: String,
}

/// Staff's input for the draw: the public value nobody knew at the deadline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRequest {
    /// E.g. the numbers of the named public lottery drawing, as published.
    pub public_value: String,
}

/// A public value has at most this many characters.
pub const MAX_PUBLIC_VALUE_CHARS: usize = 500;

/// Whether a public value can be used: not blank, not too long, no control characters.
pub fn check_public_value(value: &str) -> bool {
    !is_blank(value) && char_count(value) <= MAX_PUBLIC_VALUE_CHARS && !has_control(value)
}

/// The alphabet of receipt codes: Crockford's base 32 (no I, L, O, U), so a code read
/// aloud or typed from paper comes out right.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A receipt code from 5 random bytes: 8 characters in two groups, e.g. `K7MQ-4X2A`
/// (40 bits; the server retries on the rare collision).
pub fn receipt_code(bytes: [u8; 5]) -> String {
    let mut n = bytes.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
    let mut chars = [0u8; 8];
    for c in chars.iter_mut().rev() {
        *c = CODE_ALPHABET[(n & 31) as usize];
        n >>= 5;
    }
    let text: String = chars.iter().map(|&b| char::from(b)).collect();
    format!("{}-{}", &text[..4], &text[4..])
}

/// A code as a person typed it, in its canonical form: case, spaces and dashes ignored,
/// `O` read as `0`, `I` and `L` as `1`. `None` if it cannot be a code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(9);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\u{2010}'..='\u{2015}' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !CODE_ALPHABET.contains(&(c as u8)) || out.len() >= 9 {
            return None;
        }
        if out.len() == 4 {
            out.push('-');
        }
        out.push(c);
    }
    (out.len() == 9).then_some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn event() -> Event {
        Event {
            id: "workshop".into(),
            title: "Workshop".into(),
            text: String::new(),
            date: "2027-04-12T18:00:00+02:00".into(),
            place: "Altes Rathaus".into(),
            seats: 15,
            applications_open: "2026-11-01T00:00:00+01:00".into(),
            applications_close: "2027-03-15T23:59:59+01:00".into(),
            delete_contacts_after: "2027-05-31T00:00:00+02:00".into(),
            public_randomness: "Lotto".into(),
            attributes: vec![EventAttribute {
                id: "stadtteil".into(),
                label: "Stadtteil".into(),
                values: vec!["Mitte".into(), "Zell".into()],
            }],
            quotas: vec![],
        }
    }

    fn application() -> NewApplication {
        NewApplication {
            id: "0b0e8a3c-3c1e-4d6a-9d8e-2f6f1f0b7a11".into(),
            event_id: "workshop".into(),
            name: "Erika Muster".into(),
            contact_kind: ContactKind::Email,
            contact: "erika@example.org".into(),
            attributes: [("stadtteil".to_owned(), "Zell".to_owned())].into(),
            consent: true,
            created_at: "2026-11-26T09:00:00Z".into(),
        }
    }

    #[test]
    fn a_complete_application_passes() {
        assert_eq!(validate_application(&application(), Some(&event())), Ok(()));
    }

    #[test]
    fn each_rule_is_named_with_its_field() {
        let e = event();
        type Change = fn(&mut NewApplication);
        let cases: Vec<(Change, ApplicationRejection)> = vec![
            (
                |a| a.name = " \u{200b} ".into(),
                ApplicationRejection::EmptyName,
            ),
            (
                |a| a.name = "é".repeat(201),
                ApplicationRejection::NameTooLong,
            ),
            (
                |a| a.contact = String::new(),
                ApplicationRejection::EmptyContact,
            ),
            (
                |a| a.contact = "erika.example.org".into(),
                ApplicationRejection::ContactInvalid,
            ),
            (
                |a| a.name = "A\u{202e}B".into(),
                ApplicationRejection::ControlCharacters,
            ),
            (
                |a| a.attributes.clear(),
                ApplicationRejection::Attribute("stadtteil".into()),
            ),
            (
                |a| {
                    a.attributes.insert("stadtteil".into(), "Mars".into());
                },
                ApplicationRejection::Attribute("stadtteil".into()),
            ),
            (
                |a| {
                    a.attributes.insert("alter".into(), "30".into());
                },
                ApplicationRejection::Attribute("alter".into()),
            ),
            (|a| a.consent = false, ApplicationRejection::NoConsent),
        ];
        for (change, expected) in cases {
            let mut a = application();
            change(&mut a);
            assert_eq!(check_application_input(&a, &e), Err(expected.clone()));
            assert_eq!(
                ApplicationRejection::from_code(&expected.code()),
                Some(expected.clone())
            );
            assert!(!expected.german().is_empty());
        }
        let mut a = application();
        a.id = "nope".into();
        assert_eq!(
            validate_application(&a, Some(&e)),
            Err(ApplicationRejection::BadId)
        );
        let mut a = application();
        a.event_id = "other".into();
        assert_eq!(
            validate_application(&a, Some(&e)),
            Err(ApplicationRejection::UnknownEvent)
        );
        assert_eq!(
            ApplicationRejection::NoConsent.field(),
            ApplicationField::Consent
        );
    }

    #[test]
    fn contacts_fit_their_kind() {
        use ContactKind::*;
        assert!(contact_fits(Email, "a@b.de"));
        assert!(!contact_fits(Email, "a@b"));
        assert!(!contact_fits(Email, "a b@c.de"));
        assert!(contact_fits(Phone, "+49 711 123-45"));
        assert!(!contact_fits(Phone, "0711"));
        assert!(!contact_fits(Phone, "call me 0711 12345"));
        assert!(contact_fits(Post, "Marktplatz 1, 73728 Esslingen"));
        assert!(!contact_fits(Post, "Esslingen"));
        for kind in ContactKind::ALL {
            assert_eq!(ContactKind::from_key(kind.key()), Some(kind));
        }
    }

    #[test]
    fn codes_are_readable_and_typed_codes_normalise() {
        assert_eq!(receipt_code([0; 5]), "0000-0000");
        assert_eq!(receipt_code([0xff; 5]), "ZZZZ-ZZZZ");
        let code = receipt_code([0x12, 0x34, 0x56, 0x78, 0x9a]);
        assert_eq!(code.len(), 9);
        assert_eq!(normalise_code(&code), Some(code.clone()));
        assert_eq!(
            normalise_code(&code.to_lowercase().replace('-', " ")),
            Some(code)
        );
        assert_eq!(normalise_code("o1il-ABCD"), Some("0111-ABCD".into()));
        assert_eq!(normalise_code("ABCD-EFGU"), None);
        assert_eq!(normalise_code("ABCD-EFG"), None);
        assert_eq!(normalise_code("ABCD-EFGHJ"), None);
        assert_eq!(normalise_code("ÄBCD-EFGH"), None);
    }

    #[test]
    fn phases_follow_time_staff_and_draw() {
        assert_eq!(
            EventPhase::at(true, false, false, false),
            EventPhase::Upcoming
        );
        assert_eq!(EventPhase::at(false, false, false, false), EventPhase::Open);
        assert_eq!(
            EventPhase::at(false, true, false, false),
            EventPhase::Closed
        );
        assert_eq!(
            EventPhase::at(false, false, true, false),
            EventPhase::Closed
        );
        assert_eq!(EventPhase::at(false, true, true, true), EventPhase::Drawn);
        for s in ["received", "withdrawn", "drawn", "not_drawn"] {
            assert_eq!(ApplicationStatus::from_key(s).map(|s| s.key()), Some(s));
        }
        assert!(check_public_value("3 12 19 27 33 41, Superzahl 7"));
        assert!(!check_public_value(" "));
        assert!(!check_public_value("1\u{0}2"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_input_is_judged_without_panic(
                name in ".{0,300}", contact in ".{0,400}", value in ".{0,20}",
                code in ".{0,20}", kind in 0usize..3,
            ) {
                let mut a = application();
                a.name = name;
                a.contact = contact;
                a.contact_kind = ContactKind::ALL[kind];
                a.attributes.insert("stadtteil".into(), value.clone());
                let _ = validate_application(&a, Some(&event()));
                let _ = check_public_value(&value);
                if let Some(c) = normalise_code(&code) {
                    prop_assert_eq!(normalise_code(&c), Some(c));
                }
            }
        }
    }
}
