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
    // Rendered natively (the prerendered pages) there is no worker, storage or network: the
    // page shows what a first visit shows, and the app takes over in the browser.
    if !is_server() {
        provide_context(crate::sw::ServiceWorker::register());
    }
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

/// Starts the app in the browser. Over a prerendered page (`<div id="app">` holding the
/// page's markup, see `crate::prerender`) the app renders into a new, detached `#app` and
/// replaces the old one in a single step once its first route is there: no blank frame, no
/// layout shift, the scroll position and the focused element kept. Elsewhere (the shell
/// `app.html`) it mounts into the body.
pub fn start() {
    let doc = document();
    let Some(prerendered) = doc.get_element_by_id("app") else {
        leptos::mount::mount_to_body(App);
        return;
    };
    let Some(fresh) = doc
        .create_element("div")
        .ok()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    fresh.set_id("app");
    leptos::mount::mount_to(fresh.clone(), App).forget();
    take_over_when_rendered(prerendered, fresh, 0);
}

/// The router renders its first route a little later (in a task of its own): look again in
/// the next microtasks, then every 10 ms (the prerendered page stays until then), and after
/// two seconds take over anyway.
fn take_over_when_rendered(old: web_sys::Element, new: web_sys::HtmlElement, tries: u32) {
    let rendered = new.query_selector("main h1").ok().flatten().is_some();
    if rendered || tries >= 220 {
        take_over(&old, &new);
    } else if tries < 20 {
        leptos::task::spawn_local(async move { take_over_when_rendered(old, new, tries + 1) });
    } else {
        set_timeout(
            move || take_over_when_rendered(old, new, tries + 1),
            std::time::Duration::from_millis(10),
        );
    }
}

/// Replaces the prerendered `old` by the app's `new`, keeping scroll position and focus.
fn take_over(old: &web_sys::Element, new: &web_sys::HtmlElement) {
    let window = window();
    let (x, y) = (
        window.scroll_x().unwrap_or_default(),
        window.scroll_y().unwrap_or_default(),
    );
    let focused = document()
        .active_element()
        .and_then(|el| position_within(old, &el));
    if old.replace_with_with_node_1(new).is_err() {
        return;
    }
    if let Some(el) = focused
        .and_then(|path| element_at(new, &path))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
    window.scroll_to_with_x_and_y(x, y);
}

/// Where `el` sits below `root`: the index among its element siblings at every level.
fn position_within(root: &web_sys::Element, el: &web_sys::Element) -> Option<Vec<u32>> {
    let mut path = Vec::new();
    let mut at = el.clone();
    while &at != root {
        let mut index = 0;
        let mut sibling = at.previous_element_sibling();
        while let Some(s) = sibling {
            index += 1;
            sibling = s.previous_element_sibling();
        }
        path.push(index);
        at = at.parent_element()?;
    }
    path.reverse();
    Some(path)
}

/// The element at `path` below `root` (see [`position_within`]).
fn element_at(root: &web_sys::Element, path: &[u32]) -> Option<web_sys::Element> {
    let mut at = root.clone();
    for &index in path {
        at = at.first_element_child()?;
        for _ in 0..index {
            at = at.next_element_sibling()?;
        }
    }
    Some(at)
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
    if is_server() {
        return;
    }
    if let Ok(Some(meta)) = document().query_selector("meta[name=theme-color]") {
        let _ = meta.set_attribute("content", colour);
    }
}

/// Sets the document title for the current page (see [`page_title`]).
pub fn set_page_title(page: &str) {
    if !is_server() {
        document().set_title(&page_title(page));
    }
}

/// The document title of a page: "page – strategy title", the strategy title alone for
/// the start page (`page` empty).
pub fn page_title(page: &str) -> String {
    let title = strategy().title.as_str();
    if page.is_empty() {
        title.to_owned()
    } else {
        format!("{page} – {title}")
    }
}
