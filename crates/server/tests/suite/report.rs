//! The council's report (`/bericht`) and the figures (`/zahlen`): server-rendered HTML that
//! quotes only what the public may see, counts every comment but the withdrawn and the
//! trapped ones, shows the changes as word diffs and escapes every citizen's character.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{body, header_of, send, sign_in, state_with};
use mitreden_server::config::Moderation;
use mitreden_server::{app, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

const TAKEN: &str = "0b7e3c1a-5f2d-4c8e-9a6b-0000000000a1";
const NOT_TAKEN: &str = "0b7e3c1a-5f2d-4c8e-9a6b-0000000000a2";
const UNANSWERED: &str = "0b7e3c1a-5f2d-4c8e-9a6b-0000000000a3";
const REJECTED: &str = "0b7e3c1a-5f2d-4c8e-9a6b-0000000000a4";
const WITHDRAWN: &str = "0b7e3c1a-5f2d-4c8e-9a6b-0000000000a5";
const TRAPPED: &str = "0b7e3c1a-5f2d-4c8e-9a6b-0000000000a6";
const WAITING: &str = "0b7e3c1a-5f2d-4c8e-9a6b-0000000000a7";
const TOKEN: &str = "dddddddddddddddddddddddddddddddd0123456789abcdef0123456789abcdef";

/// A citizen's text with every character HTML treats specially.
const SPECIAL: &str = "Mehr <b>Glasfaser</b> & \"schnell\" – 'bitte'\n\nZweiter Absatz.";

fn comment(id: &str, section: &str, text: &str, self_description: Option<&str>) -> Value {
    let mut c = json!({
        "id": id, "section_id": section,
        "section_version": if section == "leitmotiv-2" { 2 } else { 1 },
        "text": text, "consent": true, "created_at": "2026-11-22T10:15:00.000Z",
        "receipt_token": TOKEN,
    });
    if let Some(s) = self_description {
        c["self_description"] = json!(s);
    }
    c
}

/// Seeds two sections: on leitmotiv-2 one comment taken into account (with a name), one
/// not, one waiting and one from the honeypot; on leitmotiv-1 one published without an
/// answer, one rejected and one withdrawn.
async fn seed(state: &AppState) {
    let mut trapped = comment(TRAPPED, "leitmotiv-2", "Geheim-Falle", None);
    trapped["website"] = json!("https://uhren.example");
    let mut taken = comment(TAKEN, "leitmotiv-2", SPECIAL, Some("Wirtschaft"));
    taken["name"] = json!("Frau <Beispiel>");
    let res = send(
        state,
        "POST",
        "/api/v1/comments",
        Some(json!({ "comments": [
            taken,
            comment(NOT_TAKEN, "leitmotiv-2", "Sichtbar-nicht-übernommen", Some("Jugend")),
            comment(WAITING, "leitmotiv-2", "Geheim-wartend", None),
            trapped,
            comment(UNANSWERED, "leitmotiv-1", "Sichtbar-ohne-Antwort", None),
            comment(REJECTED, "leitmotiv-1", "Geheim-abgelehnt", None),
            comment(WITHDRAWN, "leitmotiv-1", "Geheim-zurückgezogen", None),
        ]})),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let withdrawn = app(state.clone())
        .oneshot(
            Request::delete(format!("/api/v1/comments/{WITHDRAWN}"))
                .header("x-receipt-token", TOKEN)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), StatusCode::OK);

    let cookie = sign_in(state).await;
    let admin = |method: &'static str, path: String, body: Option<Value>| {
        let state = state.clone();
        let cookie = cookie.clone();
        async move {
            let res = send(
                &state,
                method,
                &path,
                body,
                Some(&cookie),
                Some("same-origin"),
            )
            .await;
            assert!(
                res.status().is_success(),
                "{method} {path}: {}",
                res.status()
            );
        }
    };
    for id in [TAKEN, NOT_TAKEN, UNANSWERED] {
        admin("POST", format!("/api/v1/admin/comments/{id}/publish"), None).await;
    }
    admin(
        "POST",
        format!("/api/v1/admin/comments/{REJECTED}/reject"),
        Some(json!({ "reason": "Werbung" })),
    )
    .await;
    admin(
        "PUT",
        format!("/api/v1/admin/comments/{TAKEN}/answer"),
        Some(
            json!({ "text": "Kommt 2027 <sicher>.", "status": "beruecksichtigt",
                     "revision": { "section_id": "leitmotiv-2", "version": 2 },
                     "revision_confirmed": true }),
        ),
    )
    .await;
    admin(
        "PUT",
        format!("/api/v1/admin/comments/{NOT_TAKEN}/answer"),
        Some(
            json!({ "text": "Leider nicht.", "status": "nicht_beruecksichtigt",
                     "reason": "passt nicht zum Leitbild" }),
        ),
    )
    .await;
}

