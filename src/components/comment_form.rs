//! The comment form on a section page: writes a draft that saves itself (debounced while
//! typing, at once when the page is hidden), shows a live character count, and hands the
//! comment to the outbox on "Absenden".

use std::sync::Arc;
use std::time::Duration;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use mitreden_model::comment::{char_count, check_input, FormField, MAX_TEXT_CHARS};
use mitreden_model::outbox::{ItemState, OutboxItem, SubmitError};
use mitreden_model::Section;

use crate::clock::{new_token, new_uuid, now_iso, now_ms};
use crate::components::{notify_offered, NotifyForm, SAVE_EVENT};
use crate::i18n::t;
use crate::outbox::{notice_text, use_outbox};

/// How long after the last keystroke a draft is saved.
pub const SAVE_DELAY: Duration = Duration::from_millis(400);

/// Saves a form's draft at once when the page is hidden or left (tab switch, app switch,
/// closing) or a new version is about to load ([`SAVE_EVENT`]), until the form goes.
pub fn save_when_left(save_now: impl Fn() + Copy + 'static) {
    let on_hide = window_event_listener_untyped("visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            save_now();
        }
    });
    let on_leave = window_event_listener_untyped("pagehide", move |_| save_now());
    let on_update = window_event_listener_untyped(SAVE_EVENT, move |_| save_now());
    on_cleanup(move || {
        on_hide.remove();
        on_leave.remove();
        on_update.remove();
    });
}

