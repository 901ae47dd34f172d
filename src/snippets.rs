//! The "Einbinden" page's snippets in the browser: this server's address put in for the
//! placeholder the prerendered page carries, and the copy buttons made to work.
//!
//! Plain DOM code rather than a Leptos part: the page is static apart from these two
//! things, and a part rendering the snippets anew cost 2.6 KB brotli of every first load
//! (measured); this costs a fraction of that.

use leptos::prelude::{document, window};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::i18n::t;

/// Does nothing on pages without snippets.
pub fn enhance() {
    let Ok(codes) = document().query_selector_all("[data-snippet]") else {
        return;
    };
    if codes.length() == 0 {
        return;
    }
    let origin = window().location().origin().unwrap_or_default();
    let placeholder = t().embed_origin_placeholder;
    for i in 0..codes.length() {
        let Some(code) = codes
            .item(i)
            .and_then(|c| c.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let text = code.text_content().unwrap_or_default();
        let address = text.replace(placeholder, &origin);
        code.set_text_content(Some(&address));
        // The print view's address with its QR code beside it (the server draws it).
        if let Some(img) = code
            .get_attribute("data-qr")
            .and_then(|id| document().get_element_by_id(&id))
        {
            let src = format!(
                "/api/v1/qr.svg?text={}",
                js_sys::encode_uri_component(&address)
            );
            let _ = img.set_attribute("src", &src);
        }
    }
    let Ok(buttons) = document().query_selector_all("button[data-copy]") else {
        return;
    };
    for i in 0..buttons.length() {
        let Some(button) = buttons
            .item(i)
            .and_then(|b| b.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let target = button.get_attribute("data-copy").unwrap_or_default();
        let on_click = Closure::<dyn Fn()>::new(move || copy(&target));
        let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
        let _ = button.remove_attribute("disabled");
    }
}

/// Copies the text of the element `id` and says in `<id>-status` whether it worked.
pub fn copy(id: &str) {
    let (Some(code), Some(status)) = (
        document().get_element_by_id(id),
        document().get_element_by_id(&format!("{id}-status")),
    ) else {
        return;
    };
    let text = code.text_content().unwrap_or_default();
    let t = t();
    let done = crate::clipboard::copy(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let said = if done.await {
            t.embed_copied
        } else {
            t.embed_copy_failed
        };
        status.set_text_content(Some(said));
        crate::components::say(said);
    });
}
