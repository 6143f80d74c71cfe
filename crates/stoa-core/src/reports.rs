//! The System Console's user list and statistics: `GET /reports/users` and its count,
//! `GET /users/stats/filtered`, `GET /analytics/old` and `GET /config/environment`, answered as
//! Mattermost answers them (its `report.go`, `getFilteredUsersStats`, `analytics.go`).

use serde_json::{Value, json};
use stoa_model::report::{AnalyticsRow, UserReport, UserReportSort};
use stoa_model::time::{civil_from_days, days_from_civil};
use stoa_model::user::{User, UsersStats};
use stoa_model::{is_valid_id, now_ms};
use stoa_store::{
    CursorValue, DAY_MS, PostCountQuery, PostsByDayQuery, ReportCursor, UserCountQuery,
    UserReportFilter as StoreFilter, UserReportQuery,
};

use crate::{Actor, Core, Error, ErrorKind, Result, perm};

/// Mattermost's `ReportingMaxPageSize`.
pub const REPORT_MAX_PAGE_SIZE: i64 = 100;
/// The page size when `page_size` is missing or not a number.
pub const REPORT_DEFAULT_PAGE_SIZE: i64 = 50;
/// `AnalyticsSettings.MaxUsersForStatistics`'s default: above it, the per-day active users and
/// the file and hashtag post counts are not computed (answered as -1), as Mattermost skips them.
pub const MAX_USERS_FOR_STATISTICS: i64 = 2500;
/// Days `post_counts_day` and its siblings list at most.
const ANALYTICS_DAYS: i64 = 30;

/// The filters of the users report and its count, as the query string gives them.
#[derive(Debug, Clone, Default)]
pub struct UserReportFilter {
    /// `role_filter`: users whose roles contain this.
    pub role_filter: String,
    /// `team_filter`: a team id, or empty.
    pub team_filter: String,
    /// `has_no_team=true`.
    pub has_no_team: bool,
    /// `hide_active=true`: only deactivated users.
    pub hide_active: bool,
    /// `hide_inactive=true`: only active users.
    pub hide_inactive: bool,
    /// `search_term`.
    pub search_term: String,
}

/// `GET /reports/users`'s parameters.
#[derive(Debug, Clone, Default)]
pub struct UserReportOptions {
    pub filter: UserReportFilter,
    /// `sort_column` (default `Username`).
    pub sort_column: String,
    /// `sort_direction=desc`.
    pub sort_desc: bool,
    /// `direction=prev`: the page before the cursor.
    pub previous: bool,
    /// `from_column_value`: the boundary row's value in the sort column.
    pub from_column_value: String,
    /// `from_id`: the boundary row's id.
    pub from_id: String,
    pub page_size: i64,
    /// `date_range`: `last_30_days`, `previous_month`, `last_6_months`, or all time.
    pub date_range: String,
}

/// `GET /users/stats/filtered`'s parameters, the role lists still comma-separated.
#[derive(Debug, Clone, Default)]
pub struct UserCountFilter {
    pub in_team: String,
    pub in_channel: String,
    pub include_deleted: bool,
    pub include_bots: bool,
    pub roles: String,
    pub channel_roles: String,
    pub team_roles: String,
}

fn report_error(id: &'static str, message: &'static str) -> Error {
    Error::new(ErrorKind::BadRequest, id, message)
}

impl Core {
    /// The users report is for system admins only (Mattermost names the console permission).
    fn require_users_report(&self, actor: &Actor) -> Result<()> {
        if actor.is_system_admin() {
            Ok(())
        } else {
            Err(Error::forbidden(perm::SYSCONSOLE_READ_USERS.0))
        }
    }

