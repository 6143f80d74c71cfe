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

/// Body of `POST /channels/search` (Mattermost's `ChannelSearch`). Group and policy filters are
/// accepted and have nothing to filter: Stoa has no LDAP groups nor retention policies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ChannelSearch {
    pub term: String,
    pub exclude_default_channels: bool,
    pub team_ids: Vec<String>,
    pub public: bool,
    pub private: bool,
    pub include_deleted: bool,
    pub deleted: bool,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A page of channels with the count of all that matched (`include_total_count`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChannelListWithCount {
    pub channels: Vec<ChannelWithTeamData>,
    pub total_count: i64,
}

/// A channel membership with its team's names (`GET /users/{id}/channel_members`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChannelMemberWithTeamData {
    #[serde(flatten)]
    pub member: ChannelMember,
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

/// Sidebar categories: how a user groups and orders their channels in a team.
pub mod sidebar {
    /// The default categories every (user, team) has, and the kind users create.
    pub const FAVORITES: &str = "favorites";
    pub const CHANNELS: &str = "channels";
    pub const DIRECT_MESSAGES: &str = "direct_messages";
    pub const CUSTOM: &str = "custom";
    /// The default categories, in their default order.
    pub const DEFAULTS: [&str; 3] = [FAVORITES, CHANNELS, DIRECT_MESSAGES];

    /// `sorting`: `""` behaves as manual (the default of every category but direct messages).
    pub const SORT_DEFAULT: &str = "";
    pub const SORT_MANUAL: &str = "manual";
    pub const SORT_RECENT: &str = "recent";
    pub const SORT_ALPHA: &str = "alpha";
    pub const SORTINGS: [&str; 4] = [SORT_DEFAULT, SORT_MANUAL, SORT_RECENT, SORT_ALPHA];

    /// The step between neighbouring `sort_order`s (categories and channels in them).
    pub const SORT_DISTANCE: i64 = 10;

    /// The deterministic id of a default category: `<type>_<user_id>_<team_id>`.
    pub fn default_category_id(kind: &str, user_id: &str, team_id: &str) -> String {
        format!("{kind}_{user_id}_{team_id}")
    }

    /// The English name of a default category (clients translate it).
    pub fn default_display_name(kind: &str) -> &'static str {
        match kind {
            FAVORITES => "Favorites",
            CHANNELS => "Channels",
            _ => "Direct Messages",
        }
    }

    /// The default `sorting` of a default category: direct messages by recency.
    pub fn default_sorting(kind: &str) -> &'static str {
        if kind == DIRECT_MESSAGES {
            SORT_RECENT
        } else {
            SORT_DEFAULT
        }
    }

    /// Mattermost's `IsValidCategoryId`: an id, or `<default type>_<id>_<id>` in lower case
    /// (anchored here; Mattermost's pattern is not).
    pub fn is_valid_category_id(s: &str) -> bool {
        if crate::is_valid_id(s) {
            return true;
        }
        let lower_id = |p: &str| {
            p.len() == 26
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        };
        DEFAULTS.iter().any(|kind| {
            s.strip_prefix(kind)
                .and_then(|rest| rest.strip_prefix('_'))
                .and_then(|rest| rest.split_once('_'))
                .is_some_and(|(user, team)| lower_id(user) && lower_id(team))
        })
    }
}

/// A sidebar category with its channels: Mattermost's `SidebarCategoryWithChannels`, the only
/// form the API sends and receives.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct SidebarCategory {
    pub id: String,
    pub user_id: String,
    pub team_id: String,
    /// Position among the user's categories in the team (multiples of 10).
    pub sort_order: i64,
    /// `""`, `manual`, `recent` or `alpha` (see [`sidebar`]).
    pub sorting: String,
    /// `favorites`, `channels`, `direct_messages` or `custom`.
    #[serde(rename = "type")]
    pub category_type: String,
    pub display_name: String,
    pub muted: bool,
    pub collapsed: bool,
    /// The channels in display order (`null` is read as none).
    #[serde(deserialize_with = "null_as_empty")]
    pub channel_ids: Vec<String>,
}

impl SidebarCategory {
    pub fn is_custom(&self) -> bool {
        self.category_type == sidebar::CUSTOM
    }
}

/// Reply of `GET /users/{user_id}/teams/{team_id}/channels/categories`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct OrderedSidebarCategories {
    pub categories: Vec<SidebarCategory>,
    /// The category ids in sidebar order.
    pub order: Vec<String>,
}

fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::sidebar::*;
    use super::*;

    #[test]
    fn category_ids() {
        let (u, t) = (crate::new_id(), crate::new_id());
        assert!(is_valid_category_id(&crate::new_id()));
        assert!(is_valid_category_id(&default_category_id(
            FAVORITES, &u, &t
        )));
        assert!(is_valid_category_id(&default_category_id(
            DIRECT_MESSAGES,
            &u,
            &t
        )));
        for bad in [
            "",
            "favorites",
            &format!("custom_{u}_{t}"),
            &format!("favorites_{u}_{t}x"),
            &format!("xfavorites_{u}_{t}"),
            &format!("favorites_{u}"),
            &format!("channels_{}_{t}", u.to_uppercase()),
        ] {
            assert!(!is_valid_category_id(bad), "{bad} should be invalid");
        }
    }

    #[test]
    fn categories_serialise_with_mattermost_names() {
        let c = SidebarCategory {
            id: "i".into(),
            category_type: CUSTOM.into(),
            channel_ids: vec!["c".into()],
            ..Default::default()
        };
        let v = serde_json::to_value(&c).expect("serialises");
        assert_eq!(v["type"], "custom");
        assert_eq!(v["channel_ids"], serde_json::json!(["c"]));
        for key in [
            "id",
            "user_id",
            "team_id",
            "sort_order",
            "sorting",
            "display_name",
            "muted",
            "collapsed",
        ] {
            assert!(v.get(key).is_some(), "{key} present");
        }
        let back: SidebarCategory =
            serde_json::from_str(r#"{"id":"x","channel_ids":null}"#).expect("null channels");
        assert!(back.channel_ids.is_empty());
    }
}
