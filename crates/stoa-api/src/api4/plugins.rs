//! `plugins` and `agents`: Stoa runs no plugins, so it answers as a Mattermost server with
//! none installed: empty lists, and the AI bridge unavailable.

use axum::routing::get;
use axum::{Json as Out, Router};
use serde_json::{Value, json};
use stoa_core::{Error, perm};

use crate::error::ApiResult;
use crate::extract::Auth;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plugins/webapp", get(webapp_plugins))
        .route("/plugins/statuses", get(plugin_statuses))
        .route("/agents", get(agents))
        .route("/agents/status", get(agents_status))
}

/// GET /api/v4/plugins/webapp — the web bundles of active plugins (no session needed).
async fn webapp_plugins() -> Out<Vec<Value>> {
    Out(Vec::new())
}

/// GET /api/v4/plugins/statuses (System Console).
async fn plugin_statuses(Auth(actor): Auth) -> ApiResult<Out<Vec<Value>>> {
    if !actor.can(perm::SYSCONSOLE_READ_PLUGINS) {
        return Err(Error::forbidden(perm::SYSCONSOLE_READ_PLUGINS.0).into());
    }
    Ok(Out(Vec::new()))
}

/// GET /api/v4/agents — the AI agents of the `mattermost-ai` plugin.
async fn agents(Auth(_actor): Auth) -> Out<Vec<Value>> {
    Out(Vec::new())
}

/// GET /api/v4/agents/status
async fn agents_status(Auth(_actor): Auth) -> Out<Value> {
    Out(json!({
        "available": false,
        "reason": "app.agents.bridge.not_available.plugin_not_active",
    }))
}
