//! The participation event as the administration edits it (issue 22, item 2): its texts,
//! its terms (seats, times, the public randomness) and the attributes applicants state
//! with a quota per value. A save is the next draft, checked as every strategy file is.
//! Once applications came, the terms — attributes and quotas among them — stay as the
//! applicants read them; the words may still change.

use serde::{Deserialize, Serialize};

use crate::event::{Event, EventAttribute, Quota};
use crate::strategy::Strategy;

/// The participation event's texts and terms as the administration edits them
/// (`GET`/`POST /api/v1/admin/strategy/event`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSettings {
    /// The stored version the form loaded.
    pub based_on: i64,
    /// Its title.
    pub title: String,
    /// What happens there and who may apply.
    pub text: String,
    /// Where it takes place.
    pub place: String,
    /// When it takes place (RFC 3339).
    pub date: String,
    /// How many are drawn.
    pub seats: String,
    /// Applications are taken from (RFC 3339) …
    pub applications_open: String,
    /// … until (RFC 3339).
    pub applications_close: String,
    /// The applicants' contacts are deleted at the latest at (RFC 3339).
    pub delete_contacts_after: String,
    /// The public value the draw uses, in words.
    pub public_randomness: String,
    /// The attributes applicants state, each value with its quota.
    #[serde(default)]
    pub attributes: Vec<AttributeSetting>,
}

/// An attribute applicants state, as the form edits it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeSetting {
    /// Its id, stored with every application; empty for a new one (made from the label).
    #[serde(default)]
    pub id: String,
    /// Its label in the application form, e.g. "Altersgruppe".
    pub label: String,
    /// The values to choose from, in order.
    pub values: Vec<ValueSetting>,
}

/// A value of an attribute and the seats at least drawn among those who chose it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSetting {
    /// The value, e.g. "65 Jahre und älter".
    pub value: String,
    /// Its quota as typed: a whole number from 1, or empty for none.
    #[serde(default)]
    pub quota: String,
}

/// Why an event's settings cannot be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventEditError {
    /// The strategy has no event.
    NoEvent,
    /// As loaded.
    Unchanged,
    /// The seats are not a whole number from 1.
    BadSeats,
    /// The quota of this attribute's (from 1) value (from 1) is not a whole number from 1.
    BadQuota(usize, usize),
    /// Applications came already, and the seats, times, randomness, attributes or quotas
    /// changed: the draw's terms stay as the applicants read them.
    TermsFixed,
}

