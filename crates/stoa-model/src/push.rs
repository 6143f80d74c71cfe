//! What the server sends to a push proxy (`POST {PushNotificationServer}/api/v1/send_push`) and
//! what the mobile apps acknowledge (`POST /api/v4/notifications/ack`), as Mattermost's
//! `model/push_notification.go` names them.

use serde::{Deserialize, Serialize};

pub const PUSH_TYPE_MESSAGE: &str = "message";
pub const PUSH_TYPE_CLEAR: &str = "clear";
pub const PUSH_TYPE_UPDATE_BADGE: &str = "update_badge";
pub const PUSH_TYPE_SESSION: &str = "session";
pub const PUSH_TYPE_TEST: &str = "test";
/// The only message version the apps read today.
pub const PUSH_MESSAGE_V2: &str = "v2";
/// The category that lets the apps reply from the notification.
pub const CATEGORY_CAN_REPLY: &str = "CAN_REPLY";

/// `EmailSettings.PushNotificationContents`.
pub const CONTENTS_GENERIC_NO_CHANNEL: &str = "generic_no_channel";
pub const CONTENTS_GENERIC: &str = "generic";
pub const CONTENTS_FULL: &str = "full";
pub const CONTENTS_ID_LOADED: &str = "id_loaded";

/// One push, for one device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushNotification {
    pub ack_id: String,
    pub platform: String,
    pub server_id: String,
    pub device_id: String,
    pub post_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub category: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sound: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub badge: i64,
    #[serde(rename = "cont_ava", skip_serializing_if = "is_zero")]
    pub content_available: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub team_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub root_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel_name: String,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub push_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sub_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sender_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sender_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub override_username: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub override_icon_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub from_webhook: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    pub is_crt_enabled: bool,
    pub is_id_loaded: bool,
    pub signature: String,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl PushNotification {
    /// Splits a session's `device_id` (`android_rn-v2:token`) into the platform and the token.
    /// A device id without a platform is not pushable.
    pub fn set_device(&mut self, device_id: &str) -> bool {
        match device_id.split_once(':') {
            Some((platform, id)) if !platform.is_empty() && !id.is_empty() => {
                self.platform = platform.to_owned();
                self.device_id = id.to_owned();
                true
            }
            _ => false,
        }
    }
}

/// `POST /api/v4/notifications/ack`: the app tells the server a push arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushNotificationAck {
    pub id: String,
    #[serde(rename = "received_at")]
    pub client_received_at: i64,
    #[serde(rename = "platform")]
    pub client_platform: String,
    #[serde(rename = "type")]
    pub notification_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub post_id: String,
    pub is_id_loaded: bool,
}

/// The push proxy's answer: `{"status":"OK"}`, `{"status":"FAIL","error":…}`, or
/// `{"status":"REMOVE"}` when the device is gone and must be forgotten.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushResponse {
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
}

pub const PUSH_STATUS_OK: &str = "OK";
pub const PUSH_STATUS_FAIL: &str = "FAIL";
pub const PUSH_STATUS_REMOVE: &str = "REMOVE";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_ids_split_at_the_first_colon() {
        let mut p = PushNotification::default();
        assert!(p.set_device("android_rn-v2:abc:def"));
        assert_eq!(
            (p.platform.as_str(), p.device_id.as_str()),
            ("android_rn-v2", "abc:def")
        );
        assert!(!p.set_device("nocolon"));
        assert!(!p.set_device(":x"));
    }

    #[test]
    fn empty_fields_are_left_out_as_mattermost_does() {
        let p = PushNotification {
            ack_id: "a".into(),
            push_type: PUSH_TYPE_CLEAR.into(),
            ..Default::default()
        };
        let v = serde_json::to_value(&p).expect("json");
        assert_eq!(v["type"], "clear");
        assert!(v.get("badge").is_none() && v.get("message").is_none());
        assert_eq!(v["is_crt_enabled"], false);
        assert_eq!(v["signature"], "");
    }
}
