use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::oauth::{AUTHORIZED_APP_CATEGORY, OAuthApp};
use stoa_store::{OAuthAccess, OAuthCode, OAuthStore, StoreError, StoreResult};

const APP: &str = "SELECT id, creator_id, create_at, update_at, client_secret, name, description, \
     icon_url, callback_urls, homepage, is_trusted, mattermost_app_id FROM oauth_apps";
const CODE_COLUMNS: &str = "code_hash, client_id, user_id, create_at, expires_in, redirect_uri, \
     state, scope, code_challenge, code_challenge_method";
const ACCESS: &str = "SELECT id, client_id, user_id, session_id, refresh_hash, redirect_uri, \
     expires_at, scope FROM oauth_access";

fn app(r: &AnyRow) -> StoreResult<OAuthApp> {
    Ok(OAuthApp {
        id: r.text("id")?,
        creator_id: r.text("creator_id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        client_secret: r.text("client_secret")?,
        name: r.text("name")?,
        description: r.text("description")?,
        icon_url: r.text("icon_url")?,
        callback_urls: serde_json::from_str(&r.text("callback_urls")?).unwrap_or_default(),
        homepage: r.text("homepage")?,
        is_trusted: r.boolean("is_trusted")?,
        mattermost_app_id: r.text("mattermost_app_id")?,
    })
}

fn code(r: &AnyRow) -> StoreResult<OAuthCode> {
    Ok(OAuthCode {
        code_hash: r.text("code_hash")?,
        client_id: r.text("client_id")?,
        user_id: r.text("user_id")?,
        create_at: r.int("create_at")?,
        expires_in: r.int("expires_in")?,
        redirect_uri: r.text("redirect_uri")?,
        state: r.text("state")?,
        scope: r.text("scope")?,
        code_challenge: r.text("code_challenge")?,
        code_challenge_method: r.text("code_challenge_method")?,
    })
}

fn access(r: &AnyRow) -> StoreResult<OAuthAccess> {
    Ok(OAuthAccess {
        id: r.text("id")?,
        client_id: r.text("client_id")?,
        user_id: r.text("user_id")?,
        session_id: r.text("session_id")?,
        refresh_hash: r.text("refresh_hash")?,
        redirect_uri: r.text("redirect_uri")?,
        expires_at: r.int("expires_at")?,
        scope: r.text("scope")?,
    })
}

fn urls(app: &OAuthApp) -> StoreResult<String> {
    serde_json::to_string(&app.callback_urls).map_err(|e| StoreError::Backend(Box::new(e)))
}

fn session_ids(rows: &[AnyRow]) -> StoreResult<Vec<(String, String)>> {
    rows.iter()
        .map(|r| Ok((r.text("user_id")?, r.text("session_id")?)))
        .collect()
}

#[async_trait::async_trait]
impl OAuthStore for crate::SqlStore {
    async fn insert_oauth_app(&self, a: &OAuthApp) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO oauth_apps (id, creator_id, create_at, update_at, client_secret, name, \
             description, icon_url, callback_urls, homepage, is_trusted, mattermost_app_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&a.id)
        .bind(&a.creator_id)
        .bind(a.create_at)
        .bind(a.update_at)
        .bind(&a.client_secret)
        .bind(&a.name)
        .bind(&a.description)
        .bind(&a.icon_url)
        .bind(urls(a)?)
        .bind(&a.homepage)
        .bind(a.is_trusted)
        .bind(&a.mattermost_app_id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_oauth_app(&self, id: &str) -> StoreResult<OAuthApp> {
        let sql = Sql::new(&format!("{APP} WHERE id = $1")).bind(id);
        app(&self.db().fetch_one(sql).await?)
    }

    async fn list_oauth_apps(
        &self,
        creator_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<OAuthApp>> {
        let mut sql = Sql::new(APP);
        if !creator_id.is_empty() {
            let p = sql.arg(creator_id);
            sql.push(&format!(" WHERE creator_id = {p}"));
        }
        let limit = sql.arg(limit);
        let offset = sql.arg(offset);
        sql.push(&format!(
            " ORDER BY create_at, id LIMIT {limit} OFFSET {offset}"
        ));
        self.db().fetch_all(sql).await?.iter().map(app).collect()
    }

    async fn list_authorized_oauth_apps(
        &self,
        user_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<OAuthApp>> {
        let sql = Sql::new(&format!(
            "{APP} WHERE id IN (SELECT name FROM preferences WHERE user_id = $1 AND category = $2) \
             ORDER BY create_at, id LIMIT $3 OFFSET $4"
        ))
        .bind(user_id)
        .bind(AUTHORIZED_APP_CATEGORY)
        .bind(limit)
        .bind(offset);
        self.db().fetch_all(sql).await?.iter().map(app).collect()
    }

    async fn update_oauth_app(&self, a: &OAuthApp) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE oauth_apps SET update_at = $2, client_secret = $3, name = $4, \
             description = $5, icon_url = $6, callback_urls = $7, homepage = $8, \
             is_trusted = $9, mattermost_app_id = $10 WHERE id = $1",
        )
        .bind(&a.id)
        .bind(a.update_at)
        .bind(&a.client_secret)
        .bind(&a.name)
        .bind(&a.description)
        .bind(&a.icon_url)
        .bind(urls(a)?)
        .bind(&a.homepage)
        .bind(a.is_trusted)
        .bind(&a.mattermost_app_id);
        self.db().execute_one(sql).await
    }

    async fn delete_oauth_app(&self, id: &str) -> StoreResult<Vec<(String, String)>> {
        let db = self.db();
        let grants = db
            .write_returning(
                Sql::new(
                    "DELETE FROM oauth_access WHERE client_id = $1 RETURNING user_id, session_id",
                )
                .bind(id),
            )
            .await?;
        db.execute(Sql::new("DELETE FROM oauth_codes WHERE client_id = $1").bind(id))
            .await?;
        db.execute(
            Sql::new("DELETE FROM preferences WHERE category = $1 AND name = $2")
                .bind(AUTHORIZED_APP_CATEGORY)
                .bind(id),
        )
        .await?;
        db.execute_one(Sql::new("DELETE FROM oauth_apps WHERE id = $1").bind(id))
            .await?;
        session_ids(&grants)
    }

    async fn insert_oauth_code(&self, c: &OAuthCode) -> StoreResult<()> {
        let sql = Sql::new(&format!(
            "INSERT INTO oauth_codes ({CODE_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(&c.code_hash)
        .bind(&c.client_id)
        .bind(&c.user_id)
        .bind(c.create_at)
        .bind(c.expires_in)
        .bind(&c.redirect_uri)
        .bind(&c.state)
        .bind(&c.scope)
        .bind(&c.code_challenge)
        .bind(&c.code_challenge_method);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn take_oauth_code(&self, code_hash: &str) -> StoreResult<OAuthCode> {
        let sql = Sql::new(&format!(
            "DELETE FROM oauth_codes WHERE code_hash = $1 RETURNING {CODE_COLUMNS}"
        ))
        .bind(code_hash);
        let rows = self.db().write_returning(sql).await?;
        code(rows.first().ok_or(StoreError::NotFound)?)
    }

    async fn delete_oauth_codes(&self, client_id: &str, user_id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM oauth_codes WHERE client_id = $1 AND user_id = $2")
            .bind(client_id)
            .bind(user_id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn insert_oauth_access(&self, a: &OAuthAccess) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO oauth_access (id, client_id, user_id, session_id, refresh_hash, \
             redirect_uri, expires_at, scope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&a.id)
        .bind(&a.client_id)
        .bind(&a.user_id)
        .bind(&a.session_id)
        .bind(&a.refresh_hash)
        .bind(&a.redirect_uri)
        .bind(a.expires_at)
        .bind(&a.scope);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_oauth_access_by_refresh(&self, refresh_hash: &str) -> StoreResult<OAuthAccess> {
        let sql = Sql::new(&format!("{ACCESS} WHERE refresh_hash = $1")).bind(refresh_hash);
        access(&self.db().fetch_one(sql).await?)
    }

    async fn rotate_oauth_access(
        &self,
        old_refresh_hash: &str,
        next: &OAuthAccess,
    ) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE oauth_access SET session_id = $3, refresh_hash = $4, expires_at = $5 \
             WHERE id = $1 AND refresh_hash = $2",
        )
        .bind(&next.id)
        .bind(old_refresh_hash)
        .bind(&next.session_id)
        .bind(&next.refresh_hash)
        .bind(next.expires_at);
        self.db().execute_one(sql).await
    }

    async fn delete_oauth_access(
        &self,
        user_id: &str,
        client_id: &str,
    ) -> StoreResult<Vec<(String, String)>> {
        let sql = Sql::new(
            "DELETE FROM oauth_access WHERE user_id = $1 AND client_id = $2 RETURNING user_id, session_id",
        )
        .bind(user_id)
        .bind(client_id);
        session_ids(&self.db().write_returning(sql).await?)
    }

    async fn delete_oauth_access_by_session(&self, session_id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM oauth_access WHERE session_id = $1").bind(session_id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn delete_oauth_access_for_user(&self, user_id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM oauth_access WHERE user_id = $1").bind(user_id);
        self.db().execute(sql).await.map(|_| ())
    }
}
