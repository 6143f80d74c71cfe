use crate::StoreResult;
use stoa_model::oauth::OAuthApp;

/// An authorization code waiting to be exchanged. Only its SHA-256 is stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OAuthCode {
    pub code_hash: String,
    pub client_id: String,
    pub user_id: String,
    pub create_at: i64,
    /// Seconds the code lives.
    pub expires_in: i64,
    pub redirect_uri: String,
    pub state: String,
    pub scope: String,
    pub code_challenge: String,
    pub code_challenge_method: String,
}

/// What an exchanged code granted: the session that is the access token, and the refresh token
/// (only its SHA-256) that replaces it. One per user and app.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OAuthAccess {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    pub session_id: String,
    pub refresh_hash: String,
    pub redirect_uri: String,
    pub expires_at: i64,
    pub scope: String,
}

#[async_trait::async_trait]
pub trait OAuthStore {
    async fn insert_oauth_app(&self, app: &OAuthApp) -> StoreResult<()>;
    async fn get_oauth_app(&self, id: &str) -> StoreResult<OAuthApp>;
    /// Apps by creation, of one creator or (`creator_id` empty) of everyone.
    async fn list_oauth_apps(
        &self,
        creator_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<OAuthApp>>;
    /// The apps a user has authorized (an `oauth_app` preference names them).
    async fn list_authorized_oauth_apps(
        &self,
        user_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<OAuthApp>>;
    /// Every field but id, creator and creation time.
    async fn update_oauth_app(&self, app: &OAuthApp) -> StoreResult<()>;
    /// Deletes the app with its codes, grants and the users' authorizations of it; returns the
    /// `(user id, session id)` of its grants, for the caller to end. Run it in a transaction.
    async fn delete_oauth_app(&self, id: &str) -> StoreResult<Vec<(String, String)>>;

    async fn insert_oauth_code(&self, code: &OAuthCode) -> StoreResult<()>;
    /// Removes the code and returns it: a code is used at most once, even when two exchanges race.
    async fn take_oauth_code(&self, code_hash: &str) -> StoreResult<OAuthCode>;
    async fn delete_oauth_codes(&self, client_id: &str, user_id: &str) -> StoreResult<()>;

    async fn insert_oauth_access(&self, access: &OAuthAccess) -> StoreResult<()>;
    async fn get_oauth_access_by_refresh(&self, refresh_hash: &str) -> StoreResult<OAuthAccess>;
    /// Moves a grant to a new session and refresh token, if its refresh token is still
    /// `old_refresh_hash`; `NotFound` when another refresh got there first.
    async fn rotate_oauth_access(
        &self,
        old_refresh_hash: &str,
        next: &OAuthAccess,
    ) -> StoreResult<()>;
    /// Deletes the user's grants to the app; returns their `(user id, session id)`.
    async fn delete_oauth_access(
        &self,
        user_id: &str,
        client_id: &str,
    ) -> StoreResult<Vec<(String, String)>>;
    /// Deletes the grant whose access token is this session (the session was revoked).
    async fn delete_oauth_access_by_session(&self, session_id: &str) -> StoreResult<()>;
    /// Deletes every grant of the user (all their sessions were revoked).
    async fn delete_oauth_access_for_user(&self, user_id: &str) -> StoreResult<()>;
}
