//! A section's title and text edited in the administration (issue 22, item 2): every staff
//! member reads the sections of the newest stored version; the role "Verwaltung" saves an
//! edit, adds a section, removes one never published or moves one; each becomes the next
//! stored draft (never public until published). A save whose
//! section someone else changed since the editor loaded it is refused (409, code
//! `section_changed`): the editor then shows the other text beside one's own.
//!
//! Saves are made one at a time in this process, so two saves based on the same version
//! cannot both pass the check (one server process holds the database; several processes on
//! PostgreSQL will need the check inside the transaction — issue 25).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use mitreden_model::api::Problem;
use mitreden_model::edit::{
    ahead_of, apply_edit, change_sections, changed_between, editor_state, outline_of, EditError,
    EditorState, SectionEdit, SectionsChange,
};
use mitreden_model::event_settings::{EventEditError, EventSettings};
use mitreden_model::settings::StrategySettings;
use mitreden_model::Strategy;

use super::causes;
use super::session::Staff;
use crate::extract::{JsonBody, PathParams};
use crate::{strategy, AppError, AppState};

/// The newest stored version (a draft where one came after the published text) with its
/// file.
async fn newest_stored(state: &AppState) -> Result<(strategy::StoredVersion, String), AppError> {
    strategy::newest(&*state.store)
        .await?
        .ok_or_else(|| AppError::NotFound("Es ist noch keine Strategie gespeichert.".into()))
}

