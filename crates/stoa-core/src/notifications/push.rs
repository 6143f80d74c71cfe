//! Pushes to the official mobile apps through a push proxy (Mattermost's hosted TPNS/HPNS or a
//! self-hosted `mattermost-push-proxy`): `POST {PushNotificationServer}/api/v1/send_push` with
//! Mattermost's `PushNotification` JSON, one per registered device.
//!
//! Every push is signed: the apps drop unsigned pushes from servers of version 9.8 and later.
//! The signature is an ES256 JWT over `ack_id` and `device_id`, made with a P-256 key generated on
//! first start and kept in the `systems` table; its public half is `AsymmetricSigningPublicKey`
//! in `/config/client`, where the apps read it.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey;
use stoa_model::push::{
    CATEGORY_CAN_REPLY, CONTENTS_FULL, CONTENTS_GENERIC_NO_CHANNEL, CONTENTS_ID_LOADED,
    PUSH_MESSAGE_V2, PUSH_STATUS_FAIL, PUSH_STATUS_REMOVE, PUSH_TYPE_CLEAR, PUSH_TYPE_MESSAGE,
    PUSH_TYPE_TEST, PushNotification, PushResponse,
};
use stoa_model::session::Session;
use stoa_model::{new_id, now_ms};

use super::PostNotice;
use super::rules::{Mention, PushReason};
use crate::ports::{OutboundMethod, OutboundRequest};
use crate::{Core, Error, Result};

/// The `systems` row holding the signing key (base64 of the P-256 scalar).
pub const SIGNING_KEY: &str = "AsymmetricSigningKey";
/// A push proxy gets this long per push.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts per push before it is given up (a proxy that fails, or cannot be reached).
const ATTEMPTS: u32 = 3;

/// The server's push signing key.
pub(crate) struct PushKey {
    key: SigningKey,
    /// Base64 of the public key's X.509 SubjectPublicKeyInfo (a PEM body without its lines).
    public: String,
}

impl PushKey {
    /// A new key, encoded for storage.
    pub(crate) fn generate() -> Result<String> {
        loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).map_err(|e| Error::internal(e.to_string()))?;
            // A random 32 bytes is a valid scalar but for a 2^-128 chance: try again then.
            if SigningKey::from_bytes(&bytes.into()).is_ok() {
                return Ok(STANDARD.encode(bytes));
            }
        }
    }

    pub(crate) fn decode(stored: &str) -> Result<PushKey> {
        let bytes: [u8; 32] = STANDARD
            .decode(stored.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| Error::internal("the stored push signing key is not valid"))?;
        let key = SigningKey::from_bytes(&bytes.into())
            .map_err(|_| Error::internal("the stored push signing key is not valid"))?;
        let der = key
            .verifying_key()
            .to_public_key_der()
            .map_err(|e| Error::internal(e.to_string()))?;
        Ok(PushKey {
            key,
            public: STANDARD.encode(der.as_bytes()),
        })
    }

    pub(crate) fn public_key(&self) -> &str {
        &self.public
    }

    /// The JWT the apps check: `{"ack_id", "device_id"}`, ES256.
    fn sign(&self, ack_id: &str, device_id: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES256","typ":"JWT"}"#);
        let claims = URL_SAFE_NO_PAD
            .encode(serde_json::json!({ "ack_id": ack_id, "device_id": device_id }).to_string());
        let input = format!("{header}.{claims}");
        let sig: Signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
    }
}

/// What a push says to one recipient about one post.
pub(crate) struct MessagePush<'a> {
    pub notice: &'a PostNotice,
    pub reason: PushReason,
    /// The channel as the recipient sees it (a direct message is named after its sender).
    pub channel_name: String,
    pub crt: bool,
    pub badge: i64,
}

