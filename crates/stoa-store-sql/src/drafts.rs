use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::draft::Draft;
use stoa_store::{DraftStore, StoreError, StoreResult};

/// The columns, unqualified: SQLite's `RETURNING` accepts no table names.
macro_rules! columns {
    () => {
        "user_id, channel_id, root_id, create_at, update_at, delete_at, message, type, props, \
         file_ids, priority"
    };
}
const SELECT: &str = "SELECT d.user_id, d.channel_id, d.root_id, d.create_at, d.update_at, \
     d.delete_at, d.message, d.type, d.props, d.file_ids, d.priority FROM drafts d";

fn from_row(r: &AnyRow) -> StoreResult<Draft> {
    let object = |col: &str| -> StoreResult<serde_json::Map<String, serde_json::Value>> {
        Ok(match r.json(col)? {
            Some(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        })
    };
    Ok(Draft {
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        user_id: r.text("user_id")?,
        channel_id: r.text("channel_id")?,
        root_id: r.text("root_id")?,
        message: r.text("message")?,
        draft_type: r.text("type")?,
        props: object("props")?,
        file_ids: serde_json::from_str(&r.text("file_ids")?).unwrap_or_default(),
        metadata: None,
        priority: object("priority")?,
    })
}

fn json_text(v: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(Box::new(e)))
}

#[async_trait::async_trait]
impl DraftStore for crate::SqlStore {
    async fn upsert_draft(&self, d: &Draft) -> StoreResult<Draft> {
        let sql = Sql::new(concat!(
            "INSERT INTO drafts (user_id, channel_id, root_id, create_at, update_at, delete_at, \
             message, type, props, file_ids, priority) \
             VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, $10) \
             ON CONFLICT (user_id, channel_id, root_id) DO UPDATE SET \
             update_at = excluded.update_at, delete_at = 0, message = excluded.message, \
             type = excluded.type, props = excluded.props, file_ids = excluded.file_ids, \
             priority = excluded.priority \
             RETURNING ",
            columns!()
        ))
        .bind(&d.user_id)
        .bind(&d.channel_id)
        .bind(&d.root_id)
        .bind(d.create_at)
        .bind(d.update_at)
        .bind(&d.message)
        .bind(&d.draft_type)
        .bind(json_text(&d.props)?)
        .bind(json_text(&d.file_ids)?)
        .bind(json_text(&d.priority)?);
        let rows = self.db().write_returning(sql).await?;
        rows.first().ok_or(StoreError::NotFound).and_then(from_row)
    }

    async fn get_draft(
        &self,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
    ) -> StoreResult<Draft> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE d.user_id = $1 AND d.channel_id = $2 AND d.root_id = $3"
        ))
        .bind(user_id)
        .bind(channel_id)
        .bind(root_id);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_drafts_for_user(
        &self,
        user_id: &str,
        team_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<Draft>> {
        // Direct and group channels belong to no team ('') and show in every team.
        let sql = Sql::new(&format!(
            "{SELECT} \
             JOIN channel_members m ON m.channel_id = d.channel_id AND m.user_id = d.user_id \
             JOIN channels c ON c.id = d.channel_id \
             WHERE d.user_id = $1 AND (c.team_id = $2 OR c.team_id = '') \
             ORDER BY d.update_at DESC, d.channel_id, d.root_id LIMIT $3"
        ))
        .bind(user_id)
        .bind(team_id)
        .bind(limit);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn delete_draft(
        &self,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
    ) -> StoreResult<Option<Draft>> {
        let sql = Sql::new(concat!(
            "DELETE FROM drafts WHERE user_id = $1 AND channel_id = $2 AND root_id = $3 RETURNING ",
            columns!()
        ))
        .bind(user_id)
        .bind(channel_id)
        .bind(root_id);
        self.db()
            .write_returning(sql)
            .await?
            .first()
            .map(from_row)
            .transpose()
    }

    async fn delete_drafts_for_thread(&self, channel_id: &str, root_id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM drafts WHERE channel_id = $1 AND root_id = $2")
            .bind(channel_id)
            .bind(root_id);
        self.db().execute(sql).await.map(|_| ())
    }
}
