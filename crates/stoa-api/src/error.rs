//! Every error leaves as Mattermost's `{id, message, detailed_error, request_id, status_code}`.
//!
//! Handlers return [`ApiError`]; its response carries the error in an extension and the
//! request envelope middleware writes the body, so the request id and the developer-mode rule
//! are applied in one place for every error (handlers, extractors, unknown routes).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use stoa_core::{Error, ErrorKind};

#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

/// The error of a response, picked up by the middleware (which renders the body).
#[derive(Clone, Debug)]
pub(crate) struct PendingError {
    pub id: String,
    pub message: String,
    pub detail: String,
    pub status: StatusCode,
}

/// The RFC 6749 `error` code of a token endpoint failure: the envelope adds `error` and
/// `error_description` (the message) to Mattermost's body.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OAuthErrorCode(pub &'static str);

pub(crate) fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::RangeNotSatisfiable => StatusCode::RANGE_NOT_SATISFIABLE,
        ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::NotImplemented => StatusCode::NOT_IMPLEMENTED,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = status_of(e.kind);
        let mut detail = e.detail;
        if e.kind == ErrorKind::Internal {
            tracing::error!(id = %e.id, source = ?e.source, "internal error");
        }
        // Not logged per request: the store logs once when the database goes and comes back.
        if matches!(e.kind, ErrorKind::Internal | ErrorKind::Unavailable)
            && let Some(src) = &e.source
        {
            detail = src.to_string();
        }
        let mut resp = status.into_response();
        if e.id == "api.context.session_expired.app_error" {
            // Mattermost clears the auth cookie when it refuses a session.
            resp.headers_mut().append(
                header::SET_COOKIE,
                HeaderValue::from_static("MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
            );
        }
        resp.extensions_mut().insert(PendingError {
            id: e.id.into_owned(),
            message: e.message.into_owned(),
            detail,
            status,
        });
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