/// Builds the push for one recipient, as Mattermost's `BuildPushNotificationMessage` does with
/// the admin's `PushNotificationContents`.
pub(crate) fn build_message(
    contents: &str,
    p: &MessagePush<'_>,
    overrides: (bool, bool),
) -> PushNotification {
    let post = &p.notice.post;
    let channel = &p.notice.channel;
    let is_dm = channel.channel_type == stoa_model::channel::CHANNEL_DIRECT;
    let mut msg = PushNotification {
        category: CATEGORY_CAN_REPLY.into(),
        version: PUSH_MESSAGE_V2.into(),
        push_type: PUSH_TYPE_MESSAGE.into(),
        team_id: channel.team_id.clone(),
        channel_id: channel.id.clone(),
        post_id: post.id.clone(),
        root_id: post.root_id.clone(),
        sender_id: post.user_id.clone(),
        is_crt_enabled: p.crt,
        badge: p.badge,
        ..Default::default()
    };
    if contents == CONTENTS_ID_LOADED {
        // Nothing about the message leaves the server: the app fetches it with the ack.
        msg.is_id_loaded = true;
        msg.message = "You've received a new message.".into();
        return msg;
    }
    if contents != CONTENTS_GENERIC_NO_CHANNEL || is_dm {
        msg.channel_name = p.channel_name.clone();
    }
    if p.crt && !post.root_id.is_empty() && contents != CONTENTS_GENERIC_NO_CHANNEL {
        msg.channel_name = if is_dm {
            "Reply in Direct Message".into()
        } else {
            format!("Reply in {}", p.channel_name)
        };
    }
    msg.sender_name = p.notice.sender_name.clone();
    let (username_override, icon_override) = overrides;
    if username_override
        && let Some(name) = post.props.get("override_username").and_then(|v| v.as_str())
    {
        msg.override_username = name.to_owned();
        msg.sender_name = name.to_owned();
    }
    if icon_override && let Some(url) = post.props.get("override_icon_url").and_then(|v| v.as_str())
    {
        msg.override_icon_url = url.to_owned();
    }
    if let Some(w) = post.props.get("from_webhook").and_then(|v| v.as_str()) {
        msg.from_webhook = w.to_owned();
    }
    msg.message = message_text(contents, p, &msg.sender_name, is_dm);
    msg
}

/// Mattermost's `getPushNotificationMessage`.
fn message_text(contents: &str, p: &MessagePush<'_>, sender: &str, is_dm: bool) -> String {
    let post = &p.notice.post;
    let mut text = plain_text(&post.message);
    for fallback in attachment_fallbacks(post) {
        text.push('\n');
        text.push_str(&fallback);
    }
    let followed = p.reason == PushReason::FollowedThread;
    if text.is_empty() && !post.file_ids.is_empty() {
        return if is_dm {
            "attached a file.".into()
        } else {
            format!("{sender} attached a file.")
        };
    }
    if contents == CONTENTS_FULL {
        return if is_dm && !followed {
            text
        } else {
            format!("{sender}: {text}")
        };
    }
    if is_dm {
        if followed {
            return if contents == CONTENTS_GENERIC_NO_CHANNEL {
                format!("{sender} replied to a thread you're following.")
            } else {
                format!("{sender} replied to a thread.")
            };
        }
        return "sent you a message.".into();
    }
    let suffix = match p.reason {
        PushReason::FollowedThread => " replied to a thread you're following.",
        PushReason::Mention(Mention::Channel) => " notified the channel.",
        PushReason::Mention(Mention::Keyword | Mention::Direct) => " mentioned you.",
        PushReason::Mention(Mention::Comment) => " commented on your post.",
        PushReason::Mention(Mention::Thread) => " commented on a thread you participated in.",
        PushReason::Mention(Mention::Group) | PushReason::Activity => " posted a message.",
    };
    format!("{sender}{suffix}")
}

