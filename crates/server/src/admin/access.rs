//! Who may call which admin route: one table, read by the layer that guards every admin
//! route and walked by a test against the OpenAPI document — so a route added without a
//! decision is refused (403) and fails that test, instead of being open to every role.

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mitreden_model::moderation::StaffRole;

use super::Staff;
use crate::{AppError, AppState};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (signing in).
    Anyone,
    /// Any signed-in staff member, either role.
    Staff,
    /// Only the role "Verwaltung": accounts, kiosks, the participation event's draw and
    /// contacts.
    Verwaltung,
}

/// Every admin route (method, path as routed) and who may call it.
pub const ROUTES: &[(Method, &str, Access)] = &[
    (Method::POST, "/api/v1/admin/login", Access::Anyone),
    (Method::POST, "/api/v1/admin/logout", Access::Staff),
    (Method::GET, "/api/v1/admin/me", Access::Staff),
    (Method::PUT, "/api/v1/admin/me/password", Access::Staff),
    (Method::GET, "/api/v1/admin/me/digest", Access::Staff),
    (Method::PUT, "/api/v1/admin/me/digest", Access::Staff),
    (Method::GET, "/api/v1/admin/comments", Access::Staff),
    (Method::POST, "/api/v1/admin/comments/bulk", Access::Staff),
    (Method::GET, "/api/v1/admin/counts", Access::Staff),
    (
        Method::GET,
        "/api/v1/admin/comments/{id}/history",
        Access::Staff,
    ),
    (
        Method::POST,
        "/api/v1/admin/comments/{id}/publish",
        Access::Staff,
    ),
    (
        Method::POST,
        "/api/v1/admin/comments/{id}/reject",
        Access::Staff,
    ),
    (
        Method::PUT,
        "/api/v1/admin/comments/{id}/answer",
        Access::Staff,
    ),
    (Method::GET, "/api/v1/admin/templates", Access::Staff),
    (Method::POST, "/api/v1/admin/templates", Access::Staff),
    (
        Method::DELETE,
        "/api/v1/admin/templates/{id}",
        Access::Staff,
    ),
    (Method::GET, "/api/v1/admin/export.json", Access::Staff),
    (Method::GET, "/api/v1/admin/export.csv", Access::Staff),
    (Method::GET, "/api/v1/admin/export-excel.csv", Access::Staff),
    (
        Method::GET,
        "/api/v1/admin/export-history.csv",
        Access::Staff,
    ),
    (Method::GET, "/api/v1/admin/accounts", Access::Verwaltung),
    (Method::POST, "/api/v1/admin/accounts", Access::Verwaltung),
    (
        Method::POST,
        "/api/v1/admin/accounts/{name}/deactivate",
        Access::Verwaltung,
    ),
    // The labels, for the workplace's filter by kiosk.
    (Method::GET, "/api/v1/admin/kiosks", Access::Staff),
    (Method::POST, "/api/v1/admin/kiosks", Access::Verwaltung),
    (
        Method::POST,
        "/api/v1/admin/kiosks/revoke",
        Access::Verwaltung,
    ),
    (
        Method::GET,
        "/api/v1/admin/strategy/versions",
        Access::Staff,
    ),
    (
        Method::POST,
        "/api/v1/admin/strategy/versions",
        Access::Verwaltung,
    ),
    (
        Method::GET,
        "/api/v1/admin/strategy/versions/{version}",
        Access::Staff,
    ),
    (
        Method::POST,
        "/api/v1/admin/strategy/versions/{version}/publish",
        Access::Verwaltung,
    ),
    (
        Method::GET,
        "/api/v1/admin/strategy/versions/{version}/page",
        Access::Staff,
    ),
    (
        Method::POST,
        "/api/v1/admin/strategy/preview",
        Access::Verwaltung,
    ),
    (
        Method::POST,
        "/api/v1/admin/strategy/document",
        Access::Verwaltung,
    ),
    (
        Method::GET,
        "/api/v1/admin/strategy/sections",
        Access::Staff,
    ),
    (
        Method::POST,
        "/api/v1/admin/strategy/sections",
        Access::Verwaltung,
    ),
    (
        Method::POST,
        "/api/v1/admin/strategy/sections/{id}",
        Access::Verwaltung,
    ),
    (
        Method::GET,
        "/api/v1/admin/strategy/settings",
        Access::Staff,
    ),
    (
        Method::POST,
        "/api/v1/admin/strategy/settings",
        Access::Verwaltung,
    ),
    (Method::GET, "/api/v1/admin/strategy/event", Access::Staff),
    (
        Method::POST,
        "/api/v1/admin/strategy/event",
        Access::Verwaltung,
    ),
    (Method::GET, "/api/v1/admin/events/{event}", Access::Staff),
    (
        Method::POST,
        "/api/v1/admin/events/{event}/close",
        Access::Verwaltung,
    ),
    (
        Method::POST,
        "/api/v1/admin/events/{event}/commit",
        Access::Verwaltung,
    ),
    (
        Method::POST,
        "/api/v1/admin/events/{event}/draw",
        Access::Verwaltung,
    ),
    (
        Method::GET,
        "/api/v1/admin/events/{event}/invitees",
        Access::Verwaltung,
    ),
    (
        Method::POST,
        "/api/v1/admin/events/{event}/delete-contacts",
        Access::Verwaltung,
    ),
];

