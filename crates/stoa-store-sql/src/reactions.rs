use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::reaction::Reaction;
use stoa_store::{ReactionStore, StoreResult};

const SELECT: &str = "SELECT post_id, user_id, emoji_name, channel_id, create_at, update_at, delete_at, remote_id FROM reactions";

fn from_row(r: &AnyRow) -> StoreResult<Reaction> {
    Ok(Reaction {
        user_id: r.text("user_id")?,
        post_id: r.text("post_id")?,
        emoji_name: r.text("emoji_name")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        remote_id: r.opt_text("remote_id")?,
        channel_id: r.text("channel_id")?,
    })
}

#[async_trait::async_trait]
impl ReactionStore for crate::SqlStore {
    async fn save_reaction(&self, r: &Reaction) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO reactions (post_id, user_id, emoji_name, channel_id, create_at, update_at, delete_at, remote_id) \
             VALUES ($1, $2, $3, $4, $5, $5, 0, $6) ON CONFLICT (post_id, user_id, emoji_name) DO UPDATE SET \
             delete_at = 0, update_at = excluded.update_at, \
             create_at = CASE WHEN reactions.delete_at = 0 THEN reactions.create_at ELSE excluded.create_at END",
        )
        .bind(&r.post_id)
        .bind(&r.user_id)
        .bind(&r.emoji_name)
        .bind(&r.channel_id)
        .bind(r.create_at)
        .bind(&r.remote_id);
        self.db().execute(sql).await?;
        let flag = Sql::new("UPDATE posts SET has_reactions = TRUE, update_at = $2 WHERE id = $1")
            .bind(&r.post_id)
            .bind(r.update_at);
        self.db().execute(flag).await.map(|_| ())
    }

    async fn get_reactions(&self, post_id: &str) -> StoreResult<Vec<Reaction>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE post_id = $1 AND delete_at = 0 ORDER BY create_at, user_id, emoji_name"
        ))
        .bind(post_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn get_reactions_for_posts(&self, post_ids: &[String]) -> StoreResult<Vec<Reaction>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("{SELECT} WHERE delete_at = 0 AND post_id IN "));
        let list = sql.in_list(post_ids);
        sql.push(&list);
        sql.push(" ORDER BY create_at, user_id, emoji_name");
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn delete_reaction(
        &self,
        post_id: &str,
        user_id: &str,
        emoji_name: &str,
        at: i64,
    ) -> StoreResult<bool> {
        let sql = Sql::new(
            "UPDATE reactions SET delete_at = $4, update_at = $4 \
             WHERE post_id = $1 AND user_id = $2 AND emoji_name = $3 AND delete_at = 0",
        )
        .bind(post_id)
        .bind(user_id)
        .bind(emoji_name)
        .bind(at);
        let removed = self.db().execute(sql).await? > 0;
        if removed {
            let flag = Sql::new(
                "UPDATE posts SET update_at = $2, has_reactions = \
                 (EXISTS (SELECT 1 FROM reactions WHERE post_id = $1 AND delete_at = 0)) WHERE id = $1",
            )
            .bind(post_id)
            .bind(at);
            self.db().execute(flag).await?;
        }
        Ok(removed)
    }

    async fn delete_reactions_by_emoji_name(&self, emoji_name: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE reactions SET delete_at = $2, update_at = $2 WHERE emoji_name = $1 AND delete_at = 0 \
             RETURNING post_id",
        )
        .bind(emoji_name)
        .bind(at);
        let posts: Vec<String> = self
            .db()
            .write_returning(sql)
            .await?
            .iter()
            .map(|r| r.text("post_id"))
            .collect::<StoreResult<_>>()?;
        for post_id in posts {
            let flag = Sql::new(
                "UPDATE posts SET update_at = $2, has_reactions = \
                 (EXISTS (SELECT 1 FROM reactions WHERE post_id = $1 AND delete_at = 0)) WHERE id = $1",
            )
            .bind(&post_id)
            .bind(at);
            self.db().execute(flag).await?;
        }
        Ok(())
    }
}
