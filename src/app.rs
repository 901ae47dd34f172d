//! The app shell: routes, skip link, header, footer, and what happens on every navigation
//! ([`PageHeading`] takes the focus, so screen-reader and keyboard users land there).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::components::{KioskShell, LiveRegion, SyncStatus, UpdateBanner};
use crate::content::use_content;
use crate::i18n::{t, Locale};
use crate::outbox::Outbox;
use crate::pages::{
    AccessibilityPage, EasyPage, EmbedPage, MyItemsPage, MyItemsPart, NotFound, ParticipationPage,
    PrintPage, PrivacyPage, ReceiptPage, ReceiptPart, SectionPage, SectionPart, SectionsPart,
    StartPage,
};

/// The whole app. `main.rs` mounts it; tests mount it too.
#[component]
pub fn App() -> impl IntoView {
    // The language of the page: English under /en/, else German.
    let path = if is_server() {
        use_context::<leptos_router::location::RequestUrl>().map(|u| u.as_ref().to_owned())
    } else {
        window().location().pathname().ok()
    }
    .unwrap_or_default();
    let locale = locale_of_path(&path);
    provide_context(locale);
    let other = Locale::ALL
        .into_iter()
        .find(|l| *l != locale)
        .unwrap_or_default();
    // Rendered natively (the prerendered pages) there is no worker, storage or network: the
    // page shows what a first visit shows, and the app takes over in the browser.
    if !is_server() {
        provide_context(crate::sw::ServiceWorker::register());
    }
    provide_context(Outbox::start());
    let t = t();
    let s = crate::content::provide_content();
    set_theme_colour(&s.theme_color);
    // What the link's children show (a closure of their own).
    let town = s.town.clone();
    view! {
        <Router>
            <div class="app" style=format!("--accent: {}", s.theme_color)>
                <div data-part="skip-link">
                    <SkipLink />
                </div>
                <header class="site-header">
                    <nav aria-label=t.nav_label>
                        <A href=href("/") attr:class="brand">
                            <span class="brand-town">{town}</span>
                            <span class="brand-app">{t.app_name}</span>
                        </A>
                        <A href=href("/") attr:class="nav-link">{t.overview}</A>
                        <A href=href("/meine-beitraege") attr:class="nav-link">{t.my_items}</A>
                        // The same page in the other language (the head script keeps the
                        // choice and the address's id and token).
                        <a class="nav-link lang-switch" href=in_language(&path, other)
                            data-lang=other.tag() hreflang=other.tag() lang=other.tag()>
                            {other.name()}
                        </a>
                    </nav>
                    <div data-part="sync-status">
                        <SyncStatus />
                    </div>
                    <KioskShell />
                </header>
                <div data-part="update-banner">
                    <UpdateBanner />
                </div>
                <main id="inhalt" tabindex="-1">
                    <RememberEntry>
                        <Routes fallback=NotFound>
                            <Route path=path!("/") view=StartPage />
                            <Route path=path!("/abschnitt/:id") view=SectionPage />
                            <Route path=path!("/meine-beitraege") view=MyItemsPage />
                            <Route path=path!("/beitrag/:id") view=ReceiptPage />
                            <Route path=path!("/einbinden") view=EmbedPage />
                            <Route path=path!("/druckfassung") view=PrintPage />
                            <Route path=path!("/leichte-sprache") view=EasyPage />
                            <Route path=path!("/barrierefreiheit") view=AccessibilityPage />
                            <Route path=path!("/datenschutz") view=PrivacyPage />
                            <Route path=path!("/teilnahme") view=ParticipationPage />
                            <Route path=path!("/en") view=StartPage />
                            <Route path=path!("/en/abschnitt/:id") view=SectionPage />
                            <Route path=path!("/en/meine-beitraege") view=MyItemsPage />
                            <Route path=path!("/en/beitrag/:id") view=ReceiptPage />
                            <Route path=path!("/en/einbinden") view=EmbedPage />
                            <Route path=path!("/en/druckfassung") view=PrintPage />
                            <Route path=path!("/en/teilnahme") view=ParticipationPage />
                            <Route path=path!("/en/datenschutz") view=PrivacyPage />
                        </Routes>
                    </RememberEntry>
                </main>
                <footer class="site-footer">
                    <p>{t.source_label} " " <span lang=town_lang()>{s.source.clone()}</span></p>
                    <p>
                        // Each link with the separator before it, so that a kiosk hides
                        // the ones it has no use for without leaving a stray "·".
                        {t.privacy_note} " "
                        <span class="footer-embed"><a href=href("/einbinden")>{t.embed_link}</a> " · "</span>
                        <a href=href("/druckfassung")>{crate::pages::print_t().link}</a>
                        {s.event.is_some().then(|| view! {
                            " · " <a href=href("/teilnahme")>{crate::i18n::event_page_t().footer_link}</a>
                        })}
                        <span class="footer-admin">" · " <a href="/verwaltung/" rel="external">{t.admin_link}</a></span>
                    </p>
                    // German pages both (the English pages say so in the link).
                    <p>
                        {(!s.leichte_sprache_page.is_empty()).then(|| view! {
                            <a href="/leichte-sprache" hreflang="de">{t.easy_link}</a> " · "
                        })}
                        <a href="/barrierefreiheit" hreflang="de">{t.accessibility_link}</a>
                        " · " <a href=href("/datenschutz")>{crate::pages::privacy_title(crate::i18n::locale())}</a>
                    </p>
                </footer>
                <LiveRegion />
            </div>
        </Router>
    }
}

