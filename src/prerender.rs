//! The pages that show strategy text, rendered natively to HTML by the app's own components.
//!
//! Trunk's post-build hook runs `mitreden-prerender`, which writes one file per route into
//! the build: `index.html` (the start page), `abschnitt/<id>.html`, `meine-beitraege.html`,
//! `beitrag.html` (every receipt link), `einbinden.html`, `druckfassung.html`,
//! `teilnahme.html` (where the strategy announces an event), `404.html` (every other path). Trunk's empty shell
//! is the template; it is not kept (a page without parts would be blank).
//! The server answers each route with its file, the service worker precaches them all, and
//! the browser paints the text with the first response; the app then takes over
//! ([`crate::app::start`]). Rendered here, there is no storage, worker or network: the
//! pages show what a first visit shows, the comment form disabled until the app runs.

use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::app::{page_title, App};
use crate::content::use_content;
use crate::i18n::{t, Locale};
use crate::pages::section_page_name;

/// One prerendered route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The route, e.g. `/abschnitt/leitmotiv-2` or `/en/abschnitt/leitmotiv-2`.
    pub path: String,
    /// The file in the build that answers it, e.g. `abschnitt/leitmotiv-2.html`.
    pub file: String,
    /// The document title.
    pub title: String,
    /// The meta description.
    pub description: String,
    /// The page's language (`<html lang>`).
    pub locale: Locale,
}

