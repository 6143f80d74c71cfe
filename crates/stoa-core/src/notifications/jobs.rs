//! The notification jobs: a post that may notify someone is recorded by its own transaction
//! (`notification_jobs`); a worker on every node claims jobs in the database, decides who gets
//! what (`rules.rs`), and hands the pushes, emails and web pushes out. A job is deleted only when
//! its work is done, so a restart in between repeats it rather than losing it; a claim older than
//! `STALE_CLAIM_MS` is taken to be a node that died.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Weak};
use std::time::Duration;

use stoa_model::channel::{CHANNEL_DIRECT, CHANNEL_GROUP, Channel};
use stoa_model::post::Post;
use stoa_model::push::PushNotification;
use stoa_model::user::User;
use stoa_model::{StringMap, now_ms};
use stoa_store::{MentionCandidate, OptionalExt};

use super::PostNotice;
use super::push::{MessagePush, build_message};
use super::rules::{self, Decision, Member, Mention, PostFacts, PushReason, prop};
use crate::posts::mentions;
use crate::{Core, Result, StoreResultExt};

/// A claim this old means the node that made it is gone.
const STALE_CLAIM_MS: i64 = 60_000;
/// Jobs one node works on at once.
const BATCH: i64 = 8;
/// How often a worker looks for jobs without being woken (other nodes' posts, stale claims).
const POLL: Duration = Duration::from_secs(1);
/// A job that failed this many times is dropped (logged): a post that cannot be notified must
/// not hold the queue forever.
const MAX_ATTEMPTS: i64 = 5;

/// Pushes on their way to the proxy at once, per node. A post to a thousand phones queues a
/// thousand sends; letting them all run at once would crowd the requests out of the runtime
/// (signing and sending cost CPU), so they take turns.
const SENDS_AT_ONCE: usize = 16;

/// Wakes the worker when this node records a job, and paces the sends.
pub struct NotificationWorker {
    wake: tokio::sync::Notify,
    pub(crate) sends: tokio::sync::Semaphore,
}

impl Default for NotificationWorker {
    fn default() -> Self {
        NotificationWorker {
            wake: tokio::sync::Notify::new(),
            sends: tokio::sync::Semaphore::new(SENDS_AT_ONCE),
        }
    }
}

