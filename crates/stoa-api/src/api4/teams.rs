//! `teams`: teams, their members, invites.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use serde::Deserialize;
use stoa_core::teams::SchemeRoles;
use stoa_model::team::{Team, TeamMember, TeamPatch, TeamStats};

use super::{created, ok};
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, search_term, team_id, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/teams", post(create_team).get(list_teams))
        .route("/teams/search", post(search_teams))
        .route("/teams/name/{name}", get(get_team_by_name))
        .route("/teams/name/{name}/exists", get(team_exists))
        .route("/teams/invite/{invite_id}", get(invite_info))
        .route("/teams/members/invite", post(join_by_invite))
        .route(
            "/teams/{team_id}",
            get(get_team).put(update_team).delete(delete_team),
        )
        .route("/teams/{team_id}/patch", put(patch_team))
        .route("/teams/{team_id}/privacy", put(set_privacy))
        .route("/teams/{team_id}/restore", post(restore_team))
        .route(
            "/teams/{team_id}/regenerate_invite_id",
            post(regenerate_invite_id),
        )
        .route("/teams/{team_id}/stats", get(team_stats))
        .route(
            "/teams/{team_id}/image",
            get(get_team_icon)
                .post(set_team_icon)
                .delete(remove_team_icon),
        )
        .route(
            "/teams/{team_id}/members",
            get(get_members).post(add_member),
        )
        .route("/teams/{team_id}/members/batch", post(add_members))
        .route("/teams/{team_id}/members/ids", post(get_members_by_ids))
        .route(
            "/teams/{team_id}/members/{user_id}",
            get(get_member).delete(remove_member),
        )
        .route(
            "/teams/{team_id}/members/{user_id}/roles",
            put(update_member_roles),
        )
        .route(
            "/teams/{team_id}/members/{user_id}/schemeRoles",
            put(update_member_scheme_roles),
        )
        .route("/users/{user_id}/teams", get(teams_for_user))
        .route("/users/{user_id}/teams/members", get(team_members_for_user))
}

/// POST /api/v4/teams
async fn create_team(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(team): Json<Team>,
) -> ApiResult<impl IntoResponse> {
    Ok(created(state.core.create_team(&actor, team).await?))
}