/// The decision for `method` on the routed `path` (HEAD as GET, which axum answers with
/// the GET handler); `None` where the table has none.
pub fn access(method: &Method, path: &str) -> Option<Access> {
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    ROUTES
        .iter()
        .find(|(m, p, _)| m == method && *p == path)
        .map(|(_, _, a)| *a)
}

/// The methods the table names for `path` (with HEAD beside GET), for a 405's `Allow`.
fn allowed_methods(path: &str) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = ROUTES
        .iter()
        .filter(|(_, p, _)| *p == path)
        .map(|(m, _, _)| m.as_str())
        .collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods
}

/// Whether `role` may do what `access` asks.
pub fn allows(access: Access, role: Option<StaffRole>) -> bool {
    match access {
        Access::Anyone => true,
        Access::Staff => role.is_some(),
        Access::Verwaltung => role == Some(StaffRole::Verwaltung),
    }
}

/// The layer on every admin route: 401 without a session where one is needed, 403 for a
/// role the table does not allow (and for a route it does not name). The signed-in
/// [`Staff`] goes into the request, so the handler's extractor does not look it up again.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let path = path.unwrap_or_default();
    let Some(access) = access(req.method(), &path) else {
        let methods = allowed_methods(&path);
        if !methods.is_empty() {
            // A method the route does not have: what the router would say.
            let mut res = AppError::BadInput(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("Diese Adresse nimmt nur {} an.", methods.join(", ")),
            )
            .into_response();
            if let Ok(allow) = methods.join(", ").parse() {
                res.headers_mut().insert(header::ALLOW, allow);
            }
            return res;
        }
        tracing::error!(method = %req.method(), uri = %req.uri(), matched = %path, "admin route without a decision in admin::access::ROUTES");
        return forbidden("Für diese Adresse ist nicht festgelegt, wer sie nutzen darf.")
            .into_response();
    };
    if access == Access::Anyone {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let staff = match Staff::from_request_parts(&mut parts, &state).await {
        Ok(staff) => staff,
        Err(e) => return e.into_response(),
    };
    if !allows(access, Some(staff.role)) {
        return forbidden("Das darf nur, wer die Rolle „Verwaltung“ hat.").into_response();
    }
    parts.extensions.insert(staff);
    next.run(Request::from_parts(parts, body)).await
}

fn forbidden(why: &str) -> AppError {
    AppError::BadInput(StatusCode::FORBIDDEN, why.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_is_named_once_and_roles_are_ordered() {
        for (i, (m, p, _)) in ROUTES.iter().enumerate() {
            assert!(
                ROUTES[i + 1..].iter().all(|(m2, p2, _)| (m2, p2) != (m, p)),
                "{m} {p} twice"
            );
        }
        for access in [Access::Anyone, Access::Staff, Access::Verwaltung] {
            // Whatever Moderation may, Verwaltung may.
            if allows(access, Some(StaffRole::Moderation)) {
                assert!(allows(access, Some(StaffRole::Verwaltung)));
            }
        }
        assert!(!allows(Access::Staff, None));
        assert_eq!(access(&Method::GET, "/api/v1/admin/gibt-es-nicht"), None);
        assert_eq!(
            access(&Method::HEAD, "/api/v1/admin/me"),
            Some(Access::Staff)
        );
        assert_eq!(allowed_methods("/api/v1/admin/login"), ["POST"]);
        assert_eq!(
            allowed_methods("/api/v1/admin/accounts"),
            ["GET", "POST", "HEAD"]
        );
    }
}