impl NotificationWorker {
    pub(crate) fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Core {
    /// Whether a new post needs a job: something can go out, and the post could reach someone
    /// away from the screen. Decided in memory from the channel's members, so that most posts
    /// of a busy open channel add no row.
    pub(crate) fn post_may_notify(
        &self,
        channel: &Channel,
        post: &Post,
        mentioned: &[String],
        members: &[MentionCandidate],
    ) -> bool {
        if post.is_system() || channel.delete_at > 0 {
            return false;
        }
        let settings = self.settings();
        let email = &settings.email_settings;
        let enabled = self.push_enabled() || email.send_email_notifications || self.pushes_on();
        if !enabled {
            return false;
        }
        !mentioned.is_empty()
            || !post.root_id.is_empty()
            || members.iter().any(|m| {
                m.user_id != post.user_id
                    && (prop(&m.user_notify_props, "push") == "all"
                        || prop(&m.member_notify_props, "push") == "all")
            })
    }

    /// Starts this node's worker.
    pub(crate) fn start_notifications(self: &Arc<Self>) {
        let weak: Weak<Core> = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                let Some(core) = weak.upgrade() else { return };
                let worked = match core.run_notification_jobs().await {
                    Ok(n) => n,
                    Err(e) => {
                        tracing::warn!(error = %e, "notification jobs could not run");
                        0
                    }
                };
                if worked > 0 {
                    continue;
                }
                // Holding core while waiting delays its drop by at most one poll.
                let _ = tokio::time::timeout(POLL, core.notifications.wake.notified()).await;
            }
        });
    }

    /// Claims and runs one batch; how many jobs it held.
    async fn run_notification_jobs(self: &Arc<Self>) -> Result<usize> {
        let now = now_ms();
        let ids = self
            .store
            .claim_notification_jobs(now, now - STALE_CLAIM_MS, BATCH)
            .await?;
        let mut running = tokio::task::JoinSet::new();
        for id in ids.clone() {
            let core = self.clone();
            running.spawn(async move {
                match core.notify_post(&id).await {
                    Ok(()) => {
                        let _ = core.store.delete_notification_job(&id).await;
                    }
                    Err(e) => core.notification_failed(&id, &e).await,
                }
            });
        }
        while running.join_next().await.is_some() {}
        Ok(ids.len())
    }

    /// A failed job stays claimed, so it is retried once the claim is stale, until it has
    /// failed `MAX_ATTEMPTS` times.
    async fn notification_failed(&self, post_id: &str, e: &crate::Error) {
        tracing::warn!(post_id, error = %e, "notifying a post failed");
        let attempts = self.store.notification_attempts(post_id).await.unwrap_or(0);
        if attempts >= MAX_ATTEMPTS {
            tracing::error!(post_id, attempts, "giving up notifying a post");
            let _ = self.store.delete_notification_job(post_id).await;
        }
    }

    /// Decides and sends everything one post causes.
    pub(crate) async fn notify_post(&self, post_id: &str) -> Result<()> {
        let Some(post) = self.store.get_post(post_id).await.optional()? else {
            return Ok(());
        };
        if post.delete_at > 0 {
            return Ok(());
        }
        let channel = self.load_channel(&post.channel_id).await?;
        if channel.delete_at > 0 {
            return Ok(());
        }
        let settings = self.settings();
        let Some(sender) = self.store.get_user(&post.user_id).await.optional()? else {
            return Ok(());
        };
        let members = self.mention_candidates(&channel.id).await?;
        let from_webhook = post.props.get("from_webhook").and_then(|v| v.as_str()) == Some("true");
        let is_reply = !post.root_id.is_empty();
        let crt_allowed = settings.service_settings.collapsed_threads != "disabled";

        let mut mentioned = self
            .mention_kinds(&channel, &post, &members, from_webhook)
            .await?;
        let followers: HashSet<String> = if crt_allowed && is_reply {
            self.store
                .thread_followers(&post.root_id)
                .await?
                .into_iter()
                .collect()
        } else {
            HashSet::new()
        };

        // Everyone the rules may pick: the mentioned, thread followers, and who asked for
        // every message.
        let mut interesting: BTreeSet<String> = mentioned.keys().cloned().collect();
        interesting.extend(followers.iter().cloned());
        for m in members.iter() {
            if prop(&m.user_notify_props, "push") == "all"
                || prop(&m.member_notify_props, "push") == "all"
            {
                interesting.insert(m.user_id.clone());
            }
        }
        interesting.remove(&post.user_id);
        if from_webhook && members.iter().any(|m| m.user_id == post.user_id) {
            interesting.insert(post.user_id.clone());
        }
        if interesting.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = interesting.into_iter().collect();
        let users: HashMap<String, User> = self
            .store
            .get_users_by_ids(&ids)
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let now = now_ms();
        let statuses: HashMap<String, stoa_model::status::Status> = self
            .store
            .get_statuses(&ids)
            .await?
            .into_iter()
            .map(|s| (s.user_id.clone(), crate::status::effective(s, now)))
            .collect();
        let crt_users: HashSet<String> = self
            .collapsed_threads_for(&ids)
            .await?
            .into_iter()
            .collect();
        let offline = stoa_model::status::Status::default();
        let no_props = StringMap::new();

        let facts = PostFacts {
            channel_id: &channel.id,
            channel_type: &channel.channel_type,
            sender_id: &post.user_id,
            root_id: &post.root_id,
            from_webhook,
            is_system: post.is_system(),
            is_auto_responder: post.post_type == "system_auto_responder",
            crt_allowed,
            send_push: self.push_enabled() || self.pushes_on(),
            send_email: settings.email_settings.send_email_notifications,
            require_verified_email: settings.email_settings.require_email_verification,
            now,
        };
        let member_props: HashMap<&str, &StringMap> = members
            .iter()
            .map(|m| (m.user_id.as_str(), &m.member_notify_props))
            .collect();
        let rule_members: Vec<Member<'_>> = ids
            .iter()
            .filter_map(|id| {
                let user = users.get(id)?;
                let status = statuses.get(id).unwrap_or(&offline);
                Some(Member {
                    user_id: id,
                    is_bot: user.is_bot,
                    active: user.delete_at == 0,
                    email_verified: user.email_verified,
                    user_props: &user.notify_props,
                    channel_props: member_props.get(id.as_str()).copied().unwrap_or(&no_props),
                    status: if status.status.is_empty() {
                        "offline"
                    } else {
                        &status.status
                    },
                    active_channel: &status.active_channel,
                    last_activity_at: status.last_activity_at,
                    crt: crt_users.contains(id),
                    follows_thread: followers.contains(id),
                    mention: mentioned.remove(id),
                })
            })
            .collect();
        let decisions = rules::decide(&facts, &rule_members);
        drop(rule_members);
        if decisions.is_empty() {
            return Ok(());
        }

        let notice = self.post_notice(post, channel, sender).await?;
        for d in decisions.iter().filter(|d| d.email) {
            if let Some(user) = users.get(&d.user_id) {
                self.email_notification(&notice, user).await?;
            }
        }
        self.send_post_pushes(&notice, &decisions, &crt_users, &members)
            .await
    }

    /// Every push of one post: per recipient, the message for their badge and view of the
    /// channel; to the push proxy for each of their devices, and to their browsers.
    async fn send_post_pushes(
        &self,
        notice: &PostNotice,
        decisions: &[Decision],
        crt_users: &HashSet<String>,
        members: &[MentionCandidate],
    ) -> Result<()> {
        let pushed: Vec<(String, PushReason)> = decisions
            .iter()
            .filter_map(|d| d.push.map(|r| (d.user_id.clone(), r)))
            .collect();
        if pushed.is_empty() {
            return Ok(());
        }
        // Who can be reached at all: phones with a push device, browsers with a subscription.
        let ids: Vec<String> = pushed.iter().map(|(u, _)| u.clone()).collect();
        let now = now_ms();
        let with_browsers: HashSet<String> = self
            .store
            .users_with_web_push(&ids, now)
            .await?
            .into_iter()
            .collect();
        let mut devices: HashMap<String, Vec<stoa_model::session::Session>> = HashMap::new();
        if self.push_enabled() {
            for s in self.store.device_sessions(&ids, now).await? {
                devices.entry(s.user_id.clone()).or_default().push(s);
            }
        }
        let pushed: Vec<(String, PushReason)> = pushed
            .into_iter()
            .filter(|(u, _)| devices.contains_key(u) || with_browsers.contains(u))
            .collect();
        if pushed.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = pushed.iter().map(|(u, _)| u.clone()).collect();
        let crt: Vec<String> = ids
            .iter()
            .filter(|u| crt_users.contains(*u))
            .cloned()
            .collect();
        let badges: HashMap<String, i64> = self
            .store
            .badge_counts(&ids, &crt)
            .await?
            .into_iter()
            .collect();
        let settings = self.settings();
        let contents = settings.email_settings.push_notification_contents.clone();
        let overrides = (
            settings.service_settings.enable_post_username_override,
            settings.service_settings.enable_post_icon_override,
        );
        let mut sends = tokio::task::JoinSet::new();
        for (user_id, reason) in pushed {
            let msg = build_message(
                &contents,
                &MessagePush {
                    notice,
                    reason,
                    channel_name: self.channel_name_for(notice, &user_id, members),
                    crt: crt_users.contains(&user_id),
                    badge: badges.get(&user_id).copied().unwrap_or(0),
                },
                overrides,
            );
            let sessions = devices.remove(&user_id).unwrap_or_default();
            let browsers = with_browsers.contains(&user_id);
            let core = self.self_ref();
            sends.spawn(async move {
                let Some(core) = core.upgrade() else { return };
                if !sessions.is_empty() {
                    core.push_to_sessions(&msg, &sessions, "").await;
                }
                if browsers && let Err(e) = core.web_push(&user_id, &msg).await {
                    tracing::warn!(error = %e, "web push failed");
                }
            });
        }
        while sends.join_next().await.is_some() {}
        Ok(())
    }

    /// Why the post reaches each member, as Mattermost's `getExplicitMentionsAndKeywords`:
    /// both sides of a direct message, everyone in a group message, keywords and channel-wide
    /// mentions elsewhere, and (for members without collapsed threads who asked for it) replies
    /// in threads they wrote in. The sender is left out unless a webhook posted.
    async fn mention_kinds(
        &self,
        channel: &Channel,
        post: &Post,
        members: &[MentionCandidate],
        from_webhook: bool,
    ) -> Result<HashMap<String, Mention>> {
        let mut out: HashMap<String, Mention> = HashMap::new();
        let mut add = |id: &str, kind: Mention| {
            let e = out.entry(id.to_owned()).or_insert(kind);
            if *e < kind {
                *e = kind;
            }
        };
        let active: Vec<&MentionCandidate> = members.iter().filter(|m| m.active).collect();
        if channel.channel_type == CHANNEL_DIRECT {
            for m in &active {
                if m.user_id != post.user_id || from_webhook {
                    add(&m.user_id, Mention::Direct);
                }
            }
            return Ok(out);
        }
        let mut text = post.message.clone();
        for extra in attachment_texts(post) {
            text.push('\n');
            text.push_str(&extra);
        }
        let found = mentions::parse(&text, members);
        for id in &found.users {
            if active.iter().any(|m| &m.user_id == id) {
                add(id, Mention::Keyword);
            }
        }
        if found.channel || found.here {
            let settings = self.settings();
            let small =
                members.len() as i64 <= settings.team_settings.max_notifications_per_channel;
            let allowed = small
                && !matches!(
                    post.post_type.as_str(),
                    "system_header_change" | "system_purpose_change"
                )
                && (post.user_id.is_empty()
                    || self
                        .sender_may_mention_channel(&post.user_id, channel)
                        .await?);
            if allowed {
                let online: Option<HashSet<String>> = if found.here && !found.channel {
                    Some(self.online_user_ids(members).await?.into_iter().collect())
                } else {
                    None
                };
                for m in active
                    .iter()
                    .filter(|m| !crate::posts::ignores_channel_mentions(m))
                {
                    if online.as_ref().is_none_or(|o| o.contains(&m.user_id)) {
                        add(&m.user_id, Mention::Channel);
                    }
                }
            }
        }
        if channel.channel_type == CHANNEL_GROUP {
            for m in &active {
                add(&m.user_id, Mention::Group);
            }
        }
        if post.post_type == "system_add_to_channel"
            && let Some(added) = post.props.get("addedUserId").and_then(|v| v.as_str())
        {
            add(added, Mention::Keyword);
        }
        if !post.root_id.is_empty() {
            self.thread_mentions(post, &active, &mut add).await?;
        }
        if !from_webhook {
            out.remove(&post.user_id);
        }
        Ok(out)
    }

    /// Replies for members who follow threads by `comments` (`root`: replies to their posts;
    /// `any`: replies in threads they wrote in), when they do not use collapsed threads.
    async fn thread_mentions(
        &self,
        post: &Post,
        active: &[&MentionCandidate],
        add: &mut impl FnMut(&str, Mention),
    ) -> Result<()> {
        let wants: Vec<&&MentionCandidate> = active
            .iter()
            .filter(|m| matches!(prop(&m.user_notify_props, "comments"), "any" | "root"))
            .collect();
        if wants.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = wants.iter().map(|m| m.user_id.clone()).collect();
        let crt: HashSet<String> = self
            .collapsed_threads_for(&ids)
            .await?
            .into_iter()
            .collect();
        let Some(root) = self.store.get_post(&post.root_id).await.optional()? else {
            return Ok(());
        };
        let repliers: HashSet<String> = self
            .store
            .thread_repliers(&post.root_id)
            .await?
            .into_iter()
            .collect();
        for m in wants.into_iter().filter(|m| !crt.contains(&m.user_id)) {
            let is_root_author = m.user_id == root.user_id
                && root.props.get("from_bot").and_then(|v| v.as_str()) != Some("true");
            match prop(&m.user_notify_props, "comments") {
                "any" if is_root_author => add(&m.user_id, Mention::Comment),
                "any" if repliers.contains(&m.user_id) => add(&m.user_id, Mention::Thread),
                "root" if is_root_author => add(&m.user_id, Mention::Comment),
                _ => {}
            }
        }
        Ok(())
    }

    /// Of these users, those who see replies as collapsed threads: the server's setting, or
    /// each user's `collapsed_reply_threads` display preference where the setting leaves it to
    /// them.
    pub(crate) async fn collapsed_threads_for(&self, user_ids: &[String]) -> Result<Vec<String>> {
        let setting = self.settings().service_settings.collapsed_threads.clone();
        match setting.as_str() {
            "disabled" => Ok(Vec::new()),
            "always_on" => Ok(user_ids.to_vec()),
            default => {
                let default_on = default == "default_on";
                let chosen: HashMap<String, String> = self
                    .store
                    .preference_values(user_ids, "display_settings", "collapsed_reply_threads")
                    .await?
                    .into_iter()
                    .collect();
                Ok(user_ids
                    .iter()
                    .filter(|u| match chosen.get(*u).map(String::as_str) {
                        Some("on") => true,
                        Some("off") => false,
                        _ => default_on,
                    })
                    .cloned()
                    .collect())
            }
        }
    }

    /// What every kind of notification needs about a post: its team (none for direct and group
    /// messages) and how it names the sender.
    async fn post_notice(&self, post: Post, channel: Channel, sender: User) -> Result<PostNotice> {
        let team = match channel.team_id.as_str() {
            "" => None,
            id => self.store.get_team(id).await.optional()?,
        };
        Ok(PostNotice {
            sender_name: self.sender_name(&post, &sender, &channel),
            post,
            channel,
            team,
            sender,
        })
    }

    /// The sender as notifications name them (`@username`, or a webhook's override name).
    fn sender_name(&self, post: &Post, sender: &User, channel: &Channel) -> String {
        if post.is_system() {
            return "System".into();
        }
        let overrides = self
            .settings()
            .service_settings
            .enable_post_username_override;
        if overrides
            && channel.channel_type != CHANNEL_DIRECT
            && post.props.get("from_webhook").and_then(|v| v.as_str()) == Some("true")
            && let Some(name) = post.props.get("override_username").and_then(|v| v.as_str())
        {
            return name.to_owned();
        }
        format!("@{}", sender.username)
    }

    /// The channel's name as the recipient sees it: a direct message is named after its sender,
    /// a group message after its other members.
    fn channel_name_for(
        &self,
        notice: &PostNotice,
        recipient: &str,
        members: &[MentionCandidate],
    ) -> String {
        match notice.channel.channel_type.as_str() {
            CHANNEL_DIRECT => format!("@{}", notice.sender.username),
            CHANNEL_GROUP => {
                let mut names: Vec<&str> = members
                    .iter()
                    .filter(|m| m.user_id != recipient)
                    .map(|m| m.username.as_str())
                    .collect();
                names.sort_unstable();
                names.join(", ")
            }
            _ => notice.channel.display_name.clone(),
        }
    }

    /// `PushNotification` of an `id_loaded` push, filled in for the app that acknowledges it:
    /// only for a user who may read the post.
    pub(crate) async fn id_loaded_message(
        &self,
        actor: &crate::Actor,
        post_id: &str,
    ) -> Result<PushNotification> {
        let post = self.store.get_post(post_id).await.or_not_found("post")?;
        let channel = self.load_channel(&post.channel_id).await?;
        self.require_channel(actor, &channel, crate::perm::READ_CHANNEL)
            .await?;
        let sender = self
            .store
            .get_user(&post.user_id)
            .await
            .optional()?
            .unwrap_or_default();
        let members = self.mention_candidates(&channel.id).await?;
        let user_id = actor.user_id().to_owned();
        let crt = !self
            .collapsed_threads_for(std::slice::from_ref(&user_id))
            .await?
            .is_empty();
        let notice = self.post_notice(post, channel, sender).await?;
        let settings = self.settings();
        let mut msg = build_message(
            stoa_model::push::CONTENTS_FULL,
            &MessagePush {
                notice: &notice,
                reason: PushReason::Mention(Mention::Keyword),
                channel_name: self.channel_name_for(&notice, &user_id, &members),
                crt,
                badge: 0,
            },
            (
                settings.service_settings.enable_post_username_override,
                settings.service_settings.enable_post_icon_override,
            ),
        );
        msg.is_id_loaded = true;
        Ok(msg)
    }
}

/// Text of a post's attachments that can mention people (pretext, text, field values).
fn attachment_texts(post: &Post) -> Vec<String> {
    let Some(list) = post.props.get("attachments").and_then(|a| a.as_array()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in list {
        for key in ["pretext", "text"] {
            if let Some(s) = a
                .get(key)
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty())
            {
                out.push(s.to_owned());
            }
        }
        if let Some(fields) = a.get("fields").and_then(|f| f.as_array()) {
            for f in fields {
                if let Some(s) = f
                    .get("value")
                    .and_then(|v| v.as_str())
                    .filter(|s| !s.is_empty())
                {
                    out.push(s.to_owned());
                }
            }
        }
    }
    out
}
