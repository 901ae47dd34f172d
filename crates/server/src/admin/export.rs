//! The staff export: everything — received, published, rejected and withdrawn comments
//! (withdrawn ones without their text: it is erased), with states, reasons,
//! self-descriptions, kiosk labels and answers — and the whole audit trail, as JSON
//! (`/api/v1/admin/export.json`) and as two CSV files (`/api/v1/admin/export.csv`,
//! `/api/v1/admin/export-history.csv`; RFC 4180, UTF-8 with BOM, formulas defused as in
//! [`crate::open_data`]). Never a honeypot comment.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mitreden_model::api::{AdminComment, Problem, StaffExport};

use super::session::Staff;
use crate::open_data::{csv_file, csv_head, csv_line};
use crate::{AppError, AppState};

async fn everything(state: &AppState) -> Result<StaffExport, AppError> {
    let comments = state.store.all_comments().await?;
    let history = state.store.trail(None).await?;
    Ok(StaffExport { comments, history })
}

/// Everything as JSON.
#[utoipa::path(get, path = "/api/v1/admin/export.json", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every comment and the whole audit trail", body = StaffExport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn json(State(state): State<AppState>, _staff: Staff) -> Result<Response, AppError> {
    let data = everything(&state).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(data)).into_response())
}

/// Every comment as CSV.
#[utoipa::path(get, path = "/api/v1/admin/export.csv", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every comment as CSV (RFC 4180, UTF-8 with BOM)", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn comments_csv(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Response, AppError> {
    let data = everything(&state).await?;
    let mut out = csv_head(&COMMENT_CSV_COLUMNS);
    for c in &data.comments {
        out.push_str(&comment_line(c));
    }
    Ok(csv_file("mitreden-export.csv", out, "no-store"))
}

/// Every comment as German offices open it in Excel by a double click: semicolons, UTF-8
/// with BOM, German column names, states and statuses in words, times in German local time
/// (`TT.MM.JJJJ HH:MM`, CET/CEST). The standard CSV above stays for programs.
#[utoipa::path(get, path = "/api/v1/admin/export-excel.csv", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every comment for German Excel (semicolons, UTF-8 with BOM, local time, words)", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn comments_excel(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Response, AppError> {
    use crate::report::{section_name, state_word, status_word};
    let data = everything(&state).await?;
    let strategy = state.strategy();
    let mut out = format!("\u{feff}{}", excel_line(&EXCEL_COLUMNS));
    for c in &data.comments {
        let answer = c.answer.as_ref();
        let section = strategy
            .section(&c.section_id)
            .map_or_else(|| c.section_id.clone(), section_name);
        let revision = answer
            .and_then(|a| a.revision.as_ref())
            .map(|r| {
                let name = strategy
                    .section(&r.section_id)
                    .map_or_else(|| r.section_id.clone(), crate::report::short_name);
                format!("{name}, Fassung {}", r.version)
            })
            .unwrap_or_default();
        out.push_str(&excel_line(&[
            &section,
            &c.section_version.to_string(),
            &local_time(&c.received_at),
            state_word(c.moderation_state),
            c.moderation_reason.as_deref().unwrap_or(""),
            c.name.as_deref().unwrap_or(""),
            c.self_description.as_deref().unwrap_or(""),
            c.kiosk.as_deref().unwrap_or(""),
            &c.text,
            answer.map_or("", |a| status_word(a.status)),
            answer.map_or("", |a| a.text.as_str()),
            answer.and_then(|a| a.reason.as_deref()).unwrap_or(""),
            answer.map_or("", |a| a.office.as_str()),
            &answer
                .map(|a| local_time(&a.answered_at))
                .unwrap_or_default(),
            &revision,
            &c.id,
        ]));
    }
    Ok(csv_file("mitreden-export-excel.csv", out, "no-store"))
}

/// The Excel variant's columns, in German.
const EXCEL_COLUMNS: [&str; 16] = [
    "Abschnitt",
    "Fassung",
    "Eingegangen",
    "Stand",
    "Grund",
    "Name",
    "Angabe zur Person",
    "Kiosk",
    "Kommentar",
    "Antwort-Stand",
    "Antwort",
    "Begründung",
    "Antwort von",
    "Beantwortet",
    "Geführt zu Änderung",
    "ID",
];

