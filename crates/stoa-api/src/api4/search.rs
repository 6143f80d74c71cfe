//! Searching posts and files (Mattermost's `SearchPosts` and `SearchFiles`), in one team or in
//! every team of the user. The query language and the scope are core's (`stoa_core::search`).

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json as Out, Router};
use stoa_core::search::SearchRequest;
use stoa_model::file::FileInfoList;
use stoa_model::post::PostSearchResults;

use crate::error::ApiResult;
use crate::extract::{Auth, Json, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/teams/{team_id}/posts/search", post(search_team_posts))
        .route("/posts/search", post(search_all_posts))
        .route("/teams/{team_id}/files/search", post(search_team_files))
        .route("/files/search", post(search_all_files))
}

/// POST /api/v4/teams/{team_id}/posts/search
async fn search_team_posts(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(team_id): Path<String>,
    Json(req): Json<SearchRequest>,
) -> ApiResult<Out<PostSearchResults>> {
    let team_id = valid_id(&team_id, "team_id")?;
    Ok(Out(state
        .core
        .search_posts(&actor, Some(team_id), req)
        .await?))
}

/// POST /api/v4/posts/search
async fn search_all_posts(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(req): Json<SearchRequest>,
) -> ApiResult<Out<PostSearchResults>> {
    Ok(Out(state.core.search_posts(&actor, None, req).await?))
}

/// POST /api/v4/teams/{team_id}/files/search
async fn search_team_files(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(team_id): Path<String>,
    Json(req): Json<SearchRequest>,
) -> ApiResult<Out<FileInfoList>> {
    let team_id = valid_id(&team_id, "team_id")?;
    Ok(Out(state
        .core
        .search_files(&actor, Some(team_id), req)
        .await?))
}

/// POST /api/v4/files/search
async fn search_all_files(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(req): Json<SearchRequest>,
) -> ApiResult<Out<FileInfoList>> {
    Ok(Out(state.core.search_files(&actor, None, req).await?))
}
