use crate::StoreResult;
use stoa_model::command::Command;

/// A `response_url` handed to a custom command's integration: who ran the command where, so a
/// later answer posts in the same place (Mattermost's `CommandWebhook`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandWebhook {
    pub id: String,
    pub create_at: i64,
    pub command_id: String,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
    pub use_count: i64,
}

#[async_trait::async_trait]
pub trait CommandStore {
    async fn insert_command(&self, cmd: &Command) -> StoreResult<()>;
    /// A live command; `NotFound` once deleted.
    async fn get_command(&self, id: &str) -> StoreResult<Command>;
    /// The team's live commands, by trigger.
    async fn list_team_commands(&self, team_id: &str) -> StoreResult<Vec<Command>>;
    async fn update_command(&self, cmd: &Command) -> StoreResult<()>;
    async fn delete_command(&self, id: &str, at: i64) -> StoreResult<()>;

    async fn insert_command_webhook(&self, hook: &CommandWebhook) -> StoreResult<()>;
    /// Counts one use of a response URL made after `since`: `NotFound` when it does not
    /// exist, is older, or has been used `max_uses` times already.
    async fn use_command_webhook(
        &self,
        id: &str,
        since: i64,
        max_uses: i64,
    ) -> StoreResult<CommandWebhook>;
}
