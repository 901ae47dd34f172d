//! The workplace's detail pane: the chosen comment in full, with what staff do to it —
//! publish, reject with a reason, answer (the form opens with the saved answer; a template
//! can be added) — and its history.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::api::{
    AdminComment, AnswerInput, AnswerStatus, ModerationState, RejectInput, RevisionRef,
};
use mitreden_model::moderation::{revision_timing, RevisionTiming};

use super::templates::TemplatePicker;
use super::texts::admin_t;
use crate::http;
use mitreden::clock::format_iso;
use mitreden::components::answer_view;
use mitreden::content::use_content;
use mitreden::i18n::t;

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
    use_content()
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

/// A revision option's value (`section:version`) as a reference; `None` for "no change".
fn parse_revision(value: &str) -> Option<RevisionRef> {
    value.split_once(':').map(|(section_id, v)| RevisionRef {
        section_id: section_id.to_owned(),
        version: v.parse().unwrap_or(0),
    })
}

/// One comment in full, with its actions. `reload` runs after every change; `announce`
/// holds what to say once the list shows it.
#[component]
pub fn Detail(
    comment: AdminComment,
    message: RwSignal<String>,
    /// What to say once the reloaded list shows the change.
    announce: StoredValue<Option<String>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = t();
    let a = admin_t();
    let id = comment.id.clone();
    let content = use_content();
    let section = content.section(&comment.section_id);
    let label = section.map_or_else(|| comment.section_id.clone(), |s| t.section_label(s));
    // Runs an admin request; reloads the list and says `done` once it shows the change, or
    // says why not.
    let act = move |request: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<String, String>>>,
    >,
                    done: &'static str| {
        spawn_local(async move {
            match request.await {
                Ok(_) => {
                    announce.set_value(Some(done.to_owned()));
                    reload();
                }
                Err(reason) => message.set(reason),
            }
        });
    };
    // No reason is chosen until staff choose one: a careless click must not tell a citizen
    // that the comment was insulting.
    let reject_reason = RwSignal::new(String::new());
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
    // A change can be credited to this comment only if it came after it — or staff confirm.
    let (comment_section, comment_version, comment_received) = (
        comment.section_id.clone(),
        comment.section_version,
        comment.received_at.clone(),
    );
    let timing = move |value: &str| {
        parse_revision(value).map(|r| {
            revision_timing(
                &content,
                &r,
                &comment_section,
                comment_version,
                &comment_received,
            )
        })
    };
    let timing = StoredValue::new(timing);
    let earlier_chosen = move || {
        let value = revision.get();
        timing
            .with_value(|f| f(&value))
            .is_some_and(|t| t != RevisionTiming::After)
    };
    // A saved link was confirmed when it was saved.
    let earlier_confirmed = RwSignal::new(saved.and_then(|a| a.revision.as_ref()).is_some());
    let save_answer = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if earlier_chosen() && !earlier_confirmed.get_untracked() {
                message.set(admin_t().admin_revision_confirm.to_owned());
                return;
            }
            let revision = parse_revision(&revision.get_untracked());
            let status = answer_status.get_untracked();
            let body = AnswerInput {
                text: answer_text.get_untracked(),
                status: AnswerStatus::parse(&status).unwrap_or(AnswerStatus::Eingegangen),
                reason: Some(answer_reason.get_untracked()).filter(|r| !r.trim().is_empty()),
                revision,
                revision_confirmed: earlier_confirmed.get_untracked(),
            };
            act(
                Box::pin(http::answer(id.clone(), body)),
                admin_t().admin_answer_saved,
            );
        }
    };
    let field = |name: &str| format!("{name}-{id}");
    let early_id = field("frueher");
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
            // That a citizen waits to hear of it (never who, nor the address).
            {comment.notify_waiting.then(|| view! { <p class="note">{admin_t().notify_waiting}</p> })}
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
                        let reason = reject_reason.get_untracked();
                        if reason.trim().is_empty() {
                            message.set(admin_t().admin_reason_missing.to_owned());
                            return;
                        }
                        let body = RejectInput { reason };
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
                            <option value=s.as_str() prop:selected=move || answer_status.get() == s.as_str()>
                                {(t.answer_status)(*s)}
                            </option>
                        }).collect_view()}
                    </select>
                    <label for=field("begruendung")>{t.answer_reason}</label>
                    <input id=field("begruendung") type="text"
                        prop:value=move || answer_reason.get()
                        on:input:target=move |ev| answer_reason.set(ev.target().value()) />
                    <label for=field("fassung")>{admin_t().admin_answer_revision}</label>
                    <select id=field("fassung") on:change:target=move |ev| {
                        earlier_confirmed.set(false);
                        revision.set(ev.target().value());
                    }>
                        <option value="" prop:selected=move || revision.get().is_empty()>
                            {admin_t().admin_no_revision}
                        </option>
                        {revisions().into_iter().map(|(value, label)| {
                            let this = value.clone();
                            view! {
                                <option value=value prop:selected=move || revision.get() == this>
                                    {label}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    {move || earlier_chosen().then(|| view! {
                        <div class="consent">
                            <input id=early_id.clone() type="checkbox"
                                prop:checked=move || earlier_confirmed.get()
                                on:change:target=move |ev| earlier_confirmed.set(ev.target().checked()) />
                            <label for=early_id.clone()>{admin_t().admin_revision_earlier}</label>
                        </div>
                    })}
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
    // Loaded when first opened, as an action of this pane: an answer that comes after the
    // pane went (another comment chosen) is dropped, never written into a disposed signal.
    let history = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
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
            lines
        }
    });
    let load = move |_| {
        if history.value().with_untracked(Option::is_none) && !history.pending().get_untracked() {
            history.dispatch(id.clone());
        }
    };
    view! {
        <details on:toggle=load>
            <summary>{admin_t().admin_history}</summary>
            <ul class="history">
                {move || history.value().get().unwrap_or_default().into_iter()
                    .map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </details>
    }
}
