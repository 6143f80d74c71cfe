//! The storage contract: one trait per Mattermost area, named as Mattermost's stores are.
//!
//! Core holds an `Arc<dyn Store>` and never knows which database is behind it. Methods are
//! ordered create → read → update → delete. Every method either does its whole work or returns an
//! error; multi-step changes go through [`Store::begin`].
//!
//! The `testkit` feature carries the contract suite that every backend runs on real databases.

mod bots;
mod channels;
mod commands;
mod drafts;
mod email;
mod emoji;
mod error;
mod files;
mod notifications;
mod oauth;
mod posts;
mod preferences;
mod reactions;
mod reports;
pub mod search;
mod sessions;
mod status;
mod system;
mod teams;
mod threads;
mod users;
mod webhooks;
mod webpush;

#[cfg(feature = "testkit")]
pub mod testkit;

pub use bots::{BotListQuery, BotStore};
pub use channels::{
    ChannelCategoryStore, ChannelCounters, ChannelListQuery, ChannelStore, MentionCandidate,
};
pub use commands::{CommandStore, CommandWebhook};
pub use drafts::DraftStore;
pub use email::{BatchAdd, BatchedEmailItem, EmailStore, PendingBatch, QueuedEmail};
pub use emoji::{EmojiSort, EmojiStore};
pub use error::{OptionalExt, StoreError, StoreResult};
pub use files::FileInfoStore;
pub use notifications::NotificationStore;
pub use oauth::{OAuthAccess, OAuthCode, OAuthStore};
pub use posts::{ChannelPostsQuery, PostCounts, PostStore, PostWindow, ThreadPostsQuery};
pub use preferences::PreferenceStore;
pub use reactions::ReactionStore;
pub use reports::{
    ChannelCounts, CursorValue, DAY_MS, DayCount, PostCountQuery, PostsByDayQuery, ReportCursor,
    ReportStore, UserCountQuery, UserReportFilter, UserReportQuery,
};
pub use search::{FileSearchQuery, PostSearchQuery, SearchStore};
pub use sessions::SessionStore;
pub use status::StatusStore;
pub use system::SystemStore;
pub use teams::{TeamListQuery, TeamStore};
pub use threads::{
    ThreadMembership, ThreadRecord, ThreadStore, ThreadTotals, UserThread, UserThreadsQuery,
};
pub use users::{UserAccessTokenStore, UserListQuery, UserSort, UserStore};
pub use webhooks::{HookListQuery, WebhookStore};
pub use webpush::WebPushStore;

/// Everything a unit of work can read and write: the pool and a transaction both offer it.
pub trait Repos:
    UserStore
    + UserAccessTokenStore
    + BotStore
    + SessionStore
    + TeamStore
    + ChannelStore
    + ChannelCategoryStore
    + PostStore
    + SearchStore
    + FileInfoStore
    + ThreadStore
    + ReactionStore
    + DraftStore
    + EmojiStore
    + PreferenceStore
    + StatusStore
    + SystemStore
    + ReportStore
    + WebhookStore
    + CommandStore
    + OAuthStore
    + NotificationStore
    + EmailStore
    + WebPushStore
    + Send
    + Sync
{
}

impl<T> Repos for T where
    T: UserStore
        + UserAccessTokenStore
        + BotStore
        + SessionStore
        + TeamStore
        + ChannelStore
        + ChannelCategoryStore
        + PostStore
        + SearchStore
        + FileInfoStore
        + ThreadStore
        + ReactionStore
        + DraftStore
        + EmojiStore
        + PreferenceStore
        + StatusStore
        + SystemStore
        + ReportStore
        + WebhookStore
        + CommandStore
        + OAuthStore
        + NotificationStore
        + EmailStore
        + WebPushStore
        + Send
        + Sync
{
}

/// A database: the repositories over a connection pool, plus transactions.
#[async_trait::async_trait]
pub trait Store: Repos {
    /// Starts a transaction. On SQLite, transactions are serialised through one writer
    /// connection, so they never fail with "database is locked".
    async fn begin(&self) -> StoreResult<Box<dyn Transaction>>;
    /// Which backend this is (`sqlite` or `postgres`), for logs and `SQLDriverName`.
    fn backend(&self) -> &'static str;
    /// The applied schema version.
    async fn schema_version(&self) -> StoreResult<i64>;
    /// Checks the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Closes every connection, waiting for in-flight queries.
    async fn close(&self);
}

/// A transaction: the same repositories; dropped without `commit`, it rolls back.
#[async_trait::async_trait]
pub trait Transaction: Repos {
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}
