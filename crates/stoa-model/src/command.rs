//! Slash commands: the response shape of `POST /commands/execute`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct CommandResponse {
    pub response_type: String,
    pub text: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub username: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub icon_url: String,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub props: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub goto_location: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trigger_id: String,
    pub skip_slack_parsing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Option<crate::attachment::SlackAttachment>>>,
    /// More answers, each handled as this one (another channel, another type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_responses: Option<Vec<CommandResponse>>,
}

/// `method` of a command called with a form POST.
pub const METHOD_POST: &str = "P";
/// `method` of a command called with GET and the fields in the query.
pub const METHOD_GET: &str = "G";

/// Mattermost's `Command` (a slash command), as the command lists return it; built-ins leave
/// the stored-command fields empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Command {
    pub id: String,
    pub token: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub creator_id: String,
    pub team_id: String,
    pub trigger: String,
    pub method: String,
    pub username: String,
    pub icon_url: String,
    pub auto_complete: bool,
    pub auto_complete_desc: String,
    pub auto_complete_hint: String,
    pub display_name: String,
    pub description: String,
    pub url: String,
    pub plugin_id: String,
}

/// One line of the slash-command suggestions (`GET /teams/{id}/commands/autocomplete_suggestions`).
/// Mattermost serialises this type with Go's field names.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AutocompleteSuggestion {
    #[serde(rename = "Complete")]
    pub complete: String,
    #[serde(rename = "Suggestion")]
    pub suggestion: String,
    #[serde(rename = "Hint")]
    pub hint: String,
    #[serde(rename = "Description")]
    pub description: String,
    #[serde(rename = "IconData")]
    pub icon_data: String,
}
