//! Webhooks (Mattermost's `webhooks` API tag). Incoming hooks (`incoming.rs`) post what an
//! outside service sends to `POST /hooks/{id}`; outgoing hooks (`outgoing.rs`) call outside
//! services when a message in a public channel matches. Posts made for integrations — hooks,
//! and later commands and actions — go through `post.rs`, which applies Slack's markup, the
//! override settings and the split of long messages. `slack.rs` is the markup itself.
//!
//! Permissions follow Mattermost's api4 handlers: `manage_own_*_webhooks` in the team to touch
//! one's own hooks, `manage_others_*_webhooks` for everyone else's, read access to a private
//! channel to point a hook at it, `bypass_incoming_webhook_channel_lock` to make an unlocked hook.

mod incoming;
mod outgoing;
mod post;
mod slack;

pub(crate) use incoming::HookRates;
pub(crate) use outgoing::OutgoingQueue;

use stoa_model::channel::Channel;
use stoa_model::webhook::IncomingWebhook;
use stoa_model::{is_valid_id, new_id, now_ms};
use stoa_store::HookListQuery;

use crate::{Actor, Core, Error, ErrorKind, Page, Result, StoreResultExt, perm};

fn incoming_disabled() -> Error {
    Error::new(
        ErrorKind::NotImplemented,
        "api.incoming_webhook.disabled.app_error",
        "Incoming webhooks have been disabled by the system admin.",
    )
}

fn incoming_not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "app.webhooks.get_incoming.app_error",
        "Unable to get the webhook.",
    )
}

fn invalid(id: &'static str, message: &'static str) -> Error {
    Error::new(ErrorKind::BadRequest, id, message)
}

/// Mattermost's `IncomingWebhook.IsValid`, for what a client may set.
fn validate_incoming(h: &IncomingWebhook) -> Result<()> {
    if !is_valid_id(&h.channel_id) {
        return Err(invalid(
            "model.incoming_hook.channel_id.app_error",
            "Invalid channel id.",
        ));
    }
    let checks = [
        (h.display_name.chars().count() > 64, "display_name"),
        (h.description.chars().count() > 500, "description"),
        (h.username.chars().count() > 255, "username"),
        (h.icon_url.chars().count() > 1024, "icon_url"),
    ];
    if let Some((_, field)) = checks.iter().find(|(bad, _)| *bad) {
        return Err(Error::new(
            ErrorKind::BadRequest,
            format!("model.incoming_hook.{field}.app_error"),
            format!("Invalid {}.", field.replace('_', " ")),
        ));
    }
    if !h.username.is_empty() && !stoa_model::validate::is_valid_username(&h.username) {
        return Err(invalid(
            "api.incoming_webhook.invalid_username.app_error",
            "Invalid username.",
        ));
    }
    Ok(())
}

impl Core {
    fn require_incoming_enabled(&self) -> Result<()> {
        if self.settings().service_settings.enable_incoming_webhooks {
            Ok(())
        } else {
            Err(incoming_disabled())
        }
    }

    /// Reading a private channel's content: what pointing a hook at it needs.
    async fn require_hook_channel(&self, actor: &Actor, channel: &Channel) -> Result<()> {
        if channel.is_open() {
            return Ok(());
        }
        self.require_channel_read(actor, channel)
            .await
            .map_err(|_| Error::forbidden(perm::READ_CHANNEL_CONTENT.0))
    }

    /// Own hooks need `own`, anyone else's `others` too, both in the hook's team.
    async fn require_hook_owner(
        &self,
        actor: &Actor,
        team_id: &str,
        owner: &str,
        own: perm::Permission,
        others: perm::Permission,
    ) -> Result<()> {
        self.require_team(actor, team_id, own).await?;
        if !actor.is(owner) {
            self.require_team(actor, team_id, others).await?;
        }
        Ok(())
    }

    /// `POST /hooks/incoming`.
    pub async fn create_incoming_hook(
        &self,
        actor: &Actor,
        mut hook: IncomingWebhook,
    ) -> Result<IncomingWebhook> {
        let channel = self.load_channel(&hook.channel_id).await?;
        self.require_team(actor, &channel.team_id, perm::MANAGE_OWN_INCOMING_WEBHOOKS)
            .await?;
        self.require_hook_channel(actor, &channel).await?;
        let mut owner = actor.user_id().to_string();
        if !hook.user_id.is_empty() && hook.user_id != owner {
            self.require_team(
                actor,
                &channel.team_id,
                perm::MANAGE_OTHERS_INCOMING_WEBHOOKS,
            )
            .await?;
            self.store
                .get_user(&hook.user_id)
                .await
                .or_not_found("user")?;
            owner = hook.user_id.clone();
        }
        if !self
            .has_team_permission(
                actor,
                &channel.team_id,
                perm::BYPASS_INCOMING_WEBHOOK_CHANNEL_LOCK,
            )
            .await?
        {
            hook.channel_locked = true;
        }
        self.require_incoming_enabled()?;
        let service = &self.settings().service_settings;
        if !service.enable_post_username_override {
            hook.username.clear();
        }
        if !service.enable_post_icon_override {
            hook.icon_url.clear();
        }
        let now = now_ms();
        hook.id = new_id();
        hook.user_id = owner;
        hook.team_id = channel.team_id.clone();
        hook.channel_id = channel.id.clone();
        hook.create_at = now;
        hook.update_at = now;
        hook.delete_at = 0;
        validate_incoming(&hook)?;
        self.store.insert_incoming_hook(&hook).await?;
        Ok(hook)
    }

