//! The envelope of every request: request id, version header, security headers, the error
//! body, and one log line.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;
use stoa_core::Error;
use stoa_model::AppError;

use crate::error::{ApiError, OAuthErrorCode, PendingError};
use crate::state::AppState;

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
static X_VERSION_ID: HeaderName = HeaderName::from_static("x-version-id");

pub async fn request_envelope(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = stoa_model::new_id();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let is_api = path.starts_with("/api/");

    // A NUL character can be stored by neither database (PostgreSQL refuses it in text), so a
    // request carrying one in its path or query is refused here, before any handler.
    let mut resp = if has_encoded_nul(req.uri().path()) {
        ApiError(Error::invalid_url_param("path")).into_response()
    } else if req.uri().query().is_some_and(has_encoded_nul) {
        ApiError(Error::invalid_url_param("query")).into_response()
    } else {
        next.run(req).await
    };

    if let Some(err) = resp.extensions_mut().remove::<PendingError>() {
        let developer = state.core.settings().service_settings.enable_developer;
        let body = AppError {
            id: err.id,
            message: err.message,
            detailed_error: if developer { err.detail } else { String::new() },
            request_id: request_id.clone(),
            status_code: err.status.as_u16(),
        };
        let json = match resp.extensions_mut().remove::<OAuthErrorCode>() {
            Some(OAuthErrorCode(code)) => {
                let mut value = serde_json::to_value(&body).unwrap_or_default();
                if let Some(obj) = value.as_object_mut() {
                    obj.insert("error".into(), code.into());
                    obj.insert("error_description".into(), body.message.clone().into());
                }
                serde_json::to_vec(&value).unwrap_or_default()
            }
            None => serde_json::to_vec(&body).unwrap_or_default(),
        };
        *resp.body_mut() = Body::from(json);
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        resp.headers_mut().remove(header::CONTENT_LENGTH);
    }

    let headers = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert(X_REQUEST_ID.clone(), v);
    }
    if let Ok(v) = HeaderValue::from_str(&state.core.version_id()) {
        headers.insert(X_VERSION_ID.clone(), v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if is_api && method == Method::GET && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::EXPIRES, HeaderValue::from_static("0"));
    }
    // Mattermost answers every API call in JSON; errors produced before a handler ran
    // (e.g. a 405 from routing) are already rendered above.

    tracing::info!(
        target: "stoa::http",
        method = %method,
        path = %path,
        status = resp.status().as_u16(),
        duration_ms = %format_args!("{:.2}", started.elapsed().as_secs_f64() * 1000.0),
        request_id = %request_id,
        "request"
    );
    resp
}

/// `%00` anywhere in an URL part.
fn has_encoded_nul(part: &str) -> bool {
    part.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}
