//! `GET /api/v4/websocket`: Mattermost's real-time protocol (see
//! `shared/reference/mattermost-api/websocket.md`): `hello` with `seq: 0`, then numbered events
//! with no gaps; replies to client actions carry `seq_reply`; a client that reconnects with its
//! `connection_id` and `sequence_number` gets missed events replayed.

mod actions;
mod conn;
pub mod hub;

use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{FromRequestParts, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use stoa_core::{Error, ErrorKind};

use crate::error::ApiError;
use crate::extract::{MaybeAuth, Params};
use crate::state::AppState;

/// Largest client frame (Mattermost: 8 KiB).
const MAX_MESSAGE: usize = 8 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/websocket", get(upgrade))
        .route("/websocket/", get(upgrade))
}

/// GET /api/v4/websocket
async fn upgrade(
    State(state): State<AppState>,
    MaybeAuth(actor): MaybeAuth,
    p: Params,
    headers: HeaderMap,
    ws: Upgrade,
) -> Result<Response, ApiError> {
    check_origin(&headers, &state)?;
    let resume = match (p.text("connection_id"), p.i64("sequence_number")) {
        (Some(cid), Some(seq)) if seq >= 0 => {
            if !stoa_model::is_valid_id(&cid) {
                return Err(Error::invalid_url_param("connection_id").into());
            }
            Some((cid, seq as u64))
        }
        _ => None,
    };
    let connection = conn::Connection {
        core: state.core.clone(),
        hub: state.hub.clone(),
        actor,
        resume,
    };
    let upgrade =
        ws.0.read_buffer_size(2048)
            .write_buffer_size(0)
            .max_message_size(MAX_MESSAGE)
            .max_frame_size(MAX_MESSAGE)
            .on_upgrade(move |socket| connection.run(socket));
    Ok(upgrade.into_response())
}

/// Browsers send `Origin`; it must be this server (the request's host or the site URL). Bots
/// and mobile apps send none, which is allowed; `null` is not.
fn check_origin(headers: &HeaderMap, state: &AppState) -> Result<(), ApiError> {
    let Some(origin) = headers.get("origin").and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    let site = state
        .core
        .settings()
        .service_settings
        .site_url
        .trim_end_matches('/')
        .to_owned();
    if origin != "null" && (origin_host == host || (!site.is_empty() && origin == site)) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::BadRequest,
        "api.web_socket.connect.upgrade.app_error",
        "Failed to upgrade websocket connection.",
    )
    .with_detail(format!("origin {origin} not allowed"))
    .into())
}

/// `WebSocketUpgrade` with Mattermost's error body when the request is not an upgrade.
struct Upgrade(WebSocketUpgrade);

impl<S: Send + Sync> FromRequestParts<S> for Upgrade {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        WebSocketUpgrade::from_request_parts(parts, state)
            .await
            .map(Upgrade)
            .map_err(|e| {
                Error::new(
                    ErrorKind::BadRequest,
                    "api.web_socket.connect.upgrade.app_error",
                    "Failed to upgrade websocket connection.",
                )
                .with_detail(e.to_string())
                .into()
            })
    }
}
