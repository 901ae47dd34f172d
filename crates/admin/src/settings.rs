//! The strategy's settings and texts besides its sections, edited in the administration
//! (issue 22, item 2): town, title, where the text stands, invitation, introduction,
//! colour, source, how to take part without the app, licence, the self-descriptions
//! offered, the last day and the page in Leichte Sprache. Saved as the next draft; the
//! server checks it as every strategy file and names the field and the reason, and the
//! form marks that field. The participation event's texts and terms are a second form of
//! the same kind (`EventSettings`), with the attributes and quotas below its fields
//! (`event_terms`).
//! The role "Moderation" reads only.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::event_settings::EventSettings;
use mitreden_model::settings::StrategySettings;

use super::texts::{admin_t, AdminTexts};
use crate::http;

/// One field of a form: its key in the strategy file (the server's messages name it), how
/// many lines it takes (1: a line of text), and how it is read from and written to `T`.
/// Its label has the same place in the form's labels.
struct Field<T> {
    key: &'static str,
    rows: u32,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
}

/// A form of fields the server stores as the next draft.
trait FieldsForm: Clone + PartialEq + Send + Sync + 'static {
    /// Its fields, in order.
    const FIELDS: &'static [Field<Self>];
    /// The start of its fields' ids, and the id of its status message.
    const ID: &'static str;
    /// Its labels, in the fields' order; its heading and intro.
    fn texts(a: &'static AdminTexts) -> (&'static [&'static str], &'static str, &'static str);
    /// The stored version it was loaded from.
    fn based_on(&self) -> i64;
    /// Loads it (`None`: there is none to edit).
    fn load() -> impl std::future::Future<Output = Option<Self>>;
    /// Saves it: the version stored, or the refusal.
    fn save(&self) -> impl std::future::Future<Output = Result<i64, (String, Option<String>)>>;
    /// What the form has below its fields.
    fn more(_form: RwSignal<Option<Self>>, _manages: bool) -> AnyView {
        ().into_any()
    }
}

impl FieldsForm for StrategySettings {
    const FIELDS: &'static [Field<Self>] = &SETTINGS;
    const ID: &'static str = "einstellung";
    fn texts(a: &'static AdminTexts) -> (&'static [&'static str], &'static str, &'static str) {
        (&a.settings_labels, a.settings_heading, a.settings_intro)
    }
    fn based_on(&self) -> i64 {
        self.based_on
    }
    async fn load() -> Option<Self> {
        http::admin_strategy_settings().await.ok()
    }
    async fn save(&self) -> Result<i64, (String, Option<String>)> {
        http::admin_strategy_save_settings(self).await
    }
}

impl FieldsForm for EventSettings {
    const FIELDS: &'static [Field<Self>] = &EVENT;
    const ID: &'static str = "veranstaltung-aendern";
    fn texts(a: &'static AdminTexts) -> (&'static [&'static str], &'static str, &'static str) {
        (&a.event_labels, a.event_heading, a.event_intro)
    }
    fn based_on(&self) -> i64 {
        self.based_on
    }
    async fn load() -> Option<Self> {
        http::admin_strategy_event().await.ok()
    }
    async fn save(&self) -> Result<i64, (String, Option<String>)> {
        http::admin_strategy_save_event(self).await
    }
    fn more(form: RwSignal<Option<Self>>, manages: bool) -> AnyView {
        super::event_terms::attributes_editor(form, manages)
    }
}

/// The event's fields, in the form's order.
const EVENT: [Field<EventSettings>; 9] = [
    Field {
        key: "title",
        rows: 1,
        get: |e| e.title.clone(),
        set: |e, v| e.title = v,
    },
    Field {
        key: "text",
        rows: 6,
        get: |e| e.text.clone(),
        set: |e, v| e.text = v,
    },
    Field {
        key: "place",
        rows: 1,
        get: |e| e.place.clone(),
        set: |e, v| e.place = v,
    },
    Field {
        key: "date",
        rows: 1,
        get: |e| e.date.clone(),
        set: |e, v| e.date = v,
    },
    Field {
        key: "seats",
        rows: 1,
        get: |e| e.seats.clone(),
        set: |e, v| e.seats = v,
    },
    Field {
        key: "applications_open",
        rows: 1,
        get: |e| e.applications_open.clone(),
        set: |e, v| e.applications_open = v,
    },
    Field {
        key: "applications_close",
        rows: 1,
        get: |e| e.applications_close.clone(),
        set: |e, v| e.applications_close = v,
    },
    Field {
        key: "delete_contacts_after",
        rows: 1,
        get: |e| e.delete_contacts_after.clone(),
        set: |e, v| e.delete_contacts_after = v,
    },
    Field {
        key: "public_randomness",
        rows: 2,
        get: |e| e.public_randomness.clone(),
        set: |e, v| e.public_randomness = v,
    },
];

/// Every field, in the form's order. A key that is the start of another comes after it
/// (`licence_url` before `licence`): a message is matched to the first key it names.
const SETTINGS: [Field<StrategySettings>; 13] = [
    Field {
        key: "town",
        rows: 1,
        get: |s| s.town.clone(),
        set: |s, v| s.town = v,
    },
    Field {
        key: "title",
        rows: 1,
        get: |s| s.title.clone(),
        set: |s, v| s.title = v,
    },
    Field {
        key: "status",
        rows: 1,
        get: |s| s.status.clone(),
        set: |s, v| s.status = v,
    },
    Field {
        key: "invitation",
        rows: 3,
        get: |s| s.invitation.clone(),
        set: |s, v| s.invitation = v,
    },
    Field {
        key: "introduction",
        rows: 8,
        get: |s| s.introduction.clone(),
        set: |s, v| s.introduction = v,
    },
    Field {
        key: "theme_color",
        rows: 1,
        get: |s| s.theme_color.clone(),
        set: |s, v| s.theme_color = v,
    },
    Field {
        key: "source",
        rows: 1,
        get: |s| s.source.clone(),
        set: |s, v| s.source = v,
    },
    Field {
        key: "contact",
        rows: 3,
        get: |s| s.contact.clone(),
        set: |s, v| s.contact = v,
    },
    Field {
        key: "licence_url",
        rows: 1,
        get: |s| s.licence_url.clone(),
        set: |s, v| s.licence_url = v,
    },
    Field {
        key: "licence",
        rows: 1,
        get: |s| s.licence.clone(),
        set: |s, v| s.licence = v,
    },
    Field {
        key: "self_descriptions",
        rows: 4,
        get: |s| s.self_descriptions.join("\n"),
        set: |s, v| s.self_descriptions = v.lines().map(str::to_owned).collect(),
    },
    Field {
        key: "participation_ends",
        rows: 1,
        get: |s| s.participation_ends.clone().unwrap_or_default(),
        set: |s, v| s.participation_ends = Some(v),
    },
    Field {
        key: "leichte_sprache_page",
        rows: 8,
        get: |s| s.leichte_sprache_page.clone(),
        set: |s, v| s.leichte_sprache_page = v,
    },
];

/// The field of `fields` a refusal names, if any.
fn named_in<T>(fields: &'static [Field<T>], message: &str) -> Option<&'static str> {
    fields.iter().map(|f| f.key).find(|k| {
        message.starts_with(k)
            || message.contains(&format!(" {k}"))
            || message.contains(&format!(".{k}"))
    })
}

/// The settings form.
#[component]
pub fn SettingsEditor(
    manages: bool,
    on_saved: Callback<()>,
    stored: ReadSignal<u32>,
) -> impl IntoView {
    fields_editor::<StrategySettings>(manages, on_saved, stored)
}

/// The event's form (nothing where the newest version announces no event).
#[component]
pub fn EventEditor(
    manages: bool,
    on_saved: Callback<()>,
    stored: ReadSignal<u32>,
) -> impl IntoView {
    fields_editor::<EventSettings>(manages, on_saved, stored)
}

/// A form of fields; `on_saved` runs after each stored draft, `stored` changes with each
/// version stored or published in the administration (the form loads the newest anew,
/// unless something is typed in it).
fn fields_editor<T: FieldsForm>(
    manages: bool,
    on_saved: Callback<()>,
    stored: ReadSignal<u32>,
) -> impl IntoView {
    let a = admin_t();
    let (labels, heading, intro) = T::texts(a);
    let form = RwSignal::new(None::<T>);
    // As loaded: a form that still equals it has nothing typed in it.
    let loaded = RwSignal::new(None::<T>);
    let said = RwSignal::new(String::new());
    // The field the last refusal named: marked, and focused.
    let invalid = RwSignal::new(None::<&'static str>);
    let reload = move || {
        spawn_local(async move {
            let got = T::load().await;
            loaded.set(got.clone());
            form.set(got);
        });
    };
    reload();
    Effect::watch(
        move || stored.get(),
        move |_, _, _| {
            if form.get_untracked() == loaded.get_untracked() {
                reload();
            }
        },
        false,
    );
    Effect::new(move |_| {
        if let Some(key) = invalid.get() {
            if let Some(el) = document().get_element_by_id(&format!("{}-{key}", T::ID)) {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
            }
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(settings) = form.get_untracked() else {
            return;
        };
        said.set(a.editor_saving.to_owned());
        invalid.set(None);
        spawn_local(async move {
            match settings.save().await {
                Ok(n) => {
                    said.set((a.strategy_stored)(n));
                    on_saved.run(());
                    reload();
                }
                Err((reason, _)) => {
                    let field = named_in(T::FIELDS, &reason);
                    let label = field
                        .and_then(|k| T::FIELDS.iter().position(|f| f.key == k))
                        .and_then(|i| labels.get(i));
                    said.set(match label {
                        Some(label) => format!("{label}: {reason}"),
                        None => reason,
                    });
                    invalid.set(field);
                }
            }
        });
    };
    let fields = move || {
        form.with(|loaded| loaded.is_some()).then(|| {
            T::FIELDS
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let id = format!("{}-{}", T::ID, f.key);
                    let value = move || form.with(|s| s.as_ref().map(f.get).unwrap_or_default());
                    let write = move |v: String| {
                        form.update(|s| {
                            if let Some(s) = s {
                                (f.set)(s, v)
                            }
                        })
                    };
                    let wrong = move || invalid.get() == Some(f.key);
                    let input = if f.rows > 1 {
                        view! {
                            <textarea id=id.clone() rows=f.rows prop:value=value disabled=!manages
                                aria-invalid=move || wrong().then_some("true")
                                aria-describedby=move || wrong().then(|| format!("{}-status", T::ID))
                                on:input:target=move |ev| write(ev.target().value())></textarea>
                        }
                        .into_any()
                    } else {
                        view! {
                            <input id=id.clone() type="text" prop:value=value disabled=!manages
                                aria-invalid=move || wrong().then_some("true")
                                aria-describedby=move || wrong().then(|| format!("{}-status", T::ID))
                                on:input:target=move |ev| write(ev.target().value()) />
                        }
                        .into_any()
                    };
                    view! {
                        <label for=id>{labels.get(i).copied().unwrap_or_default()}</label>
                        {input}
                    }
                })
                .collect_view()
        })
    };
    let preview = move || {
        form.get().map(|s| {
            let href = http::admin_page_preview(s.based_on(), "/");
            view! { <p><a href=href target="_blank" rel="noopener">{a.start_preview}</a></p> }
        })
    };
    let title_id = format!("{}-titel", T::ID);
    let shown = move || form.with(Option::is_some);
    view! {
        <Show when=shown>
        <section class="admin-settings" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{heading}</h2>
            <p>{intro}</p>
            <form class="admin-form" on:submit=save>
                {fields}
                {T::more(form, manages)}
                {manages.then(|| view! {
                    <button type="submit" class="button primary">{a.strategy_store}</button>
                })}
            </form>
            {(!manages).then(|| view! { <p>{a.manages_only}</p> })}
            <p role="status" class="form-status" id=format!("{}-status", T::ID)>{move || said.get()}</p>
            {preview}
        </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_matched_to_the_field_it_names() {
        let named_in = |m: &str| named_in(&SETTINGS, m);
        assert_eq!(
            named_in("theme_color \"blau\" ist keine Farbe der Form #rrggbb"),
            Some("theme_color")
        );
        assert_eq!(
            named_in("licence_url ist länger als 100000 Zeichen"),
            Some("licence_url")
        );
        assert_eq!(named_in("licence ist leer"), Some("licence"));
        assert_eq!(named_in("Titel und Text sind unverändert."), None);
    }
}
