//! Outgoing webhooks: their CRUD, and calling them when a message in a public channel matches
//! (Mattermost's `handleWebhookEvents`).
//!
//! Posting never waits for a receiver: a new post is handed to a bounded queue (a full queue
//! drops the job with a warning rather than slow the poster), one worker matches it against the
//! team's hooks — kept in memory per team, dropped on every change of a hook — and each call
//! runs as its own task, at most `MAX_CALLS` at once, through the outbound port with the
//! admin's timeout.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use stoa_model::channel::Channel;
use stoa_model::post::Post;
use stoa_model::webhook::{
    CONTENT_TYPE_JSON, OutgoingWebhook, OutgoingWebhookPayload, OutgoingWebhookResponse,
    RESPONSE_TYPE_COMMENT, TRIGGER_EXACT, TRIGGER_STARTS_WITH,
};
use stoa_model::{is_valid_id, new_id, now_ms};
use stoa_store::{HookListQuery, StoreError};
use tokio::sync::{Semaphore, mpsc};

use super::post::IntegrationPost;
use crate::outbound::is_http_url;
use crate::ports::OutboundMethod;
use crate::{Actor, Core, Error, ErrorKind, Page, Result, perm};

/// Posts waiting to be matched.
const QUEUE: usize = 4096;
/// Calls to receivers in flight at once.
const MAX_CALLS: usize = 32;
/// Hooks of one team the matcher considers.
const TEAM_HOOKS_MAX: i64 = 1000;

struct Job {
    post: Post,
    channel: Channel,
}

/// The queue between posting and the worker, and the per-team hook cache.
pub(crate) struct OutgoingQueue {
    tx: mpsc::Sender<Job>,
    rx: Mutex<Option<mpsc::Receiver<Job>>>,
    by_team: RwLock<HashMap<String, Arc<TeamHooks>>>,
}

/// A team's outgoing hooks and its name (the payload's `team_domain`), kept together so that
/// matching a post costs no database round trip once the team is cached.
struct TeamHooks {
    team_name: String,
    hooks: Vec<OutgoingWebhook>,
}

impl Default for OutgoingQueue {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        OutgoingQueue {
            tx,
            rx: Mutex::new(Some(rx)),
            by_team: RwLock::new(HashMap::new()),
        }
    }
}

impl OutgoingQueue {
    fn forget_team(&self, team_id: &str) {
        if let Ok(mut m) = self.by_team.write() {
            m.remove(team_id);
        }
    }

    fn cached(&self, team_id: &str) -> Option<Arc<TeamHooks>> {
        self.by_team.read().ok()?.get(team_id).cloned()
    }
}

fn disabled() -> Error {
    Error::new(
        ErrorKind::NotImplemented,
        "api.outgoing_webhook.disabled.app_error",
        "Outgoing webhooks have been disabled by the system admin.",
    )
}

fn not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "app.webhooks.get_outgoing.app_error",
        "Unable to get the webhook.",
    )
}

fn invalid(field: &str, message: &str) -> Error {
    Error::new(
        ErrorKind::BadRequest,
        format!("model.outgoing_hook.{field}.app_error"),
        message.to_string(),
    )
}

/// Mattermost's `OutgoingWebhook.IsValid`.
fn validate(h: &OutgoingWebhook) -> Result<()> {
    if !is_valid_id(&h.team_id) {
        return Err(invalid("team_id", "Invalid team id."));
    }
    if !h.channel_id.is_empty() && !is_valid_id(&h.channel_id) {
        return Err(invalid("channel_id", "Invalid channel id."));
    }
    if h.display_name.chars().count() > 64 {
        return Err(invalid("display_name", "Invalid display name."));
    }
    if h.description.chars().count() > 500 {
        return Err(invalid("description", "Invalid description."));
    }
    if h.trigger_words.len() > 100
        || h.trigger_words
            .iter()
            .any(|w| w.is_empty() || w.chars().count() > 128)
    {
        return Err(invalid("words", "Invalid trigger words."));
    }
    if h.callback_urls.is_empty() || h.callback_urls.len() > 20 {
        return Err(invalid("callback", "Invalid callback urls."));
    }
    if h.callback_urls
        .iter()
        .any(|u| u.chars().count() > 1024 || !is_http_url(u))
    {
        return Err(invalid(
            "url",
            "Invalid callback urls. Each must be a valid URL.",
        ));
    }
    if h.content_type.chars().count() > 128 {
        return Err(invalid("content_type", "Invalid content type."));
    }
    if h.trigger_when != TRIGGER_EXACT && h.trigger_when != TRIGGER_STARTS_WITH {
        return Err(invalid("trigger_when", "Invalid trigger when."));
    }
    if h.username.chars().count() > 64 {
        return Err(invalid("username", "Invalid username."));
    }
    if h.icon_url.chars().count() > 1024 {
        return Err(invalid("icon_url", "Invalid icon."));
    }
    Ok(())
}

