//! Time and randomness from the browser, in the forms the model wants.

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    // Date.now() is a whole, positive number of ms well inside u64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = js_sys::Date::now() as u64;
    ms
}

/// The current time as RFC 3339 (UTC), for a comment's creation time.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A random number in `[0, 1)`, for retry jitter.
pub fn jitter() -> f64 {
    js_sys::Math::random()
}

/// Fills `bytes` from `crypto.getRandomValues`; false where the browser has no Web Crypto.
fn crypto_fill(bytes: &mut [u8]) -> bool {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(bytes).ok())
        .is_some()
}

/// A new secret receipt token: 256 random bits as 64 hex digits. It proves authorship of a
/// comment (the server keeps only its hash).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    if !crypto_fill(&mut bytes) {
        // No Web Crypto, no secret: the comment is sent without a receipt.
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random UUID (version 4), the id and idempotency key of a comment.
///
/// Built from `crypto.getRandomValues`, which (unlike `crypto.randomUUID`) also works on a
/// town's intranet served without TLS.
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    if !crypto_fill(&mut bytes) {
        // No Web Crypto: fall back to Math.random; uniqueness, not secrecy, is what counts.
        for b in &mut bytes {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let r = (js_sys::Math::random() * 256.0) as u8;
            *b = r;
        }
    }
    mitreden_model::comment::uuid_v4(bytes)
}

/// A time for people: "22.11.2026, 11:16" in the browser's time zone.
pub fn format_ms(ms: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format_date(&date)
}

/// Like [`format_ms`], for an RFC 3339 time from the server.
pub fn format_iso(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    format_date(&date)
}

/// A local time as the page's language writes it: "26.11.2026, 11:16" or
/// "26 Nov 2026, 11:16".
fn format_date(date: &js_sys::Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let two = |n: u32| format!("{n:02}");
    let time = format!("{}:{}", two(date.get_hours()), two(date.get_minutes()));
    match crate::i18n::locale() {
        crate::i18n::Locale::De => format!(
            "{}.{}.{}, {time}",
            two(date.get_date()),
            two(date.get_month() + 1),
            date.get_full_year()
        ),
        crate::i18n::Locale::En => format!(
            "{} {} {}, {time}",
            date.get_date(),
            MONTHS
                .get(date.get_month() as usize)
                .copied()
                .unwrap_or_default(),
            date.get_full_year()
        ),
    }
}
