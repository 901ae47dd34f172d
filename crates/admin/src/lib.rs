//! `/verwaltung`: the administration — an app of its own, with its own bundle
//! (`main.rs`) and crate, so citizens never download the staff's code: the citizens' app
//! (`mitreden`) cannot name this crate; this one uses its shell, language, storage and
//! requests.
//!
//! # Layout
//! - this module: the app around it, sign-in, and the page that puts the parts together.
//! - [`queue`] and [`detail`]: the workplace — the list with filters and bulk actions, the
//!   chosen comment with its answer form and history; [`keys`]: its keyboard.
//! - [`templates`]: answer templates. [`event`] (with [`event_texts`]): the participation
//!   event — counts, commit, draw, invitees. [`kiosk`]: kiosks and a kiosk's set-up.
//! - [`strategy`]: the strategy's versions; a file read into a preview and stored as a
//!   draft; publishing. [`editor`]: a section's text, its renderings and the comments that
//!   led to it. [`settings`]: the settings and the event's texts and terms, with
//!   [`event_terms`]: its attributes and quotas.
//! - [`accounts`]: staff accounts and one's own password.
//! - [`texts`]: every word the administration shows, German and English.
//! - [`http`]: the typed client of the admin endpoints, over `mitreden::http`.

#![recursion_limit = "256"]

mod accounts;
mod detail;
mod digest;
mod editor;
mod event;
mod event_terms;
mod event_texts;
mod http;
mod keys;
mod kiosk;
mod queue;
mod settings;
mod strategy;
mod templates;
pub(crate) mod texts;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::api::LoginInput;
use mitreden_model::moderation::StaffRole;

use mitreden::app::{set_page_title, PageHeading};
use mitreden::i18n::t;
use texts::admin_t;

/// The administration's app: its own bundle, mounted at `/verwaltung/`.
#[component]
pub fn AdminApp() -> impl IntoView {
    use mitreden::i18n::Locale;
    // The language chosen on this device (on any page), else the browser's first of German
    // and English.
    let browser = window().navigator().languages();
    let locale = mitreden::storage::language()
        .and_then(|tag| Locale::from_tag(&tag))
        .or_else(|| {
            browser
                .iter()
                .filter_map(|l| l.as_string())
                .find_map(|l| Locale::from_tag(&l))
        })
        .unwrap_or_default();
    provide_context(locale);
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", locale.tag());
    }
    let other = Locale::ALL
        .into_iter()
        .find(|l| *l != locale)
        .unwrap_or_default();
    let switch = move |_| {
        mitreden::storage::set_language(other.tag());
        let _ = window().location().reload();
    };
    kiosk::sign_out_when_idle();
    let t = t();
    let s = mitreden::content::provide_content();
    view! {
        <leptos_router::components::Router>
            <div class="app" style=format!("--accent: {}", s.theme_color)>
                <header class="site-header">
                    <nav aria-label=t.nav_label>
                        <a href="/" class="brand" rel="external">
                            <span class="brand-town">{s.town.clone()}</span>
                            <span class="brand-app">{t.app_name}</span>
                        </a>
                        <button type="button" class="nav-link lang-switch" lang=other.tag()
                            on:click=switch>{other.name()}</button>
                    </nav>
                </header>
                <main id="inhalt" tabindex="-1">
                    {if window().location().pathname().ok().as_deref()
                        == Some(mitreden_model::kiosk::SETUP_PATH)
                    {
                        view! { <kiosk::KioskSetup /> }.into_any()
                    } else {
                        view! { <AdminPage /> }.into_any()
                    }}
                </main>
            </div>
        </leptos_router::components::Router>
    }
}

