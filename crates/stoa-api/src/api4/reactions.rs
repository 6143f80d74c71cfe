//! `reactions`: emoji reactions on posts.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use axum::{Json as Out, Router};
use stoa_core::Error;
use stoa_model::emoji::is_valid_emoji_name;
use stoa_model::reaction::Reaction;

use super::ok;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Auth, Json, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reactions", post(save_reaction))
        .route("/posts/{post_id}/reactions", get(get_reactions))
        .route("/posts/ids/reactions", post(get_bulk_reactions))
        .route(
            "/users/{user_id}/posts/{post_id}/reactions/{emoji_name}",
            delete(delete_reaction),
        )
}

/// An `{emoji_name}` path parameter.
fn emoji_name(raw: &str) -> Result<&str, ApiError> {
    if is_valid_emoji_name(raw) {
        Ok(raw)
    } else {
        Err(Error::invalid_url_param("emoji_name").into())
    }
}

/// POST /api/v4/reactions
async fn save_reaction(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(reaction): Json<Reaction>,
) -> ApiResult<Out<Reaction>> {
    Ok(Out(state.core.save_reaction(&actor, reaction).await?))
}

/// GET /api/v4/posts/{post_id}/reactions
async fn get_reactions(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(post_id): Path<String>,
) -> ApiResult<Out<Vec<Reaction>>> {
    let id = valid_id(&post_id, "post_id")?;
    Ok(Out(state.core.get_reactions(&actor, id).await?))
}

/// POST /api/v4/posts/ids/reactions — body: an array of post ids.
async fn get_bulk_reactions(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<BTreeMap<String, Vec<Reaction>>>> {
    Ok(Out(state.core.get_bulk_reactions(&actor, &ids).await?))
}

/// DELETE /api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}
async fn delete_reaction(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user_id, post_id, name)): Path<(String, String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let user_id = user_param(&actor, &user_id)?;
    let post_id = valid_id(&post_id, "post_id")?;
    let name = emoji_name(&name)?;
    state
        .core
        .delete_reaction(&actor, &user_id, post_id, name)
        .await?;
    Ok(ok())
}
