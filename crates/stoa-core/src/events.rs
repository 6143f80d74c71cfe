//! Events: every change other users must see is published here, with Mattermost's WebSocket
//! event name, its `data`, and who may receive it. The WebSocket hub subscribes; a cluster bus
//! carries the same events between nodes (so everything here serialises, hidden fields too).
//!
//! Besides what clients see, an event can carry what the hubs need to route it without asking
//! the database: `membership` changes (who joined or left which channel or team, applied before
//! the event is routed), `mentions` (receivers that get a personal `mentions` field), and
//! connection control (sessions to disconnect).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::sync::Arc;
use tokio::sync::broadcast;

fn is_false(b: &bool) -> bool {
    !*b
}

/// Who receives an event (Mattermost's `broadcast` envelope). Empty fields do not restrict.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
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
    /// Not for system admins (they get a `contains_sensitive_data` copy instead).
    #[serde(skip_serializing_if = "is_false")]
    pub contains_sanitized_data: bool,
    /// Only for system admins.
    #[serde(skip_serializing_if = "is_false")]
    pub contains_sensitive_data: bool,
}

/// A change of who belongs where. Hubs keep channel and team membership in memory from these,
/// so routing an event costs no database query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MembershipChange {
    /// Users joined a channel (`team_id` is empty for direct and group messages).
    ChannelJoined {
        channel_id: String,
        team_id: String,
        user_ids: Vec<String>,
    },
    ChannelLeft {
        channel_id: String,
        user_id: String,
    },
    TeamJoined {
        team_id: String,
        user_id: String,
    },
    /// Leaving a team also leaves all of its channels.
    TeamLeft {
        team_id: String,
        user_id: String,
    },
    /// Sessions ended (logout, revocation, deactivation): their sockets close. No ids: all of
    /// the user's sessions.
    SessionsEnded {
        user_id: String,
        session_ids: Vec<String>,
    },
    /// The user's system roles changed: open sockets get admin-only (`contains_sensitive_data`)
    /// or sanitised copies by the new roles from now on, not by those they connected with.
    SystemAdminChanged {
        user_id: String,
        system_admin: bool,
    },
}

/// One event, as published by core.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Event {
    /// The WebSocket event name; empty for an internal event that only changes routing state.
    pub event: Cow<'static, str>,
    pub data: Map<String, Value>,
    pub broadcast: Broadcast,
    /// Receivers among these get `mentions` naming only themselves (`posted`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// Applied by hubs before routing this event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub membership: Vec<MembershipChange>,
}

impl Event {
    pub fn new(event: &'static str) -> Self {
        Event {
            event: Cow::Borrowed(event),
            data: Map::new(),
            broadcast: Broadcast::default(),
            mentions: Vec::new(),
            membership: Vec::new(),
        }
    }

    /// An event no client sees: it carries membership changes or connection control only.
    pub fn internal(changes: Vec<MembershipChange>) -> Self {
        Event {
            membership: changes,
            ..Event::new("")
        }
    }

    pub fn is_internal(&self) -> bool {
        self.event.is_empty()
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

    /// Not to the connection that made the change (the request's `Connection-Id`), which
    /// already knows; empty omits none.
    pub fn omitting_connection(mut self, connection_id: &str) -> Self {
        self.broadcast.omit_connection_id = connection_id.to_owned();
        self
    }

    /// Only for system admins.
    pub fn sensitive(mut self) -> Self {
        self.broadcast.contains_sensitive_data = true;
        self
    }

    /// For everyone but system admins.
    pub fn sanitized(mut self) -> Self {
        self.broadcast.contains_sanitized_data = true;
        self
    }

    pub fn with_membership(mut self, change: MembershipChange) -> Self {
        self.membership.push(change);
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
        tracing::debug!(event = %event.event, "publish");
        // No subscriber is fine: nobody is connected.
        let _ = self.tx.send(Arc::new(event));
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.tx.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_with_their_routing_state() {
        let ev = Event::new("posted")
            .with("team_id", "t")
            .to_channel("c")
            .with_membership(MembershipChange::ChannelJoined {
                channel_id: "c".into(),
                team_id: "t".into(),
                user_ids: vec!["u".into()],
            });
        let text = serde_json::to_string(&ev).expect("serialises");
        let back: Event = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, ev);
        assert!(
            !text.contains("contains_sanitized_data"),
            "false flags are left out"
        );
    }
}
