//! The citizens' pages as whole HTML documents, rendered natively (feature `ssr`) by the
//! app's own components. The server renders them from the strategy it holds (see
//! `mitreden-server`'s `render` module) and serves them from memory; this module knows the
//! routes and what a document holds, nothing of files or HTTP.
//!
//! One document per route: `index.html` (the start page), `abschnitt/<id>.html`,
//! `meine-beitraege.html`, `beitrag.html` (every receipt link), `einbinden.html`,
//! `druckfassung.html`, `teilnahme.html` (where the strategy announces an event),
//! `404.html` (every other path), the same under `en/` (`en.html` for `/en`). The service
//! worker precaches them all, and the browser paints the text with the first response; the
//! app then takes over ([`crate::app::start`]). Rendered here, there is no storage, worker
//! or network: the pages show what a first visit shows, the comment form disabled until
//! the app runs.
//!
//! # Layout
//! - [`pages`]: every route with its file name, title, description and language.
//! - [`Assets`]: what the build made that a document names (stylesheet, icon, bundles).
//! - [`document`]: one page as a whole document — a view, as Leptos' `hackernews_axum`
//!   example writes its shell; [`head_script`] and [`start_script`] are the two inline
//!   scripts every page carries, which the server allows by their hashes.

use std::sync::{Arc, OnceLock};

use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::app::{page_title, App};
use crate::content::{use_content, Content};
use crate::i18n::{t, Locale};
use crate::pages::section_page_name;

/// One route of the citizens' app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The route, e.g. `/abschnitt/leitmotiv-2` or `/en/abschnitt/leitmotiv-2`.
    pub path: String,
    /// The name the document is kept and precached under, e.g. `abschnitt/leitmotiv-2.html`.
    pub file: String,
    /// The document title.
    pub title: String,
    /// The meta description.
    pub description: String,
    /// The page's language (`<html lang>`).
    pub locale: Locale,
    /// The section the page shows, where it shows one.
    pub section: Option<String>,
}

/// Every route with fixed text, in every language: German at `/…`, English at `/en/…`.
pub fn pages(content: &Content) -> Vec<Page> {
    Locale::ALL
        .into_iter()
        .flat_map(|locale| {
            // The texts (and the page titles made from them) of that language.
            let owner = Owner::new();
            owner.with(|| {
                provide_context(locale);
                provide_context(content.clone());
                pages_in(locale)
            })
        })
        .collect()
}

