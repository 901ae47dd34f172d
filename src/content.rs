//! The strategy as the views read it: [`Content`], a shared copy handed down as a context.
//!
//! Today its source is the strategy bundled into the app at build time: `build.rs` parses
//! the chosen strategy file and writes Rust source into `OUT_DIR`; this module includes it.
//! Views never reach for that directly but ask [`use_content`], so that the source can become
//! the page itself (issue 22: one build for every strategy) in one place.

use std::sync::{Arc, OnceLock};

use leptos::prelude::{provide_context, use_context};

#[allow(
    unused_imports,
    reason = "the generated strategy names what it has; the browser bundle has no accessibility statement"
)]
use mitreden_model::event::{Event, EventAttribute, Quota};
#[allow(unused_imports, reason = "the generated strategy names what it has")]
use mitreden_model::{
    Accessibility, Compliance, EarlierVersion, Rendering, RenderingNotes, Section, SectionKind,
    Strategy,
};

include!(concat!(env!("OUT_DIR"), "/strategy.rs"));

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
}

impl std::ops::Deref for Content {
    type Target = Strategy;
    fn deref(&self) -> &Strategy {
        &self.0
    }
}

/// The bundled strategy, built once on first use.
fn bundled() -> &'static Arc<Strategy> {
    static STRATEGY: OnceLock<Arc<Strategy>> = OnceLock::new();
    STRATEGY.get_or_init(|| Arc::new(build_strategy()))
}

/// The page's content: the one its app (or the renderer) provided, else the bundled one.
pub fn use_content() -> Content {
    use_context::<Content>().unwrap_or_else(|| Content(bundled().clone()))
}

/// Provides the page's content to everything mounted below (called where an app starts:
/// the one a renderer provided, else the bundled one); answers it.
pub fn provide_content() -> Content {
    let content = use_content();
    provide_context(content.clone());
    content
}
