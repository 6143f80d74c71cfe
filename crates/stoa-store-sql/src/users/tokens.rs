use crate::db::{RowExt, Sql};
use crate::dialect::like_prefix;
use sqlx::any::AnyRow;
use stoa_model::token::UserAccessToken;
use stoa_store::{StoreResult, UserAccessTokenStore};

const SELECT: &str = "SELECT t.id, t.user_id, t.description, t.is_active FROM user_access_tokens t";

fn from_row(r: &AnyRow) -> StoreResult<UserAccessToken> {
    Ok(UserAccessToken {
        id: r.text("id")?,
        token: String::new(),
        user_id: r.text("user_id")?,
        description: r.text("description")?,
        is_active: r.boolean("is_active")?,
    })
}

fn all(rows: Vec<AnyRow>) -> StoreResult<Vec<UserAccessToken>> {
    rows.iter().map(from_row).collect()
}

#[async_trait::async_trait]
impl UserAccessTokenStore for crate::SqlStore {
    async fn insert_access_token(&self, t: &UserAccessToken, hash: &str) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO user_access_tokens (id, token_hash, user_id, description, is_active) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&t.id)
        .bind(hash)
        .bind(&t.user_id)
        .bind(&t.description)
        .bind(t.is_active);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_access_token(&self, id: &str) -> StoreResult<UserAccessToken> {
        let sql = Sql::new(&format!("{SELECT} WHERE t.id = $1")).bind(id);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_access_token_by_hash(&self, hash: &str) -> StoreResult<UserAccessToken> {
        let sql = Sql::new(&format!("{SELECT} WHERE t.token_hash = $1")).bind(hash);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn list_access_tokens_for_user(
        &self,
        user_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<UserAccessToken>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE t.user_id = $1 ORDER BY t.id LIMIT $2 OFFSET $3"
        ))
        .bind(user_id)
        .bind(limit)
        .bind(offset);
        all(self.db().fetch_all(sql).await?)
    }

    async fn list_access_tokens(
        &self,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<UserAccessToken>> {
        let sql = Sql::new(&format!("{SELECT} ORDER BY t.id LIMIT $1 OFFSET $2"))
            .bind(limit)
            .bind(offset);
        all(self.db().fetch_all(sql).await?)
    }

    async fn search_access_tokens(
        &self,
        term: &str,
        limit: i64,
    ) -> StoreResult<Vec<UserAccessToken>> {
        let like = self.db().backend.ilike();
        let mut sql = Sql::new(&format!("{SELECT} JOIN users u ON u.id = t.user_id"));
        let p = sql.arg(like_prefix(&term.to_lowercase()));
        let l = sql.arg(limit);
        sql.push(&format!(
            " WHERE t.id {like} {p} ESCAPE '\\' OR t.user_id {like} {p} ESCAPE '\\' \
             OR u.username {like} {p} ESCAPE '\\' ORDER BY t.id LIMIT {l}"
        ));
        all(self.db().fetch_all(sql).await?)
    }

    async fn update_access_token_active(&self, id: &str, active: bool) -> StoreResult<()> {
        let sql = Sql::new("UPDATE user_access_tokens SET is_active = $2 WHERE id = $1")
            .bind(id)
            .bind(active);
        self.db().execute_one(sql).await
    }

    async fn delete_access_token(&self, id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM user_access_tokens WHERE id = $1").bind(id);
        self.db().execute_one(sql).await
    }
}
