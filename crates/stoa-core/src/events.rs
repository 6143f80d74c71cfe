//! Events: every change other users must see is published here, with Mattermost's WebSocket
//! event name, its `data`, and who may receive it. The WebSocket hub subscribes; a cluster bus
//! carries the same events between nodes.

use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;
use tokio::sync::broadcast;

/// Who receives an event (Mattermost's `broadcast` envelope). Empty fields do not restrict.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Broadcast {
    /// Users never to receive it.
    pub omit_users: Option<std::collections::BTreeMap<String, bool>>,
    /// Only this user (all of their connections).
    pub user_id: String,
    /// Only members of this channel.
    pub channel_id: String,
    /// Only members of this team.
    pub team_id: String,
    /// Only this one connection.
    pub connection_id: String,
    /// Everyone but this connection.
    pub omit_connection_id: String,
}

/// One event, as published by core.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub event: &'static str,
    pub data: Map<String, Value>,
    pub broadcast: Broadcast,
}

impl Event {
    pub fn new(event: &'static str) -> Self {
        Event {
            event,
            data: Map::new(),
            broadcast: Broadcast::default(),
        }
    }

    /// Adds a `data` field.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.data.insert(key.to_owned(), value.into());
        self
    }

    /// Adds a `data` field holding JSON text, for the fields Mattermost sends as strings
    /// (`post`, `channel`, `member`, …).
    pub fn with_json_string(mut self, key: &str, value: &impl Serialize) -> Self {
        let text = serde_json::to_string(value).unwrap_or_default();
        self.data.insert(key.to_owned(), Value::String(text));
        self
    }

    pub fn to_user(mut self, user_id: &str) -> Self {
        self.broadcast.user_id = user_id.to_owned();
        self
    }

    pub fn to_channel(mut self, channel_id: &str) -> Self {
        self.broadcast.channel_id = channel_id.to_owned();
        self
    }

    pub fn to_team(mut self, team_id: &str) -> Self {
        self.broadcast.team_id = team_id.to_owned();
        self
    }

    pub fn omitting(mut self, user_id: &str) -> Self {
        self.broadcast
            .omit_users
            .get_or_insert_with(Default::default)
            .insert(user_id.to_owned(), true);
        self
    }
}

/// The port events leave core through.
pub trait Bus: Send + Sync {
    fn publish(&self, event: Event);
    fn subscribe(&self) -> broadcast::Receiver<Arc<Event>>;
}

/// The in-process bus: a bounded broadcast channel. A subscriber that falls more than
/// `capacity` events behind loses the oldest and is told so by the channel.
pub struct LocalBus {
    tx: broadcast::Sender<Arc<Event>>,
}

impl LocalBus {
    pub fn new(capacity: usize) -> Self {
        LocalBus {
            tx: broadcast::channel(capacity.max(16)).0,
        }
    }
}

impl Bus for LocalBus {
    fn publish(&self, event: Event) {
        tracing::debug!(event = event.event, "publish");
        // No subscriber is fine: nobody is connected.
        let _ = self.tx.send(Arc::new(event));
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.tx.subscribe()
    }
}
