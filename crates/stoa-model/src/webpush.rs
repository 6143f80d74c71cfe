//! Web push (Stoa's own: Mattermost has no web push): what the web app sends when its service
//! worker subscribes, what the server keeps, and what the service worker receives.

use serde::{Deserialize, Serialize};

/// `GET /api/v4/notifications/webpush`: the server's VAPID public key (RFC 8292), which the
/// browser's `PushManager.subscribe` takes as `applicationServerKey`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebPushKey {
    /// The uncompressed P-256 point, base64url without padding.
    pub public_key: String,
}

/// `POST /api/v4/notifications/webpush/subscription`: the browser's `PushSubscription.toJSON()`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebPushSubscriptionRequest {
    pub endpoint: String,
    /// Read and ignored: browsers send `null`, and the push service says when it is gone.
    #[serde(rename = "expirationTime", skip_serializing)]
    pub expiration_time: Option<i64>,
    pub keys: WebPushKeys,
}

/// The subscription's keys (RFC 8291), base64url as browsers give them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebPushKeys {
    /// The browser's P-256 public key, uncompressed (65 bytes).
    pub p256dh: String,
    /// The authentication secret (16 bytes).
    pub auth: String,
}

/// A stored subscription: one per session, removed with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebPushSubscription {
    pub id: String,
    pub session_id: String,
    pub user_id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub create_at: i64,
}

/// The decrypted payload the service worker reads (`webapp/public/sw.js`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebPushPayload {
    /// `message`, `clear` or `test`, as the push's type.
    #[serde(rename = "type")]
    pub push_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// The notification's tag: the channel's id, so a channel's messages replace each other and
    /// a `clear` finds them.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tag: String,
    /// The page a click opens, a path on the server's own origin.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub post_id: String,
    /// Unread mentions across teams, for the app badge.
    #[serde(skip_serializing_if = "crate::is_zero")]
    pub badge: i64,
}
