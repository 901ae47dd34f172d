//! The application form on the participation page: an outbox item like a comment —
//! drafted as typed, checked, queued, sent once — with the refused field focused.

use leptos::ev::SubmitEvent;
use std::sync::Arc;

use leptos::prelude::*;
use std::collections::BTreeMap;

use crate::app::town_lang;
use crate::clock::{new_uuid, now_iso, now_ms};
use crate::components::{save_when_left, say, say_changes, set_if_changed, SAVE_DELAY};
use crate::i18n::{event_t, t, EventTexts};
use crate::outbox::{notice_text, use_outbox};
use mitreden_model::event::{
    check_application_input, ApplicationField, ApplicationRejection, ContactKind, Event, EventPhase,
};
use mitreden_model::outbox::{ApplicationSubmitError, ItemState, OutboxItem};

use super::participation::{known_phase, EventLoaded};
use super::participation_own::is_editable_for;

/// A rule an application breaks, in the page's words (with the attribute's label).
fn rejection_text(et: &EventTexts, event: &Event, rejection: &ApplicationRejection) -> String {
    let label = match rejection {
        ApplicationRejection::Attribute(id) => event
            .attribute(id)
            .map_or(id.as_str(), |a| a.label.as_str()),
        _ => "",
    };
    (et.rejection)(rejection, label)
}

/// The id of the form's control for `field` (none for the whole application).
fn field_id(field: &ApplicationField) -> Option<String> {
    Some(match field {
        ApplicationField::Name => "bewerbung-name".into(),
        ApplicationField::Contact => "bewerbung-kontakt".into(),
        ApplicationField::Attribute(id) => format!("bewerbung-merkmal-{id}"),
        ApplicationField::Consent => "bewerbung-einwilligung".into(),
        ApplicationField::Whole => return None,
    })
}

