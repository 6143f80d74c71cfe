//! Web push (RFC 8030/8291/8292) to our web app's service worker: Stoa's own, since Mattermost
//! has none.
//!
//! A browser that allows notifications subscribes with the browser's push service (Google's,
//! Mozilla's, Apple's…) under our VAPID key, and the web app hands us the subscription, which is
//! kept with the session it came from. A push is encrypted to that browser, so the push service
//! carries it without reading it, and POSTed to the subscription's endpoint through the outbound
//! port (the SSRF guard and the admin's exceptions apply).
//!
//! Pushes are on with `EmailSettings.SendPushNotifications` (no push proxy is needed for
//! browsers). The rules (`rules.rs`) decide who gets a push; `web_push` only queues it: a bounded queue and a
//! worker with a few sends in flight, so neither a post nor the notification job waits for a push
//! service. A failed send is tried again twice, after 2 and 10 seconds; a push service answering
//! 404 or 410 says the subscription is gone, and it is deleted.

mod crypto;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stoa_model::push::{PUSH_TYPE_CLEAR, PUSH_TYPE_MESSAGE, PUSH_TYPE_TEST, PushNotification};
use stoa_model::webpush::{
    WebPushKey, WebPushPayload, WebPushSubscription, WebPushSubscriptionRequest,
};
use stoa_model::{is_valid_id, new_id, now_ms};
use stoa_store::{OptionalExt, Store};
use tokio::sync::{Semaphore, mpsc};

use crate::ports::{OutboundError, OutboundMethod};
use crate::settings::Settings;
use crate::{Actor, Core, Error, ErrorKind, Result};

/// The `systems` row holding the VAPID secret key: made on first start and kept, since every
/// subscription is bound to its public half (and every node of a cluster must sign with it).
const VAPID_KEY: &str = "WebPushVapidKey";
/// Subscriptions a user keeps (browsers and devices); a new one beyond it replaces the oldest.
const MAX_PER_USER: i64 = 10;
/// Longest endpoint accepted: the push services' are a few hundred characters.
const MAX_ENDPOINT: usize = 2048;
/// Longest key string accepted before decoding (65 bytes are 87 characters of base64url).
const MAX_KEY_CHARS: usize = 128;
/// Characters of the message a notification carries: more is never shown.
const BODY_MAX_CHARS: usize = 1000;
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
    /// `GET /api/v4/notifications/webpush`: the key the browser subscribes with.
    pub fn web_push_key(&self) -> WebPushKey {
        WebPushKey {
            public_key: self.web_push.vapid.public_key().to_owned(),
        }
    }

    /// `POST /api/v4/notifications/webpush/subscription`: this session's browser subscribed.
    /// Replaces the session's previous subscription and any other holding the same endpoint (the
    /// browser is now signed in here, so pushes for whoever used it before must stop).
    pub async fn subscribe_web_push(
        &self,
        actor: &Actor,
        req: WebPushSubscriptionRequest,
    ) -> Result<()> {
        if actor.session.id.is_empty() {
            return Err(Error::session_expired());
        }
        let allowed = self
            .settings()
            .service_settings
            .allowed_untrusted_internal_connections
            .clone();
        check_endpoint(&req.endpoint, &allowed)?;
        let p256dh = decode_key(&req.keys.p256dh, crypto::POINT_LEN)
            .filter(|k| crypto::is_valid_point(k))
            .ok_or_else(|| Error::invalid_body_param("keys.p256dh"))?;
        let auth = decode_key(&req.keys.auth, crypto::AUTH_LEN)
            .ok_or_else(|| Error::invalid_body_param("keys.auth"))?;
        let sub = WebPushSubscription {
            id: new_id(),
            session_id: actor.session.id.clone(),
            user_id: actor.user_id().to_owned(),
            endpoint: req.endpoint,
            p256dh: crypto::b64(&p256dh),
            auth: crypto::b64(&auth),
            create_at: now_ms(),
        };
        let tx = self.store.begin().await?;
        tx.delete_web_push_subscriptions_for(&sub.session_id, &sub.endpoint)
            .await?;
        tx.insert_web_push_subscription(&sub).await?;
        tx.trim_web_push_subscriptions(&sub.user_id, MAX_PER_USER)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// `DELETE /api/v4/notifications/webpush/subscription`: this session's browser unsubscribed.
    pub async fn unsubscribe_web_push(&self, actor: &Actor) -> Result<()> {
        // No endpoint is empty: only the session's subscription goes.
        self.store
            .delete_web_push_subscriptions_for(&actor.session.id, "")
            .await?;
        Ok(())
    }

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
        let payload = Arc::new(encode(payload(push, kind, url, &site_name)));
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

fn decode_key(s: &str, len: usize) -> Option<Vec<u8>> {
    if s.len() > MAX_KEY_CHARS {
        return None;
    }
    crypto::b64_decode(s).filter(|k| k.len() == len)
}

/// A push endpoint must be https; http only to a host the admin lets integrations reach
/// (`AllowedUntrustedInternalConnections`), as a push service on the local network would be.
fn check_endpoint(endpoint: &str, allowed_internal: &str) -> Result<()> {
    let bad = || Error::invalid_body_param("endpoint");
    if endpoint.len() > MAX_ENDPOINT
        || endpoint
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad());
    }
    let origin = crypto::origin(endpoint).ok_or_else(bad)?;
    let authority = origin.split_once("://").map_or("", |(_, a)| a);
    if authority.contains('@') {
        return Err(bad());
    }
    if endpoint.starts_with("https://") {
        return Ok(());
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    if allows(allowed_internal, host) {
        Ok(())
    } else {
        Err(bad().with_detail("a push endpoint must be an https URL"))
    }
}