impl EventSettings {
    /// The event of `strategy` (stored as version `based_on`), if it has one.
    pub fn of(strategy: &Strategy, based_on: i64) -> Option<Self> {
        let e = strategy.event.as_ref()?;
        Some(Self {
            based_on,
            title: e.title.clone(),
            text: e.text.clone(),
            place: e.place.clone(),
            date: e.date.clone(),
            seats: e.seats.to_string(),
            applications_open: e.applications_open.clone(),
            applications_close: e.applications_close.clone(),
            delete_contacts_after: e.delete_contacts_after.clone(),
            public_randomness: e.public_randomness.clone(),
            attributes: e
                .attributes
                .iter()
                .map(|a| AttributeSetting {
                    id: a.id.clone(),
                    label: a.label.clone(),
                    values: a
                        .values
                        .iter()
                        .map(|v| ValueSetting {
                            value: v.clone(),
                            quota: e
                                .quotas
                                .iter()
                                .find(|q| q.attribute == a.id && q.value == *v)
                                .map(|q| q.seats.to_string())
                                .unwrap_or_default(),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// `base` with this event (trimmed); `applied` says whether applications came already
    /// (then only title, text and place may change). Empty rows are left out; a new
    /// attribute gets an id made from its label.
    pub fn apply(&self, base: &Strategy, applied: bool) -> Result<Strategy, EventEditError> {
        let mut next = base.clone();
        let event = next.event.as_mut().ok_or(EventEditError::NoEvent)?;
        let seats: u32 = whole_from_one(&self.seats).ok_or(EventEditError::BadSeats)?;
        let (attributes, mut quotas) = self.attributes_and_quotas()?;
        // The draw fills the quotas in the file's order: where the form gives back the
        // quotas it loaded, they keep that order (and any the form can't show apart).
        let loaded = Self::of(base, 0)
            .map(|s| s.attributes_and_quotas())
            .and_then(Result::ok)
            .map(|(_, q)| q);
        if loaded.as_ref() == Some(&quotas) {
            quotas = event.quotas.clone();
        }
        let terms = |e: &Event| {
            (
                e.seats,
                e.date.clone(),
                e.applications_open.clone(),
                e.applications_close.clone(),
                e.delete_contacts_after.clone(),
                e.public_randomness.clone(),
                e.attributes.clone(),
                e.quotas.clone(),
            )
        };
        let before = terms(event);
        let trim = |s: &str| s.trim().to_owned();
        event.title = trim(&self.title);
        event.text = self.text.replace("\r\n", "\n").trim().to_owned();
        event.place = trim(&self.place);
        event.date = trim(&self.date);
        event.seats = seats;
        event.applications_open = trim(&self.applications_open);
        event.applications_close = trim(&self.applications_close);
        event.delete_contacts_after = trim(&self.delete_contacts_after);
        event.public_randomness = trim(&self.public_randomness);
        event.attributes = attributes;
        event.quotas = quotas;
        if applied && terms(event) != before {
            return Err(EventEditError::TermsFixed);
        }
        if next == *base {
            return Err(EventEditError::Unchanged);
        }
        Ok(next)
    }

    /// The form's attributes and quotas (attribute by attribute, value by value), trimmed,
    /// without empty rows; the parser checks the rest (two values at least, no doubles, the
    /// quotas within the seats).
    fn attributes_and_quotas(&self) -> Result<(Vec<EventAttribute>, Vec<Quota>), EventEditError> {
        let mut attributes: Vec<EventAttribute> = Vec::new();
        let mut quotas = Vec::new();
        for (i, a) in self.attributes.iter().enumerate() {
            let label = a.label.trim().to_owned();
            let mut values = Vec::new();
            let mut wanted = Vec::new();
            for (j, v) in a.values.iter().enumerate() {
                let value = v.value.trim().to_owned();
                let quota = v.quota.trim();
                if value.is_empty() && quota.is_empty() {
                    continue;
                }
                if !quota.is_empty() {
                    let seats =
                        whole_from_one(quota).ok_or(EventEditError::BadQuota(i + 1, j + 1))?;
                    wanted.push((value.clone(), seats));
                }
                values.push(value);
            }
            if label.is_empty() && values.is_empty() && a.id.trim().is_empty() {
                continue;
            }
            let id = match a.id.trim() {
                "" => fresh_id(&label, &attributes, &self.attributes),
                id => id.to_owned(),
            };
            quotas.extend(wanted.into_iter().map(|(value, seats)| Quota {
                attribute: id.clone(),
                value,
                seats,
            }));
            attributes.push(EventAttribute { id, label, values });
        }
        Ok((attributes, quotas))
    }

    /// Whether the event reads differently in `newer` than in `older` (a conflict).
    pub fn changed_between(older: &Strategy, newer: &Strategy) -> bool {
        older.event != newer.event
    }
}

/// A whole number from 1, as typed.
fn whole_from_one(typed: &str) -> Option<u32> {
    typed.trim().parse().ok().filter(|n| *n >= 1)
}

/// An id for a new attribute labelled `label`: its letters and digits in lower case
/// (`ä` → `ae`, `ß` → `ss`), words joined by `-`, unlike every other attribute's id;
/// `merkmal` where the label has none.
fn fresh_id(label: &str, made: &[EventAttribute], typed: &[AttributeSetting]) -> String {
    let mut slug = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        let spelled = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                slug.push(c);
                continue;
            }
            _ => "-",
        };
        slug.push_str(spelled);
    }
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    let mut stem: String = words.join("-");
    // Ids are at most 64 characters; the suffix below needs room.
    stem.truncate(56);
    let stem = match stem.trim_end_matches('-') {
        "" => "merkmal".to_owned(),
        s => s.to_owned(),
    };
    let taken =
        |id: &str| made.iter().any(|a| a.id == id) || typed.iter().any(|a| a.id.trim() == id);
    let mut id = stem.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{stem}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::tests::{section, strategy};
    use crate::SectionKind;

    fn with_event() -> Strategy {
        let mut base = strategy(vec![section("a", SectionKind::Leitmotiv)]);
        base.event = Some(crate::event::tests::event());
        base
    }

    #[test]
    fn an_events_terms_stay_once_applications_came_its_words_do_not() {
        let base = strategy(vec![section("a", SectionKind::Leitmotiv)]);
        assert_eq!(EventSettings::of(&base, 1), None);
        let base = with_event();
        let loaded = EventSettings::of(&base, 1).expect("an event");
        let mut words = loaded.clone();
        words.place = " Rathaus, Saal 2 ".into();
        let next = words.apply(&base, true).expect("words may change");
        assert_eq!(
            next.event.as_ref().map(|e| e.place.as_str()),
            Some("Rathaus, Saal 2")
        );
        let mut seats = loaded.clone();
        seats.seats = "12".into();
        assert_eq!(seats.apply(&base, true), Err(EventEditError::TermsFixed));
        assert_eq!(
            seats.apply(&base, false).map(|s| s.event.map(|e| e.seats)),
            Ok(Some(12))
        );
        seats.seats = "zwölf".into();
        assert_eq!(seats.apply(&base, false), Err(EventEditError::BadSeats));
        assert_eq!(loaded.apply(&base, false), Err(EventEditError::Unchanged));
        let mut quota = loaded.clone();
        quota.attributes[0].values[1].quota = "2".into();
        assert_eq!(quota.apply(&base, true), Err(EventEditError::TermsFixed));
        let mut value = loaded;
        value.attributes[0].values[0].value = "Innenstadt".into();
        assert_eq!(value.apply(&base, true), Err(EventEditError::TermsFixed));
    }

    #[test]
    fn attributes_and_quotas_are_edited_and_new_ones_get_an_id() {
        let base = with_event();
        let mut s = EventSettings::of(&base, 1).expect("an event");
        assert_eq!(s.attributes[0].id, "stadtteil");
        s.attributes[0].values[1].quota = " 3 ".into();
        s.attributes[0].values.push(ValueSetting {
            value: String::new(),
            quota: String::new(),
        });
        s.attributes.push(AttributeSetting {
            id: String::new(),
            label: " Altersgruppe ab 65? ".into(),
            values: vec![
                ValueSetting {
                    value: "ja".into(),
                    quota: "4".into(),
                },
                ValueSetting {
                    value: "nein".into(),
                    quota: String::new(),
                },
            ],
        });
        // An attribute with nothing in it is left out.
        s.attributes.push(AttributeSetting {
            id: String::new(),
            label: " ".into(),
            values: vec![],
        });
        let next = s.apply(&base, false).expect("changed");
        let e = next.event.expect("an event");
        assert_eq!(e.attributes.len(), 2);
        assert_eq!(
            e.attributes[0].values,
            ["Mitte", "Zell"],
            "empty row left out"
        );
        assert_eq!(e.attributes[1].id, "altersgruppe-ab-65");
        assert_eq!(e.attributes[1].label, "Altersgruppe ab 65?");
        assert_eq!(
            e.quotas,
            [
                Quota {
                    attribute: "stadtteil".into(),
                    value: "Zell".into(),
                    seats: 3
                },
                Quota {
                    attribute: "altersgruppe-ab-65".into(),
                    value: "ja".into(),
                    seats: 4
                },
            ]
        );
        s.attributes[1].values[0].quota = "vier".into();
        assert_eq!(s.apply(&base, false), Err(EventEditError::BadQuota(2, 1)));
    }

    #[test]
    fn quotas_given_back_keep_the_files_order() {
        let mut base = with_event();
        let e = base.event.as_mut().expect("an event");
        e.attributes.push(EventAttribute {
            id: "alter".into(),
            label: "Alter".into(),
            values: vec!["jung".into(), "alt".into()],
        });
        // The file fills the age quota first; the form shows it second.
        e.quotas = vec![
            Quota {
                attribute: "alter".into(),
                value: "alt".into(),
                seats: 2,
            },
            Quota {
                attribute: "stadtteil".into(),
                value: "Zell".into(),
                seats: 3,
            },
        ];
        let mut s = EventSettings::of(&base, 1).expect("an event");
        s.title = "Workshop im Rathaus".into();
        let next = s.apply(&base, true).expect("only words changed");
        assert_eq!(next.event.map(|e| e.quotas), base.event.map(|e| e.quotas));
    }

    #[test]
    fn new_ids_are_ids_and_unlike_the_others() {
        let made = [EventAttribute {
            id: "wohnort".into(),
            label: "Wohnort".into(),
            values: vec![],
        }];
        assert_eq!(fresh_id("Wohnort", &made, &[]), "wohnort-2");
        assert_eq!(fresh_id("Größe & Straße", &[], &[]), "groesse-strasse");
        assert_eq!(fresh_id("!!!", &[], &[]), "merkmal");
        assert_eq!(fresh_id(&"x".repeat(100), &[], &[]).len(), 56);
    }

    #[cfg(feature = "parse")]
    proptest::proptest! {
        /// Any label gets an id the strategy file's checks take.
        #[test]
        fn any_label_gets_a_valid_id(label in "\\PC{0,80}") {
            let id = fresh_id(&label, &[], &[]);
            proptest::prop_assert!(!id.is_empty() && id.len() <= 64 && !id.starts_with('-'));
            proptest::prop_assert!(id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }
}