/// Every route with fixed text, in every language: German at `/…`, English at `/en/…`.
pub fn pages() -> Vec<Page> {
    Locale::ALL
        .into_iter()
        .flat_map(|locale| {
            // The texts (and the page titles made from them) of that language.
            let owner = Owner::new();
            owner.with(|| {
                provide_context(locale);
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
    }];
    pages.extend(s.sections.iter().map(|section| {
        page(
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
pub fn render(path: &str) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let html = owner.with(|| {
        provide_context(RequestUrl::new(path));
        view! { <App /> }.to_html()
    });
    drop(owner);
    html
}

/// What every page shares, made once from Trunk's `trunk` shell: the stylesheet inline
/// (`read` gives a file of the build by its `href`), the app started after `load` — the
/// event's bundle where the build has one (`/event-app/`, a strategy with an event), the
/// kiosk's on a kiosk where the build has one (`/kiosk-app/`) —, the town's theme colour.
pub fn shell(trunk: &str, read: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    let kiosk = read("/kiosk-app/index.html").ok();
    let event = read("/event-app/index.html").ok();
    let doc = inline_stylesheets(trunk, read)?;
    let doc = start_after_load(&doc, kiosk.as_deref(), event.as_deref())?;
    Ok(theme_colour(&doc, &use_content().theme_color))
}

/// The whole document of `page`: the [`shell`] with the page's title, description and
/// rendered body. The body sits in `<div id="app">`, whose parts the app renders anew when
/// it starts.
pub fn document(shell: &str, page: &Page) -> Result<String, String> {
    let body = format!("<body><div id=\"app\">{}</div></body>", render(&page.path));
    let doc = replace_between(shell, "<body>", "</body>", &body)?;
    // Trunk's shell is German (`<html lang=de>`, minified).
    let doc = doc.replacen(
        "<html lang=de>",
        &format!("<html lang={}>", page.locale.tag()),
        1,
    );
    let doc = replace_between(
        &doc,
        "<title>",
        "</title>",
        &format!("<title>{}</title>", escape(&page.title)),
    )?;
    let description = format!(
        "<meta name=\"description\" content=\"{}\">",
        escape(&page.description)
    );
    // Trunk minifies: `<meta content="…" name=description>`.
    let at = doc
        .find("name=description")
        .or_else(|| doc.find("name=\"description\""))
        .ok_or("the shell has no <meta name=description>")?;
    let meta = tag_around(&doc, at, "<meta")?;
    Ok(format!(
        "{}{description}{}",
        &doc[..meta.start],
        &doc[meta.end..]
    ))
}

/// Trunk's shell with the app's start moved behind the page's `load` event and its next
/// frame, and without the preloads of its JS and wasm: the text paints first, and on a
/// slow line the wasm does not compete with the page for bandwidth. With `event` (the
/// event bundle's Trunk shell, `event-app/index.html`) every page starts that bundle
/// instead of the citizens' (see `crate::event`); with `kiosk` (`kiosk-app/index.html`), a
/// device set up as a kiosk starts the kiosk's (see `crate::kiosk`).
fn start_after_load(
    shell: &str,
    kiosk: Option<&str>,
    event: Option<&str>,
) -> Result<String, String> {
    let mut doc = shell.to_owned();
    // `<link … rel=modulepreload>` and `<link as=fetch … rel=preload type=application/wasm>`.
    while let Some(at) = ["rel=modulepreload", "type=application/wasm"]
        .iter()
        .find_map(|mark| doc.find(mark))
    {
        let link = tag_around(&doc, at, "<link")?;
        doc.replace_range(link, "");
    }
    let (range, js, wasm) = trunk_start(&doc)?;
    let (js, wasm) = match event {
        Some(event) => trunk_start(event).map(|(_, js, wasm)| (js, wasm))?,
        None => (js, wasm),
    };
    // The bundles to try in order: on a kiosk its own first, the citizens' should it fail
    // to load (e.g. offline right after an update).
    let bundles = match kiosk {
        Some(kiosk) => {
            let (_, kiosk_js, kiosk_wasm) = trunk_start(kiosk)?;
            format!(
                "let kiosk = false;\n\
                 try {{ kiosk = localStorage.getItem('mitreden:kiosk') !== null; }} catch (e) {{}}\n\
                 const citizens = ['{js}', '{wasm}'];\n\
                 const bundles = kiosk ? [['{kiosk_js}', '{kiosk_wasm}'], citizens] : [citizens];\n"
            )
        }
        None => format!("const bundles = [['{js}', '{wasm}']];\n"),
    };
    let replacement = format!(
        "<script type=module>{bundles}const start = async ([js, wasm]) => {{\n\
         const bindings = await import(js);\n\
         const instance = await bindings.default({{ module_or_path: wasm }});\n\
         window.wasmBindings = bindings;\n\
         dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm: instance }} }}));\n\
         }};\n\
         const failed = () => {{ document.documentElement.dataset.app = 'failed'; }};\n\
         const run = (i) => start(bundles[i]).catch(() => (i + 1 < bundles.length ? run(i + 1) : failed()));\n\
         const later = () => requestAnimationFrame(() => setTimeout(() => run(0), 0));\n\
         if (document.readyState === 'complete') later();\n\
         else addEventListener('load', later, {{ once: true }});</script>"
    );
    doc.replace_range(range, &replacement);
    Ok(doc)
}

/// Trunk's start-up module script in `doc`: where it is, and the JS and wasm it starts.
fn trunk_start(doc: &str) -> Result<(std::ops::Range<usize>, String, String), String> {
    let open = "<script type=module>";
    let start = doc
        .find(open)
        .ok_or("the shell has no <script type=module>")?;
    let end = doc[start..]
        .find("</script>")
        .map(|e| start + e + "</script>".len())
        .ok_or("unclosed <script>")?;
    let script = &doc[start..end];
    let quoted_after = |mark: &str| -> Result<String, String> {
        let from = script
            .find(mark)
            .ok_or(format!("Trunk's script has no {mark}"))?
            + mark.len();
        let rest = &script[from..];
        let len = rest.find('\'').ok_or("unquoted path")?;
        Ok(rest[..len].to_owned())
    };
    let js = quoted_after("from '")?;
    let wasm = quoted_after("module_or_path: '")?;
    Ok((start..end, js, wasm))
}

/// Where the tag opened by `open` (`<link`, `<meta`) around byte `at` of `doc` begins and
/// ends.
fn tag_around(doc: &str, at: usize, open: &str) -> Result<std::ops::Range<usize>, String> {
    let start = doc[..at]
        .rfind(open)
        .ok_or(format!("an attribute outside a {open}>"))?;
    let end = doc[at..]
        .find('>')
        .map(|e| at + e + 1)
        .ok_or(format!("unclosed {open}>"))?;
    Ok(start..end)
}

/// `shell` with each `<link … rel=stylesheet>` replaced by the stylesheet itself in a
/// `<style>` (read by `read` from the link's `href`): the page paints with its first
/// response, without waiting for another request. The CSS is small (6 KB, 1.6 KB brotli).
fn inline_stylesheets(
    shell: &str,
    read: impl Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut doc = shell.to_owned();
    while let Some(at) = doc.find("rel=stylesheet") {
        let link = tag_around(&doc, at, "<link")?;
        let (start, end) = (link.start, link.end);
        let tag = &doc[start..end];
        let href = tag
            .split_whitespace()
            .find_map(|attr| attr.strip_prefix("href="))
            .map(|h| h.trim_matches(['"', '\'', '>']).to_owned())
            .ok_or(format!("a stylesheet without href: {tag}"))?;
        let css = read(&href)?;
        if css.contains("</") {
            return Err(format!("{href} holds \"</\" and cannot be inlined"));
        }
        doc.replace_range(start..end, &format!("<style>{css}</style>"));
    }
    Ok(doc)
}

/// The town's colour in `<meta name=theme-color>` (address bar, installed app).
fn theme_colour(doc: &str, colour: &str) -> String {
    let Some(meta) = doc
        .find("name=theme-color")
        .and_then(|at| tag_around(doc, at, "<meta").ok())
    else {
        return doc.to_owned();
    };
    format!(
        "{}<meta name=\"theme-color\" content=\"{}\">{}",
        &doc[..meta.start],
        escape(colour),
        &doc[meta.end..]
    )
}

/// `text` with the part from `open` to `close` (both included) replaced by `with`.
fn replace_between(text: &str, open: &str, close: &str, with: &str) -> Result<String, String> {
    let start = text.find(open).ok_or(format!("the shell has no {open}"))?;
    let end = text[start..]
        .find(close)
        .map(|e| start + e + close.len())
        .ok_or(format!("the shell has no {close}"))?;
    Ok(format!("{}{with}{}", &text[..start], &text[end..]))
}

/// The first words of a text, at most 155 characters, cut at a word and marked with "…".
fn first_words(text: &str) -> String {
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

    /// Trunk's shell of a bundle named `name`, as Trunk minifies it.
    fn trunk(name: &str) -> String {
        format!(
            "<!doctype html><html lang=de><meta content=\"x\" name=description>\
             <title>t</title><script type=module>import init, * as bindings from \
             '/{name}.js';\nconst wasm = await init({{ module_or_path: '/{name}_bg.wasm' \
             }});</script></head><body></body></html>"
        )
    }

    #[test]
    fn a_kiosk_starts_its_own_bundle_and_falls_back_to_the_citizens() {
        let kiosk = trunk("kiosk-app/kiosk-2");
        let read = |href: &str| match href {
            "/kiosk-app/index.html" => Ok(kiosk.clone()),
            other => Err(format!("no {other} here")),
        };
        let prepared = super::shell(&trunk("app-1"), read).expect("a shell");
        assert!(prepared.contains("localStorage.getItem('mitreden:kiosk') !== null"));
        assert!(prepared.contains(
            "const bundles = kiosk ? [['/kiosk-app/kiosk-2.js', '/kiosk-app/kiosk-2_bg.wasm'], \
             citizens] : [citizens];"
        ));
        assert!(prepared.contains("const citizens = ['/app-1.js', '/app-1_bg.wasm'];"));
    }

    #[test]
    fn a_town_with_an_event_starts_the_events_bundle_instead_of_the_citizens() {
        let (kiosk, event) = (trunk("kiosk-app/kiosk-2"), trunk("event-app/event-3"));
        let read = |href: &str| match href {
            "/kiosk-app/index.html" => Ok(kiosk.clone()),
            "/event-app/index.html" => Ok(event.clone()),
            other => Err(format!("no {other} here")),
        };
        let prepared = super::shell(&trunk("app-1"), read).expect("a shell");
        assert!(prepared
            .contains("const citizens = ['/event-app/event-3.js', '/event-app/event-3_bg.wasm'];"));
        assert!(!prepared.contains("/app-1"), "{prepared}");
    }

    #[test]
    fn every_section_page_holds_its_full_text_title_and_navigation() {
        let shell = "<!doctype html><html lang=de><meta content=\"x\" name=description>\
                     <title>mitreden</title><script type=module>import init, * as bindings \
                     from '/app-1.js';\nconst wasm = await init({ module_or_path: \
                     '/app-1_bg.wasm' });</script><link crossorigin href=/app-1.js \
                     integrity=sha384-x rel=modulepreload><link as=fetch crossorigin \
                     href=/app-1_bg.wasm rel=preload type=application/wasm></head>\
                     <body><noscript>nur mit JavaScript</noscript></body></html>";
        let prepared = super::shell(shell, |href| Err(format!("no {href} here"))).expect("a shell");
        for page in pages() {
            let doc = document(&prepared, &page).expect("a document");
            assert!(doc.contains(&format!("<title>{}</title>", escape(&page.title))));
            assert!(
                doc.contains("const bundles = [['/app-1.js', '/app-1_bg.wasm']];"),
                "{doc}"
            );
            assert!(doc.contains("addEventListener('load', later"), "{doc}");
            assert!(doc.contains("setTimeout(() => run(0), 0)"), "{doc}");
            assert!(doc.contains(": failed()"), "{doc}");
            assert!(!doc.contains("preload"), "{doc}");
            assert!(!doc.contains("nur mit JavaScript"), "{doc}");
            assert!(doc.contains("<nav"), "{doc}");
            if let Some(id) = page.path.strip_prefix("/abschnitt/") {
                let content = use_content();
                let section = content.section(id).expect("a section");
                for paragraph in mitreden_model::paragraphs(&section.text) {
                    assert!(doc.contains(&escape(&paragraph)), "{id}: {paragraph}");
                }
            }
        }
    }

    /// Every English page speaks English: no German text of the UI's texts table appears in
    /// it (the town's own texts stay German, marked `lang="de"`; they are not in the table).
    #[test]
    fn english_pages_have_no_german_ui_text() {
        use crate::i18n::tests::samples;
        use crate::i18n::{DE, EN};
        let en = samples(&EN);
        // The town's own words may contain a UI word ("berücksichtigt" in a Leitmotiv).
        let s = use_content();
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
        let german: Vec<String> = german_ui_texts(samples(&DE), &en)
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
        for page in pages().into_iter().filter(|p| p.locale == Locale::En) {
            let html = unescape(&render(&page.path));
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
        let section = render("/en/abschnitt/leitmotiv-1");
        for d in &s.self_descriptions {
            assert!(
                section.contains(&format!("lang=\"de\">{}</option>", escape(d))),
                "{d} not marked German"
            );
        }
    }

    /// German UI texts that must not appear in an English page: at least 12 characters
    /// (shorter ones are words English shares, like "Leitmotiv 2"), and not inside their
    /// own English text (named there, like "Plain language (Leichte Sprache)").
    fn german_ui_texts(
        de: Vec<crate::i18n::check::Sample>,
        en: &[crate::i18n::check::Sample],
    ) -> Vec<String> {
        de.into_iter()
            .filter(|de| de.text.chars().count() >= 12)
            .filter(|de| {
                en.iter()
                    .any(|e| e.name == de.name && !e.text.contains(de.text.as_str()))
            })
            .map(|de| de.text)
            .collect()
    }

    /// Writes the German texts of the citizens' and the administration's tables to
    /// `target/e2e/german-ui.json`, for the end-to-end walk through the English app's live
    /// parts (`tests/e2e/languages.spec.ts`), which the prerendered pages cannot show.
    #[test]
    fn german_ui_texts_for_the_browser_walk() {
        use crate::admin::texts::i18n_tests::samples as admin_samples;
        use crate::i18n::tests::samples;
        use crate::i18n::{DE, EN};
        let mut texts = german_ui_texts(samples(&DE), &samples(&EN));
        texts.extend(german_ui_texts(
            admin_samples(&crate::admin::texts::DE),
            &admin_samples(&crate::admin::texts::EN),
        ));
        assert!(texts.len() > 200, "the tables have the UI's texts");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
        std::fs::create_dir_all(&dir).expect("target/e2e");
        let json = serde_json::to_string_pretty(&texts).expect("JSON");
        std::fs::write(dir.join("german-ui.json"), json).expect("written");
    }

    #[test]
    fn stylesheets_are_inlined() {
        let shell = "<head><link href=/main-1.css integrity=sha384-x rel=stylesheet>\
                     <link href=/icon.svg rel=icon></head>";
        let doc = inline_stylesheets(shell, |href| {
            assert_eq!(href, "/main-1.css");
            Ok("body{color:#111}".into())
        })
        .expect("inlined");
        assert_eq!(
            doc,
            "<head><style>body{color:#111}</style><link href=/icon.svg rel=icon></head>"
        );
        assert!(inline_stylesheets(shell, |_| Ok("a</style>".into())).is_err());
    }

    #[test]
    fn the_start_page_links_every_section() {
        let html = render("/");
        for section in &use_content().sections {
            assert!(
                html.contains(&format!("href=\"/abschnitt/{}\"", section.id)),
                "{}",
                section.id
            );
        }
    }
}
