//! JSON through the browser's own `JSON.parse`/`JSON.stringify` and serde-wasm-bindgen,
//! so the wasm carries no JSON parser or number formatter of its own (serde_json cost
//! more in the bundle; see ARCHITECTURE.md). Used by [`crate::storage`] and [`crate::http`].

use mitreden_model::outbox::Codec;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The browser's JSON.
pub struct BrowserJson;

impl Codec for BrowserJson {
    fn write<T: Serialize>(&self, value: &T) -> Option<String> {
        let js = value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .ok()?;
        js_sys::JSON::stringify(&js).ok()?.as_string()
    }

    fn read<T: DeserializeOwned>(&self, text: &str) -> Result<T, String> {
        let js = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
        serde_wasm_bindgen::from_value(js).map_err(|e| e.to_string())
    }
}

/// `value` as JSON text.
pub fn to_text<T: Serialize>(value: &T) -> Option<String> {
    BrowserJson.write(value)
}

/// A value from JSON text.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    BrowserJson.read(text)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use mitreden_model::outbox::{decode, decode_with, encode, encode_with, OutboxItem};
    use wasm_bindgen_test::*;

    use super::BrowserJson;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Drafts stored by earlier versions of the app (serde_json) are read by this one, and
    /// what this one writes reads the same everywhere — with non-ASCII text, quotes, line
    /// breaks and a large millisecond time.
    #[wasm_bindgen_test]
    fn stored_items_read_alike_by_serde_json_and_the_browser() {
        let mut item = OutboxItem::new_draft_with_receipt(
            "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c".into(),
            "leitmotiv-2".into(),
            2,
            "2026-11-22T10:15:00.000Z".into(),
            1_764_000_000_123,
            Some("0123456789abcdef0123456789abcdef".into()),
        );
        item.edit(
            "Bildung \"fehlt\" –\nüberall 🙂".into(),
            Some("K.".into()),
            None,
            true,
            1_764_000_000_456,
        )
        .expect("editable");
        let by_serde_json = encode(&item);
        assert_eq!(decode_with(&BrowserJson, &by_serde_json), Ok(item.clone()));
        let by_browser = encode_with(&BrowserJson, &item);
        assert_eq!(decode(&by_browser), Ok(item.clone()));
        assert_eq!(decode_with(&BrowserJson, &by_browser), Ok(item));
        assert!(decode_with(&BrowserJson, "{\"schema\": 1, \"item\": ").is_err());
    }
}
