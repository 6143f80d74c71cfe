//! `preferences`: a user's preferences, and their saved (flagged) posts.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use stoa_core::Error;
use stoa_core::preferences::FlaggedQuery;
use stoa_model::post::PostList;
use stoa_model::preference::Preference;

use super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, user_param};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/preferences",
            get(get_preferences).put(update_preferences),
        )
        .route(
            "/users/{user_id}/preferences/delete",
            post(delete_preferences),
        )
        .route(
            "/users/{user_id}/preferences/{category}",
            get(get_by_category),
        )
        .route(
            "/users/{user_id}/preferences/{category}/name/{preference_name}",
            get(get_by_name),
        )
        .route("/users/{user_id}/posts/flagged", get(flagged_posts))
}

/// A category or name in a path: `[A-Za-z0-9_]+`, as Mattermost's routes accept.
fn path_word<'a>(raw: &'a str, name: &str) -> ApiResult<&'a str> {
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(raw)
    } else {
        Err(Error::invalid_url_param(name).into())
    }
}

/// GET /api/v4/users/{user_id}/preferences
async fn get_preferences(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<Vec<Preference>>> {
    let user_id = user_param(&actor, &user_id)?;
    Ok(Out(state.core.get_preferences(&actor, &user_id).await?))
}

/// PUT /api/v4/users/{user_id}/preferences — an array; inserts or replaces each.
async fn update_preferences(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(prefs): Json<Vec<Preference>>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let user_id = user_param(&actor, &user_id)?;
    state
        .core
        .update_preferences(&actor, &user_id, prefs)
        .await?;
    Ok(ok())
}

/// POST /api/v4/users/{user_id}/preferences/delete — an array.
async fn delete_preferences(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(prefs): Json<Vec<Preference>>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let user_id = user_param(&actor, &user_id)?;
    state
        .core
        .delete_preferences(&actor, &user_id, prefs)
        .await?;
    Ok(ok())
}

/// GET /api/v4/users/{user_id}/preferences/{category}
async fn get_by_category(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user_id, category)): Path<(String, String)>,
) -> ApiResult<Out<Vec<Preference>>> {
    let user_id = user_param(&actor, &user_id)?;
    let category = path_word(&category, "category")?;
    Ok(Out(state
        .core
        .get_preferences_by_category(&actor, &user_id, category)
        .await?))
}

/// GET /api/v4/users/{user_id}/preferences/{category}/name/{preference_name}
async fn get_by_name(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user_id, category, name)): Path<(String, String, String)>,
) -> ApiResult<Out<Preference>> {
    let user_id = user_param(&actor, &user_id)?;
    let category = path_word(&category, "category")?;
    let name = path_word(&name, "preference_name")?;
    Ok(Out(state
        .core
        .get_preference(&actor, &user_id, category, name)
        .await?))
}

/// GET /api/v4/users/{user_id}/posts/flagged?team_id=&channel_id=&page=&per_page=
async fn flagged_posts(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    p: Params,
) -> ApiResult<Out<PostList>> {
    let user_id = user_param(&actor, &user_id)?;
    let q = FlaggedQuery {
        channel_id: p.id("channel_id")?,
        team_id: p.id("team_id")?,
        page: p.page(),
    };
    Ok(Out(state
        .core
        .get_flagged_posts(&actor, &user_id, q)
        .await?))
}
