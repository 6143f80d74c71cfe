//! System messages: the posts Mattermost writes when people join, leave, are added or removed,
//! and when a channel's header, purpose, name or state changes. Clients render them from `type`
//! and `props`; `message` is the English fallback.

use serde_json::{Map, Value, json};
use stoa_model::channel::Channel;
use stoa_model::post::{Post, kind};
use stoa_model::user::User;

use super::CreateOptions;
use crate::{Core, Result};

/// One system message to post.
pub(crate) struct SystemMessage {
    kind: &'static str,
    message: String,
    props: Map<String, Value>,
}

fn props(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl SystemMessage {
    pub fn joined_channel(user: &User) -> Self {
        Self {
            kind: kind::JOIN_CHANNEL,
            message: format!("@{} joined the channel.", user.username),
            props: props(json!({"username": user.username})),
        }
    }

    pub fn left_channel(user: &User) -> Self {
        Self {
            kind: kind::LEAVE_CHANNEL,
            message: format!("@{} left the channel.", user.username),
            props: props(json!({"username": user.username})),
        }
    }

    pub fn added_to_channel(by: &User, added: &User) -> Self {
        Self {
            kind: kind::ADD_TO_CHANNEL,
            message: format!(
                "@{} added to the channel by @{}.",
                added.username, by.username
            ),
            props: props(
                json!({"userId": by.id, "username": by.username, "addedUserId": added.id, "addedUsername": added.username}),
            ),
        }
    }

    pub fn removed_from_channel(removed: &User) -> Self {
        Self {
            kind: kind::REMOVE_FROM_CHANNEL,
            message: format!("@{} was removed from the channel.", removed.username),
            props: props(json!({"removedUserId": removed.id, "removedUsername": removed.username})),
        }
    }

    pub fn joined_team(user: &User) -> Self {
        Self {
            kind: kind::JOIN_TEAM,
            message: format!("@{} joined the team.", user.username),
            props: props(json!({"username": user.username})),
        }
    }

    pub fn added_to_team(by: &User, added: &User) -> Self {
        Self {
            kind: kind::ADD_TO_TEAM,
            message: format!("@{} added to the team by @{}.", added.username, by.username),
            props: props(
                json!({"userId": by.id, "username": by.username, "addedUserId": added.id, "addedUsername": added.username}),
            ),
        }
    }

    pub fn left_team(user: &User) -> Self {
        Self {
            kind: kind::LEAVE_TEAM,
            message: format!("@{} left the team.", user.username),
            props: props(json!({"username": user.username})),
        }
    }

    pub fn removed_from_team(removed: &User) -> Self {
        Self {
            kind: kind::REMOVE_FROM_TEAM,
            message: format!("@{} was removed from the team.", removed.username),
            props: props(
                json!({"removedUserId": removed.id, "removedUsername": removed.username, "username": removed.username}),
            ),
        }
    }

    /// Header, purpose and display-name changes share one shape.
    fn changed(kind: &'static str, what: &str, key: &str, by: &User, old: &str, new: &str) -> Self {
        let message = match (old.is_empty(), new.is_empty()) {
            (true, _) => format!("@{} updated the channel {what} to: {new}", by.username),
            (false, true) => format!("@{} removed the channel {what} (was: {old})", by.username),
            (false, false) => format!(
                "@{} updated the channel {what} from: {old} to: {new}",
                by.username
            ),
        };
        let mut p = Map::new();
        p.insert("username".into(), by.username.clone().into());
        p.insert(format!("old_{key}"), old.into());
        p.insert(format!("new_{key}"), new.into());
        Self {
            kind,
            message,
            props: p,
        }
    }

    pub fn header_changed(by: &User, old: &str, new: &str) -> Self {
        Self::changed(kind::HEADER_CHANGE, "header", "header", by, old, new)
    }

    pub fn purpose_changed(by: &User, old: &str, new: &str) -> Self {
        Self::changed(kind::PURPOSE_CHANGE, "purpose", "purpose", by, old, new)
    }

    pub fn display_name_changed(by: &User, old: &str, new: &str) -> Self {
        Self::changed(
            kind::DISPLAYNAME_CHANGE,
            "display name",
            "displayname",
            by,
            old,
            new,
        )
    }

    pub fn archived(by: &User) -> Self {
        Self {
            kind: kind::CHANNEL_DELETED,
            message: format!("@{} archived the channel", by.username),
            props: props(json!({"username": by.username})),
        }
    }

    pub fn restored(by: &User) -> Self {
        Self {
            kind: kind::CHANNEL_RESTORED,
            message: format!("@{} unarchived the channel", by.username),
            props: props(json!({"username": by.username})),
        }
    }

    pub fn made_public(by: &User) -> Self {
        Self {
            kind: kind::CHANGE_CHANNEL_PRIVACY,
            message: "This channel has been converted to a Public Channel and can be joined by any team member.".into(),
            props: props(json!({"username": by.username})),
        }
    }

    /// `members` are everyone in the group message, `by` among them.
    pub fn converted_from_group(by: &User, members: &[User]) -> Self {
        let mut others: Vec<&str> = members
            .iter()
            .filter(|u| u.id != by.id)
            .map(|u| u.username.as_str())
            .collect();
        others.sort_unstable();
        let listed = match others.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            Some((last, _)) => (*last).to_owned(),
            None => String::new(),
        };
        let ids: Vec<&str> = members.iter().map(|u| u.id.as_str()).collect();
        Self {
            kind: kind::GM_TO_CHANNEL,
            message: format!(
                "@{} created this channel from a group message with {listed}.",
                by.username
            ),
            props: props(json!({"convertedByUserId": by.id, "gmMembersDuringConversionIDs": ids})),
        }
    }

    pub fn made_private(by: &User) -> Self {
        Self {
            kind: kind::CHANGE_CHANNEL_PRIVACY,
            message: "This channel has been converted to a Private Channel.".into(),
            props: props(json!({"username": by.username})),
        }
    }
}

impl Core {
    /// Posts a system message in a channel as `author` (the user whose action it records).
    pub(crate) async fn post_system_message(
        &self,
        channel: &Channel,
        author: &str,
        msg: SystemMessage,
    ) -> Result<Post> {
        self.post_system_message_after(channel, author, msg, 0)
            .await
    }

    /// A system message timed after `after_ms` (the previous one of a series).
    pub(crate) async fn post_system_message_after(
        &self,
        channel: &Channel,
        author: &str,
        msg: SystemMessage,
        after_ms: i64,
    ) -> Result<Post> {
        let post = Post {
            create_at: if after_ms > 0 { after_ms + 1 } else { 0 },
            user_id: author.to_owned(),
            post_type: msg.kind.to_owned(),
            message: msg.message,
            props: msg.props,
            ..Default::default()
        };
        self.create_post_unchecked(channel, post, CreateOptions { set_online: false })
            .await
    }
}
