use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::preference::Preference;
use stoa_store::{PreferenceStore, StoreResult};

const SELECT: &str = "SELECT user_id, category, name, value FROM preferences";

fn from_row(r: &AnyRow) -> StoreResult<Preference> {
    Ok(Preference {
        user_id: r.text("user_id")?,
        category: r.text("category")?,
        name: r.text("name")?,
        value: r.text("value")?,
    })
}

#[async_trait::async_trait]
impl PreferenceStore for crate::SqlStore {
    async fn save_preferences(&self, prefs: &[Preference]) -> StoreResult<()> {
        for p in prefs {
            let sql = Sql::new(
                "INSERT INTO preferences (user_id, category, name, value) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, category, name) DO UPDATE SET value = excluded.value",
            )
            .bind(&p.user_id)
            .bind(&p.category)
            .bind(&p.name)
            .bind(&p.value);
            self.db().execute(sql).await?;
        }
        Ok(())
    }

    async fn get_preferences(&self, user_id: &str) -> StoreResult<Vec<Preference>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE user_id = $1 ORDER BY category, name"
        ))
        .bind(user_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn get_preferences_by_category(
        &self,
        user_id: &str,
        category: &str,
    ) -> StoreResult<Vec<Preference>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE user_id = $1 AND category = $2 ORDER BY name"
        ))
        .bind(user_id)
        .bind(category);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn get_preference(
        &self,
        user_id: &str,
        category: &str,
        name: &str,
    ) -> StoreResult<Preference> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE user_id = $1 AND category = $2 AND name = $3"
        ))
        .bind(user_id)
        .bind(category)
        .bind(name);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn delete_preferences(&self, prefs: &[Preference]) -> StoreResult<()> {
        for p in prefs {
            let sql = Sql::new(
                "DELETE FROM preferences WHERE user_id = $1 AND category = $2 AND name = $3",
            )
            .bind(&p.user_id)
            .bind(&p.category)
            .bind(&p.name);
            self.db().execute(sql).await?;
        }
        Ok(())
    }

    async fn delete_preferences_by_name(&self, category: &str, name: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM preferences WHERE category = $1 AND name = $2")
            .bind(category)
            .bind(name);
        self.db().execute(sql).await.map(|_| ())
    }
}
