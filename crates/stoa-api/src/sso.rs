//! Single sign-on paths outside `/api/v4` (SAML, OAuth for the mobile app, Intune), answered
//! as a Mattermost server where none of them is enabled.

use axum::Router;
use axum::http::StatusCode;
use stoa_core::ErrorKind;

use crate::state::AppState;

/// Sign-in paths outside `/api/v4` for single sign-on Stoa does not offer yet: the mobile app
/// reads these answers as "not available here".
pub fn sign_in_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/login/sso/saml",
            // 302, as Go's `http.Redirect` with `StatusFound`.
            axum::routing::get(|| async {
                (
                    StatusCode::FOUND,
                    [(
                        axum::http::header::LOCATION,
                        "/error?type=saml_not_available",
                    )],
                )
            }),
        )
        .route(
            "/oauth/intune",
            axum::routing::post(|| async {
                crate::api4::unlicensed::error(
                    StatusCode::NOT_IMPLEMENTED,
                    ErrorKind::NotImplemented,
                    "api.user.login_by_intune.not_available.app_error",
                    "Sign-in with Microsoft Intune is not available.",
                )
            }),
        )
        .route(
            "/oauth/{service}/mobile_login",
            axum::routing::get(|| async {
                crate::api4::unlicensed::error(
                    StatusCode::NOT_IMPLEMENTED,
                    ErrorKind::NotImplemented,
                    "api.user.authorize_oauth_user.unsupported.app_error",
                    "This sign-in service is not enabled.",
                )
            }),
        )
}
