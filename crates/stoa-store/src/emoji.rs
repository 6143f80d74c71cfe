use crate::StoreResult;
use stoa_model::emoji::Emoji;

/// Order of the custom emoji list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EmojiSort {
    #[default]
    CreateAt,
    Name,
}

#[async_trait::async_trait]
pub trait EmojiStore {
    /// Conflict on `emoji_name` when a live emoji has the name.
    async fn insert_emoji(&self, emoji: &Emoji) -> StoreResult<()>;

    async fn get_emoji(&self, id: &str) -> StoreResult<Emoji>;
    async fn get_emoji_by_name(&self, name: &str) -> StoreResult<Emoji>;
    async fn get_emojis_by_names(&self, names: &[String]) -> StoreResult<Vec<Emoji>>;
    async fn list_emoji(&self, offset: i64, limit: i64, sort: EmojiSort)
    -> StoreResult<Vec<Emoji>>;
    /// Names containing `term` (or starting with it when `prefix_only`), by name.
    async fn search_emoji(
        &self,
        term: &str,
        prefix_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<Emoji>>;

    async fn delete_emoji(&self, id: &str, at: i64) -> StoreResult<()>;
}