/// The part of `html` from `start` to the next `end` (or the end).
fn part<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} missing"));
    let rest = &html[from + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// A table row: its header cell, count and share.
fn row(label: &str, count: &str, share: &str) -> String {
    format!(
        "<tr><th scope=\"row\">{label}</th><td class=\"num\">{count}</td>\
         <td class=\"num\">{share}</td></tr>"
    )
}

async fn page(state: &AppState, path: &str) -> String {
    page_as(state, path, None).await
}

/// The page as the public (`None`) or signed-in staff see it.
async fn page_as(state: &AppState, path: &str, cookie: Option<&str>) -> String {
    let res = send(state, "GET", path, None, cookie, None).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert_eq!(
        header_of(&res, header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-store");
    let html = body(res).await;
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"),
        "{path}"
    );
    assert_eq!(html.matches("<h1").count(), 1, "{path}");
    assert!(html.contains("<title>"), "{path}");
    assert!(html.contains("<main>"), "{path}");
    assert!(!html.contains("<script"), "{path}");
    html
}

const SECRETS: [&str; 4] = [
    "Geheim-abgelehnt",
    "Geheim-zurückgezogen",
    "Geheim-Falle",
    "Geheim-wartend",
];

#[tokio::test]
async fn the_report_quotes_only_public_comments_and_counts_all_but_withdrawn_and_trapped() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    seed(&state).await;
    let html = page(&state, "/bericht").await;

    for secret in SECRETS.iter().chain(&["Werbung"]) {
        assert!(!html.contains(secret), "{secret}");
    }
    // Published comments, escaped, paragraphs kept; the answers with their German status.
    assert!(html.contains(
        "<p>Mehr &lt;b&gt;Glasfaser&lt;/b&gt; &amp; &quot;schnell&quot; – &#39;bitte&#39;</p>\
         <p>Zweiter Absatz.</p>"
    ));
    assert!(!html.contains("<b>Glasfaser"));
    assert!(html.contains(" · Frau &lt;Beispiel&gt;</p>"));
    for wanted in [
        "Sichtbar-nicht-übernommen",
        "Sichtbar-ohne-Antwort",
        "<p>Kommt 2027 &lt;sicher&gt;.</p>",
        "Stand: berücksichtigt</p>",
        "Stand: nicht berücksichtigt</p>",
        "<strong>Begründung:</strong> passt nicht zum Leitbild",
        "Geführt zu: Fassung 2 von Leitmotiv 2",
        "Noch keine Antwort.",
        "Keine veröffentlichten Beiträge.",
        "Bericht für den Gemeinderat",
        "Leitmotive der Digitalisierung in Sindelfingen",
        "href=\"https://www.govdata.de/dl-de/by-2-0\"",
        "href=\"#abschnitt-leitmotiv-10\"",
    ] {
        assert!(html.contains(wanted), "{wanted}");
    }

    // One section per strategy section, flowing on after the figures (a page each was mostly blank).
    let sections = state.strategy().sections.len();
    assert_eq!(sections, 10);
    assert_eq!(html.matches("class=\"report-section\"").count(), sections);
    assert!(html.contains(".figures-page{break-before:page}"));
    assert!(!html.contains(".report-section,"), "the sections flow on");
    assert!(html.contains("<h2>Leitmotiv 2: Vorne dabei</h2>"));

    // The change to Leitmotiv 2: an insertion, undated, reconstructed, with its reason.
    let two = part(
        &html,
        "id=\"abschnitt-leitmotiv-2\"",
        "class=\"report-section\"",
    );
    assert!(two.contains(
        "<ins><span class=\"vh\">[eingefügt: </span>sowie Bildungseinrichtungen\
         <span class=\"vh\">]</span></ins>"
    ));
    assert!(
        two.contains("<h4>Von Fassung 1 zu Fassung 2</h4><p class=\"meta\">Datum unbekannt</p>")
    );
    assert!(two.contains("rekonstruiert"));
    assert!(two.contains("<strong>Grund:</strong> Ein Bürger schrieb"));
    assert!(two.contains("Gezählte Beiträge: <strong>3</strong>"));
    assert!(two.contains("Übernahmequote: <strong>50,0 %</strong> (1 von 2 "));
    let one = part(
        &html,
        "id=\"abschnitt-leitmotiv-1\"",
        "class=\"report-section\"",
    );
    assert!(one.contains("Keine Änderungen"));
    assert!(one.contains("Gezählte Beiträge: <strong>2</strong>"));
    assert!(one.contains("Übernahmequote: <strong>–</strong>"));
    assert!(one.contains(&row("abgelehnt", "1", "50,0 %")));
    // A section nobody commented on: a sentence instead of tables of zeros.
    let five = part(
        &html,
        "id=\"abschnitt-leitmotiv-5\"",
        "class=\"report-section\"",
    );
    assert!(five.contains("Zu diesem Abschnitt gibt es keine Beiträge."));
    assert!(!five.contains("<table"));

    // The overall figures: five counted (the withdrawn and the trapped one are not).
    let overall = part(&html, "id=\"zahlen\"", "class=\"report-section\"");
    assert!(overall.contains("Gezählte Beiträge: <strong>5</strong>"));
    assert!(overall.contains("Übernahmequote: <strong>50,0 %</strong> (1 von 2 "));
    for cells in [
        row("eingegangen", "1", "20,0 %"),
        row("veröffentlicht", "3", "60,0 %"),
        row("abgelehnt", "1", "20,0 %"),
        row("berücksichtigt", "1", "20,0 %"),
        row("nicht berücksichtigt", "1", "20,0 %"),
        row("in Prüfung", "0", "0,0 %"),
        row("noch ohne Antwort", "3", "60,0 %"),
    ] {
        assert!(overall.contains(&cells), "{cells}");
    }
    let weeks = part(
        overall,
        "Beiträge pro Kalenderwoche – insgesamt",
        "</table>",
    );
    assert!(weeks.contains("<th scope=\"row\">KW "));
    assert!(weeks.contains("<th scope=\"row\">zusammen</th><td class=\"num\">5</td>"));
    // The figures by self-description only for signed-in staff: public, "Wirtschaft: 1" in
    // a page that changes with every comment would tie a comment to its author's group.
    assert!(!html.contains("<th scope=\"row\">Wirtschaft</th>"));
    assert!(overall.contains("sieht nur die angemeldete Verwaltung"));
    let cookie = sign_in(&state).await;
    let staff = page_as(&state, "/bericht", Some(&cookie)).await;
    let staff_overall = part(&staff, "id=\"zahlen\"", "class=\"report-section\"");
    for cells in [
        row("Wirtschaft", "1", "20,0 %"),
        row("Jugend", "1", "20,0 %"),
        row("Wissenschaft", "0", "0,0 %"),
        row("keine Angabe", "3", "60,0 %"),
    ] {
        assert!(staff_overall.contains(&cells), "{cells}");
    }
    assert!(!staff_overall.contains("sieht nur die angemeldete Verwaltung"));
    assert_eq!(staff_overall.matches("<svg class=\"chart\"").count(), 4);
    // Charts in the overall figures: images with a name, a description and the numbers.
    assert_eq!(overall.matches("<svg class=\"chart\"").count(), 3);
    assert!(overall.contains("aria-labelledby=\"gesamt-stand-t gesamt-stand-d\""));
    assert!(overall.contains(
        "Beiträge nach Stand der Moderation: eingegangen: 1; veröffentlicht: 3; abgelehnt: 1.</desc>"
    ));
}

#[tokio::test]
async fn the_figures_page_has_charts_and_tables_overall_and_per_section_and_no_text() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    seed(&state).await;
    let html = page(&state, "/zahlen").await;
    for quoted in SECRETS
        .iter()
        .chain(&["Glasfaser", "Sichtbar-ohne-Antwort", "Kommt 2027"])
    {
        assert!(!html.contains(quoted), "{quoted}");
    }
    let overall = part(&html, "id=\"gesamt\"", "class=\"figures-page\"");
    assert!(overall.contains("Gezählte Beiträge: <strong>5</strong>"));
    assert!(overall.contains(&row("noch ohne Antwort", "3", "60,0 %")));
    let two = part(
        &html,
        "id=\"abschnitt-leitmotiv-2\"",
        "class=\"figures-page\"",
    );
    assert!(two.contains(&row("eingegangen", "1", "33,3 %")));
    assert!(two.contains("aria-labelledby=\"s-leitmotiv-2-antwort-t s-leitmotiv-2-antwort-d\""));
    // Overall and every section: three charts each where there are comments, two where
    // there are none (no time line without comments); staff see the self-descriptions too.
    let charts = html.matches("<svg class=\"chart\"").count();
    assert_eq!(charts, 3 + 2 * 3 + 8 * 2);
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("<caption>").count()
    );
    assert_eq!(html.matches("<table>").count(), 3 + 2 * 3 + 8 * 2);
    let cookie = sign_in(&state).await;
    let staff = page_as(&state, "/zahlen", Some(&cookie)).await;
    assert_eq!(
        staff.matches("<svg class=\"chart\"").count(),
        4 + 2 * 4 + 8 * 3
    );
    assert_eq!(staff.matches("<table>").count(), 4 + 2 * 4 + 8 * 3);
}

#[tokio::test]
async fn after_moderation_comments_are_quoted_at_once_but_never_the_trapped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |c| c.moderation = Moderation::Post).await;
    seed(&state).await;
    let html = page(&state, "/bericht").await;
    assert!(html.contains("Geheim-wartend"));
    for secret in ["Geheim-Falle", "Geheim-abgelehnt", "Geheim-zurückgezogen"] {
        assert!(!html.contains(secret), "{secret}");
    }
}

#[tokio::test]
async fn an_empty_database_gives_dashes_and_zeros_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with(dir.path(), |_| {}).await;
    for path in ["/bericht", "/zahlen"] {
        let html = page(&state, path).await;
        assert!(
            html.contains("Gezählte Beiträge: <strong>0</strong>"),
            "{path}"
        );
        assert!(
            html.contains("Übernahmequote: <strong>–</strong>"),
            "{path}"
        );
        assert!(html.contains("Noch keine Beiträge eingegangen."), "{path}");
        assert!(!html.contains("NaN"), "{path}");
    }
}
