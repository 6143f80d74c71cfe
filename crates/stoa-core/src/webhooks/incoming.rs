//! `POST /hooks/{id}`: an outside service posts through an incoming hook (Mattermost's
//! `HandleIncomingWebhook`). The hook's id is the only credential, so the endpoint is limited
//! per hook, and every failure says as little as Mattermost's does.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use stoa_model::webhook::IncomingWebhookRequest;
use stoa_store::{OptionalExt, StoreError};

use super::post::IntegrationPost;
use crate::{Actor, Core, Error, ErrorKind, Result, perm};

fn parse_error() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "web.incoming_webhook.parse.app_error",
        "Unable to parse incoming data.",
    )
}

fn incoming_error(id: &'static str, kind: ErrorKind) -> Error {
    let message = match id {
        "web.incoming_webhook.text.app_error" => "No text specified.",
        "web.incoming_webhook.invalid.app_error" => "Invalid webhook.",
        "web.incoming_webhook.user.app_error" => "Couldn't find the user.",
        "web.incoming_webhook.channel.app_error" => "Couldn't find the channel.",
        "web.incoming_webhook.channel_locked.app_error" => {
            "This webhook is not permitted to post to the requested channel."
        }
        "web.incoming_webhook.permissions.app_error" => "Inappropriate channel permissions.",
        "web.incoming_webhook.disabled.app_error" => {
            "Incoming webhooks have been disabled by the system admin."
        }
        _ => "Unable to process the webhook.",
    };
    Error::new(kind, id, message)
}

/// Posts a hook may make: a burst, then a steady rate. One noisy sender cannot flood its
/// channel or the server; other hooks are not affected.
const HOOK_BURST: f64 = 30.0;
const HOOK_PER_SECOND: f64 = 10.0;
/// Buckets kept before idle ones are dropped.
const HOOK_BUCKETS_MAX: usize = 10_000;

/// Token buckets by hook id.
#[derive(Default)]
pub(crate) struct HookRates {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl HookRates {
    fn allow(&self, hook_id: &str) -> bool {
        let mut buckets = match self.buckets.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        let now = Instant::now();
        if buckets.len() >= HOOK_BUCKETS_MAX {
            // A full bucket left alone this long is indistinguishable from a new one.
            buckets.retain(|_, (_, at)| {
                now.duration_since(*at).as_secs_f64() < HOOK_BURST / HOOK_PER_SECOND
            });
        }
        let (tokens, at) = buckets
            .entry(hook_id.to_string())
            .or_insert((HOOK_BURST, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * HOOK_PER_SECOND).min(HOOK_BURST);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn forget(&self, hook_id: &str) {
        if let Ok(mut b) = self.buckets.lock() {
            b.remove(hook_id);
        }
    }
}

impl Core {
    pub(crate) fn forget_hook_rate(&self, hook_id: &str) {
        self.hook_rates.forget(hook_id);
    }

    /// `POST /hooks/{id}`: `payload` is the JSON body, or the `payload` field of a form.
    pub async fn execute_incoming_hook(&self, hook_id: &str, payload: &[u8]) -> Result<()> {
        if !self.settings().service_settings.enable_incoming_webhooks {
            return Err(incoming_error(
                "web.incoming_webhook.disabled.app_error",
                ErrorKind::NotImplemented,
            ));
        }
        let req: IncomingWebhookRequest =
            serde_json::from_slice(payload).map_err(|_| parse_error())?;
        if req.text.is_empty() && req.attachments.is_none() {
            return Err(incoming_error(
                "web.incoming_webhook.text.app_error",
                ErrorKind::BadRequest,
            ));
        }
        let invalid_hook = || {
            incoming_error(
                "web.incoming_webhook.invalid.app_error",
                ErrorKind::BadRequest,
            )
        };
        if !stoa_model::is_valid_id(hook_id) {
            return Err(invalid_hook());
        }
        let hook = self
            .store
            .get_incoming_hook(hook_id)
            .await
            .optional()?
            .ok_or_else(invalid_hook)?;
        if !self.hook_rates.allow(&hook.id) {
            return Err(Error::new(
                ErrorKind::RateLimited,
                "web.incoming_webhook.rate_limited.app_error",
                "This webhook is posting too fast; try again shortly.",
            ));
        }
        let creator = match self.store.get_user(&hook.user_id).await {
            Ok(u) if u.delete_at == 0 => u,
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(incoming_error(
                    "web.incoming_webhook.user.app_error",
                    ErrorKind::Forbidden,
                ));
            }
            Err(e) => return Err(e.into()),
        };
        let actor = Actor::for_user(&creator);
        let name = req.channel_name.as_str();
        let channel = if let Some(username) = name.strip_prefix('@') {
            let user = self
                .store
                .get_user_by_username(username)
                .await
                .optional()?
                .ok_or_else(|| {
                    incoming_error("web.incoming_webhook.user.app_error", ErrorKind::BadRequest)
                })?;
            self.create_direct_channel(&actor, &creator.id, &user.id)
                .await?
        } else if !name.is_empty() {
            let name = name.strip_prefix('#').unwrap_or(name);
            self.store
                .get_channel_by_name(&hook.team_id, name)
                .await
                .optional()?
                .ok_or_else(|| {
                    incoming_error(
                        "web.incoming_webhook.channel.app_error",
                        ErrorKind::NotFound,
                    )
                })?
        } else {
            self.load_channel(&hook.channel_id).await?
        };
        if hook.channel_locked && hook.channel_id != channel.id {
            return Err(incoming_error(
                "web.incoming_webhook.channel_locked.app_error",
                ErrorKind::Forbidden,
            ));
        }
        if !channel.is_open()
            && !self
                .has_channel_permission(&actor, &channel, perm::READ_CHANNEL_CONTENT)
                .await?
        {
            return Err(incoming_error(
                "web.incoming_webhook.permissions.app_error",
                ErrorKind::Forbidden,
            ));
        }
        let username = if req.username.is_empty() {
            hook.username.clone()
        } else {
            req.username
        };
        let icon_url = if req.icon_url.is_empty() {
            hook.icon_url.clone()
        } else {
            req.icon_url
        };
        self.create_integration_post(
            &creator,
            &channel,
            IntegrationPost {
                text: req.text,
                username,
                icon_url,
                icon_emoji: req.icon_emoji,
                props: req.props,
                attachments: req.attachments,
                kind: req.kind,
                root_id: String::new(),
                priority: req.priority,
                display_name: hook.display_name,
            },
        )
        .await?;
        Ok(())
    }
}
