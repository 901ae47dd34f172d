//! The strategy's settings and texts besides its sections, edited in the administration
//! (issue 22, item 2): town, title, where the text stands, invitation, introduction,
//! colour, source, how to take part without the app, licence, the self-descriptions
//! offered, the last day and the page in Leichte Sprache. Saved as the next draft; the
//! server checks it as every strategy file and names the field and the reason, and the
//! form marks that field. The role "Moderation" reads only.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::settings::StrategySettings;

use super::texts::admin_t;
use crate::http;

/// One field of the form: its key in the strategy file (the server's messages name it),
/// its label's index in [`super::texts::AdminTexts::settings_labels`], how many lines it
/// takes (1: a line of text), and how it is read from and written to the settings.
struct Field {
    key: &'static str,
    rows: u32,
    get: fn(&StrategySettings) -> String,
    set: fn(&mut StrategySettings, String),
}

/// Every field, in the form's order. A key that is the start of another comes after it
/// (`licence_url` before `licence`): a message is matched to the first key it names.
const FIELDS: [Field; 13] = [
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

/// The field a refusal names, if any.
fn named_in(message: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .map(|f| f.key)
        .find(|k| message.starts_with(k) || message.contains(&format!(" {k}")))
}

/// The settings form; `on_saved` runs after each stored draft, `stored` changes with each
/// version stored or published in the administration (the form loads the newest anew,
/// unless something is typed in it).
#[component]
pub fn SettingsEditor(
    manages: bool,
    on_saved: Callback<()>,
    stored: ReadSignal<u32>,
) -> impl IntoView {
    let a = admin_t();
    let form = RwSignal::new(None::<StrategySettings>);
    // As loaded: a form that still equals it has nothing typed in it.
    let loaded = RwSignal::new(None::<StrategySettings>);
    let said = RwSignal::new(String::new());
    // The field the last refusal named: marked, and focused.
    let invalid = RwSignal::new(None::<&'static str>);
    let reload = move || {
        spawn_local(async move {
            if let Ok(settings) = http::admin_strategy_settings().await {
                loaded.set(Some(settings.clone()));
                form.set(Some(settings));
            }
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
            if let Some(el) = document().get_element_by_id(&format!("einstellung-{key}")) {
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
            match http::admin_strategy_save_settings(&settings).await {
                Ok(n) => {
                    said.set((a.strategy_stored)(n));
                    on_saved.run(());
                    reload();
                }
                Err((reason, _)) => {
                    let field = named_in(&reason);
                    let label = field
                        .and_then(|k| FIELDS.iter().position(|f| f.key == k))
                        .map(|i| a.settings_labels[i]);
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
            FIELDS
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let id = format!("einstellung-{}", f.key);
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
                                aria-describedby=move || wrong().then_some("einstellungen-status")
                                on:input:target=move |ev| write(ev.target().value())></textarea>
                        }
                        .into_any()
                    } else {
                        view! {
                            <input id=id.clone() type="text" prop:value=value disabled=!manages
                                aria-invalid=move || wrong().then_some("true")
                                aria-describedby=move || wrong().then_some("einstellungen-status")
                                on:input:target=move |ev| write(ev.target().value()) />
                        }
                        .into_any()
                    };
                    view! {
                        <label for=id>{a.settings_labels[i]}</label>
                        {input}
                    }
                })
                .collect_view()
        })
    };
    let preview = move || {
        form.get().map(|s| {
            let href = http::admin_page_preview(s.based_on, "/");
            view! { <p><a href=href target="_blank" rel="noopener">{a.start_preview}</a></p> }
        })
    };
    view! {
        <section class="admin-settings" aria-labelledby="einstellungen-titel">
            <h2 id="einstellungen-titel">{a.settings_heading}</h2>
            <p>{a.settings_intro}</p>
            <form class="admin-form" on:submit=save>
                {fields}
                {manages.then(|| view! {
                    <button type="submit" class="button primary">{a.strategy_store}</button>
                })}
            </form>
            {(!manages).then(|| view! { <p>{a.manages_only}</p> })}
            <p role="status" class="form-status" id="einstellungen-status">{move || said.get()}</p>
            {preview}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_matched_to_the_field_it_names() {
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
