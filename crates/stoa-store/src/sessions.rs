use crate::StoreResult;
use stoa_model::session::Session;

#[async_trait::async_trait]
pub trait SessionStore {
    async fn insert_session(&self, session: &Session) -> StoreResult<()>;

    async fn get_session_by_token(&self, token: &str) -> StoreResult<Session>;
    async fn get_session_by_id(&self, id: &str) -> StoreResult<Session>;
    /// The user's sessions, most recently active first.
    async fn get_sessions_for_user(&self, user_id: &str) -> StoreResult<Vec<Session>>;

    async fn update_session_activity(
        &self,
        id: &str,
        last_activity_at: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    async fn update_session_device(
        &self,
        id: &str,
        device_id: &str,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// Replaces the session's props (device settings the mobile apps report).
    async fn update_session_props(
        &self,
        id: &str,
        props: &stoa_model::StringMap,
    ) -> StoreResult<()>;
    /// Sets the system roles recorded on every session of the user.
    async fn update_sessions_roles(&self, user_id: &str, roles: &str) -> StoreResult<()>;

    async fn delete_session(&self, id: &str) -> StoreResult<()>;
    /// Deletes the user's sessions and returns their ids.
    async fn delete_sessions_for_user(&self, user_id: &str) -> StoreResult<Vec<String>>;
    /// Deletes other sessions registered with the same push device id.
    async fn delete_sessions_for_device(
        &self,
        user_id: &str,
        device_id: &str,
        keep_id: &str,
    ) -> StoreResult<()>;
    async fn delete_expired_sessions(&self, now: i64) -> StoreResult<u64>;
}
