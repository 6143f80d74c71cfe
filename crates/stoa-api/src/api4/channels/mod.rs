//! `channels`: channels, direct and group messages, members and read state, and the sidebar
//! categories (`categories`).

mod categories;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use serde::Deserialize;
use stoa_core::channels::{AllChannels, ChannelsAnswer, MemberSchemeRoles, TeamChannelList};
use stoa_model::StringMap;
use stoa_model::channel::{
    Channel, ChannelMember, ChannelPatch, ChannelSearch, ChannelStats, ChannelUnread,
    ChannelViewResponse, ChannelWithTeamData,
};

use super::{created, ok};
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, search_term, team_id, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/channels", post(create_channel).get(all_channels))
        .route("/channels/search", post(search_all_channels))
        .route("/channels/group/search", post(search_group_channels))
        .route("/channels/direct", post(create_direct))
        .route("/channels/group", post(create_group))
        .route("/channels/members/{user_id}/view", post(view_channel))
        .route(
            "/channels/{channel_id}",
            get(get_channel).put(update_channel).delete(delete_channel),
        )
        .route("/channels/{channel_id}/patch", put(patch_channel))
        .route("/channels/{channel_id}/privacy", put(set_privacy))
        .route("/channels/{channel_id}/restore", post(restore_channel))
        .route("/channels/{channel_id}/stats", get(channel_stats))
        .route("/channels/{channel_id}/timezones", get(channel_timezones))
        .route("/channels/{channel_id}/common_teams", get(common_teams))
        .route(
            "/channels/{channel_id}/convert_to_channel",
            post(convert_to_channel),
        )
        .route(
            "/channels/{channel_id}/members",
            get(get_members).post(add_member),
        )
        .route(
            "/channels/{channel_id}/members/ids",
            post(get_members_by_ids),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}",
            get(get_member).delete(remove_member),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}/roles",
            put(update_member_roles),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}/schemeRoles",
            put(update_member_scheme_roles),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}/notify_props",
            put(update_notify_props),
        )
        .route("/teams/{team_id}/channels", get(public_channels))
        .route("/teams/{team_id}/channels/deleted", get(deleted_channels))
        .route("/teams/{team_id}/channels/private", get(private_channels))
        .route("/teams/{team_id}/channels/ids", post(channels_by_ids))
        .route("/teams/{team_id}/channels/search", post(search_channels))
        .route(
            "/teams/{team_id}/channels/autocomplete",
            get(autocomplete_channels),
        )
        .route(
            "/teams/{team_id}/channels/search_autocomplete",
            get(search_autocomplete),
        )
        .route(
            "/teams/{team_id}/channels/name/{channel_name}",
            get(channel_by_name),
        )
        .route(
            "/teams/name/{team_name}/channels/name/{channel_name}",
            get(channel_by_names),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels",
            get(my_channels),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels/members",
            get(my_channel_members),
        )
        .route("/users/{user_id}/channels", get(all_my_channels))
        .route(
            "/users/{user_id}/channel_members",
            get(all_my_channel_members),
        )
        .route("/users/group_channels", post(group_channel_profiles))
        .route(
            "/users/{user_id}/channels/{channel_id}/unread",
            get(channel_unread),
        )
        .merge(categories::routes())
}

fn channel_id(raw: &str) -> ApiResult<&str> {
    valid_id(raw, "channel_id")
}

/// POST /api/v4/channels
async fn create_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ch): Json<Channel>,
) -> ApiResult<impl IntoResponse> {
    Ok(created(state.core.create_channel(&actor, ch).await?))
}

/// POST /api/v4/channels/direct — `[user_id, user_id]`; 201 also when it existed.
async fn create_direct(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<impl IntoResponse> {
    let [a, b] = ids.as_slice() else {
        return Err(stoa_core::Error::invalid_body_param("user_ids").into());
    };
    let (a, b) = (valid_id(a, "user_id")?, valid_id(b, "user_id")?);
    Ok(created(
        state.core.create_direct_channel(&actor, a, b).await?,
    ))
}

/// POST /api/v4/channels/group — `[user_id, …]`.
async fn create_group(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<impl IntoResponse> {
    for id in &ids {
        valid_id(id, "user_id")?;
    }
    Ok(created(
        state.core.create_group_channel(&actor, &ids).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ViewBody {
    channel_id: String,
    prev_channel_id: String,
}

/// POST /api/v4/channels/members/{user_id}/view
async fn view_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user): Path<String>,
    Json(b): Json<ViewBody>,
) -> ApiResult<Out<ChannelViewResponse>> {
    let uid = user_param(&actor, &user)?;
    for id in [&b.channel_id, &b.prev_channel_id] {
        if !id.is_empty() {
            valid_id(id, "channel_id")?;
        }
    }
    Ok(Out(state
        .core
        .view_channel(&actor, &uid, &b.channel_id, &b.prev_channel_id)
        .await?))
}

/// GET /api/v4/channels/{channel_id}
async fn get_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .get_channel(&actor, channel_id(&id)?)
        .await?))
}

