//! `Preference`: a per-user key/value in a category.

use serde::{Deserialize, Serialize};

/// Categories the server itself reads.
pub mod category {
    pub const FLAGGED_POST: &str = "flagged_post";
    pub const DISPLAY_SETTINGS: &str = "display_settings";
    pub const DIRECT_CHANNEL_SHOW: &str = "direct_channel_show";
    pub const GROUP_CHANNEL_SHOW: &str = "group_channel_show";
    pub const FAVORITE_CHANNEL: &str = "favorite_channel";
    pub const ADVANCED_SETTINGS: &str = "advanced_settings";
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Preference {
    pub user_id: String,
    pub category: String,
    pub name: String,
    pub value: String,
}
