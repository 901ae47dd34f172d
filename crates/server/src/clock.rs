//! The time now, as the server's jobs and sessions count it: milliseconds since 1970, and
//! the UTC date. One place, so that a moved clock in a test moves them all alike.

/// Milliseconds since 1970 (0 if the system clock is before it).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The UTC date (`YYYY-MM-DD`) at `ms` milliseconds since 1970.
pub fn date_at(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

/// The UTC time at `ms` as the database stores times (RFC 3339, milliseconds, `Z`): the
/// same text on SQLite and PostgreSQL, so times compare as text on both.
pub fn stamp_at(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Today's UTC date (`YYYY-MM-DD`).
pub fn today() -> String {
    date_at(now_ms())
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_utc() {
        assert_eq!(super::date_at(0), "1970-01-01");
        assert_eq!(super::date_at(1_796_601_599_999), "2026-12-06");
        assert_eq!(
            super::stamp_at(1_796_601_599_999),
            "2026-12-06T23:59:59.999Z"
        );
        assert_eq!(super::stamp_at(0), "1970-01-01T00:00:00.000Z");
    }
}
