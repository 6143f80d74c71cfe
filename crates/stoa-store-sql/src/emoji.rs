use crate::db::{RowExt, Sql};
use crate::dialect::{like_contains, like_prefix};
use sqlx::any::AnyRow;
use stoa_model::emoji::Emoji;
use stoa_store::{EmojiSort, EmojiStore, StoreResult};

const SELECT: &str = "SELECT id, create_at, update_at, delete_at, creator_id, name FROM emoji";

fn from_row(r: &AnyRow) -> StoreResult<Emoji> {
    Ok(Emoji {
        id: r.text("id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        creator_id: r.text("creator_id")?,
        name: r.text("name")?,
    })
}

fn all(rows: Vec<AnyRow>) -> StoreResult<Vec<Emoji>> {
    rows.iter().map(from_row).collect()
}

#[async_trait::async_trait]
impl EmojiStore for crate::SqlStore {
    async fn insert_emoji(&self, e: &Emoji) -> StoreResult<()> {
        let sql = Sql::new("INSERT INTO emoji (id, create_at, update_at, delete_at, creator_id, name) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&e.id)
            .bind(e.create_at)
            .bind(e.update_at)
            .bind(e.delete_at)
            .bind(&e.creator_id)
            .bind(&e.name);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_emoji(&self, id: &str) -> StoreResult<Emoji> {
        from_row(
            &self
                .db()
                .fetch_one(Sql::new(&format!("{SELECT} WHERE id = $1 AND delete_at = 0")).bind(id))
                .await?,
        )
    }

    async fn get_emoji_by_name(&self, name: &str) -> StoreResult<Emoji> {
        from_row(
            &self
                .db()
                .fetch_one(
                    Sql::new(&format!("{SELECT} WHERE name = $1 AND delete_at = 0")).bind(name),
                )
                .await?,
        )
    }

    async fn get_emojis_by_names(&self, names: &[String]) -> StoreResult<Vec<Emoji>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("{SELECT} WHERE delete_at = 0 AND name IN "));
        let list = sql.in_list(names);
        sql.push(&list);
        all(self.db().fetch_all(sql).await?)
    }

    async fn list_emoji(
        &self,
        offset: i64,
        limit: i64,
        sort: EmojiSort,
    ) -> StoreResult<Vec<Emoji>> {
        let order = match sort {
            EmojiSort::CreateAt => "create_at, id",
            EmojiSort::Name => "name",
        };
        let sql = Sql::new(&format!(
            "{SELECT} WHERE delete_at = 0 ORDER BY {order} LIMIT $1 OFFSET $2"
        ))
        .bind(limit)
        .bind(offset);
        all(self.db().fetch_all(sql).await?)
    }

    async fn search_emoji(
        &self,
        term: &str,
        prefix_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<Emoji>> {
        let pattern = if prefix_only {
            like_prefix(term)
        } else {
            like_contains(term)
        };
        let like = self.db().backend.ilike();
        let sql = Sql::new(&format!(
            "{SELECT} WHERE delete_at = 0 AND name {like} $1 ESCAPE '\\' ORDER BY name LIMIT $2"
        ))
        .bind(pattern)
        .bind(limit);
        all(self.db().fetch_all(sql).await?)
    }

    async fn delete_emoji(&self, id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE emoji SET delete_at = $2, update_at = $2 WHERE id = $1 AND delete_at = 0",
        )
        .bind(id)
        .bind(at);
        self.db().execute_one(sql).await
    }
}