/// GET /api/v4/teams — `include_total_count=true` answers `{teams, total_count}`.
async fn list_teams(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<axum::response::Response> {
    let (teams, total) = state
        .core
        .list_teams(&actor, p.page(), p.bool("include_deleted"))
        .await?;
    if p.bool("include_total_count") {
        return Ok(Out(serde_json::json!({"teams": teams, "total_count": total})).into_response());
    }
    Ok(Out(teams).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchBody {
    term: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// POST /api/v4/teams/search
async fn search_teams(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<SearchBody>,
) -> ApiResult<Out<Vec<Team>>> {
    let page = b
        .per_page
        .map(|pp| stoa_core::Page::new(b.page.unwrap_or(0), pp));
    Ok(Out(state
        .core
        .search_teams(&actor, search_term(&b.term, "term")?, page)
        .await?))
}

/// GET /api/v4/teams/name/{name}
async fn get_team_by_name(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(name): Path<String>,
) -> ApiResult<Out<Team>> {
    Ok(Out(state.core.get_team_by_name(&actor, &name).await?))
}

/// GET /api/v4/teams/name/{name}/exists
async fn team_exists(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(name): Path<String>,
) -> ApiResult<Out<serde_json::Value>> {
    let exists = state.core.team_name_exists(&actor, &name).await?;
    Ok(Out(serde_json::json!({ "exists": exists })))
}

/// GET /api/v4/teams/invite/{invite_id} — no session needed.
async fn invite_info(
    State(state): State<AppState>,
    Path(invite_id): Path<String>,
) -> ApiResult<Out<serde_json::Value>> {
    valid_id(&invite_id, "invite_id")?;
    Ok(Out(state.core.get_team_invite_info(&invite_id).await?))
}

/// POST /api/v4/teams/members/invite?invite_id=
async fn join_by_invite(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    let invite_id = p
        .id("invite_id")?
        .ok_or_else(|| stoa_core::Error::invalid_param("invite_id"))?;
    Ok(created(
        state.core.join_team_by_invite(&actor, &invite_id).await?,
    ))
}

/// GET /api/v4/teams/{team_id}
async fn get_team(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Team>> {
    Ok(Out(state.core.get_team(&actor, team_id(&id)?).await?))
}

/// PUT /api/v4/teams/{team_id}
async fn update_team(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(team): Json<Team>,
) -> ApiResult<Out<Team>> {
    Ok(Out(state
        .core
        .update_team(&actor, team_id(&id)?, team)
        .await?))
}

/// PUT /api/v4/teams/{team_id}/patch
async fn patch_team(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(patch): Json<TeamPatch>,
) -> ApiResult<Out<Team>> {
    Ok(Out(state
        .core
        .patch_team(&actor, team_id(&id)?, patch)
        .await?))
}

#[derive(Deserialize)]
struct PrivacyBody {
    privacy: String,
}

/// PUT /api/v4/teams/{team_id}/privacy
async fn set_privacy(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(b): Json<PrivacyBody>,
) -> ApiResult<Out<Team>> {
    Ok(Out(state
        .core
        .set_team_privacy(&actor, team_id(&id)?, &b.privacy)
        .await?))
}

/// DELETE /api/v4/teams/{team_id}?permanent=
async fn delete_team(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state
        .core
        .delete_team(&actor, team_id(&id)?, p.bool("permanent"))
        .await?;
    Ok(ok())
}

/// POST /api/v4/teams/{team_id}/restore
async fn restore_team(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Team>> {
    Ok(Out(state.core.restore_team(&actor, team_id(&id)?).await?))
}

/// POST /api/v4/teams/{team_id}/regenerate_invite_id
async fn regenerate_invite_id(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Team>> {
    Ok(Out(state
        .core
        .regenerate_invite_id(&actor, team_id(&id)?)
        .await?))
}

/// GET /api/v4/teams/{team_id}/stats
async fn team_stats(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<TeamStats>> {
    Ok(Out(state.core.team_stats(&actor, team_id(&id)?).await?))
}

/// GET /api/v4/teams/{team_id}/members
async fn get_members(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<TeamMember>>> {
    Ok(Out(state
        .core
        .get_team_members(&actor, team_id(&id)?, p.page())
        .await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MemberBody {
    team_id: String,
    user_id: String,
}

/// POST /api/v4/teams/{team_id}/members
async fn add_member(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(b): Json<MemberBody>,
) -> ApiResult<impl IntoResponse> {
    let tid = team_id(&id)?;
    if !b.team_id.is_empty() && b.team_id != tid {
        return Err(stoa_core::Error::invalid_body_param("team_id").into());
    }
    let uid = valid_id(&b.user_id, "user_id")?;
    Ok(created(state.core.add_team_member(&actor, tid, uid).await?))
}

/// POST /api/v4/teams/{team_id}/members/batch
async fn add_members(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(b): Json<Vec<MemberBody>>,
) -> ApiResult<impl IntoResponse> {
    let tid = team_id(&id)?;
    let mut ids = Vec::with_capacity(b.len());
    for m in &b {
        ids.push(valid_id(&m.user_id, "user_id")?.to_owned());
    }
    Ok(created(
        state.core.add_team_members(&actor, tid, &ids).await?,
    ))
}

/// POST /api/v4/teams/{team_id}/members/ids
async fn get_members_by_ids(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<Vec<TeamMember>>> {
    Ok(Out(state
        .core
        .get_team_members_by_ids(&actor, team_id(&id)?, &ids)
        .await?))
}

/// GET /api/v4/teams/{team_id}/members/{user_id}
async fn get_member(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
) -> ApiResult<Out<TeamMember>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .get_team_member(&actor, team_id(&id)?, &uid)
        .await?))
}

/// DELETE /api/v4/teams/{team_id}/members/{user_id}
async fn remove_member(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    state
        .core
        .remove_team_member(&actor, team_id(&id)?, &uid)
        .await?;
    Ok(ok())
}

#[derive(Deserialize)]
struct RolesBody {
    roles: String,
}

/// PUT /api/v4/teams/{team_id}/members/{user_id}/roles
async fn update_member_roles(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
    Json(b): Json<RolesBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    state
        .core
        .update_team_member_roles(&actor, team_id(&id)?, &uid, &b.roles)
        .await?;
    Ok(ok())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SchemeRolesBody {
    scheme_admin: bool,
    scheme_user: bool,
    scheme_guest: bool,
}

/// PUT /api/v4/teams/{team_id}/members/{user_id}/schemeRoles
async fn update_member_scheme_roles(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
    Json(b): Json<SchemeRolesBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    let roles = SchemeRoles {
        scheme_admin: b.scheme_admin,
        scheme_user: b.scheme_user,
        scheme_guest: b.scheme_guest,
    };
    state
        .core
        .update_team_member_scheme_roles(&actor, team_id(&id)?, &uid, roles)
        .await?;
    Ok(ok())
}

/// GET /api/v4/users/{user_id}/teams
async fn teams_for_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user): Path<String>,
) -> ApiResult<Out<Vec<Team>>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state.core.get_teams_for_user(&actor, &uid).await?))
}

/// GET /api/v4/users/{user_id}/teams/members
async fn team_members_for_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user): Path<String>,
) -> ApiResult<Out<Vec<TeamMember>>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .get_team_members_for_user(&actor, &uid)
        .await?))
}

/// GET /api/v4/teams/{team_id}/image — the icon PNG; `ETag` is its `last_team_icon_update`.
async fn get_team_icon(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> ApiResult<axum::response::Response> {
    use axum::http::{HeaderValue, StatusCode, header};
    let (bytes, updated) = state.core.get_team_icon(&actor, team_id(&id)?).await?;
    let etag = updated.to_string();
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_matches('"') == etag);
    let mut resp = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        bytes.into_response()
    };
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=86400, private"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Ok(resp)
}

/// POST /api/v4/teams/{team_id}/image — multipart with an `image` part; stored as a 128×128 PNG.
async fn set_team_icon(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let team = team_id(&id)?.to_owned();
    let bytes = super::users::image::read_image_part(req, "api.team.set_team_icon").await?;
    state.core.set_team_icon(&actor, &team, bytes).await?;
    Ok(ok())
}

/// DELETE /api/v4/teams/{team_id}/image
async fn remove_team_icon(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state.core.remove_team_icon(&actor, team_id(&id)?).await?;
    Ok(ok())
}
