use crate::StoreResult;
use stoa_model::reaction::Reaction;

#[async_trait::async_trait]
pub trait ReactionStore {
    /// Adds the reaction (or revives a removed one) and marks the post as having reactions.
    async fn save_reaction(&self, reaction: &Reaction) -> StoreResult<()>;

    /// Live reactions of a post, oldest first.
    async fn get_reactions(&self, post_id: &str) -> StoreResult<Vec<Reaction>>;
    /// Live reactions of many posts.
    async fn get_reactions_for_posts(&self, post_ids: &[String]) -> StoreResult<Vec<Reaction>>;

    /// Removes the reaction; keeps `has_reactions` true only while others remain. Returns
    /// whether one was removed.
    async fn delete_reaction(
        &self,
        post_id: &str,
        user_id: &str,
        emoji_name: &str,
        at: i64,
    ) -> StoreResult<bool>;
    /// Removes every reaction with the emoji (a deleted custom emoji), updating the posts'
    /// `has_reactions`.
    async fn delete_reactions_by_emoji_name(&self, emoji_name: &str, at: i64) -> StoreResult<()>;
}
