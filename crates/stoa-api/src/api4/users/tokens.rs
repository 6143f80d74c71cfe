//! `users` (personal access tokens): made per user, listed and managed by id.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use serde::Deserialize;
use stoa_model::StatusOk;
use stoa_model::token::UserAccessToken;

use super::super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, search_term, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/tokens", get(list_all))
        .route("/users/tokens/revoke", post(revoke))
        .route("/users/tokens/disable", post(disable))
        .route("/users/tokens/enable", post(enable))
        .route("/users/tokens/search", post(search))
        .route("/users/tokens/{token_id}", get(get_token))
        .route("/users/{user_id}/tokens", post(create).get(list_for_user))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CreateBody {
    description: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenIdBody {
    token_id: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchBody {
    term: String,
}

/// POST /api/v4/users/{user_id}/tokens — the answer carries the secret, this once.
async fn create(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(b): Json<CreateBody>,
) -> ApiResult<Out<UserAccessToken>> {
    let id = user_param(&actor, &user_id)?;
    Ok(Out(state
        .core
        .create_user_access_token(&actor, &id, &b.description)
        .await?))
}

/// GET /api/v4/users/{user_id}/tokens?page=&per_page=
async fn list_for_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<UserAccessToken>>> {
    let id = user_param(&actor, &user_id)?;
    Ok(Out(state
        .core
        .user_access_tokens_for_user(&actor, &id, p.page())
        .await?))
}

/// GET /api/v4/users/tokens?page=&per_page= (system admins)
async fn list_all(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<UserAccessToken>>> {
    Ok(Out(state.core.user_access_tokens(&actor, p.page()).await?))
}

/// GET /api/v4/users/tokens/{token_id}
async fn get_token(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(token_id): Path<String>,
) -> ApiResult<Out<UserAccessToken>> {
    let id = valid_id(&token_id, "token_id")?;
    Ok(Out(state.core.get_user_access_token(&actor, id).await?))
}

fn token_id(b: &TokenIdBody) -> ApiResult<&str> {
    if b.token_id.is_empty() {
        return Err(stoa_core::Error::invalid_param("token_id").into());
    }
    Ok(&b.token_id)
}

/// POST /api/v4/users/tokens/revoke `{token_id}`
async fn revoke(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<TokenIdBody>,
) -> ApiResult<Out<StatusOk>> {
    state
        .core
        .revoke_user_access_token(&actor, token_id(&b)?)
        .await?;
    Ok(ok())
}

/// POST /api/v4/users/tokens/disable `{token_id}`
async fn disable(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<TokenIdBody>,
) -> ApiResult<Out<StatusOk>> {
    state
        .core
        .disable_user_access_token(&actor, token_id(&b)?)
        .await?;
    Ok(ok())
}

/// POST /api/v4/users/tokens/enable `{token_id}`
async fn enable(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<TokenIdBody>,
) -> ApiResult<Out<StatusOk>> {
    state
        .core
        .enable_user_access_token(&actor, token_id(&b)?)
        .await?;
    Ok(ok())
}

/// POST /api/v4/users/tokens/search `{term}` (system admins)
async fn search(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<SearchBody>,
) -> ApiResult<Out<Vec<UserAccessToken>>> {
    search_term(&b.term, "term")?;
    Ok(Out(state
        .core
        .search_user_access_tokens(&actor, &b.term)
        .await?))
}
