//! What the service worker receives: the push as JSON, within one encrypted record.

use stoa_model::push::{PUSH_TYPE_CLEAR, PUSH_TYPE_MESSAGE, PUSH_TYPE_TEST, PushNotification};
use stoa_model::webpush::WebPushPayload;

use super::{Kind, crypto};

/// Characters of the message a notification carries: more is never shown.
const BODY_MAX_CHARS: usize = 1000;

/// What the service worker gets for a push.
pub(super) fn payload(
    push: &PushNotification,
    kind: Kind,
    url: String,
    site_name: &str,
) -> WebPushPayload {
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
pub(super) fn encode(mut p: WebPushPayload) -> Vec<u8> {
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
}
