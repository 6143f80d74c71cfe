//! Files: uploads (streamed to a staging file under a size limit, then into the file store),
//! image thumbnails and previews, downloads, and public links.

mod decoders;
mod images;
mod kinds;

pub(crate) use decoders::DecoderPool;
pub use images::{
    Inspected, PREVIEW_WIDTH, SquareError, THUMBNAIL_HEIGHT, THUMBNAIL_WIDTH, inspect, square_png,
};

use bytes::Bytes;
use hmac::{KeyInit, Mac};
use std::ops::Range;
use std::path::PathBuf;
use stoa_model::channel::Channel;
use stoa_model::file::FileInfo;
use stoa_model::{new_id, now_ms};
use stoa_store::OptionalExt;
use tokio::io::AsyncWriteExt;

use crate::ports::ByteStream;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// Where upload chunks come from (a multipart field, a raw body).
#[async_trait::async_trait]
pub trait Upload: Send {
    /// The next chunk; `Ok(None)` at the end.
    async fn next_chunk(&mut self) -> std::result::Result<Option<Bytes>, UploadError>;
}

#[derive(Debug)]
pub enum UploadError {
    /// The body could not be read (client went away, malformed multipart).
    Read(String),
}

/// Which bytes of a file to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendition {
    Original,
    Thumbnail,
    Preview,
}

/// A file to send: its info, the content type to send it with, and its bytes.
pub struct FileDownload {
    pub info: FileInfo,
    pub content_type: String,
    /// Sent as an attachment (never rendered by the browser in our origin).
    pub attachment: bool,
    /// The object's whole size.
    pub total: u64,
    /// The bytes sent, when a range was asked for.
    pub range: Option<Range<u64>>,
    pub body: ByteStream,
}

/// A `Range: bytes=` request, resolved against the file's size by core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `start-` or `start-end` (inclusive).
    From { start: u64, end: Option<u64> },
    /// `-n`: the last n bytes.
    Last(u64),
}

impl ByteRange {
    /// The half-open range within a file of `size` bytes; `None` when none of it is inside.
    pub fn resolve(self, size: u64) -> Option<Range<u64>> {
        let range = match self {
            ByteRange::From { start, end } => {
                start..end.map_or(size, |e| e.saturating_add(1).min(size))
            }
            ByteRange::Last(n) => size.saturating_sub(n)..size,
        };
        (range.start < range.end).then_some(range)
    }
}

/// Longest file name accepted (bytes): what one path segment may hold on common file systems
/// (the local file store keeps the name as the object's last segment).
const MAX_NAME: usize = 255;
/// Longest last segment of a stored object's path: a path segment's 255 bytes, less room for
/// the `#<n>` the local store appends while it writes.
const MAX_SEGMENT: usize = 250;

