//! Custom emoji (Mattermost's `emoji` API tag): uploaded images with a name, usable in messages
//! and as reactions by everyone on the server.
//!
//! The image is checked without decoding it: its type is sniffed from the first bytes (GIF,
//! PNG, JPEG or WebP, the formats Mattermost decodes) and its dimensions are read from the
//! header. It is stored as uploaded through the file store at `emoji/<id>/image`.

use stoa_model::emoji::{EMOJI_NAME_MAX_LEN, Emoji, is_valid_emoji_name};
use stoa_model::{new_id, now_ms};
use stoa_store::{EmojiSort, OptionalExt, StoreError};

use crate::emoji_names::is_system_emoji;
use crate::events::Event;
use crate::images::image_info;
use crate::{Actor, Core, Error, ErrorKind, Page, Result, perm};

/// Largest accepted upload (Mattermost's `MaxEmojiFileSize`, 512 KiB).
pub const MAX_EMOJI_FILE_SIZE: usize = 1 << 19;
/// Largest accepted image width and height (Mattermost's `MaxEmojiOriginalWidth/Height`).
pub const MAX_EMOJI_ORIGINAL_WIDTH: u32 = 1028;
pub const MAX_EMOJI_ORIGINAL_HEIGHT: u32 = 1028;
/// Most names in one `POST /emoji/names`.
pub const GET_EMOJIS_BY_NAMES_MAX: usize = 200;
/// Most results of `GET /emoji/autocomplete`.
pub const EMOJI_MAX_AUTOCOMPLETE_ITEMS: i64 = 100;
/// Most results of `POST /emoji/search` (Mattermost's `PerPageMaximum`).
pub const EMOJI_SEARCH_LIMIT: i64 = 200;

/// Where an emoji's image lives in the file store.
fn image_path(id: &str) -> String {
    format!("emoji/{id}/image")
}

/// An emoji image: the bytes as uploaded and their content type.
pub struct EmojiImage {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// Which status the "custom emoji are off" error has: Mattermost's emoji handlers answer 501,
/// its app layer (search, autocomplete, delete, reactions) 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisabledAs {
    NotImplemented,
    Forbidden,
}

fn disabled(kind: DisabledAs) -> Error {
    Error::new(
        match kind {
            DisabledAs::NotImplemented => ErrorKind::NotImplemented,
            DisabledAs::Forbidden => ErrorKind::Forbidden,
        },
        "api.emoji.disabled.app_error",
        "Custom emoji have been disabled by the system admin.",
    )
}

fn emoji_not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "app.emoji.get.no_result",
        "Unable to find the emoji.",
    )
}

/// 404 for a custom emoji name nobody has made.
pub(crate) fn emoji_name_not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "app.emoji.get_by_name.no_result",
        "Unable to find the emoji.",
    )
}

/// 413 `api.emoji.create.too_large.app_error`.
pub fn too_large() -> Error {
    Error::new(
        ErrorKind::TooLarge,
        "api.emoji.create.too_large.app_error",
        "Unable to create emoji. Image must be less than 512 KiB in size.",
    )
}

fn not_an_image() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "api.emoji.upload.image.app_error",
        "Unable to create the emoji. File must be a PNG, JPEG, GIF or WebP image.",
    )
}

/// A name a custom emoji may take: Mattermost's `IsValidEmojiName` errors.
fn validate_name(name: &str) -> Result<()> {
    if !is_valid_emoji_name(name) {
        return Err(Error::new(
            ErrorKind::BadRequest,
            "model.emoji.name.app_error",
            format!("Name must be 1 to {EMOJI_NAME_MAX_LEN} letters, digits, '-', '+' or '_'."),
        ));
    }
    if is_system_emoji(name) {
        return Err(Error::new(
            ErrorKind::BadRequest,
            "model.emoji.system_emoji_name.app_error",
            "Name conflicts with an existing system emoji name.",
        ));
    }
    Ok(())
}

fn duplicate() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "api.emoji.create.duplicate.app_error",
        "Unable to create emoji. Another emoji with the same name already exists.",
    )
}

impl Core {
    /// Custom emoji are on (`ServiceSettings.EnableCustomEmoji`), or the error Mattermost gives.
    pub fn require_custom_emoji(&self, kind: DisabledAs) -> Result<()> {
        if self.settings().service_settings.enable_custom_emoji {
            Ok(())
        } else {
            Err(disabled(kind))
        }
    }

