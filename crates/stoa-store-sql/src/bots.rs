use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::bot::Bot;
use stoa_model::user::User;
use stoa_store::{BotListQuery, BotStore, StoreResult, UserStore};

/// The bot record with what its user row holds: username, display name, description.
const SELECT: &str = "SELECT b.user_id, u.username, u.first_name, u.bot_description, b.owner_id, \
    b.last_icon_update, b.create_at, b.update_at, b.delete_at \
    FROM bots b JOIN users u ON u.id = b.user_id";

fn from_row(r: &AnyRow) -> StoreResult<Bot> {
    Ok(Bot {
        user_id: r.text("user_id")?,
        username: r.text("username")?,
        display_name: r.text("first_name")?,
        description: r.text("bot_description")?,
        owner_id: r.text("owner_id")?,
        last_icon_update: r.int("last_icon_update")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
    })
}

fn insert_record(b: &Bot) -> Sql {
    Sql::new(
        "INSERT INTO bots (user_id, owner_id, last_icon_update, create_at, update_at, delete_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&b.user_id)
    .bind(&b.owner_id)
    .bind(b.last_icon_update)
    .bind(b.create_at)
    .bind(b.update_at)
    .bind(b.delete_at)
}

#[async_trait::async_trait]
impl BotStore for crate::SqlStore {
    async fn insert_bot(&self, user: &User, bot: &Bot) -> StoreResult<()> {
        self.insert_user(user, "").await?;
        self.db().execute(insert_record(bot)).await.map(|_| ())
    }

    async fn insert_bot_for_user(&self, bot: &Bot) -> StoreResult<()> {
        self.db().execute(insert_record(bot)).await?;
        let sql = Sql::new(
            "UPDATE users SET is_bot = TRUE, bot_description = $2, update_at = $3 WHERE id = $1",
        )
        .bind(&bot.user_id)
        .bind(&bot.description)
        .bind(bot.update_at);
        self.db().execute_one(sql).await
    }

    async fn get_bot(&self, user_id: &str, include_deleted: bool) -> StoreResult<Bot> {
        let live = if include_deleted {
            ""
        } else {
            " AND b.delete_at = 0"
        };
        let sql = Sql::new(&format!("{SELECT} WHERE b.user_id = $1{live}")).bind(user_id);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn list_bots(&self, q: &BotListQuery) -> StoreResult<Vec<Bot>> {
        let mut sql = Sql::new(SELECT);
        if q.only_orphaned {
            // Mattermost's "orphaned": the owner is a deactivated user.
            sql.push(" JOIN users o ON o.id = b.owner_id AND o.delete_at <> 0");
        }
        sql.push(" WHERE 1 = 1");
        if let Some(owner) = &q.owner_id {
            let p = sql.arg(owner);
            sql.push(&format!(" AND b.owner_id = {p}"));
        }
        if !q.include_deleted {
            sql.push(" AND b.delete_at = 0");
        }
        let (l, o) = (sql.arg(q.limit), sql.arg(q.offset));
        sql.push(&format!(
            " ORDER BY b.create_at, u.username LIMIT {l} OFFSET {o}"
        ));
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn update_bot(&self, b: &Bot) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE bots SET owner_id = $2, last_icon_update = $3, update_at = $4, delete_at = $5 \
             WHERE user_id = $1",
        )
        .bind(&b.user_id)
        .bind(&b.owner_id)
        .bind(b.last_icon_update)
        .bind(b.update_at)
        .bind(b.delete_at);
        self.db().execute_one(sql).await?;
        let sql = Sql::new("UPDATE users SET bot_description = $2 WHERE id = $1")
            .bind(&b.user_id)
            .bind(&b.description);
        self.db().execute_one(sql).await
    }

    async fn delete_bot(&self, user_id: &str) -> StoreResult<()> {
        self.db()
            .execute_one(Sql::new("DELETE FROM bots WHERE user_id = $1").bind(user_id))
            .await?;
        let sql = Sql::new("UPDATE users SET is_bot = FALSE, bot_description = '' WHERE id = $1")
            .bind(user_id);
        self.db().execute_one(sql).await
    }
}
