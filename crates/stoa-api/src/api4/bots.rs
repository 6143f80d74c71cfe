//! `bots`: bot accounts, their owners, and turning users into bots and back.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use stoa_model::bot::{Bot, BotPatch};
use stoa_model::user::{User, UserPatch};

use super::created;
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bots", post(create_bot).get(list_bots))
        .route("/bots/{bot_user_id}", get(get_bot).put(patch_bot))
        .route("/bots/{bot_user_id}/disable", post(disable_bot))
        .route("/bots/{bot_user_id}/enable", post(enable_bot))
        .route("/bots/{bot_user_id}/assign/{user_id}", post(assign_bot))
        .route("/bots/{bot_user_id}/convert_to_user", post(convert_to_user))
        .route("/users/{user_id}/convert_to_bot", post(convert_to_bot))
}

fn bot_id(raw: &str) -> ApiResult<&str> {
    valid_id(raw, "bot_user_id")
}

/// POST /api/v4/bots — a bot owned by the caller.
async fn create_bot(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(patch): Json<BotPatch>,
) -> ApiResult<impl axum::response::IntoResponse> {
    Ok(created(state.core.create_bot(&actor, patch).await?))
}

/// GET /api/v4/bots?include_deleted=&only_orphaned=&page=&per_page=
async fn list_bots(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<Bot>>> {
    Ok(Out(state
        .core
        .list_bots(
            &actor,
            p.bool("include_deleted"),
            p.bool("only_orphaned"),
            p.page(),
        )
        .await?))
}

/// GET /api/v4/bots/{bot_user_id}?include_deleted=
async fn get_bot(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Bot>> {
    let id = bot_id(&id)?;
    Ok(Out(state
        .core
        .get_bot(&actor, id, p.bool("include_deleted"))
        .await?))
}

/// PUT /api/v4/bots/{bot_user_id}
async fn patch_bot(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(patch): Json<BotPatch>,
) -> ApiResult<Out<Bot>> {
    let id = bot_id(&id)?;
    Ok(Out(state.core.patch_bot(&actor, id, patch).await?))
}

/// POST /api/v4/bots/{bot_user_id}/disable
async fn disable_bot(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Bot>> {
    let id = bot_id(&id)?;
    Ok(Out(state.core.set_bot_active(&actor, id, false).await?))
}

/// POST /api/v4/bots/{bot_user_id}/enable
async fn enable_bot(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Bot>> {
    let id = bot_id(&id)?;
    Ok(Out(state.core.set_bot_active(&actor, id, true).await?))
}

/// POST /api/v4/bots/{bot_user_id}/assign/{user_id}
async fn assign_bot(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user_id)): Path<(String, String)>,
) -> ApiResult<Out<Bot>> {
    let id = bot_id(&id)?;
    let user_id = valid_id(&user_id, "user_id")?;
    Ok(Out(state.core.assign_bot(&actor, id, user_id).await?))
}

/// POST /api/v4/bots/{bot_user_id}/convert_to_user?set_system_admin= — the body is a user
/// patch with at least a password.
async fn convert_to_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
    Json(patch): Json<UserPatch>,
) -> ApiResult<Out<User>> {
    let id = bot_id(&id)?;
    Ok(Out(state
        .core
        .convert_bot_to_user(&actor, id, patch, p.bool("set_system_admin"))
        .await?))
}

/// POST /api/v4/users/{user_id}/convert_to_bot
async fn convert_to_bot(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<Bot>> {
    let id = user_param(&actor, &user_id)?;
    Ok(Out(state.core.convert_user_to_bot(&actor, &id).await?))
}
