//! The strategy's settings and texts besides its sections, edited in the administration
//! (issue 22, item 2): town, title, where the text stands, the invitation, the
//! introduction, the theme colour, the source, how to take part without the app, the
//! licence, the self-descriptions offered, the last day of the participation and the page
//! in Leichte Sprache. A save is the next draft, checked as every strategy file is (the
//! parser's field and reason), refused as a conflict where someone changed the settings
//! since they were loaded.

use serde::{Deserialize, Serialize};

use crate::strategy::Strategy;

/// What the settings form loads and sends (`GET`/`POST /api/v1/admin/strategy/settings`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategySettings {
    /// The stored version the form loaded.
    pub based_on: i64,
    /// The town.
    pub town: String,
    /// The strategy's title.
    pub title: String,
    /// Where the text stands ("Entwurf zur Bürgerbeteiligung").
    pub status: String,
    /// The invitation on the start page.
    pub invitation: String,
    /// The introduction; paragraphs separated by blank lines.
    pub introduction: String,
    /// The town's colour, `#rrggbb`.
    pub theme_color: String,
    /// Where the text comes from.
    pub source: String,
    /// How to take part without the app.
    pub contact: String,
    /// The licence of the open data.
    pub licence: String,
    /// Where the licence's text is.
    pub licence_url: String,
    /// How a citizen may describe themself, one per entry.
    pub self_descriptions: Vec<String>,
    /// The last day comments are taken (`YYYY-MM-DD`), if any.
    pub participation_ends: Option<String>,
    /// The page in Leichte Sprache (a small Markdown).
    pub leichte_sprache_page: String,
}

impl StrategySettings {
    /// The settings of `strategy`, stored as version `based_on`.
    pub fn of(strategy: &Strategy, based_on: i64) -> Self {
        Self {
            based_on,
            town: strategy.town.clone(),
            title: strategy.title.clone(),
            status: strategy.status.clone(),
            invitation: strategy.invitation.clone(),
            introduction: strategy.introduction.clone(),
            theme_color: strategy.theme_color.clone(),
            source: strategy.source.clone(),
            contact: strategy.contact.clone(),
            licence: strategy.licence.clone(),
            licence_url: strategy.licence_url.clone(),
            self_descriptions: strategy.self_descriptions.clone(),
            participation_ends: strategy.participation_ends.clone(),
            leichte_sprache_page: strategy.leichte_sprache_page.clone(),
        }
    }

    /// `base` with these settings (trimmed; empty self-descriptions left out, an empty
    /// last day none); `None` where nothing changes.
    pub fn apply(&self, base: &Strategy) -> Option<Strategy> {
        let mut next = base.clone();
        let trim = |s: &str| s.trim().to_owned();
        next.town = trim(&self.town);
        next.title = trim(&self.title);
        next.status = trim(&self.status);
        next.invitation = trim(&self.invitation);
        next.introduction = self.introduction.replace("\r\n", "\n").trim().to_owned();
        next.theme_color = trim(&self.theme_color).to_ascii_lowercase();
        next.source = trim(&self.source);
        next.contact = self.contact.replace("\r\n", "\n").trim().to_owned();
        next.licence = trim(&self.licence);
        next.licence_url = trim(&self.licence_url);
        next.self_descriptions = self
            .self_descriptions
            .iter()
            .map(|d| trim(d))
            .filter(|d| !d.is_empty())
            .collect();
        next.participation_ends = self
            .participation_ends
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        next.leichte_sprache_page = self
            .leichte_sprache_page
            .replace("\r\n", "\n")
            .trim()
            .to_owned();
        (next != *base).then_some(next)
    }

    /// Whether the settings read differently in `newer` than in `older` (a conflict).
    pub fn changed_between(older: &Strategy, newer: &Strategy) -> bool {
        let mut a = Self::of(older, 0);
        let b = Self::of(newer, 0);
        a.based_on = b.based_on;
        a != b
    }
}

