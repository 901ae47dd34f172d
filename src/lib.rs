//! mitreden's web app: citizens read the town's strategy and comment on it, offline first. A client-side Leptos app compiled to wasm32 by Trunk.
//! The administration is a crate of its own (`crates/admin`) that uses this one's shell,
//! texts, storage and HTTP requests; nothing here can reach it.
//!
//! # Layout
//! - [`content`]: the strategy as the views read it, from the JSON the server writes into
//!   each page (no strategy is compiled into the app).
//! - [`i18n`]: every text the UI shows; components never hard-code words.
//! - [`app`]: the shell — router, skip link, header, footer, page titles and focus.
//! - [`pages`]: one module per route; thin components over the model's plain types.
//! - [`components`]: the comment form, the list of one's own items, the sync indicator.
//! - [`outbox`]: the reactive outbox — storage, other tabs, sending, retry timer.
//! - [`storage`]: the one module that touches browser storage.
//! - [`http`]: the one module that talks HTTP.
//! - [`json`]: JSON through the browser's own `JSON` (no JSON parser in the wasm).
//! - [`snippets`]: the "Einbinden" page's snippets: this server's address, copy buttons.
//! - [`event`]: a participation event's part and the sending of applications, started only
//!   by the event's bundle (`bin/mitreden-event.rs`) and the kiosk's.
//! - [`kiosk`]: kiosk mode — the device's kiosk, history kept to one entry, the reset.
//! - [`sw`]: the service worker: registration, updates, persistent storage.
//! - [`clock`]: time, randomness and UUIDs from the browser.
//! - `render` (feature `ssr`, native): every page as a whole HTML document, rendered by the
//!   same components, for the first paint before the wasm and for readers without it; the
//!   server renders them from the strategy it holds.

#![recursion_limit = "256"]

pub mod app;
pub mod clipboard;
pub mod clock;
pub mod components;
pub mod content;
pub mod event;
pub mod http;
pub mod i18n;
pub mod json;
pub mod kiosk;
pub mod outbox;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod render;
pub mod snippets;
pub mod storage;
pub mod sw;
pub mod task;
