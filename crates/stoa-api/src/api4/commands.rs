//! `commands`: running the built-in slash commands, and the command lists clients autocomplete
//! from.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use stoa_core::commands::CommandArgs;
use stoa_model::command::Command;
use stoa_model::command::CommandResponse;

use crate::error::ApiResult;
use crate::extract::{Auth, Json, Params, team_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/commands", get(list_commands))
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
