use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use std::collections::HashMap;
use stoa_store::{
    StoreResult, ThreadMembership, ThreadRecord, ThreadStore, ThreadTotals, UserThread,
    UserThreadsQuery,
};

const SELECT_THREAD: &str = "SELECT t.post_id, t.channel_id, t.team_id, t.reply_count, t.last_reply_at, t.delete_at FROM threads t";
const MEMBERSHIP_COLUMNS: &str = "tm.post_id AS m_post_id, tm.user_id AS m_user_id, tm.following, tm.last_viewed, \
    tm.last_updated, tm.unread_mentions, tm.urgent_mentions";

/// Replies by others after the member's last view: the unread count of a followed thread.
const UNREAD_REPLIES: &str = "(SELECT COUNT(*) FROM posts r WHERE r.root_id = t.post_id AND r.delete_at = 0 \
    AND r.original_id = '' AND r.create_at > tm.last_viewed AND r.user_id <> tm.user_id)";

fn thread_from_row(r: &AnyRow) -> StoreResult<ThreadRecord> {
    Ok(ThreadRecord {
        post_id: r.text("post_id")?,
        channel_id: r.text("channel_id")?,
        team_id: r.text("team_id")?,
        reply_count: r.int("reply_count")?,
        last_reply_at: r.int("last_reply_at")?,
        delete_at: r.int("delete_at")?,
        participants: Vec::new(),
    })
}

fn membership_from_row(r: &AnyRow, prefixed: bool) -> StoreResult<ThreadMembership> {
    let (post, user) = if prefixed {
        ("m_post_id", "m_user_id")
    } else {
        ("post_id", "user_id")
    };
    Ok(ThreadMembership {
        post_id: r.text(post)?,
        user_id: r.text(user)?,
        following: r.boolean("following")?,
        last_viewed: r.int("last_viewed")?,
        last_updated: r.int("last_updated")?,
        unread_mentions: r.int("unread_mentions")?,
        urgent_mentions: r.int("urgent_mentions")?,
    })
}

impl crate::SqlStore {
    /// Fills `participants` of the given threads, oldest participation first.
    async fn with_participants(
        &self,
        mut threads: Vec<ThreadRecord>,
    ) -> StoreResult<Vec<ThreadRecord>> {
        if threads.is_empty() {
            return Ok(threads);
        }
        let ids: Vec<String> = threads.iter().map(|t| t.post_id.clone()).collect();
        let mut sql =
            Sql::new("SELECT post_id, user_id FROM thread_participants WHERE post_id IN ");
        let list = sql.in_list(&ids);
        sql.push(&list);
        sql.push(" ORDER BY last_at ASC, user_id ASC");
        let mut by_thread: HashMap<String, Vec<String>> = HashMap::new();
        for r in self.db().fetch_all(sql).await? {
            by_thread
                .entry(r.text("post_id")?)
                .or_default()
                .push(r.text("user_id")?);
        }
        for t in &mut threads {
            t.participants = by_thread.remove(&t.post_id).unwrap_or_default();
        }
        Ok(threads)
    }

    async fn user_threads(&self, sql: Sql) -> StoreResult<Vec<UserThread>> {
        let rows = self.db().fetch_all(sql).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(UserThread {
                thread: thread_from_row(r)?,
                membership: membership_from_row(r, true)?,
                unread_replies: r.int("unread_replies")?,
            });
        }
        let threads = self
            .with_participants(out.iter().map(|u| u.thread.clone()).collect())
            .await?;
        for (u, t) in out.iter_mut().zip(threads) {
            u.thread = t;
        }
        Ok(out)
    }
}

/// `(c.team_id = $n OR c.type IN ('D', 'G'))` for a team's threads.
fn team_filter(sql: &mut Sql, team_id: &str) {
    let p = sql.arg(team_id);
    sql.push(&format!(" AND (c.team_id = {p} OR c.type IN ('D', 'G'))"));
}

#[async_trait::async_trait]
impl ThreadStore for crate::SqlStore {
    async fn record_reply(
        &self,
        root_id: &str,
        channel_id: &str,
        team_id: &str,
        user_id: &str,
        at: i64,
    ) -> StoreResult<()> {
        let thread = Sql::new(
            "INSERT INTO threads (post_id, channel_id, team_id, reply_count, last_reply_at) VALUES ($1, $2, $3, 1, $4) \
             ON CONFLICT (post_id) DO UPDATE SET reply_count = threads.reply_count + 1, \
             last_reply_at = CASE WHEN excluded.last_reply_at > threads.last_reply_at THEN excluded.last_reply_at ELSE threads.last_reply_at END",
        )
        .bind(root_id)
        .bind(channel_id)
        .bind(team_id)
        .bind(at);
        self.db().execute(thread).await?;
        let participant = Sql::new(
            "INSERT INTO thread_participants (post_id, user_id, last_at) VALUES ($1, $2, $3) \
             ON CONFLICT (post_id, user_id) DO UPDATE SET last_at = excluded.last_at",
        )
        .bind(root_id)
        .bind(user_id)
        .bind(at);
        self.db().execute(participant).await.map(|_| ())
    }

