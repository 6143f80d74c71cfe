//! The error body of every Mattermost API error.

use serde::{Deserialize, Serialize};

/// `{id, message, detailed_error, request_id, status_code}` as Mattermost's `AppError`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AppError {
    pub id: String,
    pub message: String,
    #[serde(default)]
    pub detailed_error: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    #[serde(default, skip_serializing_if = "is_zero_u16")]
    pub status_code: u16,
}

fn is_zero_u16(n: &u16) -> bool {
    *n == 0
}
