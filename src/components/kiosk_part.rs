//! The kiosk's markup, in every prerendered page and shown only on a kiosk (`html.kiosk`,
//! CSS): the bar with "Neu beginnen", the idle warning, and the thanks with the receipt
//! as a QR code. Static here; [`crate::kiosk`] wires it up on a kiosk with a few lines of
//! DOM code — as Leptos views the same cost 17.7 KB brotli of every citizen's first load,
//! for a screen that exists on a few devices in the town hall.

use leptos::prelude::*;
use mitreden_model::kiosk::WARNING_SECONDS;

use crate::i18n::t;

/// The kiosk bar and its two dialogs (ids used by [`crate::kiosk`]).
#[component]
pub fn KioskShell() -> impl IntoView {
    let t = t();
    view! {
        <div class="kiosk-bar">
            <span id="kiosk-bezeichnung"></span>
            <button type="button" class="button" id="kiosk-neu">{t.kiosk_restart}</button>
        </div>
        <dialog
            id="kiosk-warnung"
            role="alertdialog"
            aria-labelledby="kiosk-warnung-titel"
            aria-describedby="kiosk-warnung-text"
        >
            <h2 id="kiosk-warnung-titel">{t.kiosk_idle_heading}</h2>
            <p id="kiosk-warnung-text">{(t.kiosk_idle_text)(WARNING_SECONDS)}</p>
            <button type="button" class="button" id="kiosk-weiter">{t.kiosk_idle_continue}</button>
        </dialog>
        <dialog id="kiosk-danke" aria-labelledby="kiosk-danke-titel">
            <h2 id="kiosk-danke-titel">{t.kiosk_thanks_heading}</h2>
            <p>{t.kiosk_thanks_text}</p>
            <div id="kiosk-qr"></div>
            <button type="button" class="button" id="kiosk-fertig">{t.kiosk_done}</button>
        </dialog>
    }
}
