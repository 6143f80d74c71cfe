//! `webpush`: web push for our web app's service worker (Stoa's own: Mattermost has no web push,
//! see docs/COMPATIBILITY.md). The subscription belongs to the calling session.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use stoa_model::StatusOk;
use stoa_model::webpush::{WebPushKey, WebPushSubscriptionRequest};

use super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Json};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications/webpush", get(get_key))
        .route(
            "/notifications/webpush/subscription",
            post(subscribe).delete(unsubscribe),
        )
        .route("/notifications/webpush/test", post(test_push))
}

/// GET /api/v4/notifications/webpush — the VAPID public key to subscribe with.
async fn get_key(State(state): State<AppState>, Auth(_actor): Auth) -> Out<WebPushKey> {
    Out(state.core.web_push_key())
}

/// POST /api/v4/notifications/webpush/subscription — the browser's `PushSubscription` JSON.
async fn subscribe(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(req): Json<WebPushSubscriptionRequest>,
) -> ApiResult<Out<StatusOk>> {
    state.core.subscribe_web_push(&actor, req).await?;
    Ok(ok())
}

/// DELETE /api/v4/notifications/webpush/subscription
async fn unsubscribe(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Out<StatusOk>> {
    state.core.unsubscribe_web_push(&actor).await?;
    Ok(ok())
}

/// POST /api/v4/notifications/webpush/test — a test push to each of the caller's browsers.
async fn test_push(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Out<StatusOk>> {
    state.core.test_web_push(&actor).await?;
    Ok(ok())
}
