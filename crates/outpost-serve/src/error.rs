//! What can go wrong answering a request, and the HTTP status each maps to.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// Why a request failed; the response is `{"error": "..."}` with the status.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be read or written.
    #[error(transparent)]
    Store(#[from] outpost_store::StoreError),
    /// A query parameter or request body is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// Nothing has this id.
    #[error("{0}")]
    NotFound(String),
    /// No or the wrong bearer token.
    #[error("a valid bearer token is required (Authorization: Bearer <token>)")]
    Unauthorized,
    /// The server was started without a token, so writes are refused.
    #[error("writes are disabled: start outpost serve with --token or OUTPOST_TOKEN")]
    WritesDisabled,
    /// The request named a host this server does not answer to.
    #[error("this server answers only to a loopback host name")]
    WrongHost,
    /// Anything else (a failed ingest, a panicked worker).
    #[error("{0}")]
    Internal(String),
}

impl ServeError {
    fn status(&self) -> StatusCode {
        match self {
            ServeError::Store(_) | ServeError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ServeError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServeError::NotFound(_) => StatusCode::NOT_FOUND,
            ServeError::Unauthorized => StatusCode::UNAUTHORIZED,
            ServeError::WritesDisabled | ServeError::WrongHost => StatusCode::FORBIDDEN,
        }
    }
}

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = axum::Json(serde_json::json!({ "error": self.to_string() }));
        let mut response = (status, body).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
