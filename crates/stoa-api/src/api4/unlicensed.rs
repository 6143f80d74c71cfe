//! Features a Mattermost server without a licence refuses, refused the same way: the official
//! apps call these on their daily paths and expect that answer, not a 404 (bookmarks, groups,
//! scheduled posts, data retention, shared channels, custom profile attributes, …). Each row
//! is Mattermost's status and error id for a logged-in caller.

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use stoa_core::{Error, ErrorKind, perm};

use crate::error::ApiError;
use crate::extract::Auth;
use crate::state::AppState;

struct Refusal {
    method: Method,
    path: &'static str,
    status: u16,
    id: &'static str,
    message: &'static str,
    /// Mattermost checks a system permission first (403 without it).
    admin_first: bool,
}

const LICENCE: &str = "This feature requires a license.";

macro_rules! refusals {
    ($($method:ident $path:literal => $status:literal $id:literal $msg:expr $(, $admin:ident)?;)*) => {
        const TABLE: &[Refusal] = &[$(Refusal {
                method: Method::$method,
                path: $path,
                status: $status,
                id: $id,
                message: $msg,
                admin_first: refusals!(@admin $($admin)?),
            }),*];
    };
    (@admin admin) => { true };
    (@admin) => { false };
}

refusals! {
    GET "/data_retention/policy" => 501 "ent.data_retention.generic.license.error" LICENCE;
    GET "/users/{user_id}/data_retention/team_policies" => 501 "ent.data_retention.generic.license.error" LICENCE;
    GET "/users/{user_id}/data_retention/channel_policies" => 501 "ent.data_retention.generic.license.error" LICENCE;
    GET "/posts/scheduled/team/{team_id}" => 400 "api.scheduled_posts.license_error" LICENCE;
    POST "/posts/schedule" => 400 "api.scheduled_posts.license_error" LICENCE;
    PUT "/posts/schedule/{scheduled_post_id}" => 400 "api.scheduled_posts.license_error" LICENCE;
    DELETE "/posts/schedule/{scheduled_post_id}" => 400 "api.scheduled_posts.license_error" LICENCE;
    GET "/groups" => 501 "api.license_error" LICENCE;
    GET "/users/{user_id}/groups" => 501 "api.license_error" LICENCE;
    GET "/channels/{channel_id}/groups" => 501 "api.license_error" LICENCE;
    GET "/teams/{team_id}/groups" => 501 "api.license_error" LICENCE;
    GET "/channels/{channel_id}/bookmarks" => 501 "api.channel.bookmark.channel_bookmark.license.error" LICENCE;
    POST "/channels/{channel_id}/bookmarks" => 501 "api.channel.bookmark.channel_bookmark.license.error" LICENCE;
    PATCH "/channels/{channel_id}/bookmarks/{bookmark_id}" => 501 "api.channel.bookmark.channel_bookmark.license.error" LICENCE;
    DELETE "/channels/{channel_id}/bookmarks/{bookmark_id}" => 501 "api.channel.bookmark.channel_bookmark.license.error" LICENCE;
    PUT "/channels/{channel_id}/members/me/autotranslation" => 403 "api.channel.update_channel_member_autotranslation.feature_not_available.app_error" "Channel translation is not available.";
    GET "/channels/{channel_id}/access_control/attributes" => 501 "app.pap.get_channel_access_control_attributes.app_error" "Attribute-based access control is not available.";
    POST "/users/{user_id}/posts/{post_id}/ack" => 501 "api.license_error" LICENCE;
    DELETE "/users/{user_id}/posts/{post_id}/ack" => 501 "api.license_error" LICENCE;
    DELETE "/posts/{post_id}/burn" => 400 "app.burn_post.not_burn_on_read.app_error" "This post is not a burn-on-read post.";
    GET "/posts/{post_id}/reveal" => 400 "app.reveal_post.not_burn_on_read.app_error" "This post is not a burn-on-read post.";
    GET "/image" => 400 "api.image.get.app_error" "The image proxy is not enabled.";
    GET "/custom_profile_attributes/fields" => 403 "api.custom_profile_attributes.license_error" LICENCE;
    PATCH "/custom_profile_attributes/values" => 403 "api.custom_profile_attributes.license_error" LICENCE;
    GET "/users/{user_id}/custom_profile_attributes" => 403 "api.custom_profile_attributes.license_error" LICENCE;
    GET "/remotecluster" => 501 "api.remote_cluster.service_not_enabled.app_error" "Shared channels are not enabled.", admin;
    POST "/remotecluster/{remote_id}/channels/{channel_id}/invite" => 501 "api.remote_cluster.service_not_enabled.app_error" "Shared channels are not enabled.", admin;
    POST "/remotecluster/{remote_id}/channels/{channel_id}/uninvite" => 501 "api.remote_cluster.service_not_enabled.app_error" "Shared channels are not enabled.", admin;
    GET "/sharedchannels/{team_id}" => 501 "api.remote_cluster.service_not_enabled.app_error" "Shared channels are not enabled.";
    GET "/sharedchannels/{channel_id}/remotes" => 501 "api.remote_cluster.service_not_enabled.app_error" "Shared channels are not enabled.";
    POST "/teams/{team_id}/invite-guests/email" => 501 "api.team.invite_guests_to_channels.license.error" LICENCE;
    POST "/teams/{team_id}/invite/email" => 501 "api.team.invite_members.disabled.app_error" "Email invitations are disabled.";
    GET "/terms_of_service" => 404 "app.terms_of_service.get.no_rows.app_error" "No terms of service were found.";
    POST "/users/{user_id}/terms_of_service" => 404 "app.terms_of_service.get.no_rows.app_error" "No terms of service were found.";
}

