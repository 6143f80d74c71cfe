use crate::StoreResult;
use stoa_model::bot::Bot;
use stoa_model::user::User;

/// Filters of `GET /bots`.
#[derive(Debug, Clone, Default)]
pub struct BotListQuery {
    /// Only bots owned by this user.
    pub owner_id: Option<String>,
    pub include_deleted: bool,
    /// Only bots whose owner is deactivated.
    pub only_orphaned: bool,
    pub offset: i64,
    pub limit: i64,
}

/// Bots: the bot record (owner, times) beside its user row. Reads join the user for the
/// username, display name (`first_name`) and description (`bot_description`).
#[async_trait::async_trait]
pub trait BotStore {
    /// Inserts the bot's user (no password) and its bot record. Conflict on `users_username` or
    /// `users_email`.
    async fn insert_bot(&self, user: &User, bot: &Bot) -> StoreResult<()>;
    /// Makes an existing user a bot (`is_bot`, description) and inserts its bot record.
    /// Conflict on `bots_pkey` when it already is one.
    async fn insert_bot_for_user(&self, bot: &Bot) -> StoreResult<()>;

    async fn get_bot(&self, user_id: &str, include_deleted: bool) -> StoreResult<Bot>;
    /// By creation time, then username.
    async fn list_bots(&self, query: &BotListQuery) -> StoreResult<Vec<Bot>>;

    /// Writes owner, `last_icon_update`, `update_at` and `delete_at` of the bot record, and the
    /// description on its user.
    async fn update_bot(&self, bot: &Bot) -> StoreResult<()>;

    /// Removes the bot record and clears `is_bot` and the description on the user.
    async fn delete_bot(&self, user_id: &str) -> StoreResult<()>;
}
