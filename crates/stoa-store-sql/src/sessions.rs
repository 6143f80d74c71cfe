use crate::db::{RowExt, Sql, map_json};
use sqlx::any::AnyRow;
use stoa_model::session::Session;
use stoa_store::{SessionStore, StoreResult};

pub(crate) const SELECT: &str = "SELECT id, token, create_at, expires_at, last_activity_at, user_id, device_id, \
    roles, is_oauth, expired_notify, props FROM sessions";

pub(crate) fn from_row(r: &AnyRow) -> StoreResult<Session> {
    Ok(Session {
        id: r.text("id")?,
        token: r.text("token")?,
        create_at: r.int("create_at")?,
        expires_at: r.int("expires_at")?,
        last_activity_at: r.int("last_activity_at")?,
        user_id: r.text("user_id")?,
        device_id: r.text("device_id")?,
        roles: r.text("roles")?,
        is_oauth: r.boolean("is_oauth")?,
        expired_notify: r.boolean("expired_notify")?,
        props: r.string_map("props")?,
        team_members: Vec::new(),
        local: false,
    })
}

#[async_trait::async_trait]
impl SessionStore for crate::SqlStore {
    async fn update_session_props(
        &self,
        id: &str,
        props: &stoa_model::StringMap,
    ) -> StoreResult<()> {
        let sql = Sql::new("UPDATE sessions SET props = $2 WHERE id = $1")
            .bind(id)
            .bind(map_json(props));
        self.db().execute(sql).await.map(|_| ())
    }

    async fn insert_session(&self, s: &Session) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO sessions (id, token, create_at, expires_at, last_activity_at, user_id, \
             device_id, roles, is_oauth, expired_notify, props) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&s.id)
        .bind(&s.token)
        .bind(s.create_at)
        .bind(s.expires_at)
        .bind(s.last_activity_at)
        .bind(&s.user_id)
        .bind(&s.device_id)
        .bind(&s.roles)
        .bind(s.is_oauth)
        .bind(s.expired_notify)
        .bind(map_json(&s.props));
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_session_by_token(&self, token: &str) -> StoreResult<Session> {
        let sql = Sql::new(&format!("{SELECT} WHERE token = $1")).bind(token);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_session_by_id(&self, id: &str) -> StoreResult<Session> {
        let sql = Sql::new(&format!("{SELECT} WHERE id = $1")).bind(id);
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_sessions_for_user(&self, user_id: &str) -> StoreResult<Vec<Session>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE user_id = $1 ORDER BY last_activity_at DESC"
        ))
        .bind(user_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn update_session_activity(
        &self,
        id: &str,
        last_activity_at: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        let sql =
            Sql::new("UPDATE sessions SET last_activity_at = $2, expires_at = $3 WHERE id = $1")
                .bind(id)
                .bind(last_activity_at)
                .bind(expires_at);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn update_session_device(
        &self,
        id: &str,
        device_id: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        let sql = Sql::new("UPDATE sessions SET device_id = $2, expires_at = $3 WHERE id = $1")
            .bind(id)
            .bind(device_id)
            .bind(expires_at);
        self.db().execute_one(sql).await
    }

    async fn update_sessions_roles(&self, user_id: &str, roles: &str) -> StoreResult<()> {
        let sql = Sql::new("UPDATE sessions SET roles = $2 WHERE user_id = $1")
            .bind(user_id)
            .bind(roles);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn delete_session(&self, id: &str) -> StoreResult<()> {
        self.db()
            .execute(Sql::new("DELETE FROM sessions WHERE id = $1").bind(id))
            .await
            .map(|_| ())
    }

    async fn delete_sessions_for_user(&self, user_id: &str) -> StoreResult<Vec<String>> {
        let sql = Sql::new("DELETE FROM sessions WHERE user_id = $1 RETURNING id").bind(user_id);
        self.db()
            .write_returning(sql)
            .await?
            .iter()
            .map(|r| r.text("id"))
            .collect()
    }

    async fn delete_sessions_for_device(
        &self,
        user_id: &str,
        device_id: &str,
        keep_id: &str,
    ) -> StoreResult<()> {
        let sql =
            Sql::new("DELETE FROM sessions WHERE user_id = $1 AND device_id = $2 AND id <> $3")
                .bind(user_id)
                .bind(device_id)
                .bind(keep_id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn delete_expired_sessions(&self, now: i64) -> StoreResult<u64> {
        let sql =
            Sql::new("DELETE FROM sessions WHERE expires_at > 0 AND expires_at <= $1").bind(now);
        self.db().execute(sql).await
    }
}
