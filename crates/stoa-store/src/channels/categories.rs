//! Sidebar categories (Mattermost's `SidebarCategories` and `SidebarChannels`): how each user
//! groups and orders their channels in a team.
//!
//! A category belongs to one user in one team. A channel is stored in at most one category of a
//! user's team; a channel the user belongs to that is stored in none is shown in the `channels`
//! category (public and private channels of the team) or `direct_messages` (direct and group
//! channels, in every team). Stored channels leave their category when the user leaves the
//! channel, and a user's categories go with their team membership.

use crate::StoreResult;
use stoa_model::channel::SidebarCategory;

#[async_trait::async_trait]
pub trait ChannelCategoryStore {
    /// Inserts whichever of the user's `favorites`, `channels` and `direct_messages` categories
    /// of the team are missing, with their deterministic ids and sort orders 0, 10 and 20. A new
    /// `favorites` category takes the channels of the user's `favorite_channel` preferences (of
    /// the team, and direct and group ones) that are in no category of the team yet. Needs a
    /// team membership row.
    async fn create_initial_sidebar_categories(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<()>;
    /// Inserts a category row; its `channel_ids` are not written (see
    /// [`set_sidebar_category_channels`](Self::set_sidebar_category_channels)).
    async fn insert_sidebar_category(&self, category: &SidebarCategory) -> StoreResult<()>;

    /// The user's categories in the team by sort order, each with its channel ids: the stored
    /// ones in their order, after (for `channels` and `direct_messages`) the live channels of
    /// the user that are in no category of the team, by display name.
    async fn get_sidebar_categories(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<Vec<SidebarCategory>>;
    /// One category with its channel ids, as in
    /// [`get_sidebar_categories`](Self::get_sidebar_categories).
    async fn get_sidebar_category(&self, id: &str) -> StoreResult<SidebarCategory>;
    /// The ids of the user's categories in the team, by sort order.
    async fn get_sidebar_category_order(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<Vec<String>>;

    /// Writes `display_name`, `sorting`, `muted` and `collapsed`.
    async fn update_sidebar_category(&self, category: &SidebarCategory) -> StoreResult<()>;
    /// Numbers the listed categories of the user in the team 0, 10, 20… in the given order.
    async fn set_sidebar_category_order(
        &self,
        user_id: &str,
        team_id: &str,
        order: &[String],
    ) -> StoreResult<()>;
    /// Makes `channel_ids` (distinct channels the user is a member of) the stored channels of
    /// the category, in this order: its other channels are dropped, and these leave whatever
    /// other category of the user's team held them.
    async fn set_sidebar_category_channels(
        &self,
        category: &SidebarCategory,
        channel_ids: &[String],
    ) -> StoreResult<()>;
    /// Drops channels from whatever category of the user's team held them.
    async fn remove_sidebar_channels(
        &self,
        user_id: &str,
        team_id: &str,
        channel_ids: &[String],
    ) -> StoreResult<()>;

    /// Deletes a category and its stored channels. `NotFound` when there is none.
    async fn delete_sidebar_category(&self, id: &str) -> StoreResult<()>;
    /// Deletes all of the user's categories in the team (leaving the team).
    async fn delete_sidebar_categories_for_user_in_team(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<()>;
}
