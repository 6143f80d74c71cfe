//! Posts: creating (with counters, threads and mentions), editing, deleting, pinning.
//!
//! Creating a post is the hot path. Its database work is one transaction of a bounded number of
//! statements whatever the channel's size: insert the post, count it in the channel, mark the
//! channel read for the sender, count mentions for all mentioned members in one statement, and
//! for replies record the reply and follow the thread. Who is mentioned is decided in memory from
//! the channel's members, cached per channel (`MentionCache`).

mod cache;
mod info;
pub mod mentions;
mod metadata;
mod read;
mod system;
pub mod text;

pub use cache::{MentionCache, PendingPosts};
pub(crate) use read::id_only as read_id_only;
pub use read::{ChannelReadOptions, ChannelWindow, ThreadOpts, ThreadPage};
pub(crate) use system::SystemMessage;

use stoa_model::channel::{CHANNEL_DIRECT, CHANNEL_GROUP, Channel};
use stoa_model::post::{
    POST_FILE_IDS_MAX, POST_MESSAGE_MAX_RUNES, POST_PROPS_MAX_BYTES, Post, PostPatch,
};
use stoa_model::{new_id, now_ms};
use stoa_store::{MentionCandidate, OptionalExt};

use crate::events::Event;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// Options of `POST /posts`.
#[derive(Debug, Clone, Copy)]
pub struct CreateOptions {
    /// `set_online=false` keeps the sender's status as it is (background clients).
    pub set_online: bool,
}

impl Default for CreateOptions {
    fn default() -> Self {
        CreateOptions { set_online: true }
    }
}

impl Core {
    /// `POST /posts`: a message, or a reply when `root_id` is set.
    pub async fn create_post(
        &self,
        actor: &Actor,
        mut post: Post,
        opts: CreateOptions,
    ) -> Result<Post> {
        if post.post_type.starts_with("system_") {
            return Err(Error::invalid_param("type"));
        }
        let channel = self.load_channel(&post.channel_id).await?;
        self.require_channel(actor, &channel, perm::CREATE_POST)
            .await?;
        if let Some(existing) = self.pending.get(&post.pending_post_id)
            && let Some(p) = self.store.get_post(&existing).await.optional()?
        {
            return self.prepare_post(actor, p).await;
        }
        post.user_id = actor.user_id().to_owned();
        let pending = post.pending_post_id.clone();
        let created = self.create_post_unchecked(&channel, post, opts).await?;
        self.offer_to_outgoing_hooks(&channel, &created);
        if opts.set_online {
            self.user_active(actor.user_id()).await?;
        }
        if !pending.is_empty() {
            self.pending.put(pending, created.id.clone());
        }
        self.prepare_post(actor, created).await
    }