    /// `GET /reports/users`: one page of users with their login and post statistics.
    pub async fn users_report(
        &self,
        actor: &Actor,
        o: UserReportOptions,
    ) -> Result<Vec<UserReport>> {
        self.require_users_report(actor)?;
        let filter = report_filter(&o.filter)?;
        if o.page_size <= 0 || o.page_size > REPORT_MAX_PAGE_SIZE {
            return Err(report_error(
                "api.getUsersForReporting.invalid_page_size",
                "Page size must be between 1 and 100.",
            ));
        }
        let (start, end) = report_date_range(&o.date_range, now_ms());
        if end > 0 && start > end {
            return Err(report_error(
                "model.reporting_base_options.is_valid.bad_date_range",
                "The date range is not valid.",
            ));
        }
        let sort_name = if o.sort_column.is_empty() {
            "Username"
        } else {
            o.sort_column.as_str()
        };
        let sort = UserReportSort::parse(sort_name).ok_or_else(|| {
            report_error(
                "model.user_report_options.is_valid.invalid_sort_column",
                "The sort column is not valid.",
            )
        })?;
        let cursor = if o.from_id.is_empty() {
            None
        } else {
            let value = match sort {
                UserReportSort::CreateAt => CursorValue::Int(
                    o.from_column_value
                        .parse()
                        .map_err(|_| Error::invalid_url_param("from_column_value"))?,
                ),
                _ => CursorValue::Text(o.from_column_value),
            };
            Some(ReportCursor {
                value,
                id: o.from_id,
            })
        };
        let q = UserReportQuery {
            filter,
            sort,
            descending: o.sort_desc,
            previous: o.previous,
            cursor,
            limit: o.page_size,
            // Posts are counted by whole days, as Mattermost's per-day statistics are.
            posts_from: floor_day(start),
            posts_until: floor_day(end),
        };
        let rows = self.store.get_user_report(&q).await?;
        Ok(rows
            .into_iter()
            .map(|r| UserReport {
                user: profile_only(r.user),
                ..r
            })
            .collect())
    }

    /// `GET /reports/users/count`: how many users the report's filters select.
    pub async fn users_report_count(&self, actor: &Actor, f: UserReportFilter) -> Result<i64> {
        self.require_users_report(actor)?;
        let filter = report_filter(&f)?;
        Ok(self.store.count_user_report(&filter).await?)
    }

    /// `GET /users/stats/filtered`. The role lists are checked before the permission, as in
    /// Mattermost.
    pub async fn filtered_user_stats(
        &self,
        actor: &Actor,
        f: UserCountFilter,
    ) -> Result<UsersStats> {
        let roles = clean_role_names(&f.roles, "roles")?;
        let channel_roles = if f.in_channel.is_empty() {
            Vec::new()
        } else {
            clean_role_names(&f.channel_roles, "channelRoles")?
        };
        let team_roles = if f.in_team.is_empty() {
            Vec::new()
        } else {
            clean_role_names(&f.team_roles, "teamRoles")?
        };
        if !actor.can(perm::SYSCONSOLE_READ_USERS) {
            return Err(Error::forbidden(perm::SYSCONSOLE_READ_USERS.0));
        }
        let q = UserCountQuery {
            include_deleted: f.include_deleted,
            include_bots: f.include_bots,
            team: Some(f.in_team).filter(|t| !t.is_empty()),
            channel: Some(f.in_channel).filter(|c| !c.is_empty()),
            roles,
            team_roles,
            channel_roles,
        };
        Ok(UsersStats {
            total_users_count: self.store.count_users_filtered(&q).await?,
        })
    }

    /// `GET /config/environment`: the settings an environment variable overrides, which the
    /// System Console greys out. Stoa's `STOA_*` variables are boot settings, not Mattermost
    /// settings, so none is overridden.
    pub fn environment_config(&self, _actor: &Actor) -> Value {
        json!({})
    }

    /// `GET /analytics/old?name=&team_id=`: the System Console's site and team statistics.
    pub async fn analytics(
        &self,
        actor: &Actor,
        name: &str,
        team_id: Option<&str>,
    ) -> Result<Vec<AnalyticsRow>> {
        let name = if name.is_empty() { "standard" } else { name };
        if !actor.can(perm::GET_ANALYTICS) {
            return Err(Error::forbidden(perm::GET_ANALYTICS.0));
        }
        let team = team_id.filter(|t| !t.is_empty()).map(str::to_owned);
        let users = self.store.count_users(false, false).await?;
        let skip_heavy = users > MAX_USERS_FOR_STATISTICS;
        match name {
            "standard" => self.standard_analytics(team, users).await,
            "post_counts_day" => self.posts_per_day(team, false, false).await,
            "bot_post_counts_day" => self.posts_per_day(team, true, false).await,
            "user_counts_with_posts_day" if skip_heavy => Ok(vec![AnalyticsRow::new("", -1)]),
            "user_counts_with_posts_day" => self.posts_per_day(team, false, true).await,
            "extra_counts" => self.extra_analytics(team, skip_heavy).await,
            _ => Err(Error::invalid_body_param("name")),
        }
    }

