//! `users`: accounts, profiles, roles, activation, search, sessions, pictures and personal access
//! tokens.

pub(crate) mod image;
mod login;
mod tokens;

use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use serde::Deserialize;
use stoa_core::users::{SignupInvite, UserFilter, UserSearch, UserSort};
use stoa_model::user::{User, UserAutocomplete, UserPatch, UsersStats};

use super::{created, ok};
use crate::error::ApiResult;
use crate::extract::{Auth, Json, MaybeAuth, Params, search_term, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    Router::new()
        .route("/users", post(create_user).get(list_users))
        .route("/users/ids", post(get_users_by_ids))
        .route("/users/usernames", post(get_users_by_usernames))
        .route("/users/search", post(search_users))
        .route("/users/autocomplete", get(autocomplete_users))
        .route("/users/stats", get(user_stats))
        .route("/users/known", get(known_users))
        .route("/users/username/{username}", get(get_user_by_username))
        .route("/users/email/{email}", get(get_user_by_email))
        .route(
            "/users/{user_id}",
            get(get_user).put(update_user).delete(deactivate_user),
        )
        .route("/users/{user_id}/patch", put(patch_user))
        .route("/users/{user_id}/password", put(update_password))
        .route("/users/{user_id}/roles", put(update_roles))
        .route("/users/{user_id}/active", put(update_active))
        .merge(login::routes())
        .merge(image::routes())
        .merge(tokens::routes())
}

/// POST /api/v4/users — sign-up (`?iid=` a team invite id), or an admin creating a user.
async fn create_user(
    State(state): State<AppState>,
    MaybeAuth(actor): MaybeAuth,
    params: Params,
    Json(user): Json<User>,
) -> ApiResult<impl axum::response::IntoResponse> {
    let invite = SignupInvite {
        invite_id: params.text("iid"),
    };
    let user = state.core.create_user(actor.as_ref(), user, invite).await?;
    Ok(created(user))
}

