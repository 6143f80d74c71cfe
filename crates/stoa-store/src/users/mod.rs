mod tokens;

pub use tokens::UserAccessTokenStore;

use crate::StoreResult;
use stoa_model::user::User;

/// Order of user lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UserSort {
    /// By username, as Mattermost lists by default.
    #[default]
    Username,
    /// Newest accounts first (`sort=create_at`).
    CreateAt,
    /// Most recently active first (`sort=last_activity_at`).
    LastActivity,
}

/// Filters of `GET /users` and of user search; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct UserListQuery {
    pub in_team: Option<String>,
    pub not_in_team: Option<String>,
    pub in_channel: Option<String>,
    pub not_in_channel: Option<String>,
    pub without_team: bool,
    /// `Some(true)`: only active users; `Some(false)`: only deactivated ones.
    pub active: Option<bool>,
    /// Users whose system roles contain this role.
    pub role: Option<String>,
    pub include_bots: bool,
    /// Case-insensitive prefix match on username, names, nickname or email (search).
    pub term: Option<String>,
    /// Whether `term` may match the email address (only for viewers allowed to see emails).
    pub search_email: bool,
    pub sort: UserSort,
    pub offset: i64,
    pub limit: i64,
}

#[async_trait::async_trait]
pub trait UserStore {
    /// Inserts a user with its password hash ("" for none). Conflict on `users_username` or
    /// `users_email`.
    async fn insert_user(&self, user: &User, password_hash: &str) -> StoreResult<()>;

    async fn get_user(&self, id: &str) -> StoreResult<User>;
    async fn get_user_by_username(&self, username: &str) -> StoreResult<User>;
    async fn get_user_by_email(&self, email: &str) -> StoreResult<User>;
    /// The users among `ids` that exist, in no particular order.
    async fn get_users_by_ids(&self, ids: &[String]) -> StoreResult<Vec<User>>;
    async fn get_users_by_usernames(&self, usernames: &[String]) -> StoreResult<Vec<User>>;
    /// Users updated after `since` among `ids`.
    async fn get_users_updated_since(&self, ids: &[String], since: i64) -> StoreResult<Vec<User>>;
    async fn get_password_hash(&self, user_id: &str) -> StoreResult<String>;
    async fn list_users(&self, query: &UserListQuery) -> StoreResult<Vec<User>>;
    /// Number of users; deactivated ones and bots too when asked.
    async fn count_users(&self, include_deleted: bool, include_bots: bool) -> StoreResult<i64>;

    /// Writes every mutable field of `user` (profile, roles, props, times, `delete_at`).
    /// Conflict on `users_username` or `users_email`.
    async fn update_user(&self, user: &User) -> StoreResult<()>;
    async fn update_password(&self, user_id: &str, hash: &str, at: i64) -> StoreResult<()>;
    async fn update_failed_attempts(&self, user_id: &str, attempts: i64) -> StoreResult<()>;
    async fn update_last_picture_update(&self, user_id: &str, at: i64) -> StoreResult<()>;
}
