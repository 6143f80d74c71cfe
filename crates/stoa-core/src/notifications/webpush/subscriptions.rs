//! The subscriptions: one per session, handed over by the web app, checked here.

use std::net::IpAddr;
use stoa_model::webpush::{WebPushKey, WebPushSubscription, WebPushSubscriptionRequest};
use stoa_model::{new_id, now_ms};

use super::crypto;
use crate::{Actor, Core, Error, Result};

/// Subscriptions a user keeps (browsers and devices); a new one beyond it replaces the oldest.
const MAX_PER_USER: i64 = 10;
/// Longest endpoint accepted: the push services' are a few hundred characters.
const MAX_ENDPOINT: usize = 2048;
/// Longest key string accepted before decoding (65 bytes are 87 characters of base64url).
const MAX_KEY_CHARS: usize = 128;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
