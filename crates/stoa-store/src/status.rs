use crate::StoreResult;
use stoa_model::status::Status;

#[async_trait::async_trait]
pub trait StatusStore {
    /// Inserts or replaces the status.
    async fn save_status(&self, status: &Status) -> StoreResult<()>;

    async fn get_status(&self, user_id: &str) -> StoreResult<Status>;
    async fn get_statuses(&self, user_ids: &[String]) -> StoreResult<Vec<Status>>;
}
