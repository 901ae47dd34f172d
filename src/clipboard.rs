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

/// What became of "teilen oder kopieren".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// The phone's share sheet took it.
    Shared,
    /// Copied to the clipboard (no share sheet here, or the person closed it).
    Copied,
    /// Neither worked: the person copies it by hand.
    Failed,
}

/// Offers `url` to the device's share sheet (Web Share, on phones), else copies it.
pub fn share_or_copy(url: String) -> impl Future<Output = Shared> + 'static {
    let navigator = web_sys::window().map(|w| w.navigator());
    let share = navigator.as_ref().and_then(|n| {
        let share = js_sys::Reflect::get(n, &"share".into()).ok()?;
        let share: js_sys::Function = wasm_bindgen::JsCast::dyn_into(share).ok()?;
        let data = js_sys::Object::new();
        js_sys::Reflect::set(&data, &"url".into(), &url.as_str().into()).ok()?;
        let promise = share.call1(n, &data).ok()?;
        wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(promise).ok()
    });
    async move {
        if let Some(p) = share {
            if wasm_bindgen_futures::JsFuture::from(p).await.is_ok() {
                return Shared::Shared;
            }
        }
        if copy(&url).await {
            Shared::Copied
        } else {
            Shared::Failed
        }
    }
}
