//! `status`: presence and custom statuses.

use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use stoa_model::StatusOk;
use stoa_model::status::CustomStatus;
use stoa_model::status::Status;

use super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Json, user_param};
use crate::state::AppState;

/// POST /api/v4/users/{user_id}/typing — `typing` to the channel's other members.
async fn typing(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user): Path<String>,
    Json(b): Json<TypingBody>,
) -> ApiResult<Out<StatusOk>> {
    let uid = user_param(&actor, &user)?;
    if uid != actor.user_id() {
        return Err(stoa_core::Error::forbidden("edit_other_users").into());
    }
    state
        .core
        .user_typing(&actor, &b.channel_id, &b.parent_id)
        .await?;
    Ok(ok())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TypingBody {
    channel_id: String,
    parent_id: String,
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/typing", post(typing))
        .route("/users/status/ids", post(statuses_by_ids))
        .route(
            "/users/{user_id}/status",
            get(get_status).put(update_status),
        )
        .route(
            "/users/{user_id}/status/custom",
            put(set_custom_status).delete(remove_custom_status),
        )
        .route(
            "/users/{user_id}/status/custom/recent",
            axum::routing::delete(remove_recent_custom_status),
        )
        .route(
            "/users/{user_id}/status/custom/recent/delete",
            post(remove_recent_custom_status),
        )
}

/// GET /api/v4/users/{user_id}/status
async fn get_status(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<Status>> {
    let user_id = user_param(&actor, &user_id)?;
    Ok(Out(state.core.get_status(&actor, &user_id).await?))
}

/// POST /api/v4/users/status/ids — an array of user ids.
async fn statuses_by_ids(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<Vec<Status>>> {
    Ok(Out(state.core.get_statuses(&actor, &ids).await?))
}

/// PUT /api/v4/users/{user_id}/status — `{user_id, status, dnd_end_time}`.
async fn update_status(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(body): Json<Status>,
) -> ApiResult<Out<Status>> {
    let user_id = user_param(&actor, &user_id)?;
    Ok(Out(state
        .core
        .update_status(&actor, &user_id, &body)
        .await?))
}

/// PUT /api/v4/users/{user_id}/status/custom — `{emoji, text, duration, expires_at}`.
async fn set_custom_status(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(cs): Json<CustomStatus>,
) -> ApiResult<Out<StatusOk>> {
    let user_id = user_param(&actor, &user_id)?;
    state.core.set_custom_status(&actor, &user_id, cs).await?;
    Ok(ok())
}

/// DELETE /api/v4/users/{user_id}/status/custom
async fn remove_custom_status(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<StatusOk>> {
    let user_id = user_param(&actor, &user_id)?;
    state.core.remove_custom_status(&actor, &user_id).await?;
    Ok(ok())
}

/// DELETE /api/v4/users/{user_id}/status/custom/recent and
/// POST /api/v4/users/{user_id}/status/custom/recent/delete — the entry to remove as the body.
async fn remove_recent_custom_status(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(cs): Json<CustomStatus>,
) -> ApiResult<Out<StatusOk>> {
    let user_id = user_param(&actor, &user_id)?;
    state
        .core
        .remove_recent_custom_status(&actor, &user_id, cs)
        .await?;
    Ok(ok())
}
