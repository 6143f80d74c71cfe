//! Mattermost API v4 wire types.
//!
//! Every struct here serialises exactly as the Mattermost server does: the same field names, the
//! same omitted-when-empty fields, ids of 26 characters and times in milliseconds. Nothing here
//! does I/O beyond reading the clock and the OS random source for new ids.

pub mod attachment;
pub mod bot;
pub mod channel;
pub mod command;
pub mod draft;
pub mod emoji;
pub mod error;
pub mod file;
pub mod id;
pub mod oauth;
pub mod post;
pub mod preference;
pub mod push;
pub mod reaction;
pub mod report;
pub mod role;
pub mod session;
pub mod status;
pub mod team;
pub mod thread;
pub mod time;
pub mod token;
pub mod user;
pub mod validate;
pub mod webhook;
pub mod webpush;

pub use error::AppError;
pub use id::{is_valid_id, new_id};
pub use time::now_ms;

/// `{"status":"OK"}`, the body Mattermost sends where an operation has nothing else to say.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct StatusOk {
    pub status: String,
}

impl StatusOk {
    pub fn ok() -> Self {
        StatusOk {
            status: "OK".to_owned(),
        }
    }
}

/// A map of strings, as Mattermost uses for `props`, `notify_props` and `timezone`.
pub type StringMap = std::collections::BTreeMap<String, String>;

pub(crate) fn is_zero(n: &i64) -> bool {
    *n == 0
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}
