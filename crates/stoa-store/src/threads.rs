use crate::StoreResult;

/// A thread: a root post with at least one reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadRecord {
    pub post_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub reply_count: i64,
    pub last_reply_at: i64,
    pub delete_at: i64,
    /// User ids, most recent participant last.
    pub participants: Vec<String>,
}

/// A user's relation to a thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadMembership {
    pub post_id: String,
    pub user_id: String,
    pub following: bool,
    pub last_viewed: i64,
    pub last_updated: i64,
    pub unread_mentions: i64,
    pub urgent_mentions: i64,
}

/// A thread as one user sees it in the threads list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserThread {
    pub thread: ThreadRecord,
    pub membership: ThreadMembership,
    /// Replies by others after `last_viewed`.
    pub unread_replies: i64,
}

/// Filters of `GET /users/{id}/teams/{team_id}/threads`.
#[derive(Debug, Clone, Default)]
pub struct UserThreadsQuery {
    pub user_id: String,
    pub team_id: String,
    /// Only threads updated after this time.
    pub since: i64,
    pub unread_only: bool,
    pub include_deleted: bool,
    /// Threads whose last reply is older (`before`) / newer (`after`) than this one's.
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub limit: i64,
}

/// Totals across a user's followed threads in a team.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadTotals {
    pub total: i64,
    pub unread_threads: i64,
    pub unread_mentions: i64,
    pub unread_urgent_mentions: i64,
}

#[async_trait::async_trait]
pub trait ThreadStore {
    /// Records a reply: creates the thread or counts one more reply at `at`, and makes `user_id`
    /// its latest participant.
    async fn record_reply(
        &self,
        root_id: &str,
        channel_id: &str,
        team_id: &str,
        user_id: &str,
        at: i64,
    ) -> StoreResult<()>;
    /// A reply was deleted: one reply fewer.
    async fn forget_reply(&self, root_id: &str) -> StoreResult<()>;
    /// The root was deleted.
    async fn delete_thread(&self, root_id: &str, at: i64) -> StoreResult<()>;

    async fn get_thread(&self, root_id: &str) -> StoreResult<ThreadRecord>;
    /// Threads of the given roots (absent roots have no replies yet).
    async fn get_threads(&self, root_ids: &[String]) -> StoreResult<Vec<ThreadRecord>>;

    async fn get_thread_membership(
        &self,
        root_id: &str,
        user_id: &str,
    ) -> StoreResult<ThreadMembership>;
    async fn get_thread_memberships(&self, root_id: &str) -> StoreResult<Vec<ThreadMembership>>;
    /// Whether `user_id` follows each of `root_ids` that they have a membership of, as
    /// (root_id, following).
    async fn get_following(
        &self,
        root_ids: &[String],
        user_id: &str,
    ) -> StoreResult<Vec<(String, bool)>>;
    /// Inserts or replaces a membership.
    async fn save_thread_membership(&self, m: &ThreadMembership) -> StoreResult<()>;
    /// Makes users follow the thread unless they have a membership already (explicit
    /// unfollows stay).
    async fn follow_if_new(&self, root_id: &str, user_ids: &[String], at: i64) -> StoreResult<()>;
    /// One more unread mention for each of `user_ids` who follows the thread.
    async fn increment_thread_mentions(
        &self,
        root_id: &str,
        user_ids: &[String],
        urgent: bool,
        at: i64,
    ) -> StoreResult<()>;
    /// Marks followers' memberships changed at `at` (a new reply).
    async fn touch_thread_memberships(&self, root_id: &str, at: i64) -> StoreResult<()>;

    /// Followed threads of a user in a team (plus direct/group channels), newest reply first.
    async fn get_user_threads(&self, query: &UserThreadsQuery) -> StoreResult<Vec<UserThread>>;
    async fn get_user_thread(&self, user_id: &str, root_id: &str) -> StoreResult<UserThread>;
    async fn count_user_threads(&self, user_id: &str, team_id: &str) -> StoreResult<ThreadTotals>;
    /// For every follower of a thread, replies by others after their last view.
    async fn unread_replies_by_follower(&self, root_id: &str) -> StoreResult<Vec<(String, i64)>>;
}
