//! `notifications`: the mobile apps' push receipts, and a test push.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json as Out, Router};
use stoa_model::push::PushNotificationAck;

use super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Json};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications/ack", post(ack))
        .route("/notifications/test", post(test))
}

/// POST /api/v4/notifications/ack — `{"status":"OK"}`, or the message of an `id_loaded` push.
async fn ack(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(ack): Json<PushNotificationAck>,
) -> ApiResult<Response> {
    Ok(match state.core.push_ack(&actor, ack).await? {
        Some(msg) => Out(msg).into_response(),
        None => ok().into_response(),
    })
}

/// POST /api/v4/notifications/test
async fn test(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Response> {
    state.core.send_test_notification(&actor).await?;
    Ok(ok().into_response())
}
