//! Webhooks (Mattermost's `webhooks` API tag): incoming hooks that post what an outside service
//! sends, outgoing hooks that call an outside service when a message matches.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::attachment::SlackAttachment;

/// `trigger_when`: the first word equals a trigger word.
pub const TRIGGER_EXACT: i32 = 0;
/// `trigger_when`: the first word starts with a trigger word.
pub const TRIGGER_STARTS_WITH: i32 = 1;
/// `content_type` of an outgoing hook that wants JSON; anything else gets a form.
pub const CONTENT_TYPE_JSON: &str = "application/json";
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded";
/// `response_type` of an outgoing hook's answer that replies in the thread.
pub const RESPONSE_TYPE_COMMENT: &str = "comment";
/// The name a webhook post shows when overrides are on and the hook names none.
pub const DEFAULT_WEBHOOK_USERNAME: &str = "webhook";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct IncomingWebhook {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub display_name: String,
    pub description: String,
    pub username: String,
    pub icon_url: String,
    pub channel_locked: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OutgoingWebhook {
    pub id: String,
    pub token: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub creator_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub trigger_words: Vec<String>,
    pub trigger_when: i32,
    pub callback_urls: Vec<String>,
    pub display_name: String,
    pub description: String,
    pub content_type: String,
    pub username: String,
    pub icon_url: String,
}

impl OutgoingWebhook {
    /// The trigger word the first word of a message fires, if any.
    pub fn trigger_for(&self, first_word: &str) -> Option<&str> {
        if first_word.is_empty() {
            return None;
        }
        self.trigger_words
            .iter()
            .find(|w| match self.trigger_when {
                TRIGGER_STARTS_WITH => !w.is_empty() && first_word.starts_with(w.as_str()),
                _ => w.as_str() == first_word,
            })
            .map(String::as_str)
    }
}

/// Body of `POST /hooks/{id}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IncomingWebhookRequest {
    pub text: String,
    pub username: String,
    pub icon_url: String,
    pub icon_emoji: String,
    #[serde(rename = "channel")]
    pub channel_name: String,
    pub props: Map<String, Value>,
    pub attachments: Option<Vec<Option<SlackAttachment>>>,
    #[serde(rename = "type")]
    pub kind: String,
    pub priority: Option<Value>,
}

/// What an outgoing hook sends to each callback URL.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct OutgoingWebhookPayload {
    pub token: String,
    pub team_id: String,
    pub team_domain: String,
    pub channel_id: String,
    pub channel_name: String,
    pub timestamp: i64,
    pub user_id: String,
    pub user_name: String,
    pub post_id: String,
    pub text: String,
    pub trigger_word: String,
    pub file_ids: String,
}

impl OutgoingWebhookPayload {
    /// The form-encoded body, for hooks that do not ask for JSON.
    pub fn form_fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("token", self.token.clone()),
            ("team_id", self.team_id.clone()),
            ("team_domain", self.team_domain.clone()),
            ("channel_id", self.channel_id.clone()),
            ("channel_name", self.channel_name.clone()),
            ("timestamp", self.timestamp.to_string()),
            ("user_id", self.user_id.clone()),
            ("user_name", self.user_name.clone()),
            ("post_id", self.post_id.clone()),
            ("text", self.text.clone()),
            ("trigger_word", self.trigger_word.clone()),
            ("file_ids", self.file_ids.clone()),
        ]
    }
}

/// What a callback URL may answer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OutgoingWebhookResponse {
    pub text: Option<String>,
    pub username: String,
    pub icon_url: String,
    pub props: Map<String, Value>,
    pub attachments: Option<Vec<Option<SlackAttachment>>>,
    #[serde(rename = "type")]
    pub kind: String,
    pub response_type: String,
    pub priority: Option<Value>,
}
