//! Profile pictures.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json as Out, Router};
use stoa_core::avatar::{MAX_UPLOAD_BYTES, ProfileImage};
use stoa_core::{Error, ErrorKind};

use super::super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, drain, next_chunk, user_param};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/image",
            get(get_image).post(set_image).delete(reset_image),
        )
        .route("/users/{user_id}/image/default", get(get_default_image))
}

fn image_response(img: ProfileImage) -> Response {
    let mut resp = img.bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(img.content_type),
    );
    // Clients bust the cache with `?_=<last_picture_update>`.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=2592000, private"),
    );
    resp
}

/// GET /api/v4/users/{user_id}/image
async fn get_image(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Response> {
    let id = user_param(&actor, &user_id)?;
    Ok(image_response(
        state.core.get_profile_image(&actor, &id).await?,
    ))
}

/// GET /api/v4/users/{user_id}/image/default
async fn get_default_image(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Response> {
    let id = user_param(&actor, &user_id)?;
    Ok(image_response(
        state.core.get_default_profile_image(&actor, &id).await?,
    ))
}

/// POST /api/v4/users/{user_id}/image — multipart with an `image` part.
async fn set_image(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    req: Request,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    let bytes = read_image_part(req, "api.user.upload_profile_user").await?;
    state.core.set_profile_image(&actor, &id, bytes).await?;
    Ok(ok())
}

/// DELETE /api/v4/users/{user_id}/image
async fn reset_image(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    state.core.reset_profile_image(&actor, &id).await?;
    Ok(ok())
}

/// Reads the `image` field of a multipart body, refusing more than the upload limit. Errors
/// carry the ids of the endpoint (`{ids}.too_large.app_error`, `.parse`, `.no_file`); after a
/// refusal a bounded tail of the body is drained, so the client reads the answer.
pub(crate) async fn read_image_part(req: Request, ids: &str) -> ApiResult<Vec<u8>> {
    let (parts, mut body) = req.into_parts();
    let result = image_part(&parts.headers, &mut body, ids).await;
    if result.is_err() {
        drain(&mut body).await;
    }
    result
}

async fn image_part(headers: &HeaderMap, body: &mut Body, ids: &str) -> ApiResult<Vec<u8>> {
    let too_large = || {
        Error::new(
            ErrorKind::TooLarge,
            format!("{ids}.too_large.app_error"),
            "Unable to upload the image. File is too large.",
        )
    };
    let bad = |what: &str| {
        Error::new(
            ErrorKind::BadRequest,
            format!("{ids}.parse.app_error"),
            "Could not parse multipart form.",
        )
        .with_detail(what.to_owned())
    };
    let whole_limit = MAX_UPLOAD_BYTES as u64 + 64 * 1024;
    // A declared length over the limit is refused before anything else is looked at, as
    // Mattermost checks `ContentLength` before parsing the form: 413, whatever the body is.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > whole_limit) {
        return Err(too_large().into());
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = multer::parse_boundary(ct).map_err(|e| bad(&e.to_string()))?;
    // Borrowed, so that what is left can be drained after a refusal.
    let stream =
        futures_util::stream::unfold(body, |b| async move { next_chunk(b).await.map(|c| (c, b)) });
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(whole_limit));
    let mut form = multer::Multipart::with_constraints(stream, boundary, constraints);
    while let Some(mut field) = form.next_field().await.map_err(|e| match e {
        multer::Error::StreamSizeExceeded { .. } => too_large(),
        other => bad(&other.to_string()),
    })? {
        if field.name() != Some("image") {
            continue;
        }
        let mut out = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| match e {
            multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
                too_large()
            }
            other => bad(&other.to_string()),
        })? {
            if out.len() + chunk.len() > MAX_UPLOAD_BYTES {
                return Err(too_large().into());
            }
            out.extend_from_slice(&chunk);
        }
        return Ok(out);
    }
    Err(Error::new(
        ErrorKind::BadRequest,
        format!("{ids}.no_file.app_error"),
        "No file under 'image' in request.",
    )
    .into())
}
