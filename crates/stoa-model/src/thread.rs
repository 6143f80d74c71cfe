//! Collapsed reply threads: `ThreadResponse` and the `Threads` list.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ThreadResponse {
    pub id: String,
    pub reply_count: i64,
    pub last_reply_at: i64,
    pub last_viewed_at: i64,
    pub participants: Vec<crate::user::User>,
    pub post: crate::post::Post,
    pub unread_replies: i64,
    pub unread_mentions: i64,
    pub is_urgent: bool,
    pub delete_at: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Threads {
    pub total: i64,
    pub total_unread_threads: i64,
    pub total_unread_mentions: i64,
    pub total_unread_urgent_mentions: i64,
    pub threads: Vec<ThreadResponse>,
}
