use crate::StoreResult;
use stoa_model::preference::Preference;

#[async_trait::async_trait]
pub trait PreferenceStore {
    /// Inserts or replaces each preference.
    async fn save_preferences(&self, prefs: &[Preference]) -> StoreResult<()>;

    async fn get_preferences(&self, user_id: &str) -> StoreResult<Vec<Preference>>;
    async fn get_preferences_by_category(
        &self,
        user_id: &str,
        category: &str,
    ) -> StoreResult<Vec<Preference>>;
    async fn get_preference(
        &self,
        user_id: &str,
        category: &str,
        name: &str,
    ) -> StoreResult<Preference>;

    async fn delete_preferences(&self, prefs: &[Preference]) -> StoreResult<()>;
    /// Removes a category/name for every user (e.g. a deleted post's `flagged_post` rows).
    async fn delete_preferences_by_name(&self, category: &str, name: &str) -> StoreResult<()>;
}