/// One save or publish at a time: the check against the newest version, the store and the
/// links to the comments that led to a change belong together.
pub(super) static SAVING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The sections of the newest stored version, each with the text citizens read now where
/// that differs.
#[utoipa::path(get, path = "/api/v1/admin/strategy/sections", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "The sections to edit", body = EditorState),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn sections(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Json<EditorState>, AppError> {
    let (newest, source) = newest_stored(&state).await?;
    let served = strategy::source(&*state.store, None).await?;
    let read = tokio::task::spawn_blocking(move || {
        let newest_read = strategy::read("", &source)?;
        let served = served.map(|s| strategy::read("", &s)).transpose()?;
        Ok::<_, String>(editor_state(
            &newest_read,
            newest.version,
            newest.published_at.is_some(),
            served.as_ref(),
        ))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(AppError::Internal)?;
    let mut read = read;
    let mut linked = causes::pending(&*state.store).await?;
    for section in &mut read.sections {
        section.causes = linked
            .remove(&(section.id.clone(), section.version))
            .unwrap_or_default();
    }
    Ok(Json(read))
}

/// Saves an edit of the section `id` as the next stored draft; its version number.
#[utoipa::path(post, path = "/api/v1/admin/strategy/sections/{id}", tag = "admin", security(("session" = [])),
    params(("id" = String, Path, description = "The section's id")),
    request_body(content = SectionEdit, content_type = "application/json"),
    responses((status = 201, description = "Stored as a draft; its version number", body = i64, content_type = "application/json"),
        (status = 200, description = "The same file was stored before; its version number", body = i64, content_type = "application/json"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the section since it was loaded (code `section_changed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unchanged, empty, or a changed text without a note", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    PathParams(id): PathParams<String>,
    JsonBody(edit): JsonBody<SectionEdit>,
) -> Result<(StatusCode, Json<i64>), AppError> {
    let _one_at_a_time = SAVING.lock().await;
    causes::check(&*state.store, &id, &edit.causes).await?;
    let linked_before = causes::pending(&*state.store)
        .await?
        .keys()
        .any(|(section, _)| *section == id);
    let today = crate::lottery::now().format("%Y-%m-%d").to_string();
    let section = id.clone();
    let wanted = edit.causes.clone();
    let (done, saved) = store_next(
        &state,
        "Abschnitt",
        &staff.name,
        edit.based_on,
        move |loaded, base| changed_between(loaded, base, &section),
        {
            let id = id.clone();
            move |base, published| {
                let next = match apply_edit(base, published, &id, &edit, &today) {
                    // Only the links change: the draft stays as it is.
                    Err(EditError::Unchanged) if !edit.causes.is_empty() || linked_before => {
                        base.clone()
                    }
                    other => other.map_err(refusal)?,
                };
                if !edit.causes.is_empty() && !ahead_of(&next, published, &id) {
                    return Err(refusal(EditError::NothingToCredit));
                }
                Ok(next)
            }
        },
    )
    .await?;
    if let Some(section) = saved.section(&id) {
        causes::link(&*state.store, &id, section.version(), &wanted, &staff.name).await?;
    }
    Ok(done)
}

/// Adds a section, removes one never published, or moves one; stored as the next draft.
#[utoipa::path(post, path = "/api/v1/admin/strategy/sections", tag = "admin", security(("session" = [])),
    request_body(content = SectionsChange, content_type = "application/json"),
    responses((status = 201, description = "Stored as a draft; its version number", body = i64, content_type = "application/json"),
        (status = 200, description = "The same file was stored before; its version number", body = i64, content_type = "application/json"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such section", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the list of sections since it was loaded (code `section_changed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A number that is taken, a published section, a move past the end", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(change): JsonBody<SectionsChange>,
) -> Result<(StatusCode, Json<i64>), AppError> {
    let _one_at_a_time = SAVING.lock().await;
    let (done, _) = store_next(
        &state,
        "Abschnitt",
        &staff.name,
        change.based_on(),
        |loaded, base| outline_of(loaded) != outline_of(base),
        move |base, published| change_sections(base, &change, published).map_err(refusal),
    )
    .await?;
    Ok(done)
}

/// The next stored draft: `apply` to the newest version (with the published one beside it),
/// unless `conflicts(loaded, newest)` says that what the editor loaded (`based_on`) was
/// changed since. The caller holds [`SAVING`].
async fn store_next(
    state: &AppState,
    name: &'static str,
    by: &str,
    based_on: i64,
    conflicts: impl FnOnce(&Strategy, &Strategy) -> bool + Send + 'static,
    apply: impl FnOnce(&Strategy, Option<&Strategy>) -> Result<Strategy, AppError> + Send + 'static,
) -> Result<((StatusCode, Json<i64>), Strategy), AppError> {
    let (newest, source) = newest_stored(state).await?;
    let loaded = if based_on == newest.version {
        None
    } else {
        strategy::source(&*state.store, Some(based_on)).await?
    };
    let published = strategy::source(&*state.store, None).await?;
    let (next, saved) =
        tokio::task::spawn_blocking(move || -> Result<(String, Strategy), AppError> {
            let read = |source: &str| strategy::read("", source).map_err(AppError::Internal);
            let base = read(&source)?;
            if let Some(loaded) = loaded {
                if conflicts(&read(&loaded)?, &base) {
                    return Err(AppError::Refused {
                        status: StatusCode::CONFLICT,
                        code: "section_changed".into(),
                        detail: format!(
                            "Inzwischen hat {} diesen Abschnitt geändert (Fassung {}). Sein Text \
                         steht jetzt im Editor, Ihrer daneben: Bitte beides zusammenführen \
                         und noch einmal speichern.",
                            newest.imported_by, newest.version
                        ),
                    });
                }
            }
            let published = published.as_deref().map(read).transpose()?;
            let next = apply(&base, published.as_ref())?;
            let source = mitreden_model::export::to_toml(&next)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            // The same checks as every strategy file (lengths of every field, …).
            strategy::read(name, &source).map_err(|e| {
                AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, without_place(name, &e))
            })?;
            Ok((source, next))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let done = strategy::store_next_draft(&*state.store, &next, by).await?;
    tracing::info!(by = %by, version = done.version, "sections edited");
    let status = if done.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(((status, Json(done.version)), saved))
}

/// A check's message without its place in the file the editor made (`name:line:column: `):
/// the office never sees that file; the message names the field and the reason.
fn without_place(name: &str, message: &str) -> String {
    let Some(rest) = message
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix(':'))
    else {
        return message.to_owned();
    };
    // `line:column: reason` from the parser, or ` reason` from a check after it.
    let placed = rest
        .split_once(": ")
        .filter(|(place, _)| place.chars().all(|c| c.is_ascii_digit() || c == ':'));
    match placed {
        Some((_, reason)) => reason.to_owned(),
        None => rest.trim_start().to_owned(),
    }
}

/// The settings and texts besides the sections, of the newest stored version.
#[utoipa::path(get, path = "/api/v1/admin/strategy/settings", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "The settings to edit", body = StrategySettings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn settings(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Json<StrategySettings>, AppError> {
    let (newest, source) = newest_stored(&state).await?;
    let read = super::strategy::read_off_workers(String::new(), source).await?;
    Ok(Json(StrategySettings::of(&read, newest.version)))
}

/// Saves the settings as the next stored draft; its version number. Checked as every
/// strategy file is: a refusal names the field and the reason.
#[utoipa::path(post, path = "/api/v1/admin/strategy/settings", tag = "admin", security(("session" = [])),
    request_body(content = StrategySettings, content_type = "application/json"),
    responses((status = 201, description = "Stored as a draft; its version number", body = i64, content_type = "application/json"),
        (status = 200, description = "The same file was stored before; its version number", body = i64, content_type = "application/json"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the settings since they were loaded (code `section_changed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unchanged, or a field the strategy file's checks refuse (the field and why)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn save_settings(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(settings): JsonBody<StrategySettings>,
) -> Result<(StatusCode, Json<i64>), AppError> {
    let _one_at_a_time = SAVING.lock().await;
    let (done, _) = store_next(
        &state,
        "Einstellungen",
        &staff.name,
        settings.based_on,
        StrategySettings::changed_between,
        move |base, _| {
            settings
                .apply(base)
                .ok_or_else(|| refusal(EditError::Unchanged))
        },
    )
    .await?;
    Ok(done)
}

/// The participation event's texts and terms, of the newest stored version.
#[utoipa::path(get, path = "/api/v1/admin/strategy/event", tag = "admin", security(("session" = [])),
    responses((status = 200, description = "The event to edit", body = EventSettings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The strategy has no event", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn event(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<Json<EventSettings>, AppError> {
    let (newest, source) = newest_stored(&state).await?;
    let read = super::strategy::read_off_workers(String::new(), source).await?;
    EventSettings::of(&read, newest.version)
        .map(Json)
        .ok_or_else(no_event)
}

fn no_event() -> AppError {
    AppError::NotFound("Diese Strategie kündigt keine Veranstaltung an.".into())
}

/// Saves the event's texts and terms as the next stored draft; its version number. Once
/// applications came, the seats, times and the randomness stay as the applicants read them.
#[utoipa::path(post, path = "/api/v1/admin/strategy/event", tag = "admin", security(("session" = [])),
    request_body(content = EventSettings, content_type = "application/json"),
    responses((status = 201, description = "Stored as a draft; its version number", body = i64, content_type = "application/json"),
        (status = 200, description = "The same file was stored before; its version number", body = i64, content_type = "application/json"),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the role Verwaltung, or not from this origin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The strategy has no event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the event since it was loaded (code `section_changed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unchanged, seats or a quota not a number, terms fixed by applications, or a field the strategy file's checks refuse", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again after Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn save_event(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(settings): JsonBody<EventSettings>,
) -> Result<(StatusCode, Json<i64>), AppError> {
    let _one_at_a_time = SAVING.lock().await;
    let current = state.strategy();
    let applied = match &current.event {
        Some(e) => {
            let counts = state.store.event_snapshot(&e.id).await?.counts;
            counts.received + counts.withdrawn > 0
        }
        None => false,
    };
    let (done, _) = store_next(
        &state,
        "Veranstaltung",
        &staff.name,
        settings.based_on,
        EventSettings::changed_between,
        move |base, _| settings.apply(base, applied).map_err(event_refusal),
    )
    .await?;
    Ok(done)
}

/// An event edit the model refuses, as the answer that says why.
fn event_refusal(e: EventEditError) -> AppError {
    let unprocessable = |m: &str| AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, m.into());
    match e {
        EventEditError::NoEvent => no_event(),
        EventEditError::Unchanged => refusal(EditError::Unchanged),
        EventEditError::BadSeats => {
            unprocessable("seats: Die Zahl der Plätze ist eine ganze Zahl ab 1.")
        }
        EventEditError::BadQuota(attribute, value) => unprocessable(&format!(
            "Merkmal {attribute}, Wert {value}: Die Quote ist eine ganze Zahl von Plätzen ab 1 \
             (leer: keine Quote)."
        )),
        EventEditError::TermsFixed => unprocessable(
            "Es sind schon Bewerbungen eingegangen: Plätze, Zeiten, die Zufallsquelle, \
             Merkmale und Quoten bleiben, wie die Bewerberinnen und Bewerber sie gelesen \
             haben. Titel, Text und Ort lassen sich ändern.",
        ),
    }
}

/// An edit the model refuses, as the answer that says why.
fn refusal(e: EditError) -> AppError {
    let unprocessable = |m: &str| AppError::BadInput(StatusCode::UNPROCESSABLE_ENTITY, m.into());
    match e {
        EditError::UnknownSection => AppError::NotFound("Diesen Abschnitt gibt es nicht.".into()),
        EditError::Unchanged => unprocessable("Titel und Text sind unverändert."),
        EditError::Empty => unprocessable("Titel und Text brauchen sichtbaren Text."),
        EditError::NoteMissing => unprocessable(
            "Der Text ist geändert: Bitte sagen Sie in der Notiz, was sich geändert hat und \
             warum — die Bürgerinnen und Bürger lesen sie neben den Änderungen.",
        ),
        EditError::BadNote => {
            unprocessable("Die Notiz braucht sichtbaren Text und hat höchstens 2000 Zeichen.")
        }
        EditError::BadNumber => unprocessable(
            "Diese Nummer hat schon ein Abschnitt dieser Art, oder sie hat weder Buchstaben \
             noch Ziffern.",
        ),
        EditError::Published => unprocessable(
            "Dieser Abschnitt ist veröffentlicht und bleibt: Kommentare beziehen sich auf ihn.",
        ),
        EditError::CannotMove => unprocessable("Weiter kann dieser Abschnitt nicht rücken."),
        EditError::HalfRendering => unprocessable(
            "Eine englische Fassung oder eine in Leichter Sprache braucht Titel und Text (oder \
             beides leer, wenn es keine gibt).",
        ),
        EditError::NothingToCredit => unprocessable(
            "Kommentare lassen sich nur mit einer neuen Fassung verknüpfen: Bitte ändern Sie \
             zuerst den Text.",
        ),
    }
}