/// `/verwaltung/`: sign-in, then the queue.
#[component]
pub fn AdminPage() -> impl IntoView {
    let a = texts::admin_t();
    Effect::new(move |_| set_page_title(admin_t().admin_heading));
    let signed_in = RwSignal::new(None::<bool>);
    // What the account may do: the forms only the role "Verwaltung" may use are shown only
    // to it (the server refuses them to anyone else anyway).
    let role = RwSignal::new(None::<StaffRole>);
    spawn_local(async move {
        let me = http::admin_me().await;
        role.set(me.as_ref().ok().map(|m| m.role));
        signed_in.set(Some(me.is_ok()));
    });
    view! {
        <article class="admin">
            <PageHeading>{admin_t().admin_heading}</PageHeading>
            {move || match signed_in.get() {
                None => None,
                Some(false) => Some(view! { <LoginForm signed_in=signed_in role=role /> }.into_any()),
                // The templates are loaded once signed in (before, the server says 401).
                Some(true) => Some({
                    let templates = templates::TemplateList::provide();
                    let manages = role.get_untracked().is_some_and(StaffRole::manages);
                    view! {
                    <queue::Queue signed_in=signed_in />
                    <event::EventPanel manages=manages />
                    <templates::Templates list=templates />
                    <kiosk::Kiosks manages=manages />
                    <strategy::StrategyVersions manages=manages />
                    <accounts::Accounts manages=manages />
                    <section class="admin-export" aria-labelledby="export-titel">
                        <h2 id="export-titel">{admin_t().admin_export}</h2>
                        <p>{admin_t().admin_export_text}</p>
                        <ul>
                            <li><a href="/api/v1/admin/export-excel.csv" rel="external" download>{admin_t().admin_export_excel}</a></li>
                            <li><a href="/api/v1/admin/export.csv" rel="external" download>{admin_t().admin_export_csv}</a></li>
                            <li><a href="/api/v1/admin/export-history.csv" rel="external" download>{admin_t().admin_export_history}</a></li>
                            <li><a href="/api/v1/admin/export.json" rel="external" download>{admin_t().admin_export_json}</a></li>
                            <li><a href="/api/v1/open-data/comments.csv" rel="external" download>{admin_t().admin_open_data}</a></li>
                        </ul>
                    </section>
                    <section class="admin-results" aria-labelledby="ergebnisse-titel">
                        <h2 id="ergebnisse-titel">{a.results}</h2>
                        <ul>
                            <li><a href="/bericht" rel="external">{a.report_link}</a></li>
                            <li><a href="/zahlen" rel="external">{a.figures_link}</a></li>
                            <li><a href="/druckfassung" rel="external">{a.print_link}</a></li>
                        </ul>
                    </section>
                    }.into_any()
                }),
            }}
        </article>
    }
}

#[component]
fn LoginForm(
    signed_in: RwSignal<Option<bool>>,
    role: RwSignal<Option<StaffRole>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = LoginInput {
            name: name.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match http::admin_login(&body).await {
                Ok(me) => {
                    role.set(Some(me.role));
                    signed_in.set(Some(true));
                    // The form is gone with the focus in it: the page's heading takes it,
                    // and Tab goes on into the workplace.
                    request_animation_frame(|| {
                        if let Some(h1) = document()
                            .query_selector("main h1")
                            .ok()
                            .flatten()
                            .and_then(|h| {
                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok()
                            })
                        {
                            let _ = h1.focus();
                        }
                    });
                }
                Err(reason) => error.set(reason),
            }
        });
    };
    view! {
        <form class="admin-form" on:submit=submit>
            <label for="anmeldung-name">{admin_t().admin_name}</label>
            <input id="anmeldung-name" type="text" autocomplete="username"
                on:input:target=move |ev| name.set(ev.target().value()) />
            <label for="anmeldung-passwort">{admin_t().admin_password}</label>
            <input id="anmeldung-passwort" type="password" autocomplete="current-password"
                on:input:target=move |ev| password.set(ev.target().value()) />
            <p class="form-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="button primary">{admin_t().admin_sign_in}</button>
        </form>
    }
}
