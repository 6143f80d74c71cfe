use crate::StoreResult;
use stoa_model::file::FileInfo;

#[async_trait::async_trait]
pub trait FileInfoStore {
    async fn insert_file_info(&self, info: &FileInfo) -> StoreResult<()>;

    /// The file, also when deleted.
    async fn get_file_info(&self, id: &str) -> StoreResult<FileInfo>;
    async fn get_file_infos_by_ids(&self, ids: &[String]) -> StoreResult<Vec<FileInfo>>;
    /// Live files of the given posts, oldest first.
    async fn get_file_infos_for_posts(&self, post_ids: &[String]) -> StoreResult<Vec<FileInfo>>;

    /// Binds files to a post: only files uploaded by `user_id` into `channel_id` that are not
    /// attached to another post. Returns the ids that were attached.
    async fn attach_files_to_post(
        &self,
        post_id: &str,
        channel_id: &str,
        user_id: &str,
        file_ids: &[String],
        at: i64,
    ) -> StoreResult<Vec<String>>;
    /// Detaches files from a post that no longer lists them (they become deleted).
    async fn delete_file_infos_for_post_except(
        &self,
        post_id: &str,
        keep: &[String],
        at: i64,
    ) -> StoreResult<()>;
    /// How many live files are attached to posts of a channel (the channel's `files_count`).
    async fn count_channel_files(&self, channel_id: &str) -> StoreResult<i64>;
    /// Soft-deletes every file of the given posts.
    async fn delete_file_infos_for_posts(&self, post_ids: &[String], at: i64) -> StoreResult<()>;
}