fn attachment_fallbacks(post: &stoa_model::post::Post) -> Vec<String> {
    post.props
        .get("attachments")
        .and_then(|a| a.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|a| a.get("fallback").and_then(|f| f.as_str()))
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The message as a notification shows it: Markdown marks dropped, links as their text,
/// Slack-style `<!channel>` tags as plain words.
pub(crate) fn plain_text(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        // [text](url) → text
        if c == '['
            && let Some(close) = rest.find("](")
            && let Some(end) = rest[close..].find(')')
        {
            out.push_str(&rest[1..close]);
            rest = &rest[close + end + 1..];
            continue;
        }
        if rest.starts_with("<!")
            && let Some(end) = rest.find('>')
        {
            out.push('@');
            out.push_str(&rest[2..end]);
            rest = &rest[end + 1..];
            continue;
        }
        match c {
            '*' | '_' | '~' | '`' => {}
            '#' if out.is_empty() || out.ends_with('\n') => {
                rest = rest.trim_start_matches('#').trim_start();
                continue;
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out.trim().to_owned()
}

/// How a send ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Sent {
    Ok,
    /// The proxy says the device is gone: forget it.
    Removed,
    Failed(String),
}

impl Core {
    /// Push notifications can go out: on, and a proxy is set.
    pub(crate) fn push_enabled(&self) -> bool {
        let e = &self.settings().email_settings;
        e.send_push_notifications && !e.push_notification_server.is_empty()
    }

    /// Pushes are on (`SendPushNotifications`): to phones through the proxy when one is set, and
    /// to browsers by web push.
    pub(crate) fn pushes_on(&self) -> bool {
        self.settings().email_settings.send_push_notifications
    }

    /// `AsymmetricSigningPublicKey` of `/config/client`.
    pub fn push_public_key(&self) -> &str {
        self.push_key.public_key()
    }

    /// Sends one push to one device, signed, retrying a failing proxy with back-off.
    pub(crate) async fn send_to_proxy(&self, mut msg: PushNotification) -> Sent {
        msg.server_id = self.diagnostic_id.clone();
        msg.signature = self.push_key.sign(&msg.ack_id, &msg.device_id);
        let Ok(body) = serde_json::to_vec(&msg) else {
            return Sent::Failed("could not encode the push".into());
        };
        let req = self.proxy_request("send_push", body);
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(500 << attempt)).await;
            }
            match self.outbound.send(req.clone()).await {
                Ok(resp) if (200..300).contains(&resp.status) => {
                    let answer: PushResponse =
                        serde_json::from_slice(&resp.body).unwrap_or_default();
                    return match answer.status.as_str() {
                        PUSH_STATUS_REMOVE => Sent::Removed,
                        PUSH_STATUS_FAIL => Sent::Failed(answer.error),
                        _ => Sent::Ok,
                    };
                }
                Ok(resp) => last = format!("the push proxy answered {}", resp.status),
                Err(e) => last = e.to_string(),
            }
        }
        Sent::Failed(last)
    }

    /// A POST of JSON to the push proxy's `/api/v1/{path}`. The proxy is the admin's choice, so
    /// its host is let through the outbound guard even on the internal network.
    fn proxy_request(&self, path: &str, body: Vec<u8>) -> OutboundRequest {
        let settings = self.settings();
        let server = settings
            .email_settings
            .push_notification_server
            .trim_end_matches('/');
        let host = server
            .split("://")
            .nth(1)
            .and_then(|r| r.split(['/', ':']).next())
            .unwrap_or("");
        OutboundRequest {
            method: OutboundMethod::Post,
            url: format!("{server}/api/v1/{path}"),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body,
            timeout: SEND_TIMEOUT,
            allowed_internal: format!(
                "{} {host}",
                settings
                    .service_settings
                    .allowed_untrusted_internal_connections
            ),
        }
    }

    /// Sends `msg` to every device session given (skipping one, e.g. the session that read
    /// the channel), each with its own ack id; forgets the devices the proxy reports removed.
    pub(crate) async fn push_to_sessions(
        &self,
        msg: &PushNotification,
        sessions: &[Session],
        skip_session: &str,
    ) {
        let mut sends = tokio::task::JoinSet::new();
        for s in sessions {
            if s.id == skip_session
                || s.props
                    .get(crate::sessions::PROP_NOTIFICATIONS_DISABLED)
                    .map(String::as_str)
                    == Some("true")
            {
                continue;
            }
            let mut one = msg.clone();
            if !one.set_device(&s.device_id) {
                continue;
            }
            one.ack_id = new_id();
            let session = s.clone();
            let core = self.self_ref();
            sends.spawn(async move {
                let Some(core) = core.upgrade() else { return };
                let Ok(_turn) = core.notifications.sends.acquire().await else {
                    return;
                };
                let sent = core.send_to_proxy(one.clone()).await;
                core.after_send(&session, &one, sent).await;
            });
        }
        while sends.join_next().await.is_some() {}
    }

    async fn after_send(&self, session: &Session, msg: &PushNotification, sent: Sent) {
        match sent {
            Sent::Ok => tracing::debug!(
                ack_id = %msg.ack_id, push_type = %msg.push_type, post_id = %msg.post_id,
                "push sent"
            ),
            Sent::Removed => {
                tracing::info!(session_id = %session.id, "the push proxy reports the device removed");
                let _ = self
                    .store
                    .update_session_device(&session.id, "", session.expires_at)
                    .await;
                self.sessions.remove_where(|s| s.id == session.id);
            }
            Sent::Failed(why) => tracing::warn!(
                ack_id = %msg.ack_id, push_type = %msg.push_type, error = %why,
                "push not sent"
            ),
        }
    }

    /// Clears the notifications of a channel (or a thread) on the user's phones, with the new
    /// badge, after the user read it elsewhere. Runs in the background.
    pub(crate) fn clear_push(&self, user_id: &str, channel_id: &str, root_id: &str, skip: &str) {
        let core = self.self_ref();
        let (user_id, channel_id, root_id, skip) = (
            user_id.to_owned(),
            channel_id.to_owned(),
            root_id.to_owned(),
            skip.to_owned(),
        );
        tokio::spawn(async move {
            let Some(core) = core.upgrade() else { return };
            if let Err(e) = core
                .clear_push_now(&user_id, &channel_id, &root_id, &skip)
                .await
            {
                tracing::warn!(error = %e, "could not clear pushes");
            }
        });
    }

    async fn clear_push_now(
        &self,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
        skip: &str,
    ) -> Result<()> {
        let users = [user_id.to_owned()];
        let crt = self.collapsed_threads_for(&users).await?;
        let badge = self
            .store
            .badge_counts(&users, &crt)
            .await?
            .pop()
            .map(|(_, n)| n)
            .unwrap_or(0);
        let msg = PushNotification {
            push_type: PUSH_TYPE_CLEAR.into(),
            version: PUSH_MESSAGE_V2.into(),
            channel_id: channel_id.to_owned(),
            root_id: root_id.to_owned(),
            content_available: 1,
            badge,
            is_crt_enabled: !crt.is_empty(),
            ..Default::default()
        };
        if self.push_enabled() {
            let sessions = self.store.device_sessions(&users, now_ms()).await?;
            self.push_to_sessions(&msg, &sessions, skip).await;
        }
        self.web_push(user_id, &msg).await
    }

    /// Tells a device whose session ends to drop what it shows (Mattermost clears on logout).
    pub(crate) async fn clear_push_for_session(&self, session: &Session) {
        if session.device_id.is_empty() || !self.push_enabled() {
            return;
        }
        let msg = PushNotification {
            push_type: PUSH_TYPE_CLEAR.into(),
            version: PUSH_MESSAGE_V2.into(),
            content_available: 1,
            ..Default::default()
        };
        self.push_to_sessions(&msg, std::slice::from_ref(session), "")
            .await;
    }

    /// `GET /system/ping?device_id=…`: whether this server can push to that device.
    pub async fn can_receive_notifications(&self, device_id: &str) -> &'static str {
        if !self.push_enabled() {
            return "false";
        }
        let mut msg = PushNotification {
            version: "2".into(),
            push_type: PUSH_TYPE_TEST.into(),
            badge: -1,
            ..Default::default()
        };
        if !msg.set_device(device_id) {
            return "unknown";
        }
        msg.ack_id = new_id();
        match self.send_to_proxy(msg).await {
            Sent::Ok => "true",
            Sent::Removed => "false",
            Sent::Failed(_) => "unknown",
        }
    }
}

