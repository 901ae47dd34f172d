//! The workplace's detail pane: the chosen comment in full, with what staff do to it —
//! publish, reject with a reason, answer (the form opens with the saved answer; a template
//! can be added) — and its history.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::api::{
    AdminComment, AnswerInput, AnswerStatus, ModerationState, RejectInput, RevisionRef,
};

use super::admin_templates::TemplatePicker;
use super::admin_texts::admin_t;
use crate::clock::format_iso;
use crate::components::answer_view;
use crate::content::strategy;
use crate::http;
use crate::i18n::t;

/// Reasons staff can pick when rejecting; they may also write their own.
const REJECT_REASONS: [&str; 4] = [
    "Beleidigend oder herabsetzend",
    "Werbung",
    "Enthält persönliche Daten anderer Menschen",
    "Kein Bezug zum Abschnitt",
];

/// Every revision an answer may point to, as (`section:version`, label).
fn revisions() -> Vec<(String, String)> {
    let t = t();
    strategy()
        .sections
        .iter()
        .filter(|s| s.version() > 1)
        .flat_map(|s| {
            (2..=s.version()).map(move |v| {
                (
                    format!("{}:{v}", s.id),
                    (t.see_revision)(&format!("{} {}", (t.kind_one)(s.kind), s.number), v),
                )
            })
        })
        .collect()
}