/// One line for German Excel: fields as in RFC 4180 (formulas defused), but separated by
/// semicolons — the list separator of German Windows — and quoted where they hold one.
fn excel_line(fields: &[&str]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| {
            let field = crate::open_data::csv_field(f);
            if field.contains(';') && !field.starts_with('"') {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect();
    cells.join(";") + "\r\n"
}

/// An RFC 3339 time as `TT.MM.JJJJ HH:MM` in German local time: CET, and CEST from the
/// last Sunday of March to the last Sunday of October (01:00 UTC both, the EU's rule).
/// A time that does not parse stays as it is.
pub fn local_time(at: &str) -> String {
    use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
    let Ok(t) = DateTime::parse_from_rfc3339(at).map(|t| t.with_timezone(&Utc)) else {
        return at.to_owned();
    };
    let last_sunday = |month: u32| {
        let last = NaiveDate::from_ymd_opt(t.year(), month, 31)?;
        let back = last.weekday().num_days_from_sunday();
        let day = last - Duration::days(i64::from(back));
        debug_assert_eq!(day.weekday(), Weekday::Sun);
        Some(day.and_hms_opt(1, 0, 0)?.and_utc())
    };
    let summer = match (last_sunday(3), last_sunday(10)) {
        (Some(from), Some(to)) => t >= from && t < to,
        _ => false,
    };
    let local = t + Duration::hours(if summer { 2 } else { 1 });
    local.format("%d.%m.%Y %H:%M").to_string()
}

/// The whole audit trail as CSV.
#[utoipa::path(get, path = "/api/v1/admin/export-history.csv", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "Every moderation action as CSV (RFC 4180, UTF-8 with BOM)", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn history_csv(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Response, AppError> {
    let data = everything(&state).await?;
    let mut out = csv_head(&[
        "comment_id",
        "action",
        "staff_name",
        "at",
        "detail",
        "answer",
    ]);
    for t in &data.history {
        let e = &t.entry;
        out.push_str(&csv_line(&[
            &t.comment_id,
            e.action.as_str(),
            &e.staff_name,
            &e.at,
            e.detail.as_deref().unwrap_or(""),
            e.answer.as_deref().unwrap_or(""),
        ]));
    }
    Ok(csv_file("mitreden-verlauf.csv", out, "no-store"))
}

/// The staff CSV's columns, in order.
const COMMENT_CSV_COLUMNS: [&str; 16] = [
    "id",
    "section_id",
    "section_version",
    "received_at",
    "state",
    "state_reason",
    "name",
    "self_description",
    "kiosk",
    "text",
    "answer_status",
    "answer",
    "answer_reason",
    "answer_office",
    "answered_at",
    "revision",
];

fn comment_line(c: &AdminComment) -> String {
    let version = c.section_version.to_string();
    let answer = c.answer.as_ref();
    let revision = answer
        .and_then(|a| a.revision.as_ref())
        .map(|r| format!("{}:{}", r.section_id, r.version))
        .unwrap_or_default();
    csv_line(&[
        &c.id,
        &c.section_id,
        &version,
        &c.received_at,
        c.moderation_state.as_str(),
        c.moderation_reason.as_deref().unwrap_or(""),
        c.name.as_deref().unwrap_or(""),
        c.self_description.as_deref().unwrap_or(""),
        c.kiosk.as_deref().unwrap_or(""),
        &c.text,
        answer.map_or("", |a| a.status.as_str()),
        answer.map_or("", |a| a.text.as_str()),
        answer.and_then(|a| a.reason.as_deref()).unwrap_or(""),
        answer.map_or("", |a| a.office.as_str()),
        answer.map_or("", |a| a.answered_at.as_str()),
        &revision,
    ])
}

#[cfg(test)]
mod tests {
    use super::{excel_line, local_time};

    #[test]
    fn german_local_time_follows_the_eu_summer_time() {
        assert_eq!(local_time("2026-01-15T12:00:00Z"), "15.01.2026 13:00");
        assert_eq!(local_time("2026-07-01T22:30:00.123Z"), "02.07.2026 00:30");
        // 2026: summer time from 29 March, 01:00 UTC, to 25 October, 01:00 UTC.
        assert_eq!(local_time("2026-03-29T00:59:00Z"), "29.03.2026 01:59");
        assert_eq!(local_time("2026-03-29T01:00:00Z"), "29.03.2026 03:00");
        assert_eq!(local_time("2026-10-25T00:59:00Z"), "25.10.2026 02:59");
        assert_eq!(local_time("2026-10-25T01:00:00Z"), "25.10.2026 02:00");
        assert_eq!(local_time("kein Datum"), "kein Datum");
    }

    #[test]
    fn excel_lines_use_semicolons_and_quote_what_holds_one() {
        assert_eq!(
            excel_line(&["a", "b; c", "=1+1", "x,y"]),
            "a;\"b; c\";'=1+1;\"x,y\"\r\n"
        );
    }
}
