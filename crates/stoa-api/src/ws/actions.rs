//! The actions a client sends over the socket: the frame as a request, and what each action
//! does.

use serde_json::{Map, Value, json};
use stoa_core::{Actor, Core, Error, ErrorKind, Result};

/// A client's request: `{"seq", "action", "data"}`, each read leniently (a missing or mistyped
/// field is 0, empty or `{}`; the connection answers those with Mattermost's errors).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    pub seq: i64,
    pub action: String,
    pub data: Map<String, Value>,
}

/// Parses a frame: JSON text, or MessagePack in binary frames (JSON when a binary frame starts
/// with `{`, as older Python clients send). `None` for anything that is not an object.
pub fn parse(raw: &[u8], binary: bool) -> Option<Request> {
    let value: Value = if binary && raw.first() != Some(&b'{') {
        rmp_serde::from_slice(raw).ok()?
    } else {
        serde_json::from_slice(raw).ok()?
    };
    let Value::Object(mut req) = value else {
        return None;
    };
    Some(Request {
        seq: req.get("seq").and_then(Value::as_i64).unwrap_or(0),
        action: match req.remove("action") {
            Some(Value::String(a)) => a,
            _ => String::new(),
        },
        data: match req.remove("data") {
            Some(Value::Object(d)) => d,
            _ => Map::new(),
        },
    })
}

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

/// Properties for any frame (the WebSocket action parser's fuzz target).
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// JSON values of any shape, a few levels deep.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            // Floats that print and read back exactly (serde_json does not promise it for all).
            (-1000i32..1000).prop_map(|n| Value::from(f64::from(n) + 0.5)),
            any::<String>().prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any bytes, as text or binary: a request or nothing, never a panic.
        #[test]
        fn any_frame_parses_or_is_refused(raw in prop::collection::vec(any::<u8>(), 0..256), binary in any::<bool>()) {
            let _ = parse(&raw, binary);
        }

        /// A request with fields of any type reads back what a client meant: the numbers and
        /// strings it sent, defaults for the rest, the same from JSON and from MessagePack.
        #[test]
        fn requests_read_back(seq in value(), action in value(), data in value(), extra in value()) {
            let frame = json!({"seq": seq, "action": action, "data": data, "extra": extra});
            let want = Request {
                seq: seq.as_i64().unwrap_or(0),
                action: action.as_str().unwrap_or("").to_owned(),
                data: data.as_object().cloned().unwrap_or_default(),
            };
            let text = serde_json::to_vec(&frame).unwrap_or_default();
            prop_assert_eq!(parse(&text, false), Some(want.clone()));
            let packed = rmp_serde::to_vec_named(&frame).unwrap_or_default();
            // MessagePack keeps floats as floats: compare what does not depend on them.
            let from_packed = parse(&packed, true).map(|r| (r.seq, r.action));
            prop_assert_eq!(from_packed, Some((want.seq, want.action)));
        }

        /// Anything but an object is refused.
        #[test]
        fn only_objects_are_requests(v in value().prop_filter("not an object", |v| !v.is_object())) {
            let text = serde_json::to_vec(&v).unwrap_or_default();
            prop_assert_eq!(parse(&text, false), None);
        }
    }
}