/// PUT /api/v4/channels/{channel_id}
async fn update_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(ch): Json<Channel>,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .update_channel(&actor, channel_id(&id)?, ch)
        .await?))
}

/// PUT /api/v4/channels/{channel_id}/patch
async fn patch_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(p): Json<ChannelPatch>,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .patch_channel(&actor, channel_id(&id)?, p)
        .await?))
}

/// DELETE /api/v4/channels/{channel_id}?permanent=
async fn delete_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state
        .core
        .delete_channel(&actor, channel_id(&id)?, p.bool("permanent"))
        .await?;
    Ok(ok())
}

#[derive(Deserialize)]
struct PrivacyBody {
    privacy: String,
}

/// PUT /api/v4/channels/{channel_id}/privacy
async fn set_privacy(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(b): Json<PrivacyBody>,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .set_channel_privacy(&actor, channel_id(&id)?, &b.privacy)
        .await?))
}

/// POST /api/v4/channels/{channel_id}/restore
async fn restore_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .restore_channel(&actor, channel_id(&id)?)
        .await?))
}

/// GET /api/v4/channels/{channel_id}/stats
async fn channel_stats(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<ChannelStats>> {
    Ok(Out(state
        .core
        .channel_stats(&actor, channel_id(&id)?)
        .await?))
}

/// GET /api/v4/channels/{channel_id}/timezones
async fn channel_timezones(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Vec<String>>> {
    Ok(Out(state
        .core
        .channel_timezones(&actor, channel_id(&id)?)
        .await?))
}

/// GET /api/v4/channels/{channel_id}/members
async fn get_members(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<ChannelMember>>> {
    Ok(Out(state
        .core
        .get_channel_members(&actor, channel_id(&id)?, p.page())
        .await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AddMemberBody {
    user_id: String,
    user_ids: Vec<String>,
}

/// POST /api/v4/channels/{channel_id}/members — `{user_id}` answers the member, `{user_ids}` the
/// list.
async fn add_member(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(b): Json<AddMemberBody>,
) -> ApiResult<Response> {
    let cid = channel_id(&id)?;
    if !b.user_ids.is_empty() {
        if b.user_ids.len() > 1000 {
            return Err(stoa_core::Error::invalid_body_param("user_ids").into());
        }
        let mut out = Vec::with_capacity(b.user_ids.len());
        for uid in &b.user_ids {
            out.push(
                state
                    .core
                    .add_channel_member(&actor, cid, valid_id(uid, "user_id")?)
                    .await?,
            );
        }
        return Ok(created(out).into_response());
    }
    let uid = valid_id(&b.user_id, "user_id")?;
    Ok(created(state.core.add_channel_member(&actor, cid, uid).await?).into_response())
}

/// POST /api/v4/channels/{channel_id}/members/ids
async fn get_members_by_ids(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<Vec<ChannelMember>>> {
    Ok(Out(state
        .core
        .get_channel_members_by_ids(&actor, channel_id(&id)?, &ids)
        .await?))
}

/// GET /api/v4/channels/{channel_id}/members/{user_id}
async fn get_member(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
) -> ApiResult<Out<ChannelMember>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .get_channel_member(&actor, channel_id(&id)?, &uid)
        .await?))
}

/// DELETE /api/v4/channels/{channel_id}/members/{user_id}
async fn remove_member(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    state
        .core
        .remove_channel_member(&actor, channel_id(&id)?, &uid)
        .await?;
    Ok(ok())
}

#[derive(Deserialize)]
struct RolesBody {
    roles: String,
}

/// PUT /api/v4/channels/{channel_id}/members/{user_id}/roles
async fn update_member_roles(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
    Json(b): Json<RolesBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    state
        .core
        .update_channel_member_roles(&actor, channel_id(&id)?, &uid, &b.roles)
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

/// PUT /api/v4/channels/{channel_id}/members/{user_id}/schemeRoles
async fn update_member_scheme_roles(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
    Json(b): Json<SchemeRolesBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    let r = MemberSchemeRoles {
        scheme_admin: b.scheme_admin,
        scheme_user: b.scheme_user,
        scheme_guest: b.scheme_guest,
    };
    state
        .core
        .update_channel_member_scheme_roles(&actor, channel_id(&id)?, &uid, r)
        .await?;
    Ok(ok())
}

/// PUT /api/v4/channels/{channel_id}/members/{user_id}/notify_props
async fn update_notify_props(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, user)): Path<(String, String)>,
    Json(props): Json<StringMap>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    state
        .core
        .update_channel_member_notify_props(&actor, channel_id(&id)?, &uid, props)
        .await?;
    Ok(ok())
}

async fn team_list(
    state: &AppState,
    actor: &stoa_core::Actor,
    id: &str,
    which: TeamChannelList,
    p: &Params,
) -> ApiResult<Out<Vec<Channel>>> {
    Ok(Out(state
        .core
        .list_team_channels(actor, team_id(id)?, which, p.page())
        .await?))
}

/// GET /api/v4/teams/{team_id}/channels
async fn public_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<Channel>>> {
    team_list(&state, &actor, &id, TeamChannelList::Public, &p).await
}

/// GET /api/v4/teams/{team_id}/channels/deleted
async fn deleted_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<Channel>>> {
    team_list(&state, &actor, &id, TeamChannelList::Deleted, &p).await
}

/// GET /api/v4/teams/{team_id}/channels/private
async fn private_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<Channel>>> {
    team_list(&state, &actor, &id, TeamChannelList::Private, &p).await
}

/// POST /api/v4/teams/{team_id}/channels/ids
async fn channels_by_ids(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<Vec<Channel>>> {
    Ok(Out(state
        .core
        .get_team_channels_by_ids(&actor, team_id(&id)?, &ids)
        .await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchBody {
    term: String,
    include_deleted: bool,
}

/// POST /api/v4/teams/{team_id}/channels/search
async fn search_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(b): Json<SearchBody>,
) -> ApiResult<Out<Vec<Channel>>> {
    Ok(Out(state
        .core
        .search_team_channels(
            &actor,
            team_id(&id)?,
            search_term(&b.term, "term")?,
            false,
            b.include_deleted,
            100,
        )
        .await?))
}

/// GET /api/v4/teams/{team_id}/channels/autocomplete?name=
async fn autocomplete_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<Channel>>> {
    let name = p.term("name")?;
    Ok(Out(state
        .core
        .search_team_channels(&actor, team_id(&id)?, name, true, false, 50)
        .await?))
}

/// GET /api/v4/teams/{team_id}/channels/search_autocomplete?name=
async fn search_autocomplete(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<Channel>>> {
    let name = p.term("name")?;
    Ok(Out(state
        .core
        .search_my_channels(&actor, team_id(&id)?, name)
        .await?))
}

/// GET /api/v4/teams/{team_id}/channels/name/{channel_name}?include_deleted=
async fn channel_by_name(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((id, name)): Path<(String, String)>,
    p: Params,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .get_channel_by_name(&actor, team_id(&id)?, &name, p.bool("include_deleted"))
        .await?))
}

/// GET /api/v4/teams/name/{team_name}/channels/name/{channel_name}
async fn channel_by_names(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((team, name)): Path<(String, String)>,
    p: Params,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .get_channel_by_names(&actor, &team, &name, p.bool("include_deleted"))
        .await?))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/channels?include_deleted=&last_delete_at=
async fn my_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, id)): Path<(String, String)>,
    p: Params,
) -> ApiResult<Out<Vec<Channel>>> {
    let uid = user_param(&actor, &user)?;
    let channels = state
        .core
        .get_channels_for_user(
            &actor,
            &uid,
            team_id(&id)?,
            p.bool("include_deleted"),
            p.i64("last_delete_at").unwrap_or(0),
        )
        .await?;
    Ok(Out(channels))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/channels/members
async fn my_channel_members(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, id)): Path<(String, String)>,
) -> ApiResult<Out<Vec<ChannelMember>>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .get_channel_members_for_user(&actor, &uid, team_id(&id)?)
        .await?))
}

