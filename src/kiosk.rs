//! Kiosk mode in the browser: a shared touch device in the town hall (see
//! `mitreden_model::kiosk`).
//!
//! The device is a kiosk while its storage holds the kiosk's set-up (made once by the
//! set-up link, which the administration's bundle handles: `admin`); nothing in
//! the URL can end it, only staff signed in to the administration. In kiosk mode links replace the history entry instead of adding one,
//! "Meine Beiträge" and one's own items are not offered, and between two people
//! ([`reset`]) everything typed but not sent is wiped; what was sent stays in the outbox
//! until the server has it. The idle warning, "Neu beginnen" and the thanks after sending
//! are drawn and wired here with plain DOM code, in the kiosk's own bundle
//! (`bin/mitreden-kiosk.rs`): no citizen's phone downloads any of it.

use std::sync::atomic::{AtomicBool, Ordering};

use std::time::Duration;

use leptos::prelude::*;
use mitreden_model::kiosk::{kept_at_reset, StoredKiosk, WARNING_SECONDS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::i18n::t;
use crate::storage;

/// Set once a reset has begun: from then on nothing typed may be saved.
static RESETTING: AtomicBool = AtomicBool::new(false);

/// Whether this page is being reset (the comment form then saves nothing more).
pub fn resetting() -> bool {
    RESETTING.load(Ordering::Relaxed)
}

/// This device's kiosk, in context while the app runs on one.
#[derive(Clone, Copy)]
pub struct Kiosk {
    /// What the comment form calls after sending ([`sent`]), reached through the context
    /// so that the citizens' bundle, which never starts kiosk mode, has none of its code.
    pub on_sent: fn(&str, Option<&str>),
    /// Seconds without a touch before the warning.
    idle_seconds: u32,
    /// The idle timer, once someone touched the screen.
    idle: StoredValue<Option<TimeoutHandle>>,
    /// The warning's countdown: seconds left, and its timer.
    left: StoredValue<Option<u32>>,
    tick: StoredValue<Option<TimeoutHandle>>,
}

/// The kiosk, if this device is one (the app provides it).
pub fn use_kiosk() -> Option<Kiosk> {
    use_context::<Kiosk>()
}

/// Starts kiosk mode if this device is one: provides [`Kiosk`], draws the bar with its
/// label and "Neu beginnen" into the page's empty kiosk bar (`KioskShell`) and the
/// dialogs of the idle warning and the thanks, wires them, keeps the history to one entry,
/// and asks the server whether the kiosk still exists (a revoked one ends here).
pub fn start() -> Option<Kiosk> {
    let StoredKiosk { kiosk, secret } = storage::kiosk()?;
    if let Some(root) = document().document_element() {
        let _ = root.class_list().add_1("kiosk");
    }
    // Passers-by see the town's name; the label is the office's own word for the device.
    draw(&crate::content::use_content().town);
    let _ = window_event_listener(leptos::ev::click, replace_history);
    leptos::task::spawn_local(async move {
        if crate::http::kiosk_check(&secret).await == Some(false) {
            end();
            let _ = window().location().reload();
        }
    });
    let k = Kiosk {
        on_sent: sent,
        idle_seconds: kiosk.idle_seconds,
        idle: StoredValue::new(None),
        left: StoredValue::new(None),
        tick: StoredValue::new(None),
    };
    provide_context(k);
    on_click("kiosk-neu", reset);
    on_click("kiosk-fertig", reset);
    on_click("kiosk-weiter", move || k.go_on());
    trap_focus("kiosk-warnung");
    trap_focus("kiosk-danke");
    // Escape: the warning goes on, the thanks end.
    on_cancel("kiosk-warnung", move || k.go_on());
    on_cancel("kiosk-danke", reset);
    for event in ["pointerdown", "keydown", "input", "wheel", "scroll"] {
        let _ = window_event_listener_untyped(event, move |_| k.touched());
    }
    // Someone left this page behind them (another page than the fresh start page, or
    // something typed): the idle time runs without waiting for a touch.
    let typed = crate::outbox::use_outbox()
        .items()
        .with_untracked(|items| items.iter().any(|i| !kept_at_reset(&i.state)));
    if typed || window().location().pathname().ok().as_deref() != Some("/") {
        k.touched();
    }
    Some(k)
}

/// Ends kiosk mode on this device (revoked, or staff ended it): first everything of the
/// people before goes, as at a reset, so the device does not turn into a citizen's device
/// with their comments and receipts.
pub fn end() {
    storage::wipe(|item| kept_at_reset(&item.state));
    storage::clear_kiosk();
}

impl Kiosk {
    /// Someone is here: (re)start the idle time. A fresh start page nobody has touched
    /// has nothing to warn about, so the timer starts with the first touch.
    /// While the thanks show the receipt, the warning waits a time of its own, longer than
    /// the idle time's: the person who sent is taking out a phone to scan it.
    fn touched(self) {
        if self.left.get_value().is_some() {
            return;
        }
        let thanking = dialog("kiosk-danke").is_some_and(|d| d.open());
        let seconds = if thanking {
            THANKS_SECONDS.max(self.idle_seconds)
        } else {
            self.idle_seconds
        };
        if let Some(h) = self.idle.get_value() {
            h.clear();
        }
        let warn = move || {
            self.left.set_value(Some(WARNING_SECONDS));
            show("kiosk-warnung");
            self.count_down();
        };
        let after = Duration::from_secs(u64::from(seconds));
        self.idle
            .set_value(set_timeout_with_handle(warn, after).ok());
    }

    /// One second of the warning; at zero the next person starts afresh.
    fn count_down(self) {
        let Some(n) = self.left.get_value() else {
            return;
        };
        if n == 0 {
            reset();
            return;
        }
        if let Some(text) = document().get_element_by_id("kiosk-warnung-text") {
            text.set_text_content(Some(&(t().kiosk_idle_text)(n)));
        }
        let next = move || {
            // A countdown that "weiter" ended (or a newer one replaced) stops here.
            if self.left.get_value() == Some(n) {
                self.left.set_value(Some(n - 1));
                self.count_down();
            }
        };
        self.tick
            .set_value(set_timeout_with_handle(next, Duration::from_secs(1)).ok());
    }

    /// "Ich bin noch da": the warning closes, the idle time starts again.
    fn go_on(self) {
        if let Some(h) = self.tick.get_value() {
            h.clear();
        }
        self.left.set_value(None);
        close("kiosk-warnung");
        self.touched();
    }
}

/// The kiosk's markup: the bar (in its place in the page's header) and the two dialogs.
/// Texts go in as text, never as markup.
fn draw(label: &str) {
    let t = t();
    let Some(bar) = document().get_element_by_id("kiosk-leiste") else {
        return;
    };
    bar.set_inner_html(
        "<span id=kiosk-bezeichnung></span>\
         <button type=button class=button id=kiosk-neu></button>",
    );
    let dialogs = "<dialog id=kiosk-warnung role=alertdialog aria-labelledby=kiosk-warnung-titel \
         aria-describedby=kiosk-warnung-text><h2 id=kiosk-warnung-titel></h2>\
         <p id=kiosk-warnung-text></p><button type=button class=button id=kiosk-weiter></button>\
         </dialog><dialog id=kiosk-danke aria-labelledby=kiosk-danke-titel>\
         <h2 id=kiosk-danke-titel></h2><p id=kiosk-danke-text></p><div id=kiosk-qr></div>\
         <div id=kiosk-benachrichtigung></div>\
         <button type=button class=button id=kiosk-fertig></button></dialog>";
    let _ = bar.insert_adjacent_html("afterend", dialogs);
    for (id, text) in [
        ("kiosk-bezeichnung", label),
        ("kiosk-neu", t.kiosk_restart),
        ("kiosk-warnung-titel", t.kiosk_idle_heading),
        ("kiosk-weiter", t.kiosk_idle_continue),
        ("kiosk-danke-titel", t.kiosk_thanks_heading),
        ("kiosk-danke-text", t.kiosk_thanks_text),
        ("kiosk-fertig", t.kiosk_done),
    ] {
        if let Some(el) = document().get_element_by_id(id) {
            el.set_text_content(Some(text));
        }
    }
}

/// The `<dialog>` with this id.
fn dialog(id: &str) -> Option<web_sys::HtmlDialogElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

thread_local! {
    /// Where the focus was when a dialog took it, to give it back when it closes.
    static RETURN_TO: std::cell::RefCell<Option<web_sys::HtmlElement>> =
        const { std::cell::RefCell::new(None) };
}

/// Opens the dialog `id` as a modal (the rest of the page inert, focus inside), keeping
/// where the focus was.
fn show(id: &str) {
    if let Some(dialog) = dialog(id) {
        if !dialog.open() {
            let before = document()
                .active_element()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            RETURN_TO.with(|r| *r.borrow_mut() = before);
            let _ = dialog.show_modal();
        }
    }
}

/// Closes the dialog `id` and gives the focus back to where it was before it opened.
fn close(id: &str) {
    if let Some(dialog) = dialog(id) {
        dialog.close();
    }
    if let Some(el) = RETURN_TO.with(|r| r.borrow_mut().take()) {
        let _ = el.focus();
    }
}

/// Tab and Shift+Tab stay inside the dialog `id`: from its last control to its first and
/// back (a modal dialog makes the page inert, but Tab would otherwise leave for the browser).
fn trap_focus(id: &str) {
    let dialog_id = id.to_owned();
    listen(id, "keydown", move |ev: web_sys::Event| {
        let Ok(key) = ev.dyn_into::<web_sys::KeyboardEvent>() else {
            return;
        };
        if key.key() != "Tab" {
            return;
        }
        let Some(list) = dialog(&dialog_id).and_then(|d| {
            d.query_selector_all("button, a[href], input, textarea, select")
                .ok()
        }) else {
            return;
        };
        let controls: Vec<web_sys::HtmlElement> = (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .collect();
        let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
            return;
        };
        let active = document().active_element();
        let at = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.as_ref());
        let next = match (key.shift_key(), at(first), at(last)) {
            (true, true, _) => last,
            (false, _, true) => first,
            _ => return,
        };
        key.prevent_default();
        let _ = next.focus();
    });
}