impl Core {
    fn files_enabled(&self) -> Result<()> {
        if self.settings().file_settings.enable_file_attachments {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Forbidden,
                "api.file.attachments.disabled.app_error",
                "File attachments have been disabled on this server.",
            ))
        }
    }

    /// Checks the actor may upload to the channel (before any byte is read, when the channel
    /// is known that early).
    pub async fn check_upload(&self, actor: &Actor, channel_id: &str) -> Result<Channel> {
        self.files_enabled()?;
        let channel = self.load_channel(channel_id).await?;
        self.require_channel(actor, &channel, perm::UPLOAD_FILE)
            .await?;
        if channel.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.file.upload_file.read_archived_channel.app_error",
                "Cannot upload to an archived channel.",
            ));
        }
        Ok(channel)
    }

    /// Streams an upload to a staging file, refusing it past `MaxFileSize` without ever holding
    /// it in memory.
    pub async fn stage_upload(&self, source: &mut dyn Upload) -> Result<StagedUpload> {
        self.files_enabled()?;
        let max = u64::try_from(self.settings().file_settings.max_file_size).unwrap_or(u64::MAX);
        let file = StagingFile::new(&self.staging_dir).await?;
        let (size, head) = file.fill(source, max).await?;
        Ok(StagedUpload { file, size, head })
    }

    /// Stores a staged upload as a file of the channel, with its thumbnail and preview when it
    /// is an image. It is attached to no post until one lists its id.
    pub async fn store_upload(
        &self,
        actor: &Actor,
        channel_id: &str,
        filename: &str,
        staged: StagedUpload,
    ) -> Result<FileInfo> {
        let channel = self.check_upload(actor, channel_id).await?;
        let name = upload_name(filename)?;
        let id = new_id();
        let now = now_ms();
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        let mime_type = kinds::mime_type(&extension, &staged.head);
        let team_dir = if channel.team_id.is_empty() {
            "noteam"
        } else {
            &channel.team_id
        };
        let dir = format!(
            "{}/teams/{team_dir}/channels/{}/users/{}/{id}",
            date_dir(now),
            channel.id,
            actor.user_id()
        );
        let mut info = FileInfo {
            id,
            user_id: actor.user_id().to_owned(),
            channel_id: channel.id.clone(),
            create_at: now,
            update_at: now,
            path: format!("{dir}/{}", object_name(&name, "")),
            name,
            extension,
            size: i64::try_from(staged.size).unwrap_or(i64::MAX),
            mime_type,
            ..Default::default()
        };
        if kinds::image_format(&staged.head).is_some() {
            self.add_image_renditions(&mut info, &staged, &dir).await?;
        }
        self.files
            .put_file(&info.path, &staged.file.path)
            .await
            .map_err(Error::internal)?;
        drop(staged);
        if let Err(e) = self.store.insert_file_info(&info).await {
            self.remove_objects(&info).await;
            return Err(e.into());
        }
        Ok(info)
    }

    /// Best effort: objects of a file whose row could not be written.
    async fn remove_objects(&self, info: &FileInfo) {
        for path in [&info.path, &info.thumbnail_path, &info.preview_path] {
            if path.is_empty() {
                continue;
            }
            if let Err(e) = self.files.remove(path).await {
                tracing::warn!(path, error = %e, "cannot remove an orphaned file");
            }
        }
    }

    /// Width and height; thumbnail, preview and mini preview when the image may be decoded: its
    /// declared size within `MaxImageResolution`, and what decoding it holds within the decoder
    /// pool's memory budget.
    async fn add_image_renditions(
        &self,
        info: &mut FileInfo,
        staged: &StagedUpload,
        dir: &str,
    ) -> Result<()> {
        let max_pixels =
            u64::try_from(self.settings().file_settings.max_image_resolution).unwrap_or(0);
        let path = staged.file.path.clone();
        let size = staged.size;
        let open = move || std::fs::File::open(&path).map(std::io::BufReader::new);
        let reader = open.clone();
        let inspected = tokio::task::spawn_blocking(move || {
            let mut src = reader().ok()?;
            Some(images::inspect(&mut src, max_pixels, size))
        })
        .await
        .map_err(Error::internal)?;
        let plan = match inspected {
            None | Some(Inspected::Unreadable) => return Ok(()),
            Some(Inspected::TooLarge { width, height }) => {
                tracing::info!(file_id = %info.id, width, height, "image over MaxImageResolution; stored without previews");
                info.width = i64::from(width);
                info.height = i64::from(height);
                return Ok(());
            }
            Some(Inspected::Decodable(plan)) => plan,
        };
        let (width, height) = plan.size();
        info.width = i64::from(width);
        info.height = i64::from(height);
        let cost = plan.renditions_cost();
        let rendered = self
            .decoders
            .run(cost, move || images::render(open().ok()?, &plan))
            .await?;
        let p = match rendered {
            Some(Some(p)) => p,
            Some(None) => return Ok(()),
            None => {
                tracing::info!(file_id = %info.id, width, height, cost, "image too costly to decode; stored without previews");
                return Ok(());
            }
        };
        let stem = info.name.rsplit_once('.').map_or(&*info.name, |(b, _)| b);
        info.thumbnail_path = format!("{dir}/{}", object_name(stem, "_thumb.jpg"));
        info.preview_path = format!("{dir}/{}", object_name(stem, "_preview.jpg"));
        self.files
            .write(&info.thumbnail_path, p.thumbnail)
            .await
            .map_err(Error::internal)?;
        self.files
            .write(&info.preview_path, p.preview)
            .await
            .map_err(Error::internal)?;
        info.width = i64::from(p.width);
        info.height = i64::from(p.height);
        info.has_preview_image = true;
        info.mini_preview = Some(p.mini_preview);
        Ok(())
    }

    /// A file the actor may read: its uploader, or (once it is attached to a post) anyone who
    /// can read the post's channel, as in Mattermost.
    async fn readable_file(&self, actor: &Actor, id: &str) -> Result<FileInfo> {
        let info = self.store.get_file_info(id).await.or_not_found("file")?;
        if info.delete_at > 0 {
            return Err(Error::not_found("file"));
        }
        if !actor.is(&info.user_id) {
            if info.post_id.is_empty() {
                return Err(Error::forbidden(perm::READ_CHANNEL.0));
            }
            let channel = self.load_channel(&info.channel_id).await?;
            self.require_channel_read(actor, &channel).await?;
        }
        Ok(info)
    }

    /// `GET /files/{id}/info`.
    pub async fn get_file_info(&self, actor: &Actor, id: &str) -> Result<FileInfo> {
        self.files_enabled()?;
        self.readable_file(actor, id).await
    }

    /// `GET /files/{id}`, `/thumbnail`, `/preview`.
    pub async fn download_file(
        &self,
        actor: &Actor,
        id: &str,
        which: Rendition,
        range: Option<ByteRange>,
    ) -> Result<FileDownload> {
        self.files_enabled()?;
        let info = self.readable_file(actor, id).await?;
        self.open_rendition(info, which, range).await
    }

    /// Opens the rendition; a range applies to originals only (what players seek in), and is
    /// ignored for thumbnails and previews, which are sent whole.
    async fn open_rendition(
        &self,
        info: FileInfo,
        which: Rendition,
        range: Option<ByteRange>,
    ) -> Result<FileDownload> {
        let (path, content_type) = match which {
            Rendition::Original => (info.path.clone(), info.mime_type.clone()),
            Rendition::Thumbnail | Rendition::Preview if !info.has_preview_image => {
                let what = if which == Rendition::Thumbnail {
                    "thumbnail"
                } else {
                    "preview"
                };
                return Err(Error::new(
                    ErrorKind::BadRequest,
                    format!("api.file.get_file_{what}.no_{what}.app_error"),
                    format!("File doesn't have a {what} image."),
                ));
            }
            Rendition::Thumbnail => (info.thumbnail_path.clone(), "image/jpeg".to_owned()),
            Rendition::Preview => (info.preview_path.clone(), "image/jpeg".to_owned()),
        };
        let range = match (which, range) {
            (Rendition::Original, Some(r)) => Some(
                r.resolve(u64::try_from(info.size).unwrap_or(0))
                    .ok_or_else(|| {
                        Error::new(
                            ErrorKind::RangeNotSatisfiable,
                            "api.file.range_not_satisfiable.app_error",
                            "The requested range is outside the file.",
                        )
                    })?,
            ),
            _ => None,
        };
        let (total, body) = self
            .files
            .open(&path, range.clone())
            .await
            .map_err(Error::internal)?
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    "api.file.no_file.app_error",
                    "Unable to find the file's contents.",
                )
            })?;
        let attachment = !kinds::is_inline_safe(&content_type);
        let content_type = kinds::response_type(&content_type).to_owned();
        Ok(FileDownload {
            info,
            content_type,
            attachment,
            total,
            range,
            body,
        })
    }

    /// `GET /files/{id}/link`: a link anyone can open while public links stay enabled and the
    /// salt unchanged.
    /// `request_base` (scheme and host the request came to) stands in for an unset `SiteURL`.
    pub async fn get_public_link(
        &self,
        actor: &Actor,
        id: &str,
        request_base: &str,
    ) -> Result<String> {
        self.files_enabled()?;
        self.public_links_enabled()?;
        let info = self.readable_file(actor, id).await?;
        if info.post_id.is_empty() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.file.get_public_link.no_post.app_error",
                "Unable to get public link for file. File must be attached to a post that can be read by the current user.",
            ));
        }
        let configured = self
            .settings()
            .service_settings
            .site_url
            .trim_end_matches('/')
            .to_owned();
        let site = if configured.is_empty() {
            request_base.trim_end_matches('/').to_owned()
        } else {
            configured
        };
        Ok(format!(
            "{site}/files/{}/public?h={}",
            info.id,
            self.public_link_hash(&info.id)
        ))
    }

    fn public_links_enabled(&self) -> Result<()> {
        if self.settings().file_settings.enable_public_link {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Forbidden,
                "api.file.get_public_link.disabled.app_error",
                "Public links have been disabled.",
            ))
        }
    }

    /// HMAC-SHA256 of the file id under the configured salt, URL-safe base64.
    fn public_link_hash(&self, file_id: &str) -> String {
        let salt = self.settings().file_settings.public_link_salt.clone();
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(salt.as_bytes()) else {
            return String::new();
        };
        mac.update(file_id.as_bytes());
        let digest = mac.finalize().into_bytes();
        images::base64(&digest)
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    }

    /// `GET /files/{id}/public?h=` (no session): the original, if the link is still valid.
    pub async fn download_public_file(
        &self,
        id: &str,
        hash: &str,
        range: Option<ByteRange>,
    ) -> Result<FileDownload> {
        self.files_enabled()?;
        self.public_links_enabled()?;
        let bad = || {
            Error::new(
                ErrorKind::BadRequest,
                "api.file.get_file.public_invalid.app_error",
                "The public link does not appear to be valid.",
            )
        };
        if hash.is_empty()
            || !constant_time_eq(hash.as_bytes(), self.public_link_hash(id).as_bytes())
        {
            return Err(bad());
        }
        let info = self
            .store
            .get_file_info(id)
            .await
            .optional()?
            .filter(|f| f.delete_at == 0 && !f.post_id.is_empty())
            .ok_or_else(bad)?;
        self.open_rendition(info, Rendition::Original, range).await
    }

    /// `GET /posts/{id}/files/info`.
    pub async fn get_post_file_infos(
        &self,
        actor: &Actor,
        post_id: &str,
        include_deleted: bool,
    ) -> Result<Vec<FileInfo>> {
        self.files_enabled()?;
        let (post, _) = self.readable_post(actor, post_id, include_deleted).await?;
        Ok(self.store.get_file_infos_for_posts(&[post.id]).await?)
    }
}

