//! Roles: the names Mattermost uses, and the `Role` object clients fetch to evaluate permissions.

use serde::{Deserialize, Serialize};

pub const SYSTEM_USER: &str = "system_user";
pub const SYSTEM_ADMIN: &str = "system_admin";
pub const SYSTEM_GUEST: &str = "system_guest";
pub const TEAM_USER: &str = "team_user";
pub const TEAM_ADMIN: &str = "team_admin";
pub const TEAM_GUEST: &str = "team_guest";
pub const CHANNEL_USER: &str = "channel_user";
pub const CHANNEL_ADMIN: &str = "channel_admin";
pub const CHANNEL_GUEST: &str = "channel_guest";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub description: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub permissions: Vec<String>,
    pub scheme_managed: bool,
    pub built_in: bool,
}

/// Builds a member's `roles` string: the scheme roles whose flag is set, then the explicit roles
/// (without duplicates), as Mattermost's store does.
pub fn compose(scheme: &[(bool, &str)], explicit: &str) -> String {
    let mut roles: Vec<&str> = scheme
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, r)| *r)
        .collect();
    for r in explicit.split_whitespace() {
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    roles.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_puts_scheme_roles_first_and_skips_duplicates() {
        assert_eq!(
            compose(&[(true, TEAM_USER), (true, TEAM_ADMIN)], ""),
            "team_user team_admin"
        );
        assert_eq!(
            compose(
                &[(true, TEAM_USER), (false, TEAM_ADMIN)],
                "team_user custom"
            ),
            "team_user custom"
        );
        assert_eq!(compose(&[(false, CHANNEL_USER)], ""), "");
    }
}
