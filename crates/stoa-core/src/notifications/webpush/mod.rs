//! Web push (RFC 8030/8291/8292) to our web app's service worker: Stoa's own, since Mattermost
//! has none.
//!
//! A browser that allows notifications subscribes with the browser's push service (Google's,
//! Mozilla's, Apple's…) under our VAPID key, and the web app hands us the subscription, which is
//! kept with the session it came from. A push is encrypted to that browser, so the push service
//! carries it without reading it, and POSTed to the subscription's endpoint through the outbound
//! port (the SSRF guard and the admin's exceptions apply).
//!
//! Pushes are on with `EmailSettings.SendPushNotifications` (browsers need no push proxy). The
//! rules (`rules.rs`) decide who gets a push; `web_push` only queues it: a bounded queue and a
//! worker with a few sends in flight, so neither a post nor the notification job waits for a push
//! service. A failed send is tried again twice, after 2 and 10 seconds; a push service answering
//! 404 or 410 says the subscription is gone, and it is deleted.

mod crypto;
mod payload;
mod subscriptions;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stoa_model::push::{PUSH_TYPE_CLEAR, PUSH_TYPE_MESSAGE, PUSH_TYPE_TEST, PushNotification};
use stoa_model::webpush::WebPushSubscription;
use stoa_model::{is_valid_id, now_ms};
use stoa_store::{OptionalExt, Store};
use tokio::sync::{Semaphore, mpsc};

use crate::ports::{OutboundError, OutboundMethod};
use crate::settings::Settings;
use crate::{Actor, Core, Error, ErrorKind, Result};

/// The `systems` row holding the VAPID secret key: made on first start and kept, since every
/// subscription is bound to its public half (and every node of a cluster must sign with it).
const VAPID_KEY: &str = "WebPushVapidKey";
/// Pushes waiting for the worker; past it a push is dropped with a warning.
const QUEUE: usize = 4096;
/// Sends in flight at once.
const MAX_SENDS: usize = 32;
/// Waits before the second and the third try.
const RETRY_DELAYS: [Duration; 2] = [Duration::from_secs(2), Duration::from_secs(10)];
/// How long a push service keeps a push for a browser that is offline: a day-old chat message
/// is still worth showing, an older one is not.
const TTL_SECS: &str = "86400";
/// Channels notified per subscription that are remembered for a later `clear`.
const SHOWN_MAX: usize = 100_000;
const SHOWN_FOR: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Message,
    Clear,
    Test,
}

struct Delivery {
    sub: WebPushSubscription,
    kind: Kind,
    channel_id: String,
    payload: Arc<Vec<u8>>,
}

/// Core's web push state: the VAPID key, the queue, and which channels each subscription was
/// last shown a message of.
pub(crate) struct WebPush {
    vapid: crypto::Vapid,
    tx: mpsc::Sender<Delivery>,
    rx: Mutex<Option<mpsc::Receiver<Delivery>>>,
    /// `(subscription, channel)` → when a message was delivered. A `clear` goes only where a
    /// message went: browsers count a push that shows nothing against the site (Firefox ends
    /// the subscription after a few), so a clear for a browser with nothing to close is not sent.
    /// In memory: in a cluster a clear is only sent by the node that sent the message.
    shown: Mutex<HashMap<(String, String), Instant>>,
}

impl WebPush {
    /// Loads the VAPID key, making it on first start.
    pub(crate) async fn load(store: &dyn Store) -> Result<WebPush> {
        let fresh = crypto::Vapid::new_stored()
            .map_err(|_| Error::internal("no random bytes for the VAPID key"))?;
        let stored = store.init_system(VAPID_KEY, &fresh).await?;
        let vapid = crypto::Vapid::from_stored(&stored)
            .ok_or_else(|| Error::internal("the stored VAPID key is not valid"))?;
        let (tx, rx) = mpsc::channel(QUEUE);
        Ok(WebPush {
            vapid,
            tx,
            rx: Mutex::new(Some(rx)),
            shown: Mutex::new(HashMap::new()),
        })
    }

