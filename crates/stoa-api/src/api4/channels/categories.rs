//! `channels` (sidebar categories): a user's categories of channels in a team.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json as Out, Router};
use stoa_core::Actor;
use stoa_model::StatusOk;
use stoa_model::channel::{OrderedSidebarCategories, SidebarCategory, sidebar};

use super::super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Json, team_id, user_param};
use crate::state::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/teams/{team_id}/channels/categories",
            get(get_categories)
                .post(create_category)
                .put(update_categories),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels/categories/order",
            get(get_order).put(update_order),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels/categories/{category_id}",
            get(get_category)
                .put(update_category)
                .delete(delete_category),
        )
}

/// The `{user_id}` (or `me`) and `{team_id}` of the path.
fn owner(actor: &Actor, user: &str, team: &str) -> ApiResult<(String, String)> {
    Ok((user_param(actor, user)?, team_id(team)?.to_owned()))
}

/// A `{category_id}`: an id, or a default category's `<type>_<user_id>_<team_id>`.
fn category_id(raw: &str) -> ApiResult<&str> {
    if sidebar::is_valid_category_id(raw) {
        Ok(raw)
    } else {
        Err(stoa_core::Error::invalid_url_param("category_id").into())
    }
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/channels/categories
async fn get_categories(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
) -> ApiResult<Out<OrderedSidebarCategories>> {
    let (user, team) = owner(&actor, &user, &team)?;
    Ok(Out(state
        .core
        .get_sidebar_categories(&actor, &user, &team)
        .await?))
}

/// POST /api/v4/users/{user_id}/teams/{team_id}/channels/categories — 200, as Mattermost.
async fn create_category(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
    Json(body): Json<SidebarCategory>,
) -> ApiResult<Out<SidebarCategory>> {
    let (user, team) = owner(&actor, &user, &team)?;
    Ok(Out(state
        .core
        .create_sidebar_category(&actor, &user, &team, body)
        .await?))
}

/// PUT /api/v4/users/{user_id}/teams/{team_id}/channels/categories — an array.
async fn update_categories(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
    Json(body): Json<Vec<SidebarCategory>>,
) -> ApiResult<Out<Vec<SidebarCategory>>> {
    let (user, team) = owner(&actor, &user, &team)?;
    Ok(Out(state
        .core
        .update_sidebar_categories(&actor, &user, &team, body)
        .await?))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/channels/categories/order
async fn get_order(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
) -> ApiResult<Out<Vec<String>>> {
    let (user, team) = owner(&actor, &user, &team)?;
    Ok(Out(state
        .core
        .get_sidebar_category_order(&actor, &user, &team)
        .await?))
}

/// PUT /api/v4/users/{user_id}/teams/{team_id}/channels/categories/order — an array of ids.
async fn update_order(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
    Json(order): Json<Vec<String>>,
) -> ApiResult<Out<Vec<String>>> {
    let (user, team) = owner(&actor, &user, &team)?;
    Ok(Out(state
        .core
        .update_sidebar_category_order(&actor, &user, &team, order)
        .await?))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}
async fn get_category(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, id)): Path<(String, String, String)>,
) -> ApiResult<Out<SidebarCategory>> {
    let (user, team) = owner(&actor, &user, &team)?;
    Ok(Out(state
        .core
        .get_sidebar_category(&actor, &user, &team, category_id(&id)?)
        .await?))
}

/// PUT /api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}
async fn update_category(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, id)): Path<(String, String, String)>,
    Json(body): Json<SidebarCategory>,
) -> ApiResult<Out<SidebarCategory>> {
    let (user, team) = owner(&actor, &user, &team)?;
    Ok(Out(state
        .core
        .update_sidebar_category(&actor, &user, &team, category_id(&id)?, body)
        .await?))
}

/// DELETE /api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}
async fn delete_category(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, id)): Path<(String, String, String)>,
) -> ApiResult<Out<StatusOk>> {
    let (user, team) = owner(&actor, &user, &team)?;
    state
        .core
        .delete_sidebar_category(&actor, &user, &team, category_id(&id)?)
        .await?;
    Ok(ok())
}