/// An upload read to the end and within the size limit, waiting on local disk to be stored.
pub struct StagedUpload {
    file: StagingFile,
    size: u64,
    head: Vec<u8>,
}

impl StagedUpload {
    pub fn size(&self) -> u64 {
        self.size
    }
}

/// A staging file for one upload, removed when dropped.
struct StagingFile {
    path: PathBuf,
}

impl StagingFile {
    async fn new(dir: &std::path::Path) -> Result<StagingFile> {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(Error::internal)?;
        Ok(StagingFile {
            path: dir.join(format!("upload-{}", new_id())),
        })
    }

    /// Writes the upload to disk; fails with 413 past `max` bytes. Returns the size and the
    /// first bytes (for sniffing).
    async fn fill(&self, source: &mut dyn Upload, max: u64) -> Result<(u64, Vec<u8>)> {
        let mut file = tokio::fs::File::create(&self.path)
            .await
            .map_err(Error::internal)?;
        let mut size: u64 = 0;
        let mut head = Vec::with_capacity(kinds::SNIFF_BYTES);
        loop {
            let chunk = match source.next_chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(UploadError::Read(e)) => {
                    return Err(Error::new(
                        ErrorKind::BadRequest,
                        "api.file.upload_file.read_request.app_error",
                        "Unable to read the uploaded file.",
                    )
                    .with_detail(e));
                }
            };
            size += chunk.len() as u64;
            if size > max {
                return Err(too_large(max));
            }
            if head.len() < kinds::SNIFF_BYTES {
                let take = (kinds::SNIFF_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            file.write_all(&chunk).await.map_err(Error::internal)?;
        }
        file.flush().await.map_err(Error::internal)?;
        Ok((size, head))
    }
}

impl Drop for StagingFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub fn too_large(max: u64) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        "api.file.upload_file.too_large_detailed.app_error",
        format!(
            "Unable to upload file. File is larger than the maximum of {} MB.",
            max / 1024 / 1024
        ),
    )
}