    /// `GET /hooks/incoming?team_id=`: the team's hooks, or the caller's own without
    /// `manage_others_incoming_webhooks`; every team's when `team_id` is empty.
    pub async fn list_incoming_hooks(
        &self,
        actor: &Actor,
        team_id: &str,
        page: Page,
    ) -> Result<Vec<IncomingWebhook>> {
        let mut creator = actor.user_id().to_string();
        if team_id.is_empty() {
            if !actor.can(perm::MANAGE_OWN_INCOMING_WEBHOOKS) {
                return Err(Error::forbidden(perm::MANAGE_OWN_INCOMING_WEBHOOKS.0));
            }
            if actor.can(perm::MANAGE_OTHERS_INCOMING_WEBHOOKS) {
                creator.clear();
            }
        } else {
            self.require_team(actor, team_id, perm::MANAGE_OWN_INCOMING_WEBHOOKS)
                .await?;
            if self
                .has_team_permission(actor, team_id, perm::MANAGE_OTHERS_INCOMING_WEBHOOKS)
                .await?
            {
                creator.clear();
            }
        }
        self.require_incoming_enabled()?;
        Ok(self
            .store
            .list_incoming_hooks(&HookListQuery {
                team_id: team_id.to_string(),
                channel_id: String::new(),
                creator_id: creator,
                offset: page.offset(),
                limit: page.limit(),
            })
            .await?)
    }

    /// A hook the actor may see and change: its owner with `manage_own`, others with
    /// `manage_others`, and a private channel's only for those who read the channel.
    async fn incoming_hook_for(&self, actor: &Actor, id: &str) -> Result<IncomingWebhook> {
        self.require_incoming_enabled()?;
        let hook = match self.store.get_incoming_hook(id).await {
            Err(stoa_store::StoreError::NotFound) => return Err(incoming_not_found()),
            other => other?,
        };
        let channel = self.load_channel(&hook.channel_id).await?;
        if self.require_hook_channel(actor, &channel).await.is_err() {
            return Err(Error::forbidden(perm::MANAGE_OWN_INCOMING_WEBHOOKS.0));
        }
        self.require_hook_owner(
            actor,
            &hook.team_id,
            &hook.user_id,
            perm::MANAGE_OWN_INCOMING_WEBHOOKS,
            perm::MANAGE_OTHERS_INCOMING_WEBHOOKS,
        )
        .await?;
        Ok(hook)
    }

    /// `GET /hooks/incoming/{id}`.
    pub async fn get_incoming_hook(&self, actor: &Actor, id: &str) -> Result<IncomingWebhook> {
        self.incoming_hook_for(actor, id).await
    }

    /// `PUT /hooks/incoming/{id}`: display name, description, channel (of the same team),
    /// username, icon and lock.
    pub async fn update_incoming_hook(
        &self,
        actor: &Actor,
        id: &str,
        mut next: IncomingWebhook,
    ) -> Result<IncomingWebhook> {
        if next.id != id {
            return Err(Error::invalid_param("hook_id"));
        }
        let old = self.incoming_hook_for(actor, id).await?;
        if next.team_id.is_empty() {
            next.team_id = old.team_id.clone();
        }
        if next.team_id != old.team_id {
            return Err(invalid(
                "api.webhook.team_mismatch.app_error",
                "Unable to update webhook across teams.",
            ));
        }
        let channel = self.load_channel(&next.channel_id).await?;
        if channel.team_id != old.team_id {
            return Err(Error::invalid_param("channel_id"));
        }
        self.require_hook_channel(actor, &channel).await?;
        if !self
            .has_team_permission(
                actor,
                &channel.team_id,
                perm::BYPASS_INCOMING_WEBHOOK_CHANNEL_LOCK,
            )
            .await?
        {
            next.channel_locked = true;
        }
        let service = &self.settings().service_settings;
        if !service.enable_post_username_override {
            next.username = old.username.clone();
        }
        if !service.enable_post_icon_override {
            next.icon_url = old.icon_url.clone();
        }
        next.user_id = old.user_id;
        next.create_at = old.create_at;
        next.delete_at = old.delete_at;
        next.update_at = now_ms();
        validate_incoming(&next)?;
        self.store.update_incoming_hook(&next).await?;
        Ok(next)
    }

    /// `DELETE /hooks/incoming/{id}`.
    pub async fn delete_incoming_hook(&self, actor: &Actor, id: &str) -> Result<()> {
        let hook = self.incoming_hook_for(actor, id).await?;
        self.store.delete_incoming_hook(&hook.id, now_ms()).await?;
        self.forget_hook_rate(&hook.id);
        Ok(())
    }
}
