//! HTTP only: the `/api/v4` routes, their extractors and Mattermost's error body.
//!
//! A handler parses its input, makes one call into core and serialises the answer. Permission
//! checks and rules live in core; SQL lives in the store. This crate never names a backend.

mod api4;
mod error;
mod extract;
mod health;
mod hooks;
mod middleware;
mod sso;
mod state;
pub mod ws;

pub use error::ApiError;
pub use state::AppState;
pub use ws::hub::HubConfig;

use axum::Router;
use axum::extract::Request;
use axum::http::Uri;

/// The whole HTTP surface: `/api/v4` and, for every other path, `web` (the web app).
pub fn router(state: AppState, web: Router) -> Router {
    let api = api4::routes()
        .merge(ws::routes())
        .fallback(api4::not_found)
        .method_not_allowed_fallback(api4::method_not_allowed)
        .with_state(state.clone());
    Router::new()
        .nest("/api/v4", api)
        // Public file links live outside /api/v4, as in Mattermost.
        .route(
            "/files/{file_id}/public",
            axum::routing::get(api4::files::get_public_file).with_state(state.clone()),
        )
        // Plugin routes: Stoa has no plugins, and a client probing one (Calls, Playbooks)
        // must get a 404 it can read, never the web app's page.
        .route(
            "/plugins/{plugin_id}",
            axum::routing::any(api4::not_found).with_state(state.clone()),
        )
        .route(
            "/plugins/{plugin_id}/{*rest}",
            axum::routing::any(api4::not_found).with_state(state.clone()),
        )
        // Any other path under /api (`/api/v4/`, `/api/v3/...`) is an API call that does not
        // exist: Mattermost's JSON 404, never the web app's page or a plain-text body.
        .route("/api", axum::routing::any(api4::not_found).with_state(state.clone()))
        .route(
            "/api/{*rest}",
            axum::routing::any(api4::not_found).with_state(state.clone()),
        )
        .merge(sso::sign_in_routes().with_state(state.clone()))
        // Incoming webhooks post here, outside /api/v4 as in Mattermost.
        .merge(hooks::routes().with_state(state.clone()))
        // Liveness and readiness for load balancers.
        .merge(health::routes().with_state(state.clone()))
        .fallback_service(web)
        .layer(axum::middleware::from_fn_with_state(
            state,
            middleware::request_envelope,
        ))
}

/// Collapses repeated slashes in the path before routing (`/posts/x//reactions` is
/// `/posts/x/reactions`), as Mattermost's router cleans paths; some clients build such URLs.
/// Wrap the whole router with it: middleware inside a router runs after routing.
pub fn normalize_path(mut req: Request) -> Request {
    let path = req.uri().path();
    if !path.contains("//") {
        return req;
    }
    let mut clean = String::with_capacity(path.len());
    for c in path.chars() {
        if c != '/' || !clean.ends_with('/') {
            clean.push(c);
        }
    }
    let rebuilt = match req.uri().query() {
        Some(q) => format!("{clean}?{q}"),
        None => clean,
    };
    if let Ok(uri) = rebuilt.parse::<Uri>() {
        *req.uri_mut() = uri;
    }
    req
}
