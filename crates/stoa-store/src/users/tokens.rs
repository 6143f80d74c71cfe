use crate::StoreResult;
use stoa_model::token::UserAccessToken;

/// Personal access tokens. The secret is never stored: `token_hash` is its SHA-256 (hex), given
/// by core; records read back have `token` empty.
#[async_trait::async_trait]
pub trait UserAccessTokenStore {
    async fn insert_access_token(&self, token: &UserAccessToken, hash: &str) -> StoreResult<()>;

    async fn get_access_token(&self, id: &str) -> StoreResult<UserAccessToken>;
    async fn get_access_token_by_hash(&self, hash: &str) -> StoreResult<UserAccessToken>;
    /// The user's tokens, by id.
    async fn list_access_tokens_for_user(
        &self,
        user_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<UserAccessToken>>;
    /// Every token, by id.
    async fn list_access_tokens(
        &self,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<UserAccessToken>>;
    /// Tokens whose id, user id or user's username starts with `term` (case-insensitive).
    async fn search_access_tokens(
        &self,
        term: &str,
        limit: i64,
    ) -> StoreResult<Vec<UserAccessToken>>;

    async fn update_access_token_active(&self, id: &str, active: bool) -> StoreResult<()>;

    async fn delete_access_token(&self, id: &str) -> StoreResult<()>;
}
