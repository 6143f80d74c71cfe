//! Request bodies: JSON bounded by `MaximumPayloadSizeBytes`, and the chunk reader and drain
//! that the upload handlers share.

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use stoa_core::{Error, ErrorKind};

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON body. Too large → 413; not JSON of the right shape → 400 with the serde message as
/// detail.
pub struct Json<T>(pub T);

pub(crate) async fn read_limited(req: Request, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| {
            Error::new(
                ErrorKind::TooLarge,
                "api.context.request_body_too_large.app_error",
                "The request body is too large.",
            )
            .into()
        })
}

impl<T: DeserializeOwned> FromRequest<AppState> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let limit = usize::try_from(
            state
                .core
                .settings()
                .service_settings
                .maximum_payload_size_bytes,
        )
        .unwrap_or(300_000);
        let bytes = read_limited(req, limit).await?;
        if has_nul_escape(&bytes) {
            // No database stores a NUL in text (PostgreSQL refuses it): refused at the edge.
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.context.invalid_body_param.app_error",
                "Invalid or missing body in request body.",
            )
            .with_detail("a string holds a NUL character (\\u0000)".to_owned())
            .into());
        }
        serde_json::from_slice(&bytes).map(Json).map_err(|e| {
            Error::new(
                ErrorKind::BadRequest,
                "api.context.invalid_body_param.app_error",
                "Invalid or missing body in request body.",
            )
            .with_detail(e.to_string())
            .into()
        })
    }
}

/// Whether JSON text holds the escape `\u0000` (a raw NUL is not valid JSON anyway). A
/// backslash counts only when not itself escaped: `\\u0000` is a backslash and `u0000`.
pub(crate) fn has_nul_escape(json: &[u8]) -> bool {
    let mut backslashes = 0usize;
    for (i, &b) in json.iter().enumerate() {
        if b == b'\\' {
            backslashes += 1;
            continue;
        }
        if b == b'u' && backslashes % 2 == 1 && json.get(i + 1..i + 5) == Some(b"0000") {
            return true;
        }
        backslashes = 0;
    }
    false
}

/// Bytes of a refused upload read and discarded after refusing it, so that a client still
/// sending reads the error instead of a reset connection. Anything longer is cut off.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// The next data chunk of a body (trailers skipped).
pub(crate) async fn next_chunk(body: &mut Body) -> Option<Result<Bytes, axum::Error>> {
    loop {
        let frame =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_frame(cx)).await?;
        match frame {
            Ok(frame) => {
                if let Ok(data) = frame.into_data() {
                    return Some(Ok(data));
                }
            }
            Err(e) => return Some(Err(e)),
        }
    }
}

/// Reads (and drops) what is left of a refused body, up to [`DRAIN_LIMIT`].
pub(crate) async fn drain(body: &mut Body) {
    let mut seen = 0;
    while let Some(Ok(chunk)) = next_chunk(body).await {
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_nul_escape;

    #[test]
    fn finds_only_real_nul_escapes() {
        assert!(has_nul_escape(br#"{"a":"x\u0000y"}"#));
        assert!(has_nul_escape(br#"["\\\u0000"]"#));
        assert!(!has_nul_escape(br#"{"a":"x\\u0000y"}"#));
        assert!(!has_nul_escape(br#"{"a":"\u0001"}"#));
        assert!(!has_nul_escape(b"{}"));
    }
}
