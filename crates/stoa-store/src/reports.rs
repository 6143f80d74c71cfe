//! The System Console's reads: the users report (keyset pages with login and post statistics),
//! filtered user counts, and the site statistics of `GET /analytics/old`. Everything here only
//! reads.

use crate::StoreResult;
use stoa_model::report::{UserReport, UserReportSort};

/// Milliseconds in a day: posts are counted per UTC day, `create_at / DAY_MS`.
pub const DAY_MS: i64 = 86_400_000;

/// The filters of the users report and of its count; all combined with AND. Bots are never
/// part of the report.
#[derive(Debug, Clone, Default)]
pub struct UserReportFilter {
    /// Users whose system roles contain this text (Mattermost matches a substring).
    pub role: Option<String>,
    /// Members of this team (membership not left).
    pub team: Option<String>,
    /// Users in no team at all; wins over `team`.
    pub has_no_team: bool,
    /// `Some(true)`: only active users; `Some(false)`: only deactivated ones.
    pub active: Option<bool>,
    /// Every word must prefix-match username, first or last name, nickname or email,
    /// case-insensitively.
    pub search_term: Option<String>,
}

/// The boundary row of a report page: its value in the sort column, and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCursor {
    pub value: CursorValue,
    pub id: String,
}

/// A sort column's value: `create_at` is a number, every other column text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CursorValue {
    Int(i64),
    Text(String),
}

/// One page of the users report.
#[derive(Debug, Clone, Default)]
pub struct UserReportQuery {
    pub filter: UserReportFilter,
    pub sort: UserReportSort,
    pub descending: bool,
    /// The rows before `cursor` (the previous page) rather than after it. Rows always come back
    /// in display order.
    pub previous: bool,
    /// Without a cursor: the first page (the last one when `previous`).
    pub cursor: Option<ReportCursor>,
    pub limit: i64,
    /// Post statistics count posts created at or after this (ms; 0 for all time).
    pub posts_from: i64,
    /// ... and before this (ms; 0 for no end).
    pub posts_until: i64,
}

/// The filters of `GET /users/stats/filtered` (Mattermost's `UserCountOptions`).
#[derive(Debug, Clone, Default)]
pub struct UserCountQuery {
    pub include_deleted: bool,
    pub include_bots: bool,
    /// Members of this team; when set, `channel` is not used.
    pub team: Option<String>,
    pub channel: Option<String>,
    /// Any of these system roles (`system_user` means exactly `system_user`); ORed with the
    /// team and channel roles.
    pub roles: Vec<String>,
    /// `team_admin` / `team_user` / `team_guest` by the membership's scheme flags (with `team`).
    pub team_roles: Vec<String>,
    /// `channel_admin` / `channel_user` / `channel_guest` (with `channel`).
    pub channel_roles: Vec<String>,
}

/// Which posts `analytics_post_count` counts. Like Mattermost, deleted posts, system messages
/// and saved edit versions are all posts here.
#[derive(Debug, Clone, Default)]
pub struct PostCountQuery {
    /// Posts in this team's channels.
    pub team: Option<String>,
    /// Only posts with files.
    pub with_files: bool,
    /// Only posts with hashtags.
    pub with_hashtags: bool,
}

/// Posts per UTC day, newest day first.
#[derive(Debug, Clone, Default)]
pub struct PostsByDayQuery {
    pub team: Option<String>,
    /// Only posts by bots.
    pub bots_only: bool,
    /// Count the distinct authors of each day instead of its posts.
    pub distinct_users: bool,
    /// Posts created in `from..=until` (ms).
    pub from: i64,
    pub until: i64,
    /// Most days returned.
    pub limit: i64,
}

/// A count for one day, the day as days since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    pub day: i64,
    pub count: i64,
}

/// Channels by type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelCounts {
    pub open: i64,
    pub private: i64,
}

#[async_trait::async_trait]
pub trait ReportStore {
    /// One page of the users report, in display order, with each user's statistics.
    async fn get_user_report(&self, q: &UserReportQuery) -> StoreResult<Vec<UserReport>>;
    /// Users the report's filters select.
    async fn count_user_report(&self, f: &UserReportFilter) -> StoreResult<i64>;
    /// Users matching Mattermost's `UserCountOptions`.
    async fn count_users_filtered(&self, q: &UserCountQuery) -> StoreResult<i64>;

    /// Open and private channels, archived ones included (as Mattermost counts them).
    async fn analytics_channel_counts(&self, team: Option<&str>) -> StoreResult<ChannelCounts>;
    async fn analytics_post_count(&self, q: &PostCountQuery) -> StoreResult<i64>;
    /// Teams not deleted.
    async fn analytics_team_count(&self) -> StoreResult<i64>;
    /// Deactivated users, bots included.
    async fn analytics_inactive_user_count(&self) -> StoreResult<i64>;
    /// Active, non-bot users whose status shows activity after `since`.
    async fn analytics_active_user_count(&self, since: i64) -> StoreResult<i64>;
    /// Sessions not expired at `now`.
    async fn analytics_session_count(&self, now: i64) -> StoreResult<i64>;
    async fn analytics_posts_by_day(&self, q: &PostsByDayQuery) -> StoreResult<Vec<DayCount>>;
    /// Open database connections: (writer pool, separate reader pool — 0 when reads share
    /// the writer's pool). Zero inside a transaction.
    fn connection_counts(&self) -> (i64, i64);
}
