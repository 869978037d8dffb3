//! What every request passes through: the host check that keeps a
//! loopback server out of reach of DNS rebinding, and the headers that make
//! the browser refuse inline script, framing and content sniffing.

use crate::{AppState, ServeError};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// No inline script or style, nothing from elsewhere, no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Refuses requests for another host, then adds the security headers.
pub async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if let Some(allowed) = &state.allowed_hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !allowed.contains(&host) {
            let mut response = ServeError::WrongHost.into_response();
            add_headers(response.headers_mut());
            return response;
        }
    }
    let mut response = next.run(request).await;
    add_headers(response.headers_mut());
    response
}

fn add_headers(headers: &mut HeaderMap) {
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Whether `Authorization` carries exactly `Bearer <token>`, compared in
/// constant time so response timing does not leak the token.
pub fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), token.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, &x) in b.iter().enumerate() {
        diff |= usize::from(x ^ a.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn only_the_exact_bearer_token_is_accepted() {
        assert!(bearer_matches(&auth("Bearer s3cret"), "s3cret"));
        assert!(!bearer_matches(&auth("Bearer s3cre"), "s3cret"));
        assert!(!bearer_matches(&auth("Bearer s3cretX"), "s3cret"));
        assert!(!bearer_matches(&auth("Basic s3cret"), "s3cret"));
        assert!(!bearer_matches(&HeaderMap::new(), "s3cret"));
    }

    #[test]
    fn the_policy_forbids_inline_script() {
        let script = CONTENT_SECURITY_POLICY
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert_eq!(script.trim(), "script-src 'self'");
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    }
}
