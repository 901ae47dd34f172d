//! The figures of the participation, per section and overall: how many comments, by
//! moderation state, by self-description, by answer status, the share taken into account
//! ("Übernahmequote"), and per calendar week.
//!
//! Counted is every comment that is not withdrawn and not caught by the honeypot. The
//! database groups and counts (the store's `figure_groups`: four `GROUP BY` queries,
//! never a row per comment); [`tally`] sorts the groups into plain [`Figures`], so the arithmetic is
//! tested without a database. SQLite has no ISO week, so comments are grouped by day and
//! the days folded into ISO weeks here (chrono).

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use mitreden_model::api::{AnswerStatus, ModerationState};
use mitreden_model::Strategy;
use mitreden_store::reports::FigureGroups;

/// The moderation states a counted comment can be in (withdrawn ones are not counted), in
/// the order the figures list them.
pub const COUNTED_STATES: [ModerationState; 3] = [
    ModerationState::Received,
    ModerationState::Published,
    ModerationState::Rejected,
];

/// A filled-in run of weeks longer than this (a clock gone wrong) lists only the weeks
/// that have comments, so no chart grows without bound.
pub const MAX_FILLED_WEEKS: usize = 156;

/// An ISO 8601 calendar week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    /// The ISO week-numbering year (the year of the week's Thursday).
    pub year: i32,
    /// 1 to 53.
    pub week: u32,
}

impl Week {
    /// The week of a day written `YYYY-MM-DD` (the start of an RFC 3339 time).
    pub fn of(day: &str) -> Option<Self> {
        let date: String = day.chars().take(10).collect();
        NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .ok()
            .map(Self::of_date)
    }

    fn of_date(d: NaiveDate) -> Self {
        let w = d.iso_week();
        Self {
            year: w.year(),
            week: w.week(),
        }
    }

    /// The week after this one.
    pub fn next(self) -> Option<Self> {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .and_then(|monday| monday.checked_add_days(Days::new(7)))
            .map(Self::of_date)
    }

    /// `KW 47/2026`, as the week is named in German.
    pub fn label(self) -> String {
        format!("KW {}/{}", self.week, self.year)
    }
}

pub use mitreden_store::reports::Group;

/// The figures of one section, or of all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Counted comments.
    pub total: u64,
    /// By moderation state, in [`COUNTED_STATES`]' order.
    pub by_state: [u64; 3],
    /// By self-description, in the order of the strategy's `self_descriptions`.
    pub by_self: Vec<u64>,
    /// Without a self-description.
    pub no_self: u64,
    /// With a self-description the strategy no longer lists.
    pub other_self: u64,
    /// By answer status, in [`AnswerStatus::ALL`]' order.
    pub by_answer: [u64; 5],
    /// Not yet answered.
    pub unanswered: u64,
    /// Per ISO week of arrival (only weeks with comments; see [`Figures::weekly`]).
    pub weeks: BTreeMap<Week, u64>,
    /// Whose arrival time is no date (none the server wrote).
    pub undated: u64,
}

/// What a comment was grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Its moderation state.
    State,
    /// The citizen's self-description.
    SelfDescription,
    /// Its answer's status.
    Answer,
    /// The day it arrived.
    Day,
}

/// The share taken into account: (berücksichtigt + teilweise) of all comments answered with
/// a final status (berücksichtigt, teilweise, nicht berücksichtigt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Taken into account, wholly or partly.
    pub taken: u64,
    /// Answered with a final status.
    pub decided: u64,
}

impl Figures {
    fn new(self_descriptions: usize) -> Self {
        Self {
            by_self: vec![0; self_descriptions],
            ..Self::default()
        }
    }

