//! `[event]` in a strategy file: a participation event with seats by lot (issue 14). Read
//! and checked here.

use serde::Deserialize;
use toml::Spanned;

use crate::comment::is_rfc3339;
use crate::event::{Event, EventAttribute, Quota};

/// `[event]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvent {
    id: Spanned<String>,
    title: Spanned<String>,
    text: Option<Spanned<String>>,
    date: Spanned<String>,
    place: Spanned<String>,
    seats: Spanned<u32>,
    applications_open: Spanned<String>,
    applications_close: Spanned<String>,
    delete_contacts_after: Spanned<String>,
    public_randomness: Spanned<String>,
    #[serde(default, rename = "attribute")]
    attributes: Vec<RawAttribute>,
    #[serde(default, rename = "quota")]
    quotas: Vec<RawQuota>,
}

/// `[[event.attribute]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttribute {
    id: Spanned<String>,
    label: Spanned<String>,
    values: Vec<Spanned<String>>,
}

/// `[[event.quota]]`: a number of seats, or a share of all seats (rounded down).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuota {
    attribute: Spanned<String>,
    value: Spanned<String>,
    seats: Option<u32>,
    share: Option<f64>,
}

/// A message and the byte range it is about.
pub(crate) type Problem = (std::ops::Range<usize>, String);

fn text(field: &Spanned<String>, what: &str) -> Result<String, Problem> {
    let value = field.get_ref().trim();
    let most = crate::parse::MAX_FIELD_CHARS;
    if value.is_empty() {
        Err((field.span(), format!("{what} ist leer")))
    } else if value.chars().nth(most).is_some() {
        Err((
            field.span(),
            format!("{what} ist länger als {most} Zeichen"),
        ))
    } else {
        Ok(value.to_owned())
    }
}

fn time(field: &Spanned<String>, what: &str) -> Result<String, Problem> {
    let value = text(field, what)?;
    if is_rfc3339(&value) {
        Ok(value)
    } else {
        Err((
            field.span(),
            format!("{what} \"{value}\" ist keine Zeit der Form 2027-03-15T23:59:00+01:00"),
        ))
    }
}

/// Checks `[event]`: times in order, seats, attributes with values, quotas that name an
/// attribute's value and fit into the seats together.
pub(crate) fn event(
    raw: &RawEvent,
    check_id: impl Fn(&Spanned<String>) -> Result<(), String>,
) -> Result<Event, Problem> {
    let id = text(&raw.id, "event.id")?;
    check_id(&raw.id).map_err(|m| (raw.id.span(), m))?;
    let seats = *raw.seats.get_ref();
    if seats == 0 || seats > 10_000 {
        return Err((
            raw.seats.span(),
            "event.seats muss zwischen 1 und 10000 liegen".into(),
        ));
    }
    let open = time(&raw.applications_open, "event.applications_open")?;
    let close = time(&raw.applications_close, "event.applications_close")?;
    let delete = time(&raw.delete_contacts_after, "event.delete_contacts_after")?;
    let date = time(&raw.date, "event.date")?;
    let mut attributes: Vec<EventAttribute> = Vec::new();
    for a in &raw.attributes {
        let attribute_id = text(&a.id, "event.attribute.id")?;
        check_id(&a.id).map_err(|m| (a.id.span(), m))?;
        if attributes.iter().any(|b| b.id == attribute_id) {
            return Err((
                a.id.span(),
                format!("das Merkmal \"{attribute_id}\" kommt doppelt vor"),
            ));
        }
        let mut values = Vec::new();
        for v in &a.values {
            let value = text(v, "ein Wert des Merkmals")?;
            if values.contains(&value) {
                return Err((v.span(), format!("der Wert \"{value}\" kommt doppelt vor")));
            }
            values.push(value);
        }
        if values.len() < 2 {
            return Err((
                a.id.span(),
                format!("das Merkmal \"{attribute_id}\" braucht mindestens zwei Werte"),
            ));
        }
        attributes.push(EventAttribute {
            id: attribute_id,
            label: text(&a.label, "event.attribute.label")?,
            values,
        });
    }
    let mut quotas = Vec::new();
    for q in &raw.quotas {
        let attribute = text(&q.attribute, "event.quota.attribute")?;
        let value = text(&q.value, "event.quota.value")?;
        let Some(a) = attributes.iter().find(|a| a.id == attribute) else {
            return Err((
                q.attribute.span(),
                format!("die Quote nennt das Merkmal \"{attribute}\", das es nicht gibt"),
            ));
        };
        if !a.values.contains(&value) {
            return Err((
                q.value.span(),
                format!("das Merkmal \"{attribute}\" hat keinen Wert \"{value}\""),
            ));
        }
        let quota_seats = match (q.seats, q.share) {
            (Some(n), None) => n,
            (None, Some(share)) if (0.0..=1.0).contains(&share) => {
                // Rounded down: a quota never asks for more than its share.
                (f64::from(seats) * share).floor() as u32
            }
            _ => {
                return Err((
                    q.attribute.span(),
                    "eine Quote hat entweder seats (Plätze) oder share (Anteil 0 bis 1)".into(),
                ));
            }
        };
        quotas.push(Quota {
            attribute,
            value,
            seats: quota_seats,
        });
    }
    let per_attribute = |id: &str| {
        quotas
            .iter()
            .filter(|q| q.attribute == id)
            .map(|q| q.seats)
            .sum::<u32>()
    };
    if let Some(a) = attributes.iter().find(|a| per_attribute(&a.id) > seats) {
        return Err((
            raw.seats.span(),
            format!(
                "die Quoten für \"{}\" verlangen mehr als {seats} Plätze",
                a.id
            ),
        ));
    }
    Ok(Event {
        id,
        title: text(&raw.title, "event.title")?,
        text: match &raw.text {
            None => String::new(),
            Some(t)
                if t.get_ref()
                    .chars()
                    .nth(crate::parse::MAX_FIELD_CHARS)
                    .is_some() =>
            {
                return Err((
                    t.span(),
                    format!(
                        "event.text ist länger als {} Zeichen",
                        crate::parse::MAX_FIELD_CHARS
                    ),
                ))
            }
            Some(t) => t.get_ref().trim().to_owned(),
        },
        date,
        place: text(&raw.place, "event.place")?,
        seats,
        applications_open: open,
        applications_close: close,
        delete_contacts_after: delete,
        public_randomness: text(&raw.public_randomness, "event.public_randomness")?,
        attributes,
        quotas,
    })
}

