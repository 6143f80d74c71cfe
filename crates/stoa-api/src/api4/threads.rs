//! `threads`: a user's followed threads (collapsed reply threads).

use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use stoa_core::threads::ThreadListOptions;
use stoa_model::team::TeamUnread;
use stoa_model::thread::{ThreadResponse, Threads};

use super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Params, team_id, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/teams/unread", get(teams_unread))
        .route("/users/{user_id}/teams/{team_id}/unread", get(team_unread))
        .route(
            "/users/{user_id}/teams/{team_id}/threads",
            get(list_threads),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/threads/read",
            put(read_all),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/threads/{thread_id}",
            get(get_thread),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/threads/{thread_id}/following",
            put(follow).delete(unfollow),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}",
            put(read_up_to),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/threads/{thread_id}/set_unread/{post_id}",
            post(set_unread),
        )
}

/// GET /api/v4/users/{user_id}/teams/unread?exclude_team=&include_collapsed_threads=
async fn teams_unread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<TeamUnread>>> {
    let uid = user_param(&actor, &user)?;
    let exclude = p.id("exclude_team")?;
    Ok(Out(state
        .core
        .get_teams_unread(
            &actor,
            &uid,
            exclude.as_deref(),
            p.bool("include_collapsed_threads"),
        )
        .await?))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/unread
async fn team_unread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
) -> ApiResult<Out<TeamUnread>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .get_team_unread(&actor, &uid, team_id(&team)?)
        .await?))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/threads
async fn list_threads(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
    p: Params,
) -> ApiResult<Out<Threads>> {
    let uid = user_param(&actor, &user)?;
    let o = ThreadListOptions {
        since: p.i64("since").unwrap_or(0),
        deleted: p.bool("deleted"),
        extended: p.bool("extended"),
        unread: p.bool("unread"),
        before: p.id("before")?,
        after: p.id("after")?,
        per_page: p.i64("per_page").or(p.i64("pageSize")).unwrap_or(25),
        totals_only: p.bool("totalsOnly"),
        threads_only: p.bool("threadsOnly"),
    };
    Ok(Out(state
        .core
        .get_user_threads(&actor, &uid, team_id(&team)?, o)
        .await?))
}

/// GET /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}?extended=
async fn get_thread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, thread)): Path<(String, String, String)>,
    p: Params,
) -> ApiResult<Out<ThreadResponse>> {
    let uid = user_param(&actor, &user)?;
    let thread = valid_id(&thread, "thread_id")?;
    Ok(Out(state
        .core
        .get_user_thread(&actor, &uid, team_id(&team)?, thread, p.bool("extended"))
        .await?))
}

async fn set_following(
    state: &AppState,
    actor: &stoa_core::Actor,
    user: &str,
    team: &str,
    thread: &str,
    following: bool,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(actor, user)?;
    state
        .core
        .set_thread_following(
            actor,
            &uid,
            team_id(team)?,
            valid_id(thread, "thread_id")?,
            following,
        )
        .await?;
    Ok(ok())
}

/// PUT /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following
async fn follow(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, thread)): Path<(String, String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    set_following(&state, &actor, &user, &team, &thread, true).await
}

/// DELETE /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following
async fn unfollow(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, thread)): Path<(String, String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    set_following(&state, &actor, &user, &team, &thread, false).await
}

/// PUT /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}
async fn read_up_to(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, thread, timestamp)): Path<(String, String, String, String)>,
) -> ApiResult<Out<ThreadResponse>> {
    let uid = user_param(&actor, &user)?;
    let ts: i64 = timestamp
        .parse()
        .map_err(|_| stoa_core::Error::invalid_url_param("timestamp"))?;
    Ok(Out(state
        .core
        .mark_thread_read(
            &actor,
            &uid,
            team_id(&team)?,
            valid_id(&thread, "thread_id")?,
            ts,
        )
        .await?))
}

/// POST /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/set_unread/{post_id}
async fn set_unread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team, thread, post)): Path<(String, String, String, String)>,
) -> ApiResult<Out<ThreadResponse>> {
    let uid = user_param(&actor, &user)?;
    let thread = valid_id(&thread, "thread_id")?;
    Ok(Out(state
        .core
        .mark_thread_unread(
            &actor,
            &uid,
            team_id(&team)?,
            thread,
            valid_id(&post, "post_id")?,
        )
        .await?))
}

/// PUT /api/v4/users/{user_id}/teams/{team_id}/threads/read
async fn read_all(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, team)): Path<(String, String)>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let uid = user_param(&actor, &user)?;
    state
        .core
        .mark_all_threads_read(&actor, &uid, team_id(&team)?)
        .await?;
    Ok(ok())
}
