//! Drafts: a user's unsent messages, kept on the server so every device shows them
//! (Mattermost's synced drafts, `ServiceSettings.AllowSyncedDrafts`).
//!
//! A draft belongs to one user, channel and thread (`root_id` empty for the channel's own box).
//! Saving publishes `draft_created` (also for an update: Mattermost never sends the declared
//! `draft_updated`) and deleting `draft_deleted`, both to the user's other connections with the
//! draft as a JSON string. The web app deletes the draft itself after sending the post; the
//! server removes the reply drafts of a deleted root post (see `delete_post`).

use std::collections::{HashMap, HashSet};

use stoa_model::draft::{DRAFT_FILE_IDS_MAX_RUNES, DRAFT_PROPS_MAX_RUNES, Draft};
use stoa_model::file::FileInfo;
use stoa_model::post::{POST_MESSAGE_MAX_RUNES, PostMetadata};
use stoa_model::{is_valid_id, now_ms};
use stoa_store::OptionalExt;

use crate::events::Event;
use crate::{Actor, Core, Error, ErrorKind, Result, perm};

/// Most drafts one listing returns (the newest); far more than anyone keeps.
pub const MAX_DRAFTS_LISTED: i64 = 1000;
/// File infos read per query when filling drafts' metadata.
const FILE_IDS_PER_QUERY: usize = 500;

impl Core {
    /// 501 `api.drafts.disabled.app_error` while `AllowSyncedDrafts` is off. Handlers call it
    /// before reading the body, as Mattermost checks it first.
    pub fn require_synced_drafts(&self) -> Result<()> {
        if self.settings().service_settings.allow_synced_drafts {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::NotImplemented,
                "api.drafts.disabled.app_error",
                "Synced drafts are disabled on this server.",
            ))
        }
    }

    /// `POST /drafts`: saves the caller's draft for a channel or thread they may post in. An
    /// empty message deletes the draft instead and answers `None` (Mattermost's `null`, without
    /// an event). `connection_id` (the `Connection-Id` header) is left out of the event.
    pub async fn upsert_draft(
        &self,
        actor: &Actor,
        mut draft: Draft,
        connection_id: &str,
    ) -> Result<Option<Draft>> {
        self.require_synced_drafts()?;
        draft.user_id = actor.user_id().to_owned();
        draft.delete_at = 0;
        draft.metadata = None;

        let channel = if is_valid_id(&draft.channel_id) {
            self.store.get_channel(&draft.channel_id).await.optional()?
        } else {
            None
        };
        // Mattermost's check: `create_post` in the channel, or `create_post_public` in the team
        // of a public channel; a channel that does not exist only passes for those who hold
        // `create_post` everywhere (admins), who then learn it is not there.
        let allowed = match &channel {
            Some(ch) => {
                self.has_channel_permission(actor, ch, perm::CREATE_POST)
                    .await?
                    || (ch.is_open()
                        && self
                            .has_team_permission(actor, &ch.team_id, perm::CREATE_POST_PUBLIC)
                            .await?)
            }
            None => actor.can(perm::CREATE_POST),
        };
        if !allowed {
            return Err(Error::forbidden(perm::CREATE_POST.0));
        }
        let Some(channel) = channel else {
            return Err(Error::invalid_param("draft.channel_id"));
        };
        if channel.delete_at != 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.draft.create_draft.can_not_draft_to_deleted.error",
                "Cannot save a draft in an archived channel.",
            ));
        }

        if draft.message.is_empty() {
            self.store
                .delete_draft(&draft.user_id, &draft.channel_id, &draft.root_id)
                .await?;
            return Ok(None);
        }

        // Mattermost's `PreSave`: a new draft starts now; a known one keeps the creation time
        // the client sends (the store keeps the first one anyway).
        let now = now_ms();
        if draft.create_at == 0 {
            draft.create_at = now;
        }
        draft.update_at = now;
        // Clients have been seen sending the same file twice.
        let mut seen = HashSet::new();
        draft.file_ids.retain(|f| seen.insert(f.clone()));
        validate_draft(&draft)?;

        let mut saved = self.store.upsert_draft(&draft).await?;
        self.fill_draft_metadata(std::slice::from_mut(&mut saved))
            .await?;
        self.publish(
            Event::new("draft_created")
                .with_json_string("draft", &saved)
                .to_user(&saved.user_id)
                .to_channel(&saved.channel_id)
                .omitting_connection(connection_id),
        );
        Ok(Some(saved))
    }

    /// `GET /users/{user_id}/teams/{team_id}/drafts`: the caller's drafts in the team's channels
    /// and in direct and group messages, where they are still a member, newest first. As in
    /// Mattermost the drafts are always the caller's own, whoever the path names.
    pub async fn get_drafts(&self, actor: &Actor, team_id: &str) -> Result<Vec<Draft>> {
        self.require_synced_drafts()?;
        if !self
            .has_team_permission(actor, team_id, perm::VIEW_TEAM)
            .await?
        {
            // Mattermost names `create_post` here.
            return Err(Error::forbidden(perm::CREATE_POST.0));
        }
        let mut drafts = self
            .store
            .get_drafts_for_user(actor.user_id(), team_id, MAX_DRAFTS_LISTED)
            .await?;
        self.fill_draft_metadata(&mut drafts).await?;
        Ok(drafts)
    }

    /// `DELETE /users/{user_id}/channels/{channel_id}/drafts[/{thread_id}]`: deletes the
    /// caller's draft. A draft that is not there is fine: the web app deletes after every post.
    pub async fn delete_draft(
        &self,
        actor: &Actor,
        channel_id: &str,
        root_id: &str,
        connection_id: &str,
    ) -> Result<()> {
        self.require_synced_drafts()?;
        let gone = self
            .store
            .delete_draft(actor.user_id(), channel_id, root_id)
            .await?;
        if let Some(gone) = gone {
            self.publish(
                Event::new("draft_deleted")
                    .with_json_string("draft", &gone)
                    .to_user(&gone.user_id)
                    .to_channel(&gone.channel_id)
                    .omitting_connection(connection_id),
            );
        }
        Ok(())
    }

    /// `metadata.files` of each draft: those of its files that are still its user's own,
    /// unattached uploads (Mattermost's `prepareDraftWithFileInfos`); `file_ids` stays as saved.
    async fn fill_draft_metadata(&self, drafts: &mut [Draft]) -> Result<()> {
        let wanted: Vec<String> = drafts
            .iter()
            .flat_map(|d| d.file_ids.iter().cloned())
            .filter(|id| is_valid_id(id))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut infos: HashMap<String, FileInfo> = HashMap::new();
        for chunk in wanted.chunks(FILE_IDS_PER_QUERY) {
            for info in self.store.get_file_infos_by_ids(chunk).await? {
                if info.delete_at == 0 && info.post_id.is_empty() {
                    infos.insert(info.id.clone(), info);
                }
            }
        }
        for d in drafts {
            let files = d
                .file_ids
                .iter()
                .filter_map(|id| infos.get(id))
                .filter(|info| info.user_id == d.user_id)
                .cloned()
                .collect();
            d.metadata = Some(PostMetadata {
                files,
                ..Default::default()
            });
        }
        Ok(())
    }
}