    async fn standard_analytics(
        &self,
        team: Option<String>,
        system_users: i64,
    ) -> Result<Vec<AnalyticsRow>> {
        let now = now_ms();
        let channels = self.store.analytics_channel_counts(team.as_deref()).await?;
        let posts = self
            .store
            .analytics_post_count(&PostCountQuery {
                team: team.clone(),
                ..Default::default()
            })
            .await?;
        let (users, inactive) = match &team {
            None => (
                system_users,
                self.store.analytics_inactive_user_count().await?,
            ),
            Some(team) => {
                let q = UserCountQuery {
                    team: Some(team.clone()),
                    ..Default::default()
                };
                (self.store.count_users_filtered(&q).await?, -1)
            }
        };
        let teams = self.store.analytics_team_count().await?;
        let (master, read) = self.store.connection_counts();
        let daily = self.store.analytics_active_user_count(now - DAY_MS).await?;
        let monthly = self
            .store
            .analytics_active_user_count(now - 31 * DAY_MS)
            .await?;
        Ok(vec![
            AnalyticsRow::new("channel_open_count", channels.open),
            AnalyticsRow::new("channel_private_count", channels.private),
            AnalyticsRow::new("post_count", posts),
            AnalyticsRow::new("unique_user_count", users),
            AnalyticsRow::new("team_count", teams),
            // The WebSocket hub lives in the HTTP layer and keeps no count core could read.
            AnalyticsRow::new("total_websocket_connections", 0),
            AnalyticsRow::new("total_master_db_connections", master),
            AnalyticsRow::new("total_read_db_connections", read),
            AnalyticsRow::new("daily_active_users", daily),
            AnalyticsRow::new("monthly_active_users", monthly),
            AnalyticsRow::new("inactive_user_count", inactive),
        ])
    }

    /// Posts (or posting users) per UTC day, newest first, from 31 days before yesterday to the
    /// end of yesterday: Mattermost leaves today out, since the day is not over.
    async fn posts_per_day(
        &self,
        team: Option<String>,
        bots_only: bool,
        distinct_users: bool,
    ) -> Result<Vec<AnalyticsRow>> {
        let today = floor_day(now_ms());
        let q = PostsByDayQuery {
            team,
            bots_only,
            distinct_users,
            from: today - 32 * DAY_MS,
            until: today - 1,
            limit: ANALYTICS_DAYS,
        };
        let days = self.store.analytics_posts_by_day(&q).await?;
        Ok(days
            .into_iter()
            .map(|d| AnalyticsRow::new(day_name(d.day), d.count))
            .collect())
    }

    async fn extra_analytics(
        &self,
        team: Option<String>,
        skip_heavy: bool,
    ) -> Result<Vec<AnalyticsRow>> {
        let (files, hashtags) = if skip_heavy {
            (-1, -1)
        } else {
            let files = PostCountQuery {
                team: team.clone(),
                with_files: true,
                ..Default::default()
            };
            let hashtags = PostCountQuery {
                team,
                with_hashtags: true,
                ..Default::default()
            };
            (
                self.store.analytics_post_count(&files).await?,
                self.store.analytics_post_count(&hashtags).await?,
            )
        };
        let sessions = self.store.analytics_session_count(now_ms()).await?;
        Ok(vec![
            AnalyticsRow::new("file_post_count", files),
            AnalyticsRow::new("hashtag_post_count", hashtags),
            // Stoa has no webhooks and no custom slash commands yet.
            AnalyticsRow::new("incoming_webhook_count", 0),
            AnalyticsRow::new("outgoing_webhook_count", 0),
            AnalyticsRow::new("command_count", 0),
            AnalyticsRow::new("session_count", sessions),
        ])
    }
}

/// The report filters, checked as Mattermost's `fillUserReportOptions` checks them.
fn report_filter(f: &UserReportFilter) -> Result<StoreFilter> {
    if !(f.team_filter.is_empty() || is_valid_id(&f.team_filter)) {
        return Err(report_error(
            "api.getUsersForReporting.invalid_team_filter",
            "The team filter is not a valid team id.",
        ));
    }
    if f.hide_active && f.hide_inactive {
        return Err(report_error(
            "api.getUsersForReporting.invalid_active_filter",
            "Active and inactive users cannot both be hidden.",
        ));
    }
    let active = match (f.hide_active, f.hide_inactive) {
        (true, _) => Some(false),
        (_, true) => Some(true),
        _ => None,
    };
    Ok(StoreFilter {
        role: Some(f.role_filter.clone()).filter(|r| !r.is_empty()),
        team: Some(f.team_filter.clone()).filter(|t| !t.is_empty()),
        has_no_team: f.has_no_team,
        active,
        search_term: Some(f.search_term.clone()).filter(|t| !t.trim().is_empty()),
    })
}

