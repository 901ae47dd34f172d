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
