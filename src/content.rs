//! The strategy as the views read it: [`Content`], a shared copy handed down as a context.
//!
//! The app carries no strategy of its own: one build serves every town and every version.
//! The server renders each page with the strategy it holds and writes what the page's live
//! parts need of it (`Strategy::for_page`) as JSON into the page
//! (`<script type="application/json" id="strategie">`, see `crate::render`); the app reads
//! it once as it starts ([`Content::from_page`]) and provides it. Views ask
//! [`use_content`]; where there is no context (a spawned task, a timer) it falls back to
//! the page's. The tests read the town's file instead ([`test_content`]).

use std::sync::Arc;

use leptos::prelude::{provide_context, use_context};
use mitreden_model::event::Event;
use mitreden_model::{Section, Strategy};

/// The `id` of the page's JSON element.
pub const ELEMENT_ID: &str = "strategie";

/// The strategy a page shows: cheap to clone, one copy for the whole page.
#[derive(Debug, Clone)]
pub struct Content(Arc<Strategy>);

impl Content {
    /// `strategy` as content.
    pub fn new(strategy: Arc<Strategy>) -> Self {
        Self(strategy)
    }

    /// The section with this id, as a value of its own for a part's props.
    pub fn section_arc(&self, id: &str) -> Option<Arc<Section>> {
        self.0.section(id).map(|s| Arc::new(s.clone()))
    }

    /// The participation event, where the strategy announces one.
    pub fn event_arc(&self) -> Option<Arc<Event>> {
        self.0.event.clone().map(Arc::new)
    }

    /// The page's content, read from its JSON element once (`None` where the page has none,
    /// or none that reads as a strategy).
    #[cfg(target_arch = "wasm32")]
    pub fn from_page() -> Option<Content> {
        thread_local! {
            static PAGE: std::cell::OnceCell<Option<Content>> = const { std::cell::OnceCell::new() };
        }
        PAGE.with(|page| {
            page.get_or_init(|| {
                let text = leptos::prelude::document()
                    .get_element_by_id(ELEMENT_ID)?
                    .text_content()?;
                read::strategy(&text).map(|s| Content(Arc::new(s)))
            })
            .clone()
        })
    }

    /// Natively there is no page to read (the renderer provides the content).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_page() -> Option<Content> {
        None
    }
}

impl std::ops::Deref for Content {
    type Target = Strategy;
    fn deref(&self) -> &Strategy {
        &self.0
    }
}

/// Reading the page's JSON into a [`Strategy`] field by field with the browser's `JSON`
/// and `Reflect`. serde (with serde-wasm-bindgen, as `crate::json` reads stored items) did
/// the same for 4.4 KB brotli more of the first load than the strategy compiled in before;
/// this is a fraction of that. A field the page leaves out reads as empty. A wasm test
/// reads what the server writes (`Strategy::page_json` of `Strategy::for_page`) back to
/// the same strategy.
#[cfg(target_arch = "wasm32")]
pub(crate) mod read {
    use js_sys::{Array, Reflect, JSON};
    use mitreden_model::event::{Event, EventAttribute, Quota};
    use mitreden_model::{
        EarlierVersion, Rendering, RenderingNotes, Section, SectionKind, Strategy,
    };
    use wasm_bindgen::JsValue;