/// The application form (while applications are open, or while that is not known): name,
/// how to be invited, the event's attributes and consent. Typing saves the draft in the
/// outbox; "Bewerbung absenden" queues it after the event's rules, or focuses the field a
/// rule is about, with the reason as its description.
#[component]
pub fn ApplicationForm(event: Arc<Event>, state: EventLoaded) -> impl IntoView {
    let t = t();
    let et = event_t();
    let delete_contacts_after = event.delete_contacts_after.clone();
    let attribute_list = event.attributes.clone();
    // For the closures below, which live as long as this form.
    let event = StoredValue::new(event);
    let outbox = use_outbox();
    let current = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(ContactKind::Email);
    let contact = RwSignal::new(String::new());
    let attributes = RwSignal::new(BTreeMap::<String, String>::new());
    let consent = RwSignal::new(false);
    let dirty = StoredValue::new(false);
    let pending_save = StoredValue::new(None::<TimeoutHandle>);
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let error_field = RwSignal::new(None::<ApplicationField>);
    let invalid = move |field: &ApplicationField| error_field.with(|e| e.as_ref() == Some(field));
    let described = move |field: &ApplicationField, own: &str| {
        if invalid(field) {
            format!("{own} bewerbung-fehler").trim_start().to_owned()
        } else {
            own.to_owned()
        }
    };
    let typed_nothing = move || {
        name.with_untracked(String::is_empty)
            && contact.with_untracked(String::is_empty)
            && attributes.with_untracked(BTreeMap::is_empty)
            && !consent.get_untracked()
    };
    // An item in the form: what it holds, and why the server refused it, if it did.
    let show = move |item: &OutboxItem| {
        let Some(a) = &item.application else { return };
        set_if_changed(name, a.name.clone());
        set_if_changed(kind, a.contact_kind);
        set_if_changed(contact, a.contact.clone());
        set_if_changed(attributes, a.attributes.clone());
        set_if_changed(consent, a.consent);
        if let ItemState::Rejected { reason } = &item.state {
            set_if_changed(error, Some(reason.clone()));
            let field = event
                .with_value(|event| check_application_input(a, event))
                .err()
                .map(|r| r.field());
            set_if_changed(error_field, field);
        }
    };
    let clear = move || {
        name.set(String::new());
        contact.set(String::new());
        attributes.set(BTreeMap::new());
        consent.set(false);
    };
    // The newest application for this event still being written continues here.
    let newest_editable = move |items: &Vec<OutboxItem>| {
        items
            .iter()
            .filter(|i| event.with_value(|event| is_editable_for(i, event)))
            .max_by_key(|i| i.updated_ms)
            .cloned()
    };
    if let Some(item) = outbox.items().with_untracked(newest_editable) {
        current.set(Some(item.comment.id.clone()));
        show(&item);
    }

    // Writes the form into the draft (created on the first change).
    let save_now = move || {
        if let Some(handle) = pending_save.get_value() {
            handle.clear();
            pending_save.set_value(None);
        }
        if !dirty.get_value() || crate::kiosk::resetting() {
            return;
        }
        dirty.set_value(false);
        let now = now_ms();
        let mut item = match current.get_untracked().and_then(|id| outbox.get(&id)) {
            Some(item) => item,
            None if typed_nothing() => return,
            None => {
                let event_id = event.with_value(|e| e.id.clone());
                let item = OutboxItem::new_application(new_uuid(), event_id, now_iso(), now);
                current.set(Some(item.comment.id.clone()));
                item
            }
        };
        let (n, k, c, a, ok) = (
            name.get_untracked(),
            kind.get_untracked(),
            contact.get_untracked(),
            attributes.get_untracked(),
            consent.get_untracked(),
        );
        let edited = item.edit_application(
            move |app| {
                app.name = n;
                app.contact_kind = k;
                app.contact = c;
                app.attributes = a;
                app.consent = ok;
            },
            now,
        );
        if edited.is_ok() {
            outbox.put(item);
            status.set(t.form_saved.to_owned());
        }
    };
    let changed = move || {
        dirty.set_value(true);
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

    // Another tab changed this draft, or it was sent or deleted elsewhere; with nothing in
    // the form, an application the server refused comes back to it, to be fixed.
    let adopted = StoredValue::new(false);
    Effect::new(move |_| {
        let id = current.get();
        let mine = id.as_ref().and_then(|id| outbox.get(id));
        let newest = outbox.items().with(newest_editable);
        if dirty.get_value() {
            return;
        }
        match (id, mine) {
            (Some(_), Some(item)) if item.is_editable() => show(&item),
            (Some(_), _) => {
                current.set(None);
                clear();
            }
            (None, _) => {
                if let Some(item) = newest.filter(|_| typed_nothing()) {
                    current.set(Some(item.comment.id.clone()));
                    if let (ItemState::Rejected { reason }, true) =
                        (&item.state, adopted.get_value())
                    {
                        say(reason);
                    }
                }
            }
        }
        adopted.set_value(true);
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        dirty.set_value(true);
        save_now();
        let result = match current.get_untracked() {
            Some(id) => event.with_value(|event| outbox.submit_application(&id, event)),
            // Nothing entered: the first rule is the name.
            None => Err(ApplicationSubmitError::Invalid(
                ApplicationRejection::EmptyName,
            )),
        };
        match result {
            Ok(()) => {
                current.set(None);
                clear();
                status.set(et.queued.to_owned());
            }
            Err(ApplicationSubmitError::Invalid(rejection)) => {
                // The message as the field's description, and the focus on that field.
                let field = rejection.field();
                let text = event.with_value(|event| rejection_text(et, event, &rejection));
                error.set(Some(text.clone()));
                match field_id(&field) {
                    Some(id) => focus(&id),
                    None => say(&text),
                }
                error_field.set(Some(field));
            }
            Err(ApplicationSubmitError::NotAllowed) => current.set(None),
        }
    };

    let form_status = move || {
        outbox
            .notice()
            .map(|n| notice_text(t, &n))
            .unwrap_or_else(|| status.get())
    };
    say_changes(form_status);
    let open = move || known_phase(state).is_none_or(|p| p == EventPhase::Open);
    let lang = town_lang();
    let kinds = ContactKind::ALL
        .into_iter()
        .map(|k| {
            let id = format!("kontaktart-{}", k.key());
            view! {
                <div class="consent">
                    <input type="radio" id=id.clone() name="kontaktart" value=k.key()
                        prop:checked=move || kind.get() == k
                        on:change=move |_| {
                            kind.set(k);
                            changed();
                        } />
                    <label for=id>{(et.contact_kind)(k)}</label>
                </div>
            }
        })
        .collect_view();
    let selects = attribute_list
        .iter()
        .map(|a| {
            let id = format!("bewerbung-merkmal-{}", a.id);
            let field = ApplicationField::Attribute(a.id.clone());
            let field2 = field.clone();
            let (key, key2) = (a.id.clone(), a.id.clone());
            let chosen = move || attributes.with(|m| m.get(&key).cloned().unwrap_or_default());
            let none_chosen = chosen.clone();
            let options = a
                .values
                .iter()
                .map(|v| {
                    let value = v.clone();
                    let chosen = chosen.clone();
                    // The property (the attribute only sets the default once chosen).
                    view! {
                        <option value=v.clone() prop:selected=move || chosen() == value>
                            {v.clone()}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label for=id.clone() lang=lang>{a.label.clone()}</label>
                <select id=id lang=lang
                    aria-invalid=move || invalid(&field).to_string()
                    aria-describedby=move || described(&field2, "")
                    on:change:target=move |ev| {
                        let value = ev.target().value();
                        attributes.update(|m| {
                            if value.is_empty() {
                                m.remove(&key2);
                            } else {
                                m.insert(key2.clone(), value);
                            }
                        });
                        changed();
                    }>
                    <option value="" prop:selected=move || none_chosen().is_empty()>
                        {et.choose}
                    </option>
                    {options}
                </select>
            }
        })
        .collect_view();
    let consent_label = (et.consent_label)(&(et.day)(&delete_contacts_after));
    view! {
        <section class="comment-form" aria-labelledby="bewerbung-ueberschrift" hidden=move || !open()>
            <h2 id="bewerbung-ueberschrift">{et.form_heading}</h2>
            <form on:submit=on_submit novalidate>
                <fieldset class="plain" disabled=is_server()>
                    <label for="bewerbung-name">{et.name_label}</label>
                    <input id="bewerbung-name" name="name" type="text" autocomplete="name"
                        aria-invalid=move || invalid(&ApplicationField::Name).to_string()
                        aria-describedby=move || described(&ApplicationField::Name, "")
                        prop:value=move || name.get()
                        on:input:target=move |ev| {
                            name.set(ev.target().value());
                            changed();
                        } />
                    <fieldset class="plain">
                        <legend>{et.contact_kind_legend}</legend>
                        {kinds}
                    </fieldset>
                    <label for="bewerbung-kontakt">{et.contact_label}</label>
                    <p id="bewerbung-kontakt-hinweis" class="note">
                        {move || (et.contact_hint)(kind.get())}
                    </p>
                    <input id="bewerbung-kontakt" name="contact" type="text"
                        autocomplete=move || match kind.get() {
                            ContactKind::Email => "email",
                            ContactKind::Post => "street-address",
                            ContactKind::Phone => "tel",
                        }
                        inputmode=move || match kind.get() {
                            ContactKind::Email => "email",
                            ContactKind::Post => "text",
                            ContactKind::Phone => "tel",
                        }
                        aria-invalid=move || invalid(&ApplicationField::Contact).to_string()
                        aria-describedby=move || described(&ApplicationField::Contact, "bewerbung-kontakt-hinweis")
                        prop:value=move || contact.get()
                        on:input:target=move |ev| {
                            contact.set(ev.target().value());
                            changed();
                        } />
                    {selects}
                    <p class="privacy" id="bewerbung-datenschutz">{et.privacy}</p>
                    <div class="consent">
                        <input id="bewerbung-einwilligung" name="consent" type="checkbox"
                            aria-invalid=move || invalid(&ApplicationField::Consent).to_string()
                            aria-describedby=move || described(&ApplicationField::Consent, "bewerbung-datenschutz")
                            prop:checked=move || consent.get()
                            on:change:target=move |ev| {
                                consent.set(ev.target().checked());
                                changed();
                            } />
                        <label for="bewerbung-einwilligung">{consent_label}</label>
                    </div>
                    // Said by the field it is about (its description), which takes the focus.
                    <p id="bewerbung-fehler" class="form-error">{move || error.get()}</p>
                    <button type="submit" class="button primary">{et.submit}</button>
                </fieldset>
            </form>
            <p class="form-status">{form_status}</p>
        </section>
    }
}

/// Moves the focus to the element `id`.
pub(super) fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
