//! `Session`: a login, with the token the client presents.

use crate::{StringMap, is_false};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Session {
    pub id: String,
    pub token: String,
    pub create_at: i64,
    pub expires_at: i64,
    pub last_activity_at: i64,
    pub user_id: String,
    pub device_id: String,
    pub roles: String,
    pub is_oauth: bool,
    pub expired_notify: bool,
    pub props: StringMap,
    pub team_members: Vec<crate::team::TeamMember>,
    #[serde(skip_serializing_if = "is_false")]
    pub local: bool,
}

impl Session {
    pub fn csrf_token(&self) -> &str {
        self.props.get("csrf").map(String::as_str).unwrap_or("")
    }

    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at > 0 && self.expires_at <= now
    }

    /// The view for session listings: the token blanked.
    pub fn sanitized(mut self) -> Session {
        self.token.clear();
        self
    }
}
