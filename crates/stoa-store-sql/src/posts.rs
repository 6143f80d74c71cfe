use crate::db::{RowExt, Sql};
use crate::search;
use sqlx::any::AnyRow;
use stoa_model::post::Post;
use stoa_store::{
    ChannelPostsQuery, PostCounts, PostStore, PostWindow, StoreError, StoreResult, ThreadPostsQuery,
};

/// The columns of a post with its thread's counters (a reply shows its root's): `p` is the
/// post, `t` the thread joined by [`THREAD_JOIN`].
macro_rules! columns {
    () => {
        "SELECT p.id, p.create_at, p.update_at, p.edit_at, p.delete_at, p.is_pinned, \
         p.user_id, p.channel_id, p.root_id, p.original_id, p.message, p.type, p.props, p.hashtags, \
         p.file_ids, p.has_reactions, p.remote_id, COALESCE(t.reply_count, 0) AS reply_count, \
         COALESCE(t.last_reply_at, 0) AS last_reply_at"
    };
}
macro_rules! thread_join {
    () => {
        " LEFT JOIN threads t ON t.post_id = (CASE WHEN p.root_id = '' THEN p.id ELSE p.root_id END)"
    };
}
pub(crate) const COLUMNS: &str = columns!();
pub(crate) const THREAD_JOIN: &str = thread_join!();
/// Posts with their thread's counters.
pub(crate) const SELECT: &str = concat!(columns!(), " FROM posts p", thread_join!());

