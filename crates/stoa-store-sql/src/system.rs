use crate::db::{RowExt, Sql};
use stoa_store::{StoreResult, SystemStore};

#[async_trait::async_trait]
impl SystemStore for crate::SqlStore {
    async fn get_system(&self, name: &str) -> StoreResult<Option<String>> {
        let row = self
            .db()
            .fetch_optional(Sql::new("SELECT value FROM systems WHERE name = $1").bind(name))
            .await?;
        row.map(|r| r.text("value")).transpose()
    }

    async fn set_system(&self, name: &str, value: &str) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO systems (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn init_system(&self, name: &str, value: &str) -> StoreResult<String> {
        let sql = Sql::new(
            "INSERT INTO systems (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value);
        self.db().execute(sql).await?;
        Ok(self
            .get_system(name)
            .await?
            .unwrap_or_else(|| value.to_owned()))
    }
}
