//! `Team`, `TeamMember` and the shapes around them.

use crate::is_zero;
use serde::{Deserialize, Serialize};

pub const TEAM_OPEN: &str = "O";
pub const TEAM_INVITE: &str = "I";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Team {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub display_name: String,
    pub name: String,
    pub description: String,
    pub email: String,
    #[serde(rename = "type")]
    pub team_type: String,
    pub company_name: String,
    pub allowed_domains: String,
    pub invite_id: String,
    pub allow_open_invite: bool,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_team_icon_update: i64,
    pub scheme_id: Option<String>,
    pub group_constrained: Option<bool>,
    pub policy_id: Option<String>,
    pub cloud_limits_archived: bool,
}

impl Team {
    /// The view for users who may not manage the team: no email, no invite id.
    pub fn sanitized(mut self) -> Team {
        self.email.clear();
        self.invite_id.clear();
        self
    }
}

/// Body of `PUT /teams/{id}/patch`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TeamPatch {
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub company_name: Option<String>,
    pub allowed_domains: Option<String>,
    pub allow_open_invite: Option<bool>,
    pub group_constrained: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct TeamMember {
    pub team_id: String,
    pub user_id: String,
    pub roles: String,
    pub delete_at: i64,
    pub scheme_guest: bool,
    pub scheme_user: bool,
    pub scheme_admin: bool,
    pub explicit_roles: String,
}

impl TeamMember {
    /// Fills `roles` from the scheme flags and explicit roles, as Mattermost computes it.
    pub fn with_computed_roles(mut self) -> Self {
        self.roles = crate::role::compose(
            &[
                (self.scheme_guest, crate::role::TEAM_GUEST),
                (self.scheme_user, crate::role::TEAM_USER),
                (self.scheme_admin, crate::role::TEAM_ADMIN),
            ],
            &self.explicit_roles,
        );
        self
    }

    pub fn is_team_admin(&self) -> bool {
        self.scheme_admin
            || self
                .explicit_roles
                .split_whitespace()
                .any(|r| r == "team_admin")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamStats {
    pub team_id: String,
    pub total_member_count: i64,
    pub active_member_count: i64,
}

/// One team's unread summary (`GET /users/{id}/teams/unread`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TeamUnread {
    pub team_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub msg_count_root: i64,
    pub thread_count: i64,
    pub thread_mention_count: i64,
    pub thread_urgent_mention_count: i64,
}