#[cfg(test)]
mod tests {
    use crate::parse::parse_strategy;

    const BASE: &str =
        "id = \"s\"\ntown = \"T\"\ntitle = \"T\"\nstatus = \"E\"\ninvitation = \"I\"\n\
        theme_color = \"#000000\"\n[[section]]\nid = \"a\"\nkind = \"leitmotiv\"\nnumber = \"1\"\n\
        title = \"A\"\ntext = \"x\"\n";

    fn event(extra: &str) -> String {
        format!(
            "{BASE}[event]\nid = \"w\"\ntitle = \"W\"\ndate = \"2027-04-12T18:00:00+02:00\"\n\
             place = \"P\"\nseats = 10\napplications_open = \"2026-11-01T00:00:00+01:00\"\n\
             applications_close = \"2027-03-15T23:59:59+01:00\"\n\
             delete_contacts_after = \"2027-05-31T23:59:59+02:00\"\npublic_randomness = \"Lotto\"\n\
             [[event.attribute]]\nid = \"ort\"\nlabel = \"Ort\"\nvalues = [\"A\", \"B\"]\n{extra}"
        )
    }

    #[test]
    fn esslingen_announces_its_workshop_with_15_seats_and_quotas() {
        let source = include_str!("../../../content/esslingen.toml");
        let s = parse_strategy("esslingen.toml", source).expect("Esslingen's file parses");
        let e = s.event.expect("an event");
        assert_eq!(e.seats, 15);
        let seats: Vec<u32> = e.quotas.iter().map(|q| q.seats).collect();
        assert_eq!(seats, [3, 3, 3, 3, 6], "a share of 0.4 of 15 is 6 seats");
        assert!(e.attribute("wohnort").is_some());
    }

    #[test]
    fn quotas_and_times_are_checked_with_their_line() {
        let ok = parse_strategy(
            "f",
            &event("[[event.quota]]\nattribute = \"ort\"\nvalue = \"A\"\nseats = 4\n"),
        );
        assert_eq!(ok.expect("parses").event.expect("event").quotas[0].seats, 4);
        for (extra, words) in [
            (
                "[[event.quota]]\nattribute = \"alter\"\nvalue = \"A\"\nseats = 1\n",
                "nicht gibt",
            ),
            (
                "[[event.quota]]\nattribute = \"ort\"\nvalue = \"C\"\nseats = 1\n",
                "keinen Wert",
            ),
            (
                "[[event.quota]]\nattribute = \"ort\"\nvalue = \"A\"\nseats = 11\n",
                "mehr als 10",
            ),
            (
                "[[event.quota]]\nattribute = \"ort\"\nvalue = \"A\"\n",
                "entweder seats",
            ),
            (
                "[[event.quota]]\nattribute = \"ort\"\nvalue = \"A\"\nshare = 1.5\n",
                "entweder seats",
            ),
        ] {
            let e = parse_strategy("f", &event(extra)).expect_err(extra);
            assert!(e.message.contains(words), "{extra}: {e}");
            assert!(e.line > 10, "{e}");
        }
        let bad_time = event("").replace("2027-03-15T23:59:59+01:00", "15.03.2027");
        let e = parse_strategy("f", &bad_time).expect_err("a German date is not a time");
        assert!(e.message.contains("applications_close"), "{e}");
        let one_value = event("").replace("[\"A\", \"B\"]", "[\"A\"]");
        assert!(parse_strategy("f", &one_value).is_err());
    }
}
