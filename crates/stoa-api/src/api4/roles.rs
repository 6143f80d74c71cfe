//! `roles`: the built-in roles and their permissions.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use stoa_model::role::Role;

use crate::error::ApiResult;
use crate::extract::{Auth, Json, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/roles", get(all_roles))
        .route("/roles/names", post(roles_by_names))
        .route("/roles/name/{name}", get(role_by_name))
        .route("/roles/{role_id}", get(role_by_id))
}

/// GET /api/v4/roles
async fn all_roles(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Out<Vec<Role>>> {
    Ok(Out(state.core.get_all_roles(&actor)?))
}

/// POST /api/v4/roles/names
async fn roles_by_names(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(names): Json<Vec<String>>,
) -> ApiResult<Out<Vec<Role>>> {
    Ok(Out(state.core.get_roles_by_names(&actor, &names)?))
}

/// GET /api/v4/roles/name/{name}
async fn role_by_name(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(name): Path<String>,
) -> ApiResult<Out<Role>> {
    Ok(Out(state.core.get_role_by_name(&actor, &name)?))
}

/// GET /api/v4/roles/{role_id}
async fn role_by_id(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Role>> {
    Ok(Out(state
        .core
        .get_role(&actor, valid_id(&id, "role_id")?)?))
}
