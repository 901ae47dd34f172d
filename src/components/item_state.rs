//! A comment's state in words, and a list of the citizen's items.

use leptos::prelude::*;
use mitreden_model::outbox::{ItemState, OutboxItem};

use mitreden_model::api::{ModerationState, Receipt};

use crate::clock::{format_iso, format_ms};
use crate::components::{answer_view, notify_offered, NotifyForm};
use crate::content::use_content;
use crate::http;
use crate::i18n::{t, Texts};
use crate::outbox::use_outbox;

/// Entwurf, wartet auf Verbindung, wird gesendet, eingegangen am …, abgelehnt: ….
pub fn state_text(t: &Texts, state: &ItemState) -> String {
    match state {
        ItemState::Draft => t.state_draft.to_owned(),
        ItemState::Queued => t.state_queued.to_owned(),
        ItemState::Sending => t.state_sending.to_owned(),
        ItemState::Received { at } => (t.state_received)(&format_iso(at)),
        ItemState::Rejected { reason } => (t.state_rejected)(reason),
        ItemState::Withdrawn => t.state_withdrawn.to_owned(),
    }
}

/// What moderation made of a sent comment: published, or not published with the reason;
/// `None` while it waits.
pub fn moderation_text(t: &Texts, r: &Receipt) -> Option<String> {
    match (r.moderation_state, &r.moderation_reason) {
        (ModerationState::Published, _) => Some(t.state_published.to_owned()),
        (ModerationState::Rejected, Some(reason)) => Some((t.state_moderated_out)(reason)),
        _ => None,
    }
}

/// The citizen's comments (not applications), newest first, each with section, state, time,
/// an "open" link for those still editable, and delete with confirmation. `section` limits
/// it to one section.
#[component]
pub fn ItemList(#[prop(optional)] section: Option<std::sync::Arc<str>>) -> impl IntoView {
    let t = t();
    // A kiosk keeps only other people's comments that wait for the server: never listed.
    if crate::kiosk::use_kiosk().is_some() {
        return ().into_any();
    }
    let outbox = use_outbox();
    let items = move || {
        let mut items: Vec<OutboxItem> = outbox
            .items()
            .get()
            .into_iter()
            .filter(|i| !i.is_application())
            .filter(|i| section.as_deref().is_none_or(|s| i.comment.section_id == s))
            .collect();
        items.sort_by_key(|i| std::cmp::Reverse(i.updated_ms));
        items
    };
    view! {
        <ul class="item-list">
            <For each=items key=|i| (i.comment.id.clone(), i.updated_ms) let:item>
                <ItemRow item=item t=t />
            </For>
        </ul>
    }
    .into_any()
}