fn intersects(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// The hooks a post fires, each with the trigger word it matched.
fn matching<'a>(hooks: &'a [OutgoingWebhook], post: &Post) -> Vec<(&'a OutgoingWebhook, String)> {
    let first = post.message.split_whitespace().next().unwrap_or("");
    hooks
        .iter()
        .filter(|h| h.channel_id.is_empty() || h.channel_id == post.channel_id)
        .filter_map(|h| {
            if h.channel_id == post.channel_id && h.trigger_words.is_empty() {
                Some((h, String::new()))
            } else {
                h.trigger_for(first).map(|w| (h, w.to_string()))
            }
        })
        .collect()
}

impl Core {
    fn require_outgoing_enabled(&self) -> Result<()> {
        if self.settings().service_settings.enable_outgoing_webhooks {
            Ok(())
        } else {
            Err(disabled())
        }
    }

    /// A channel an outgoing hook may listen to: open, and in the hook's team.
    async fn outgoing_channel(&self, channel_id: &str, team_id: &str) -> Result<()> {
        if channel_id.is_empty() {
            return Ok(());
        }
        let channel = self.load_channel(channel_id).await?;
        if !channel.is_open() {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.webhook.create_outgoing.not_open.app_error",
                "Outgoing webhooks can only be created for public channels.",
            ));
        }
        if channel.team_id != team_id {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.webhook.create_outgoing.permissions.app_error",
                "Invalid permissions to create outgoing webhook.",
            ));
        }
        Ok(())
    }

    /// No two hooks of a channel share both a trigger word and a callback URL.
    async fn check_overlap(&self, hook: &OutgoingWebhook) -> Result<()> {
        let existing = self
            .store
            .list_outgoing_hooks(&HookListQuery {
                team_id: hook.team_id.clone(),
                limit: TEAM_HOOKS_MAX,
                ..Default::default()
            })
            .await?;
        if existing.iter().any(|e| {
            e.id != hook.id
                && e.channel_id == hook.channel_id
                && intersects(&e.callback_urls, &hook.callback_urls)
                && intersects(&e.trigger_words, &hook.trigger_words)
        }) {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.webhook.create_outgoing.intersect.app_error",
                "Outgoing webhooks from the same channel cannot have the same trigger words/callback URLs.",
            ));
        }
        Ok(())
    }

    /// `POST /hooks/outgoing`.
    pub async fn create_outgoing_hook(
        &self,
        actor: &Actor,
        mut hook: OutgoingWebhook,
    ) -> Result<OutgoingWebhook> {
        self.require_team(actor, &hook.team_id, perm::MANAGE_OWN_OUTGOING_WEBHOOKS)
            .await?;
        if hook.creator_id.is_empty() || actor.is(&hook.creator_id) {
            hook.creator_id = actor.user_id().to_string();
        } else {
            self.require_team(actor, &hook.team_id, perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS)
                .await?;
            self.store
                .get_user(&hook.creator_id)
                .await
                .map_err(|e| match e {
                    StoreError::NotFound => Error::not_found("user"),
                    other => other.into(),
                })?;
        }
        self.require_outgoing_enabled()?;
        validate(&hook)?;
        self.outgoing_channel(&hook.channel_id, &hook.team_id)
            .await?;
        if hook.channel_id.is_empty() && hook.trigger_words.is_empty() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.webhook.create_outgoing.triggers.app_error",
                "Either trigger_words or channel_id must be set.",
            ));
        }
        let now = now_ms();
        hook.id = new_id();
        hook.token = new_id();
        hook.create_at = now;
        hook.update_at = now;
        hook.delete_at = 0;
        self.check_overlap(&hook).await?;
        self.store.insert_outgoing_hook(&hook).await?;
        self.outgoing.forget_team(&hook.team_id);
        Ok(hook)
    }

    /// `GET /hooks/outgoing?channel_id=&team_id=`.
    pub async fn list_outgoing_hooks(
        &self,
        actor: &Actor,
        channel_id: &str,
        team_id: &str,
        page: Page,
    ) -> Result<Vec<OutgoingWebhook>> {
        let mut creator = actor.user_id().to_string();
        let mut team = team_id.to_string();
        if !channel_id.is_empty() {
            let channel = self.load_channel(channel_id).await?;
            self.require_channel(actor, &channel, perm::MANAGE_OWN_OUTGOING_WEBHOOKS)
                .await?;
            if self
                .has_channel_permission(actor, &channel, perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS)
                .await?
            {
                creator.clear();
            }
            team.clear();
        } else if !team_id.is_empty() {
            self.require_team(actor, team_id, perm::MANAGE_OWN_OUTGOING_WEBHOOKS)
                .await?;
            if self
                .has_team_permission(actor, team_id, perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS)
                .await?
            {
                creator.clear();
            }
        } else {
            if !actor.can(perm::MANAGE_OWN_OUTGOING_WEBHOOKS) {
                return Err(Error::forbidden(perm::MANAGE_OWN_OUTGOING_WEBHOOKS.0));
            }
            if actor.can(perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS) {
                creator.clear();
            }
        }
        self.require_outgoing_enabled()?;
        Ok(self
            .store
            .list_outgoing_hooks(&HookListQuery {
                team_id: team,
                channel_id: channel_id.to_string(),
                creator_id: creator,
                offset: page.offset(),
                limit: page.limit(),
            })
            .await?)
    }

    async fn outgoing_hook_for(&self, actor: &Actor, id: &str) -> Result<OutgoingWebhook> {
        self.require_outgoing_enabled()?;
        let hook = match self.store.get_outgoing_hook(id).await {
            Err(StoreError::NotFound) => return Err(not_found()),
            other => other?,
        };
        self.require_hook_owner(
            actor,
            &hook.team_id,
            &hook.creator_id,
            perm::MANAGE_OWN_OUTGOING_WEBHOOKS,
            perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS,
        )
        .await?;
        Ok(hook)
    }

    /// `GET /hooks/outgoing/{id}`.
    pub async fn get_outgoing_hook(&self, actor: &Actor, id: &str) -> Result<OutgoingWebhook> {
        self.outgoing_hook_for(actor, id).await
    }

    /// `PUT /hooks/outgoing/{id}`. As in Mattermost, the one who saves it becomes its creator.
    pub async fn update_outgoing_hook(
        &self,
        actor: &Actor,
        id: &str,
        mut next: OutgoingWebhook,
    ) -> Result<OutgoingWebhook> {
        if next.id != id {
            return Err(Error::invalid_param("hook_id"));
        }
        let old = self.outgoing_hook_for(actor, id).await?;
        if next.team_id.is_empty() {
            next.team_id = old.team_id.clone();
        }
        if next.team_id != old.team_id {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.webhook.team_mismatch.app_error",
                "Unable to update webhook across teams.",
            ));
        }
        self.outgoing_channel(&next.channel_id, &old.team_id)
            .await?;
        if next.channel_id.is_empty() && next.trigger_words.is_empty() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.webhook.create_outgoing.triggers.app_error",
                "Either trigger_words or channel_id must be set.",
            ));
        }
        next.token = old.token;
        next.creator_id = actor.user_id().to_string();
        next.create_at = old.create_at;
        next.delete_at = old.delete_at;
        next.update_at = now_ms();
        validate(&next)?;
        self.check_overlap(&next).await?;
        self.store.update_outgoing_hook(&next).await?;
        self.outgoing.forget_team(&next.team_id);
        Ok(next)
    }

    /// `POST /hooks/outgoing/{id}/regen_token`.
    pub async fn regen_outgoing_hook_token(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<OutgoingWebhook> {
        let mut hook = self.outgoing_hook_for(actor, id).await?;
        hook.token = new_id();
        hook.update_at = now_ms();
        self.store.update_outgoing_hook(&hook).await?;
        self.outgoing.forget_team(&hook.team_id);
        Ok(hook)
    }

    /// `DELETE /hooks/outgoing/{id}`.
    pub async fn delete_outgoing_hook(&self, actor: &Actor, id: &str) -> Result<()> {
        let hook = self.outgoing_hook_for(actor, id).await?;
        self.store.delete_outgoing_hook(&hook.id, now_ms()).await?;
        self.outgoing.forget_team(&hook.team_id);
        Ok(())
    }

    pub(crate) fn forget_team_hooks(&self, team_id: &str) {
        self.outgoing.forget_team(team_id);
    }

    /// Hands a new user post to the outgoing-hook worker; never waits.
    pub(crate) fn offer_to_outgoing_hooks(&self, channel: &Channel, post: &Post) {
        if !channel.is_open()
            || post.is_system()
            || post.props.contains_key("from_webhook")
            || !self.settings().service_settings.enable_outgoing_webhooks
        {
            return;
        }
        if let Some(team) = self.outgoing.cached(&channel.team_id)
            && team.hooks.is_empty()
        {
            return;
        }
        let job = Job {
            post: post.clone(),
            channel: channel.clone(),
        };
        if self.outgoing.tx.try_send(job).is_err() {
            tracing::warn!(post_id = %post.id, "outgoing webhook queue is full: post not offered");
        }
    }

    async fn team_outgoing_hooks(&self, team_id: &str) -> Result<Arc<TeamHooks>> {
        if let Some(team) = self.outgoing.cached(team_id) {
            return Ok(team);
        }
        let team = self.store.get_team(team_id).await?;
        let hooks = Arc::new(TeamHooks {
            team_name: team.name,
            hooks: self
                .store
                .list_outgoing_hooks(&HookListQuery {
                    team_id: team_id.to_string(),
                    limit: TEAM_HOOKS_MAX,
                    ..Default::default()
                })
                .await?,
        });
        if let Ok(mut m) = self.outgoing.by_team.write() {
            m.insert(team_id.to_string(), hooks.clone());
        }
        Ok(hooks)
    }

    /// The worker: started once with the background tasks.
    pub(crate) fn start_outgoing_hooks(self: &Arc<Self>) {
        let rx = match self.outgoing.rx.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        let Some(mut rx) = rx else { return };
        let core = Arc::downgrade(self);
        tokio::spawn(async move {
            let calls = Arc::new(Semaphore::new(MAX_CALLS));
            while let Some(job) = rx.recv().await {
                let Some(core) = core.upgrade() else { return };
                if let Err(e) = core.dispatch(job, &calls).await {
                    tracing::warn!(error = %e, "outgoing webhooks: cannot match a post");
                }
            }
        });
    }

    async fn dispatch(self: &Arc<Self>, job: Job, calls: &Arc<Semaphore>) -> Result<()> {
        let team = self.team_outgoing_hooks(&job.channel.team_id).await?;
        let fired = matching(&team.hooks, &job.post);
        if fired.is_empty() {
            return Ok(());
        }
        // The sender's name from the channel's member cache (warm: the post just used it).
        let user_name = match self
            .mention_candidates(&job.channel.id)
            .await?
            .iter()
            .find(|m| m.user_id == job.post.user_id)
        {
            Some(m) => m.username.clone(),
            None => self.store.get_user(&job.post.user_id).await?.username,
        };
        for (hook, trigger_word) in fired {
            let payload = OutgoingWebhookPayload {
                token: hook.token.clone(),
                team_id: hook.team_id.clone(),
                team_domain: team.team_name.clone(),
                channel_id: job.post.channel_id.clone(),
                channel_name: job.channel.name.clone(),
                timestamp: job.post.create_at,
                user_id: job.post.user_id.clone(),
                user_name: user_name.clone(),
                post_id: job.post.id.clone(),
                text: job.post.message.clone(),
                trigger_word,
                file_ids: job.post.file_ids.join(","),
            };
            for url in &hook.callback_urls {
                let Ok(permit) = calls.clone().acquire_owned().await else {
                    return Ok(());
                };
                let core = self.clone();
                let (hook, url, payload) = (hook.clone(), url.clone(), payload.clone());
                let (post, channel) = (job.post.clone(), job.channel.clone());
                tokio::spawn(async move {
                    let _permit = permit;
                    if let Err(e) = core
                        .call_outgoing(&hook, &url, &payload, &post, &channel)
                        .await
                    {
                        tracing::warn!(hook_id = %hook.id, error = %e, "outgoing webhook failed");
                    }
                });
            }
        }
        Ok(())
    }

    /// One POST to one callback URL, and its answer posted.
    async fn call_outgoing(
        &self,
        hook: &OutgoingWebhook,
        url: &str,
        payload: &OutgoingWebhookPayload,
        post: &Post,
        channel: &Channel,
    ) -> Result<()> {
        let (content_type, body) = if hook.content_type == CONTENT_TYPE_JSON {
            (
                CONTENT_TYPE_JSON,
                serde_json::to_vec(payload).map_err(Error::internal)?,
            )
        } else {
            (
                stoa_model::webhook::CONTENT_TYPE_FORM,
                crate::form::encode(&payload.form_fields()).into_bytes(),
            )
        };
        let headers = vec![
            ("Content-Type".to_string(), content_type.to_string()),
            ("Accept".to_string(), "application/json".to_string()),
        ];
        let resp = self
            .call_integration(OutboundMethod::Post, url, headers, body)
            .await
            .map_err(|e| {
                Error::new(
                    ErrorKind::BadRequest,
                    "api.outgoing_webhook.call",
                    e.to_string(),
                )
            })?;
        if resp.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let answer: OutgoingWebhookResponse = serde_json::from_slice(&resp.body).map_err(|_| {
            Error::new(
                ErrorKind::BadRequest,
                "api.unmarshal_error",
                "The webhook's answer is not JSON.",
            )
        })?;
        let has_attachments = answer.attachments.as_ref().is_some_and(|a| !a.is_empty());
        if answer.text.is_none() && !has_attachments {
            return Ok(());
        }
        let creator = self.store.get_user(&hook.creator_id).await?;
        let service = self.settings().service_settings.clone();
        let username = if answer.username.is_empty() && service.enable_post_username_override {
            hook.username.clone()
        } else {
            answer.username
        };
        let icon_url = if answer.icon_url.is_empty() && service.enable_post_icon_override {
            hook.icon_url.clone()
        } else {
            answer.icon_url
        };
        let root_id = if answer.response_type == RESPONSE_TYPE_COMMENT {
            if post.root_id.is_empty() {
                post.id.clone()
            } else {
                post.root_id.clone()
            }
        } else {
            String::new()
        };
        self.create_integration_post(
            &creator,
            channel,
            IntegrationPost {
                text: answer.text.unwrap_or_default(),
                username,
                icon_url,
                icon_emoji: String::new(),
                props: answer.props,
                attachments: answer.attachments,
                kind: answer.kind,
                root_id,
                priority: answer.priority,
                display_name: hook.display_name.clone(),
            },
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(channel: &str, words: &[&str], when: i32) -> OutgoingWebhook {
        OutgoingWebhook {
            channel_id: channel.into(),
            trigger_words: words.iter().map(|w| w.to_string()).collect(),
            trigger_when: when,
            ..Default::default()
        }
    }

    fn post(channel: &str, message: &str) -> Post {
        Post {
            channel_id: channel.into(),
            message: message.into(),
            ..Default::default()
        }
    }

    #[test]
    fn triggers_match_the_first_word() {
        let hooks = vec![
            hook("", &["deploy"], TRIGGER_EXACT),
            hook("", &["ci"], TRIGGER_STARTS_WITH),
            hook("c1", &[], TRIGGER_EXACT),
            hook("c2", &["deploy"], TRIGGER_EXACT),
        ];
        let words =
            |p: &Post| -> Vec<String> { matching(&hooks, p).into_iter().map(|(_, w)| w).collect() };
        assert_eq!(words(&post("c9", "deploy staging")), vec!["deploy"]);
        assert_eq!(words(&post("c9", "  deploy")), vec!["deploy"]);
        assert!(words(&post("c9", "deployment now")).is_empty());
        assert!(words(&post("c9", "please deploy")).is_empty());
        assert_eq!(words(&post("c9", "ci-status")), vec!["ci"]);
        assert_eq!(words(&post("c1", "anything at all")), vec![""]);
        assert_eq!(words(&post("c2", "deploy")), vec!["deploy", "deploy"]);
    }
}