/// The form for a comment on `section`. `draft` opens that item (from "Meine Beiträge");
/// otherwise the newest draft on this section is continued, or a new one begins. (An
/// application for a seat, an item of the same outbox, has no section: never one of them.)
#[component]
pub fn CommentForm(section: Arc<Section>, draft: Option<String>) -> impl IntoView {
    let t = t();
    let outbox = use_outbox();
    let initial = draft
        .and_then(|id| outbox.get(&id))
        .filter(|i| i.comment.section_id == section.id && i.is_editable())
        .or_else(|| {
            outbox.items().with_untracked(|items| {
                items
                    .iter()
                    .filter(|i| i.comment.section_id == section.id && i.is_editable())
                    .max_by_key(|i| i.updated_ms)
                    .cloned()
            })
        });
    let current = RwSignal::new(initial.as_ref().map(|i| i.comment.id.clone()));
    let text = RwSignal::new(
        initial
            .as_ref()
            .map(|i| i.comment.text.clone())
            .unwrap_or_default(),
    );
    let name = RwSignal::new(
        initial
            .as_ref()
            .and_then(|i| i.comment.name.clone())
            .unwrap_or_default(),
    );
    let self_description = RwSignal::new(
        initial
            .as_ref()
            .and_then(|i| i.comment.self_description.clone())
            .unwrap_or_default(),
    );
    let consent = RwSignal::new(initial.as_ref().is_some_and(|i| i.comment.consent));
    let dirty = StoredValue::new(false);
    let pending_save = StoredValue::new(None::<TimeoutHandle>);
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // What a new draft records: the section and the version it is written on.
    let written_on = StoredValue::new((section.id.clone(), section.version()));
    let error_field = RwSignal::new(None::<FormField>);
    // `aria-invalid` and the error message as description, on the field it is about.
    let invalid = move |field: FormField| error_field.get() == Some(field);
    let described = move |field: FormField, own: &'static str| {
        if invalid(field) {
            format!("{own} kommentar-fehler").trim_start().to_owned()
        } else {
            own.to_owned()
        }
    };
    // The error stands by the field it is about (and is its description, which takes the
    // focus): the text's under its counter, the consent's under the checkbox.
    let error_at = move |field: FormField| {
        move || {
            invalid(field).then(|| {
                view! { <p id="kommentar-fehler" class="form-error">{move || error.get()}</p> }
            })
        }
    };
    // The comment last sent from this form: the message under the button follows its state
    // (in the outbox, sending, received, refused) until something new is typed.
    let sent = RwSignal::new(None::<String>);
    // Once the town has it, the comment last sent may be followed (by push or e-mail, where
    // this server offers them; a kiosk offers the e-mail in its thanks): its id and receipt
    // token.
    let notify_for = RwSignal::new(None::<(String, String)>);
    Effect::new(move |_| {
        let Some(id) = sent.get() else { return };
        // Its state and receipt token (not the whole item: this runs on every change).
        let found = outbox.items().with(|items| {
            items
                .iter()
                .find(|i| i.comment.id == id)
                .map(|i| (i.state.clone(), i.comment.receipt_token.clone()))
        });
        // Gone (a kiosk keeps nothing received): the last word stays.
        let Some((state, token)) = found else { return };
        status.set(sent_text(t, &state));
        if let (ItemState::Received { .. }, Some(token)) = (&state, token) {
            if notify_offered() && crate::kiosk::use_kiosk().is_none() {
                set_if_changed(notify_for, Some((id, token)));
            }
        }
    });
    // The honeypot: people never see or reach it, bots fill it in (read once, on "Absenden").
    let trap = NodeRef::<leptos::html::Input>::new();

    // Writes what is in the form into the draft (creating it on first content).
    let save_now = move || {
        if let Some(handle) = pending_save.get_value() {
            handle.clear();
            pending_save.set_value(None);
        }
        // A kiosk's reset has begun: what is typed here goes with the page.
        if !dirty.get_value() || crate::kiosk::resetting() {
            return;
        }
        dirty.set_value(false);
        let now = now_ms();
        let mut item = match current.get_untracked().and_then(|id| outbox.get(&id)) {
            Some(item) => item,
            None => {
                if text.get_untracked().trim().is_empty() && name.get_untracked().is_empty() {
                    return;
                }
                let token = Some(new_token()).filter(|t| !t.is_empty());
                let (section_id, version) = written_on.get_value();
                let item = OutboxItem::new_draft_with_receipt(
                    new_uuid(),
                    section_id,
                    version,
                    now_iso(),
                    now,
                    token,
                );
                current.set(Some(item.comment.id.clone()));
                item
            }
        };
        let name = Some(name.get_untracked());
        let description = Some(self_description.get_untracked());
        if item
            .edit(
                text.get_untracked(),
                name,
                description,
                consent.get_untracked(),
                now,
            )
            .is_ok()
        {
            outbox.put(item);
            status.set(t.form_saved.to_owned());
        }
    };
    let changed = move || {
        dirty.set_value(true);
        sent.set(None);
        error.set(None);
        error_field.set(None);
        if let Some(handle) = pending_save.get_value() {
            handle.clear();
        }
        pending_save.set_value(set_timeout_with_handle(save_now, SAVE_DELAY).ok());
    };

    save_when_left(save_now);
    // A save still waiting when the form goes would run after its values are gone (a
    // panic in wasm): it is called off (leaving the page saved already, by `pagehide`).
    on_cleanup(move || {
        if let Some(Some(handle)) = pending_save.try_get_value() {
            handle.clear();
        }
    });

    // Another tab changed this draft: show its text while nothing is typed here. A draft sent
    // or deleted elsewhere (another tab, the list below) ends this form's draft.
    Effect::new(move |_| {
        let Some(id) = current.get() else { return };
        let theirs = outbox
            .items()
            .with(|items| items.iter().find(|i| i.comment.id == id).cloned());
        if dirty.get_value() {
            return;
        }
        match theirs {
            Some(item) if item.is_editable() => {
                // Set only what differs: re-setting an input's value moves its caret.
                let c = item.comment;
                set_if_changed(text, c.text);
                set_if_changed(name, c.name.unwrap_or_default());
                set_if_changed(self_description, c.self_description.unwrap_or_default());
                set_if_changed(consent, c.consent);
            }
            _ => {
                current.set(None);
                text.set(String::new());
                name.set(String::new());
                self_description.set(String::new());
                consent.set(false);
            }
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        dirty.set_value(true);
        save_now();
        let result = match current.get_untracked() {
            Some(id) => {
                let website = trap.get_untracked().map(|i| i.value()).unwrap_or_default();
                outbox.submit(&id, website).inspect(|()| {
                    if let Some(kiosk) = crate::kiosk::use_kiosk() {
                        let token = outbox.get(&id).and_then(|i| i.comment.receipt_token);
                        (kiosk.on_sent)(&id, token.as_deref());
                    }
                })
            }
            None => check_input(&text.get_untracked(), None, consent.get_untracked())
                .map_err(SubmitError::Invalid),
        };
        match result {
            Ok(()) => {
                let id = current.get_untracked();
                current.set(None);
                text.set(String::new());
                status.set(t.form_queued.to_owned());
                notify_for.set(None);
                sent.set(id);
            }
            Err(SubmitError::Invalid(rejection)) => {
                // The message by the field it is about, which takes the focus; the status by
                // the button says that nothing was sent (not "Entwurf gespeichert").
                error_field.set(Some(rejection.field()));
                error.set(Some((t.rejection)(&rejection)));
                status.set(t.form_not_sent.to_owned());
                focus_field(rejection.field());
            }
            Err(SubmitError::NotAllowed) => current.set(None),
        }
    };

    // A draft begun on an earlier version of the section: show what changed before sending.
    let changed_since = move || {
        let section = &section;
        let id = current.get()?;
        let version = outbox.items().with(|items| {
            items
                .iter()
                .find(|i| i.comment.id == id)
                .map(|i| i.comment.section_version)
        })?;
        let old = usize::try_from(version).ok()?.checked_sub(1)?;
        let earlier = section.earlier.get(old)?;
        let latest = section.version();
        // Kept for the version it was begun on, unless the citizen chooses the new one.
        let move_on = move |_| {
            let Some(mut item) = outbox.get(&id) else {
                return;
            };
            if item.move_to_version(latest, now_ms()).is_ok() {
                outbox.put(item);
                status.set(t.changed_since_moved.to_owned());
                // The button goes with the banner: the focus goes on writing.
                focus_field(FormField::Text);
            }
        };
        Some(view! {
            <div class="banner">
                <p>{t.changed_since_draft}</p>
                {crate::pages::diff_view(t, &earlier.text, &section.text)}
                <p>{(t.changed_since_keep)(version)}</p>
                <button type="button" class="button secondary" on:click=move_on>
                    {t.changed_since_move}
                </button>
            </div>
        })
    };
    let form_status = move || {
        outbox
            .notice()
            .map(|n| notice_text(t, &n))
            .unwrap_or_else(|| status.get())
    };
    super::say_changes(form_status);
    let count = move || char_count(&text.get());
    let self_options = section_self_descriptions();
    let strategy = crate::content::use_content();
    let other_ways = (t.form_other_ways)(&strategy.contact, &strategy.town);
    let ios_safari = !is_server() && is_ios_safari();
    // Prerendered (native) HTML carries the form disabled: until the app runs, nothing typed
    // into it could be kept or sent.
    let waiting_for_app = is_server();
    view! {
        <section class="comment-form" aria-labelledby="kommentar-ueberschrift">
            <h2 id="kommentar-ueberschrift">{t.form_heading}</h2>
            {changed_since}
            <noscript>
                <p class="banner">{t.form_noscript}</p>
            </noscript>
            <p class="banner app-failed">{t.form_app_failed}</p>
            <p class="note embed-only">{t.form_embed_storage}</p>
            <form on:submit=on_submit novalidate>
                <fieldset class="plain" disabled=waiting_for_app>
                    <label for="kommentar-text">{t.form_text_label}</label>
                    <textarea
                        id="kommentar-text"
                        name="text"
                        rows="7"
                        aria-describedby=move || described(FormField::Text, "kommentar-zaehler")
                        aria-invalid=move || invalid(FormField::Text).to_string()
                        prop:value=move || text.get()
                        on:input:target=move |ev| {
                            text.set(ev.target().value());
                            changed();
                        }
                        on:blur=move |_| save_now()
                    ></textarea>
                    <p
                        id="kommentar-zaehler"
                        class=move || {
                            if count() > MAX_TEXT_CHARS { "char-count over" } else { "char-count" }
                        }
                    >
                        {move || (t.char_count)(count(), MAX_TEXT_CHARS)}
                    </p>
                    {error_at(FormField::Text)}
                    <label for="kommentar-name">{t.form_name_label}</label>
                    <input
                        id="kommentar-name"
                        name="name"
                        type="text"
                        autocomplete="off"
                        aria-invalid=move || invalid(FormField::Name).to_string()
                        aria-describedby=move || described(FormField::Name, "")
                        prop:value=move || name.get()
                        on:input:target=move |ev| {
                            name.set(ev.target().value());
                            changed();
                        }
                    />
                    {error_at(FormField::Name)}
                    <label for="kommentar-person">{t.form_self_label}</label>
                    <select
                        id="kommentar-person"
                        name="self_description"
                        aria-invalid=move || invalid(FormField::SelfDescription).to_string()
                        aria-describedby=move || described(FormField::SelfDescription, "")
                        prop:value=move || self_description.get()
                        on:change:target=move |ev| {
                            self_description.set(ev.target().value());
                            changed();
                        }
                    >
                        <option value="">{t.form_self_none}</option>
                        {self_options}
                    </select>
                    {error_at(FormField::SelfDescription)}
                    <p class="privacy" id="kommentar-datenschutz">{t.form_privacy}</p>
                    <div class="consent">
                        <input
                            id="kommentar-einwilligung"
                            name="consent"
                            type="checkbox"
                            aria-invalid=move || invalid(FormField::Consent).to_string()
                            aria-describedby=move || described(FormField::Consent, "kommentar-datenschutz")
                            prop:checked=move || consent.get()
                            on:change:target=move |ev| {
                                consent.set(ev.target().checked());
                                changed();
                            }
                        />
                        <label for="kommentar-einwilligung">{t.form_consent_label}</label>
                    </div>
                    {error_at(FormField::Consent)}
                    <div class="trap" aria-hidden="true">
                        <label for="kommentar-website">{t.form_trap_label}</label>
                        <input
                            id="kommentar-website"
                            name="website"
                            type="text"
                            tabindex="-1"
                            autocomplete="off"
                            node_ref=trap
                        />
                    </div>
                    // Safari on iOS deletes a site's storage after seven days without a
                    // visit (not for an installed app): said while a draft is kept.
                    {move || (ios_safari && current.get().is_some())
                        .then(|| view! { <p class="note">{t.form_ios_storage}</p> })}
                    <button type="submit" class="button primary">{t.form_submit}</button>
                    // What became of "Absenden" (and of the draft), said by the button.
                    <p class="form-status">{form_status}</p>
                </fieldset>
            </form>
            // Not inside the comment's form: a form of its own.
            {move || notify_for.get().map(|(id, token)| view! { <NotifyForm id token nested=true /> })}
            <p class="other-ways">{other_ways}</p>
        </section>
    }
}

/// What the form says of the comment it just sent, in `state`.
fn sent_text(t: &crate::i18n::Texts, state: &ItemState) -> String {
    match state {
        ItemState::Draft | ItemState::Queued => t.form_queued.to_owned(),
        ItemState::Sending => t.form_sending.to_owned(),
        ItemState::Received { .. } => t.form_received.to_owned(),
        ItemState::Rejected { reason } => (t.state_rejected)(reason),
        ItemState::Withdrawn => t.state_withdrawn.to_owned(),
    }
}

/// Safari (or any browser: all use WebKit there) on iPhone or iPad, not as an installed app.
fn is_ios_safari() -> bool {
    let navigator = window().navigator();
    let agent = navigator.user_agent().unwrap_or_default();
    let ios = agent.contains("iPhone")
        || agent.contains("iPad")
        || (agent.contains("Macintosh") && navigator.max_touch_points() > 1);
    let installed = window()
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    ios && !installed
}

/// Sets a signal only if the value differs.
pub fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

/// The strategy's self-descriptions as `<option>`s.
fn section_self_descriptions() -> impl IntoView {
    crate::content::use_content()
        .self_descriptions
        .iter()
        // The town's own words: marked German on English pages.
        .map(
            |d| view! { <option value=d.clone() lang=crate::app::town_lang()>{d.clone()}</option> },
        )
        .collect_view()
}

/// Moves the focus to the form's `field`.
fn focus_field(field: FormField) {
    use wasm_bindgen::JsCast;
    let id = match field {
        FormField::Text => "kommentar-text",
        FormField::Name => "kommentar-name",
        FormField::SelfDescription => "kommentar-person",
        FormField::Consent => "kommentar-einwilligung",
    };
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use leptos::prelude::*;
    use mitreden_model::outbox::OutboxItem;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::CommentForm;
    use crate::content::use_content;
    use crate::pages::test_support::{find, mount};

    wasm_bindgen_test_configure!(run_in_browser);

    /// A draft begun on Leitmotiv 2's first version, the section now at its second: the
    /// form shows the change and keeps the draft for version 1 until the citizen moves it.
    #[wasm_bindgen_test]
    async fn a_draft_on_an_older_version_shows_the_change_and_moves_on_request() {
        crate::storage::wipe(|_| false);
        let content = use_content();
        let section = content
            .section_arc("leitmotiv-2")
            .expect("in the test strategy");
        assert_eq!(section.version(), 2);
        let id = "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c";
        let mut draft = OutboxItem::new_draft(
            id.into(),
            "leitmotiv-2".into(),
            1,
            "2026-11-22T10:15:00.000Z".into(),
            1,
        );
        draft
            .edit("Mein Entwurf von früher.".into(), None, None, false, 2)
            .expect("a draft");
        crate::storage::save(&draft).expect("saved");
        let root = mount(move || {
            provide_context(crate::outbox::Outbox::start());
            view! { <CommentForm section=section draft=None /> }
        });
        let button = find(&root, ".banner button").await;
        let text = root.text_content().unwrap_or_default();
        assert!(
            text.contains("zur Fassung 1, zu der Sie ihn begonnen haben"),
            "{text}"
        );
        assert!(
            text.contains("sowie Bildungseinrichtungen"),
            "the change: {text}"
        );
        let stored = |id: &str| {
            crate::storage::load_all()
                .expect("loads")
                .items
                .into_iter()
                .find(|i| i.comment.id == id)
                .map(|i| i.comment.section_version)
        };
        assert_eq!(stored(id), Some(1), "kept for its version until asked");
        button
            .dyn_into::<web_sys::HtmlElement>()
            .expect("a button")
            .click();
        for _ in 0..100 {
            if root
                .query_selector(".banner button")
                .ok()
                .flatten()
                .is_none()
            {
                break;
            }
            crate::task::next_frame().await;
        }
        assert!(root
            .query_selector(".banner button")
            .ok()
            .flatten()
            .is_none());
        assert_eq!(stored(id), Some(2));
        assert!(root
            .text_content()
            .unwrap_or_default()
            .contains("bezieht sich jetzt auf die geänderte Fassung"));
        crate::storage::wipe(|_| false);
    }
}