    /// Creates a post whose permissions the caller has checked (also system messages and
    /// command output).
    pub(crate) async fn create_post_unchecked(
        &self,
        channel: &Channel,
        mut post: Post,
        opts: CreateOptions,
    ) -> Result<Post> {
        if channel.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.post.create_post.can_not_post_to_deleted.error",
                "Can not post to deleted channel.",
            ));
        }
        // System messages written together (a header and a purpose change) carry increasing
        // times from their caller, so that they read in the order they were made.
        let now = if post.is_system() {
            now_ms().max(post.create_at)
        } else {
            now_ms()
        };
        post.id = new_id();
        post.channel_id = channel.id.clone();
        post.create_at = now;
        post.update_at = now;
        post.edit_at = 0;
        post.delete_at = 0;
        post.is_pinned = false;
        post.original_id.clear();
        post.has_reactions = false;
        post.reply_count = 0;
        post.participants = None;
        post.metadata = None;
        post.hashtags = if post.is_system() {
            String::new()
        } else {
            text::hashtags(&post.message)
        };
        crate::actions::assign_action_ids(&mut post.props);
        validate_post(&post)?;
        let root = match post.root_id.as_str() {
            "" => None,
            root_id => Some(self.load_root(root_id, &channel.id).await?),
        };

        let members = self.mention_candidates(&channel.id).await?;
        let mentioned = self.mentioned_users(channel, &post, &members).await?;
        let urgent = post
            .props
            .get("priority")
            .and_then(|p| p.get("priority"))
            .and_then(|v| v.as_str())
            == Some("urgent");

        let tx = self.store.begin().await?;
        if !post.file_ids.is_empty() {
            // Only the author's own unattached uploads to this channel; others are dropped
            // from the post, as Mattermost does.
            let attached = tx
                .attach_files_to_post(&post.id, &channel.id, &post.user_id, &post.file_ids, now)
                .await?;
            post.file_ids.retain(|f| attached.contains(f));
        }
        tx.insert_post(&post).await?;
        tx.record_post_in_channel(&channel.id, post.is_root(), now)
            .await?;
        if !post.user_id.is_empty() && !post.props.contains_key("from_webhook") {
            tx.mark_channels_viewed(&post.user_id, std::slice::from_ref(&channel.id), now)
                .await?;
        }
        tx.increment_mention_counts(&channel.id, &mentioned, post.is_root(), urgent, now)
            .await?;
        let notify = self.post_may_notify(channel, &post, &mentioned, &members);
        if notify {
            tx.insert_notification_job(&post.id, now).await?;
        }
        if let Some(root) = &root {
            tx.record_reply(&root.id, &channel.id, &channel.team_id, &post.user_id, now)
                .await?;
            // The root's author and those mentioned follow from now on, unless they chose not
            // to; the replier follows and has read the thread.
            let mut followers: Vec<String> = vec![root.user_id.clone()];
            followers.extend(mentioned.iter().cloned());
            tx.follow_if_new(&root.id, &followers, now).await?;
            tx.increment_thread_mentions(&root.id, &mentioned, urgent, now)
                .await?;
            tx.touch_thread_memberships(&root.id, now).await?;
            tx.save_thread_membership(&stoa_store::ThreadMembership {
                post_id: root.id.clone(),
                user_id: post.user_id.clone(),
                following: true,
                last_viewed: now,
                last_updated: now,
                unread_mentions: 0,
                urgent_mentions: 0,
            })
            .await?;
        }
        tx.commit().await?;
        if notify {
            self.notifications.wake();
        }

        if root.is_some() {
            // A reply carries its thread's new counters.
            let pending = std::mem::take(&mut post.pending_post_id);
            post = self.store.get_post(&post.id).await?;
            // Not stored: echoed so the client can match its optimistic copy.
            post.pending_post_id = pending;
        }
        let sender = members
            .iter()
            .find(|m| m.user_id == post.user_id)
            .map(|m| m.username.clone());
        self.publish_posted(channel, &post, sender, &mentioned, opts)
            .await?;
        if let Some(root) = root {
            self.publish_thread_updates(&channel.id, &root.id).await?;
        }
        Ok(post)
    }

    /// The root a reply points at: a live root post of the same channel.
    async fn load_root(&self, root_id: &str, channel_id: &str) -> Result<Post> {
        let invalid = || {
            Error::new(
                ErrorKind::BadRequest,
                "api.post.create_post.root_id.app_error",
                "Invalid RootId parameter.",
            )
        };
        if !stoa_model::is_valid_id(root_id) {
            return Err(invalid());
        }
        let root = self
            .store
            .get_post(root_id)
            .await
            .optional()?
            .ok_or_else(invalid)?;
        if root.channel_id != channel_id {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.post.create_post.channel_root_id.app_error",
                "Invalid ChannelId for RootId parameter.",
            ));
        }
        if root.delete_at > 0 || !root.root_id.is_empty() {
            return Err(invalid());
        }
        Ok(root)
    }

    /// Channel members to parse mentions against, cached per channel.
    pub(crate) async fn mention_candidates(
        &self,
        channel_id: &str,
    ) -> Result<std::sync::Arc<Vec<MentionCandidate>>> {
        if let Some(m) = self.mention_cache.get(channel_id) {
            return Ok(m);
        }
        let members = std::sync::Arc::new(self.store.get_mention_candidates(channel_id).await?);
        self.mention_cache.put(channel_id, members.clone());
        Ok(members)
    }

    /// The members a post mentions (never the sender): explicit mentions, everyone in direct and
    /// group messages, and `@channel`/`@all`/`@here` where the sender may use them and the
    /// member does not ignore them.
    async fn mentioned_users(
        &self,
        channel: &Channel,
        post: &Post,
        members: &[MentionCandidate],
    ) -> Result<Vec<String>> {
        let mut users = std::collections::BTreeSet::new();
        let is_member = |id: &str| members.iter().any(|m| m.user_id == id && m.active);
        if channel.channel_type == CHANNEL_DIRECT || channel.channel_type == CHANNEL_GROUP {
            for m in members.iter().filter(|m| m.active) {
                users.insert(m.user_id.clone());
            }
        } else if !post.is_system() {
            let found = mentions::parse(&post.message, members);
            users.extend(found.users.into_iter().filter(|u| is_member(u)));
            let settings = self.settings();
            let small_enough =
                members.len() as i64 <= settings.team_settings.max_notifications_per_channel;
            let sender_may = post.user_id.is_empty()
                || self
                    .sender_may_mention_channel(&post.user_id, channel)
                    .await?;
            if (found.channel || found.here) && small_enough && sender_may {
                let online = if found.here && !found.channel {
                    Some(self.online_user_ids(members).await?)
                } else {
                    None
                };
                for m in members
                    .iter()
                    .filter(|m| m.active && !ignores_channel_mentions(m))
                {
                    if online.as_ref().is_none_or(|o| o.contains(&m.user_id)) {
                        users.insert(m.user_id.clone());
                    }
                }
            }
        }
        users.remove(&post.user_id);
        Ok(users.into_iter().collect())
    }

    pub(crate) async fn sender_may_mention_channel(
        &self,
        user_id: &str,
        channel: &Channel,
    ) -> Result<bool> {
        let Some(m) = self
            .store
            .get_channel_member(&channel.id, user_id)
            .await
            .optional()?
        else {
            return Ok(false);
        };
        let user = self.store.get_user(user_id).await.or_not_found("user")?;
        let team_roles = self
            .team_member_of(&channel.team_id, user_id)
            .await?
            .map(|t| t.roles)
            .unwrap_or_default();
        let roles = format!("{} {} {}", user.roles, team_roles, m.roles);
        Ok(perm::roles_grant(&roles, perm::USE_CHANNEL_MENTIONS))
    }

    /// Members whose status is online (for `@here`).
    pub(crate) async fn online_user_ids(
        &self,
        members: &[MentionCandidate],
    ) -> Result<Vec<String>> {
        let ids: Vec<String> = members.iter().map(|m| m.user_id.clone()).collect();
        let statuses = self.store.get_statuses(&ids).await?;
        Ok(statuses
            .into_iter()
            .filter(|s| s.status == stoa_model::status::ONLINE)
            .map(|s| s.user_id)
            .collect())
    }

    /// `posted` to the channel. `sender` is the author's username when the caller knows it.
    async fn publish_posted(
        &self,
        channel: &Channel,
        post: &Post,
        sender: Option<String>,
        mentioned: &[String],
        opts: CreateOptions,
    ) -> Result<()> {
        let sender = match (sender, post.user_id.as_str()) {
            (_, "") => String::new(),
            (Some(name), _) => format!("@{name}"),
            (None, id) => self
                .store
                .get_user(id)
                .await
                .optional()?
                .map(|u| format!("@{}", u.username))
                .unwrap_or_default(),
        };
        let prepared = self.prepare_post_for_event(post.clone()).await?;
        let mut ev = Event::new("posted")
            .with_json_string("post", &prepared)
            .with("channel_display_name", channel.display_name.clone())
            .with("channel_name", channel.name.clone())
            .with("channel_type", channel.channel_type.clone())
            .with("sender_name", sender)
            .with("team_id", channel.team_id.clone())
            .with("set_online", opts.set_online)
            .to_channel(&channel.id);
        // Each mentioned receiver gets `mentions` naming only them (the hub adds it).
        ev.mentions = mentioned.to_vec();
        self.publish(ev);
        Ok(())
    }

    /// `thread_updated` to each follower with their unread counts. Only followers who are still
    /// members of the channel: one who left or was removed keeps their thread membership, but
    /// must no longer read the thread (as Mattermost skips followers not in the channel).
    async fn publish_thread_updates(&self, channel_id: &str, root_id: &str) -> Result<()> {
        let followers = self.store.unread_replies_by_follower(root_id).await?;
        let ids: Vec<String> = followers.iter().map(|(u, _)| u.clone()).collect();
        let members: std::collections::HashSet<String> = self
            .store
            .get_channel_members_by_ids(channel_id, &ids)
            .await?
            .into_iter()
            .map(|m| m.user_id)
            .collect();
        for (user_id, unread) in followers {
            if !members.contains(&user_id) {
                continue;
            }
            let Ok(thread) = self.thread_response(&user_id, root_id, false).await else {
                continue;
            };
            let ev = Event::new("thread_updated")
                .with_json_string("thread", &thread)
                .with("previous_unread_replies", unread.saturating_sub(1).max(0))
                .to_user(&user_id);
            self.publish(ev);
        }
        Ok(())
    }

    /// Loads a post the actor may read.
    pub(crate) async fn readable_post(
        &self,
        actor: &Actor,
        id: &str,
        include_deleted: bool,
    ) -> Result<(Post, Channel)> {
        let post = self.store.get_post(id).await.or_not_found("post")?;
        let channel = self.load_channel(&post.channel_id).await?;
        self.require_channel_read(actor, &channel).await?;
        if post.delete_at > 0 && !(include_deleted && actor.can(perm::MANAGE_SYSTEM)) {
            return Err(Error::not_found("post"));
        }
        Ok((post, channel))
    }

    /// `GET /posts/{id}`.
    pub async fn get_post(&self, actor: &Actor, id: &str, include_deleted: bool) -> Result<Post> {
        let (post, _) = self.readable_post(actor, id, include_deleted).await?;
        self.prepare_post(actor, post).await
    }

    /// `POST /posts/ids`: the readable ones among `ids`.
    pub async fn get_posts_by_ids(&self, actor: &Actor, ids: &[String]) -> Result<Vec<Post>> {
        crate::users::check_batch(ids, "post_ids")?;
        let posts = self.store.get_posts_by_ids(ids).await?;
        let mut out = Vec::with_capacity(posts.len());
        let mut readable: std::collections::HashMap<String, bool> =
            std::collections::HashMap::new();
        for p in posts.into_iter().filter(|p| p.delete_at == 0) {
            let ok = match readable.get(&p.channel_id) {
                Some(ok) => *ok,
                None => {
                    let ok = match self.store.get_channel(&p.channel_id).await.optional()? {
                        Some(ch) => self.require_channel_read(actor, &ch).await.is_ok(),
                        None => false,
                    };
                    readable.insert(p.channel_id.clone(), ok);
                    ok
                }
            };
            if ok {
                out.push(p);
            }
        }
        self.prepare_posts(actor, out).await
    }

    /// Who may change a post: its author with `edit_post`, others with `edit_others_posts`.
    async fn require_edit(&self, actor: &Actor, post: &Post, channel: &Channel) -> Result<()> {
        let p = if actor.is(&post.user_id) {
            perm::EDIT_POST
        } else {
            perm::EDIT_OTHERS_POSTS
        };
        self.require_channel(actor, channel, p).await?;
        if post.is_system() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.post.update_post.system_message.app_error",
                "Unable to update system message.",
            ));
        }
        let limit = self.settings().service_settings.post_edit_time_limit;
        if limit > 0 && actor.is(&post.user_id) && now_ms() - post.create_at > limit * 1000 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.post.update_post.permissions_time_limit.app_error",
                "Post edit is only allowed for a limited time.",
            ));
        }
        Ok(())
    }

    /// `PUT /posts/{id}/patch` (and `PUT /posts/{id}` with the fields it takes).
    pub async fn patch_post(&self, actor: &Actor, id: &str, patch: PostPatch) -> Result<Post> {
        let (mut post, channel) = self.readable_post(actor, id, false).await?;
        self.require_edit(actor, &post, &channel).await?;
        if channel.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.post.update_post.can_not_update_post_in_deleted.error",
                "Can not update a post in a deleted channel.",
            ));
        }
        let now = now_ms();
        let old = post.clone();
        if let Some(message) = patch.message.filter(|m| *m != post.message) {
            post.message = message;
            post.edit_at = now;
            post.hashtags = text::hashtags(&post.message);
        }
        if let Some(mut props) = patch.props {
            crate::actions::assign_action_ids(&mut props);
            post.props = props;
        }
        let old_files = post.file_ids.clone();
        let files_changed = patch.file_ids.filter(|f| *f != post.file_ids).map(|files| {
            post.file_ids = files;
        });
        if let Some(pinned) = patch.is_pinned {
            post.is_pinned = pinned;
        }
        post.update_at = now;
        validate_post(&post)?;
        let tx = self.store.begin().await?;
        if post.edit_at == now {
            // Keep the earlier version for the edit history, as Mattermost does.
            let mut version = old;
            version.id = new_id();
            version.original_id = post.id.clone();
            version.delete_at = now;
            version.update_at = now;
            version.is_pinned = false;
            tx.insert_post(&version).await?;
        }
        if files_changed.is_some() {
            // New files must be the author's uploads to this channel; removed ones are deleted.
            let attached = tx
                .attach_files_to_post(&post.id, &channel.id, &post.user_id, &post.file_ids, now)
                .await?;
            post.file_ids
                .retain(|f| attached.contains(f) || old_files.contains(f));
            tx.delete_file_infos_for_post_except(&post.id, &post.file_ids, now)
                .await?;
        }
        tx.update_post(&post).await?;
        tx.commit().await?;
        self.publish_post_edited(&post).await?;
        self.prepare_post(actor, post).await
    }

    pub(crate) async fn publish_post_edited(&self, post: &Post) -> Result<()> {
        let prepared = self.prepare_post_for_event(post.clone()).await?;
        self.publish(
            Event::new("post_edited")
                .with_json_string("post", &prepared)
                .to_channel(&post.channel_id),
        );
        Ok(())
    }

    /// `PUT /posts/{id}`: the whole post; message, props, files and pin are taken.
    pub async fn update_post(&self, actor: &Actor, id: &str, body: Post) -> Result<Post> {
        if body.id != id {
            return Err(Error::invalid_param("post_id"));
        }
        let patch = PostPatch {
            message: Some(body.message),
            props: Some(body.props),
            file_ids: Some(body.file_ids),
            ..Default::default()
        };
        self.patch_post(actor, id, patch).await
    }

    /// `POST /posts/{id}/pin` and `/unpin`: any member who can read the channel.
    pub async fn set_post_pinned(&self, actor: &Actor, id: &str, pinned: bool) -> Result<()> {
        let (mut post, channel) = self.readable_post(actor, id, false).await?;
        self.require_channel(actor, &channel, perm::READ_CHANNEL)
            .await?;
        if channel.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.post.update_post.can_not_update_post_in_deleted.error",
                "Can not update a post in a deleted channel.",
            ));
        }
        if post.is_pinned == pinned {
            return Ok(());
        }
        post.is_pinned = pinned;
        post.update_at = now_ms();
        self.store.update_post(&post).await?;
        self.publish_post_edited(&post).await
    }

    /// `DELETE /posts/{id}`: soft-deletes the post (a root takes its replies along).
    pub async fn delete_post(&self, actor: &Actor, id: &str) -> Result<()> {
        let (post, channel) = self.readable_post(actor, id, false).await?;
        let p = if actor.is(&post.user_id) {
            perm::DELETE_POST
        } else {
            perm::DELETE_OTHERS_POSTS
        };
        self.require_channel(actor, &channel, p).await?;
        let now = now_ms();
        let tx = self.store.begin().await?;
        let deleted = tx.delete_post(&post.id, now).await?;
        if post.is_root() {
            if deleted.len() > 1 {
                tx.delete_thread(&post.id, now).await?;
            }
            // Nobody can reply any more: every user's reply drafts go (Mattermost's
            // `deleteDraftsAssociatedWithPost`, without events as there).
            tx.delete_drafts_for_thread(&post.channel_id, &post.id)
                .await?;
        } else {
            tx.forget_reply(&post.root_id).await?;
        }
        for pid in &deleted {
            tx.delete_preferences_by_name(stoa_model::preference::category::FLAGGED_POST, pid)
                .await?;
        }
        tx.delete_file_infos_for_posts(&deleted, now).await?;
        tx.commit().await?;
        let mut gone = post.clone();
        gone.delete_at = now;
        gone.update_at = now;
        // Admins also learn who deleted it; others do not.
        let deleted = || {
            Event::new("post_deleted")
                .with_json_string("post", &gone)
                .to_channel(&post.channel_id)
        };
        self.publish(deleted().sanitized());
        self.publish(deleted().with("delete_by", actor.user_id()).sensitive());
        if !post.is_root() {
            self.publish_thread_updates(&post.channel_id, &post.root_id)
                .await?;
        }
        Ok(())
    }

    /// `GET /posts/{id}/edit_history`: earlier versions, for the author only.
    pub async fn get_edit_history(&self, actor: &Actor, id: &str) -> Result<Vec<Post>> {
        let (post, _) = self.readable_post(actor, id, false).await?;
        if !actor.is(&post.user_id) {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.post.get_edit_history.forbidden.app_error",
                "You can only see the edit history of your own posts.",
            ));
        }
        let history = self.store.get_edit_history(id).await?;
        if history.is_empty() {
            return Err(Error::new(
                ErrorKind::NotFound,
                "app.post.get_edit_history.app_error",
                "The post has no edit history.",
            ));
        }
        self.prepare_posts(actor, history).await
    }
}

