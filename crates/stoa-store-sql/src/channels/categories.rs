use crate::db::{Db, RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::channel::{
    CHANNEL_DIRECT, CHANNEL_GROUP, CHANNEL_OPEN, CHANNEL_PRIVATE, SidebarCategory, sidebar,
};
use stoa_model::preference::category::FAVORITE_CHANNEL;
use stoa_store::{ChannelCategoryStore, StoreResult};

const SELECT: &str = "SELECT id, user_id, team_id, sort_order, sorting, type, display_name, \
    muted, collapsed FROM sidebar_categories";

/// Rows per multi-row `INSERT` or `IN` list.
const CHUNK: usize = 500;

fn category_from_row(r: &AnyRow) -> StoreResult<SidebarCategory> {
    Ok(SidebarCategory {
        id: r.text("id")?,
        user_id: r.text("user_id")?,
        team_id: r.text("team_id")?,
        sort_order: r.int("sort_order")?,
        sorting: r.text("sorting")?,
        category_type: r.text("type")?,
        display_name: r.text("display_name")?,
        muted: r.boolean("muted")?,
        collapsed: r.boolean("collapsed")?,
        channel_ids: Vec::new(),
    })
}

/// The channel types a default category shows when they are in no category.
fn shown_types(category_type: &str) -> &'static [&'static str] {
    match category_type {
        sidebar::CHANNELS => &[CHANNEL_OPEN, CHANNEL_PRIVATE],
        sidebar::DIRECT_MESSAGES => &[CHANNEL_DIRECT, CHANNEL_GROUP],
        _ => &[],
    }
}

/// Fills the categories (all of one user in one team) with their channels: the stored ones in
/// order, after the unplaced live channels for `channels` and `direct_messages`.
async fn fill_channels(
    db: &Db,
    user_id: &str,
    team_id: &str,
    cats: &mut [SidebarCategory],
    only_category: Option<&str>,
) -> StoreResult<()> {
    let mut sql = Sql::new(
        "SELECT category_id, channel_id FROM sidebar_channels WHERE user_id = $1 AND team_id = $2",
    )
    .bind(user_id)
    .bind(team_id);
    if let Some(id) = only_category {
        let p = sql.arg(id);
        sql.push(&format!(" AND category_id = {p}"));
    }
    sql.push(" ORDER BY sort_order, channel_id");
    let mut stored: Vec<(String, String)> = Vec::new();
    for r in db.fetch_all(sql).await? {
        stored.push((r.text("category_id")?, r.text("channel_id")?));
    }

    let wanted: Vec<&str> = cats
        .iter()
        .flat_map(|c| shown_types(&c.category_type).iter().copied())
        .collect();
    let mut unplaced: Vec<(String, String)> = Vec::new();
    if !wanted.is_empty() {
        let sql = Sql::new(
            "SELECT c.id, c.type FROM channel_members cm JOIN channels c ON c.id = cm.channel_id \
             WHERE cm.user_id = $1 AND c.delete_at = 0 \
             AND (c.team_id = $2 OR c.type IN ('D', 'G')) \
             AND NOT EXISTS (SELECT 1 FROM sidebar_channels sc \
             WHERE sc.user_id = $1 AND sc.team_id = $2 AND sc.channel_id = c.id) \
             ORDER BY c.display_name, c.id",
        )
        .bind(user_id)
        .bind(team_id);
        for r in db.fetch_all(sql).await? {
            let kind = r.text("type")?;
            if wanted.contains(&kind.as_str()) {
                unplaced.push((r.text("id")?, kind));
            }
        }
    }

    for cat in cats.iter_mut() {
        let types = shown_types(&cat.category_type);
        cat.channel_ids = unplaced
            .iter()
            .filter(|(_, kind)| types.contains(&kind.as_str()))
            .map(|(id, _)| id.clone())
            .chain(
                stored
                    .iter()
                    .filter(|(cat_id, _)| *cat_id == cat.id)
                    .map(|(_, ch)| ch.clone()),
            )
            .collect();
    }
    Ok(())
}