/// The name an upload is stored under: its base name without path parts or control characters.
/// Empty names and names over 255 bytes are `invalid_param("filename")`; the API asks before it
/// reads the file, so such an upload is refused before any byte is staged.
pub fn upload_name(raw: &str) -> Result<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." || clean.len() > MAX_NAME {
        return Err(Error::invalid_param("filename"));
    }
    Ok(clean.to_owned())
}

/// The last segment of an object's path: `stem` shortened (on a character boundary) so that
/// with `suffix` it fits in [`MAX_SEGMENT`] bytes. Paths are never shown to clients (they read
/// the file's `name`), so a long name only shortens where its bytes are kept.
fn object_name(stem: &str, suffix: &str) -> String {
    let mut end = stem.len().min(MAX_SEGMENT.saturating_sub(suffix.len()));
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{suffix}", &stem[..end])
}

/// `YYYYMMDD` of a time in ms (UTC), the first directory of a file's path, as in Mattermost.
fn date_dir(ms: i64) -> String {
    let (y, m, d) = stoa_model::time::civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}{m:02}{d:02}")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_and_control_characters() {
        let name = |raw: &str| upload_name(raw).ok();
        assert_eq!(name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            name("C:\\Users\\me\\photo.JPG").as_deref(),
            Some("photo.JPG")
        );
        assert_eq!(name("a\u{0}b\nc.txt").as_deref(), Some("abc.txt"));
        assert_eq!(name("..").as_deref(), None);
        assert_eq!(name("dir/").as_deref(), None);
        assert_eq!(name(&"é".repeat(127)).map(|n| n.len()), Some(254));
        assert_eq!(name(&"é".repeat(128)), None, "over 255 bytes");
    }

    #[test]
    fn object_names_fit_in_a_path_segment() {
        let thumb = object_name(&"é".repeat(125), "_thumb.jpg");
        assert!(thumb.len() <= MAX_SEGMENT && thumb.ends_with("é_thumb.jpg"));
        assert_eq!(object_name(&"a".repeat(255), "").len(), MAX_SEGMENT);
        assert_eq!(object_name("cat", "_preview.jpg"), "cat_preview.jpg");
        assert_eq!(object_name("cat.png", ""), "cat.png");
    }

    #[test]
    fn ranges_resolve_within_the_file() {
        let from = |start, end| ByteRange::From { start, end };
        assert_eq!(from(0, Some(9)).resolve(100), Some(0..10));
        assert_eq!(from(90, None).resolve(100), Some(90..100));
        assert_eq!(from(90, Some(500)).resolve(100), Some(90..100));
        assert_eq!(ByteRange::Last(10).resolve(100), Some(90..100));
        assert_eq!(ByteRange::Last(500).resolve(100), Some(0..100));
        assert_eq!(from(100, None).resolve(100), None);
        assert_eq!(from(5, Some(2)).resolve(100), None);
        assert_eq!(ByteRange::Last(0).resolve(100), None);
    }

    #[test]
    fn date_dirs() {
        assert_eq!(date_dir(0), "19700101");
        assert_eq!(date_dir(1_795_330_000_000), "20261122");
    }
}