/// The pages of one language.
fn pages_in(locale: Locale) -> Vec<Page> {
    let s = use_content();
    let t = t();
    let prefix = locale.prefix();
    // Files of English pages sit in `en/`; the English start page is `en.html` (`/en`).
    let dir = prefix.trim_start_matches('/');
    let file = |name: &str| {
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    let page = |path: &str, name: &str, title: String, description: String| Page {
        path: format!("{prefix}{path}"),
        file: file(name),
        title,
        description,
        locale,
        section: None,
    };
    let mut pages = vec![Page {
        path: if prefix.is_empty() {
            "/".into()
        } else {
            prefix.into()
        },
        file: if dir.is_empty() {
            "index.html".into()
        } else {
            format!("{dir}.html")
        },
        title: page_title(""),
        description: first_words(&format!("{} {}", s.invitation, s.introduction)),
        locale,
        section: None,
    }];
    pages.extend(s.sections.iter().map(|section| Page {
        section: Some(section.id.clone()),
        ..page(
            &format!("/abschnitt/{}", section.id),
            &format!("abschnitt/{}.html", section.id),
            page_title(&section_page_name(section)),
            first_words(&section.text),
        )
    }));
    pages.push(page(
        "/meine-beitraege",
        "meine-beitraege.html",
        page_title(t.my_items_heading),
        first_words(t.my_items_intro),
    ));
    pages.push(page(
        "/einbinden",
        "einbinden.html",
        page_title(t.embed_heading),
        first_words(t.embed_intro),
    ));
    pages.push(page(
        "/druckfassung",
        "druckfassung.html",
        page_title(crate::pages::print_t().link),
        first_words(crate::pages::print_t().hint),
    ));
    pages.push(page(
        "/datenschutz",
        "datenschutz.html",
        page_title(crate::pages::privacy_title(locale)),
        first_words(crate::pages::privacy_title(locale)),
    ));
    // A participation event's page, where the strategy announces one.
    if let Some(event) = &s.event {
        pages.push(page(
            "/teilnahme",
            "teilnahme.html",
            page_title(&event.title),
            first_words(&event.text),
        ));
    }
    // The statement and the page in Leichte Sprache are German (the English pages link
    // there, marked as German).
    if locale == Locale::De {
        if !s.leichte_sprache_page.is_empty() {
            pages.push(page(
                "/leichte-sprache",
                "leichte-sprache.html",
                page_title(t.easy_link),
                first_words(&s.leichte_sprache_page.replace('#', "")),
            ));
        }
        pages.push(page(
            "/barrierefreiheit",
            "barrierefreiheit.html",
            page_title(crate::pages::ACCESSIBILITY_TITLE),
            first_words(crate::pages::ACCESSIBILITY_TITLE),
        ));
    }
    // Every receipt link `/beitrag/<id>#<token>` is answered with this one page.
    pages.push(page(
        "/beitrag/-",
        "beitrag.html",
        page_title(t.receipt_heading),
        first_words(t.receipt_heading),
    ));
    // Any path the app does not know (answered with status 404).
    pages.push(page(
        "/404",
        "404.html",
        page_title(t.not_found_heading),
        first_words(t.not_found_text),
    ));
    pages
}

/// The app's markup at `path`, as the browser's first render of a first visit shows it.
pub fn render(content: &Content, path: &str) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let html = owner.with(|| {
        provide_context(RequestUrl::new(path));
        provide_context(content.clone());
        view! { <App /> }.to_html()
    });
    drop(owner);
    html
}

/// A bundle of the build: its JavaScript and its wasm, as URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// wasm-bindgen's module, e.g. `/mitreden-1a2b.js`.
    pub js: String,
    /// The wasm it loads, e.g. `/mitreden-1a2b_bg.wasm`.
    pub wasm: String,
}

/// What a document names of the build (Trunk's `dist/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assets {
    /// The stylesheet's text, inlined into every page: the page paints with its first
    /// response (6 KB, 1.6 KB brotli). Must not hold `</`.
    pub stylesheet: String,
    /// The icon's URL (`/favicon-<hash>.svg`).
    pub favicon: Option<String>,
    /// The citizens' bundle.
    pub citizens: Option<Bundle>,
    /// The participation event's bundle (`/event-app/`), which includes everything of the
    /// citizens': a town with an event starts it instead (see `crate::event`).
    pub event: Option<Bundle>,
    /// The kiosk's bundle (`/kiosk-app/`): a device set up as a kiosk starts it first.
    pub kiosk: Option<Bundle>,
    /// Whether the server sends mail: the pages say so (`<html data-mail>`), and the
    /// receipt page then offers to tell by e-mail what becomes of the comment.
    pub mail: bool,
    /// The server's Web Push key (`<html data-push>`), where it offers push: the browser
    /// subscribes with it.
    pub push_key: Option<String>,
}

impl Assets {
    /// The bundle every page starts: the event's where the strategy announces one
    /// (`has_event`) and the build has it, else the citizens'.
    pub fn main_bundle(&self, has_event: bool) -> Option<&Bundle> {
        match &self.event {
            Some(event) if has_event => Some(event),
            _ => self.citizens.as_ref(),
        }
    }
}

