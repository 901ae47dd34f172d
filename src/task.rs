//! Async work that belongs to a part of the page: a row's look-up, a click's request. It
//! runs under the part's reactive owner with Leptos' `spawn_local_scoped_with_cancellation`,
//! so when the part goes (a row re-made, a pane for another comment) the work is cancelled
//! with it and never writes into its disposed signals — in wasm such a write is a panic.
//!
//! Why not `LocalResource` and `Action`: they do the same and more (transitions, pending
//! states, suspense) and cost 25 KB brotli of the citizens' first load, measured with twiggy
//! against this (see ARCHITECTURE.md); the administration's bundle, outside the budget,
//! uses `Action`.

use std::future::Future;

use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;
use leptos::task::spawn_local_scoped_with_cancellation;

/// The part (reactive owner) that is current where it is taken — in a component's body —
/// held weakly, so that work a click starts later still belongs to the part.
#[derive(Clone)]
pub struct Part(WeakOwner);

impl Part {
    /// The part being made now.
    pub fn here() -> Self {
        Self(Owner::current().unwrap_or_default().downgrade())
    }

    /// Runs `work` as this part's: cancelled when the part goes; not started if it is gone.
    pub fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        if let Some(owner) = self.0.upgrade() {
            owner.with(|| spawn_local_scoped_with_cancellation(work));
        }
    }
}

/// Runs `work` as the part being made now (a component's load when it appears).
pub fn spawn_here(work: impl Future<Output = ()> + 'static) {
    spawn_local_scoped_with_cancellation(work);
}

/// Resolves at the browser's next frame: after the page has shown what the signals set
/// before it says.
pub async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
}
