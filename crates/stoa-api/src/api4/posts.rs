//! `posts`: writing and reading messages, threads, pins, unread marks.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use stoa_core::posts::{ChannelReadOptions, ChannelWindow, CreateOptions, ThreadOpts, ThreadPage};
use stoa_core::unreads::ChannelUnreadAt;
use stoa_model::post::{Post, PostList, PostPatch};

use super::{created, ok};
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/posts", post(create_post))
        .route("/posts/ids", post(posts_by_ids))
        .route(
            "/posts/{post_id}",
            get(get_post).put(update_post).delete(delete_post),
        )
        .route("/posts/{post_id}/patch", put(patch_post))
        .route("/posts/{post_id}/thread", get(get_thread))
        .route("/posts/{post_id}/info", get(post_info))
        .route("/posts/{post_id}/edit_history", get(edit_history))
        .route("/posts/{post_id}/pin", post(pin))
        .route("/posts/{post_id}/unpin", post(unpin))
        .route("/channels/{channel_id}/posts", get(channel_posts))
        .route("/channels/{channel_id}/pinned", get(pinned_posts))
        .route(
            "/users/{user_id}/channels/{channel_id}/posts/unread",
            get(posts_around_unread),
        )
        .route(
            "/users/{user_id}/posts/{post_id}/set_unread",
            post(set_unread),
        )
}

fn post_id(raw: &str) -> ApiResult<&str> {
    valid_id(raw, "post_id")
}

/// POST /api/v4/posts?set_online=
async fn create_post(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
    Json(post): Json<Post>,
) -> ApiResult<impl IntoResponse> {
    valid_id(&post.channel_id, "channel_id")?;
    let opts = CreateOptions {
        set_online: p.str("set_online") != Some("false"),
    };
    Ok(created(state.core.create_post(&actor, post, opts).await?))
}

/// POST /api/v4/posts/ids
async fn posts_by_ids(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ids): Json<Vec<String>>,
) -> ApiResult<Out<Vec<Post>>> {
    Ok(Out(state.core.get_posts_by_ids(&actor, &ids).await?))
}

/// GET /api/v4/posts/{post_id}?include_deleted=
async fn get_post(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<Post>> {
    Ok(Out(state
        .core
        .get_post(&actor, post_id(&id)?, p.bool("include_deleted"))
        .await?))
}

/// PUT /api/v4/posts/{post_id}
async fn update_post(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(body): Json<Post>,
) -> ApiResult<Out<Post>> {
    Ok(Out(state
        .core
        .update_post(&actor, post_id(&id)?, body)
        .await?))
}

/// PUT /api/v4/posts/{post_id}/patch
async fn patch_post(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(patch): Json<PostPatch>,
) -> ApiResult<Out<Post>> {
    Ok(Out(state
        .core
        .patch_post(&actor, post_id(&id)?, patch)
        .await?))
}

/// DELETE /api/v4/posts/{post_id}
async fn delete_post(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state.core.delete_post(&actor, post_id(&id)?).await?;
    Ok(ok())
}

/// GET /api/v4/posts/{post_id}/thread?perPage=&fromPost=&fromCreateAt=&direction=&collapsedThreads=
async fn get_thread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<PostList>> {
    let page = ThreadPage {
        per_page: p.i64("perPage").unwrap_or(0).max(0),
        from_post: p.text("fromPost"),
        from_create_at: p.i64("fromCreateAt"),
        up: p.str("direction") == Some("up"),
        skip_fetch_threads: p.bool("skipFetchThreads"),
        collapsed_threads: p.bool("collapsedThreads"),
        extended: p.bool("collapsedThreadsExtended"),
    };
    Ok(Out(state
        .core
        .get_post_thread(&actor, post_id(&id)?, page)
        .await?))
}

/// GET /api/v4/posts/{post_id}/edit_history
async fn edit_history(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Vec<Post>>> {
    Ok(Out(state
        .core
        .get_edit_history(&actor, post_id(&id)?)
        .await?))
}

/// POST /api/v4/posts/{post_id}/pin
async fn pin(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state
        .core
        .set_post_pinned(&actor, post_id(&id)?, true)
        .await?;
    Ok(ok())
}

/// POST /api/v4/posts/{post_id}/unpin
async fn unpin(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state
        .core
        .set_post_pinned(&actor, post_id(&id)?, false)
        .await?;
    Ok(ok())
}

/// GET /api/v4/channels/{channel_id}/posts — `since`, else `after`, else `before`, else pages.
async fn channel_posts(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> ApiResult<Out<PostList>> {
    let channel_id = valid_id(&id, "channel_id")?;
    let page = p.page();
    let window = if let Some(since) = p.i64("since").filter(|s| *s > 0) {
        ChannelWindow::Since(since)
    } else if let Some(after) = p.id("after")? {
        ChannelWindow::After {
            post_id: after,
            page: page.page,
            per_page: page.per_page,
        }
    } else if let Some(before) = p.id("before")? {
        ChannelWindow::Before {
            post_id: before,
            page: page.page,
            per_page: page.per_page,
        }
    } else {
        ChannelWindow::Page {
            page: page.page,
            per_page: page.per_page,
        }
    };
    let o = ChannelReadOptions {
        window,
        collapsed_threads: p.bool("collapsedThreads"),
        extended: p.bool("collapsedThreadsExtended"),
        skip_fetch_threads: p.bool("skipFetchThreads"),
        include_deleted: p.bool("include_deleted"),
    };
    Ok(Out(state
        .core
        .get_channel_posts(&actor, channel_id, o)
        .await?))
}

/// GET /api/v4/channels/{channel_id}/pinned
async fn pinned_posts(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<PostList>> {
    Ok(Out(state
        .core
        .get_pinned_posts(&actor, valid_id(&id, "channel_id")?)
        .await?))
}

/// GET /api/v4/users/{user_id}/channels/{channel_id}/posts/unread?limit_before=&limit_after=
async fn posts_around_unread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, channel)): Path<(String, String)>,
    p: Params,
) -> ApiResult<Out<PostList>> {
    let uid = user_param(&actor, &user)?;
    let threads = ThreadOpts {
        collapsed: p.bool("collapsedThreads"),
        extended: p.bool("collapsedThreadsExtended"),
        skip_fetch_threads: p.bool("skipFetchThreads"),
    };
    let list = state
        .core
        .get_posts_around_unread(
            &actor,
            &uid,
            valid_id(&channel, "channel_id")?,
            p.i64("limit_before").unwrap_or(60),
            p.i64("limit_after").unwrap_or(60),
            threads,
        )
        .await?;
    Ok(Out(list))
}

/// POST /api/v4/users/{user_id}/posts/{post_id}/set_unread
async fn set_unread(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((user, id)): Path<(String, String)>,
) -> ApiResult<Out<ChannelUnreadAt>> {
    let uid = user_param(&actor, &user)?;
    Ok(Out(state
        .core
        .mark_unread_from_post(&actor, &uid, post_id(&id)?)
        .await?))
}

/// GET /api/v4/posts/{post_id}/info — where a permalink leads, before joining.
async fn post_info(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<stoa_model::post::PostInfo>> {
    Ok(Out(state
        .core
        .get_post_info(&actor, valid_id(&id, "post_id")?)
        .await?))
}
