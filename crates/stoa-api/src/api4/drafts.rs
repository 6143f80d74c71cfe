//! `drafts`: synced drafts (undocumented in Mattermost's API reference, used by its web app).
//!
//! The `{user_id}` of these paths is read (an id or `me`) but, as in Mattermost, the drafts are
//! always the caller's own.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::{Json as Out, Router};
use stoa_core::{Error, ErrorKind};
use stoa_model::draft::Draft;

use super::{created, ok};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Auth, Json, team_id, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/drafts", post(upsert_draft))
        .route("/users/{user_id}/teams/{team_id}/drafts", get(get_drafts))
        .route(
            "/users/{user_id}/channels/{channel_id}/drafts",
            delete(delete_channel_draft),
        )
        .route(
            "/users/{user_id}/channels/{channel_id}/drafts/{thread_id}",
            delete(delete_thread_draft),
        )
}

/// The `Connection-Id` header: the caller's WebSocket, which the event leaves out.
fn connection_id(headers: &HeaderMap) -> &str {
    headers
        .get("connection-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// POST /api/v4/drafts — 201 with the saved draft, or `null` when an empty message deleted it.
async fn upsert_draft(
    State(state): State<AppState>,
    Auth(actor): Auth,
    headers: HeaderMap,
    body: Result<Json<Draft>, ApiError>,
) -> ApiResult<(StatusCode, Out<Option<Draft>>)> {
    // Mattermost answers "disabled" before it reads the body.
    state.core.require_synced_drafts()?;
    let Json(draft) = body.map_err(|ApiError(e)| match e.kind {
        ErrorKind::BadRequest => ApiError(Error::invalid_param("draft").with_detail(e.detail)),
        _ => ApiError(e),
    })?;
    let saved = state
        .core
        .upsert_draft(&actor, draft, connection_id(&headers))
        .await?;
    Ok(created(saved))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/drafts
async fn get_drafts(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user_id, team)): Path<(String, String)>,
) -> ApiResult<Out<Vec<Draft>>> {
    user_param(&actor, &user_id)?;
    let team = team_id(&team)?;
    Ok(Out(state.core.get_drafts(&actor, team).await?))
}

/// DELETE /api/v4/users/{user_id}/channels/{channel_id}/drafts
async fn delete_channel_draft(
    State(state): State<AppState>,
    Auth(actor): Auth,
    headers: HeaderMap,
    Path((user_id, channel_id)): Path<(String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    user_param(&actor, &user_id)?;
    let channel_id = valid_id(&channel_id, "channel_id")?;
    state
        .core
        .delete_draft(&actor, channel_id, "", connection_id(&headers))
        .await?;
    Ok(ok())
}

/// DELETE /api/v4/users/{user_id}/channels/{channel_id}/drafts/{thread_id}
async fn delete_thread_draft(
    State(state): State<AppState>,
    Auth(actor): Auth,
    headers: HeaderMap,
    Path((user_id, channel_id, thread_id)): Path<(String, String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    user_param(&actor, &user_id)?;
    let channel_id = valid_id(&channel_id, "channel_id")?;
    let thread_id = valid_id(&thread_id, "thread_id")?;
    state
        .core
        .delete_draft(&actor, channel_id, thread_id, connection_id(&headers))
        .await?;
    Ok(ok())
}