    fn shown(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Instant>> {
        match self.shown.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn mark_shown(&self, sub_id: &str, channel_id: &str) {
        let mut shown = self.shown();
        if shown.len() >= SHOWN_MAX {
            shown.retain(|_, at| at.elapsed() < SHOWN_FOR);
            if shown.len() >= SHOWN_MAX {
                shown.clear();
            }
        }
        shown.insert((sub_id.to_owned(), channel_id.to_owned()), Instant::now());
    }

    /// Whether the subscription was shown a message of the channel since the last clear (and
    /// forgets it: the clear is about to go).
    fn take_shown(&self, sub_id: &str, channel_id: &str) -> bool {
        self.shown()
            .remove(&(sub_id.to_owned(), channel_id.to_owned()))
            .is_some_and(|at| at.elapsed() < SHOWN_FOR)
    }

    fn forget(&self, sub_id: &str) {
        self.shown().retain(|(s, _), _| s != sub_id);
    }
}

impl Core {
    /// `POST /api/v4/notifications/webpush/test`: a test push to every browser of the user, so
    /// they can see that pushes reach them. Refused, as Mattermost's test, while pushes are off.
    pub async fn test_web_push(&self, actor: &Actor) -> Result<()> {
        if !self.pushes_on() {
            return Err(Error::new(
                ErrorKind::NotImplemented,
                "api.push_notification.disabled.app_error",
                "Push Notifications are disabled on this server.",
            ));
        }
        let push = PushNotification {
            push_type: PUSH_TYPE_TEST.to_owned(),
            message: "This is a test push notification".to_owned(),
            ..Default::default()
        };
        self.web_push(actor.user_id(), &push).await
    }

    /// Hands one push (a `message`, or a `clear` when the user read the channel elsewhere) to
    /// every web push subscription of the user. Returns once the pushes are queued; other types
    /// (`update_badge`, `session`) have nothing for a browser to show and are not sent.
    pub async fn web_push(&self, user_id: &str, push: &PushNotification) -> Result<()> {
        let kind = match push.push_type.as_str() {
            PUSH_TYPE_MESSAGE => Kind::Message,
            PUSH_TYPE_CLEAR => Kind::Clear,
            PUSH_TYPE_TEST => Kind::Test,
            _ => return Ok(()),
        };
        let mut subs = self
            .store
            .get_web_push_subscriptions(user_id, now_ms())
            .await?;
        if kind == Kind::Clear {
            subs.retain(|s| self.web_push.take_shown(&s.id, &push.channel_id));
        }
        if subs.is_empty() {
            return Ok(());
        }
        let url = match kind {
            Kind::Message => self.web_push_url(user_id, push).await?,
            Kind::Test => "/".to_owned(),
            Kind::Clear => String::new(),
        };
        let site_name = self.settings().team_settings.site_name.clone();
        let payload = Arc::new(payload::encode(payload::payload(
            push, kind, url, &site_name,
        )));
        for sub in subs {
            let delivery = Delivery {
                sub,
                kind,
                channel_id: push.channel_id.clone(),
                payload: payload.clone(),
            };
            if self.web_push.tx.try_send(delivery).is_err() {
                tracing::warn!("web push: the queue is full, pushes are dropped");
                break;
            }
        }
        Ok(())
    }

    /// The page a click opens: the post's permalink in its team (a direct message's in any team
    /// of the user, as the web app opens those anywhere).
    async fn web_push_url(&self, user_id: &str, push: &PushNotification) -> Result<String> {
        if !is_valid_id(&push.post_id) {
            return Ok("/".to_owned());
        }
        let team = if push.team_id.is_empty() {
            self.store
                .get_teams_for_user(user_id)
                .await?
                .into_iter()
                .next()
        } else {
            self.store.get_team(&push.team_id).await.optional()?
        };
        Ok(match team {
            Some(t) => format!("/{}/pl/{}", t.name, push.post_id),
            None => "/".to_owned(),
        })
    }

    /// The worker: started once with the background tasks.
    pub(crate) fn start_web_push(self: &Arc<Self>) {
        let rx = match self.web_push.rx.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        let Some(mut rx) = rx else { return };
        let core = Arc::downgrade(self);
        tokio::spawn(async move {
            let sends = Arc::new(Semaphore::new(MAX_SENDS));
            while let Some(delivery) = rx.recv().await {
                let Ok(permit) = sends.clone().acquire_owned().await else {
                    return;
                };
                let Some(core) = core.upgrade() else { return };
                tokio::spawn(async move {
                    let _permit = permit;
                    core.deliver(delivery).await;
                });
            }
        });
    }

    async fn deliver(&self, d: Delivery) {
        let origin = crypto::origin(&d.sub.endpoint).unwrap_or("").to_owned();
        for attempt in 0..=RETRY_DELAYS.len() {
            if let Some(wait) = attempt.checked_sub(1).and_then(|i| RETRY_DELAYS.get(i)) {
                tokio::time::sleep(*wait).await;
            }
            match self.send_web_push(&d).await {
                Sent::Done => {
                    if d.kind == Kind::Message && !d.channel_id.is_empty() {
                        self.web_push.mark_shown(&d.sub.id, &d.channel_id);
                    }
                    return;
                }
                Sent::Gone => {
                    // The browser unsubscribed, or the push service forgot it.
                    self.web_push.forget(&d.sub.id);
                    if let Err(e) = self.store.delete_web_push_subscription(&d.sub.id).await {
                        tracing::warn!(error = %e, "web push: cannot delete a gone subscription");
                    }
                    return;
                }
                Sent::Again(why) => {
                    tracing::debug!(%origin, attempt, %why, "web push: will try again");
                }
                Sent::Failed(why) => {
                    // The endpoint only: its path identifies the browser to the push service.
                    tracing::warn!(%origin, %why, "web push failed");
                    return;
                }
            }
        }
        tracing::warn!(%origin, "web push failed after retries");
    }

    async fn send_web_push(&self, d: &Delivery) -> Sent {
        let (Some(p256dh), Some(auth)) = (
            crypto::b64_decode(&d.sub.p256dh),
            crypto::b64_decode(&d.sub.auth),
        ) else {
            return Sent::Failed("stored keys are not valid".into());
        };
        let Ok(body) = crypto::encrypt(&p256dh, &auth, &d.payload) else {
            return Sent::Failed("cannot encrypt the payload".into());
        };
        let settings = self.settings();
        let Some(authorization) = self.web_push.vapid.authorization(
            &d.sub.endpoint,
            &vapid_subject(&settings),
            now_ms() / 1000,
        ) else {
            return Sent::Failed("the endpoint has no origin".into());
        };
        let mut headers = vec![
            ("Authorization".to_owned(), authorization),
            ("Content-Encoding".to_owned(), "aes128gcm".to_owned()),
            (
                "Content-Type".to_owned(),
                "application/octet-stream".to_owned(),
            ),
            ("TTL".to_owned(), TTL_SECS.to_owned()),
            // RFC 8030: a chat message is `high` (it may wake a device); a clear can wait.
            (
                "Urgency".to_owned(),
                if d.kind == Kind::Clear {
                    "normal"
                } else {
                    "high"
                }
                .to_owned(),
            ),
        ];
        if is_valid_id(&d.channel_id) {
            // A push still waiting at the service is replaced by a newer one of the channel
            // (a newer message, or the clear that makes it moot).
            headers.push(("Topic".to_owned(), d.channel_id.clone()));
        }
        match self
            .call_integration(OutboundMethod::Post, &d.sub.endpoint, headers, body)
            .await
        {
            Ok(r) if (200..300).contains(&r.status) => Sent::Done,
            Ok(r) if r.status == 404 || r.status == 410 => Sent::Gone,
            Ok(r) if r.status == 429 || r.status >= 500 => {
                Sent::Again(format!("status {}", r.status))
            }
            Ok(r) => Sent::Failed(format!("status {}", r.status)),
            Err(e @ (OutboundError::Timeout | OutboundError::Failed(_))) => {
                Sent::Again(e.to_string())
            }
            Err(e) => Sent::Failed(e.to_string()),
        }
    }
}

/// What one send came to.
enum Sent {
    Done,
    Gone,
    Again(String),
    Failed(String),
}

/// Who the push service can contact about our pushes (RFC 8292 `sub`): the site's https URL, or
/// the feedback address; none is allowed.
fn vapid_subject(settings: &Settings) -> String {
    let site = &settings.service_settings.site_url;
    if site.starts_with("https://") {
        return site.trim_end_matches('/').to_owned();
    }
    let mail = &settings.email_settings.feedback_email;
    if mail.is_empty() {
        String::new()
    } else {
        format!("mailto:{mail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_clear_follows_only_a_shown_message() {
        let (tx, rx) = mpsc::channel(1);
        let wp = WebPush {
            vapid: crypto::Vapid::from_stored(&crypto::Vapid::new_stored().expect("key"))
                .expect("vapid"),
            tx,
            rx: Mutex::new(Some(rx)),
            shown: Mutex::new(HashMap::new()),
        };
        assert!(!wp.take_shown("s1", "c1"));
        wp.mark_shown("s1", "c1");
        assert!(!wp.take_shown("s2", "c1"));
        assert!(wp.take_shown("s1", "c1"));
        assert!(!wp.take_shown("s1", "c1"), "cleared once");
        wp.mark_shown("s1", "c1");
        wp.forget("s1");
        assert!(!wp.take_shown("s1", "c1"));
    }
}