    fn get(o: &JsValue, key: &str) -> JsValue {
        Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn text(o: &JsValue, key: &str) -> String {
        get(o, key).as_string().unwrap_or_default()
    }

    fn optional(o: &JsValue, key: &str) -> Option<String> {
        get(o, key).as_string()
    }

    fn number(o: &JsValue, key: &str) -> u32 {
        get(o, key).as_f64().map_or(0, |n| n as u32)
    }

    fn list<T>(o: &JsValue, key: &str, item: impl Fn(&JsValue) -> Option<T>) -> Vec<T> {
        let value = get(o, key);
        if !Array::is_array(&value) {
            return Vec::new();
        }
        Array::from(&value)
            .iter()
            .filter_map(|v| item(&v))
            .collect()
    }

    fn texts(o: &JsValue, key: &str) -> Vec<String> {
        list(o, key, JsValue::as_string)
    }

    fn object(o: &JsValue, key: &str) -> Option<JsValue> {
        Some(get(o, key)).filter(JsValue::is_object)
    }

    fn rendering(o: &JsValue, key: &str) -> Option<Rendering> {
        object(o, key).map(|r| Rendering {
            title: text(&r, "title"),
            text: text(&r, "text"),
        })
    }

    fn section(o: &JsValue) -> Option<Section> {
        Some(Section {
            id: text(o, "id"),
            kind: SectionKind::from_key(&text(o, "kind"))?,
            number: text(o, "number"),
            title: text(o, "title"),
            text: text(o, "text"),
            projects: texts(o, "projects"),
            earlier: list(o, "earlier", |e| {
                Some(EarlierVersion {
                    date: optional(e, "date"),
                    text: text(e, "text"),
                    reason: text(e, "reason"),
                    reconstructed: get(e, "reconstructed").as_bool().unwrap_or_default(),
                })
            }),
            en: rendering(o, "en"),
            leichte_sprache: rendering(o, "leichte_sprache"),
        })
    }

    fn event(e: &JsValue) -> Event {
        Event {
            id: text(e, "id"),
            title: text(e, "title"),
            text: text(e, "text"),
            date: text(e, "date"),
            place: text(e, "place"),
            seats: number(e, "seats"),
            applications_open: text(e, "applications_open"),
            applications_close: text(e, "applications_close"),
            delete_contacts_after: text(e, "delete_contacts_after"),
            public_randomness: text(e, "public_randomness"),
            attributes: list(e, "attributes", |a| {
                Some(EventAttribute {
                    id: text(a, "id"),
                    label: text(a, "label"),
                    values: texts(a, "values"),
                })
            }),
            quotas: list(e, "quotas", |q| {
                Some(Quota {
                    attribute: text(q, "attribute"),
                    value: text(q, "value"),
                    seats: number(q, "seats"),
                })
            }),
        }
    }

    /// The strategy in `json` (the page's element), if it reads as one.
    pub fn strategy(json: &str) -> Option<Strategy> {
        let o = JSON::parse(json)
            .ok()
            .filter(|o| get(o, "id").is_string())?;
        let notes = object(&o, "rendering_notes");
        let note = |key| notes.as_ref().map(|n| text(n, key)).unwrap_or_default();
        Some(Strategy {
            id: text(&o, "id"),
            town: text(&o, "town"),
            title: text(&o, "title"),
            status: text(&o, "status"),
            invitation: text(&o, "invitation"),
            introduction: text(&o, "introduction"),
            theme_color: text(&o, "theme_color"),
            source: text(&o, "source"),
            contact: text(&o, "contact"),
            licence: text(&o, "licence"),
            licence_url: text(&o, "licence_url"),
            self_descriptions: texts(&o, "self_descriptions"),
            rendering_notes: RenderingNotes {
                en: note("en"),
                leichte_sprache: note("leichte_sprache"),
            },
            // Only the rendered page shows the statement.
            accessibility: None,
            leichte_sprache_page: text(&o, "leichte_sprache_page"),
            participation_ends: optional(&o, "participation_ends"),
            event: object(&o, "event").map(|e| event(&e)),
            // Only the server and the rendered privacy page use them.
            retention: Default::default(),
            privacy: Default::default(),
            sections: list(&o, "sections", section),
        })
    }

    #[cfg(test)]
    mod tests {
        use wasm_bindgen_test::*;

        wasm_bindgen_test_configure!(run_in_browser);

        /// What the server writes into a page (`page_json` of `Strategy::for_page`) reads
        /// back to the same strategy: every field the parts need, for the start page, each
        /// section's page, and a town with an event.
        #[wasm_bindgen_test]
        fn the_pages_json_reads_back_whole() {
            let sindelfingen = super::super::test_content();
            let mut with_event = (*sindelfingen).clone();
            with_event.event = Some(crate::pages::test_event());
            for strategy in [(*sindelfingen).clone(), with_event] {
                let mut pages: Vec<Option<&str>> = vec![None];
                pages.extend(strategy.sections.iter().map(|s| Some(s.id.as_str())));
                for page in pages {
                    for english in [false, true] {
                        let expected = strategy.for_page(page, english);
                        let json = expected.page_json();
                        assert_eq!(super::strategy(&json), Some(expected), "{page:?}");
                    }
                }
            }
            assert_eq!(super::strategy("kein JSON"), None);
            assert_eq!(super::strategy("[]"), None);
        }
    }
}

/// The content where no context has one: the page's (in the tests, the town's file).
fn fallback() -> Option<Content> {
    #[cfg(test)]
    return Some(test_content());
    #[cfg(not(test))]
    return Content::from_page();
}

/// The page's content: the one its app (or the renderer) provided, else the page's own.
///
/// # Panics
/// Where neither exists: a renderer that provided none, or a view outside a page of ours
/// (the app does not start on such a page, see `crate::app::start`).
pub fn use_content() -> Content {
    use_context::<Content>()
        .or_else(fallback)
        .expect("a strategy: provided by the renderer, or in the page's JSON")
}

/// Provides the page's content to everything mounted below (called where an app starts);
/// answers it.
pub fn provide_content() -> Content {
    let content = use_content();
    provide_context(content.clone());
    content
}

/// Sindelfingen's strategy from its file, as the tests' content (the page's JSON is the
/// server's, see `render`'s tests for what it holds).
#[cfg(test)]
pub fn test_content() -> Content {
    thread_local! {
        static TOWN: Content = Content(Arc::new(
            mitreden_model::parse::parse_strategy(
                "content/sindelfingen.toml",
                include_str!("../content/sindelfingen.toml"),
            )
            .expect("Sindelfingen's file parses"),
        ));
    }
    TOWN.with(Content::clone)
}