fn refuse(r: &Refusal, actor: &stoa_core::Actor) -> Response {
    if r.admin_first && !actor.can(perm::MANAGE_SYSTEM) {
        return ApiError(Error::forbidden(perm::MANAGE_SYSTEM.0)).into_response();
    }
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::NOT_IMPLEMENTED);
    let kind = match status {
        StatusCode::BAD_REQUEST => ErrorKind::BadRequest,
        StatusCode::FORBIDDEN => ErrorKind::Forbidden,
        StatusCode::NOT_FOUND => ErrorKind::NotFound,
        _ => ErrorKind::NotImplemented,
    };
    error(status, kind, r.id, r.message)
}

pub(crate) fn error(
    status: StatusCode,
    kind: ErrorKind,
    id: &'static str,
    message: &'static str,
) -> Response {
    let mut resp = ApiError(Error::new(kind, id, message)).into_response();
    *resp.status_mut() = status;
    if let Some(e) = resp
        .extensions_mut()
        .get_mut::<crate::error::PendingError>()
    {
        e.status = status;
    }
    resp
}

pub fn routes() -> Router<AppState> {
    // Rows of one path share a route, one method each.
    let mut by_path: Vec<(&'static str, Vec<&'static Refusal>)> = Vec::new();
    for r in TABLE {
        match by_path.iter_mut().find(|(p, _)| *p == r.path) {
            Some((_, rows)) => rows.push(r),
            None => by_path.push((r.path, vec![r])),
        }
    }
    // Before login, so no session is asked for.
    let mut router = Router::new().route(
        "/users/login/sso/code-exchange",
        axum::routing::post(|| async {
            error(
                StatusCode::GONE,
                ErrorKind::BadRequest,
                "api.user.login_sso_code_exchange.deprecated.app_error",
                "This endpoint is no longer supported.",
            )
        }),
    );
    for (path, rows) in by_path {
        let mut method_router = MethodRouter::new();
        for r in rows {
            let filter = MethodFilter::try_from(r.method.clone()).unwrap_or(MethodFilter::GET);
            method_router =
                method_router.on(
                    filter,
                    move |Auth(actor): Auth| async move { refuse(r, &actor) },
                );
        }
        router = router.route(path, method_router);
    }
    router
}