/// GET /api/v4/users/{user_id}/channels
async fn all_my_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<ChannelWithTeamData>>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .get_all_channels_for_user(
            &actor,
            &uid,
            p.bool("include_deleted"),
            p.i64("last_delete_at").unwrap_or(0),
        )
        .await?))
}

/// GET /api/v4/users/{user_id}/channels/{channel_id}/unread
async fn channel_unread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, id)): Path<(String, String)>,
) -> ApiResult<Out<ChannelUnread>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .channel_unread(&actor, &uid, channel_id(&id)?)
        .await?))
}

fn channels_answer(a: ChannelsAnswer) -> Response {
    match a {
        ChannelsAnswer::List(list) => Out(list).into_response(),
        ChannelsAnswer::Counted(page) => Out(page).into_response(),
    }
}

/// GET /api/v4/channels — every team's channels (System Console); `include_total_count` wraps
/// the page as `{channels, total_count}`.
async fn all_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Response> {
    let filter = AllChannels {
        include_deleted: p.bool("include_deleted"),
        exclude_default_channels: p.bool("exclude_default_channels"),
        include_total_count: p.bool("include_total_count"),
    };
    Ok(channels_answer(
        state
            .core
            .list_all_channels(&actor, filter, p.page())
            .await?,
    ))
}

