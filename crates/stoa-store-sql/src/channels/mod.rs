mod categories;

use crate::db::{RowExt, Sql, map_json, opt_json};
use crate::dialect::like_contains;
use sqlx::any::AnyRow;
use stoa_model::channel::{Channel, ChannelMember};
use stoa_store::{ChannelCounters, ChannelListQuery, ChannelStore, MentionCandidate, StoreResult};

const SELECT: &str = "SELECT c.id, c.create_at, c.update_at, c.delete_at, c.team_id, c.type, \
    c.display_name, c.name, c.header, c.purpose, c.last_post_at, c.total_msg_count, \
    c.extra_update_at, c.creator_id, c.scheme_id, c.props, c.group_constrained, c.shared, \
    c.total_msg_count_root, c.last_root_post_at FROM channels c";

const SELECT_MEMBER: &str = "SELECT cm.channel_id, cm.user_id, cm.roles, cm.last_viewed_at, \
    cm.msg_count, cm.mention_count, cm.mention_count_root, cm.urgent_mention_count, \
    cm.msg_count_root, cm.notify_props, cm.last_update_at, cm.scheme_guest, cm.scheme_user, \
    cm.scheme_admin FROM channel_members cm";

fn channel_from_row(r: &AnyRow) -> StoreResult<Channel> {
    Ok(Channel {
        id: r.text("id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        team_id: r.text("team_id")?,
        channel_type: r.text("type")?,
        display_name: r.text("display_name")?,
        name: r.text("name")?,
        header: r.text("header")?,
        purpose: r.text("purpose")?,
        last_post_at: r.int("last_post_at")?,
        total_msg_count: r.int("total_msg_count")?,
        extra_update_at: r.int("extra_update_at")?,
        creator_id: r.text("creator_id")?,
        scheme_id: r.opt_text("scheme_id")?,
        props: r.json("props")?,
        group_constrained: r.opt_bool("group_constrained")?,
        shared: r.opt_bool("shared")?,
        total_msg_count_root: r.int("total_msg_count_root")?,
        policy_id: None,
        last_root_post_at: r.int("last_root_post_at")?,
    })
}

fn member_from_row(r: &AnyRow) -> StoreResult<ChannelMember> {
    Ok(ChannelMember {
        channel_id: r.text("channel_id")?,
        user_id: r.text("user_id")?,
        roles: String::new(),
        last_viewed_at: r.int("last_viewed_at")?,
        msg_count: r.int("msg_count")?,
        mention_count: r.int("mention_count")?,
        mention_count_root: r.int("mention_count_root")?,
        urgent_mention_count: r.int("urgent_mention_count")?,
        msg_count_root: r.int("msg_count_root")?,
        notify_props: r.string_map("notify_props")?,
        last_update_at: r.int("last_update_at")?,
        scheme_guest: r.boolean("scheme_guest")?,
        scheme_user: r.boolean("scheme_user")?,
        scheme_admin: r.boolean("scheme_admin")?,
        explicit_roles: r.text("roles")?,
    }
    .with_computed_roles())
}

fn channels(rows: Vec<AnyRow>) -> StoreResult<Vec<Channel>> {
    rows.iter().map(channel_from_row).collect()
}

fn members(rows: Vec<AnyRow>) -> StoreResult<Vec<ChannelMember>> {
    rows.iter().map(member_from_row).collect()
}

/// `(c.team_id = $n OR c.type IN ('D', 'G'))`, or nothing for all teams.
fn team_or_direct(sql: &mut Sql, team_id: Option<&str>) {
    if let Some(team) = team_id {
        let p = sql.arg(team);
        sql.push(&format!(" AND (c.team_id = {p} OR c.type IN ('D', 'G'))"));
    }
}

impl crate::SqlStore {
    /// The `WHERE` clause of a channel list.
    fn channel_filter(&self, sql: &mut Sql, q: &ChannelListQuery) {
        let like = self.db().backend.ilike();
        if !q.all_teams {
            let team = sql.arg(&q.team_id);
            sql.push(&format!(" WHERE c.team_id = {team}"));
        } else if q.team_ids.is_empty() {
            sql.push(" WHERE c.team_id <> ''");
        } else {
            let teams = sql.in_list(&q.team_ids);
            sql.push(&format!(" WHERE c.team_id IN {teams}"));
        }
        let types = sql.in_list(&q.types);
        sql.push(&format!(" AND c.type IN {types}"));
        if !q.exclude_names.is_empty() {
            let names = sql.in_list(&q.exclude_names);
            sql.push(&format!(" AND c.name NOT IN {names}"));
        }
        if q.only_deleted {
            sql.push(" AND c.delete_at > 0");
        } else if !q.include_deleted {
            sql.push(" AND c.delete_at = 0");
        }
        if let Some(user) = &q.not_member_of {
            let p = sql.arg(user);
            sql.push(&format!(
                " AND NOT EXISTS (SELECT 1 FROM channel_members cm WHERE cm.channel_id = c.id AND cm.user_id = {p})"
            ));
        }
        if let Some(user) = &q.member_of {
            let p = sql.arg(user);
            sql.push(&format!(
                " AND EXISTS (SELECT 1 FROM channel_members cm WHERE cm.channel_id = c.id AND cm.user_id = {p})"
            ));
        }
        if let Some(term) = q.term.as_deref().filter(|t| !t.is_empty()) {
            let p = sql.arg(like_contains(term));
            sql.push(&format!(
                " AND (c.name {like} {p} ESCAPE '\\' OR c.display_name {like} {p} ESCAPE '\\' OR c.purpose {like} {p} ESCAPE '\\')"
            ));
        }
    }
}

#[async_trait::async_trait]
impl ChannelStore for crate::SqlStore {
    async fn insert_channel(&self, c: &Channel) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO channels (id, create_at, update_at, delete_at, team_id, type, display_name, \
             name, header, purpose, last_post_at, total_msg_count, extra_update_at, creator_id, \
             scheme_id, props, group_constrained, shared, total_msg_count_root, last_root_post_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $20)",
        )
        .bind(&c.id)
        .bind(c.create_at)
        .bind(c.update_at)
        .bind(c.delete_at)
        .bind(&c.team_id)
        .bind(&c.channel_type)
        .bind(&c.display_name)
        .bind(&c.name)
        .bind(&c.header)
        .bind(&c.purpose)
        .bind(c.last_post_at)
        .bind(c.total_msg_count)
        .bind(c.extra_update_at)
        .bind(&c.creator_id)
        .bind(&c.scheme_id)
        .bind(opt_json(&c.props))
        .bind(c.group_constrained)
        .bind(c.shared)
        .bind(c.total_msg_count_root)
        .bind(c.last_root_post_at);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_channel(&self, id: &str) -> StoreResult<Channel> {
        channel_from_row(
            &self
                .db()
                .fetch_one(Sql::new(&format!("{SELECT} WHERE c.id = $1")).bind(id))
                .await?,
        )
    }

    async fn get_channel_by_name(&self, team_id: &str, name: &str) -> StoreResult<Channel> {
        let sql = Sql::new(&format!("{SELECT} WHERE c.team_id = $1 AND c.name = $2"))
            .bind(team_id)
            .bind(name);
        channel_from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_channels_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Channel>> {
        let mut sql = Sql::new(&format!("{SELECT} WHERE c.id IN "));
        let list = sql.in_list(ids);
        sql.push(&list);
        channels(self.db().fetch_all(sql).await?)
    }

    async fn list_channels(&self, q: &ChannelListQuery) -> StoreResult<Vec<Channel>> {
        let mut sql = Sql::new(SELECT);
        self.channel_filter(&mut sql, q);
        let (l, o) = (sql.arg(q.limit), sql.arg(q.offset));
        sql.push(&format!(
            " ORDER BY c.display_name, c.id LIMIT {l} OFFSET {o}"
        ));
        channels(self.db().fetch_all(sql).await?)
    }

    async fn count_channels(&self, q: &ChannelListQuery) -> StoreResult<i64> {
        let mut sql = Sql::new("SELECT COUNT(*) FROM channels c");
        self.channel_filter(&mut sql, q);
        self.db().scalar(sql).await
    }

    async fn get_members_of_channels(
        &self,
        channel_ids: &[String],
    ) -> StoreResult<Vec<(String, String)>> {
        let mut sql =
            Sql::new("SELECT channel_id, user_id FROM channel_members WHERE channel_id IN ");
        let ids = sql.in_list(channel_ids);
        sql.push(&ids);
        sql.push(" ORDER BY channel_id, user_id");
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| Ok((r.text("channel_id")?, r.text("user_id")?)))
            .collect()
    }

    async fn get_channels_for_user(
        &self,
        user_id: &str,
        team_id: Option<&str>,
        include_deleted: bool,
        last_delete_at: i64,
    ) -> StoreResult<Vec<Channel>> {
        let mut sql = Sql::new(&format!(
            "{SELECT} JOIN channel_members cm ON cm.channel_id = c.id WHERE cm.user_id = $1"
        ))
        .bind(user_id);
        team_or_direct(&mut sql, team_id);
        if include_deleted {
            let p = sql.arg(last_delete_at);
            sql.push(&format!(" AND (c.delete_at = 0 OR c.delete_at > {p})"));
        } else {
            sql.push(" AND c.delete_at = 0");
        }
        sql.push(" ORDER BY c.display_name, c.id");
        channels(self.db().fetch_all(sql).await?)
    }

    async fn update_channel(&self, c: &Channel) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE channels SET update_at = $2, delete_at = $3, type = $4, display_name = $5, \
             name = $6, header = $7, purpose = $8, scheme_id = $9, props = $10, \
             group_constrained = $11, shared = $12, team_id = $13 WHERE id = $1",
        )
        .bind(&c.id)
        .bind(c.update_at)
        .bind(c.delete_at)
        .bind(&c.channel_type)
        .bind(&c.display_name)
        .bind(&c.name)
        .bind(&c.header)
        .bind(&c.purpose)
        .bind(&c.scheme_id)
        .bind(opt_json(&c.props))
        .bind(c.group_constrained)
        .bind(c.shared)
        .bind(&c.team_id);
        self.db().execute_one(sql).await
    }

    async fn delete_channel_permanently(&self, id: &str) -> StoreResult<()> {
        self.db()
            .execute_one(Sql::new("DELETE FROM channels WHERE id = $1").bind(id))
            .await
    }

    async fn insert_channel_member(&self, m: &ChannelMember) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO channel_members (channel_id, user_id, roles, last_viewed_at, msg_count, \
             mention_count, mention_count_root, urgent_mention_count, msg_count_root, notify_props, \
             last_update_at, scheme_guest, scheme_user, scheme_admin) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&m.channel_id)
        .bind(&m.user_id)
        .bind(&m.explicit_roles)
        .bind(m.last_viewed_at)
        .bind(m.msg_count)
        .bind(m.mention_count)
        .bind(m.mention_count_root)
        .bind(m.urgent_mention_count)
        .bind(m.msg_count_root)
        .bind(map_json(&m.notify_props))
        .bind(m.last_update_at)
        .bind(m.scheme_guest)
        .bind(m.scheme_user)
        .bind(m.scheme_admin);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_channel_member(
        &self,
        channel_id: &str,
        user_id: &str,
    ) -> StoreResult<ChannelMember> {
        let sql = Sql::new(&format!(
            "{SELECT_MEMBER} WHERE cm.channel_id = $1 AND cm.user_id = $2"
        ))
        .bind(channel_id)
        .bind(user_id);
        member_from_row(&self.db().fetch_one(sql).await?)
    }

    async fn get_channel_members(
        &self,
        channel_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChannelMember>> {
        let sql = Sql::new(&format!(
            "{SELECT_MEMBER} WHERE cm.channel_id = $1 ORDER BY cm.user_id LIMIT $2 OFFSET $3"
        ))
        .bind(channel_id)
        .bind(limit)
        .bind(offset);
        members(self.db().fetch_all(sql).await?)
    }

    async fn get_channel_members_by_ids(
        &self,
        channel_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Vec<ChannelMember>> {
        let mut sql = Sql::new(&format!(
            "{SELECT_MEMBER} WHERE cm.channel_id = $1 AND cm.user_id IN "
        ))
        .bind(channel_id);
        let list = sql.in_list(user_ids);
        sql.push(&list);
        members(self.db().fetch_all(sql).await?)
    }

    async fn get_channel_members_for_user(
        &self,
        user_id: &str,
        team_id: Option<&str>,
    ) -> StoreResult<Vec<ChannelMember>> {
        let mut sql = Sql::new(&format!(
            "{SELECT_MEMBER} JOIN channels c ON c.id = cm.channel_id WHERE cm.user_id = $1"
        ))
        .bind(user_id);
        team_or_direct(&mut sql, team_id);
        members(self.db().fetch_all(sql).await?)
    }

    async fn count_channel_members(&self, channel_id: &str) -> StoreResult<i64> {
        let sql = Sql::new(
            "SELECT COUNT(*) FROM channel_members cm JOIN users u ON u.id = cm.user_id \
             WHERE cm.channel_id = $1 AND u.delete_at = 0",
        )
        .bind(channel_id);
        self.db().scalar(sql).await
    }

    async fn update_channel_member(&self, m: &ChannelMember) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE channel_members SET roles = $3, last_viewed_at = $4, msg_count = $5, \
             mention_count = $6, mention_count_root = $7, urgent_mention_count = $8, \
             msg_count_root = $9, notify_props = $10, last_update_at = $11, scheme_guest = $12, \
             scheme_user = $13, scheme_admin = $14 WHERE channel_id = $1 AND user_id = $2",
        )
        .bind(&m.channel_id)
        .bind(&m.user_id)
        .bind(&m.explicit_roles)
        .bind(m.last_viewed_at)
        .bind(m.msg_count)
        .bind(m.mention_count)
        .bind(m.mention_count_root)
        .bind(m.urgent_mention_count)
        .bind(m.msg_count_root)
        .bind(map_json(&m.notify_props))
        .bind(m.last_update_at)
        .bind(m.scheme_guest)
        .bind(m.scheme_user)
        .bind(m.scheme_admin);
        self.db().execute_one(sql).await
    }

    async fn mark_channels_viewed(
        &self,
        user_id: &str,
        channel_ids: &[String],
        now: i64,
    ) -> StoreResult<Vec<String>> {
        let mut sql = Sql::new(
            "UPDATE channel_members SET last_viewed_at = $2, last_update_at = $2, \
             mention_count = 0, mention_count_root = 0, urgent_mention_count = 0, \
             msg_count = (SELECT c.total_msg_count FROM channels c WHERE c.id = channel_members.channel_id), \
             msg_count_root = (SELECT c.total_msg_count_root FROM channels c WHERE c.id = channel_members.channel_id) \
             WHERE user_id = $1 AND channel_id IN ",
        )
        .bind(user_id)
        .bind(now);
        let list = sql.in_list(channel_ids);
        sql.push(&list);
        sql.push(" RETURNING channel_id");
        self.db()
            .write_returning(sql)
            .await?
            .iter()
            .map(|r| r.text("channel_id"))
            .collect()
    }

    async fn delete_channel_member(&self, channel_id: &str, user_id: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2")
            .bind(channel_id)
            .bind(user_id);
        self.db().execute_one(sql).await
    }

    async fn delete_channel_members_for_user_in_team(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<()> {
        let sql = Sql::new(
            "DELETE FROM channel_members WHERE user_id = $1 AND channel_id IN \
             (SELECT id FROM channels WHERE team_id = $2)",
        )
        .bind(user_id)
        .bind(team_id);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn record_post_in_channel(
        &self,
        channel_id: &str,
        is_root: bool,
        at: i64,
    ) -> StoreResult<()> {
        let root = i64::from(is_root);
        let sql = Sql::new(
            "UPDATE channels SET total_msg_count = total_msg_count + 1, \
             total_msg_count_root = total_msg_count_root + $2, \
             last_post_at = CASE WHEN $3 > last_post_at THEN $3 ELSE last_post_at END, \
             last_root_post_at = CASE WHEN $2 = 1 AND $3 > last_root_post_at THEN $3 ELSE last_root_post_at END \
             WHERE id = $1",
        )
        .bind(channel_id)
        .bind(root)
        .bind(at);
        self.db().execute_one(sql).await
    }

    async fn increment_mention_counts(
        &self,
        channel_id: &str,
        user_ids: &[String],
        is_root: bool,
        urgent: bool,
        at: i64,
    ) -> StoreResult<()> {
        if user_ids.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new(
            "UPDATE channel_members SET mention_count = mention_count + 1, \
             mention_count_root = mention_count_root + $2, urgent_mention_count = urgent_mention_count + $3, \
             last_update_at = $4 WHERE channel_id = $1 AND user_id IN ",
        )
        .bind(channel_id)
        .bind(i64::from(is_root))
        .bind(i64::from(urgent))
        .bind(at);
        let list = sql.in_list(user_ids);
        sql.push(&list);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_mention_candidates(&self, channel_id: &str) -> StoreResult<Vec<MentionCandidate>> {
        let sql = Sql::new(
            "SELECT u.id, u.username, u.first_name, u.is_bot, u.delete_at, u.notify_props, \
             cm.notify_props AS member_notify_props FROM channel_members cm JOIN users u ON u.id = cm.user_id \
             WHERE cm.channel_id = $1",
        )
        .bind(channel_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| {
                Ok(MentionCandidate {
                    user_id: r.text("id")?,
                    username: r.text("username")?,
                    first_name: r.text("first_name")?,
                    is_bot: r.boolean("is_bot")?,
                    active: r.int("delete_at")? == 0,
                    user_notify_props: r.string_map("notify_props")?,
                    member_notify_props: r.string_map("member_notify_props")?,
                })
            })
            .collect()
    }

    async fn get_channel_counters_for_user(
        &self,
        user_id: &str,
    ) -> StoreResult<Vec<ChannelCounters>> {
        let sql = Sql::new(
            "SELECT c.id, c.team_id, c.total_msg_count, c.total_msg_count_root, cm.msg_count, cm.msg_count_root, \
             cm.mention_count, cm.mention_count_root, cm.urgent_mention_count, cm.notify_props \
             FROM channel_members cm JOIN channels c ON c.id = cm.channel_id WHERE cm.user_id = $1 AND c.delete_at = 0",
        )
        .bind(user_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| {
                let props = r.string_map("notify_props")?;
                Ok(ChannelCounters {
                    channel_id: r.text("id")?,
                    team_id: r.text("team_id")?,
                    total_msg_count: r.int("total_msg_count")?,
                    total_msg_count_root: r.int("total_msg_count_root")?,
                    msg_count: r.int("msg_count")?,
                    msg_count_root: r.int("msg_count_root")?,
                    mention_count: r.int("mention_count")?,
                    mention_count_root: r.int("mention_count_root")?,
                    urgent_mention_count: r.int("urgent_mention_count")?,
                    muted: props.get("mark_unread").map(String::as_str) == Some("mention"),
                })
            })
            .collect()
    }
}