/// A member ignores `@channel`/`@all`/`@here` by the channel's setting or, left at default, by
/// their own.
pub(crate) fn ignores_channel_mentions(m: &MentionCandidate) -> bool {
    match m
        .member_notify_props
        .get("ignore_channel_mentions")
        .map(String::as_str)
    {
        Some("on") => true,
        Some("off") => false,
        _ => m.user_notify_props.get("channel").map(String::as_str) == Some("false"),
    }
}

/// Mattermost's `Post.IsValid` limits.
pub(crate) fn validate_post(p: &Post) -> Result<()> {
    if p.message.chars().count() > POST_MESSAGE_MAX_RUNES {
        return Err(Error::invalid(
            "post",
            "message_length",
            format!("Message is too long: at most {POST_MESSAGE_MAX_RUNES} characters."),
        ));
    }
    if p.file_ids.len() > POST_FILE_IDS_MAX
        || p.file_ids.iter().any(|f| !stoa_model::is_valid_id(f))
    {
        return Err(Error::invalid("post", "file_ids", "Invalid file ids."));
    }
    let props_len = serde_json::to_string(&p.props)
        .map(|s| s.len())
        .unwrap_or(usize::MAX);
    if props_len > POST_PROPS_MAX_BYTES {
        return Err(Error::invalid("post", "props", "Invalid props."));
    }
    if p.post_type.len() > 26 + 16 {
        return Err(Error::invalid("post", "type", "Invalid type."));
    }
    Ok(())
}
