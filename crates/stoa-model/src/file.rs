//! `FileInfo`: an uploaded file, as posts and the files API show it.

use crate::is_zero;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct FileInfo {
    pub id: String,
    /// The uploader (Mattermost's `CreatorId`).
    pub user_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub post_id: String,
    pub channel_id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub name: String,
    pub extension: String,
    pub size: i64,
    pub mime_type: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub width: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub height: i64,
    #[serde(skip_serializing_if = "crate::is_false")]
    pub has_preview_image: bool,
    /// Base64 of a tiny JPEG, shown blurred while the image loads.
    pub mini_preview: Option<String>,
    pub remote_id: Option<String>,
    pub archived: bool,
    /// Where the bytes are in the file store; never sent to clients.
    #[serde(skip)]
    pub path: String,
    #[serde(skip)]
    pub thumbnail_path: String,
    #[serde(skip)]
    pub preview_path: String,
}

impl FileInfo {
    pub fn is_image(&self) -> bool {
        self.mime_type.starts_with("image/")
    }
}

/// Reply of `POST /files`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileUploadResponse {
    pub file_infos: Vec<FileInfo>,
    pub client_ids: Vec<String>,
}

/// Reply of the file searches (Mattermost's `FileInfoList`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FileInfoList {
    pub order: Vec<String>,
    pub file_infos: std::collections::BTreeMap<String, FileInfo>,
    pub next_file_info_id: String,
    pub prev_file_info_id: String,
}
