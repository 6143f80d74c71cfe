//! Custom `Emoji`.

use serde::{Deserialize, Serialize};

/// Most characters of a custom emoji name.
pub const EMOJI_NAME_MAX_LEN: usize = 64;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Emoji {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub creator_id: String,
    pub name: String,
}

/// 1–64 characters of `[a-zA-Z0-9_+-]` (Mattermost's `IsValidEmojiName`).
pub fn is_valid_emoji_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= EMOJI_NAME_MAX_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b))
}
