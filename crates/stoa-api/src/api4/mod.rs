//! `/api/v4`, one module per Mattermost API tag.

mod actions;
mod bots;
mod channels;
mod commands;
mod drafts;
mod emoji;
pub mod files;
mod notifications;
mod oauth;
mod plugins;
mod posts;
mod preferences;
mod reactions;
mod reports;
mod roles;
mod search;
mod status;
mod system;
mod teams;
mod threads;
pub(crate) mod unlicensed;
pub(crate) mod users;
mod webhooks;
mod webpush;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use stoa_core::{Error, ErrorKind};

use crate::error::ApiError;
use crate::state::AppState;

/// Mattermost paths Stoa does not serve yet whose literal segment sits where Stoa routes a
/// parameter (`/posts/schedule` beside `/posts/{post_id}`). They answer 404 as any unknown
/// path, as Mattermost's router would pick the literal: not the 405 of the parameter route.
/// `tests/api/routing.rs` walks Mattermost's route list to keep this complete.
const NOT_SERVED: &[&str] = &[
    "/posts/ephemeral",
    "/posts/rewrite",
    "/users/notify-admin",
    "/users/trigger-notify-admin-posts",
    "/users/email/verify",
    "/users/mfa",
    // Dynamic client registration (RFC 7591), beside `/oauth/apps/{app_id}`.
    "/oauth/apps/register",
];

pub fn routes() -> Router<AppState> {
    let reserved = NOT_SERVED.iter().fold(Router::new(), |r, path| {
        r.route(path, axum::routing::any(not_found))
    });
    reserved
        .merge(users::routes())
        .merge(bots::routes())
        .merge(teams::routes())
        .merge(channels::routes())
        .merge(posts::routes())
        .merge(threads::routes())
        .merge(reactions::routes())
        .merge(drafts::routes())
        .merge(emoji::routes())
        .merge(files::routes())
        .merge(preferences::routes())
        .merge(status::routes())
        .merge(commands::routes())
        .merge(system::routes())
        .merge(roles::routes())
        .merge(search::routes())
        .merge(plugins::routes())
        .merge(unlicensed::routes())
        .merge(reports::routes())
        .merge(webhooks::routes())
        .merge(notifications::routes())
        .merge(actions::routes())
        .merge(oauth::routes())
        .merge(webpush::routes())
}

/// Unknown `/api/v4` route.
pub async fn not_found() -> ApiError {
    Error::new(
        ErrorKind::NotFound,
        "api.context.404.app_error",
        "Sorry, we could not find the page.",
    )
    .into()
}

/// Known route, wrong method.
pub async fn method_not_allowed() -> Response {
    let mut resp = ApiError(Error::new(
        ErrorKind::NotFound,
        "api.context.405.app_error",
        "Method not allowed.",
    ))
    .into_response();
    *resp.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    if let Some(e) = resp
        .extensions_mut()
        .get_mut::<crate::error::PendingError>()
    {
        e.status = StatusCode::METHOD_NOT_ALLOWED;
    }
    resp
}

/// `{"status":"OK"}`.
pub fn ok() -> axum::Json<stoa_model::StatusOk> {
    axum::Json(stoa_model::StatusOk::ok())
}

/// 201 with a JSON body.
pub fn created<T: serde::Serialize>(v: T) -> (StatusCode, axum::Json<T>) {
    (StatusCode::CREATED, axum::Json(v))
}
