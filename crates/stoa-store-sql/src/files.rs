use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_model::file::FileInfo;
use stoa_store::{FileInfoStore, StoreResult};

pub(crate) const SELECT: &str = "SELECT id, creator_id, post_id, channel_id, create_at, update_at, delete_at, path, \
    thumbnail_path, preview_path, name, extension, size, mime_type, width, height, has_preview_image, \
    mini_preview, remote_id, archived FROM file_infos";

fn from_row(r: &AnyRow) -> StoreResult<FileInfo> {
    Ok(FileInfo {
        id: r.text("id")?,
        user_id: r.text("creator_id")?,
        post_id: r.text("post_id")?,
        channel_id: r.text("channel_id")?,
        create_at: r.int("create_at")?,
        update_at: r.int("update_at")?,
        delete_at: r.int("delete_at")?,
        path: r.text("path")?,
        thumbnail_path: r.text("thumbnail_path")?,
        preview_path: r.text("preview_path")?,
        name: r.text("name")?,
        extension: r.text("extension")?,
        size: r.int("size")?,
        mime_type: r.text("mime_type")?,
        width: r.int("width")?,
        height: r.int("height")?,
        has_preview_image: r.boolean("has_preview_image")?,
        mini_preview: r.opt_text("mini_preview")?,
        remote_id: r.opt_text("remote_id")?,
        archived: r.boolean("archived")?,
    })
}

pub(crate) fn all(rows: Vec<AnyRow>) -> StoreResult<Vec<FileInfo>> {
    rows.iter().map(from_row).collect()
}

#[async_trait::async_trait]
impl FileInfoStore for crate::SqlStore {
    async fn insert_file_info(&self, f: &FileInfo) -> StoreResult<()> {
        let sql = Sql::new(
            "INSERT INTO file_infos (id, creator_id, post_id, channel_id, create_at, update_at, delete_at, \
             path, thumbnail_path, preview_path, name, extension, size, mime_type, width, height, \
             has_preview_image, mini_preview, remote_id, archived, search_terms) VALUES ($1, $2, $3, $4, \
             $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(&f.id)
        .bind(&f.user_id)
        .bind(&f.post_id)
        .bind(&f.channel_id)
        .bind(f.create_at)
        .bind(f.update_at)
        .bind(f.delete_at)
        .bind(&f.path)
        .bind(&f.thumbnail_path)
        .bind(&f.preview_path)
        .bind(&f.name)
        .bind(&f.extension)
        .bind(f.size)
        .bind(&f.mime_type)
        .bind(f.width)
        .bind(f.height)
        .bind(f.has_preview_image)
        .bind(&f.mini_preview)
        .bind(&f.remote_id)
        .bind(f.archived)
        .bind(crate::search::file_terms(&f.name));
        self.db().execute(sql).await.map(|_| ())
    }

    async fn get_file_info(&self, id: &str) -> StoreResult<FileInfo> {
        from_row(
            &self
                .db()
                .fetch_one(Sql::new(&format!("{SELECT} WHERE id = $1")).bind(id))
                .await?,
        )
    }

    async fn get_file_infos_by_ids(&self, ids: &[String]) -> StoreResult<Vec<FileInfo>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("{SELECT} WHERE id IN "));
        let list = sql.in_list(ids);
        sql.push(&list);
        sql.push(" ORDER BY create_at, id");
        all(self.db().fetch_all(sql).await?)
    }

    async fn get_file_infos_for_posts(&self, post_ids: &[String]) -> StoreResult<Vec<FileInfo>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("{SELECT} WHERE delete_at = 0 AND post_id IN "));
        let list = sql.in_list(post_ids);
        sql.push(&list);
        sql.push(" ORDER BY create_at, id");
        all(self.db().fetch_all(sql).await?)
    }

    async fn attach_files_to_post(
        &self,
        post_id: &str,
        channel_id: &str,
        user_id: &str,
        file_ids: &[String],
        at: i64,
    ) -> StoreResult<Vec<String>> {
        if file_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "UPDATE file_infos SET post_id = $1, update_at = $4 WHERE channel_id = $2 AND creator_id = $3 \
             AND delete_at = 0 AND (post_id = '' OR post_id = $1) AND id IN ",
        )
        .bind(post_id)
        .bind(channel_id)
        .bind(user_id)
        .bind(at);
        let list = sql.in_list(file_ids);
        sql.push(&list);
        sql.push(" RETURNING id");
        self.db()
            .write_returning(sql)
            .await?
            .iter()
            .map(|r| r.text("id"))
            .collect()
    }

    async fn delete_file_infos_for_post_except(
        &self,
        post_id: &str,
        keep: &[String],
        at: i64,
    ) -> StoreResult<()> {
        let mut sql = Sql::new("UPDATE file_infos SET delete_at = $2, update_at = $2 WHERE post_id = $1 AND delete_at = 0")
            .bind(post_id)
            .bind(at);
        if !keep.is_empty() {
            let list = sql.in_list(keep);
            sql.push(&format!(" AND id NOT IN {list}"));
        }
        self.db().execute(sql).await.map(|_| ())
    }

    async fn count_channel_files(&self, channel_id: &str) -> StoreResult<i64> {
        let sql = Sql::new(
            "SELECT COUNT(*) FROM file_infos WHERE channel_id = $1 AND post_id <> '' AND delete_at = 0",
        )
        .bind(channel_id);
        self.db().scalar(sql).await
    }

    async fn delete_file_infos_for_posts(&self, post_ids: &[String], at: i64) -> StoreResult<()> {
        if post_ids.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new("UPDATE file_infos SET delete_at = $1, update_at = $1 WHERE delete_at = 0 AND post_id IN ").bind(at);
        let list = sql.in_list(post_ids);
        sql.push(&list);
        self.db().execute(sql).await.map(|_| ())
    }
}
