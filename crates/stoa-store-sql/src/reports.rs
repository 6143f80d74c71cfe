//! The System Console's reads. A users report page is three bounded statements: the page's ids
//! by keyset (with last login and status), those users, and their post statistics — each
//! limited to the page, so a page costs the same however many users and posts there are.

use crate::db::{Exec, RowExt, Sql, map_err};
use crate::dialect::{Backend, like_contains, like_prefix};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use stoa_model::report::{UserReport, UserReportSort};
use stoa_store::{
    ChannelCounts, CursorValue, DAY_MS, DayCount, PostCountQuery, PostsByDayQuery, ReportStore,
    StoreResult, UserCountQuery, UserReportFilter, UserReportQuery, UserStore,
};

/// Most words of a search term used (each adds a clause).
const MAX_SEARCH_WORDS: usize = 16;

/// The users column a sort name stands for.
fn column(sort: UserReportSort) -> &'static str {
    match sort {
        UserReportSort::CreateAt => "u.create_at",
        UserReportSort::Username => "u.username",
        UserReportSort::FirstName => "u.first_name",
        UserReportSort::LastName => "u.last_name",
        UserReportSort::Nickname => "u.nickname",
        UserReportSort::Email => "u.email",
        UserReportSort::Roles => "u.roles",
    }
}

/// Appends the report's filters (after a `WHERE` already present).
fn push_filter(sql: &mut Sql, f: &UserReportFilter, backend: Backend) {
    let like = backend.ilike();
    if let Some(role) = f.role.as_deref().filter(|r| !r.is_empty()) {
        let p = sql.arg(like_contains(&role.to_lowercase()));
        sql.push(&format!(" AND u.roles LIKE {p} ESCAPE '\\'"));
    }
    if f.has_no_team {
        // Any membership not left counts, an archived team's too (as Mattermost's filter).
        sql.push(
            " AND NOT EXISTS (SELECT 1 FROM team_members tm WHERE tm.user_id = u.id \
             AND tm.delete_at = 0)",
        );
    } else if let Some(team) = f.team.as_deref().filter(|t| !t.is_empty()) {
        let p = sql.arg(team);
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM team_members tm WHERE tm.user_id = u.id \
             AND tm.team_id = {p} AND tm.delete_at = 0)"
        ));
    }
    match f.active {
        Some(true) => {
            sql.push(" AND u.delete_at = 0");
        }
        Some(false) => {
            sql.push(" AND u.delete_at > 0");
        }
        None => {}
    }
    if let Some(term) = f.search_term.as_deref() {
        for word in term.split_whitespace().take(MAX_SEARCH_WORDS) {
            let word = word.trim_start_matches('@').to_lowercase();
            let p = sql.arg(like_prefix(&word));
            let any: Vec<String> = [
                "u.username",
                "u.first_name",
                "u.last_name",
                "u.nickname",
                "u.email",
            ]
            .iter()
            .map(|c| format!("{c} {like} {p} ESCAPE '\\'"))
            .collect();
            sql.push(&format!(" AND ({})", any.join(" OR ")));
        }
    }
}

fn opt_int(r: &AnyRow, col: &str) -> StoreResult<Option<i64>> {
    match r.try_get::<Option<i64>, _>(col) {
        Ok(v) => Ok(v),
        Err(_) => r
            .try_get::<Option<i32>, _>(col)
            .map(|v| v.map(i64::from))
            .map_err(map_err),
    }
}

/// A page row before the users are read: id, last login, last status activity.
struct PageRow {
    id: String,
    last_login: i64,
    last_status_at: Option<i64>,
}

/// A user's posts in the report's range.
struct PostStats {
    last_post_date: Option<i64>,
    days_active: i64,
    total_posts: i64,
}

