//! The app shell: routes, skip link, header, footer, and what happens on every navigation
//! (focus moves to the new page's heading, so screen-reader and keyboard users land there).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::content::strategy;
use crate::i18n::{t, Locale};
use crate::pages::{NotFound, SectionPage, StartPage};

/// The whole app. `main.rs` mounts it; tests mount it too.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Locale::default());
    let t = t();
    let s = strategy();
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
                    </nav>
                </header>
                <main id="inhalt" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=StartPage />
                        <Route path=path!("/abschnitt/:id") view=SectionPage />
                    </Routes>
                </main>
                <footer class="site-footer">
                    <p>{t.source_label} " " {s.source.clone()}</p>
                    <p>{t.privacy_note}</p>
                </footer>
                <FocusOnNavigate />
            </div>
        </Router>
    }
}

/// The skip link moves focus itself: the router must not treat `#inhalt` as a navigation.
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    focus_selector("#inhalt");
}

/// After every navigation but the first, focus the new page's `<h1>`.
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let location = use_location();
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        location.pathname.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        // Wait one frame, so the new route's view is in the DOM.
        request_animation_frame(|| focus_selector("#inhalt h1"));
    });
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