    /// Whether the actor holds `p` system-wide or through any of their team memberships
    /// (Mattermost lets a team-level grant of the emoji permissions act server-wide).
    async fn has_emoji_permission(&self, actor: &Actor, p: perm::Permission) -> Result<bool> {
        if actor.can(p) {
            return Ok(true);
        }
        if actor.user_id().is_empty() {
            return Ok(false);
        }
        Ok(self
            .store
            .get_team_members_for_user(actor.user_id())
            .await?
            .iter()
            .any(|m| m.delete_at == 0 && perm::roles_grant(&m.roles, p)))
    }

    async fn require_emoji_permission(&self, actor: &Actor, p: perm::Permission) -> Result<()> {
        if self.has_emoji_permission(actor, p).await? {
            Ok(())
        } else {
            Err(Error::forbidden(p.0))
        }
    }

    /// A live custom emoji, or 404 `app.emoji.get.no_result`.
    async fn load_emoji(&self, id: &str) -> Result<Emoji> {
        self.store
            .get_emoji(id)
            .await
            .optional()?
            .ok_or_else(emoji_not_found)
    }

    /// `POST /emoji`: `emoji` is the multipart `emoji` part (`None` when missing or not JSON),
    /// `image` the `image` part. `creator_id` must be the caller.
    pub async fn create_emoji(
        &self,
        actor: &Actor,
        emoji: Option<Emoji>,
        image: Option<Vec<u8>>,
    ) -> Result<Emoji> {
        self.require_custom_emoji(DisabledAs::NotImplemented)?;
        self.require_emoji_permission(actor, perm::CREATE_EMOJIS)
            .await?;
        let Some(body) = emoji else {
            return Err(Error::invalid_param("emoji"));
        };
        validate_name(&body.name)?;
        if body.creator_id.len() > 26 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "model.emoji.user_id.app_error",
                "Invalid creator id.",
            ));
        }
        if !actor.is(&body.creator_id) {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.emoji.create.other_user.app_error",
                "Invalid user id.",
            ));
        }
        if self
            .store
            .get_emoji_by_name(&body.name)
            .await
            .optional()?
            .is_some()
        {
            return Err(duplicate());
        }
        let Some(bytes) = image else {
            return Err(Error::invalid_body_param("image"));
        };
        if bytes.len() > MAX_EMOJI_FILE_SIZE {
            return Err(too_large());
        }
        let info = image_info(&bytes).ok_or_else(not_an_image)?;
        if info.width > MAX_EMOJI_ORIGINAL_WIDTH || info.height > MAX_EMOJI_ORIGINAL_HEIGHT {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.emoji.upload.large_image.too_large.app_error",
                format!(
                    "Unable to create emoji. Image must be at most {MAX_EMOJI_ORIGINAL_WIDTH} by {MAX_EMOJI_ORIGINAL_HEIGHT} pixels."
                ),
            ));
        }

        let now = now_ms();
        let emoji = Emoji {
            id: new_id(),
            create_at: now,
            update_at: now,
            delete_at: 0,
            creator_id: body.creator_id,
            name: body.name,
        };
        let path = image_path(&emoji.id);
        self.files
            .write(&path, bytes)
            .await
            .map_err(Error::internal)?;
        if let Err(e) = self.store.insert_emoji(&emoji).await {
            // Nothing refers to the image yet: take it back.
            if let Err(io) = self.files.remove(&path).await {
                tracing::warn!(emoji_id = %emoji.id, error = %io, "could not remove an orphaned emoji image");
            }
            return Err(match e {
                StoreError::Conflict { .. } => duplicate(),
                other => other.into(),
            });
        }
        self.publish(Event::new("emoji_added").with_json_string("emoji", &emoji));
        Ok(emoji)
    }

    /// `GET /emoji`: by creation, or by name when `sort` is `name`.
    pub async fn list_emoji(&self, _actor: &Actor, page: Page, sort: &str) -> Result<Vec<Emoji>> {
        self.require_custom_emoji(DisabledAs::NotImplemented)?;
        let sort = match sort {
            "" => EmojiSort::CreateAt,
            "name" => EmojiSort::Name,
            _ => return Err(Error::invalid_url_param("sort")),
        };
        Ok(self
            .store
            .list_emoji(page.offset(), page.limit(), sort)
            .await?)
    }

    /// `GET /emoji/{emoji_id}`.
    pub async fn get_emoji(&self, _actor: &Actor, id: &str) -> Result<Emoji> {
        self.require_custom_emoji(DisabledAs::NotImplemented)?;
        self.load_emoji(id).await
    }

    /// `GET /emoji/name/{emoji_name}`.
    pub async fn get_emoji_by_name(&self, _actor: &Actor, name: &str) -> Result<Emoji> {
        self.require_custom_emoji(DisabledAs::NotImplemented)?;
        self.store
            .get_emoji_by_name(name)
            .await
            .optional()?
            .ok_or_else(emoji_name_not_found)
    }

    /// `POST /emoji/names`: the custom emoji among `names` (system names and unknown ones are
    /// left out).
    pub async fn get_emojis_by_names(
        &self,
        _actor: &Actor,
        names: &[String],
    ) -> Result<Vec<Emoji>> {
        if names.is_empty() {
            return Err(Error::invalid_param("names"));
        }
        self.require_custom_emoji(DisabledAs::NotImplemented)?;
        let mut wanted: Vec<String> = names.to_vec();
        wanted.sort();
        wanted.dedup();
        if wanted.len() > GET_EMOJIS_BY_NAMES_MAX {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.emoji.get_multiple_by_name_too_many.request_error",
                format!(
                    "Unable to get that many emojis by name. Only {GET_EMOJIS_BY_NAMES_MAX} emojis can be requested at once."
                ),
            ));
        }
        wanted.retain(|n| !is_system_emoji(n));
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.store.get_emojis_by_names(&wanted).await?)
    }

    /// `GET /emoji/{emoji_id}/image`: the image as uploaded.
    pub async fn get_emoji_image(&self, _actor: &Actor, id: &str) -> Result<EmojiImage> {
        self.require_custom_emoji(DisabledAs::NotImplemented)?;
        let emoji = self.load_emoji(id).await?;
        let bytes = self
            .files
            .read(&image_path(&emoji.id))
            .await
            .map_err(Error::internal)?
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    "api.emoji.get_image.read.app_error",
                    "Unable to read the emoji image file.",
                )
            })?;
        let info = image_info(&bytes).ok_or_else(|| {
            Error::new(
                ErrorKind::Internal,
                "api.emoji.get_image.decode.app_error",
                "Unable to decode the emoji image file.",
            )
        })?;
        Ok(EmojiImage {
            bytes,
            content_type: info.content_type,
        })
    }

    /// `DELETE /emoji/{emoji_id}`: the creator with `delete_emojis`, anyone else also with
    /// `delete_others_emojis`. The image is removed.
    pub async fn delete_emoji(&self, actor: &Actor, id: &str) -> Result<()> {
        self.require_custom_emoji(DisabledAs::Forbidden)?;
        let emoji = self.load_emoji(id).await?;
        self.require_emoji_permission(actor, perm::DELETE_EMOJIS)
            .await?;
        if !actor.is(&emoji.creator_id) {
            self.require_emoji_permission(actor, perm::DELETE_OTHERS_EMOJIS)
                .await?;
        }
        let now = now_ms();
        match self.store.delete_emoji(&emoji.id, now).await {
            Ok(()) => {
                // Reactions with the emoji go with it, as in Mattermost.
                self.store
                    .delete_reactions_by_emoji_name(&emoji.name, now)
                    .await?;
            }
            // Deleted by someone else in the meantime.
            Err(StoreError::NotFound) => {
                return Err(Error::new(
                    ErrorKind::NotFound,
                    "app.emoji.delete.no_results",
                    "Unable to find the emoji to delete.",
                ));
            }
            Err(e) => return Err(e.into()),
        }
        if let Err(io) = self.files.remove(&image_path(&emoji.id)).await {
            tracing::warn!(emoji_id = %emoji.id, error = %io, "could not remove a deleted emoji's image");
        }
        Ok(())
    }

    /// `POST /emoji/search`: names containing `term`, or starting with it when `prefix_only`.
    pub async fn search_emoji(
        &self,
        _actor: &Actor,
        term: &str,
        prefix_only: bool,
    ) -> Result<Vec<Emoji>> {
        if term.is_empty() {
            return Err(Error::invalid_param("term"));
        }
        self.require_custom_emoji(DisabledAs::Forbidden)?;
        Ok(self
            .store
            .search_emoji(term, prefix_only, EMOJI_SEARCH_LIMIT)
            .await?)
    }

    /// `GET /emoji/autocomplete?name=`: names starting with `name`.
    pub async fn autocomplete_emoji(&self, _actor: &Actor, name: &str) -> Result<Vec<Emoji>> {
        if name.is_empty() {
            return Err(Error::invalid_url_param("name"));
        }
        self.require_custom_emoji(DisabledAs::Forbidden)?;
        Ok(self
            .store
            .search_emoji(name, true, EMOJI_MAX_AUTOCOMPLETE_ITEMS)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_mattermost() {
        assert!(validate_name("party_parrot").is_ok());
        let id = |n: &str| validate_name(n).err().map(|e| e.id);
        assert_eq!(
            id("smile").as_deref(),
            Some("model.emoji.system_emoji_name.app_error")
        );
        assert_eq!(
            id("no spaces").as_deref(),
            Some("model.emoji.name.app_error")
        );
    }
}
