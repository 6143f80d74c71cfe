//! `Channel`, `ChannelMember` and the shapes around them.

use crate::StringMap;
use serde::{Deserialize, Serialize};

pub const CHANNEL_OPEN: &str = "O";
pub const CHANNEL_PRIVATE: &str = "P";
pub const CHANNEL_DIRECT: &str = "D";
pub const CHANNEL_GROUP: &str = "G";

pub const TOWN_SQUARE: &str = "town-square";
pub const OFF_TOPIC: &str = "off-topic";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Channel {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub team_id: String,
    #[serde(rename = "type")]
    pub channel_type: String,
    pub display_name: String,
    pub name: String,
    pub header: String,
    pub purpose: String,
    pub last_post_at: i64,
    pub total_msg_count: i64,
    pub extra_update_at: i64,
    pub creator_id: String,
    pub scheme_id: Option<String>,
    pub props: Option<serde_json::Value>,
    pub group_constrained: Option<bool>,
    pub shared: Option<bool>,
    pub total_msg_count_root: i64,
    pub policy_id: Option<String>,
    pub last_root_post_at: i64,
}

impl Channel {
    pub fn is_direct_or_group(&self) -> bool {
        self.channel_type == CHANNEL_DIRECT || self.channel_type == CHANNEL_GROUP
    }
    pub fn is_open(&self) -> bool {
        self.channel_type == CHANNEL_OPEN
    }
    pub fn is_private(&self) -> bool {
        self.channel_type == CHANNEL_PRIVATE
    }
    pub fn is_default(&self) -> bool {
        self.name == TOWN_SQUARE
    }
}

/// `Channel` plus the team fields of `GET /users/{id}/channels` and admin lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChannelWithTeamData {
    #[serde(flatten)]
    pub channel: Channel,
    pub team_display_name: String,
    pub team_name: String,
    pub team_update_at: i64,
}

/// Body of `PUT /channels/{id}/patch`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ChannelPatch {
    pub display_name: Option<String>,
    pub name: Option<String>,
    pub header: Option<String>,
    pub purpose: Option<String>,
    pub group_constrained: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ChannelMember {
    pub channel_id: String,
    pub user_id: String,
    pub roles: String,
    pub last_viewed_at: i64,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub msg_count_root: i64,
    pub notify_props: StringMap,
    pub last_update_at: i64,
    pub scheme_guest: bool,
    pub scheme_user: bool,
    pub scheme_admin: bool,
    pub explicit_roles: String,
}

impl ChannelMember {
    /// Fills `roles` from the scheme flags and explicit roles, as Mattermost computes it.
    pub fn with_computed_roles(mut self) -> Self {
        self.roles = crate::role::compose(
            &[
                (self.scheme_guest, crate::role::CHANNEL_GUEST),
                (self.scheme_user, crate::role::CHANNEL_USER),
                (self.scheme_admin, crate::role::CHANNEL_ADMIN),
            ],
            &self.explicit_roles,
        );
        self
    }

    pub fn is_channel_admin(&self) -> bool {
        self.scheme_admin
            || self
                .explicit_roles
                .split_whitespace()
                .any(|r| r == "channel_admin")
    }
}

/// Notify props of a new channel member.
pub fn default_member_notify_props() -> StringMap {
    [
        ("desktop", "default"),
        ("push", "default"),
        ("email", "default"),
        ("mark_unread", "all"),
        ("ignore_channel_mentions", "default"),
        ("channel_auto_follow_threads", "off"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChannelStats {
    pub channel_id: String,
    pub member_count: i64,
    pub guest_count: i64,
    pub pinnedpost_count: i64,
    pub files_count: i64,
}

/// Reply of `POST /channels/members/{user_id}/view`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChannelViewResponse {
    pub status: String,
    pub last_viewed_at_times: std::collections::BTreeMap<String, i64>,
}

/// Reply of `GET /users/{id}/channels/{id}/unread`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChannelUnread {
    pub team_id: String,
    pub channel_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub msg_count_root: i64,
    pub notify_props: StringMap,
}