/// What a report row shows of a user: the profile, without what only the account itself needs
/// (Mattermost's `ClearNonProfileFields`). The email stays: the reader is an admin.
fn profile_only(mut u: User) -> User {
    u.password.clear();
    u.auth_data = Some(String::new());
    u.email_verified = false;
    u.allow_marketing = false;
    u.notify_props.clear();
    u.last_password_update = 0;
    u.failed_attempts = 0;
    u
}

/// A comma-separated role list as Mattermost's `CleanRoleNames`: blanks skipped, names trimmed,
/// any other malformed name refuses the whole list.
fn clean_role_names(raw: &str, param: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for name in raw.split(',') {
        if name.trim().is_empty() {
            continue;
        }
        let valid = name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(Error::invalid_body_param(param));
        }
        if !out.iter().any(|r| r == name) {
            out.push(name.to_owned());
        }
    }
    Ok(out)
}

/// The start of the UTC day holding `ms` (0 stays 0: "no bound").
fn floor_day(ms: i64) -> i64 {
    if ms <= 0 { 0 } else { ms - ms % DAY_MS }
}

/// `YYYY-MM-DD` of a day counted from the Unix epoch.
fn day_name(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `(start, end)` in ms of a report's `date_range` (0: unbounded), as Mattermost's
/// `GetReportDateRange`, in UTC.
fn report_date_range(range: &str, now: i64) -> (i64, i64) {
    let day = now.div_euclid(DAY_MS);
    let time_of_day = now.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(day);
    // Months back from (y, m); a day past the month's end rolls over, as Go's AddDate does.
    let months_back = |n: i64, d: i64| {
        let total = y * 12 + (m - 1) - n;
        days_from_civil(total.div_euclid(12), total.rem_euclid(12) + 1, d)
    };
    match range {
        "last_30_days" => (now - 30 * DAY_MS, 0),
        "previous_month" => (months_back(1, 1) * DAY_MS, months_back(0, 1) * DAY_MS),
        "last_6_months" => (months_back(6, d) * DAY_MS + time_of_day, 0),
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(y: i64, m: i64, d: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS
    }

    #[test]
    fn date_ranges_are_mattermosts_in_utc() {
        let now = ms(2024, 8, 31) + 3_600_000;
        assert_eq!(report_date_range("", now), (0, 0));
        assert_eq!(report_date_range("all_time", now), (0, 0));
        assert_eq!(
            report_date_range("last_30_days", now),
            (now - 30 * DAY_MS, 0)
        );
        assert_eq!(
            report_date_range("previous_month", now),
            (ms(2024, 7, 1), ms(2024, 8, 1))
        );
        // February 31st is March 2nd in a leap year, as Go normalises it.
        assert_eq!(
            report_date_range("last_6_months", now),
            (ms(2024, 3, 2) + 3_600_000, 0)
        );
        assert_eq!(
            report_date_range("previous_month", ms(2024, 1, 15)),
            (ms(2023, 12, 1), ms(2024, 1, 1))
        );
    }

    #[test]
    fn days_are_named_as_dates() {
        assert_eq!(day_name(0), "1970-01-01");
        assert_eq!(day_name(days_from_civil(2024, 5, 17)), "2024-05-17");
        assert_eq!(floor_day(ms(2024, 5, 17) + 5), ms(2024, 5, 17));
        assert_eq!(floor_day(0), 0);
    }

    #[test]
    fn role_lists_are_cleaned_as_mattermost_cleans_them() {
        assert_eq!(
            clean_role_names("system_admin,,system_user,system_admin", "roles").expect("valid"),
            vec!["system_admin".to_owned(), "system_user".to_owned()]
        );
        assert!(clean_role_names("", "roles").expect("empty").is_empty());
        // The name is checked before it is trimmed, so a space inside the list refuses it.
        let err = clean_role_names("system_admin, system_user", "roles").expect_err("space");
        assert_eq!(err.id, "api.context.invalid_body_param.app_error");
        assert!(clean_role_names("System_Admin", "roles").is_err());
    }
}
