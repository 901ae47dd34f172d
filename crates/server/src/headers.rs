//! Security headers on every response: the app, the API, the files.
//!
//! - `Content-Security-Policy` without `unsafe-inline` for scripts. The rendered pages carry
//!   two inline scripts (the head's and the start-up, see `render`), the administration's
//!   page its start-up; the server allows exactly those by their hashes
//!   (`'sha256-…'`), so a new build needs no configuration. `wasm-unsafe-eval` lets the browser compile the wasm.
//!   Styles may be inline (the town's colour is set as a style attribute).
//! - `frame-ancestors 'self'` plus the origins of `--frame-ancestors` (the town's homepage,
//!   for the embed); the administration (`/verwaltung/`) is never frameable
//!   (`frame-ancestors 'none'`, `X-Frame-Options: DENY`).
//! - `X-Content-Type-Options`, `Referrer-Policy`, `Permissions-Policy`,
//!   `Cross-Origin-Opener-Policy` (tower-http layers), and `Strict-Transport-Security`
//!   when the server sits behind TLS (`--secure-cookies`).
//! - No CORS: the API sends no `Access-Control-*` headers, so other sites' scripts cannot
//!   read it.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::Digest;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// The two policies, made once at start.
#[derive(Clone, Debug)]
pub struct Policies {
    /// For everything but the administration.
    pub app: HeaderValue,
    /// For `/verwaltung/`: never in a frame.
    pub admin: HeaderValue,
}

impl Policies {
    /// The policies for pages with the inline `scripts` (the rendered pages'), framed by
    /// `frame_ancestors` (origins already checked by [`check_origin`]).
    pub fn new(scripts: &[String], frame_ancestors: &[String]) -> Self {
        let mut hashes: Vec<String> = scripts.iter().map(|s| script_hash(s)).collect();
        hashes.sort();
        hashes.dedup();
        let scripts: String = hashes.iter().map(|h| format!(" '{h}'")).collect();
        let policy = |ancestors: &str| {
            format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; \
                 style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
                 manifest-src 'self'; worker-src 'self'; font-src 'self'; object-src 'none'; \
                 base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
            )
        };
        let ancestors: String = std::iter::once("'self'".to_owned())
            .chain(frame_ancestors.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        let value = |s: String| {
            HeaderValue::try_from(s)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
        };
        Self {
            app: value(policy(&ancestors)),
            admin: value(policy("'none'")),
        }
    }
}

/// `'sha256-…'` of every inline `<script>` (one without `src`) of a page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let tag = &rest[..open_end];
        let body = &rest[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        // A data block (`type="application/json"`) is not run: no policy applies to it.
        let data = tag.contains("application/json");
        if !tag.contains("src=") && !tag.contains("src =") && !data {
            out.push(script_hash(&body[..close]));
        }
        rest = &body[close..];
    }
    out
}

/// `sha256-…` of a script's text, as a policy names it.
pub fn script_hash(script: &str) -> String {
    let digest = sha2::Sha256::digest(script.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// An origin for `--frame-ancestors`: `https://host[:port]` (or `http://` for a test
/// machine), nothing else — it goes into a header.
pub fn check_origin(s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| format!("{s}: eine Herkunft beginnt mit https://"))?;
    let ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!("{s}: keine gültige Herkunft (https://host[:port])"))
    }
}

/// Adds the headers to every response of `router`.
pub fn secure(router: Router, state: &AppState) -> Router {
    let fixed = [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
        ),
        ("cross-origin-opener-policy", "same-origin"),
    ];
    let mut router = router.layer(from_fn_with_state(state.clone(), policy));
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    if state.secure_cookies {
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    router
}

/// The content security policy by path: the administration's forbids every frame.
async fn policy(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let admin = path == "/verwaltung" || path.starts_with("/verwaltung/");
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    // Added beside a policy the handler set (a browser enforces both): a handler can make
    // its answer stricter, never looser.
    let policy = if admin {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        state.policies.admin.clone()
    } else {
        state.policies.app.clone()
    };
    headers.append(header::CONTENT_SECURITY_POLICY, policy);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<script type=module>import init from '/a.js';</script>\
                    <script src=/b.js></script><script>x()</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        // echo -n "x()" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hashes[1],
            "sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI="
        );
    }

    #[test]
    fn frame_ancestors_must_be_origins() {
        assert!(check_origin("https://www.sindelfingen.de").is_ok());
        assert!(check_origin("http://127.0.0.1:8081").is_ok());
        for bad in [
            "www.sindelfingen.de",
            "https://a.de; script-src *",
            "https://",
            "*",
        ] {
            assert!(check_origin(bad).is_err(), "{bad}");
        }
    }
}
