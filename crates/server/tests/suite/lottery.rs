//! Issue 14, the server's side: applications for the workshop's seats (exactly once per id,
//! the rules with their codes, status by receipt code, withdrawal), staff closing,
//! committing and drawing (roles, order, the database refusing changes), the published
//! draw that re-runs to the same list, the invitees, deleting the contacts (by staff and at
//! the strategy file's date). The command line is in `lottery_cli.rs`, arbitrary input in
//! `fuzz.rs`.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot set up must stop; unwrap says where"
)]

use crate::common;

use axum::http::{header, StatusCode};
use common::event::*;
use common::{body, header_of, send, sign_in, state_with};
use mitreden_model::event::{
    ApplicationReceipt, ApplicationState, ApplicationStatus, EventAdminState, EventPhase, Invitee,
};
use mitreden_model::lottery::{self, PublishedDraw};
use mitreden_server::lottery::staff;
use serde_json::json;

#[tokio::test]
async fn an_application_is_taken_once_looked_up_by_code_and_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let state = open_event(dir.path()).await;
    let res = apply(&state, application(1)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let receipt: ApplicationReceipt = json_of(res).await;
    assert_eq!(receipt.code.len(), 9);
    // The outbox sends it again: the same receipt, nothing stored twice.
    let again = apply(&state, application(1)).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(json_of::<ApplicationReceipt>(again).await, receipt);
    assert_eq!(public_state(&state).await.applications, 1);
    // The same id with another name is another application: a conflict, not the first
    // one's receipt (as a comment's id with other content).
    let mut other = application(1);
    other["name"] = json!("Jemand anderes");
    let p = problem(apply(&state, other).await, StatusCode::CONFLICT).await;
    assert_eq!(p["code"], "id_taken");
    assert_eq!(public_state(&state).await.applications, 1);

    // Broken rules: 422 with the rule's code.
    let mut no_consent = application(2);
    no_consent["consent"] = json!(false);
    let p = problem(
        apply(&state, no_consent).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["code"], "no_consent");
    let mut other_event = application(2);
    other_event["event_id"] = json!("anderes");
    let p = problem(
        apply(&state, other_event).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["code"], "unknown_event");
    let mut no_age = application(2);
    no_age["attributes"] = json!({ "wohnort": "Innenstadt" });
    let p = problem(
        apply(&state, no_age).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["code"], "attribute:alter");
    // An unknown event is a 404 problem everywhere.
    for (method, path) in [
        ("GET", "/api/v1/events/nirgends"),
        ("GET", "/api/v1/events/nirgends/draw.json"),
        ("GET", "/api/v1/events/nirgends/applications/ABCD-EFGH"),
        ("GET", "/api/v1/events/%FF"),
        (
            "DELETE",
            "/api/v1/events/buergerworkshop/applications/%FF%FE",
        ),
    ] {
        problem(
            send(&state, method, path, None, None, None).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }

    // The code as a person types it: lower case, a space instead of the dash.
    let typed = receipt.code.to_lowercase().replace('-', " ");
    let res = status_of(&state, &typed.replace(' ', "%20")).await;
    let found: ApplicationState = json_of(res).await;
    assert_eq!(found.code, receipt.code);
    assert_eq!(found.status, ApplicationStatus::Received);
    for unknown in ["ZZZZ-ZZZZ", "kein-code"] {
        problem(status_of(&state, unknown).await, StatusCode::NOT_FOUND).await;
    }

    // Withdrawn: name and contact erased at once; twice is the same answer.
    let path = format!("/api/v1/events/{EVENT}/applications/{}", receipt.code);
    for _ in 0..2 {
        let res = send(&state, "DELETE", &path, None, None, None).await;
        assert_eq!(res.status(), StatusCode::OK);
        let withdrawn: ApplicationState = json_of(res).await;
        assert_eq!(withdrawn.status, ApplicationStatus::Withdrawn);
    }
    assert_eq!(with_contacts(&state).await, 0);
    assert_eq!(public_state(&state).await.applications, 0);
}

#[tokio::test]
async fn applications_before_the_opening_are_refused_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let file = strategy(
        dir.path(),
        "2099-01-01T00:00:00+01:00",
        "2099-12-31T23:59:59+01:00",
    );
    let state = state_with(dir.path(), |c| c.strategy = file).await;
    assert_eq!(public_state(&state).await.phase, EventPhase::Upcoming);
    let p = problem(apply(&state, application(1)).await, StatusCode::CONFLICT).await;
    assert_eq!(p["code"], "applications_not_open");
    // Closing before the commitment would leave an event that can never be drawn.
    let amt = sign_in(&state).await;
    let p = problem(
        staff_post(&state, &amt, "close", None).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "no_commitment");
    // The commitment may come before the opening.
    assert_eq!(
        staff_post(&state, &amt, "commit", None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_draw_is_committed_to_made_once_published_and_verifiable() {
    let dir = tempfile::tempdir().unwrap();
    let state = open_event(dir.path()).await;
    let amt = sign_in(&state).await;
    let mut codes = Vec::new();
    for n in 0..40 {
        let res = apply(&state, application(n)).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        codes.push(json_of::<ApplicationReceipt>(res).await.code);
    }

    let res = staff_post(&state, &amt, "commit", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let committed: EventAdminState = json_of(res).await;
    let commitment = committed.state.commitment.clone().unwrap();
    assert_eq!(commitment.len(), 64);
    assert!(committed.state.committed_at.is_some());
    assert_eq!(
        public_state(&state).await.commitment,
        Some(commitment.clone())
    );
    let p = problem(
        staff_post(&state, &amt, "commit", None).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "already_committed");
    let value = json!({ "public_value": "3 11 19 27 38 44, Superzahl 7" });
    let p = problem(
        staff_post(&state, &amt, "draw", Some(value.clone())).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "not_closed");

    for _ in 0..2 {
        let res = staff_post(&state, &amt, "close", None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            json_of::<EventAdminState>(res).await.state.phase,
            EventPhase::Closed
        );
    }
    let p = problem(apply(&state, application(99)).await, StatusCode::CONFLICT).await;
    assert_eq!(p["code"], "applications_closed");
    let withdraw = format!("/api/v1/events/{EVENT}/applications/{}", codes[0]);
    let p = problem(
        send(&state, "DELETE", &withdraw, None, None, None).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "applications_closed");
    assert_eq!(
        apply(&state, application(3)).await.status(),
        StatusCode::OK,
        "a late retry of a stored application still gets its receipt"
    );
    let p = problem(
        staff_post(&state, &amt, "draw", Some(json!({ "public_value": " " }))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["code"], "invalid_public_value");
    assert!(
        json_of::<Vec<Invitee>>(staff_get(&state, &amt, "/invitees").await)
            .await
            .is_empty()
    );

    let res = staff_post(&state, &amt, "draw", Some(value.clone())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let drawn_state: EventAdminState = json_of(res).await;
    let draw = drawn_state.state.draw.clone().unwrap();
    assert_eq!(drawn_state.state.phase, EventPhase::Drawn);
    assert_eq!(draw.drawn.len(), 15);
    assert_eq!(draw.applicants, 40);
    assert!(lottery::check_commitment(&draw.seed, &commitment));
    assert_eq!(public_state(&state).await.draw, Some(draw.clone()));
    let p = problem(
        staff_post(&state, &amt, "draw", Some(value)).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "already_drawn");
    assert_eq!(
        staff_post(&state, &amt, "close", None).await.status(),
        StatusCode::CONFLICT
    );

    // The published file re-runs to the same list; it names nobody.
    let path = format!("/api/v1/events/{EVENT}/draw.json");
    let res = send(&state, "GET", &path, None, None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header_of(&res, header::CONTENT_DISPOSITION),
        "attachment; filename=\"auslosung-buergerworkshop.json\""
    );
    let text = body(res).await;
    assert!(!text.contains("Bewerberin") && !text.contains("beispiel.example"));
    let published: PublishedDraw = serde_json::from_str(&text).unwrap();
    assert_eq!(published.input.applicants.len(), 40);
    assert_eq!(published.drawn, draw.drawn);
    let check = lottery::verify(&published);
    assert!(check.ok(), "{check:?}");

    // Each applicant learns the outcome by code.
    for code in &codes {
        let found: ApplicationState = json_of(status_of(&state, code).await).await;
        let expected = if draw.drawn.contains(code) {
            ApplicationStatus::Drawn
        } else {
            ApplicationStatus::NotDrawn
        };
        assert_eq!(found.status, expected);
    }
    let invitees: Vec<Invitee> = json_of(staff_get(&state, &amt, "/invitees").await).await;
    let order: Vec<&str> = invitees.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        order,
        draw.drawn.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(invitees.iter().all(|i| i.name.starts_with("Bewerberin")));

    // Neither the commitment nor the draw nor its applicants can change any more.
    for sql in [
        "UPDATE event_states SET seed = 'anders'",
        "UPDATE event_states SET commitment = 'anders'",
        "UPDATE event_states SET result = '[]'",
        "UPDATE event_states SET public_value = 'anders'",
        "UPDATE applications SET status = 'withdrawn'",
        "DELETE FROM applications",
        "DELETE FROM event_states",
        "DELETE FROM event_log",
    ] {
        assert!(
            common::peek::peek(&state)
                .await
                .execute(sql, &[])
                .await
                .is_err(),
            "{sql}"
        );
    }

    // Deleting the contacts leaves none in the table or the files; the counts stay.
    let before: EventAdminState = json_of(staff_get(&state, &amt, "").await).await;
    let res = staff_post(&state, &amt, "delete-contacts", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let after: EventAdminState = json_of(res).await;
    assert!(after.contacts_deleted_at.is_some());
    assert_eq!((after.groups.clone(), after.withdrawn), (before.groups, 0));
    assert_eq!(after.state.applications, 40);
    assert_eq!(with_contacts(&state).await, 0);
    // In SQLite's files (PostgreSQL's after an erasure: `postgres::tests`).
    let files = if state.sqlite.is_some() {
        std::fs::read_dir(dir.path().join("db")).unwrap().collect()
    } else {
        Vec::new()
    };
    for needle in ["Bewerberin Nummer 7", "bewerbung7@beispiel"] {
        for entry in &files {
            let bytes = std::fs::read(entry.as_ref().unwrap().path()).unwrap();
            let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
            assert!(!found, "{needle} still in the database files");
        }
    }
    let invitees: Vec<Invitee> = json_of(staff_get(&state, &amt, "/invitees").await).await;
    assert_eq!(invitees.len(), 15);
    assert!(invitees
        .iter()
        .all(|i| i.name.is_empty() && i.contact.is_empty()));
}

#[tokio::test]
async fn the_counts_per_group_and_the_roles() {
    let dir = tempfile::tempdir().unwrap();
    let state = open_event(dir.path()).await;
    let amt = sign_in(&state).await;
    for n in 0..6 {
        apply(&state, application(n)).await;
    }
    let admin: EventAdminState = json_of(staff_get(&state, &amt, "").await).await;
    let count = |attribute: &str, value: &str| {
        admin
            .groups
            .iter()
            .find(|g| g.attribute == attribute && g.value == value)
            .map(|g| g.count)
    };
    assert_eq!(admin.groups.len(), 6, "every value of every attribute");
    assert_eq!(count("alter", AGES[0]), Some(2));
    assert_eq!(count("alter", AGES[3]), Some(1));
    assert_eq!(count("wohnort", "Innenstadt"), Some(2));
    assert_eq!(count("wohnort", "ein anderer Stadtteil"), Some(4));
    let unknown = send(
        &state,
        "GET",
        "/api/v1/admin/events/nirgends",
        None,
        Some(&amt),
        None,
    );
    problem(unknown.await, StatusCode::NOT_FOUND).await;

    // A moderator sees the state, but may not close, commit, draw, or see and delete
    // contacts; without a session there is nothing.
    let moni = common::sign_in_moderator(&state, &amt).await;
    assert_eq!(staff_get(&state, &moni, "").await.status(), StatusCode::OK);
    let value = Some(json!({ "public_value": "1 2 3" }));
    for what in ["close", "commit", "draw", "delete-contacts"] {
        let res = staff_post(&state, &moni, what, value.clone()).await;
        problem(res, StatusCode::FORBIDDEN).await;
        let res = staff_post(&state, "mitreden_session=falsch", what, value.clone()).await;
        problem(res, StatusCode::UNAUTHORIZED).await;
    }
    problem(
        staff_get(&state, &moni, "/invitees").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(public_state(&state).await.commitment, None);
}

#[tokio::test]
async fn contacts_are_deleted_once_the_strategy_files_date_has_passed() {
    let dir = tempfile::tempdir().unwrap();
    let state = open_event(dir.path()).await;
    for n in 0..3 {
        apply(&state, application(n)).await;
    }
    let event = state.strategy().event.clone().unwrap();
    let at = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let before = at("2100-01-30T23:00:00Z");
    let after = at("2100-01-31T00:00:01+01:00");
    assert!(!staff::delete_due_contacts(&*state.store, &event, before)
        .await
        .unwrap());
    assert_eq!(with_contacts(&state).await, 3);
    assert!(staff::delete_due_contacts(&*state.store, &event, after)
        .await
        .unwrap());
    assert_eq!(with_contacts(&state).await, 0);
    assert!(
        !staff::delete_due_contacts(&*state.store, &event, after)
            .await
            .unwrap(),
        "nothing left to delete"
    );
    let log = common::peek::peek(&state)
        .await
        .rows("SELECT action, staff_name FROM event_log ORDER BY id", &[])
        .await;
    assert_eq!(
        log,
        [[
            Some("contacts_deleted".into()),
            Some(staff::BY_DEADLINE.into())
        ]]
    );
    assert_eq!(public_state(&state).await.applications, 3);
}
