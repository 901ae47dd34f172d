//! The app shell: routes, skip link, header, footer, and what happens on every navigation
//! ([`PageHeading`] takes the focus, so screen-reader and keyboard users land there).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::components::{SyncStatus, UpdateBanner};
use crate::content::strategy;
use crate::i18n::{t, Locale};
use crate::outbox::Outbox;
use crate::pages::{MyItemsPage, NotFound, ReceiptPage, SectionPage, StartPage};

/// The whole app. `main.rs` mounts it; tests mount it too.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Locale::default());
    provide_context(crate::sw::ServiceWorker::register());
    provide_context(Outbox::start());
    let t = t();
    let s = strategy();
    set_theme_colour(&s.theme_color);
    view! {
        <Router>
            <div class="app" style=format!("--accent: {}", s.theme_color)>
                <a class="skip-link" href="#inhalt" on:click=skip_to_content>{t.skip_link}</a>
                <header class="site-header">
                    <nav aria-label=t.nav_label>
                        <A href="/" attr:class="brand">
                            <span class="brand-town">{s.town.clone()}</span>
                            <span class="brand-app">{t.app_name}</span>
                        </A>
                        <A href="/" attr:class="nav-link">{t.overview}</A>
                        <A href="/meine-beitraege" attr:class="nav-link">{t.my_items}</A>
                    </nav>
                    <SyncStatus />
                </header>
                <UpdateBanner />
                <main id="inhalt" tabindex="-1">
                    <RememberEntry>
                        <Routes fallback=NotFound>
                            <Route path=path!("/") view=StartPage />
                            <Route path=path!("/abschnitt/:id") view=SectionPage />
                            <Route path=path!("/meine-beitraege") view=MyItemsPage />
                            <Route path=path!("/beitrag/:id") view=ReceiptPage />
                        </Routes>
                    </RememberEntry>
                </main>
                <footer class="site-footer">
                    <p>{t.source_label} " " {s.source.clone()}</p>
                    <p>{t.privacy_note} " " <a href="/verwaltung/" rel="external">{t.admin_link}</a></p>
                </footer>
            </div>
        </Router>
    }
}

/// The skip link moves focus itself: the router must not treat `#inhalt` as a navigation.
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    focus_selector("#inhalt");
}

/// Where the app was opened, to tell the first page (focus stays at the top, where the skip
/// link is) from pages reached by navigation (focus moves to their heading).
#[derive(Clone)]
struct EntryPath {
    path: String,
    left: StoredValue<bool>,
}

/// The `<h1>` of every page. After a navigation (not on the first page load) it takes the
/// focus, so keyboard and screen-reader users continue at the new page's start.
#[component]
pub fn PageHeading(children: Children) -> impl IntoView {
    let node = NodeRef::<leptos::html::H1>::new();
    let location = use_location();
    let entry = use_context::<EntryPath>();
    Effect::new(move |_| {
        let Some(h1) = node.get() else { return };
        let Some(entry) = &entry else { return };
        if location.pathname.get_untracked() != entry.path {
            entry.left.set_value(true);
        }
        if entry.left.get_value() {
            let _ = h1.focus();
        }
    });
    view! { <h1 tabindex="-1" node_ref=node>{children()}</h1> }
}

/// Remembers the path the app was opened at (inside the router).
#[component]
fn RememberEntry(children: Children) -> impl IntoView {
    provide_context(EntryPath {
        path: use_location().pathname.get_untracked(),
        left: StoredValue::new(false),
    });
    children()
}

/// Focuses the first element matching `selector`, if there is one.
fn focus_selector(selector: &str) {
    if let Some(el) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The browser's theme colour (address bar, installed app) is the town's.
fn set_theme_colour(colour: &str) {
    if let Ok(Some(meta)) = document().query_selector("meta[name=theme-color]") {
        let _ = meta.set_attribute("content", colour);
    }
}

/// Sets the document title for the current page: "page – strategy title".
pub fn set_page_title(page: &str) {
    let title = strategy().title.as_str();
    let full = if page.is_empty() {
        title.to_owned()
    } else {
        format!("{page} – {title}")
    };
    document().set_title(&full);
}
