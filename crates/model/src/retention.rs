//! What the town keeps and for how long (the strategy file's `[retention]`), and who
//! answers for the data (`[privacy]`). The server's daily job erases what is due by these
//! values, and `/datenschutz` states the same values as dates: the page cannot promise
//! what the job does not do.
//!
//! Every period counts from the participation's last day (`participation_ends`): while
//! it runs, names, receipts and the moderation trail are needed; without a last day
//! nothing of them is erased by time (the page says so). Sessions count from their end.

use serde::{Deserialize, Serialize};

/// How long what the participation gathered is kept (`[retention]`, in days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Days after the last day until the names and self-descriptions given with comments
    /// are erased; the comments stay, without them.
    pub names_days: u32,
    /// Days after the last day until receipt links stop working (the server forgets their
    /// check value; a comment can then no longer be withdrawn by its link).
    pub receipts_days: u32,
    /// Days after the last day the moderation trail (who published, rejected, answered
    /// what, when) is kept.
    pub audit_days: u32,
    /// Days an expired staff session or a revoked kiosk is kept.
    pub sessions_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            names_days: 90,
            receipts_days: 180,
            audit_days: 730,
            sessions_days: 30,
        }
    }
}

impl Retention {
    /// Whether these are the defaults (then the file and the pages' JSON leave them out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// The most days any period may be (ten years).
pub const MAX_DAYS: u32 = 3650;

/// Who answers for the data (`[privacy]`); an empty text is left out of the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Privacy {
    /// The controller: the office's name and postal address (default: the strategy's
    /// `contact`).
    pub controller: String,
    /// How to reach the data protection officer.
    pub officer: String,
    /// The supervisory authority: name, address, web address.
    pub authority: String,
}

impl Privacy {
    /// Whether the file names none of them.
    pub fn is_empty(&self) -> bool {
        self.controller.is_empty() && self.officer.is_empty() && self.authority.is_empty()
    }
}

/// The day `days` after `last_day` (`YYYY-MM-DD`): what is due is erased on the day after
/// it. `None` for a date that is not one.
pub fn kept_until(last_day: &str, days: u32) -> Option<String> {
    Some(from_day_number(day_number(last_day)? + i64::from(days)))
}

/// Whether what is kept `days` after `last_day` is due for erasure on `today`.
pub fn due(last_day: &str, days: u32, today: &str) -> bool {
    match (day_number(last_day), day_number(today)) {
        (Some(last), Some(today)) => today > last + i64::from(days),
        _ => false,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian `YYYY-MM-DD` (Howard Hinnant's
/// `days_from_civil`).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(0..10)?.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The inverse of [`day_number`].
fn from_day_number(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_count_whole_days_from_the_last_day() {
        assert_eq!(kept_until("2027-02-28", 0).as_deref(), Some("2027-02-28"));
        assert_eq!(kept_until("2027-02-28", 1).as_deref(), Some("2027-03-01"));
        assert_eq!(kept_until("2028-02-28", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(kept_until("2027-12-31", 90).as_deref(), Some("2028-03-30"));
        assert_eq!(kept_until("1970-01-01", 0).as_deref(), Some("1970-01-01"));
        assert!(!due("2027-02-28", 90, "2027-05-29"));
        assert!(due("2027-02-28", 90, "2027-05-30"));
        assert!(!due("2027-02-28", 0, "2027-02-28"));
        assert!(due("2027-02-28", 0, "2027-03-01"));
        assert!(!due("kein Datum", 0, "2027-03-01"));
        assert_eq!(kept_until("2027-13-01", 1), None);
    }

    #[test]
    fn every_day_of_four_centuries_goes_there_and_back() {
        for n in -200_000..200_000 {
            assert_eq!(day_number(&from_day_number(n)), Some(n));
        }
    }
}
