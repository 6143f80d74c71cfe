use crate::StoreResult;
use stoa_model::post::Post;

/// Which slice of a channel's posts to read (the modes of `GET /channels/{id}/posts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostWindow {
    /// Newest first, `offset`/`limit`.
    Page { offset: i64, limit: i64 },
    /// Posts older than `create_at` (the `before` post's time), newest first.
    Before {
        create_at: i64,
        offset: i64,
        limit: i64,
    },
    /// Posts newer than `create_at`, oldest first (the caller reverses).
    After {
        create_at: i64,
        offset: i64,
        limit: i64,
    },
    /// Every post changed after `update_at` (edits and deletes included), newest first.
    Since { update_at: i64, limit: i64 },
}

/// Options of a channel read.
#[derive(Debug, Clone)]
pub struct ChannelPostsQuery {
    pub channel_id: String,
    pub window: PostWindow,
    /// Only thread roots (collapsed reply threads).
    pub roots_only: bool,
    /// Include soft-deleted posts (always for `Since`).
    pub include_deleted: bool,
}

/// One thread page (`GET /posts/{id}/thread`), as Mattermost reads it: the root and replies
/// in creation order, starting after a cursor.
#[derive(Debug, Clone, Default)]
pub struct ThreadPostsQuery {
    pub root_id: String,
    /// Start strictly past this point (a create time, and a post id breaking ties when given):
    /// newer posts, or older ones when `newest_first`.
    pub from: Option<(i64, Option<String>)>,
    /// Newest first ("up") instead of oldest first ("down").
    pub newest_first: bool,
    /// At most this many posts; 0 for no limit.
    pub limit: i64,
    pub include_deleted: bool,
}

/// The posts of a channel counted from a time on, for marking unread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostCounts {
    pub all: i64,
    pub roots: i64,
}

/// Posts. Reads fill `reply_count` and `last_reply_at` from the thread; edit history rows
/// (`original_id` set) are never returned by channel reads.
#[async_trait::async_trait]
pub trait PostStore {
    async fn insert_post(&self, post: &Post) -> StoreResult<()>;

    /// The post, also when deleted.
    async fn get_post(&self, id: &str) -> StoreResult<Post>;
    async fn get_posts_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Post>>;
    /// Newest first, except `After`, which is oldest first.
    async fn get_channel_posts(&self, query: &ChannelPostsQuery) -> StoreResult<Vec<Post>>;
    /// The root and replies of a thread that fall in the query's range, in its order.
    async fn get_thread_posts(&self, query: &ThreadPostsQuery) -> StoreResult<Vec<Post>>;
    /// The post just outside a window, for `prev_post_id`/`next_post_id`: the newest post older
    /// than `create_at` (`older`), or the oldest newer than it.
    async fn get_adjacent_post_id(
        &self,
        channel_id: &str,
        create_at: i64,
        older: bool,
        roots_only: bool,
    ) -> StoreResult<Option<String>>;
    async fn get_pinned_posts(&self, channel_id: &str) -> StoreResult<Vec<Post>>;
    /// How many live posts of a channel are pinned (the channel's `pinnedpost_count`).
    async fn count_pinned_posts(&self, channel_id: &str) -> StoreResult<i64>;
    /// Earlier versions of an edited post, newest first.
    async fn get_edit_history(&self, post_id: &str) -> StoreResult<Vec<Post>>;
    /// Live posts created at or after `create_at` in a channel.
    async fn count_posts_from(&self, channel_id: &str, create_at: i64) -> StoreResult<PostCounts>;
    /// Live posts created at or after `create_at`, oldest first, at most `limit`.
    async fn get_posts_from(
        &self,
        channel_id: &str,
        create_at: i64,
        limit: i64,
    ) -> StoreResult<Vec<Post>>;

    /// Writes message, props, files, hashtags, pin, reactions flag and times.
    async fn update_post(&self, post: &Post) -> StoreResult<()>;
    /// Soft-deletes a post and, for a root, its replies. Returns the ids deleted.
    async fn delete_post(&self, id: &str, at: i64) -> StoreResult<Vec<String>>;
}
