//! `UserAccessToken`: a personal access token. The secret itself (`token`) is sent once, in the
//! answer to its creation; Stoa keeps only a SHA-256 of it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct UserAccessToken {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    pub user_id: String,
    pub description: String,
    pub is_active: bool,
}

/// Most characters of a token's description (Mattermost's `IsValid`).
pub const TOKEN_DESCRIPTION_MAX_RUNES: usize = 255;
