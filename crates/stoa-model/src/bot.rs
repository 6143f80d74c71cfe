//! `Bot`: a user account meant for programs, with an owner. The bot's user row carries
//! `is_bot: true`, its username and display name (`first_name`) and its description
//! (`bot_description`); the bot record adds the owner and its own times.

use crate::is_zero;
use serde::{Deserialize, Serialize};

/// Most characters of a bot's description (Mattermost's `BotDescriptionMaxRunes`).
pub const BOT_DESCRIPTION_MAX_RUNES: usize = 1024;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Bot {
    pub user_id: String,
    pub username: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub display_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A user id (or, in Mattermost, a plugin id).
    pub owner_id: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_icon_update: i64,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
}

/// Body of `POST /bots` and `PUT /bots/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BotPatch {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
}

impl Bot {
    /// Applies the fields present in `patch`; true when something changed (Mattermost's
    /// `WouldPatch` then `Patch`).
    pub fn patch(&mut self, patch: BotPatch) -> bool {
        let mut changed = false;
        for (field, value) in [
            (&mut self.username, patch.username),
            (&mut self.display_name, patch.display_name),
            (&mut self.description, patch.description),
        ] {
            if let Some(v) = value
                && *field != v
            {
                *field = v;
                changed = true;
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_optional_fields_are_omitted() {
        let json = serde_json::to_value(Bot {
            user_id: "u".into(),
            username: "b".into(),
            owner_id: "o".into(),
            ..Default::default()
        })
        .expect("serialises");
        assert!(json.get("display_name").is_none());
        assert!(json.get("description").is_none());
        assert!(json.get("last_icon_update").is_none());
        assert_eq!(json["delete_at"], 0);
    }

    #[test]
    fn patch_reports_changes_only() {
        let mut b = Bot {
            username: "b".into(),
            ..Default::default()
        };
        assert!(!b.patch(BotPatch {
            username: Some("b".into()),
            ..Default::default()
        }));
        assert!(b.patch(BotPatch {
            description: Some("d".into()),
            ..Default::default()
        }));
        assert_eq!(b.description, "d");
    }
}