impl Core {
    /// `POST /notifications/ack`: an app says a push arrived. The receipt goes on to the push
    /// proxy (in the background: the app must not wait for it); an `id_loaded` push is answered
    /// with its message, for a user who may read the post.
    pub async fn push_ack(
        &self,
        actor: &crate::Actor,
        ack: stoa_model::push::PushNotificationAck,
    ) -> Result<Option<PushNotification>> {
        if !self.pushes_on() {
            return Err(Error::new(
                crate::ErrorKind::NotImplemented,
                "api.push_notification.disabled.app_error",
                "Push Notifications are disabled on this server.",
            ));
        }
        if ack.id.len() > 64 || ack.post_id.len() > 64 || ack.client_platform.len() > 64 {
            return Err(Error::new(
                crate::ErrorKind::BadRequest,
                "api.push_notifications_ack.message.parse.app_error",
                "An error occurred building the push notification ack message.",
            ));
        }
        if self.push_enabled() {
            self.forward_ack(&ack);
        }
        if ack.is_id_loaded && !ack.post_id.is_empty() && ack.notification_type == PUSH_TYPE_MESSAGE
        {
            return self.id_loaded_message(actor, &ack.post_id).await.map(Some);
        }
        Ok(None)
    }

    fn forward_ack(&self, ack: &stoa_model::push::PushNotificationAck) {
        let Ok(body) = serde_json::to_vec(ack) else {
            return;
        };
        let req = self.proxy_request("ack", body);
        let core = self.self_ref();
        tokio::spawn(async move {
            let Some(core) = core.upgrade() else { return };
            if let Err(e) = core.outbound.send(req).await {
                tracing::debug!(error = %e, "push receipt not forwarded");
            }
        });
    }