#[component]
fn ItemRow(item: OutboxItem, t: &'static Texts) -> impl IntoView {
    let outbox = use_outbox();
    let id = item.comment.id.clone();
    let content = use_content();
    let section = content.section(&item.comment.section_id);
    let section_label =
        section.map_or_else(|| item.comment.section_id.clone(), |s| t.section_label(s));
    let open_href = crate::app::href(&format!(
        "/abschnitt/{}?entwurf={}",
        item.comment.section_id, item.comment.id
    ));
    let state_class = match item.state {
        ItemState::Rejected { .. } => "item-state rejected",
        ItemState::Received { .. } => "item-state received",
        _ => "item-state",
    };
    let excerpt: String = item.comment.text.chars().take(160).collect();
    let delete_id = id.clone();
    let can_withdraw =
        matches!(item.state, ItemState::Received { .. }) && item.comment.receipt_token.is_some();
    // Received by the town (with a receipt to lose): not the device's alone to delete.
    let sent = can_withdraw;
    // What became of a sent comment: the server knows, and tells the holder of the receipt.
    // The look-up is this row's work: a row re-made or gone before the answer comes (its
    // item changed, the list moved on) cancels it instead of writing into a disposed
    // signal — which in wasm is a panic.
    let live = RwSignal::new(None::<Receipt>);
    if let (true, Some(token)) = (can_withdraw, item.comment.receipt_token.clone()) {
        let id = id.clone();
        crate::task::spawn_here(async move {
            if let Ok(receipt) = http::receipt(&id, &token).await {
                live.set(Some(receipt));
            }
        });
    }
    // Told by e-mail, until the answer: the form unfolds on the button's press (one open
    // form, not one per comment).
    let asking = RwSignal::new(false);
    let notify_id = id.clone();
    let notify_token = item.comment.receipt_token.clone().unwrap_or_default();
    let live_view = move || {
        live.get().map(|r| {
            let state = moderation_text(t, &r);
            let waiting = r.answer.is_none()
                && r.moderation_state != ModerationState::Withdrawn
                && notify_offered();
            let (id, token) = (notify_id.clone(), notify_token.clone());
            view! {
                {state.map(|s| view! { <p class="item-state live">{s}</p> })}
                {r.answer.as_ref().map(|a| answer_view(t, a))}
                {waiting.then(|| view! {
                    <button type="button" class="button secondary"
                        aria-expanded=move || asking.get().to_string()
                        on:click=move |_| asking.update(|a| *a = !*a)>{t.notify_offer}</button>
                    {move || asking.get().then(|| {
                        // The list has no headings of its own: the form's is the page's next level.
                        view! { <NotifyForm id=id.clone() token=token.clone() /> }
                    })}
                })}
            }
        })
    };
    let message = RwSignal::new(String::new());
    super::say_changes(move || message.get());
    // Withdrawing is the outbox's work (it outlives this row, and must finish: the server's
    // answer changes the stored item); only a refusal is this row's to say, if it is
    // still there (a withdrawn item is a new row).
    let withdraw = move |id: String| {
        leptos::task::spawn_local(async move {
            if let Err(reason) = outbox.withdraw(id).await {
                let _ = message.try_set(reason);
            }
        });
    };
    let withdraw_id = id.clone();
    let receipt_href = crate::app::href(&format!(
        "/beitrag/{}#{}",
        item.comment.id,
        item.comment.receipt_token.clone().unwrap_or_default()
    ));
    // A sent comment stays with the town: removing it here is not deleting it, and says so —
    // with its receipt link as a whole address to copy first.
    let (remove, remove_question, remove_yes, receipt_url) = if sent {
        let url = format!(
            "{}{receipt_href}",
            window().location().origin().unwrap_or_default()
        );
        (
            t.remove_local,
            t.remove_local_confirm,
            t.remove_local_yes,
            Some(url),
        )
    } else {
        (t.delete, t.delete_confirm, t.delete_yes, None)
    };
    view! {
        <li class="item" data-id=id.clone()>
            <p class="item-section">{section_label}</p>
            <p class="item-text">{excerpt}</p>
            <p class=state_class>{state_text(t, &item.state)}</p>
            {live_view}
            <p class="item-time">{t.changed_at} " " {format_ms(item.updated_ms)}</p>
            {can_withdraw.then(|| view! {
                <p class="receipt-link"><a href=receipt_href.clone() rel="external">{t.receipt_link}</a></p>
            })}
            <div class="item-actions">
                {item.is_editable().then(|| view! { <a href=open_href class="button">{t.edit}</a> })}
                {can_withdraw.then(|| view! {
                    <ConfirmButton
                        label=t.withdraw
                        question=t.withdraw_confirm
                        yes=t.withdraw_yes
                        on_yes=Callback::new(move |()| withdraw(withdraw_id.clone()))
                    />
                })}
                <ConfirmButton
                    label=remove
                    question=remove_question
                    yes=remove_yes
                    on_yes=Callback::new(move |()| outbox.remove(&delete_id))
                    offer_copy=receipt_url
                />
            </div>
            <p class="item-message">{move || message.get()}</p>
        </li>
    }
}

/// A button for an action that cannot be undone: it asks first, in place (no dialog), with
/// "yes" and "cancel" buttons — and, with `offer_copy`, a button that copies that text (the
/// receipt link) before the person decides.
#[component]
pub fn ConfirmButton(
    label: &'static str,
    question: &'static str,
    yes: &'static str,
    on_yes: Callback<()>,
    #[prop(optional_no_strip)] offer_copy: Option<String>,
) -> impl IntoView {
    let t = t();
    let asking = RwSignal::new(false);
    // The focus follows the question: to "yes" when it is asked (the button pressed is gone),
    // back to the button when it is taken back ("no" or Escape). An effect runs after the
    // view has changed, and never once its owner is gone (a timer would).
    let ask = NodeRef::<leptos::html::Button>::new();
    let confirm = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |before: Option<bool>| {
        let asked = asking.get();
        if before.is_some_and(|b| b != asked) {
            let target = if asked { confirm.get() } else { ask.get() };
            if let Some(button) = target {
                let _ = button.focus();
            }
        }
        asked
    });
    let cancel = move || asking.set(false);
    let offer_copy = StoredValue::new(offer_copy);
    // Copying is this button's work: gone with it, never answering into a disposed signal.
    let part = crate::task::Part::here();
    let copied = RwSignal::new(None::<&'static str>);
    let copy_now = move |text: String| {
        part.spawn(async move {
            let ok = crate::clipboard::copy(&text).await;
            copied.set(Some(if ok {
                t.receipt_copied
            } else {
                t.receipt_copy_failed
            }));
        });
    };
    let copied = move || copied.get();
    let copy = move || {
        offer_copy.get_value().map(|text| {
            view! {
                <button type="button" class="button secondary"
                    on:click={
                        let copy_now = copy_now.clone();
                        move |_| copy_now(text.clone())
                    }>{t.receipt_copy}</button>
            }
        })
    };
    super::say_changes(move || copied().unwrap_or_default().to_owned());
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="button secondary" node_ref=ask
                    on:click=move |_| asking.set(true)>
                    {label}
                </button>
            }
        >
            <div class="confirm-group" role="group" aria-label=question
                on:keydown=move |ev| if ev.key() == "Escape" { cancel() }>
                <p class="confirm">{question}</p>
                {copy.clone()}
                <button type="button" class="button danger" node_ref=confirm
                    on:click=move |_| on_yes.run(())>{yes}</button>
                <button type="button" class="button secondary" on:click=move |_| cancel()>
                    {t.delete_no}
                </button>
                <p class="item-message">{copied}</p>
            </div>
        </Show>
    }
}
