use crate::StoreResult;
use stoa_model::webhook::{IncomingWebhook, OutgoingWebhook};

/// Which hooks a list shows: all of a team's (or of every team when `team_id` is empty), only the
/// creator's when `creator_id` is set.
#[derive(Debug, Clone, Default)]
pub struct HookListQuery {
    pub team_id: String,
    pub channel_id: String,
    pub creator_id: String,
    pub offset: i64,
    pub limit: i64,
}

#[async_trait::async_trait]
pub trait WebhookStore {
    async fn insert_incoming_hook(&self, hook: &IncomingWebhook) -> StoreResult<()>;
    /// A live hook; `NotFound` once deleted.
    async fn get_incoming_hook(&self, id: &str) -> StoreResult<IncomingWebhook>;
    async fn list_incoming_hooks(&self, q: &HookListQuery) -> StoreResult<Vec<IncomingWebhook>>;
    async fn update_incoming_hook(&self, hook: &IncomingWebhook) -> StoreResult<()>;
    async fn delete_incoming_hook(&self, id: &str, at: i64) -> StoreResult<()>;

    async fn insert_outgoing_hook(&self, hook: &OutgoingWebhook) -> StoreResult<()>;
    async fn get_outgoing_hook(&self, id: &str) -> StoreResult<OutgoingWebhook>;
    async fn list_outgoing_hooks(&self, q: &HookListQuery) -> StoreResult<Vec<OutgoingWebhook>>;
    async fn update_outgoing_hook(&self, hook: &OutgoingWebhook) -> StoreResult<()>;
    async fn delete_outgoing_hook(&self, id: &str, at: i64) -> StoreResult<()>;
}
