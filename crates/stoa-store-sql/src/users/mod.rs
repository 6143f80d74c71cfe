mod tokens;

use crate::db::{RowExt, Sql, map_json};
use crate::dialect::like_prefix;
use sqlx::any::AnyRow;
use stoa_model::user::User;
use stoa_store::{StoreResult, UserListQuery, UserSort, UserStore};

const COLUMNS: &str = "u.id, u.create_at, u.update_at, u.delete_at, u.username, u.auth_data, \
    u.auth_service, u.email, u.email_verified, u.nickname, u.first_name, u.last_name, u.position, \
    u.roles, u.allow_marketing, u.props, u.notify_props, u.last_password_update, \
    u.last_picture_update, u.failed_attempts, u.locale, u.timezone, u.mfa_active, \
    u.last_activity_at, u.is_bot, u.bot_description, u.disable_welcome_email, \
    u.terms_of_service_id, u.terms_of_service_create_at";

fn select(filter: &str) -> Sql {
    Sql::new(&format!("SELECT {COLUMNS} FROM users u {filter}"))
}

fn from_row(r: &AnyRow) -> StoreResult<User> {
    Ok(User {
        id: r.text("id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        username: r.text("username")?,
        auth_data: r.opt_text("auth_data")?,
        auth_service: r.text("auth_service")?,
        email: r.text("email")?,
        email_verified: r.boolean("email_verified")?,
        nickname: r.text("nickname")?,
        first_name: r.text("first_name")?,
        last_name: r.text("last_name")?,
        position: r.text("position")?,
        roles: r.text("roles")?,
        allow_marketing: r.boolean("allow_marketing")?,
        props: r.string_map("props")?,
        notify_props: r.string_map("notify_props")?,
        last_password_update: r.int("last_password_update")?,
        last_picture_update: r.int("last_picture_update")?,
        failed_attempts: r.int("failed_attempts")?,
        locale: r.text("locale")?,
        timezone: r.string_map("timezone")?,
        mfa_active: r.boolean("mfa_active")?,
        last_activity_at: r.int("last_activity_at")?,
        is_bot: r.boolean("is_bot")?,
        bot_description: r.text("bot_description")?,
        disable_welcome_email: r.boolean("disable_welcome_email")?,
        terms_of_service_id: r.text("terms_of_service_id")?,
        terms_of_service_create_at: r.int("terms_of_service_create_at")?,
        password: String::new(),
    })
}

fn all(rows: Vec<AnyRow>) -> StoreResult<Vec<User>> {
    rows.iter().map(from_row).collect()
}

#[async_trait::async_trait]
impl UserStore for crate::SqlStore {
    async fn insert_user(&self, u: &User, password_hash: &str) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO users (id, create_at, update_at, delete_at, username, password, auth_data, \
             auth_service, email, email_verified, nickname, first_name, last_name, position, roles, \
             allow_marketing, props, notify_props, last_password_update, last_picture_update, \
             failed_attempts, locale, timezone, mfa_active, last_activity_at, is_bot, \
             bot_description, disable_welcome_email) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
             $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, \
             $27, $28)",
        )
        .bind(&u.id)
        .bind(u.create_at)
        .bind(u.update_at)
        .bind(u.delete_at)
        .bind(&u.username)
        .bind(password_hash)
        .bind(&u.auth_data)
        .bind(&u.auth_service)
        .bind(&u.email)
        .bind(u.email_verified)
        .bind(&u.nickname)
        .bind(&u.first_name)
        .bind(&u.last_name)
        .bind(&u.position)
        .bind(&u.roles)
        .bind(u.allow_marketing)
        .bind(map_json(&u.props))
        .bind(map_json(&u.notify_props))
        .bind(u.last_password_update)
        .bind(u.last_picture_update)
        .bind(u.failed_attempts)
        .bind(&u.locale)
        .bind(map_json(&u.timezone))
        .bind(u.mfa_active)
        .bind(u.last_activity_at)
        .bind(u.is_bot)
        .bind(&u.bot_description)
        .bind(u.disable_welcome_email);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_user(&self, id: &str) -> StoreResult<User> {
        from_row(
            &self
                .db()
                .fetch_one(select("WHERE u.id = $1").bind(id))
                .await?,
        )
    }

    async fn get_user_by_username(&self, username: &str) -> StoreResult<User> {
        from_row(
            &self
                .db()
                .fetch_one(select("WHERE u.username = $1").bind(username))
                .await?,
        )
    }

    async fn get_user_by_email(&self, email: &str) -> StoreResult<User> {
        let sql = select("WHERE u.email = $1").bind(email.to_lowercase());
        from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_users_by_ids(&self, ids: &[String]) -> StoreResult<Vec<User>> {
        let mut sql = select("WHERE u.id IN ");
        let list = sql.in_list(ids);
        sql.push(&list);
        all(self.db().fetch_all(sql).await?)
    }

    async fn get_users_by_usernames(&self, usernames: &[String]) -> StoreResult<Vec<User>> {
        let mut sql = select("WHERE u.username IN ");
        let list = sql.in_list(usernames);
        sql.push(&list);
        all(self.db().fetch_all(sql).await?)
    }

    async fn get_users_updated_since(&self, ids: &[String], since: i64) -> StoreResult<Vec<User>> {
        let mut sql = select("WHERE u.update_at > $1 AND u.id IN ").bind(since);
        let list = sql.in_list(ids);
        sql.push(&list);
        all(self.db().fetch_all(sql).await?)
    }

    async fn get_password_hash(&self, user_id: &str) -> StoreResult<String> {
        let row = self
            .db()
            .fetch_one(Sql::new("SELECT password FROM users WHERE id = $1").bind(user_id))
            .await?;
        row.text("password")
    }

    async fn list_users(&self, q: &UserListQuery) -> StoreResult<Vec<User>> {
        let mut sql = select("WHERE 1 = 1");
        let like = self.db().backend.ilike();
        if let Some(team) = &q.in_team {
            let p = sql.arg(team);
            sql.push(&format!(
                " AND EXISTS (SELECT 1 FROM team_members tm WHERE tm.user_id = u.id AND tm.team_id = {p} AND tm.delete_at = 0)"
            ));
        }
        if let Some(team) = &q.not_in_team {
            let p = sql.arg(team);
            sql.push(&format!(
                " AND NOT EXISTS (SELECT 1 FROM team_members tm WHERE tm.user_id = u.id AND tm.team_id = {p} AND tm.delete_at = 0)"
            ));
        }
        if let Some(ch) = &q.in_channel {
            let p = sql.arg(ch);
            sql.push(&format!(
                " AND EXISTS (SELECT 1 FROM channel_members cm WHERE cm.user_id = u.id AND cm.channel_id = {p})"
            ));
        }
        if let Some(ch) = &q.not_in_channel {
            let p = sql.arg(ch);
            sql.push(&format!(
                " AND NOT EXISTS (SELECT 1 FROM channel_members cm WHERE cm.user_id = u.id AND cm.channel_id = {p})"
            ));
        }
        if q.without_team {
            sql.push(" AND NOT EXISTS (SELECT 1 FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.user_id = u.id AND tm.delete_at = 0 AND t.delete_at = 0)");
        }
        match q.active {
            Some(true) => {
                sql.push(" AND u.delete_at = 0");
            }
            Some(false) => {
                sql.push(" AND u.delete_at > 0");
            }
            None => {}
        }
        if let Some(role) = &q.role {
            // roles is a space-separated list: match the whole word
            let p = sql.arg(format!("% {role} %"));
            sql.push(&format!(" AND (' ' || u.roles || ' ') LIKE {p}"));
        }
        if !q.include_bots {
            sql.push(" AND u.is_bot = FALSE");
        }
        if let Some(term) = q.term.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let term = term.trim_start_matches('@').to_lowercase();
            let p = sql.arg(like_prefix(&term));
            let mut fields = vec!["u.username", "u.first_name", "u.last_name", "u.nickname"];
            if q.search_email {
                fields.push("u.email");
            }
            let conds: Vec<String> = fields
                .iter()
                .map(|f| format!("{f} {like} {p} ESCAPE '\\'"))
                .collect();
            // full name ("alice lid") matches first + last
            sql.push(&format!(
                " AND ({} OR (u.first_name || ' ' || u.last_name) {like} {p} ESCAPE '\\')",
                conds.join(" OR ")
            ));
        }
        sql.push(match q.sort {
            UserSort::Username => " ORDER BY u.username",
            UserSort::CreateAt => " ORDER BY u.create_at DESC, u.id",
            UserSort::LastActivity => " ORDER BY u.last_activity_at DESC, u.username",
        });
        let (l, o) = (sql.arg(q.limit), sql.arg(q.offset));
        sql.push(&format!(" LIMIT {l} OFFSET {o}"));
        all(self.db().fetch_all(sql).await?)
    }

    async fn count_users(&self, include_deleted: bool, include_bots: bool) -> StoreResult<i64> {
        let mut sql = Sql::new("SELECT COUNT(*) FROM users u WHERE 1 = 1");
        if !include_deleted {
            sql.push(" AND u.delete_at = 0");
        }
        if !include_bots {
            sql.push(" AND u.is_bot = FALSE");
        }
        self.db().scalar(sql).await
    }

    async fn update_user(&self, u: &User) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE users SET update_at = $2, delete_at = $3, username = $4, auth_data = $5, \
             auth_service = $6, email = $7, email_verified = $8, nickname = $9, first_name = $10, \
             last_name = $11, position = $12, roles = $13, allow_marketing = $14, props = $15, \
             notify_props = $16, last_picture_update = $17, locale = $18, timezone = $19, \
             last_activity_at = $20, disable_welcome_email = $21, terms_of_service_id = $22, \
             terms_of_service_create_at = $23 WHERE id = $1",
        )
        .bind(&u.id)
        .bind(u.update_at)
        .bind(u.delete_at)
        .bind(&u.username)
        .bind(&u.auth_data)
        .bind(&u.auth_service)
        .bind(&u.email)
        .bind(u.email_verified)
        .bind(&u.nickname)
        .bind(&u.first_name)
        .bind(&u.last_name)
        .bind(&u.position)
        .bind(&u.roles)
        .bind(u.allow_marketing)
        .bind(map_json(&u.props))
        .bind(map_json(&u.notify_props))
        .bind(u.last_picture_update)
        .bind(&u.locale)
        .bind(map_json(&u.timezone))
        .bind(u.last_activity_at)
        .bind(u.disable_welcome_email)
        .bind(&u.terms_of_service_id)
        .bind(u.terms_of_service_create_at);
        self.db().execute_one(sql).await
    }

    async fn update_password(&self, user_id: &str, hash: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE users SET password = $2, last_password_update = $3, update_at = $3, \
             failed_attempts = 0 WHERE id = $1",
        )
        .bind(user_id)
        .bind(hash)
        .bind(at);
        self.db().execute_one(sql).await
    }

    async fn update_failed_attempts(&self, user_id: &str, attempts: i64) -> StoreResult<()> {
        let sql = Sql::new("UPDATE users SET failed_attempts = $2 WHERE id = $1")
            .bind(user_id)
            .bind(attempts);
        self.db().execute_one(sql).await
    }

    async fn update_last_picture_update(&self, user_id: &str, at: i64) -> StoreResult<()> {
        let sql =
            Sql::new("UPDATE users SET last_picture_update = $2, update_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(at)
                .bind(at.abs());
        self.db().execute_one(sql).await
    }
}
