//! mitreden's web app: citizens read the town's strategy and (soon) comment on it, offline
//! first. A client-side Leptos app compiled to wasm32 by Trunk.
//!
//! # Layout
//! - [`content`]: the strategy bundled at build time (see `build.rs`).
//! - [`i18n`]: every text the UI shows; components never hard-code words.
//! - [`app`]: the shell — router, skip link, header, footer, page titles and focus.
//! - [`pages`]: one module per route; thin components over the model's plain types.

pub mod app;
pub mod content;
pub mod i18n;
pub mod pages;
