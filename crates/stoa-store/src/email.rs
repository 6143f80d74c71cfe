//! Email waiting to go out: the mail queue (rendered messages, sent by whichever node claims
//! them) and the notification batches (posts collected per user until their interval passes).

use crate::StoreResult;

/// One rendered message in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedEmail {
    pub id: String,
    /// At most one queued message per key (a post's notification for one user is queued once
    /// even if the job that queues it runs twice); the id when nothing more natural exists.
    pub dedupe_key: String,
    /// What the mail is (`notification`, `batch`, `test`…), for logs.
    pub kind: String,
    pub create_at: i64,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// Failed sends so far.
    pub attempts: i64,
    pub next_attempt_at: i64,
}

/// One post waiting in a user's notification batch, with what the batch mail shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchedEmailItem {
    pub id: String,
    pub user_id: String,
    pub post_id: String,
    /// The post's time: a batch starts at its first post.
    pub post_at: i64,
    /// The team the permalink names; empty when the user belongs to none.
    pub team_id: String,
    pub channel_id: String,
    pub channel_name: String,
    pub sender_name: String,
    /// Empty when the contents setting hides messages.
    pub message: String,
    pub permalink: String,
}

/// What became of a post offered to a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAdd {
    Added,
    /// The post was in the batch already (the notification was decided twice).
    AlreadyThere,
    /// The batch holds its maximum.
    Full,
}

/// A user with a pending batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingBatch {
    pub user_id: String,
    /// The first post's time.
    pub first_post_at: i64,
    /// The user's `notifications`/`email_interval` preference, when set.
    pub interval: Option<String>,
}

#[async_trait::async_trait]
pub trait EmailStore {
    /// Queues a message; `false` when one with the same key is already queued.
    async fn enqueue_email(&self, mail: &QueuedEmail) -> StoreResult<bool>;
    /// Claims up to `limit` due messages (`next_attempt_at <= now`) that are free or whose claim
    /// is older than `stale_before`, marking them with `token` so no other node sends them.
    async fn claim_emails(
        &self,
        token: &str,
        now: i64,
        stale_before: i64,
        limit: i64,
    ) -> StoreResult<Vec<QueuedEmail>>;
    /// Removes a claimed message (sent, or given up on).
    async fn delete_email(&self, id: &str, token: &str) -> StoreResult<()>;
    /// Frees a claimed message for another try at `next_attempt_at`.
    async fn retry_email(
        &self,
        id: &str,
        token: &str,
        next_attempt_at: i64,
        last_error: &str,
    ) -> StoreResult<()>;

    /// Adds a post to the user's batch unless the batch already holds `max_items`.
    async fn add_to_email_batch(
        &self,
        item: &BatchedEmailItem,
        max_items: i64,
    ) -> StoreResult<BatchAdd>;
    /// Users with a pending batch, the oldest batches first.
    async fn pending_email_batches(&self, limit: i64) -> StoreResult<Vec<PendingBatch>>;
    /// The user's batch, oldest post first.
    async fn get_email_batch(&self, user_id: &str) -> StoreResult<Vec<BatchedEmailItem>>;
    /// Removes the user's items posted at or before `at` (they have been seen).
    async fn drop_email_batch_items(&self, user_id: &str, at: i64) -> StoreResult<()>;
    /// Removes and returns the user's whole batch. Two nodes taking the same batch at once get
    /// it once between them: the second finds it gone.
    async fn take_email_batch(&self, user_id: &str) -> StoreResult<Vec<BatchedEmailItem>>;
}
