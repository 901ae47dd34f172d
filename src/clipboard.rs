//! Copying a text to the clipboard (the embed's snippets, a receipt link): the browser's
//! asynchronous Clipboard API, offered only to secure origins (https, localhost).

use std::future::Future;

/// Copies `text`; the future says whether it worked (false where the browser offers no
/// clipboard or refuses).
pub fn copy(text: &str) -> impl Future<Output = bool> + 'static {
    let navigator = web_sys::window().map(|w| w.navigator());
    let promise = navigator
        .filter(|n| {
            js_sys::Reflect::get(n, &"clipboard".into())
                .is_ok_and(|c| !c.is_undefined() && !c.is_null())
        })
        .map(|n| n.clipboard().write_text(text));
    async move {
        match promise {
            Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            None => false,
        }
    }
}
