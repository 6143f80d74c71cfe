mod categories;

pub use categories::ChannelCategoryStore;

use crate::StoreResult;
use stoa_model::channel::{Channel, ChannelMember};

#[derive(Debug, Clone, Default)]
pub struct ChannelListQuery {
    pub team_id: String,
    /// Every team's channels (`team_id` is then ignored), or those of `team_ids` when given:
    /// the System Console's lists and the cross-team searches.
    pub all_teams: bool,
    pub team_ids: Vec<String>,
    /// Channel names left out (`town-square`, `off-topic`).
    pub exclude_names: Vec<String>,
    /// Channel types to include (`O`, `P`).
    pub types: Vec<String>,
    pub include_deleted: bool,
    pub only_deleted: bool,
    /// Only channels this user is not a member of (channel browser "more channels").
    pub not_member_of: Option<String>,
    /// Only channels this user is a member of.
    pub member_of: Option<String>,
    /// Case-insensitive match on name or display name (search, autocomplete).
    pub term: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// A channel member as mention parsing needs them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MentionCandidate {
    pub user_id: String,
    pub username: String,
    pub first_name: String,
    pub is_bot: bool,
    pub active: bool,
    /// The user's notify props (`mention_keys`, `first_name`, `channel`).
    pub user_notify_props: stoa_model::StringMap,
    /// The membership's notify props (`ignore_channel_mentions`, `mark_unread`).
    pub member_notify_props: stoa_model::StringMap,
}

/// One of a user's channels with the counters unread state is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelCounters {
    pub channel_id: String,
    pub team_id: String,
    pub total_msg_count: i64,
    pub total_msg_count_root: i64,
    pub msg_count: i64,
    pub msg_count_root: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    /// `mark_unread = mention`: the channel is muted.
    pub muted: bool,
}

#[async_trait::async_trait]
pub trait ChannelStore {
    /// Conflict on `channels_team_name` when the (team, name) pair exists.
    async fn insert_channel(&self, channel: &Channel) -> StoreResult<()>;

    async fn get_channel(&self, id: &str) -> StoreResult<Channel>;
    /// By URL name within a team (`""` for direct and group channels).
    async fn get_channel_by_name(&self, team_id: &str, name: &str) -> StoreResult<Channel>;
    async fn get_channels_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Channel>>;
    async fn list_channels(&self, query: &ChannelListQuery) -> StoreResult<Vec<Channel>>;
    /// How many channels `list_channels` would find without its offset and limit.
    async fn count_channels(&self, query: &ChannelListQuery) -> StoreResult<i64>;
    /// `(channel_id, user_id)` of every member of these channels.
    async fn get_members_of_channels(
        &self,
        channel_ids: &[String],
    ) -> StoreResult<Vec<(String, String)>>;
    /// Channels the user is a member of: those of `team_id` plus every direct and group channel
    /// (or all teams when `team_id` is `None`). Deleted ones only when asked, and then only
    /// those deleted after `last_delete_at`.
    async fn get_channels_for_user(
        &self,
        user_id: &str,
        team_id: Option<&str>,
        include_deleted: bool,
        last_delete_at: i64,
    ) -> StoreResult<Vec<Channel>>;

    /// Writes every mutable field. Conflict on `channels_team_name`.
    async fn update_channel(&self, channel: &Channel) -> StoreResult<()>;
    async fn delete_channel_permanently(&self, id: &str) -> StoreResult<()>;

    /// Conflict on `channel_members_pkey` when already a member.
    async fn insert_channel_member(&self, member: &ChannelMember) -> StoreResult<()>;
    async fn get_channel_member(
        &self,
        channel_id: &str,
        user_id: &str,
    ) -> StoreResult<ChannelMember>;
    /// Members ordered by user id.
    async fn get_channel_members(
        &self,
        channel_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChannelMember>>;
    async fn get_channel_members_by_ids(
        &self,
        channel_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Vec<ChannelMember>>;
    /// The user's memberships in channels of `team_id` plus direct and group channels (all
    /// teams when `None`).
    async fn get_channel_members_for_user(
        &self,
        user_id: &str,
        team_id: Option<&str>,
    ) -> StoreResult<Vec<ChannelMember>>;
    /// Active (not deactivated) users who are members.
    async fn count_channel_members(&self, channel_id: &str) -> StoreResult<i64>;
    /// Writes roles, notify props and read state.
    async fn update_channel_member(&self, member: &ChannelMember) -> StoreResult<()>;
    /// Marks channels viewed by the user at `now`: `last_viewed_at`, seen counts caught up with
    /// the channel, mention counts cleared. Returns the channel ids that were updated.
    async fn mark_channels_viewed(
        &self,
        user_id: &str,
        channel_ids: &[String],
        now: i64,
    ) -> StoreResult<Vec<String>>;
    async fn delete_channel_member(&self, channel_id: &str, user_id: &str) -> StoreResult<()>;
    /// Counts a new post: totals (root ones too when `is_root`) and last post times.
    async fn record_post_in_channel(
        &self,
        channel_id: &str,
        is_root: bool,
        at: i64,
    ) -> StoreResult<()>;
    /// One more unread mention for each of `user_ids` in the channel.
    async fn increment_mention_counts(
        &self,
        channel_id: &str,
        user_ids: &[String],
        is_root: bool,
        urgent: bool,
        at: i64,
    ) -> StoreResult<()>;
    /// Active channel members with what mention parsing needs.
    async fn get_mention_candidates(&self, channel_id: &str) -> StoreResult<Vec<MentionCandidate>>;
    /// The counters of every live channel the user is a member of.
    async fn get_channel_counters_for_user(
        &self,
        user_id: &str,
    ) -> StoreResult<Vec<ChannelCounters>>;
    /// Removes the user from every channel of a team (leaving the team).
    async fn delete_channel_members_for_user_in_team(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<()>;
}