    /// How many have this answer status.
    pub fn answered(&self, status: AnswerStatus) -> u64 {
        AnswerStatus::ALL
            .iter()
            .position(|s| *s == status)
            .and_then(|i| self.by_answer.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// How many are in this moderation state.
    pub fn in_state(&self, state: ModerationState) -> u64 {
        COUNTED_STATES
            .iter()
            .position(|s| *s == state)
            .and_then(|i| self.by_state.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// The Übernahmequote's counts.
    pub fn quota(&self) -> Quota {
        let taken = self.answered(AnswerStatus::Beruecksichtigt)
            + self.answered(AnswerStatus::TeilweiseBeruecksichtigt);
        Quota {
            taken,
            decided: taken + self.answered(AnswerStatus::NichtBeruecksichtigt),
        }
    }

    /// The weeks from the first to the last with comments, those without as 0 (a gap in
    /// a time line is a fact too); only the weeks with comments when the run would be
    /// longer than [`MAX_FILLED_WEEKS`].
    pub fn weekly(&self) -> Vec<(Week, u64)> {
        let (Some((&first, _)), Some((&last, _))) =
            (self.weeks.first_key_value(), self.weeks.last_key_value())
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut week = Some(first);
        while let Some(w) = week.filter(|w| *w <= last) {
            if out.len() >= MAX_FILLED_WEEKS {
                return self.weeks.iter().map(|(w, n)| (*w, *n)).collect();
            }
            out.push((w, self.weeks.get(&w).copied().unwrap_or(0)));
            week = w.next();
        }
        out
    }

    /// Adds `n` comments grouped by `value` of `dimension`. A state or answer status the
    /// model does not know is an error (the database's triggers keep them out).
    fn add(
        &mut self,
        strategy: &Strategy,
        dimension: Dimension,
        value: Option<&str>,
        n: u64,
    ) -> Result<(), String> {
        match dimension {
            Dimension::State => {
                let i = value
                    .and_then(ModerationState::parse)
                    .and_then(|s| COUNTED_STATES.iter().position(|c| *c == s))
                    .ok_or_else(|| format!("nicht gezählter Stand {value:?}"))?;
                if let Some(slot) = self.by_state.get_mut(i) {
                    *slot += n;
                }
                self.total += n;
            }
            Dimension::SelfDescription => match value.filter(|v| !v.trim().is_empty()) {
                None => self.no_self += n,
                Some(v) => match strategy.self_descriptions.iter().position(|s| s == v) {
                    Some(i) => {
                        if let Some(slot) = self.by_self.get_mut(i) {
                            *slot += n;
                        }
                    }
                    None => self.other_self += n,
                },
            },
            Dimension::Answer => match value {
                None => self.unanswered += n,
                Some(v) => {
                    let i = AnswerStatus::parse(v)
                        .and_then(|s| AnswerStatus::ALL.iter().position(|a| *a == s))
                        .ok_or_else(|| format!("unbekannter Antwortstand {v:?}"))?;
                    if let Some(slot) = self.by_answer.get_mut(i) {
                        *slot += n;
                    }
                }
            },
            Dimension::Day => match value.and_then(Week::of) {
                Some(week) => *self.weeks.entry(week).or_insert(0) += n,
                None => self.undated += n,
            },
        }
        Ok(())
    }
}

/// The figures of all comments and of each of the strategy's sections (in its order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllFigures {
    /// Every counted comment, those on sections the strategy no longer has included.
    pub overall: Figures,
    /// Per section, in the strategy's reading order.
    pub sections: Vec<Figures>,
}

/// Sorts the database's groups into figures. `groups` holds, per dimension, the groups the
/// database counted for it.
pub fn tally(
    strategy: &Strategy,
    groups: &[(Dimension, Vec<Group>)],
) -> Result<AllFigures, String> {
    let kinds = strategy.self_descriptions.len();
    let mut all = AllFigures {
        overall: Figures::new(kinds),
        sections: vec![Figures::new(kinds); strategy.sections.len()],
    };
    for (dimension, rows) in groups {
        for g in rows {
            let n = g.count;
            let value = g.value.as_deref();
            all.overall.add(strategy, *dimension, value, n)?;
            if let Some(section) = strategy
                .position(&g.section_id)
                .and_then(|i| all.sections.get_mut(i))
            {
                section.add(strategy, *dimension, value, n)?;
            }
        }
    }
    Ok(all)
}

/// The figures from the groups the database counted ([`FigureGroups`]: four `GROUP BY`
/// queries, of one moment).
pub fn of(strategy: &Strategy, groups: FigureGroups) -> Result<AllFigures, String> {
    tally(
        strategy,
        &[
            (Dimension::State, groups.by_state),
            (Dimension::SelfDescription, groups.by_self_description),
            (Dimension::Answer, groups.by_answer),
            (Dimension::Day, groups.by_day),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strategy() -> Strategy {
        let source = include_str!("../../../../content/sindelfingen.toml");
        match mitreden_model::parse::parse_strategy("sindelfingen.toml", source) {
            Ok(s) => s,
            Err(e) => panic!("the default strategy must parse: {e}"),
        }
    }

    fn g(section: &str, value: Option<&str>, n: i64) -> Group {
        Group {
            section_id: section.into(),
            value: value.map(Into::into),
            count: n.unsigned_abs(),
        }
    }

    #[test]
    fn weeks_fold_across_the_turn_of_the_year() {
        let w = |d| Week::of(d);
        // 2026 began on a Thursday, so it has 53 weeks; 1 and 3 January 2027 still belong
        // to its week 53, Monday 4 January starts week 1 of 2027.
        assert_eq!(
            w("2026-12-31T23:00:00Z"),
            Some(Week {
                year: 2026,
                week: 53
            })
        );
        assert_eq!(
            w("2027-01-03"),
            Some(Week {
                year: 2026,
                week: 53
            })
        );
        assert_eq!(
            w("2027-01-04"),
            Some(Week {
                year: 2027,
                week: 1
            })
        );
        // And the other way round: Monday 30 December 2024 is in week 1 of 2025.
        assert_eq!(
            w("2024-12-30"),
            Some(Week {
                year: 2025,
                week: 1
            })
        );
        assert_eq!(
            w("2024-12-29"),
            Some(Week {
                year: 2024,
                week: 52
            })
        );
        assert_eq!(w("kein Datum"), None);
        assert_eq!(w(""), None);
        assert_eq!(
            Week {
                year: 2026,
                week: 53
            }
            .label(),
            "KW 53/2026"
        );
        assert_eq!(
            Week {
                year: 2026,
                week: 53
            }
            .next(),
            Some(Week {
                year: 2027,
                week: 1
            })
        );
    }

    #[test]
    fn days_become_weeks_and_gaps_are_zero() {
        let s = strategy();
        let days = vec![
            g("leitmotiv-1", Some("2026-12-28"), 2),
            g("leitmotiv-1", Some("2027-01-02"), 1),
            g("leitmotiv-2", Some("2027-01-12"), 4),
            g("leitmotiv-2", Some("nie"), 1),
        ];
        let all = match tally(&s, &[(Dimension::Day, days)]) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        let weekly: Vec<(String, u64)> = all
            .overall
            .weekly()
            .into_iter()
            .map(|(w, n)| (w.label(), n))
            .collect();
        assert_eq!(
            weekly,
            [
                ("KW 53/2026".to_owned(), 3),
                ("KW 1/2027".to_owned(), 0),
                ("KW 2/2027".to_owned(), 4)
            ]
        );
        assert_eq!(all.overall.undated, 1);
        assert_eq!(
            all.sections[0].weekly(),
            [(
                Week {
                    year: 2026,
                    week: 53
                },
                3
            )]
        );
        assert!(all.sections[2].weekly().is_empty());
    }

    #[test]
    fn a_run_of_weeks_too_long_lists_only_the_weeks_with_comments() {
        let mut f = Figures::default();
        f.weeks.insert(
            Week {
                year: 2000,
                week: 1,
            },
            1,
        );
        f.weeks.insert(
            Week {
                year: 2026,
                week: 1,
            },
            2,
        );
        assert_eq!(f.weekly().len(), 2);
    }

    #[test]
    fn states_self_descriptions_and_answers_per_section_and_overall() {
        let s = strategy();
        let groups = [
            (
                Dimension::State,
                vec![
                    g("leitmotiv-1", Some("published"), 3),
                    g("leitmotiv-1", Some("rejected"), 1),
                    g("leitmotiv-2", Some("received"), 2),
                    g("alter-abschnitt", Some("published"), 1),
                ],
            ),
            (
                Dimension::SelfDescription,
                vec![
                    g("leitmotiv-1", Some("Wirtschaft"), 2),
                    g("leitmotiv-1", None, 1),
                    g("leitmotiv-1", Some(""), 1),
                    g("leitmotiv-2", Some("früher erlaubt"), 2),
                ],
            ),
            (
                Dimension::Answer,
                vec![
                    g("leitmotiv-1", Some("beruecksichtigt"), 1),
                    g("leitmotiv-1", Some("nicht_beruecksichtigt"), 1),
                    g("leitmotiv-1", None, 2),
                    g("leitmotiv-2", Some("teilweise_beruecksichtigt"), 2),
                ],
            ),
        ];
        let all = match tally(&s, &groups) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        let one = &all.sections[0];
        assert_eq!(one.total, 4);
        assert_eq!(one.by_state, [0, 3, 1]);
        assert_eq!(one.in_state(ModerationState::Rejected), 1);
        assert_eq!(one.in_state(ModerationState::Withdrawn), 0);
        assert_eq!(one.by_self, [0, 2, 0, 0, 0]);
        assert_eq!(one.no_self, 2);
        assert_eq!(one.by_answer, [0, 0, 1, 0, 1]);
        assert_eq!(one.unanswered, 2);
        assert_eq!(
            one.quota(),
            Quota {
                taken: 1,
                decided: 2
            }
        );
        assert_eq!(all.sections[1].other_self, 2);
        assert_eq!(
            all.sections[1].quota(),
            Quota {
                taken: 2,
                decided: 2
            }
        );
        assert_eq!(
            all.overall.total, 7,
            "a section no longer in the strategy counts overall"
        );
        assert_eq!(
            all.overall.quota(),
            Quota {
                taken: 3,
                decided: 4
            }
        );
        assert_eq!(all.sections[2], Figures::new(5));
        assert_eq!(
            all.sections[2].quota(),
            Quota {
                taken: 0,
                decided: 0
            }
        );
    }

    #[test]
    fn unknown_words_are_errors_not_silent_defaults() {
        let s = strategy();
        let withdrawn = [(
            Dimension::State,
            vec![g("leitmotiv-1", Some("withdrawn"), 1)],
        )];
        assert!(tally(&s, &withdrawn).is_err());
        let odd = [(
            Dimension::Answer,
            vec![g("leitmotiv-1", Some("vielleicht"), 1)],
        )];
        assert!(tally(&s, &odd).is_err());
    }
}
