use crate::StoreResult;
use stoa_model::draft::Draft;

#[async_trait::async_trait]
pub trait DraftStore {
    /// Saves the user's draft for its channel and thread: inserts it, or replaces the message,
    /// props, files, priority and `update_at` of the one there (which keeps its `create_at`).
    /// Returns the stored draft.
    async fn upsert_draft(&self, draft: &Draft) -> StoreResult<Draft>;

    /// The user's draft for a channel (`root_id` empty) or a thread; `NotFound` when none.
    async fn get_draft(&self, user_id: &str, channel_id: &str, root_id: &str)
    -> StoreResult<Draft>;
    /// The user's drafts in channels of `team_id` and in direct and group channels, only where
    /// they are still a member, newest (`update_at`) first, at most `limit`.
    async fn get_drafts_for_user(
        &self,
        user_id: &str,
        team_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<Draft>>;

    /// Deletes the user's draft; returns it, or `None` when there was none.
    async fn delete_draft(
        &self,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
    ) -> StoreResult<Option<Draft>>;
    /// Deletes every user's drafts of replies to `root_id` (the root post is gone).
    async fn delete_drafts_for_thread(&self, channel_id: &str, root_id: &str) -> StoreResult<()>;
}
