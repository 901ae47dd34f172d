//! The place of the kiosk bar in every prerendered page: empty, and on a kiosk
//! (`html.kiosk`, CSS) given its height before the first paint, so that nothing shifts
//! when the kiosk's bundle fills it ([`crate::kiosk`]: "Neu beginnen", the idle warning,
//! the thanks). Its markup lives in the kiosk's bundle, not in every citizen's page.

use leptos::prelude::*;

/// The empty kiosk bar (filled by the kiosk's bundle).
#[component]
pub fn KioskShell() -> impl IntoView {
    view! { <div class="kiosk-bar" id="kiosk-leiste"></div> }
}
