use crate::StoreResult;
use stoa_model::session::Session;

/// What notifying a post reads and writes beyond the other stores: the durable queue of posts to
/// notify, and the per-recipient facts the rules need, each read for many users at once.
#[async_trait::async_trait]
pub trait NotificationStore {
    /// Records that the post's notifications are due (in the post's transaction).
    async fn insert_notification_job(&self, post_id: &str, at: i64) -> StoreResult<()>;
    /// Claims up to `limit` due jobs, oldest first: those never claimed, and those whose claim
    /// is older than `stale_before` (a node that died). Two nodes never claim the same job: the
    /// claim re-checks `claimed_at` on the row it updates.
    async fn claim_notification_jobs(
        &self,
        now: i64,
        stale_before: i64,
        limit: i64,
    ) -> StoreResult<Vec<String>>;
    async fn delete_notification_job(&self, post_id: &str) -> StoreResult<()>;
    /// How many times the job was claimed (0 when it is gone).
    async fn notification_attempts(&self, post_id: &str) -> StoreResult<i64>;
    /// How many jobs wait (for tests and the admin's view).
    async fn count_notification_jobs(&self) -> StoreResult<i64>;

    /// The unexpired sessions of these users that registered a push device.
    async fn device_sessions(&self, user_ids: &[String], now: i64) -> StoreResult<Vec<Session>>;
    /// The session registered with this device token (`platform:token`), if any.
    async fn session_for_device(
        &self,
        user_id: &str,
        device_id: &str,
    ) -> StoreResult<Option<Session>>;
    /// Per user, the app icon's badge: unread messages in direct messages and mentions
    /// elsewhere (root posts only when `collapsed` lists the user), plus unread thread mentions
    /// for those in `collapsed`.
    async fn badge_counts(
        &self,
        user_ids: &[String],
        collapsed: &[String],
    ) -> StoreResult<Vec<(String, i64)>>;
    /// The users who follow a thread.
    async fn thread_followers(&self, root_id: &str) -> StoreResult<Vec<String>>;
    /// The users who wrote in a thread (its root's author excluded).
    async fn thread_repliers(&self, root_id: &str) -> StoreResult<Vec<String>>;
    /// `(user_id, value)` of one preference for many users.
    async fn preference_values(
        &self,
        user_ids: &[String],
        category: &str,
        name: &str,
    ) -> StoreResult<Vec<(String, String)>>;
}
