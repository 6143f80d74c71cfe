//! `integration_actions`: clicking a message's button or menu, and interactive dialogs.

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json as Out, Router};
use stoa_core::actions::{
    DoActionRequest, DoActionResponse, OpenDialogRequest, SubmitDialogRequest,
};

use super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, Json, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/posts/{post_id}/actions/{action_id}", post(do_post_action))
        .route("/actions/dialogs/open", post(open_dialog))
        .route("/actions/dialogs/submit", post(submit_dialog))
}

/// POST /api/v4/posts/{post_id}/actions/{action_id} — `{selected_option?, cookie?}`.
async fn do_post_action(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path((post_id, action_id)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> ApiResult<Out<DoActionResponse>> {
    let post_id = valid_id(&post_id, "post_id")?;
    // Clients may send no body at all for a button.
    let req: DoActionRequest = if body.iter().all(u8::is_ascii_whitespace) {
        DoActionRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| stoa_core::Error::invalid_param("post_action"))?
    };
    Ok(Out(state
        .core
        .do_post_action(&actor, post_id, &action_id, req)
        .await?))
}

/// POST /api/v4/actions/dialogs/open — called by the integration; the `trigger_id` it was
/// given names the user, so no session is needed (as in Mattermost).
async fn open_dialog(
    State(state): State<AppState>,
    Json(req): Json<OpenDialogRequest>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state.core.open_dialog(req).await?;
    Ok(ok())
}

/// POST /api/v4/actions/dialogs/submit — the integration's `{errors, error}`, or `{}`.
async fn submit_dialog(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(req): Json<SubmitDialogRequest>,
) -> ApiResult<Out<serde_json::Value>> {
    Ok(Out(state.core.submit_dialog(&actor, req).await?))
}
