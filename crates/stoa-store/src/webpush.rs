use crate::StoreResult;
use stoa_model::webpush::WebPushSubscription;

/// Web push subscriptions, one per session (Stoa's own).
#[async_trait::async_trait]
pub trait WebPushStore {
    /// Fails with `Conflict` when the session or the endpoint already has one.
    async fn insert_web_push_subscription(&self, sub: &WebPushSubscription) -> StoreResult<()>;

    /// The user's subscriptions whose session has not expired at `now`, newest first.
    async fn get_web_push_subscriptions(
        &self,
        user_id: &str,
        now: i64,
    ) -> StoreResult<Vec<WebPushSubscription>>;

    /// Of these users, those with at least one live subscription (one statement for a post's
    /// recipients).
    async fn users_with_web_push(&self, user_ids: &[String], now: i64) -> StoreResult<Vec<String>>;

    async fn delete_web_push_subscription(&self, id: &str) -> StoreResult<()>;
    /// Removes the subscription of the session and any other holding the endpoint; how many.
    async fn delete_web_push_subscriptions_for(
        &self,
        session_id: &str,
        endpoint: &str,
    ) -> StoreResult<u64>;
    /// Keeps the user's `keep` newest subscriptions and removes the others.
    async fn trim_web_push_subscriptions(&self, user_id: &str, keep: i64) -> StoreResult<()>;
}