/// The script in every page's head, run before the first paint (`src/head.js`, its comment
/// lines and indentation removed: it goes out with every page).
pub fn head_script() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        include_str!("head.js")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The module script that starts the app: after the page's `load` event and its next
/// frame, so the text paints first and on a slow line the wasm does not compete with the
/// page for bandwidth (no preloads either). On a kiosk its own bundle first, the main one
/// should it fail to load (e.g. offline right after an update); where none loads the page
/// is marked `data-app=failed` (the page then says the app did not start). `None` where the
/// build has no bundle (the server's tests).
pub fn start_script(assets: &Assets, has_event: bool) -> Option<String> {
    let Bundle { js, wasm } = assets.main_bundle(has_event)?;
    let bundles = match &assets.kiosk {
        Some(kiosk) => format!(
            "let kiosk = false;\n\
             try {{ kiosk = localStorage.getItem('mitreden:kiosk') !== null; }} catch (e) {{}}\n\
             const citizens = ['{js}', '{wasm}'];\n\
             const bundles = kiosk ? [['{}', '{}'], citizens] : [citizens];\n",
            kiosk.js, kiosk.wasm
        ),
        None => format!("const bundles = [['{js}', '{wasm}']];\n"),
    };
    Some(format!(
        "{bundles}const start = async ([js, wasm]) => {{\n\
         const bindings = await import(js);\n\
         const instance = await bindings.default({{ module_or_path: wasm }});\n\
         window.wasmBindings = bindings;\n\
         dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm: instance }} }}));\n\
         }};\n\
         const failed = () => {{ document.documentElement.dataset.app = 'failed'; }};\n\
         const run = (i) => start(bundles[i]).catch(() => (i + 1 < bundles.length ? run(i + 1) : failed()));\n\
         const later = () => requestAnimationFrame(() => setTimeout(() => run(0), 0));\n\
         if (document.readyState === 'complete') later();\n\
         else addEventListener('load', later, {{ once: true }});"
    ))
}

/// The whole document of `page`: head (title, description, the stylesheet inline, icon,
/// manifest, the town's colour, what the live parts need of the strategy as JSON, the two
/// scripts) and the app rendered in `<div id="app">`, whose parts the app renders anew
/// when it starts.
pub fn document(content: &Content, page: &Page, assets: &Assets) -> String {
    let body = render(content, &page.path);
    let start = start_script(assets, content.event.is_some());
    let english = page.locale == Locale::En;
    let json = content
        .for_page(page.section.as_deref(), english)
        .page_json();
    whole(move || {
        view! {
            <html lang=page.locale.tag() data-mail=assets.mail.then_some("")
                data-push=assets.push_key.clone()>
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <meta name="description" content=page.description.clone() />
                    <meta name="referrer" content="no-referrer" />
                    <title>{page.title.clone()}</title>
                    <style inner_html=assets.stylesheet.clone()></style>
                    // Where the build has no icon or bundle (the server's tests) Leptos leaves
                    // an empty comment (`<!>`) in their place: harmless.
                    {assets
                        .favicon
                        .clone()
                        .map(|href| view! { <link rel="icon" type="image/svg+xml" href=href /> })}
                    <link rel="manifest" href="/manifest.webmanifest" />
                    <meta name="theme-color" content=content.theme_color.clone() />
                    <script type="application/json" id=crate::content::ELEMENT_ID inner_html=json></script>
                    <script inner_html=head_script()></script>
                    {start.map(|script| view! { <script type="module" inner_html=script></script> })}
                </head>
                <body>
                    <div id="app" inner_html=body></div>
                </body>
            </html>
        }
    })
}

/// The HTML of a whole document's `view`, with its doctype.
fn whole<V: IntoView>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    let html = owner.with(|| view().to_html());
    drop(owner);
    format!("<!DOCTYPE html>{html}")
}

/// What the administration's page names of the build (`/verwaltung/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminAssets {
    /// Its stylesheets' URLs, in order (the citizens' and its own).
    pub stylesheets: Vec<String>,
    /// Its icon.
    pub favicon: Option<String>,
    /// Its bundle.
    pub bundle: Option<Bundle>,
}

/// The module script that starts the administration's bundle, at once.
pub fn admin_start_script(bundle: &Bundle) -> String {
    let Bundle { js, wasm } = bundle;
    format!(
        "const bindings = await import('{js}');\n\
         const instance = await bindings.default({{ module_or_path: '{wasm}' }});\n\
         window.wasmBindings = bindings;\n\
         dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm: instance }} }}));"
    )
}

