use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::webhook::{IncomingWebhook, OutgoingWebhook};
use stoa_store::{HookListQuery, StoreError, StoreResult, WebhookStore};

const INCOMING: &str = "SELECT id, create_at, update_at, delete_at, user_id, channel_id, team_id, \
     display_name, description, username, icon_url, channel_locked FROM incoming_webhooks";
const OUTGOING: &str = "SELECT id, token, create_at, update_at, delete_at, creator_id, channel_id, \
     team_id, trigger_words, trigger_when, callback_urls, display_name, description, content_type, \
     username, icon_url FROM outgoing_webhooks";

fn incoming(r: &AnyRow) -> StoreResult<IncomingWebhook> {
    Ok(IncomingWebhook {
        id: r.text("id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        user_id: r.text("user_id")?,
        channel_id: r.text("channel_id")?,
        team_id: r.text("team_id")?,
        display_name: r.text("display_name")?,
        description: r.text("description")?,
        username: r.text("username")?,
        icon_url: r.text("icon_url")?,
        channel_locked: r.boolean("channel_locked")?,
    })
}

fn outgoing(r: &AnyRow) -> StoreResult<OutgoingWebhook> {
    let list = |col: &str| -> StoreResult<Vec<String>> {
        Ok(serde_json::from_str(&r.text(col)?).unwrap_or_default())
    };
    Ok(OutgoingWebhook {
        id: r.text("id")?,
        token: r.text("token")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        creator_id: r.text("creator_id")?,
        channel_id: r.text("channel_id")?,
        team_id: r.text("team_id")?,
        trigger_words: list("trigger_words")?,
        trigger_when: i32::try_from(r.int("trigger_when")?).unwrap_or_default(),
        callback_urls: list("callback_urls")?,
        display_name: r.text("display_name")?,
        description: r.text("description")?,
        content_type: r.text("content_type")?,
        username: r.text("username")?,
        icon_url: r.text("icon_url")?,
    })
}

fn json_list(v: &[String]) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(Box::new(e)))
}

/// `WHERE` for a list: live hooks, narrowed by the query's non-empty fields.
fn list_sql(select: &str, creator_col: &str, q: &HookListQuery) -> Sql {
    let mut sql = Sql::new(&format!("{select} WHERE delete_at = 0"));
    if !q.team_id.is_empty() {
        let p = sql.arg(&q.team_id);
        sql.push(&format!(" AND team_id = {p}"));
    }
    if !q.channel_id.is_empty() {
        let p = sql.arg(&q.channel_id);
        sql.push(&format!(" AND channel_id = {p}"));
    }
    if !q.creator_id.is_empty() {
        let p = sql.arg(&q.creator_id);
        sql.push(&format!(" AND {creator_col} = {p}"));
    }
    let limit = sql.arg(q.limit);
    let offset = sql.arg(q.offset);
    sql.push(&format!(
        " ORDER BY create_at, id LIMIT {limit} OFFSET {offset}"
    ));
    sql
}

#[async_trait::async_trait]
impl WebhookStore for crate::SqlStore {
    async fn insert_incoming_hook(&self, h: &IncomingWebhook) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO incoming_webhooks (id, create_at, update_at, delete_at, user_id, \
             channel_id, team_id, display_name, description, username, icon_url, channel_locked) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&h.id)
        .bind(h.create_at)
        .bind(h.update_at)
        .bind(h.delete_at)
        .bind(&h.user_id)
        .bind(&h.channel_id)
        .bind(&h.team_id)
        .bind(&h.display_name)
        .bind(&h.description)
        .bind(&h.username)
        .bind(&h.icon_url)
        .bind(h.channel_locked);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_incoming_hook(&self, id: &str) -> StoreResult<IncomingWebhook> {
        let sql = Sql::new(&format!("{INCOMING} WHERE id = $1 AND delete_at = 0")).bind(id);
        incoming(&self.db().fetch_one(sql).await?)
    }

    async fn list_incoming_hooks(&self, q: &HookListQuery) -> StoreResult<Vec<IncomingWebhook>> {
        let rows = self
            .db()
            .fetch_all(list_sql(INCOMING, "user_id", q))
            .await?;
        rows.iter().map(incoming).collect()
    }

    async fn update_incoming_hook(&self, h: &IncomingWebhook) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE incoming_webhooks SET update_at = $2, channel_id = $3, display_name = $4, \
             description = $5, username = $6, icon_url = $7, channel_locked = $8 \
             WHERE id = $1 AND delete_at = 0",
        )
        .bind(&h.id)
        .bind(h.update_at)
        .bind(&h.channel_id)
        .bind(&h.display_name)
        .bind(&h.description)
        .bind(&h.username)
        .bind(&h.icon_url)
        .bind(h.channel_locked);
        self.db().execute_one(sql).await
    }

    async fn delete_incoming_hook(&self, id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE incoming_webhooks SET delete_at = $2, update_at = $2 \
             WHERE id = $1 AND delete_at = 0",
        )
        .bind(id)
        .bind(at);
        self.db().execute_one(sql).await
    }

    async fn insert_outgoing_hook(&self, h: &OutgoingWebhook) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO outgoing_webhooks (id, token, create_at, update_at, delete_at, \
             creator_id, channel_id, team_id, trigger_words, trigger_when, callback_urls, \
             display_name, description, content_type, username, icon_url) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(&h.id)
        .bind(&h.token)
        .bind(h.create_at)
        .bind(h.update_at)
        .bind(h.delete_at)
        .bind(&h.creator_id)
        .bind(&h.channel_id)
        .bind(&h.team_id)
        .bind(json_list(&h.trigger_words)?)
        .bind(i64::from(h.trigger_when))
        .bind(json_list(&h.callback_urls)?)
        .bind(&h.display_name)
        .bind(&h.description)
        .bind(&h.content_type)
        .bind(&h.username)
        .bind(&h.icon_url);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_outgoing_hook(&self, id: &str) -> StoreResult<OutgoingWebhook> {
        let sql = Sql::new(&format!("{OUTGOING} WHERE id = $1 AND delete_at = 0")).bind(id);
        outgoing(&self.db().fetch_one(sql).await?)
    }

    async fn list_outgoing_hooks(&self, q: &HookListQuery) -> StoreResult<Vec<OutgoingWebhook>> {
        let rows = self
            .db()
            .fetch_all(list_sql(OUTGOING, "creator_id", q))
            .await?;
        rows.iter().map(outgoing).collect()
    }

    async fn update_outgoing_hook(&self, h: &OutgoingWebhook) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE outgoing_webhooks SET token = $2, update_at = $3, channel_id = $4, \
             trigger_words = $5, trigger_when = $6, callback_urls = $7, display_name = $8, \
             description = $9, content_type = $10, username = $11, icon_url = $12 \
             WHERE id = $1 AND delete_at = 0",
        )
        .bind(&h.id)
        .bind(&h.token)
        .bind(h.update_at)
        .bind(&h.channel_id)
        .bind(json_list(&h.trigger_words)?)
        .bind(i64::from(h.trigger_when))
        .bind(json_list(&h.callback_urls)?)
        .bind(&h.display_name)
        .bind(&h.description)
        .bind(&h.content_type)
        .bind(&h.username)
        .bind(&h.icon_url);
        self.db().execute_one(sql).await
    }

    async fn delete_outgoing_hook(&self, id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE outgoing_webhooks SET delete_at = $2, update_at = $2 \
             WHERE id = $1 AND delete_at = 0",
        )
        .bind(id)
        .bind(at);
        self.db().execute_one(sql).await
    }
}