#[async_trait::async_trait]
impl ChannelCategoryStore for crate::SqlStore {
    async fn create_initial_sidebar_categories(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<()> {
        let mut order = 0;
        for kind in sidebar::DEFAULTS {
            let id = sidebar::default_category_id(kind, user_id, team_id);
            let sql = Sql::new(
                "INSERT INTO sidebar_categories (id, user_id, team_id, sort_order, sorting, type, \
                 display_name, muted, collapsed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(user_id)
            .bind(team_id)
            .bind(order)
            .bind(sidebar::default_sorting(kind))
            .bind(kind)
            .bind(sidebar::default_display_name(kind))
            .bind(false);
            let created = self.db().execute(sql).await? > 0;
            order += sidebar::SORT_DISTANCE;
            if created && kind == sidebar::FAVORITES {
                // Favourites chosen before the user had categories here (preferences).
                let sql = Sql::new(
                    "INSERT INTO sidebar_channels (user_id, team_id, channel_id, category_id, sort_order) \
                     SELECT $1, $2, c.id, $3, \
                     (ROW_NUMBER() OVER (ORDER BY c.display_name, c.name, c.id) - 1) * $5 \
                     FROM preferences p JOIN channels c ON c.id = p.name \
                     JOIN channel_members cm ON cm.channel_id = c.id AND cm.user_id = p.user_id \
                     WHERE p.user_id = $1 AND p.category = $4 AND p.value = 'true' \
                     AND (c.team_id = $2 OR c.team_id = '') \
                     AND NOT EXISTS (SELECT 1 FROM sidebar_channels sc \
                     WHERE sc.user_id = $1 AND sc.team_id = $2 AND sc.channel_id = c.id)",
                )
                .bind(user_id)
                .bind(team_id)
                .bind(&id)
                .bind(FAVORITE_CHANNEL)
                .bind(sidebar::SORT_DISTANCE);
                self.db().execute(sql).await?;
            }
        }
        Ok(())
    }

    async fn insert_sidebar_category(&self, c: &SidebarCategory) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO sidebar_categories (id, user_id, team_id, sort_order, sorting, type, \
             display_name, muted, collapsed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&c.id)
        .bind(&c.user_id)
        .bind(&c.team_id)
        .bind(c.sort_order)
        .bind(&c.sorting)
        .bind(&c.category_type)
        .bind(&c.display_name)
        .bind(c.muted)
        .bind(c.collapsed);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_sidebar_categories(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<Vec<SidebarCategory>> {
        let sql = Sql::new(&format!(
            "{SELECT} WHERE user_id = $1 AND team_id = $2 ORDER BY sort_order, id"
        ))
        .bind(user_id)
        .bind(team_id);
        let mut cats = self
            .db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(category_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        if !cats.is_empty() {
            fill_channels(self.db(), user_id, team_id, &mut cats, None).await?;
        }
        Ok(cats)
    }

    async fn get_sidebar_category(&self, id: &str) -> StoreResult<SidebarCategory> {
        let row = self
            .db()
            .fetch_one(Sql::new(&format!("{SELECT} WHERE id = $1")).bind(id))
            .await?;
        let mut cat = [category_from_row(&row)?];
        let (user_id, team_id) = (cat[0].user_id.clone(), cat[0].team_id.clone());
        fill_channels(self.db(), &user_id, &team_id, &mut cat, Some(id)).await?;
        let [cat] = cat;
        Ok(cat)
    }

    async fn get_sidebar_category_order(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<Vec<String>> {
        let sql = Sql::new(
            "SELECT id FROM sidebar_categories WHERE user_id = $1 AND team_id = $2 \
             ORDER BY sort_order, id",
        )
        .bind(user_id)
        .bind(team_id);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| r.text("id"))
            .collect()
    }

    async fn update_sidebar_category(&self, c: &SidebarCategory) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE sidebar_categories SET display_name = $2, sorting = $3, muted = $4, \
             collapsed = $5 WHERE id = $1",
        )
        .bind(&c.id)
        .bind(&c.display_name)
        .bind(&c.sorting)
        .bind(c.muted)
        .bind(c.collapsed);
        self.db().execute_one(sql).await
    }

    async fn set_sidebar_category_order(
        &self,
        user_id: &str,
        team_id: &str,
        order: &[String],
    ) -> StoreResult<()> {
        let mut position = 0;
        for id in order {
            let sql = Sql::new(
                "UPDATE sidebar_categories SET sort_order = $4 \
                 WHERE id = $1 AND user_id = $2 AND team_id = $3",
            )
            .bind(id)
            .bind(user_id)
            .bind(team_id)
            .bind(position);
            self.db().execute(sql).await?;
            position += sidebar::SORT_DISTANCE;
        }
        Ok(())
    }

    async fn set_sidebar_category_channels(
        &self,
        c: &SidebarCategory,
        channel_ids: &[String],
    ) -> StoreResult<()> {
        self.db()
            .execute(Sql::new("DELETE FROM sidebar_channels WHERE category_id = $1").bind(&c.id))
            .await?;
        self.remove_sidebar_channels(&c.user_id, &c.team_id, channel_ids)
            .await?;
        let mut position = 0;
        for chunk in channel_ids.chunks(CHUNK) {
            let mut sql = Sql::new(
                "INSERT INTO sidebar_channels (user_id, team_id, channel_id, category_id, sort_order) VALUES ",
            )
            .bind(&c.user_id)
            .bind(&c.team_id)
            .bind(&c.id);
            let mut rows = Vec::with_capacity(chunk.len());
            for channel_id in chunk {
                let (ch, at) = (sql.arg(channel_id), sql.arg(position));
                rows.push(format!("($1, $2, {ch}, $3, {at})"));
                position += sidebar::SORT_DISTANCE;
            }
            sql.push(&rows.join(", "));
            self.db().execute(sql).await?;
        }
        Ok(())
    }

    async fn remove_sidebar_channels(
        &self,
        user_id: &str,
        team_id: &str,
        channel_ids: &[String],
    ) -> StoreResult<()> {
        for chunk in channel_ids.chunks(CHUNK) {
            let mut sql = Sql::new(
                "DELETE FROM sidebar_channels WHERE user_id = $1 AND team_id = $2 AND channel_id IN ",
            )
            .bind(user_id)
            .bind(team_id);
            let list = sql.in_list(chunk);
            sql.push(&list);
            self.db().execute(sql).await?;
        }
        Ok(())
    }

    async fn delete_sidebar_category(&self, id: &str) -> StoreResult<()> {
        // Its channels go with it (foreign key), back to the default categories.
        self.db()
            .execute_one(Sql::new("DELETE FROM sidebar_categories WHERE id = $1").bind(id))
            .await
    }

    async fn delete_sidebar_categories_for_user_in_team(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM sidebar_categories WHERE user_id = $1 AND team_id = $2")
            .bind(user_id)
            .bind(team_id);
        self.db().execute(sql).await.map(|_| ())
    }
}
