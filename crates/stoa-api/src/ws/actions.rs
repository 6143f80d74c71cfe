//! The actions a client sends over the socket.

use serde_json::{Map, Value, json};
use stoa_core::{Actor, Core, Error, ErrorKind, Result};

/// Runs one action; the reply's `data` (if any).
pub async fn handle(
    core: &Core,
    actor: &Actor,
    action: &str,
    data: &Map<String, Value>,
) -> Result<Option<Value>> {
    let text = |key: &str| {
        data.get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    match action {
        "ping" => Ok(Some(json!({
            "text": "pong",
            "version": core.version_id(),
            "server_time": stoa_model::now_ms(),
            "node_id": "",
        }))),
        "user_typing" => {
            core.user_typing(actor, &text("channel_id"), &text("parent_id"))
                .await?;
            Ok(None)
        }
        "get_statuses" => Ok(Some(json!(core.cached_statuses()))),
        "get_statuses_by_ids" => {
            let ids: Vec<String> = data
                .get("user_ids")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            if ids.is_empty() {
                return Err(Error::invalid_param("user_ids"));
            }
            let statuses = core.get_statuses(actor, &ids).await?;
            let map: Map<String, Value> = statuses
                .into_iter()
                .map(|s| (s.user_id, Value::String(s.status)))
                .collect();
            Ok(Some(Value::Object(map)))
        }
        "user_update_active_status" => {
            let active = data
                .get("user_is_active")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if active {
                core.user_active(actor.user_id()).await?;
            }
            Ok(None)
        }
        // Which channel the client is looking at, and delivery acknowledgements: accepted, not
        // needed by this server.
        "presence" | "posted_notify_ack" => Ok(None),
        other if other.starts_with("custom_") => Ok(None),
        _ => Err(Error::new(
            ErrorKind::Internal,
            "api.web_socket_router.bad_action.app_error",
            "Invalid websocket action.",
        )),
    }
}