/// Starts the app in the browser, over a page the server rendered (see `crate::render`): the
/// page is complete HTML, and only its parts marked `data-part` live in the browser — the
/// sections with their counts, a section's comments and form, one's own items, a receipt,
/// a participation event's state and application, the sync status, the update banner and
/// the skip link. Each part is rendered by the same component
/// into a detached copy of its element and swapped in at once: no blank frame, no layout
/// shift, the scroll position and the focused element kept. Navigation between pages is
/// the browser's own (the service worker answers it offline), so neither the router nor
/// the pages' views are in the wasm.
///
/// `extra` runs once the contexts exist and before the parts mount, and answers how to
/// mount the parts only its bundle has (`mount_more(name, element)`, true if it did): the
/// kiosk's bundle starts kiosk mode there (`bin/mitreden-kiosk.rs`), the event's mounts the
/// event's part (`bin/mitreden-event.rs`); the citizens' mounts none, so neither code is in
/// their bundle.
pub fn start<M: Fn(&str, web_sys::HtmlElement) -> bool>(
    extra: impl FnOnce(&crate::content::Content) -> M,
) {
    use leptos::mount::mount_to;
    #[cfg(target_arch = "wasm32")]
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    // The parts' owners are children of this one, which lives as long as the page.
    std::mem::forget(owner);
    // The page's language, as the prerendered page says it.
    let lang = document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .unwrap_or_default();
    provide_context(Locale::from_tag(&lang).unwrap_or_default());
    // The page's strategy (its JSON, written by the server): without it the page stays as
    // rendered and says that the app did not start.
    let Some(content) = crate::content::Content::from_page() else {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-app", "failed");
        }
        return;
    };
    provide_context(content.clone());
    provide_context(crate::sw::ServiceWorker::register());
    provide_context(Outbox::start());
    let mount_more = extra(&content);
    let Ok(parts) = document().query_selector_all("[data-part]") else {
        return;
    };
    let draft = window()
        .location()
        .search()
        .ok()
        .and_then(|q| query_value(&q, "entwurf"));
    for i in 0..parts.length() {
        let Some(old) = parts
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(fresh) = old
            .clone_node()
            .ok()
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let section_id = old.get_attribute("data-section").unwrap_or_default();
        let name = old.get_attribute("data-part").unwrap_or_default();
        match part(&name, &content, &section_id, draft.clone()) {
            Some(view) => mount_to(fresh.clone(), view).forget(),
            None if mount_more(&name, fresh.clone()) => {}
            None => continue,
        }
        take_over_when_released(old, fresh);
    }
    crate::snippets::enhance();
    focus_heading_after_a_link();
}

/// The citizens' part named `name` (a `data-part` of the page) for the section `section_id`
/// (its `data-section`, where it has one), as a view to mount; `None` for a part this
/// bundle does not have. The renderer's tests mount them too, to show that a page's JSON
/// holds what they need.
pub fn part(
    name: &str,
    content: &crate::content::Content,
    section_id: &str,
    draft: Option<String>,
) -> Option<impl FnOnce() -> AnyView + 'static> {
    let section = content.section_arc(section_id);
    let view: Box<dyn FnOnce() -> AnyView> = match (name, section) {
        ("sections", _) => Box::new(|| SectionsPart().into_any()),
        ("section", Some(section)) => {
            Box::new(move || view! { <SectionPart section=section draft=draft /> }.into_any())
        }
        ("my-items", _) => Box::new(|| MyItemsPart().into_any()),
        ("receipt", _) => Box::new(|| ReceiptPart().into_any()),
        ("sync-status", _) => Box::new(|| SyncStatus().into_any()),
        ("update-banner", _) => Box::new(|| UpdateBanner().into_any()),
        ("skip-link", _) => Box::new(|| SkipLink().into_any()),
        _ => return None,
    };
    Some(view)
}

