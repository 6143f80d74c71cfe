//! Message attachments in Slack's format (Mattermost's `SlackAttachment`), kept in a post's
//! `props.attachments` and sent by webhooks, commands and bots.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SlackAttachment {
    pub id: i64,
    pub fallback: String,
    pub color: String,
    pub pretext: String,
    pub author_name: String,
    pub author_link: String,
    pub author_icon: String,
    pub title: String,
    pub title_link: String,
    pub text: String,
    pub fields: Option<Vec<Option<SlackAttachmentField>>>,
    pub image_url: String,
    pub thumb_url: String,
    pub footer: String,
    pub footer_icon: String,
    /// Seconds since the epoch, as a number or a string.
    #[serde(rename = "ts")]
    pub timestamp: Value,
    /// Buttons and menus: kept as sent (they are interpreted where actions run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Value>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SlackAttachmentField {
    pub title: String,
    pub value: Value,
    /// Slack sends a boolean; some senders a string or a number.
    #[serde(deserialize_with = "lenient_bool")]
    pub short: bool,
}

/// Mattermost's `SlackCompatibleBool`: `true`, `"true"` and `1` are true.
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::String(s) => s.eq_ignore_ascii_case("true"),
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        _ => false,
    })
}

impl SlackAttachment {
    /// Every text of the attachment a reader sees, for Slack markup translation.
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        [&mut self.pretext, &mut self.text, &mut self.title].into_iter()
    }
}
