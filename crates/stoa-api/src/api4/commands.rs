//! `commands`: custom slash commands (CRUD), running commands, and the command lists clients
//! autocomplete from. (Delayed answers of custom commands arrive at `/hooks/commands/{id}`, in
//! `crate::hooks`.)

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use stoa_core::commands::CommandArgs;
use stoa_model::command::Command;
use stoa_model::command::CommandResponse;

use super::{created, ok};
use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, team_id, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/commands", get(list_commands).post(create_command))
        .route(
            "/commands/{command_id}",
            get(get_command).put(update_command).delete(delete_command),
        )
        .route("/commands/{command_id}/move", put(move_command))
        .route(
            "/commands/{command_id}/regen_token",
            put(regen_command_token),
        )
        .route("/commands/execute", post(execute_command))
        .route(
            "/teams/{team_id}/commands/autocomplete",
            get(autocomplete_commands),
        )
        .route(
            "/teams/{team_id}/commands/autocomplete_suggestions",
            get(command_suggestions),
        )
}

/// GET /api/v4/teams/{team_id}/commands/autocomplete_suggestions?user_input=&channel_id=
async fn command_suggestions(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(raw): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<stoa_model::command::AutocompleteSuggestion>>> {
    let team = team_id(&raw)?;
    Ok(Out(state
        .core
        .command_suggestions(&actor, team, p.str("user_input").unwrap_or(""))
        .await?))
}

/// POST /api/v4/commands/execute — `{channel_id, command, team_id?, root_id?}`.
async fn execute_command(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(args): Json<CommandArgs>,
) -> ApiResult<Out<CommandResponse>> {
    Ok(Out(state.core.execute_command(&actor, args).await?))
}

/// GET /api/v4/commands?team_id=&custom_only=
async fn list_commands(
    State(state): State<AppState>,
    Auth(actor): Auth,
    params: Params,
) -> ApiResult<Out<Vec<Command>>> {
    let team = params.str("team_id").unwrap_or("");
    let custom_only = params.bool("custom_only");
    Ok(Out(state
        .core
        .list_commands(&actor, team, custom_only)
        .await?))
}

/// GET /api/v4/teams/{team_id}/commands/autocomplete
async fn autocomplete_commands(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(raw): Path<String>,
) -> ApiResult<Out<Vec<Command>>> {
    let team = team_id(&raw)?;
    Ok(Out(state
        .core
        .list_autocomplete_commands(&actor, team)
        .await?))
}

/// POST /api/v4/commands
async fn create_command(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(cmd): Json<Command>,
) -> ApiResult<(StatusCode, Out<Command>)> {
    Ok(created(state.core.create_command(&actor, cmd).await?))
}

/// GET /api/v4/commands/{command_id}
async fn get_command(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<Command>> {
    let id = valid_id(&id, "command_id")?;
    Ok(Out(state.core.get_command(&actor, id).await?))
}

/// PUT /api/v4/commands/{command_id}
async fn update_command(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(cmd): Json<Command>,
) -> ApiResult<Out<Command>> {
    let id = valid_id(&id, "command_id")?;
    Ok(Out(state.core.update_command(&actor, id, cmd).await?))
}

/// DELETE /api/v4/commands/{command_id}
async fn delete_command(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = valid_id(&id, "command_id")?;
    state.core.delete_command(&actor, id).await?;
    Ok(ok())
}

#[derive(serde::Deserialize)]
struct MoveCommand {
    #[serde(default)]
    team_id: String,
}

/// PUT /api/v4/commands/{command_id}/move — `{team_id}`.
async fn move_command(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    Json(body): Json<MoveCommand>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = valid_id(&id, "command_id")?;
    let team = valid_id(&body.team_id, "team_id")?;
    state.core.move_command(&actor, id, team).await?;
    Ok(ok())
}

/// PUT /api/v4/commands/{command_id}/regen_token — `{"token": "<new>"}`.
async fn regen_command_token(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Out<serde_json::Value>> {
    let id = valid_id(&id, "command_id")?;
    let token = state.core.regen_command_token(&actor, id).await?;
    Ok(Out(serde_json::json!({ "token": token })))
}