/// Whether the admin's list (host names, addresses and CIDR ranges, separated by spaces or
/// commas) names `host`.
fn allows(list: &str, host: &str) -> bool {
    let ip = host.parse::<IpAddr>().ok();
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry.eq_ignore_ascii_case(host) {
                return true;
            }
            let (Some(ip), Some((net, bits))) = (ip, entry.split_once('/')) else {
                return ip.is_some_and(|ip| entry.parse::<IpAddr>() == Ok(ip));
            };
            match (ip, net.parse::<IpAddr>(), bits.parse::<u32>()) {
                (IpAddr::V4(a), Ok(IpAddr::V4(n)), Ok(b)) if b <= 32 => {
                    let mask = u32::MAX.checked_shl(32 - b).unwrap_or(0);
                    u32::from(a) & mask == u32::from(n) & mask
                }
                (IpAddr::V6(a), Ok(IpAddr::V6(n)), Ok(b)) if b <= 128 => {
                    let mask = u128::MAX.checked_shl(128 - b).unwrap_or(0);
                    u128::from(a) & mask == u128::from(n) & mask
                }
                _ => false,
            }
        })
}

/// What the service worker gets for a push.
fn payload(push: &PushNotification, kind: Kind, url: String, site_name: &str) -> WebPushPayload {
    let push_type = match kind {
        Kind::Message => PUSH_TYPE_MESSAGE,
        Kind::Clear => PUSH_TYPE_CLEAR,
        Kind::Test => PUSH_TYPE_TEST,
    };
    let mut p = WebPushPayload {
        push_type: push_type.to_owned(),
        url,
        badge: push.badge,
        ..Default::default()
    };
    match kind {
        Kind::Clear => {
            p.tag = push.channel_id.clone();
            p.channel_id = push.channel_id.clone();
        }
        Kind::Test => {
            p.title = site_name.to_owned();
            p.body = push.message.clone();
            p.tag = PUSH_TYPE_TEST.to_owned();
        }
        Kind::Message => {
            // The rules filled these as `PushNotificationContents` allows: no channel name for
            // `generic_no_channel`, no text beyond "you have a message" for `id_loaded`.
            p.title = if push.channel_name.is_empty() {
                site_name.to_owned()
            } else {
                push.channel_name.clone()
            };
            p.body = push.message.clone();
            p.tag = push.channel_id.clone();
            p.channel_id = push.channel_id.clone();
            p.post_id = push.post_id.clone();
        }
    }
    p
}

