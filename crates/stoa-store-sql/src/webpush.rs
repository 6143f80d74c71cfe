use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::webpush::WebPushSubscription;
use stoa_store::{StoreResult, WebPushStore};

fn from_row(r: &AnyRow) -> StoreResult<WebPushSubscription> {
    Ok(WebPushSubscription {
        id: r.text("id")?,
        session_id: r.text("session_id")?,
        user_id: r.text("user_id")?,
        endpoint: r.text("endpoint")?,
        p256dh: r.text("p256dh")?,
        auth: r.text("auth")?,
        create_at: r.int("create_at")?,
    })
}

#[async_trait::async_trait]
impl WebPushStore for crate::SqlStore {
    async fn insert_web_push_subscription(&self, s: &WebPushSubscription) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO webpush_subscriptions \
             (id, session_id, user_id, endpoint, p256dh, auth, create_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.id)
        .bind(&s.session_id)
        .bind(&s.user_id)
        .bind(&s.endpoint)
        .bind(&s.p256dh)
        .bind(&s.auth)
        .bind(s.create_at);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_web_push_subscriptions(
        &self,
        user_id: &str,
        now: i64,
    ) -> StoreResult<Vec<WebPushSubscription>> {
        let sql = Sql::new(
            "SELECT w.id, w.session_id, w.user_id, w.endpoint, w.p256dh, w.auth, w.create_at \
             FROM webpush_subscriptions w JOIN sessions s ON s.id = w.session_id \
             WHERE w.user_id = $1 AND (s.expires_at = 0 OR s.expires_at > $2) \
             ORDER BY w.create_at DESC, w.id DESC",
        )
        .bind(user_id)
        .bind(now);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    async fn users_with_web_push(&self, user_ids: &[String], now: i64) -> StoreResult<Vec<String>> {
        let mut out = Vec::new();
        for chunk in user_ids.chunks(500) {
            let mut sql = Sql::new(
                "SELECT DISTINCT w.user_id FROM webpush_subscriptions w \
                 JOIN sessions s ON s.id = w.session_id \
                 WHERE (s.expires_at = 0 OR s.expires_at > $1) AND w.user_id IN ",
            )
            .bind(now);
            let list = sql.in_list(chunk);
            sql.push(&list);
            for r in self.db().fetch_all(sql).await? {
                out.push(r.text("user_id")?);
            }
        }
        Ok(out)
    }

    async fn delete_web_push_subscription(&self, id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM webpush_subscriptions WHERE id = $1").bind(id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn delete_web_push_subscriptions_for(
        &self,
        session_id: &str,
        endpoint: &str,
    ) -> StoreResult<u64> {
        let sql =
            Sql::new("DELETE FROM webpush_subscriptions WHERE session_id = $1 OR endpoint = $2")
                .bind(session_id)
                .bind(endpoint);
        self.db().execute(sql).await
    }

    async fn trim_web_push_subscriptions(&self, user_id: &str, keep: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "DELETE FROM webpush_subscriptions WHERE user_id = $1 AND id NOT IN \
             (SELECT id FROM webpush_subscriptions WHERE user_id = $1 \
              ORDER BY create_at DESC, id DESC LIMIT $2)",
        )
        .bind(user_id)
        .bind(keep);
        self.db().execute(sql).await.map(|_| ())
    }
}
