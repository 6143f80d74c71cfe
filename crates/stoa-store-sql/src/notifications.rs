use crate::db::{RowExt, Sql};
use stoa_model::session::Session;
use stoa_store::{NotificationStore, StoreResult};

/// Users per statement when reading facts for many recipients (bounded bind lists).
const CHUNK: usize = 500;

#[async_trait::async_trait]
impl NotificationStore for crate::SqlStore {
    async fn insert_notification_job(&self, post_id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO notification_jobs (post_id, create_at, claimed_at, attempts) \
             VALUES ($1, $2, 0, 0)",
        )
        .bind(post_id)
        .bind(at);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn claim_notification_jobs(
        &self,
        now: i64,
        stale_before: i64,
        limit: i64,
    ) -> StoreResult<Vec<String>> {
        // The outer `claimed_at <= $2` is checked again on the row being updated, so of two
        // nodes racing for a job only the first claims it.
        let sql = Sql::new(
            "UPDATE notification_jobs SET claimed_at = $1, attempts = attempts + 1 \
             WHERE claimed_at <= $2 AND post_id IN (SELECT post_id FROM notification_jobs \
             WHERE claimed_at <= $2 ORDER BY create_at LIMIT $3) RETURNING post_id",
        )
        .bind(now)
        .bind(stale_before)
        .bind(limit);
        let rows = self.db().fetch_all(sql).await?;
        rows.iter().map(|r| r.text("post_id")).collect()
    }

    async fn delete_notification_job(&self, post_id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM notification_jobs WHERE post_id = $1").bind(post_id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn notification_attempts(&self, post_id: &str) -> StoreResult<i64> {
        let sql =
            Sql::new("SELECT attempts FROM notification_jobs WHERE post_id = $1").bind(post_id);
        match self.db().fetch_optional(sql).await? {
            Some(r) => r.int("attempts"),
            None => Ok(0),
        }
    }

    async fn count_notification_jobs(&self) -> StoreResult<i64> {
        let sql = Sql::new("SELECT COUNT(*) AS n FROM notification_jobs");
        self.db().fetch_one(sql).await?.int("n")
    }

    async fn device_sessions(&self, user_ids: &[String], now: i64) -> StoreResult<Vec<Session>> {
        let mut out = Vec::new();
        for chunk in user_ids.chunks(CHUNK) {
            let mut sql = Sql::new(&format!(
                "{} WHERE device_id <> '' AND (expires_at = 0 OR expires_at > $1) AND user_id IN ",
                crate::sessions::SELECT
            ))
            .bind(now);
            let list = sql.in_list(chunk);
            sql.push(&list);
            for r in self.db().fetch_all(sql).await? {
                out.push(crate::sessions::from_row(&r)?);
            }
        }
        Ok(out)
    }

    async fn session_for_device(
        &self,
        user_id: &str,
        device_id: &str,
    ) -> StoreResult<Option<Session>> {
        let sql = Sql::new(&format!(
            "{} WHERE user_id = $1 AND device_id = $2 ORDER BY last_activity_at DESC LIMIT 1",
            crate::sessions::SELECT
        ))
        .bind(user_id)
        .bind(device_id);
        match self.db().fetch_optional(sql).await? {
            Some(r) => Ok(Some(crate::sessions::from_row(&r)?)),
            None => Ok(None),
        }
    }

    async fn badge_counts(
        &self,
        user_ids: &[String],
        collapsed: &[String],
    ) -> StoreResult<Vec<(String, i64)>> {
        let mut totals: std::collections::HashMap<String, i64> = Default::default();
        for chunk in user_ids.chunks(CHUNK) {
            let crt: Vec<String> = chunk
                .iter()
                .filter(|u| collapsed.contains(u))
                .cloned()
                .collect();
            let mut sql = Sql::new("");
            let crt_list = sql.in_list(&crt);
            let users = sql.in_list(chunk);
            sql.push(&format!(
                "SELECT cm.user_id AS user_id, CAST(SUM(CASE \
                 WHEN c.type = 'D' AND cm.user_id IN {crt_list} \
                   THEN c.total_msg_count_root - cm.msg_count_root \
                 WHEN c.type = 'D' THEN c.total_msg_count - cm.msg_count \
                 WHEN cm.user_id IN {crt_list} THEN cm.mention_count_root \
                 ELSE cm.mention_count END) AS BIGINT) AS n \
                 FROM channel_members cm JOIN channels c ON c.id = cm.channel_id \
                 WHERE c.delete_at = 0 AND cm.user_id IN {users} GROUP BY cm.user_id"
            ));
            for r in self.db().fetch_all(sql).await? {
                *totals.entry(r.text("user_id")?).or_default() += r.int("n")?;
            }
            if crt.is_empty() {
                continue;
            }
            let mut sql = Sql::new("");
            let following = sql.arg(true);
            let list = sql.in_list(&crt);
            sql.push(&format!(
                "SELECT tm.user_id AS user_id, CAST(SUM(tm.unread_mentions) AS BIGINT) AS n \
                 FROM thread_memberships tm JOIN threads t ON t.post_id = tm.post_id \
                 WHERE t.delete_at = 0 AND tm.following = {following} AND tm.user_id IN {list} \
                 GROUP BY tm.user_id"
            ));
            for r in self.db().fetch_all(sql).await? {
                *totals.entry(r.text("user_id")?).or_default() += r.int("n")?;
            }
        }
        Ok(totals.into_iter().collect())
    }

    async fn thread_followers(&self, root_id: &str) -> StoreResult<Vec<String>> {
        let sql = Sql::new(
            "SELECT user_id FROM thread_memberships WHERE post_id = $1 AND following = $2",
        )
        .bind(root_id)
        .bind(true);
        let rows = self.db().fetch_all(sql).await?;
        rows.iter().map(|r| r.text("user_id")).collect()
    }

    async fn thread_repliers(&self, root_id: &str) -> StoreResult<Vec<String>> {
        let sql =
            Sql::new("SELECT user_id FROM thread_participants WHERE post_id = $1").bind(root_id);
        let rows = self.db().fetch_all(sql).await?;
        rows.iter().map(|r| r.text("user_id")).collect()
    }

    async fn preference_values(
        &self,
        user_ids: &[String],
        category: &str,
        name: &str,
    ) -> StoreResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        for chunk in user_ids.chunks(CHUNK) {
            let mut sql = Sql::new(
                "SELECT user_id, value FROM preferences WHERE category = $1 AND name = $2 \
                 AND user_id IN ",
            )
            .bind(category)
            .bind(name);
            let list = sql.in_list(chunk);
            sql.push(&list);
            for r in self.db().fetch_all(sql).await? {
                out.push((r.text("user_id")?, r.text("value")?));
            }
        }
        Ok(out)
    }
}