/// The payload as JSON, within what one encrypted record holds: the body is cut to fit.
fn encode(mut p: WebPushPayload) -> Vec<u8> {
    p.body = truncate(&p.body, BODY_MAX_CHARS);
    loop {
        let json = serde_json::to_vec(&p).unwrap_or_default();
        if json.len() <= crypto::MAX_PLAINTEXT || p.body.is_empty() {
            return json;
        }
        // Every character is at least a byte of JSON, and the ellipsis is three.
        let over = json.len() - crypto::MAX_PLAINTEXT;
        let keep = p.body.chars().count().saturating_sub(over + 3);
        p.body = truncate(&p.body, keep);
    }
}

/// At most `max` characters, ending with "…" when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> PushNotification {
        PushNotification {
            push_type: PUSH_TYPE_MESSAGE.into(),
            post_id: "p".repeat(26),
            channel_id: "c".repeat(26),
            channel_name: "Town Square".into(),
            message: "@alice: hello".into(),
            badge: 3,
            ..Default::default()
        }
    }

    #[test]
    fn a_message_names_its_channel_and_opens_its_post() {
        let p = payload(&message(), Kind::Message, "/team/pl/x".into(), "Stoa");
        assert_eq!(
            serde_json::to_value(&p).expect("json"),
            serde_json::json!({
                "type": "message", "title": "Town Square", "body": "@alice: hello",
                "tag": "c".repeat(26), "url": "/team/pl/x", "channel_id": "c".repeat(26),
                "post_id": "p".repeat(26), "badge": 3,
            })
        );
        // generic_no_channel: no channel name, the site's instead.
        let hidden = PushNotification {
            channel_name: String::new(),
            ..message()
        };
        assert_eq!(
            payload(&hidden, Kind::Message, "/".into(), "Stoa").title,
            "Stoa"
        );
    }

    #[test]
    fn a_clear_names_only_the_channel() {
        let p = payload(&message(), Kind::Clear, String::new(), "Stoa");
        assert_eq!(
            serde_json::to_value(&p).expect("json"),
            serde_json::json!({
                "type": "clear", "tag": "c".repeat(26), "channel_id": "c".repeat(26), "badge": 3,
            })
        );
    }

    #[test]
    fn long_messages_are_cut_to_one_record() {
        let long = PushNotification {
            message: "é".repeat(5000),
            ..message()
        };
        let json = encode(payload(&long, Kind::Message, "/".into(), "Stoa"));
        let back: WebPushPayload = serde_json::from_slice(&json).expect("json");
        assert_eq!(back.body.chars().count(), BODY_MAX_CHARS);
        assert!(back.body.ends_with('…'));
        // Characters that JSON escapes take more room: still one record.
        let quotes = PushNotification {
            message: "\u{1}".repeat(5000),
            ..message()
        };
        let json = encode(payload(&quotes, Kind::Message, "/".into(), "Stoa"));
        assert!(json.len() <= crypto::MAX_PLAINTEXT);
        assert!(serde_json::from_slice::<WebPushPayload>(&json).is_ok());
    }

    #[test]
    fn endpoints_are_https_or_allowed_internal_hosts() {
        assert!(check_endpoint("https://fcm.googleapis.com/fcm/send/abc", "").is_ok());
        assert!(check_endpoint("http://push.example.com/x", "").is_err());
        assert!(check_endpoint("http://127.0.0.1:8080/x", "127.0.0.1").is_ok());
        assert!(check_endpoint("http://127.0.0.1:8080/x", "10.0.0.0/8 127.0.0.0/8").is_ok());
        assert!(check_endpoint("http://127.0.0.2/x", "127.0.0.1").is_err());
        assert!(check_endpoint("http://pushd.lan/x", "pushd.lan,other").is_ok());
        assert!(check_endpoint("http://[::1]:9/x", "::1").is_ok());
        assert!(check_endpoint("https://user@host/x", "").is_err());
        assert!(check_endpoint("https://host/a b", "").is_err());
        assert!(check_endpoint("javascript:alert(1)", "").is_err());
        assert!(check_endpoint(&format!("https://h/{}", "a".repeat(MAX_ENDPOINT)), "").is_err());
    }

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
