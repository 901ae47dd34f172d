//! The strategy bundled into the app at build time.
//!
//! `build.rs` parses the chosen strategy file and writes Rust source into `OUT_DIR`; this
//! module includes it. The browser so reads the whole strategy without a network and
//! without a parser.

use std::sync::OnceLock;

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

/// The bundled strategy, built once on first use.
pub fn strategy() -> &'static Strategy {
    static STRATEGY: OnceLock<Strategy> = OnceLock::new();
    STRATEGY.get_or_init(build_strategy)
}
