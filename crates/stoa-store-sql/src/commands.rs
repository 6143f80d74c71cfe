use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::command::Command;
use stoa_store::{CommandStore, CommandWebhook, StoreError, StoreResult};

const SELECT: &str = "SELECT id, token, create_at, update_at, delete_at, creator_id, team_id, \
     trigger_word, method, username, icon_url, auto_complete, auto_complete_desc, \
     auto_complete_hint, display_name, description, url FROM commands";

fn from_row(r: &AnyRow) -> StoreResult<Command> {
    Ok(Command {
        id: r.text("id")?,
        token: r.text("token")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        creator_id: r.text("creator_id")?,
        team_id: r.text("team_id")?,
        trigger: r.text("trigger_word")?,
        method: r.text("method")?,
        username: r.text("username")?,
        icon_url: r.text("icon_url")?,
        auto_complete: r.boolean("auto_complete")?,
        auto_complete_desc: r.text("auto_complete_desc")?,
        auto_complete_hint: r.text("auto_complete_hint")?,
        display_name: r.text("display_name")?,
        description: r.text("description")?,
        url: r.text("url")?,
        plugin_id: String::new(),
    })
}

#[async_trait::async_trait]
impl CommandStore for crate::SqlStore {
    async fn insert_command(&self, c: &Command) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO commands (id, token, create_at, update_at, delete_at, creator_id, \
             team_id, trigger_word, method, username, icon_url, auto_complete, \
             auto_complete_desc, auto_complete_hint, display_name, description, url) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(&c.id)
        .bind(&c.token)
        .bind(c.create_at)
        .bind(c.update_at)
        .bind(c.delete_at)
        .bind(&c.creator_id)
        .bind(&c.team_id)
        .bind(&c.trigger)
        .bind(&c.method)
        .bind(&c.username)
        .bind(&c.icon_url)
        .bind(c.auto_complete)
        .bind(&c.auto_complete_desc)
        .bind(&c.auto_complete_hint)
        .bind(&c.display_name)
        .bind(&c.description)
        .bind(&c.url);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_command(&self, id: &str) -> StoreResult<Command> {
        let sql = Sql::new(&format!("{SELECT} WHERE id = $1 AND delete_at = 0")).bind(id);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn list_team_commands(&self, team_id: &str) -> StoreResult<Vec<Command>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE team_id = $1 AND delete_at = 0 ORDER BY trigger_word, id"
        ))
        .bind(team_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn update_command(&self, c: &Command) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE commands SET token = $2, update_at = $3, team_id = $4, trigger_word = $5, \
             method = $6, username = $7, icon_url = $8, auto_complete = $9, \
             auto_complete_desc = $10, auto_complete_hint = $11, display_name = $12, \
             description = $13, url = $14, creator_id = $15 WHERE id = $1 AND delete_at = 0",
        )
        .bind(&c.id)
        .bind(&c.token)
        .bind(c.update_at)
        .bind(&c.team_id)
        .bind(&c.trigger)
        .bind(&c.method)
        .bind(&c.username)
        .bind(&c.icon_url)
        .bind(c.auto_complete)
        .bind(&c.auto_complete_desc)
        .bind(&c.auto_complete_hint)
        .bind(&c.display_name)
        .bind(&c.description)
        .bind(&c.url)
        .bind(&c.creator_id);
        self.db().execute_one(sql).await
    }

    async fn delete_command(&self, id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE commands SET delete_at = $2, update_at = $2 WHERE id = $1 AND delete_at = 0",
        )
        .bind(id)
        .bind(at);
        self.db().execute_one(sql).await
    }

    async fn insert_command_webhook(&self, h: &CommandWebhook) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO command_webhooks (id, create_at, command_id, user_id, channel_id, \
             root_id, use_count) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&h.id)
        .bind(h.create_at)
        .bind(&h.command_id)
        .bind(&h.user_id)
        .bind(&h.channel_id)
        .bind(&h.root_id)
        .bind(h.use_count);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn use_command_webhook(
        &self,
        id: &str,
        since: i64,
        max_uses: i64,
    ) -> StoreResult<CommandWebhook> {
        // One statement counts the use only while uses remain, so two answers at once cannot
        // both take the last one.
        let sql = Sql::new(
            "UPDATE command_webhooks SET use_count = use_count + 1 \
             WHERE id = $1 AND create_at > $2 AND use_count < $3 \
             RETURNING id, create_at, command_id, user_id, channel_id, root_id, use_count",
        )
        .bind(id)
        .bind(since)
        .bind(max_uses);
        let rows = self.db().write_returning(sql).await?;
        let row = rows.first().ok_or(StoreError::NotFound)?;
        Ok(CommandWebhook {
            id: row.text("id")?,
            create_at: row.int("create_at")?,
            command_id: row.text("command_id")?,
            user_id: row.text("user_id")?,
            channel_id: row.text("channel_id")?,
            root_id: row.text("root_id")?,
            use_count: row.int("use_count")?,
        })
    }
}
