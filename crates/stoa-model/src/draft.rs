//! `Draft`: a message the user has started but not sent, kept on the server so that every device
//! shows it (Mattermost's synced drafts).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::post::PostMetadata;

/// Most characters of `file_ids` written as JSON (Mattermost's `PostFileidsMaxRunes`): ten ids.
pub const DRAFT_FILE_IDS_MAX_RUNES: usize = 300;
/// Most characters of `props` (and of `priority`) written as JSON (`PostPropsMaxRunes`).
pub const DRAFT_PROPS_MAX_RUNES: usize = 800_000;

/// One draft: a user's unsent message in a channel (`root_id` empty) or in a thread.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Draft {
    pub create_at: i64,
    pub update_at: i64,
    /// Always 0: drafts are deleted outright (kept for the wire shape).
    pub delete_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
    pub message: String,
    #[serde(rename = "type")]
    pub draft_type: String,
    #[serde(deserialize_with = "null_as_default")]
    pub props: Map<String, Value>,
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub file_ids: Vec<String>,
    /// Filled by the server with the draft's files (`files`); what a client sends is dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<PostMetadata>,
    #[serde(
        skip_serializing_if = "Map::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub priority: Map<String, Value>,
}

/// Go clients send `null` for an empty map or list; it reads as empty.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serialises_as_mattermost_and_reads_nulls_as_empty() {
        let d: Draft = serde_json::from_value(json!({
            "channel_id": "c", "message": "hi", "props": null, "file_ids": null,
            "priority": null, "unknown": 1
        }))
        .expect("parses");
        assert!(d.props.is_empty() && d.file_ids.is_empty() && d.priority.is_empty());
        let out = serde_json::to_value(&d).expect("serialises");
        assert_eq!(
            out,
            json!({
                "create_at": 0, "update_at": 0, "delete_at": 0, "user_id": "",
                "channel_id": "c", "root_id": "", "message": "hi", "type": "", "props": {}
            }),
            "empty file_ids, metadata and priority are left out"
        );
    }
}