/// Mattermost's `Draft.IsValid`, after `PreSave`. Mattermost's store reports these as 500
/// `app.draft.save.app_error`; they are the client's mistakes, so here they are 400 with the
/// model's id.
fn validate_draft(d: &Draft) -> Result<()> {
    let runes = |s: &str| s.chars().count();
    if runes(&d.message) > POST_MESSAGE_MAX_RUNES {
        return Err(Error::invalid(
            "draft",
            "message_length",
            format!("Message is too long: at most {POST_MESSAGE_MAX_RUNES} characters."),
        ));
    }
    if !d.root_id.is_empty() && !is_valid_id(&d.root_id) {
        return Err(Error::invalid("draft", "root_id", "Invalid root id."));
    }
    if json_runes(&d.file_ids) > DRAFT_FILE_IDS_MAX_RUNES {
        return Err(Error::invalid("draft", "file_ids", "Too many files."));
    }
    if json_runes(&d.props) > DRAFT_PROPS_MAX_RUNES {
        return Err(Error::invalid("draft", "props", "Props are too large."));
    }
    if json_runes(&d.priority) > DRAFT_PROPS_MAX_RUNES {
        return Err(Error::invalid(
            "draft",
            "priority",
            "Priority is too large.",
        ));
    }
    Ok(())
}

/// Characters of a value written as JSON (Mattermost bounds lists and maps so).
fn json_runes(v: &impl serde::Serialize) -> usize {
    serde_json::to_string(v).map_or(usize::MAX, |s| s.chars().count())
}