/// After following a link from one of our pages (not on a first visit, a reload, or back
/// and forward) the focus goes to the new page's heading, so keyboard and screen-reader
/// users continue there — unless they already moved it. The browser's Navigation API tells
/// where the page came from; without it, the focus stays at the top, as on any page.
fn focus_heading_after_a_link() {
    use js_sys::Reflect;
    let get = |on: &wasm_bindgen::JsValue, key: &str| {
        Reflect::get(on, &key.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let Some(activation) = get(&window(), "navigation").and_then(|n| get(&n, "activation")) else {
        return;
    };
    let pushed = get(&activation, "navigationType").and_then(|t| t.as_string());
    if get(&activation, "from").is_none() || pushed.as_deref() != Some("push") {
        return;
    }
    // Untouched: the focus still on the page itself, and not scrolled away from the top.
    let untouched = document()
        .active_element()
        .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"))
        && window().scroll_y().unwrap_or_default() < 1.0;
    if untouched {
        focus_selector("main h1");
    }
}

/// The value of `key` in a query string (`?a=1&entwurf=…`), as written (ids need no decoding).
fn query_value(query: &str, key: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// [`take_over`], but not while a pointer is pressed (the page's head script marks it on
/// `<html data-pressed>`): a link pressed as the app starts (a quick tap on a slow phone)
/// would lose its click if its element were swapped between press and release. The old
/// part keeps working until then.
fn take_over_when_released(old: web_sys::Element, new: web_sys::HtmlElement) {
    let pressed = document()
        .document_element()
        .is_some_and(|html| html.has_attribute("data-pressed"));
    if pressed {
        set_timeout(
            move || take_over_when_released(old, new),
            std::time::Duration::from_millis(50),
        );
    } else {
        take_over(&old, &new);
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
    keep_open_details(old, new);
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

/// A `<details>` the reader opened in the prerendered part stays open in the app's.
fn keep_open_details(old: &web_sys::Element, new: &web_sys::Element) {
    let (Ok(before), Ok(after)) = (
        old.query_selector_all("details"),
        new.query_selector_all("details"),
    ) else {
        return;
    };
    for i in 0..before.length().min(after.length()) {
        let (Some(b), Some(a)) = (
            before
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok()),
            after
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok()),
        ) else {
            continue;
        };
        if b.has_attribute("open") {
            let _ = a.set_attribute("open", "");
        }
    }
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

/// "Zum Inhalt springen". Once the app runs it moves the focus itself, leaving the address
/// as it is (a receipt link keeps its token in the fragment); before, it is a plain link.
#[component]
fn SkipLink() -> impl IntoView {
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_selector("#inhalt");
    };
    view! { <a class="skip-link" href="#inhalt" on:click=skip>{t().skip_link}</a> }
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

/// The `lang` of the town's own (German) text on this page: set where the page is not
/// German, so screen readers speak it as German.
pub fn town_lang() -> Option<&'static str> {
    (crate::i18n::locale() != Locale::De).then_some("de")
}

/// The language of the page at `path`: English under `/en`, else German.
pub fn locale_of_path(path: &str) -> Locale {
    match path.strip_prefix("/en") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Locale::En,
        _ => Locale::De,
    }
}

/// The address of the page at `path` (as the German pages have it: `/abschnitt/x`) in the
/// current language.
pub fn href(path: &str) -> String {
    let locale = crate::i18n::locale();
    in_language(path, locale)
}

/// The address of the page at `path` (in either language) in the language `to`.
pub fn in_language(path: &str, to: Locale) -> String {
    let german = match path.strip_prefix("/en") {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    };
    match (to.prefix(), german) {
        ("", german) => german.to_owned(),
        // `/en/`: the server answers `/en` with a redirect there (dist/en/ is a folder).
        (prefix, "/") => format!("{prefix}/"),
        (prefix, german) => format!("{prefix}{german}"),
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
    let content = use_content();
    let title = content.title.as_str();
    if page.is_empty() {
        title.to_owned()
    } else {
        format!("{page} – {title}")
    }
}

#[cfg(test)]
mod tests {
    use super::{in_language, locale_of_path, query_value};
    use crate::i18n::Locale;

    #[test]
    fn pages_have_an_address_in_each_language() {
        assert_eq!(locale_of_path("/en"), Locale::En);
        assert_eq!(locale_of_path("/en/abschnitt/leitmotiv-2"), Locale::En);
        assert_eq!(locale_of_path("/entwurf"), Locale::De);
        assert_eq!(locale_of_path("/"), Locale::De);
        for (german, english) in [
            ("/", "/en/"),
            ("/abschnitt/leitmotiv-2", "/en/abschnitt/leitmotiv-2"),
            ("/beitrag/-", "/en/beitrag/-"),
        ] {
            assert_eq!(in_language(german, Locale::En), english);
            assert_eq!(in_language(english, Locale::De), german);
            assert_eq!(in_language(english, Locale::En), english);
            assert_eq!(in_language(german, Locale::De), german);
        }
        assert_eq!(in_language("/entwurf", Locale::De), "/entwurf");
    }

    #[test]
    fn the_draft_is_read_from_the_query() {
        let id = "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c";
        assert_eq!(
            query_value(&format!("?entwurf={id}"), "entwurf").as_deref(),
            Some(id)
        );
        assert_eq!(
            query_value(&format!("?a=1&entwurf={id}&b"), "entwurf").as_deref(),
            Some(id)
        );
        assert_eq!(query_value("?entwurfx=1", "entwurf"), None);
        assert_eq!(query_value("?entwurf=", "entwurf"), None);
        assert_eq!(query_value("", "entwurf"), None);
    }
}
