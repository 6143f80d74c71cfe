use crate::StoreResult;

/// Key/value rows of server-wide state (Mattermost's `Systems` table): runtime settings, the
/// install date, salts.
#[async_trait::async_trait]
pub trait SystemStore {
    async fn get_system(&self, name: &str) -> StoreResult<Option<String>>;
    async fn set_system(&self, name: &str, value: &str) -> StoreResult<()>;
    /// Sets the value only if the key is absent; returns the value now stored.
    async fn init_system(&self, name: &str, value: &str) -> StoreResult<String>;
}
