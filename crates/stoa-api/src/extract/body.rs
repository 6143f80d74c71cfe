//! Request bodies: JSON bounded by `MaximumPayloadSizeBytes`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use stoa_core::{Error, ErrorKind};

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON body. Too large → 413; not JSON of the right shape → 400 with the serde message as
/// detail.
pub struct Json<T>(pub T);

async fn read_limited(req: Request, limit: usize) -> Result<Bytes, ApiError> {
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
