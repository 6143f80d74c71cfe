//! `emoji`: custom emoji and their images.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use serde::Deserialize;
use stoa_core::emoji::{DisabledAs, MAX_EMOJI_FILE_SIZE, too_large};
use stoa_core::{Error, ErrorKind};
use stoa_model::emoji::{Emoji, is_valid_emoji_name};

use super::ok;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Auth, Json, Params, drain, next_chunk, search_term, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/emoji", post(create_emoji).get(list_emoji))
        .route("/emoji/names", post(get_emojis_by_names))
        .route("/emoji/search", post(search_emoji))
        .route("/emoji/autocomplete", get(autocomplete_emoji))
        .route("/emoji/name/{emoji_name}", get(get_emoji_by_name))
        .route("/emoji/{emoji_id}", get(get_emoji).delete(delete_emoji))
        .route("/emoji/{emoji_id}/image", get(get_emoji_image))
}

/// Room for the multipart framing and the `emoji` part around an image of the largest size.
const FORM_OVERHEAD: usize = 16 * 1024;
fn parse_error(detail: impl Into<String>) -> ApiError {
    Error::new(
        ErrorKind::BadRequest,
        "api.emoji.create.parse.app_error",
        "Unable to create emoji. Could not understand request.",
    )
    .with_detail(detail)
    .into()
}

/// The parts of `POST /emoji`: `emoji` (JSON; `None` when missing or not an emoji) and `image`.
struct EmojiUpload {
    emoji: Option<Emoji>,
    image: Option<Vec<u8>>,
}

/// Reads the multipart body, bounded: an image over the size limit is 413 before parsing.
async fn read_upload(req: Request) -> ApiResult<EmojiUpload> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let limit = MAX_EMOJI_FILE_SIZE + FORM_OVERHEAD;
    let mut body = req.into_body();
    let mut raw: Vec<u8> = Vec::new();
    while let Some(chunk) = next_chunk(&mut body).await {
        let chunk = chunk.map_err(|e| parse_error(e.to_string()))?;
        if raw.len() + chunk.len() > limit {
            drain(&mut body).await;
            return Err(too_large().into());
        }
        raw.extend_from_slice(&chunk);
    }
    let boundary = multer::parse_boundary(&ct).map_err(|e| parse_error(e.to_string()))?;
    let stream = Body::from(raw).into_data_stream();
    let mut form = multer::Multipart::new(stream, boundary);
    let mut upload = EmojiUpload {
        emoji: None,
        image: None,
    };
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| parse_error(e.to_string()))?
    {
        match field.name() {
            Some("image") if upload.image.is_none() => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| parse_error(e.to_string()))?;
                if bytes.len() > MAX_EMOJI_FILE_SIZE {
                    return Err(too_large().into());
                }
                upload.image = Some(bytes.to_vec());
            }
            Some("emoji") if upload.emoji.is_none() => {
                let text = field.text().await.map_err(|e| parse_error(e.to_string()))?;
                upload.emoji = serde_json::from_str(&text).ok();
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// POST /api/v4/emoji — multipart with an `image` file and an `emoji` part
/// (`{"name", "creator_id"}`).
async fn create_emoji(
    State(state): State<AppState>,
    Auth(actor): Auth,
    req: Request,
) -> ApiResult<Out<Emoji>> {
    // Refuse before reading an upload that could never be stored.
    state
        .core
        .require_custom_emoji(DisabledAs::NotImplemented)?;
    let upload = read_upload(req).await?;
    Ok(Out(state
        .core
        .create_emoji(&actor, upload.emoji, upload.image)
        .await?))
}

/// GET /api/v4/emoji?page=&per_page=&sort=
async fn list_emoji(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<Emoji>>> {
    let sort = p.str("sort").unwrap_or("");
    Ok(Out(state.core.list_emoji(&actor, p.page(), sort).await?))
}

/// POST /api/v4/emoji/names — body: an array of names.
async fn get_emojis_by_names(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(names): Json<Vec<String>>,
) -> ApiResult<Out<Vec<Emoji>>> {
    Ok(Out(state.core.get_emojis_by_names(&actor, &names).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchBody {
    term: String,
    prefix_only: bool,
}

/// POST /api/v4/emoji/search
async fn search_emoji(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<SearchBody>,
) -> ApiResult<Out<Vec<Emoji>>> {
    Ok(Out(state
        .core
        .search_emoji(&actor, search_term(&b.term, "term")?, b.prefix_only)
        .await?))
}

/// GET /api/v4/emoji/autocomplete?name=
async fn autocomplete_emoji(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<Emoji>>> {
    let name = p.term("name")?;
    Ok(Out(state.core.autocomplete_emoji(&actor, name).await?))
}

/// GET /api/v4/emoji/name/{emoji_name}
async fn get_emoji_by_name(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(name): Path<String>,
) -> ApiResult<Out<Emoji>> {
    if !is_valid_emoji_name(&name) {
        return Err(Error::invalid_url_param("emoji_name").into());
    }
    Ok(Out(state.core.get_emoji_by_name(&actor, &name).await?))
}

/// GET /api/v4/emoji/{emoji_id}
async fn get_emoji(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Emoji>> {
    let id = valid_id(&id, "emoji_id")?;
    Ok(Out(state.core.get_emoji(&actor, id).await?))
}

/// DELETE /api/v4/emoji/{emoji_id}
async fn delete_emoji(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = valid_id(&id, "emoji_id")?;
    state.core.delete_emoji(&actor, id).await?;
    Ok(ok())
}

/// GET /api/v4/emoji/{emoji_id}/image
async fn get_emoji_image(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = valid_id(&id, "emoji_id")?;
    let img = state.core.get_emoji_image(&actor, id).await?;
    let mut resp = img.bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(img.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=2592000, private"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(resp)
}