fn on_click(id: &str, f: impl Fn() + 'static) {
    listen(id, "click", move |_| f());
}

/// Escape on a modal dialog: `f` instead of the browser's plain close.
fn on_cancel(id: &str, f: impl Fn() + 'static) {
    listen(id, "cancel", move |ev: web_sys::Event| {
        ev.prevent_default();
        f();
    });
}

fn listen(id: &str, event: &str, f: impl Fn(web_sys::Event) + 'static) {
    let Some(el) = document().get_element_by_id(id) else {
        return;
    };
    let f = Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = el.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
    f.forget();
}

/// A click on a link to one of our pages loads it in place of the current history entry,
/// so "back" never shows what the person before typed or read.
fn replace_history(ev: web_sys::MouseEvent) {
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href^='/']").ok().flatten())
    else {
        return;
    };
    let Some(href) = link.get_attribute("href") else {
        return;
    };
    ev.prevent_default();
    let _ = window().location().replace(&href);
}

/// On a kiosk, the comment `id` with its receipt `token` was sent: the thanks show its
/// receipt link once, as a QR code, until "Fertig" starts afresh.
fn sent(id: &str, token: Option<&str>) {
    let Some(token) = token else {
        return;
    };
    let origin = window().location().origin().unwrap_or_default();
    let link = format!("{origin}/beitrag/{id}#{token}");
    if let (Some(qr), Some(svg)) = (
        document().get_element_by_id("kiosk-qr"),
        mitreden_model::qr::svg(&link, t().kiosk_qr_label),
    ) {
        qr.set_inner_html(&svg);
    }
    offer_mail(id, token);
    show("kiosk-danke");
    if let Some(k) = use_kiosk() {
        k.touched();
    }
}