    async fn forget_reply(&self, root_id: &str) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE threads SET reply_count = CASE WHEN reply_count > 0 THEN reply_count - 1 ELSE 0 END, \
             last_reply_at = COALESCE((SELECT MAX(create_at) FROM posts WHERE root_id = $1 AND delete_at = 0 AND original_id = ''), 0) \
             WHERE post_id = $1",
        )
        .bind(root_id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn delete_thread(&self, root_id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new("UPDATE threads SET delete_at = $2 WHERE post_id = $1")
            .bind(root_id)
            .bind(at);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_thread(&self, root_id: &str) -> StoreResult<ThreadRecord> {
        let row = self
            .db()
            .fetch_one(Sql::new(&format!("{SELECT_THREAD} WHERE t.post_id = $1")).bind(root_id))
            .await?;
        let mut v = self.with_participants(vec![thread_from_row(&row)?]).await?;
        v.pop().ok_or(stoa_store::StoreError::NotFound)
    }

    async fn get_threads(&self, root_ids: &[String]) -> StoreResult<Vec<ThreadRecord>> {
        if root_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("{SELECT_THREAD} WHERE t.post_id IN "));
        let list = sql.in_list(root_ids);
        sql.push(&list);
        let threads: Vec<ThreadRecord> = self
            .db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(thread_from_row)
            .collect::<StoreResult<_>>()?;
        self.with_participants(threads).await
    }

    async fn get_thread_membership(
        &self,
        root_id: &str,
        user_id: &str,
    ) -> StoreResult<ThreadMembership> {
        let sql = Sql::new(
            "SELECT post_id, user_id, following, last_viewed, last_updated, unread_mentions, urgent_mentions \
             FROM thread_memberships WHERE post_id = $1 AND user_id = $2",
        )
        .bind(root_id)
        .bind(user_id);
        membership_from_row(&self.db().fetch_one(sql).await?, false)
    }

    async fn get_thread_memberships(&self, root_id: &str) -> StoreResult<Vec<ThreadMembership>> {
        let sql = Sql::new(
            "SELECT post_id, user_id, following, last_viewed, last_updated, unread_mentions, urgent_mentions \
             FROM thread_memberships WHERE post_id = $1 ORDER BY user_id",
        )
        .bind(root_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| membership_from_row(r, false))
            .collect()
    }

    async fn get_following(
        &self,
        root_ids: &[String],
        user_id: &str,
    ) -> StoreResult<Vec<(String, bool)>> {
        if root_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "SELECT post_id, following FROM thread_memberships WHERE user_id = $1 AND post_id IN ",
        )
        .bind(user_id);
        let list = sql.in_list(root_ids);
        sql.push(&list);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| Ok((r.text("post_id")?, r.boolean("following")?)))
            .collect()
    }

    async fn save_thread_membership(&self, m: &ThreadMembership) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions, urgent_mentions) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (post_id, user_id) DO UPDATE SET \
             following = excluded.following, last_viewed = excluded.last_viewed, last_updated = excluded.last_updated, \
             unread_mentions = excluded.unread_mentions, urgent_mentions = excluded.urgent_mentions",
        )
        .bind(&m.post_id)
        .bind(&m.user_id)
        .bind(m.following)
        .bind(m.last_viewed)
        .bind(m.last_updated)
        .bind(m.unread_mentions)
        .bind(m.urgent_mentions);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn follow_if_new(&self, root_id: &str, user_ids: &[String], at: i64) -> StoreResult<()> {
        for user in user_ids {
            let sql = Sql::new(
                "INSERT INTO thread_memberships (post_id, user_id, following, last_viewed, last_updated) \
                 VALUES ($1, $2, TRUE, 0, $3) ON CONFLICT (post_id, user_id) DO NOTHING",
            )
            .bind(root_id)
            .bind(user)
            .bind(at);
            self.db().execute(sql).await?;
        }
        Ok(())
    }

    async fn increment_thread_mentions(
        &self,
        root_id: &str,
        user_ids: &[String],
        urgent: bool,
        at: i64,
    ) -> StoreResult<()> {
        if user_ids.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new(
            "UPDATE thread_memberships SET unread_mentions = unread_mentions + 1, \
             urgent_mentions = urgent_mentions + $2, last_updated = $3 WHERE post_id = $1 AND following = TRUE AND user_id IN ",
        )
        .bind(root_id)
        .bind(i64::from(urgent))
        .bind(at);
        let list = sql.in_list(user_ids);
        sql.push(&list);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn touch_thread_memberships(&self, root_id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new("UPDATE thread_memberships SET last_updated = $2 WHERE post_id = $1 AND following = TRUE")
            .bind(root_id)
            .bind(at);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_user_threads(&self, q: &UserThreadsQuery) -> StoreResult<Vec<UserThread>> {
        let mut sql = Sql::new(&format!(
            "SELECT t.post_id, t.channel_id, t.team_id, t.reply_count, t.last_reply_at, t.delete_at, {MEMBERSHIP_COLUMNS}, \
             {UNREAD_REPLIES} AS unread_replies FROM thread_memberships tm \
             JOIN threads t ON t.post_id = tm.post_id JOIN channels c ON c.id = t.channel_id \
             JOIN channel_members cm ON cm.channel_id = c.id AND cm.user_id = tm.user_id \
             WHERE tm.user_id = "
        ));
        let u = sql.arg(&q.user_id);
        sql.push(&u);
        sql.push(" AND tm.following = TRUE AND c.delete_at = 0");
        team_filter(&mut sql, &q.team_id);
        if !q.include_deleted {
            sql.push(" AND t.delete_at = 0");
        }
        if q.since > 0 {
            let s = sql.arg(q.since);
            sql.push(&format!(" AND tm.last_updated > {s}"));
        }
        if q.unread_only {
            sql.push(&format!(
                " AND ({UNREAD_REPLIES} > 0 OR tm.unread_mentions > 0)"
            ));
        }
        if let Some(before) = q.before {
            let b = sql.arg(before);
            sql.push(&format!(" AND t.last_reply_at < {b}"));
        }
        if let Some(after) = q.after {
            let a = sql.arg(after);
            sql.push(&format!(" AND t.last_reply_at > {a}"));
        }
        let l = sql.arg(q.limit);
        sql.push(&format!(
            " ORDER BY t.last_reply_at DESC, t.post_id DESC LIMIT {l}"
        ));
        self.user_threads(sql).await
    }

    async fn get_user_thread(&self, user_id: &str, root_id: &str) -> StoreResult<UserThread> {
        let sql = Sql::new(&format!(
            "SELECT t.post_id, t.channel_id, t.team_id, t.reply_count, t.last_reply_at, t.delete_at, {MEMBERSHIP_COLUMNS}, \
             {UNREAD_REPLIES} AS unread_replies FROM thread_memberships tm JOIN threads t ON t.post_id = tm.post_id \
             WHERE tm.user_id = $1 AND tm.post_id = $2"
        ))
        .bind(user_id)
        .bind(root_id);
        self.user_threads(sql)
            .await?
            .pop()
            .ok_or(stoa_store::StoreError::NotFound)
    }

    async fn count_user_threads(&self, user_id: &str, team_id: &str) -> StoreResult<ThreadTotals> {
        let mut sql = Sql::new(&format!(
            "SELECT COUNT(*) AS total, \
             CAST(COALESCE(SUM(CASE WHEN {UNREAD_REPLIES} > 0 OR tm.unread_mentions > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS unread_threads, \
             CAST(COALESCE(SUM(tm.unread_mentions), 0) AS BIGINT) AS unread_mentions, \
             CAST(COALESCE(SUM(tm.urgent_mentions), 0) AS BIGINT) AS urgent \
             FROM thread_memberships tm JOIN threads t ON t.post_id = tm.post_id JOIN channels c ON c.id = t.channel_id \
             JOIN channel_members cm ON cm.channel_id = c.id AND cm.user_id = tm.user_id \
             WHERE tm.user_id = $1 AND tm.following = TRUE AND t.delete_at = 0 AND c.delete_at = 0"
        ))
        .bind(user_id);
        team_filter(&mut sql, team_id);
        let r = self.db().fetch_one(sql).await?;
        Ok(ThreadTotals {
            total: r.int("total")?,
            unread_threads: r.int("unread_threads")?,
            unread_mentions: r.int("unread_mentions")?,
            unread_urgent_mentions: r.int("urgent")?,
        })
    }

    async fn unread_replies_by_follower(&self, root_id: &str) -> StoreResult<Vec<(String, i64)>> {
        let sql = Sql::new(&format!(
            "SELECT tm.user_id, {UNREAD_REPLIES} AS unread_replies FROM thread_memberships tm \
             JOIN threads t ON t.post_id = tm.post_id WHERE tm.post_id = $1 AND tm.following = TRUE"
        ))
        .bind(root_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| Ok((r.text("user_id")?, r.int("unread_replies")?)))
            .collect()
    }
}
