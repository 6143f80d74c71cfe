use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::status::Status;
use stoa_store::{StatusStore, StoreResult};

const SELECT: &str =
    "SELECT user_id, status, manual, last_activity_at, active_channel, dnd_end_time FROM status";

fn from_row(r: &AnyRow) -> StoreResult<Status> {
    Ok(Status {
        user_id: r.text("user_id")?,
        status: r.text("status")?,
        manual: r.boolean("manual")?,
        last_activity_at: r.int("last_activity_at")?,
        active_channel: r.text("active_channel")?,
        dnd_end_time: r.int("dnd_end_time")?,
    })
}

#[async_trait::async_trait]
impl StatusStore for crate::SqlStore {
    async fn save_status(&self, s: &Status) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO status (user_id, status, manual, last_activity_at, active_channel, dnd_end_time) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, \
             manual = excluded.manual, last_activity_at = excluded.last_activity_at, \
             active_channel = excluded.active_channel, dnd_end_time = excluded.dnd_end_time",
        )
        .bind(&s.user_id)
        .bind(&s.status)
        .bind(s.manual)
        .bind(s.last_activity_at)
        .bind(&s.active_channel)
        .bind(s.dnd_end_time);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_status(&self, user_id: &str) -> StoreResult<Status> {
        from_row(
            &self
                .db()
                .fetch_one(Sql::new(&format!("{SELECT} WHERE user_id = $1")).bind(user_id))
                .await?,
        )
    }

    async fn get_statuses(&self, user_ids: &[String]) -> StoreResult<Vec<Status>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("{SELECT} WHERE user_id IN "));
        let list = sql.in_list(user_ids);
        sql.push(&list);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }
}
