//! `oauth`: the OAuth 2.0 apps registered with Stoa as provider. (The grant itself —
//! `/oauth/authorize`, `/oauth/access_token`, `/oauth/deauthorize` — lives outside `/api/v4`,
//! in `crate::oauth`.)

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use stoa_model::StatusOk;
use stoa_model::oauth::OAuthApp;

use super::{created, ok};
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/apps", post(create_oauth_app).get(list_oauth_apps))
        .route(
            "/oauth/apps/{app_id}",
            get(get_oauth_app)
                .put(update_oauth_app)
                .delete(delete_oauth_app),
        )
        .route("/oauth/apps/{app_id}/info", get(get_oauth_app_info))
        .route(
            "/oauth/apps/{app_id}/regen_secret",
            post(regen_oauth_app_secret),
        )
        .route(
            "/users/{user_id}/oauth/apps/authorized",
            get(authorized_oauth_apps),
        )
}

/// POST /api/v4/oauth/apps
async fn create_oauth_app(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(app): Json<OAuthApp>,
) -> ApiResult<(StatusCode, Out<OAuthApp>)> {
    Ok(created(state.core.create_oauth_app(&actor, app).await?))
}

/// GET /api/v4/oauth/apps?page=&per_page=
async fn list_oauth_apps(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<OAuthApp>>> {
    Ok(Out(state.core.list_oauth_apps(&actor, p.page()).await?))
}

/// GET /api/v4/oauth/apps/{app_id}
async fn get_oauth_app(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<OAuthApp>> {
    let id = valid_id(&id, "app_id")?;
    Ok(Out(state.core.get_oauth_app(&actor, id).await?))
}

/// GET /api/v4/oauth/apps/{app_id}/info
async fn get_oauth_app_info(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<OAuthApp>> {
    let id = valid_id(&id, "app_id")?;
    Ok(Out(state.core.get_oauth_app_info(&actor, id).await?))
}

/// PUT /api/v4/oauth/apps/{app_id}
async fn update_oauth_app(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(app): Json<OAuthApp>,
) -> ApiResult<Out<OAuthApp>> {
    let id = valid_id(&id, "app_id")?;
    Ok(Out(state.core.update_oauth_app(&actor, id, app).await?))
}

/// DELETE /api/v4/oauth/apps/{app_id}
async fn delete_oauth_app(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<StatusOk>> {
    let id = valid_id(&id, "app_id")?;
    state.core.delete_oauth_app(&actor, id).await?;
    Ok(ok())
}

/// POST /api/v4/oauth/apps/{app_id}/regen_secret
async fn regen_oauth_app_secret(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<OAuthApp>> {
    let id = valid_id(&id, "app_id")?;
    Ok(Out(state.core.regen_oauth_app_secret(&actor, id).await?))
}

/// GET /api/v4/users/{user_id}/oauth/apps/authorized?page=&per_page=
async fn authorized_oauth_apps(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<OAuthApp>>> {
    let user_id = user_param(&actor, &user_id)?;
    Ok(Out(state
        .core
        .authorized_oauth_apps(&actor, &user_id, p.page())
        .await?))
}
