//! `webhooks`: incoming and outgoing webhooks. (Incoming hooks receive their posts at
//! `/hooks/{id}`, in `crate::hooks`.)

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use stoa_model::StatusOk;
use stoa_model::webhook::{IncomingWebhook, OutgoingWebhook};

use super::{created, ok};
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/hooks/incoming",
            post(create_incoming_hook).get(list_incoming_hooks),
        )
        .route(
            "/hooks/incoming/{hook_id}",
            get(get_incoming_hook)
                .put(update_incoming_hook)
                .delete(delete_incoming_hook),
        )
        .route(
            "/hooks/outgoing",
            post(create_outgoing_hook).get(list_outgoing_hooks),
        )
        .route(
            "/hooks/outgoing/{hook_id}",
            get(get_outgoing_hook)
                .put(update_outgoing_hook)
                .delete(delete_outgoing_hook),
        )
        .route(
            "/hooks/outgoing/{hook_id}/regen_token",
            post(regen_outgoing_hook_token),
        )
}

/// POST /api/v4/hooks/incoming
async fn create_incoming_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(hook): Json<IncomingWebhook>,
) -> ApiResult<(StatusCode, Out<IncomingWebhook>)> {
    Ok(created(
        state.core.create_incoming_hook(&actor, hook).await?,
    ))
}

/// GET /api/v4/hooks/incoming?team_id=&page=&per_page=
async fn list_incoming_hooks(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<IncomingWebhook>>> {
    let team = p.id("team_id")?.unwrap_or_default();
    Ok(Out(state
        .core
        .list_incoming_hooks(&actor, &team, p.page())
        .await?))
}

/// GET /api/v4/hooks/incoming/{hook_id}
async fn get_incoming_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<IncomingWebhook>> {
    let id = valid_id(&id, "hook_id")?;
    Ok(Out(state.core.get_incoming_hook(&actor, id).await?))
}

/// PUT /api/v4/hooks/incoming/{hook_id} — 201, as Mattermost answers it.
async fn update_incoming_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(hook): Json<IncomingWebhook>,
) -> ApiResult<(StatusCode, Out<IncomingWebhook>)> {
    let id = valid_id(&id, "hook_id")?;
    Ok(created(
        state.core.update_incoming_hook(&actor, id, hook).await?,
    ))
}

/// DELETE /api/v4/hooks/incoming/{hook_id}
async fn delete_incoming_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<StatusOk>> {
    let id = valid_id(&id, "hook_id")?;
    state.core.delete_incoming_hook(&actor, id).await?;
    Ok(ok())
}

/// POST /api/v4/hooks/outgoing
async fn create_outgoing_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(hook): Json<OutgoingWebhook>,
) -> ApiResult<(StatusCode, Out<OutgoingWebhook>)> {
    Ok(created(
        state.core.create_outgoing_hook(&actor, hook).await?,
    ))
}

/// GET /api/v4/hooks/outgoing?channel_id=&team_id=&page=&per_page=
async fn list_outgoing_hooks(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<OutgoingWebhook>>> {
    let channel = p.id("channel_id")?.unwrap_or_default();
    let team = p.id("team_id")?.unwrap_or_default();
    Ok(Out(state
        .core
        .list_outgoing_hooks(&actor, &channel, &team, p.page())
        .await?))
}

/// GET /api/v4/hooks/outgoing/{hook_id}
async fn get_outgoing_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<OutgoingWebhook>> {
    let id = valid_id(&id, "hook_id")?;
    Ok(Out(state.core.get_outgoing_hook(&actor, id).await?))
}

/// PUT /api/v4/hooks/outgoing/{hook_id}
async fn update_outgoing_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(hook): Json<OutgoingWebhook>,
) -> ApiResult<Out<OutgoingWebhook>> {
    let id = valid_id(&id, "hook_id")?;
    Ok(Out(state
        .core
        .update_outgoing_hook(&actor, id, hook)
        .await?))
}

/// POST /api/v4/hooks/outgoing/{hook_id}/regen_token
async fn regen_outgoing_hook_token(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<OutgoingWebhook>> {
    let id = valid_id(&id, "hook_id")?;
    Ok(Out(state
        .core
        .regen_outgoing_hook_token(&actor, id)
        .await?))
}

/// DELETE /api/v4/hooks/outgoing/{hook_id}
async fn delete_outgoing_hook(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<StatusOk>> {
    let id = valid_id(&id, "hook_id")?;
    state.core.delete_outgoing_hook(&actor, id).await?;
    Ok(ok())
}
