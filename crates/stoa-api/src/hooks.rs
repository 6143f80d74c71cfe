//! `POST /hooks/{hook_id}`, outside `/api/v4` as in Mattermost: where outside services post
//! through an incoming webhook. The body is JSON, or a form whose `payload` field is the JSON
//! (Slack's format); the answer is a plain `ok`.

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use stoa_core::{Error, ErrorKind};

use crate::error::{ApiError, ApiResult};
use crate::extract::{has_nul_escape, read_limited};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/hooks/{hook_id}", axum::routing::post(incoming_hook))
        .route(
            "/hooks/commands/{hook_id}",
            axum::routing::post(command_hook),
        )
}

/// POST /hooks/commands/{hook_id} — a custom command's delayed answer (a `CommandResponse`),
/// sent to the `response_url` the command's integration was given.
async fn command_hook(
    State(state): State<AppState>,
    Path(hook_id): Path<String>,
    req: Request,
) -> ApiResult<Response> {
    let limit = body_limit(&state);
    let body = read_limited(req, limit).await?;
    if body.contains(&0) || has_nul_escape(&body) {
        return Err(parse_error());
    }
    state.core.execute_command_webhook(&hook_id, &body).await?;
    Ok(plain_ok())
}

/// `MaximumPayloadSizeBytes`, as for JSON bodies under `/api/v4`.
fn body_limit(state: &AppState) -> usize {
    usize::try_from(
        state
            .core
            .settings()
            .service_settings
            .maximum_payload_size_bytes,
    )
    .unwrap_or(300_000)
}

fn plain_ok() -> Response {
    let mut resp = "ok".into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

fn parse_error() -> ApiError {
    Error::new(
        ErrorKind::BadRequest,
        "web.incoming_webhook.parse.app_error",
        "Unable to parse incoming data.",
    )
    .into()
}

/// One byte of a `%XX` escape.
fn hex(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The decoded value of `name` in a form body (`+` is a space, `%XX` a byte).
fn form_field(body: &[u8], name: &str) -> Option<Vec<u8>> {
    body.split(|&b| b == b'&').find_map(|pair| {
        let (key, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        (key == name.as_bytes()).then(|| {
            let mut out = Vec::with_capacity(value.len());
            let mut i = 0;
            while i < value.len() {
                match value[i] {
                    b'+' => out.push(b' '),
                    b'%' if i + 2 < value.len() => match (hex(value[i + 1]), hex(value[i + 2])) {
                        (Some(h), Some(l)) => {
                            out.push(h << 4 | l);
                            i += 2;
                        }
                        _ => out.push(b'%'),
                    },
                    b => out.push(b),
                }
                i += 1;
            }
            out
        })
    })
}

/// POST /hooks/{hook_id}
async fn incoming_hook(
    State(state): State<AppState>,
    Path(hook_id): Path<String>,
    req: Request,
) -> ApiResult<Response> {
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let limit = body_limit(&state);
    let body = read_limited(req, limit).await?;
    let payload = if form {
        form_field(&body, "payload").ok_or_else(parse_error)?
    } else {
        body.to_vec()
    };
    if payload.contains(&0) || has_nul_escape(&payload) {
        return Err(parse_error());
    }
    state.core.execute_incoming_hook(&hook_id, &payload).await?;
    Ok(plain_ok())
}

#[cfg(test)]
mod tests {
    use super::form_field;

    #[test]
    fn form_payloads_are_decoded() {
        let body = b"x=1&payload=%7B%22text%22%3A+%22hi+there%22%7D&y";
        assert_eq!(
            form_field(body, "payload").as_deref(),
            Some(&br#"{"text": "hi there"}"#[..])
        );
        assert_eq!(
            form_field(b"payload=%ZZ%4", "payload").as_deref(),
            Some(&b"%ZZ%4"[..])
        );
        assert_eq!(form_field(b"y", "payload"), None);
    }
}