    /// `POST /notifications/test`: a test push to every device and browser of the caller.
    pub async fn send_test_notification(&self, actor: &crate::Actor) -> Result<()> {
        if !self.pushes_on() {
            return Err(Error::new(
                crate::ErrorKind::NotImplemented,
                "api.push_notification.disabled.app_error",
                "Push Notifications are disabled on this server.",
            ));
        }
        let users = [actor.user_id().to_owned()];
        let msg = PushNotification {
            push_type: PUSH_TYPE_MESSAGE.into(),
            version: PUSH_MESSAGE_V2.into(),
            message: "This is a test notification.".into(),
            sender_name: "System".into(),
            ..Default::default()
        };
        if self.push_enabled() {
            let sessions = self.store.device_sessions(&users, now_ms()).await?;
            self.push_to_sessions(&msg, &sessions, "").await;
        }
        self.web_push(actor.user_id(), &msg).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier;
    use p256::pkcs8::DecodePublicKey;

    #[test]
    fn pushes_are_signed_with_the_published_key() {
        let key = PushKey::decode(&PushKey::generate().expect("key")).expect("decodes");
        let jwt = key.sign("ack1", "device1");
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
        assert_eq!(
            claims,
            serde_json::json!({"ack_id": "ack1", "device_id": "device1"})
        );
        let public = STANDARD.decode(key.public_key()).expect("b64");
        let verifying = VerifyingKey::from_public_key_der(&public).expect("spki");
        let sig =
            Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).expect("b64")).expect("r||s");
        verifying
            .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
            .expect("verifies");
    }

    #[test]
    fn markdown_is_dropped_from_the_text() {
        assert_eq!(plain_text("**bold** _it_ `code`"), "bold it code");
        assert_eq!(
            plain_text("see [the docs](http://x/y) now"),
            "see the docs now"
        );
        assert_eq!(plain_text("## Title\nbody"), "Title\nbody");
        assert_eq!(plain_text("<!channel> deploy"), "@channel deploy");
        assert_eq!(plain_text("a [b] c"), "a [b] c");
    }
}
