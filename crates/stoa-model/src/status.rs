//! `Status`: presence of a user.

use serde::{Deserialize, Serialize};

pub const ONLINE: &str = "online";
pub const AWAY: &str = "away";
pub const DND: &str = "dnd";
pub const OFFLINE: &str = "offline";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Status {
    pub user_id: String,
    pub status: String,
    pub manual: bool,
    pub last_activity_at: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub active_channel: String,
    /// Unix seconds when a do-not-disturb status ends (0: never).
    pub dnd_end_time: i64,
}

/// A custom status, as Mattermost's `CustomStatus`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct CustomStatus {
    pub emoji: String,
    pub text: String,
    pub duration: String,
    /// RFC 3339. Absent, `null` or empty: Go's zero time, `0001-01-01T00:00:00Z` (no expiry).
    pub expires_at: Option<String>,
}