/// The participation event's texts and terms as the administration edits them
/// (`GET`/`POST /api/v1/admin/strategy/event`). Its attributes and quotas are not here:
/// they shape the draw and stay as the strategy file gives them.
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
    /// Applications came already, and the seats, times or the randomness changed: the
    /// draw's terms stay as the applicants read them.
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
        })
    }

    /// `base` with this event (trimmed); `applied` says whether applications came already
    /// (then only title, text and place may change).
    pub fn apply(&self, base: &Strategy, applied: bool) -> Result<Strategy, EventEditError> {
        let mut next = base.clone();
        let event = next.event.as_mut().ok_or(EventEditError::NoEvent)?;
        let seats: u32 = self
            .seats
            .trim()
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or(EventEditError::BadSeats)?;
        let terms = |e: &crate::event::Event| {
            (
                e.seats,
                e.date.clone(),
                e.applications_open.clone(),
                e.applications_close.clone(),
                e.delete_contacts_after.clone(),
                e.public_randomness.clone(),
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
        if applied && terms(event) != before {
            return Err(EventEditError::TermsFixed);
        }
        if next == *base {
            return Err(EventEditError::Unchanged);
        }
        Ok(next)
    }

    /// Whether the event reads differently in `newer` than in `older` (a conflict).
    pub fn changed_between(older: &Strategy, newer: &Strategy) -> bool {
        older.event != newer.event
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::tests::{section, strategy};
    use crate::SectionKind;

    #[test]
    fn settings_apply_trimmed_and_say_when_nothing_changes() {
        let base = strategy(vec![section("a", SectionKind::Leitmotiv)]);
        let loaded = StrategySettings::of(&base, 4);
        assert_eq!(loaded.based_on, 4);
        assert_eq!(loaded.apply(&base), None, "as loaded");
        let mut edited = loaded.clone();
        edited.invitation = "  Sagen Sie uns Ihre Meinung.\r\n".into();
        edited.theme_color = "#ABCDEF".into();
        edited.self_descriptions = vec![" Schülerin ".into(), "".into(), "Rentner".into()];
        edited.participation_ends = Some(" ".into());
        let next = edited.apply(&base).expect("changed");
        assert_eq!(next.invitation, "Sagen Sie uns Ihre Meinung.");
        assert_eq!(next.theme_color, "#abcdef");
        assert_eq!(next.self_descriptions, ["Schülerin", "Rentner"]);
        assert_eq!(next.participation_ends, None);
        assert_eq!(next.sections, base.sections, "sections untouched");
        assert!(StrategySettings::changed_between(&base, &next));
        assert!(!StrategySettings::changed_between(&base, &base));
    }

    #[test]
    fn an_events_terms_stay_once_applications_came_its_words_do_not() {
        let mut base = strategy(vec![section("a", SectionKind::Leitmotiv)]);
        assert_eq!(EventSettings::of(&base, 1), None);
        base.event = Some(crate::event::tests::event());
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
    }

    #[cfg(feature = "parse")]
    proptest::proptest! {
        /// Any text in any field: applied, written as a strategy file and read back by the
        /// parser without a panic — accepted as given (trimmed), or refused with a reason.
        #[test]
        fn any_settings_are_stored_as_given_or_refused(
            town in "\\PC{0,20}", invitation in "[\\PC\n\r]{0,60}",
            colour in "\\PC{0,9}", ends in "\\PC{0,12}", described in "[\\PC\n]{0,30}",
        ) {
            let base = strategy(vec![section("a", SectionKind::Leitmotiv)]);
            let mut s = StrategySettings::of(&base, 1);
            s.town = town;
            s.invitation = invitation;
            s.theme_color = colour;
            s.participation_ends = Some(ends);
            s.self_descriptions = described.lines().map(str::to_owned).collect();
            if let Some(next) = s.apply(&base) {
                if let Ok(file) = crate::export::to_toml(&next) {
                    if let Ok(read) = crate::parse::parse_strategy("x.toml", &file) {
                        proptest::prop_assert_eq!(read.invitation, next.invitation);
                        proptest::prop_assert_eq!(read.town, next.town);
                    }
                }
            }
        }
    }
}