impl crate::SqlStore {
    async fn report_page(&self, q: &UserReportQuery) -> StoreResult<Vec<PageRow>> {
        let mut sql = Sql::new(
            "SELECT u.id, \
             (SELECT MAX(s.create_at) FROM sessions s WHERE s.user_id = u.id) AS last_login, \
             st.last_activity_at AS last_status_at \
             FROM users u LEFT JOIN status st ON st.user_id = u.id WHERE u.is_bot = FALSE",
        );
        push_filter(&mut sql, &q.filter, self.db().backend);
        let col = column(q.sort);
        // Walking forward in ascending order, or backward in descending order, reads upward.
        let upward = q.descending == q.previous;
        let (op, dir) = if upward { (">", "ASC") } else { ("<", "DESC") };
        if let Some(c) = &q.cursor {
            let v = match &c.value {
                CursorValue::Int(n) => sql.arg(*n),
                CursorValue::Text(t) => sql.arg(t),
            };
            let id = sql.arg(&c.id);
            // Ties on the sort column are broken by id in the same direction, so a page
            // boundary inside a run of equal values loses and repeats no row.
            sql.push(&format!(
                " AND ({col} {op} {v} OR ({col} = {v} AND u.id {op} {id}))"
            ));
        }
        let limit = sql.arg(q.limit);
        sql.push(&format!(" ORDER BY {col} {dir}, u.id {dir} LIMIT {limit}"));
        let mut rows = self
            .db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| {
                Ok(PageRow {
                    id: r.text("id")?,
                    last_login: r.int("last_login")?,
                    last_status_at: opt_int(r, "last_status_at")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        if q.previous {
            rows.reverse();
        }
        Ok(rows)
    }

    async fn post_stats(
        &self,
        ids: &[String],
        from: i64,
        until: i64,
    ) -> StoreResult<HashMap<String, PostStats>> {
        let mut sql = Sql::new(&format!(
            "SELECT p.user_id, MAX(p.create_at) AS last_post_date, \
             COUNT(DISTINCT p.create_at / {DAY_MS}) AS days_active, COUNT(*) AS total_posts \
             FROM posts p WHERE p.user_id IN "
        ));
        let list = sql.in_list(ids);
        sql.push(&list);
        if from > 0 {
            let p = sql.arg(from);
            sql.push(&format!(" AND p.create_at >= {p}"));
        }
        if until > 0 {
            let p = sql.arg(until);
            sql.push(&format!(" AND p.create_at < {p}"));
        }
        sql.push(" GROUP BY p.user_id");
        let mut out = HashMap::new();
        for r in self.db().fetch_all(sql).await? {
            out.insert(
                r.text("user_id")?,
                PostStats {
                    last_post_date: opt_int(&r, "last_post_date")?,
                    days_active: r.int("days_active")?,
                    total_posts: r.int("total_posts")?,
                },
            );
        }
        Ok(out)
    }

    async fn count(&self, sql: Sql) -> StoreResult<i64> {
        self.db().scalar(sql).await
    }
}

#[async_trait::async_trait]
impl ReportStore for crate::SqlStore {
    async fn get_user_report(&self, q: &UserReportQuery) -> StoreResult<Vec<UserReport>> {
        let page = self.report_page(q).await?;
        if page.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = page.iter().map(|r| r.id.clone()).collect();
        let mut users: HashMap<String, _> = self
            .get_users_by_ids(&ids)
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let mut stats = self.post_stats(&ids, q.posts_from, q.posts_until).await?;
        // A user removed between the statements is left out rather than failing the page.
        Ok(page
            .into_iter()
            .filter_map(|row| {
                let user = users.remove(&row.id)?;
                let s = stats.remove(&row.id);
                Some(UserReport {
                    user,
                    last_login: row.last_login,
                    last_status_at: row.last_status_at,
                    last_post_date: s.as_ref().and_then(|s| s.last_post_date),
                    days_active: Some(s.as_ref().map_or(0, |s| s.days_active)),
                    total_posts: s.map(|s| s.total_posts).filter(|n| *n > 0),
                })
            })
            .collect())
    }

    async fn count_user_report(&self, f: &UserReportFilter) -> StoreResult<i64> {
        let mut sql = Sql::new("SELECT COUNT(*) FROM users u WHERE u.is_bot = FALSE");
        push_filter(&mut sql, f, self.db().backend);
        self.count(sql).await
    }

    async fn count_users_filtered(&self, q: &UserCountQuery) -> StoreResult<i64> {
        let like = self.db().backend.ilike();
        let mut sql = Sql::new("SELECT COUNT(DISTINCT u.id) FROM users u");
        let team = q.team.as_deref().filter(|t| !t.is_empty());
        let channel = q
            .channel
            .as_deref()
            .filter(|c| !c.is_empty() && team.is_none());
        if let Some(team) = team {
            let p = sql.arg(team);
            sql.push(&format!(
                " JOIN team_members tm ON tm.user_id = u.id AND tm.team_id = {p} \
                 AND tm.delete_at = 0"
            ));
        } else if let Some(channel) = channel {
            let p = sql.arg(channel);
            sql.push(&format!(
                " JOIN channel_members cm ON cm.user_id = u.id AND cm.channel_id = {p}"
            ));
        }
        sql.push(" WHERE 1 = 1");
        if !q.include_deleted {
            sql.push(" AND u.delete_at = 0");
        }
        if !q.include_bots {
            sql.push(" AND u.is_bot = FALSE");
        }
        let mut any: Vec<String> = Vec::new();
        for role in &q.roles {
            match role.as_str() {
                // Only plain users: no admin or other system role beside it.
                "system_user" => {
                    let p = sql.arg(role);
                    any.push(format!("u.roles = {p}"));
                }
                "system_guest"
                | "system_admin"
                | "system_user_manager"
                | "system_read_only_admin"
                | "system_manager" => {
                    let p = sql.arg(like_contains(role));
                    any.push(format!("u.roles {like} {p} ESCAPE '\\'"));
                }
                _ => {}
            }
        }
        // Membership roles are read from the scheme flags; an admin of the system is neither a
        // team nor a channel admin or user here, as in Mattermost.
        let scopes = [
            (team.is_some(), "tm", "team_", &q.team_roles),
            (channel.is_some(), "cm", "channel_", &q.channel_roles),
        ];
        for (joined, a, prefix, roles) in scopes {
            if !joined {
                continue;
            }
            for role in roles.iter() {
                let clause = match role.strip_prefix(prefix) {
                    Some("admin") => {
                        let p = sql.arg(like_contains("system_admin"));
                        format!("({a}.scheme_admin = TRUE AND u.roles NOT {like} {p} ESCAPE '\\')")
                    }
                    Some("user") => {
                        let p = sql.arg(like_contains("system_admin"));
                        format!(
                            "({a}.scheme_user = TRUE AND {a}.scheme_admin = FALSE \
                             AND u.roles NOT {like} {p} ESCAPE '\\')"
                        )
                    }
                    Some("guest") => format!("{a}.scheme_guest = TRUE"),
                    _ => continue,
                };
                any.push(clause);
            }
        }
        if !any.is_empty() {
            sql.push(&format!(" AND ({})", any.join(" OR ")));
        }
        self.count(sql).await
    }

    async fn analytics_channel_counts(&self, team: Option<&str>) -> StoreResult<ChannelCounts> {
        let mut sql = Sql::new(
            "SELECT COUNT(CASE WHEN c.type = 'O' THEN 1 END) AS n_open, \
             COUNT(CASE WHEN c.type = 'P' THEN 1 END) AS n_private FROM channels c",
        );
        if let Some(team) = team {
            let p = sql.arg(team);
            sql.push(&format!(" WHERE c.team_id = {p}"));
        }
        let r = self.db().fetch_one(sql).await?;
        Ok(ChannelCounts {
            open: r.int("n_open")?,
            private: r.int("n_private")?,
        })
    }

    async fn analytics_post_count(&self, q: &PostCountQuery) -> StoreResult<i64> {
        let mut sql = Sql::new("SELECT COUNT(*) FROM posts p");
        if let Some(team) = &q.team {
            let p = sql.arg(team);
            sql.push(&format!(
                " JOIN channels c ON c.id = p.channel_id AND c.team_id = {p}"
            ));
        }
        sql.push(" WHERE 1 = 1");
        if q.with_files {
            sql.push(" AND p.file_ids <> '[]'");
        }
        if q.with_hashtags {
            sql.push(" AND p.hashtags <> ''");
        }
        self.count(sql).await
    }

    async fn analytics_team_count(&self) -> StoreResult<i64> {
        self.count(Sql::new("SELECT COUNT(*) FROM teams WHERE delete_at = 0"))
            .await
    }

    async fn analytics_inactive_user_count(&self) -> StoreResult<i64> {
        self.count(Sql::new("SELECT COUNT(*) FROM users WHERE delete_at > 0"))
            .await
    }

    async fn analytics_active_user_count(&self, since: i64) -> StoreResult<i64> {
        let sql = Sql::new(
            "SELECT COUNT(*) FROM status s JOIN users u ON u.id = s.user_id \
             WHERE s.last_activity_at > $1 AND u.delete_at = 0 AND u.is_bot = FALSE",
        )
        .bind(since);
        self.count(sql).await
    }

    async fn analytics_session_count(&self, now: i64) -> StoreResult<i64> {
        let sql = Sql::new("SELECT COUNT(*) FROM sessions WHERE expires_at > $1").bind(now);
        self.count(sql).await
    }

    async fn analytics_posts_by_day(&self, q: &PostsByDayQuery) -> StoreResult<Vec<DayCount>> {
        let what = if q.distinct_users {
            "COUNT(DISTINCT p.user_id)"
        } else {
            "COUNT(*)"
        };
        let mut sql = Sql::new(&format!(
            "SELECT p.create_at / {DAY_MS} AS day, {what} AS n FROM posts p"
        ));
        if let Some(team) = &q.team {
            let p = sql.arg(team);
            sql.push(&format!(
                " JOIN channels c ON c.id = p.channel_id AND c.team_id = {p}"
            ));
        }
        if q.bots_only {
            sql.push(" JOIN users u ON u.id = p.user_id AND u.is_bot = TRUE");
        }
        let (from, until, limit) = (sql.arg(q.from), sql.arg(q.until), sql.arg(q.limit));
        sql.push(&format!(
            " WHERE p.create_at >= {from} AND p.create_at <= {until} \
             GROUP BY p.create_at / {DAY_MS} ORDER BY day DESC LIMIT {limit}"
        ));
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| {
                Ok(DayCount {
                    day: r.int("day")?,
                    count: r.int("n")?,
                })
            })
            .collect()
    }

    fn connection_counts(&self) -> (i64, i64) {
        match &self.db().exec {
            Exec::Pool(p) => match self.db().backend {
                Backend::Sqlite => (i64::from(p.write.size()), i64::from(p.read.size())),
                // One pool serves reads and writes: like a Mattermost without read replicas.
                Backend::Postgres => (i64::from(p.write.size()), 0),
            },
            Exec::Tx(_) => (0, 0),
        }
    }
}