/// The administration's page (every `/verwaltung/…` address): its stylesheets, the whole
/// published strategy as JSON (staff see every version's dates and the event), its bundle.
pub fn admin_document(content: &Content, assets: &AdminAssets) -> String {
    let json = content.page_json();
    let start = assets.bundle.as_ref().map(admin_start_script);
    whole(move || {
        view! {
            <html lang="de">
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <meta name="referrer" content="no-referrer" />
                    <meta name="robots" content="noindex" />
                    <title>"Verwaltung – mitreden"</title>
                    {assets
                        .stylesheets
                        .iter()
                        .map(|href| view! { <link rel="stylesheet" href=href.clone() /> })
                        .collect::<Vec<_>>()}
                    {assets
                        .favicon
                        .clone()
                        .map(|href| view! { <link rel="icon" type="image/svg+xml" href=href /> })}
                    <script type="application/json" id=crate::content::ELEMENT_ID inner_html=json></script>
                    {start.map(|script| view! { <script type="module" inner_html=script></script> })}
                </head>
                <body>
                    <noscript>
                        <p class="noscript">"Die Verwaltung braucht JavaScript."</p>
                    </noscript>
                </body>
            </html>
        }
    })
}

/// The first words of a text, at most 155 characters, cut at a word and marked with "…".
pub fn first_words(text: &str) -> String {
    let flat: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in flat {
        let needed = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if needed > 154 {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Text for an HTML attribute or element.
#[cfg(test)]
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_at_a_word_by_characters() {
        let long = "Äöü ".repeat(60);
        let cut = first_words(&long);
        assert!(cut.chars().count() <= 155, "{cut}");
        assert!(cut.ends_with("Äöü…"), "{cut}");
        assert_eq!(first_words("  kurz \n und gut "), "kurz und gut");
    }

    /// The test strategy (Sindelfingen's file), as a page's content.
    fn content() -> Content {
        let owner = Owner::new();
        owner.with(use_content)
    }

    fn bundle(name: &str) -> Option<Bundle> {
        Some(Bundle {
            js: format!("/{name}.js"),
            wasm: format!("/{name}_bg.wasm"),
        })
    }

    #[test]
    fn a_kiosk_starts_its_own_bundle_and_falls_back_to_the_citizens() {
        let assets = Assets {
            citizens: bundle("app-1"),
            kiosk: bundle("kiosk-app/kiosk-2"),
            ..Assets::default()
        };
        let script = start_script(&assets, false).expect("a script");
        assert!(script.contains("localStorage.getItem('mitreden:kiosk') !== null"));
        assert!(script.contains(
            "const bundles = kiosk ? [['/kiosk-app/kiosk-2.js', '/kiosk-app/kiosk-2_bg.wasm'], \
             citizens] : [citizens];"
        ));
        assert!(script.contains("const citizens = ['/app-1.js', '/app-1_bg.wasm'];"));
        assert_eq!(start_script(&Assets::default(), false), None);
    }

    #[test]
    fn a_town_with_an_event_starts_the_events_bundle_instead_of_the_citizens() {
        let assets = Assets {
            citizens: bundle("app-1"),
            kiosk: bundle("kiosk-app/kiosk-2"),
            event: bundle("event-app/event-3"),
            ..Assets::default()
        };
        let script = start_script(&assets, true).expect("a script");
        assert!(script
            .contains("const citizens = ['/event-app/event-3.js', '/event-app/event-3_bg.wasm'];"));
        assert!(!script.contains("/app-1"), "{script}");
        // Without an event the event's bundle is not started.
        let script = start_script(&assets, false).expect("a script");
        assert!(!script.contains("event-3"), "{script}");
    }

    #[test]
    fn every_page_is_a_whole_document_with_its_text_title_and_navigation() {
        let content = content();
        let assets = Assets {
            stylesheet: "body{color:#111}".into(),
            favicon: Some("/favicon-1.svg".into()),
            citizens: bundle("app-1"),
            ..Assets::default()
        };
        let head = head_script();
        assert!(!head.contains("//  ") && !head.contains("\n  "), "{head}");
        for page in pages(&content) {
            let doc = document(&content, &page, &assets);
            assert!(
                doc.starts_with(&format!(
                    "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">",
                    page.locale.tag()
                )),
                "{doc}"
            );
            assert!(doc.contains(&format!("<title>{}</title>", escape(&page.title))));
            assert!(doc.contains(&format!(
                "<meta name=\"description\" content=\"{}\">",
                escape(&page.description)
            )));
            assert!(doc.contains("<style>body{color:#111}</style>"), "{doc}");
            assert!(doc.contains(&format!("<script>{head}</script>")), "{doc}");
            assert!(
                doc.contains("const bundles = [['/app-1.js', '/app-1_bg.wasm']];"),
                "{doc}"
            );
            assert!(doc.contains("addEventListener('load', later"), "{doc}");
            assert!(doc.contains("setTimeout(() => run(0), 0)"), "{doc}");
            assert!(doc.contains(": failed()"), "{doc}");
            assert!(!doc.contains("preload"), "{doc}");
            assert!(doc.contains("<body><div id=\"app\">"), "{doc}");
            assert!(doc.contains("<nav"), "{doc}");
            assert!(doc.ends_with("</div></body></html>"), "{doc}");
            let head = &doc[..doc.find("<body>").unwrap_or(doc.len())];
            assert!(!head.contains("<!>"), "{head}");
            if let Some(id) = page.path.strip_prefix("/abschnitt/") {
                let section = content.section(id).expect("a section");
                for paragraph in mitreden_model::paragraphs(&section.text) {
                    assert!(doc.contains(&escape(&paragraph)), "{id}: {paragraph}");
                }
            }
        }
    }

    /// The `data-part` and `data-section` of every part in `html`, in order.
    fn parts_of(html: &str) -> Vec<(String, String)> {
        let value = |tag: &str, name: &str| {
            tag.split(&format!("{name}=\"")[..])
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_default()
                .to_owned()
        };
        html.match_indices("data-part=\"")
            .map(|(at, _)| {
                let start = html[..at].rfind('<').unwrap_or(0);
                let end = at + html[at..].find('>').unwrap_or(0);
                let tag = &html[start..end];
                (value(tag, "data-part"), value(tag, "data-section"))
            })
            .collect()
    }

    /// The part `name` of `page` as the app mounts it, with `content` as the page's.
    fn part_html(content: &Content, page: &Page, name: &str, section: &str) -> String {
        let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
        let html = owner.with(|| {
            provide_context(RequestUrl::new(&page.path));
            provide_context(page.locale);
            provide_context(content.clone());
            provide_context(crate::outbox::Outbox::start());
            if name == "participation" {
                let event = content.event_arc().expect("an event");
                return view! { <crate::pages::ParticipationPart event=event /> }.to_html();
            }
            let view = crate::app::part(name, content, section, None).expect("a part");
            view().to_html()
        });
        drop(owner);
        html
    }

    /// The wasm carries no strategy: what a page's live parts need is in the page's JSON
    /// (`Strategy::for_page`). Every part of every page of three towns' files renders the
    /// same from that as from the whole strategy — a field the JSON left out that a part
    /// shows would differ here.
    #[test]
    fn every_part_renders_alike_from_the_pages_json() {
        let towns = [
            include_str!("../content/sindelfingen.toml"),
            include_str!("../content/esslingen.toml"),
            include_str!("../content/stutensee.toml"),
        ];
        let mut parts = 0;
        for source in towns {
            let strategy =
                mitreden_model::parse::parse_strategy("town.toml", source).expect("parses");
            let full = Content::new(Arc::new(strategy));
            for page in pages(&full) {
                let english = page.locale == Locale::En;
                let reduced = full.for_page(page.section.as_deref(), english);
                assert!(!reduced.page_json().contains('<'));
                // (That the app reads the JSON back to `reduced`: content.rs's wasm test.)
                let from_json = Content::new(Arc::new(reduced));
                for (name, section) in parts_of(&render(&full, &page.path)) {
                    assert_eq!(
                        part_html(&full, &page, &name, &section),
                        part_html(&from_json, &page, &name, &section),
                        "{}: the part {name}",
                        page.path
                    );
                    parts += 1;
                }
            }
        }
        assert!(parts > 100, "{parts} parts compared");
    }

    /// A section's page holds its own text in the JSON, and no other section's; the start
    /// page none.
    #[test]
    fn a_pages_json_holds_its_own_section_only() {
        let content = content();
        let assets = Assets::default();
        let page = pages(&content)
            .into_iter()
            .find(|p| p.path == "/abschnitt/leitmotiv-2")
            .expect("the page");
        let doc = document(&content, &page, &assets);
        let json = doc
            .split("<script type=\"application/json\" id=\"strategie\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the JSON element");
        let read: serde_json::Value = serde_json::from_str(json).expect("reads");
        let sections = read["sections"].as_array().expect("sections");
        assert_eq!(sections.len(), content.sections.len());
        assert_eq!(
            sections[1]["text"].as_str(),
            Some(content.section("leitmotiv-2").expect("s").text.as_str())
        );
        assert_eq!(
            sections[0]["title"].as_str(),
            Some("Der Mensch im Mittelpunkt")
        );
        assert!(sections[0].get("text").is_none(), "{}", sections[0]);
    }

    /// Every English page speaks English: no German text of the UI's texts table appears in
    /// it (the town's own texts stay German, marked `lang="de"`; they are not in the table).
    #[test]
    fn english_pages_have_no_german_ui_text() {
        use crate::i18n::tests::samples;
        use crate::i18n::{DE, EN};
        let en = samples(&EN);
        // The town's own words may contain a UI word ("berücksichtigt" in a Leitmotiv).
        let s = content();
        let town: String = [&s.title, &s.invitation, &s.introduction, &s.status]
            .into_iter()
            .cloned()
            .chain(s.sections.iter().flat_map(|x| {
                [x.title.clone(), x.text.clone()]
                    .into_iter()
                    .chain(x.projects.iter().cloned())
            }))
            .collect::<Vec<_>>()
            .join("\n");
        let german: Vec<String> = crate::i18n::check::german_only(samples(&DE), &en)
            .into_iter()
            .filter(|de| !town.contains(de.as_str()))
            .collect();
        assert!(german.len() > 100, "the table has the UI's texts");
        let unescape = |html: &str| {
            html.replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        };
        let mut found = Vec::new();
        for page in pages(&s).into_iter().filter(|p| p.locale == Locale::En) {
            let html = unescape(&render(&s, &page.path));
            for text in &german {
                if html.contains(text.as_str()) {
                    found.push(format!("{}: {text}", page.path));
                }
            }
        }
        assert!(
            found.is_empty(),
            "German on English pages:\n{}",
            found.join("\n")
        );
        // The town's self-descriptions stay German, and say so.
        let section = render(&s, "/en/abschnitt/leitmotiv-1");
        for d in &s.self_descriptions {
            assert!(
                section.contains(&format!("lang=\"de\">{}</option>", escape(d))),
                "{d} not marked German"
            );
        }
    }

    /// Writes the German texts of the citizens' table to `target/e2e/german-ui.json`, for
    /// the end-to-end walk through the English app's live parts
    /// (`tests/e2e/languages.spec.ts`), which the prerendered pages cannot show (the
    /// administration's crate writes its own beside it).
    #[test]
    fn german_ui_texts_for_the_browser_walk() {
        use crate::i18n::check::{german_only, write_for_browser_walk};
        use crate::i18n::tests::samples;
        use crate::i18n::{DE, EN};
        let texts = german_only(samples(&DE), &samples(&EN));
        assert!(texts.len() > 100, "the table has the UI's texts");
        write_for_browser_walk("german-ui.json", &texts);
    }

    #[test]
    fn the_start_page_links_every_section() {
        let content = content();
        let html = render(&content, "/");
        for section in &content.sections {
            assert!(
                html.contains(&format!("href=\"/abschnitt/{}\"", section.id)),
                "{}",
                section.id
            );
        }
    }
}
