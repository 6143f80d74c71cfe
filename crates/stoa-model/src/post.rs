//! `Post`, `PostList` and the shapes around them.

use crate::{is_false, is_zero};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Most characters of a message (Mattermost's `PostMessageMaxRunesV2`).
pub const POST_MESSAGE_MAX_RUNES: usize = 16383;
/// Most bytes of serialised `props`.
pub const POST_PROPS_MAX_BYTES: usize = 800_000;
/// Most files on one post.
pub const POST_FILE_IDS_MAX: usize = 10;

/// System message types (any type starting with `system_` is a system message).
pub mod kind {
    pub const JOIN_CHANNEL: &str = "system_join_channel";
    pub const LEAVE_CHANNEL: &str = "system_leave_channel";
    pub const ADD_TO_CHANNEL: &str = "system_add_to_channel";
    pub const REMOVE_FROM_CHANNEL: &str = "system_remove_from_channel";
    pub const JOIN_TEAM: &str = "system_join_team";
    pub const LEAVE_TEAM: &str = "system_leave_team";
    pub const ADD_TO_TEAM: &str = "system_add_to_team";
    pub const REMOVE_FROM_TEAM: &str = "system_remove_from_team";
    pub const HEADER_CHANGE: &str = "system_header_change";
    pub const DISPLAYNAME_CHANGE: &str = "system_displayname_change";
    pub const PURPOSE_CHANGE: &str = "system_purpose_change";
    pub const CHANNEL_DELETED: &str = "system_channel_deleted";
    pub const CHANNEL_RESTORED: &str = "system_channel_restored";
    pub const CHANGE_CHANNEL_PRIVACY: &str = "system_change_chan_privacy";
    pub const GM_TO_CHANNEL: &str = "system_gm_to_channel";
    pub const EPHEMERAL: &str = "system_ephemeral";
    pub const ME: &str = "me";
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Post {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub edit_at: i64,
    pub delete_at: i64,
    pub is_pinned: bool,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
    pub original_id: String,
    pub message: String,
    #[serde(rename = "type")]
    pub post_type: String,
    pub props: Map<String, Value>,
    pub hashtags: String,
    pub file_ids: Vec<String>,
    pub pending_post_id: String,
    #[serde(skip_serializing_if = "is_false")]
    pub has_reactions: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_id: Option<String>,
    pub reply_count: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_reply_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<crate::user::User>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_following: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<PostMetadata>,
}

impl Post {
    pub fn is_system(&self) -> bool {
        self.post_type.starts_with("system_")
    }

    /// The thread this post belongs to: its root, or itself when it is a root.
    pub fn thread_id(&self) -> &str {
        if self.root_id.is_empty() {
            &self.id
        } else {
            &self.root_id
        }
    }

    pub fn is_root(&self) -> bool {
        self.root_id.is_empty()
    }
}

/// What a post carries for clients besides itself. Every key is omitted when empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostMetadata {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub embeds: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emojis: Vec<crate::emoji::Emoji>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<crate::file::FileInfo>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub images: BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<crate::reaction::Reaction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Value>,
}

/// Body of `PUT /posts/{id}/patch`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PostPatch {
    pub is_pinned: Option<bool>,
    pub message: Option<String>,
    pub props: Option<Map<String, Value>>,
    pub file_ids: Option<Vec<String>>,
    pub has_reactions: Option<bool>,
}

/// `{order, posts, next_post_id, prev_post_id, has_next?, first_inaccessible_post_time}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostList {
    pub order: Vec<String>,
    pub posts: BTreeMap<String, Post>,
    pub next_post_id: String,
    pub prev_post_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_next: Option<bool>,
    pub first_inaccessible_post_time: i64,
}

impl PostList {
    /// Adds a post to `order` (and to `posts`).
    pub fn push_ordered(&mut self, post: Post) {
        self.order.push(post.id.clone());
        self.posts.insert(post.id.clone(), post);
    }

    /// Adds a post only to `posts` (thread roots of replies in the page).
    pub fn add_unordered(&mut self, post: Post) {
        self.posts.entry(post.id.clone()).or_insert(post);
    }
}

/// Reply of the post searches: a `PostList` (newest first) and, per post, the words to
/// highlight as they are written in it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostSearchResults {
    #[serde(flatten)]
    pub list: PostList,
    pub matches: BTreeMap<String, Vec<String>>,
}

/// `GET /posts/{id}/info`: where a post lives and whether the reader has joined it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PostInfo {
    pub channel_id: String,
    pub channel_type: String,
    pub channel_display_name: String,
    pub has_joined_channel: bool,
    pub team_id: String,
    pub team_type: String,
    pub team_display_name: String,
    pub has_joined_team: bool,
}
