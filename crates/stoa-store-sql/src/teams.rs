use crate::db::{RowExt, Sql};
use crate::dialect::like_contains;
use sqlx::any::AnyRow;
use stoa_model::team::{Team, TeamMember};
use stoa_store::{StoreResult, TeamListQuery, TeamStore};

const SELECT: &str = "SELECT t.id, t.create_at, t.update_at, t.delete_at, t.display_name, t.name, \
    t.description, t.email, t.type, t.company_name, t.allowed_domains, t.invite_id, \
    t.allow_open_invite, t.last_team_icon_update, t.scheme_id, t.group_constrained, \
    t.cloud_limits_archived FROM teams t";

const SELECT_MEMBER: &str = "SELECT tm.team_id, tm.user_id, tm.roles, tm.delete_at, tm.scheme_guest, \
    tm.scheme_user, tm.scheme_admin FROM team_members tm";

fn team_from_row(r: &AnyRow) -> StoreResult<Team> {
    Ok(Team {
        id: r.text("id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        display_name: r.text("display_name")?,
        name: r.text("name")?,
        description: r.text("description")?,
        email: r.text("email")?,
        team_type: r.text("type")?,
        company_name: r.text("company_name")?,
        allowed_domains: r.text("allowed_domains")?,
        invite_id: r.text("invite_id")?,
        allow_open_invite: r.boolean("allow_open_invite")?,
        last_team_icon_update: r.int("last_team_icon_update")?,
        scheme_id: r.opt_text("scheme_id")?,
        group_constrained: r.opt_bool("group_constrained")?,
        policy_id: None,
        cloud_limits_archived: r.boolean("cloud_limits_archived")?,
    })
}

fn member_from_row(r: &AnyRow) -> StoreResult<TeamMember> {
    Ok(TeamMember {
        team_id: r.text("team_id")?,
        user_id: r.text("user_id")?,
        roles: String::new(),
        delete_at: r.int("delete_at")?,
        scheme_guest: r.boolean("scheme_guest")?,
        scheme_user: r.boolean("scheme_user")?,
        scheme_admin: r.boolean("scheme_admin")?,
        explicit_roles: r.text("roles")?,
    }
    .with_computed_roles())
}

fn teams(rows: Vec<AnyRow>) -> StoreResult<Vec<Team>> {
    rows.iter().map(team_from_row).collect()
}

fn members(rows: Vec<AnyRow>) -> StoreResult<Vec<TeamMember>> {
    rows.iter().map(member_from_row).collect()
}

/// The WHERE clause shared by `list_teams` and `count_teams`.
fn filtered(base: &str, q: &TeamListQuery, like: &str) -> Sql {
    let mut sql = Sql::new(base);
    sql.push(" WHERE 1 = 1");
    if !q.include_deleted {
        sql.push(" AND t.delete_at = 0");
    }
    if q.open_only {
        sql.push(" AND t.allow_open_invite = TRUE");
    }
    if let Some(term) = q.term.as_deref().filter(|t| !t.is_empty()) {
        let p = sql.arg(like_contains(term));
        sql.push(&format!(
            " AND (t.name {like} {p} ESCAPE '\\' OR t.display_name {like} {p} ESCAPE '\\')"
        ));
    }
    sql
}

#[async_trait::async_trait]
impl TeamStore for crate::SqlStore {
    async fn insert_team(&self, t: &Team) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO teams (id, create_at, update_at, delete_at, display_name, name, description, \
             email, type, company_name, allowed_domains, invite_id, allow_open_invite, \
             last_team_icon_update, scheme_id, group_constrained, cloud_limits_archived) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(&t.id)
        .bind(t.create_at)
        .bind(t.update_at)
        .bind(t.delete_at)
        .bind(&t.display_name)
        .bind(&t.name)
        .bind(&t.description)
        .bind(&t.email)
        .bind(&t.team_type)
        .bind(&t.company_name)
        .bind(&t.allowed_domains)
        .bind(&t.invite_id)
        .bind(t.allow_open_invite)
        .bind(t.last_team_icon_update)
        .bind(&t.scheme_id)
        .bind(t.group_constrained)
        .bind(t.cloud_limits_archived);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_teams_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Team>> {
        let mut sql = Sql::new(&format!("{SELECT} WHERE t.id IN "));
        let list = sql.in_list(ids);
        sql.push(&list);
        teams(self.db().fetch_all(sql).await?)
    }

    async fn get_team(&self, id: &str) -> StoreResult<Team> {
        team_from_row(
            &self
                .db()
                .fetch_one(Sql::new(&format!("{SELECT} WHERE t.id = $1")).bind(id))
                .await?,
        )
    }

    async fn get_team_by_name(&self, name: &str) -> StoreResult<Team> {
        team_from_row(
            &self
                .db()
                .fetch_one(Sql::new(&format!("{SELECT} WHERE t.name = $1")).bind(name))
                .await?,
        )
    }

    async fn get_team_by_invite_id(&self, invite_id: &str) -> StoreResult<Team> {
        let sql = Sql::new(&format!("{SELECT} WHERE t.invite_id = $1")).bind(invite_id);
        team_from_row(&self.db().fetch_one(sql).await?)
    }

    async fn list_teams(&self, q: &TeamListQuery) -> StoreResult<Vec<Team>> {
        let mut sql = filtered(SELECT, q, self.db().backend.ilike());
        let (l, o) = (sql.arg(q.limit), sql.arg(q.offset));
        sql.push(&format!(
            " ORDER BY t.display_name, t.id LIMIT {l} OFFSET {o}"
        ));
        teams(self.db().fetch_all(sql).await?)
    }

    async fn count_teams(&self, q: &TeamListQuery) -> StoreResult<i64> {
        self.db()
            .scalar(filtered(
                "SELECT COUNT(*) FROM teams t",
                q,
                self.db().backend.ilike(),
            ))
            .await
    }

    async fn get_teams_for_user(&self, user_id: &str) -> StoreResult<Vec<Team>> {
        let sql = Sql::new(&format!(
            "{SELECT} JOIN team_members tm ON tm.team_id = t.id \
             WHERE tm.user_id = $1 AND tm.delete_at = 0 AND t.delete_at = 0 ORDER BY t.display_name, t.id"
        ))
        .bind(user_id);
        teams(self.db().fetch_all(sql).await?)
    }

    async fn update_team(&self, t: &Team) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE teams SET update_at = $2, delete_at = $3, display_name = $4, name = $5, \
             description = $6, email = $7, type = $8, company_name = $9, allowed_domains = $10, \
             invite_id = $11, allow_open_invite = $12, last_team_icon_update = $13, \
             scheme_id = $14, group_constrained = $15 WHERE id = $1",
        )
        .bind(&t.id)
        .bind(t.update_at)
        .bind(t.delete_at)
        .bind(&t.display_name)
        .bind(&t.name)
        .bind(&t.description)
        .bind(&t.email)
        .bind(&t.team_type)
        .bind(&t.company_name)
        .bind(&t.allowed_domains)
        .bind(&t.invite_id)
        .bind(t.allow_open_invite)
        .bind(t.last_team_icon_update)
        .bind(&t.scheme_id)
        .bind(t.group_constrained);
        self.db().execute_one(sql).await
    }

    async fn delete_team_permanently(&self, id: &str) -> StoreResult<()> {
        // Channels reference the team by value ('' for DMs), not by key: remove them first.
        self.db()
            .execute(Sql::new("DELETE FROM channels WHERE team_id = $1").bind(id))
            .await?;
        self.db()
            .execute_one(Sql::new("DELETE FROM teams WHERE id = $1").bind(id))
            .await
    }

    async fn save_team_member(&self, m: &TeamMember) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO team_members (team_id, user_id, roles, delete_at, scheme_guest, scheme_user, \
             scheme_admin, create_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (team_id, user_id) DO UPDATE SET roles = excluded.roles, \
             delete_at = excluded.delete_at, scheme_guest = excluded.scheme_guest, \
             scheme_user = excluded.scheme_user, scheme_admin = excluded.scheme_admin",
        )
        .bind(&m.team_id)
        .bind(&m.user_id)
        .bind(&m.explicit_roles)
        .bind(m.delete_at)
        .bind(m.scheme_guest)
        .bind(m.scheme_user)
        .bind(m.scheme_admin)
        .bind(stoa_model::now_ms());
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_team_member(&self, team_id: &str, user_id: &str) -> StoreResult<TeamMember> {
        let sql = Sql::new(&format!(
            "{SELECT_MEMBER} WHERE tm.team_id = $1 AND tm.user_id = $2"
        ))
        .bind(team_id)
        .bind(user_id);
        member_from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_team_members(
        &self,
        team_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<TeamMember>> {
        let sql = Sql::new(&format!(
            "{SELECT_MEMBER} WHERE tm.team_id = $1 AND tm.delete_at = 0 ORDER BY tm.user_id LIMIT $2 OFFSET $3"
        ))
        .bind(team_id)
        .bind(limit)
        .bind(offset);
        members(self.db().fetch_all(sql).await?)
    }

    async fn get_team_members_by_ids(
        &self,
        team_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Vec<TeamMember>> {
        let mut sql = Sql::new(&format!(
            "{SELECT_MEMBER} WHERE tm.team_id = $1 AND tm.delete_at = 0 AND tm.user_id IN "
        ))
        .bind(team_id);
        let list = sql.in_list(user_ids);
        sql.push(&list);
        members(self.db().fetch_all(sql).await?)
    }

    async fn get_team_members_for_user(&self, user_id: &str) -> StoreResult<Vec<TeamMember>> {
        let sql = Sql::new(&format!(
            "{SELECT_MEMBER} JOIN teams t ON t.id = tm.team_id \
             WHERE tm.user_id = $1 AND tm.delete_at = 0 AND t.delete_at = 0"
        ))
        .bind(user_id);
        members(self.db().fetch_all(sql).await?)
    }

    async fn count_team_members(&self, team_id: &str) -> StoreResult<(i64, i64)> {
        let total =
            Sql::new("SELECT COUNT(*) FROM team_members WHERE team_id = $1 AND delete_at = 0")
                .bind(team_id);
        let active = Sql::new(
            "SELECT COUNT(*) FROM team_members tm JOIN users u ON u.id = tm.user_id \
             WHERE tm.team_id = $1 AND tm.delete_at = 0 AND u.delete_at = 0",
        )
        .bind(team_id);
        Ok((
            self.db().scalar(total).await?,
            self.db().scalar(active).await?,
        ))
    }
}