fn from_row(r: &AnyRow) -> StoreResult<Post> {
    let props = match r.json("props")? {
        Some(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let file_ids: Vec<String> = serde_json::from_str(&r.text("file_ids")?).unwrap_or_default();
    Ok(Post {
        id: r.text("id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        edit_at: r.int("edit_at")?,
        delete_at: r.int("delete_at")?,
        is_pinned: r.boolean("is_pinned")?,
        user_id: r.text("user_id")?,
        channel_id: r.text("channel_id")?,
        root_id: r.text("root_id")?,
        original_id: r.text("original_id")?,
        message: r.text("message")?,
        post_type: r.text("type")?,
        props,
        hashtags: r.text("hashtags")?,
        file_ids,
        has_reactions: r.boolean("has_reactions")?,
        remote_id: r.opt_text("remote_id")?,
        reply_count: r.int("reply_count")?,
        last_reply_at: r.int("last_reply_at")?,
        ..Default::default()
    })
}

pub(crate) fn all(rows: Vec<AnyRow>) -> StoreResult<Vec<Post>> {
    rows.iter().map(from_row).collect()
}

fn json_text(v: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(Box::new(e)))
}

#[async_trait::async_trait]
impl PostStore for crate::SqlStore {
    async fn insert_post(&self, p: &Post) -> StoreResult<()> {
        let mut sql = Sql::new("")
            .bind(&p.id)
            .bind(p.create_at)
            .bind(p.update_at)
            .bind(p.edit_at)
            .bind(p.delete_at)
            .bind(p.is_pinned)
            .bind(&p.user_id)
            .bind(&p.channel_id)
            .bind(&p.root_id)
            .bind(&p.original_id)
            .bind(&p.message)
            .bind(&p.post_type)
            .bind(json_text(&p.props)?)
            .bind(&p.hashtags)
            .bind(json_text(&p.file_ids)?)
            .bind(p.has_reactions)
            .bind(&p.remote_id);
        // The search terms go in the same statement: a post is never stored unsearchable.
        let index = search::post_index_columns(self.db().backend, p, &mut sql);
        sql.push(&format!(
            "INSERT INTO posts (id, create_at, update_at, edit_at, delete_at, is_pinned, user_id, \
             channel_id, root_id, original_id, message, type, props, hashtags, file_ids, \
             has_reactions, remote_id{}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
             $13, $14, $15, $16, $17{})",
            index.insert_columns, index.insert_values
        ));
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_post(&self, id: &str) -> StoreResult<Post> {
        from_row(
            &self
                .db()
                .fetch_one(Sql::new(&format!("{SELECT} WHERE p.id = $1")).bind(id))
                .await?,
        )
    }

    async fn get_posts_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Post>> {
        let mut sql = Sql::new(&format!("{SELECT} WHERE p.id IN "));
        let list = sql.in_list(ids);
        sql.push(&list);
        sql.push(" ORDER BY p.create_at DESC");
        all(self.db().fetch_all(sql).await?)
    }

    async fn get_channel_posts(&self, q: &ChannelPostsQuery) -> StoreResult<Vec<Post>> {
        let mut sql = Sql::new(SELECT);
        let ch = sql.arg(&q.channel_id);
        sql.push(&format!(
            " WHERE p.channel_id = {ch} AND p.original_id = ''"
        ));
        if q.roots_only {
            sql.push(" AND p.root_id = ''");
        }
        let deleted_ok = q.include_deleted || matches!(q.window, PostWindow::Since { .. });
        if !deleted_ok {
            sql.push(" AND p.delete_at = 0");
        }
        match &q.window {
            PostWindow::Page { offset, limit } => {
                let (l, o) = (sql.arg(*limit), sql.arg(*offset));
                sql.push(&format!(
                    " ORDER BY p.create_at DESC, p.id DESC LIMIT {l} OFFSET {o}"
                ));
            }
            PostWindow::Before {
                create_at,
                offset,
                limit,
            } => {
                let c = sql.arg(*create_at);
                let (l, o) = (sql.arg(*limit), sql.arg(*offset));
                sql.push(&format!(" AND p.create_at < {c} ORDER BY p.create_at DESC, p.id DESC LIMIT {l} OFFSET {o}"));
            }
            PostWindow::After {
                create_at,
                offset,
                limit,
            } => {
                let c = sql.arg(*create_at);
                let (l, o) = (sql.arg(*limit), sql.arg(*offset));
                sql.push(&format!(
                    " AND p.create_at > {c} ORDER BY p.create_at ASC, p.id ASC LIMIT {l} OFFSET {o}"
                ));
            }
            PostWindow::Since { update_at, limit } => {
                let u = sql.arg(*update_at);
                let l = sql.arg(*limit);
                sql.push(&format!(
                    " AND p.update_at > {u} ORDER BY p.create_at DESC, p.id DESC LIMIT {l}"
                ));
            }
        }
        all(self.db().fetch_all(sql).await?)
    }

    async fn get_thread_posts(&self, q: &ThreadPostsQuery) -> StoreResult<Vec<Post>> {
        let mut sql = Sql::new(SELECT);
        let r = sql.arg(&q.root_id);
        sql.push(&format!(
            " WHERE (p.id = {r} OR p.root_id = {r}) AND p.original_id = ''"
        ));
        if !q.include_deleted {
            sql.push(" AND p.delete_at = 0");
        }
        let (op, dir) = if q.newest_first {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        match &q.from {
            Some((at, Some(id))) => {
                let (c, i) = (sql.arg(*at), sql.arg(id));
                sql.push(&format!(
                    " AND (p.create_at {op} {c} OR (p.create_at = {c} AND p.id {op} {i}))"
                ));
            }
            Some((at, None)) => {
                let c = sql.arg(*at);
                sql.push(&format!(" AND p.create_at {op} {c}"));
            }
            None => {}
        }
        sql.push(&format!(" ORDER BY p.create_at {dir}, p.id {dir}"));
        if q.limit > 0 {
            let l = sql.arg(q.limit);
            sql.push(&format!(" LIMIT {l}"));
        }
        all(self.db().fetch_all(sql).await?)
    }

    async fn get_adjacent_post_id(
        &self,
        channel_id: &str,
        create_at: i64,
        older: bool,
        roots_only: bool,
    ) -> StoreResult<Option<String>> {
        let (op, dir) = if older { ("<", "DESC") } else { (">", "ASC") };
        let roots = if roots_only { " AND root_id = ''" } else { "" };
        let sql = Sql::new(&format!(
            "SELECT id FROM posts WHERE channel_id = $1 AND create_at {op} $2 AND delete_at = 0 \
             AND original_id = ''{roots} ORDER BY create_at {dir}, id {dir} LIMIT 1"
        ))
        .bind(channel_id)
        .bind(create_at);
        self.db()
            .fetch_optional(sql)
            .await?
            .map(|r| r.text("id"))
            .transpose()
    }

    async fn get_pinned_posts(&self, channel_id: &str) -> StoreResult<Vec<Post>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE p.channel_id = $1 AND p.is_pinned = TRUE AND p.delete_at = 0 \
             AND p.original_id = '' ORDER BY p.create_at DESC, p.id DESC"
        ))
        .bind(channel_id);
        all(self.db().fetch_all(sql).await?)
    }

    async fn count_pinned_posts(&self, channel_id: &str) -> StoreResult<i64> {
        let sql = Sql::new(
            "SELECT COUNT(*) FROM posts WHERE channel_id = $1 AND is_pinned = TRUE \
             AND delete_at = 0 AND original_id = ''",
        )
        .bind(channel_id);
        self.db().scalar(sql).await
    }

    async fn get_edit_history(&self, post_id: &str) -> StoreResult<Vec<Post>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE p.original_id = $1 ORDER BY p.edit_at DESC, p.create_at DESC"
        ))
        .bind(post_id);
        all(self.db().fetch_all(sql).await?)
    }

    async fn count_posts_from(&self, channel_id: &str, create_at: i64) -> StoreResult<PostCounts> {
        let sql = Sql::new(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CASE WHEN root_id = '' THEN 1 ELSE 0 END), 0) AS BIGINT) AS roots \
             FROM posts WHERE channel_id = $1 AND create_at >= $2 AND delete_at = 0 AND original_id = ''",
        )
        .bind(channel_id)
        .bind(create_at);
        let row = self.db().fetch_one(sql).await?;
        Ok(PostCounts {
            all: row.int("n")?,
            roots: row.int("roots")?,
        })
    }

    async fn get_posts_from(
        &self,
        channel_id: &str,
        create_at: i64,
        limit: i64,
    ) -> StoreResult<Vec<Post>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE p.channel_id = $1 AND p.create_at >= $2 AND p.delete_at = 0 AND p.original_id = '' \
             ORDER BY p.create_at ASC LIMIT $3"
        ))
        .bind(channel_id)
        .bind(create_at)
        .bind(limit);
        all(self.db().fetch_all(sql).await?)
    }

    async fn update_post(&self, p: &Post) -> StoreResult<()> {
        let mut sql = Sql::new("")
            .bind(&p.id)
            .bind(p.update_at)
            .bind(p.edit_at)
            .bind(p.is_pinned)
            .bind(&p.message)
            .bind(json_text(&p.props)?)
            .bind(&p.hashtags)
            .bind(json_text(&p.file_ids)?)
            .bind(p.has_reactions);
        let index = search::post_index_columns(self.db().backend, p, &mut sql);
        sql.push(&format!(
            "UPDATE posts SET update_at = $2, edit_at = $3, is_pinned = $4, message = $5, props = $6, \
             hashtags = $7, file_ids = $8, has_reactions = $9, {} WHERE id = $1",
            index.assignments
        ));
        self.db().execute_one(sql).await
    }

    async fn delete_post(&self, id: &str, at: i64) -> StoreResult<Vec<String>> {
        let sql = Sql::new(
            "UPDATE posts SET delete_at = $2, update_at = $2 WHERE (id = $1 OR root_id = $1) AND delete_at = 0 \
             AND original_id = '' RETURNING id",
        )
        .bind(id)
        .bind(at);
        self.db()
            .write_returning(sql)
            .await?
            .iter()
            .map(|r| r.text("id"))
            .collect()
    }
}