/// GET /api/v4/users
async fn list_users(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<User>>> {
    let filter = UserFilter {
        in_team: p.id("in_team")?,
        not_in_team: p.id("not_in_team")?,
        in_channel: p.id("in_channel")?,
        not_in_channel: p.id("not_in_channel")?,
        without_team: p.bool("without_team"),
        active: match (p.bool("active"), p.bool("inactive")) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        role: Some(p.term("role")?)
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
        sort: match p.str("sort") {
            Some("create_at") => UserSort::CreateAt,
            Some("last_activity_at") => UserSort::LastActivity,
            _ => UserSort::Username,
        },
    };
    Ok(Out(state.core.list_users(&actor, filter, p.page()).await?))
}

/// POST /api/v4/users/ids (`?since=` only users updated after it)
async fn get_users_by_ids(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<Vec<User>>> {
    Ok(Out(state
        .core
        .get_users_by_ids(&actor, &ids, p.i64("since"))
        .await?))
}

/// POST /api/v4/users/usernames
async fn get_users_by_usernames(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(names): Json<Vec<String>>,
) -> ApiResult<Out<Vec<User>>> {
    Ok(Out(state
        .core
        .get_users_by_usernames(&actor, &names)
        .await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchBody {
    term: String,
    team_id: String,
    not_in_team_id: String,
    in_channel_id: String,
    not_in_channel_id: String,
    allow_inactive: bool,
    without_team: bool,
    limit: i64,
}

/// POST /api/v4/users/search
async fn search_users(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<SearchBody>,
) -> ApiResult<Out<Vec<User>>> {
    let opt = |s: String| (!s.is_empty()).then_some(s);
    for id in [
        &b.team_id,
        &b.not_in_team_id,
        &b.in_channel_id,
        &b.not_in_channel_id,
    ] {
        if !id.is_empty() {
            valid_id(id, "id")?;
        }
    }
    search_term(&b.term, "term")?;
    let search = UserSearch {
        term: b.term,
        team_id: opt(b.team_id),
        not_in_team_id: opt(b.not_in_team_id),
        in_channel_id: opt(b.in_channel_id),
        not_in_channel_id: opt(b.not_in_channel_id),
        allow_inactive: b.allow_inactive,
        without_team: b.without_team,
        limit: b.limit,
    };
    Ok(Out(state.core.search_users(&actor, search).await?))
}

/// GET /api/v4/users/autocomplete?in_team=&in_channel=&name=&limit=
async fn autocomplete_users(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<UserAutocomplete>> {
    let name = p.term("name")?.to_owned();
    let limit = p.i64("limit").unwrap_or(100);
    Ok(Out(state
        .core
        .autocomplete_users(&actor, &name, p.id("in_team")?, p.id("in_channel")?, limit)
        .await?))
}

/// GET /api/v4/users/stats
async fn user_stats(
    State(state): State<AppState>,
    Auth(actor): Auth,
) -> ApiResult<Out<UsersStats>> {
    Ok(Out(state.core.user_stats(&actor).await?))
}

/// GET /api/v4/users/known — ids of users the caller shares a team or channel with. Without
/// view restrictions every user is known, as in Mattermost's default permissions.
async fn known_users(
    State(state): State<AppState>,
    Auth(actor): Auth,
) -> ApiResult<Out<Vec<String>>> {
    let users = state
        .core
        .list_users(&actor, UserFilter::default(), stoa_core::Page::new(0, 200))
        .await?;
    Ok(Out(users
        .into_iter()
        .map(|u| u.id)
        .filter(|id| id != actor.user_id())
        .collect()))
}

/// GET /api/v4/users/{user_id}
async fn get_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<User>> {
    let id = user_param(&actor, &user_id)?;
    Ok(Out(state.core.get_user(&actor, &id).await?))
}

/// GET /api/v4/users/username/{username}
async fn get_user_by_username(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(username): Path<String>,
) -> ApiResult<Out<User>> {
    Ok(Out(state
        .core
        .get_user_by_username(&actor, &username)
        .await?))
}

/// GET /api/v4/users/email/{email}
async fn get_user_by_email(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(email): Path<String>,
) -> ApiResult<Out<User>> {
    Ok(Out(state.core.get_user_by_email(&actor, &email).await?))
}

/// PUT /api/v4/users/{user_id}
async fn update_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(body): Json<User>,
) -> ApiResult<Out<User>> {
    let id = user_param(&actor, &user_id)?;
    Ok(Out(state.core.update_user(&actor, &id, body).await?))
}

/// PUT /api/v4/users/{user_id}/patch
async fn patch_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(patch): Json<UserPatch>,
) -> ApiResult<Out<User>> {
    let id = user_param(&actor, &user_id)?;
    Ok(Out(state.core.patch_user(&actor, &id, patch).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordBody {
    current_password: String,
    new_password: String,
}

/// PUT /api/v4/users/{user_id}/password
async fn update_password(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(b): Json<PasswordBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    state
        .core
        .update_password(&actor, &id, &b.current_password, &b.new_password)
        .await?;
    Ok(ok())
}

#[derive(Deserialize)]
struct RolesBody {
    roles: String,
}

/// PUT /api/v4/users/{user_id}/roles
async fn update_roles(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(b): Json<RolesBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    state.core.update_user_roles(&actor, &id, &b.roles).await?;
    Ok(ok())
}

#[derive(Deserialize)]
struct ActiveBody {
    active: bool,
}

/// PUT /api/v4/users/{user_id}/active
async fn update_active(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(b): Json<ActiveBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    state.core.set_user_active(&actor, &id, b.active).await?;
    Ok(ok())
}

/// DELETE /api/v4/users/{user_id} — deactivates (Mattermost keeps the account).
async fn deactivate_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    state.core.set_user_active(&actor, &id, false).await?;
    Ok(ok())
}