/// One comment in full, with its actions. `reload` runs after every change.
#[component]
pub fn Detail(
    comment: AdminComment,
    message: RwSignal<String>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = t();
    let a = admin_t();
    let id = comment.id.clone();
    let section = strategy().section(&comment.section_id);
    let label = section.map_or_else(|| comment.section_id.clone(), |s| t.section_label(s));
    // Runs an admin request; says `done` and reloads the list, or says why not.
    let act = move |request: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<String, String>>>,
    >,
                    done: &'static str| {
        spawn_local(async move {
            match request.await {
                Ok(_) => {
                    message.set(done.to_owned());
                    reload();
                }
                Err(reason) => message.set(reason),
            }
        });
    };
    let reject_reason = RwSignal::new(REJECT_REASONS[0].to_owned());
    // The form opens with the saved answer, so saving again changes only what staff change.
    let saved = comment.answer.as_ref();
    let answer_text = RwSignal::new(saved.map(|a| a.text.clone()).unwrap_or_default());
    let answer_status = RwSignal::new(
        saved
            .map_or(AnswerStatus::Eingegangen, |a| a.status)
            .as_str()
            .to_owned(),
    );
    let answer_reason = RwSignal::new(saved.and_then(|a| a.reason.clone()).unwrap_or_default());
    let revision = RwSignal::new(
        saved
            .and_then(|a| a.revision.as_ref())
            .map(|r| format!("{}:{}", r.section_id, r.version))
            .unwrap_or_default(),
    );
    let save_answer = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let revision = revision.get_untracked();
            let revision = revision.split_once(':').map(|(section_id, v)| RevisionRef {
                section_id: section_id.to_owned(),
                version: v.parse().unwrap_or(0),
            });
            let status = answer_status.get_untracked();
            let body = AnswerInput {
                text: answer_text.get_untracked(),
                status: AnswerStatus::parse(&status).unwrap_or(AnswerStatus::Eingegangen),
                reason: Some(answer_reason.get_untracked()).filter(|r| !r.trim().is_empty()),
                revision,
            };
            act(
                Box::pin(http::answer(id.clone(), body)),
                admin_t().admin_answer_saved,
            );
        }
    };
    let field = |name: &str| format!("{name}-{id}");
    let published = comment.moderation_state == ModerationState::Published;
    let state_class = comment.moderation_state.as_str();
    view! {
        <article class="admin-item" aria-labelledby="detail-titel">
            <h2 id="detail-titel" tabindex="-1">{(a.detail_heading)(&format_iso(&comment.received_at))}</h2>
            <p class="item-section">{label}</p>
            <p class="item-time">{comment.name.clone().unwrap_or_else(|| t.anonymous.to_owned())}
                {comment.self_description.clone().map(|d| format!(" · {d}"))}
                {comment.kiosk.clone().map(|k| (admin_t().admin_from_kiosk)(&k))}</p>
            <p class="item-text">{comment.text.clone()}</p>
            <p class=format!("item-state {state_class}")>
                {(a.state)(comment.moderation_state)}
                {comment.moderation_reason.clone().map(|r| format!(": {r}"))}
            </p>
            {comment.answer.as_ref().map(|answer| answer_view(t, answer))}
            <div class="item-actions">
                {(!published).then(|| view! {
                    <button type="button" class="button primary" data-key="p" on:click={
                        let id = id.clone();
                        move |_| act(Box::pin(http::publish(id.clone())), admin_t().admin_published)
                    }>{admin_t().admin_publish}</button>
                })}
            </div>
            <details>
                <summary data-key="r">{admin_t().admin_reject}</summary>
                <form class="admin-form" on:submit={
                    let id = id.clone();
                    move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let body = RejectInput { reason: reject_reason.get_untracked() };
                        act(Box::pin(http::reject(id.clone(), body)), admin_t().admin_rejected);
                    }
                }>
                    <label for=field("grund")>{admin_t().admin_reject_reason}</label>
                    <input id=field("grund") type="text" list=field("gruende")
                        prop:value=move || reject_reason.get()
                        on:input:target=move |ev| reject_reason.set(ev.target().value()) />
                    <datalist id=field("gruende")>
                        {REJECT_REASONS.iter().map(|r| view! { <option value=*r></option> }).collect_view()}
                    </datalist>
                    <button type="submit" class="button danger">{admin_t().admin_reject}</button>
                </form>
            </details>
            <details>
                <summary data-key="a">{admin_t().admin_answer}</summary>
                <form class="admin-form" on:submit=save_answer>
                    <label for=field("antwort")>{admin_t().admin_answer_text}</label>
                    <textarea id=field("antwort") rows="6"
                        prop:value=move || answer_text.get()
                        on:input:target=move |ev| answer_text.set(ev.target().value())></textarea>
                    <TemplatePicker id=id.clone() answer=answer_text message=message />
                    <label for=field("status")>{admin_t().admin_answer_status}</label>
                    <select id=field("status") on:change:target=move |ev| answer_status.set(ev.target().value())>
                        {AnswerStatus::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=answer_status.get_untracked() == s.as_str()>
                                {(t.answer_status)(*s)}
                            </option>
                        }).collect_view()}
                    </select>
                    <label for=field("begruendung")>{t.answer_reason}</label>
                    <input id=field("begruendung") type="text"
                        prop:value=move || answer_reason.get()
                        on:input:target=move |ev| answer_reason.set(ev.target().value()) />
                    <label for=field("fassung")>{admin_t().admin_answer_revision}</label>
                    <select id=field("fassung") on:change:target=move |ev| revision.set(ev.target().value())>
                        <option value="">{admin_t().admin_no_revision}</option>
                        {revisions().into_iter().map(|(value, label)| {
                            let chosen = revision.get_untracked() == value;
                            view! { <option value=value selected=chosen>{label}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button primary">{admin_t().admin_answer_save}</button>
                </form>
            </details>
            <History id=id.clone() />
        </article>
    }
}

/// A comment's history, loaded when opened.
#[component]
pub fn History(id: String) -> impl IntoView {
    let t = t();
    let entries = RwSignal::new(None::<Vec<String>>);
    let load = move |_| {
        if entries.get_untracked().is_some() {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            let lines = match http::admin_history(&id).await {
                Ok(list) if list.is_empty() => vec![admin_t().admin_history_empty.to_owned()],
                Ok(list) => list
                    .iter()
                    .map(|e| {
                        // An answer's detail starts with its status word: in words here.
                        let detail = e.detail.as_deref().map(|d| {
                            let (word, rest) = d.split_once(": ").unwrap_or((d, ""));
                            match AnswerStatus::parse(word) {
                                Some(s) if rest.is_empty() => (t.answer_status)(s).to_owned(),
                                Some(s) => format!("{}: {rest}", (t.answer_status)(s)),
                                None => d.to_owned(),
                            }
                        });
                        let line = (admin_t().admin_history_entry)(
                            &format_iso(&e.at),
                            (admin_t().audit_action)(e.action),
                            &e.staff_name,
                            detail.as_deref(),
                        );
                        match &e.answer {
                            Some(text) => format!("{line} – „{text}“"),
                            None => line,
                        }
                    })
                    .collect(),
                Err(_) => vec![t.no_connection.to_owned()],
            };
            entries.set(Some(lines));
        });
    };
    view! {
        <details on:toggle=load>
            <summary>{admin_t().admin_history}</summary>
            <ul class="history">
                {move || entries.get().unwrap_or_default().into_iter()
                    .map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </details>
    }
}