/// POST /api/v4/channels/search — `?system_console=false` is the apps' search across the
/// caller's teams; otherwise the System Console's search of every team.
async fn search_all_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
    Json(search): Json<ChannelSearch>,
) -> ApiResult<Response> {
    search_term(&search.term, "term")?;
    let system_console = match p.str("system_console") {
        None => true,
        Some(v) => {
            parse_go_bool(v).ok_or_else(|| stoa_core::Error::invalid_param("system_console"))?
        }
    };
    Ok(channels_answer(
        state
            .core
            .search_all_channels(&actor, search, p.bool("include_deleted"), system_console)
            .await?,
    ))
}

/// Go's `strconv.ParseBool`, which Mattermost uses for some query flags.
fn parse_go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// POST /api/v4/channels/group/search — `{term}`: the caller's group messages by member names.
async fn search_group_channels(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(b): Json<SearchBody>,
) -> ApiResult<Out<Vec<Channel>>> {
    Ok(Out(state
        .core
        .search_group_channels(&actor, search_term(&b.term, "term")?)
        .await?))
}

/// POST /api/v4/users/group_channels — `[channel_id, …]` → the other members of each of the
/// caller's group messages.
async fn group_channel_profiles(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<std::collections::BTreeMap<String, Vec<stoa_model::user::User>>>> {
    if ids.is_empty() {
        return Err(stoa_core::Error::invalid_body_param("channel_ids").into());
    }
    Ok(Out(state
        .core
        .get_group_channel_profiles(&actor, &ids)
        .await?))
}

/// GET /api/v4/users/{user_id}/channel_members — all memberships with team names; `page=-1`
/// streams every one as NDJSON (one object a line), as newer Mattermost servers do.
async fn all_my_channel_members(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user): Path<String>,
    p: Params,
) -> ApiResult<Response> {
    let uid = user_param(&actor, &user)?;
    let all = p.str("page") == Some("-1");
    let page = (!all).then(|| p.page());
    let members = state
        .core
        .get_all_channel_members_for_user(&actor, &uid, page)
        .await?;
    if !all {
        return Ok(Out(members).into_response());
    }
    let mut body = String::new();
    for m in &members {
        body.push_str(&serde_json::to_string(m).map_err(stoa_core::Error::internal)?);
        body.push('\n');
    }
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/x-ndjson"),
        )],
        body,
    )
        .into_response())
}

/// GET /api/v4/channels/{channel_id}/common_teams — teams all members of a direct or group
/// message share (`null` when the caller is not among its active members).
async fn common_teams(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Option<Vec<stoa_model::team::Team>>>> {
    Ok(Out(state
        .core
        .get_common_teams(&actor, channel_id(&id)?)
        .await?))
}

/// POST /api/v4/channels/{channel_id}/convert_to_channel — `{channel_id, team_id, name,
/// display_name}`: a group message becomes a private channel of that team.
async fn convert_to_channel(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(body): Json<stoa_core::channels::GroupConversion>,
) -> ApiResult<Out<Channel>> {
    Ok(Out(state
        .core
        .convert_group_to_channel(&actor, channel_id(&id)?, body)
        .await?))
}
