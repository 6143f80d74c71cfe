//! Notifications that reach people away from the screen: pushes to the official mobile apps
//! through a push proxy (`push.rs`), email (`email.rs`) and the browser's own push service for our
//! web app (`webpush.rs`).
//!
//! Who gets what for a post is decided once, by Mattermost's rules (`rules.rs`), in a job the
//! post's transaction records and one node claims (`jobs.rs`): never on the request path, never
//! twice, and not lost when the server stops between the post and its notifications.

pub mod email;
mod jobs;
pub mod push;
pub mod rules;
pub mod webpush;

pub use jobs::NotificationWorker;

use stoa_model::channel::Channel;
use stoa_model::post::Post;
use stoa_model::team::Team;
use stoa_model::user::User;

/// What every kind of notification needs to know about one post, loaded once per post.
#[derive(Debug, Clone)]
pub struct PostNotice {
    pub post: Post,
    pub channel: Channel,
    /// `None` for direct and group messages.
    pub team: Option<Team>,
    pub sender: User,
    /// The sender as notifications name them: `@username`, or the integration's override name
    /// when overrides are allowed.
    pub sender_name: String,
}