/// In the thanks, where this server sends mail: the e-mail way to follow the comment (the
/// passer-by won't come back to this device), once the town has it — a kiosk keeps nothing
/// received, so it is gone from the outbox then. The address lives in the form alone and
/// goes with the page at the reset.
fn offer_mail(id: &str, token: &str) {
    use crate::components::{mail_offered, NotifyForm};
    use mitreden_model::outbox::ItemState;
    let (Some(place), Some(outbox)) = (
        document().get_element_by_id("kiosk-benachrichtigung"),
        use_context::<crate::outbox::Outbox>(),
    ) else {
        return;
    };
    if !mail_offered() {
        return;
    }
    let (id, token) = (id.to_owned(), token.to_owned());
    let received = {
        let id = id.clone();
        move || {
            outbox.items().with(|items| {
                !items
                    .iter()
                    .any(|i| i.comment.id == id && !matches!(i.state, ItemState::Received { .. }))
            })
        }
    };
    place.set_text_content(None);
    leptos::mount::mount_to(place.unchecked_into(), move || {
        move || {
            received()
                .then(|| view! { <NotifyForm id=id.clone() token=token.clone() nested=true /> })
        }
    })
    .forget();
}

/// How long the thanks (with the receipt's QR code) stay before the warning.
const THANKS_SECONDS: u32 = 90;

/// The reset between two people: wipes what was typed and not sent (drafts, form state,
/// session storage, what the server already has), keeps what waits for the server, and
/// loads the start page afresh (a new DOM, the history entry replaced).
pub fn reset() {
    RESETTING.store(true, Ordering::Relaxed);
    storage::wipe(|item| kept_at_reset(&item.state));
    // Staff may have signed in on this device (to end kiosk mode): never for the next one.
    crate::http::admin_logout_beacon();
    let _ = window().location().replace("/");
}
