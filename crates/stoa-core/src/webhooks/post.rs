//! A post made for an integration (Mattermost's `CreateWebhookPost`): Slack markup translated,
//! attachments normalised into `props.attachments`, the username and icon overrides applied
//! when the admin allows them, marked `from_webhook`, and a message longer than a post split
//! into several posts.

use serde_json::{Map, Value};
use stoa_model::attachment::SlackAttachment;
use stoa_model::channel::Channel;
use stoa_model::post::{POST_MESSAGE_MAX_RUNES, Post};
use stoa_model::user::User;
use stoa_model::webhook::DEFAULT_WEBHOOK_USERNAME;

use super::slack;
use crate::commands::text;
use crate::posts::CreateOptions;
use crate::{Core, Error, ErrorKind, Result};

/// `type` of a post that carries attachments.
pub(crate) const SLACK_ATTACHMENT: &str = "slack_attachment";
/// Mattermost's `PostPropsMaxUserRunes`: the props an integration may set on one post.
const PROPS_MAX_RUNES: usize = 400_000;

/// What an integration asks to post.
#[derive(Debug, Default)]
pub(crate) struct IntegrationPost {
    pub text: String,
    pub username: String,
    pub icon_url: String,
    pub icon_emoji: String,
    pub props: Map<String, Value>,
    pub attachments: Option<Vec<Option<SlackAttachment>>>,
    pub kind: String,
    pub root_id: String,
    pub priority: Option<Value>,
    /// The integration's name, shown by clients beside the post.
    pub display_name: String,
}

fn props_too_long() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "web.incoming_webhook.split_props_length.app_error",
        format!("Unable to split webhook props into {PROPS_MAX_RUNES} character parts."),
    )
}

/// The message cut into posts of at most `max` characters.
fn split_message(text: &str, max: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while rest.chars().count() > max {
        let cut = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        parts.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    parts.push(rest.to_string());
    parts
}

impl Core {
    async fn process_attachments(
        &self,
        attachments: Vec<Option<SlackAttachment>>,
    ) -> Result<Vec<SlackAttachment>> {
        let mut out = slack::normalise(attachments);
        for a in &mut out {
            for t in a.texts_mut() {
                *t = self.process_slack_text(t).await?;
            }
            a.text = text::slack_links_to_markdown(&a.text);
            a.pretext = text::slack_links_to_markdown(&a.pretext);
            for f in a.fields.iter_mut().flatten().flatten() {
                if let Value::String(v) = &f.value {
                    let v = self.process_slack_text(v).await?;
                    f.value = Value::String(text::slack_links_to_markdown(&v));
                }
            }
        }
        Ok(out)
    }

    /// Posts for an integration as `creator` in `channel`, whose permissions the caller
    /// checked; returns the first post made.
    pub(crate) async fn create_integration_post(
        &self,
        creator: &User,
        channel: &Channel,
        req: IntegrationPost,
    ) -> Result<Post> {
        if req.kind.starts_with("system_") {
            return Err(Error::invalid_param("post.type"));
        }
        let mut props = Map::new();
        props.insert("from_webhook".into(), "true".into());
        let service = self.settings().service_settings.clone();
        if service.enable_post_username_override {
            let name = if req.username.is_empty() {
                DEFAULT_WEBHOOK_USERNAME
            } else {
                &req.username
            };
            props.insert("override_username".into(), name.into());
        }
        if service.enable_post_icon_override {
            if !req.icon_url.is_empty() {
                props.insert("override_icon_url".into(), req.icon_url.clone().into());
            }
            if !req.icon_emoji.is_empty() {
                props.insert("override_icon_emoji".into(), req.icon_emoji.clone().into());
            }
        }
        for (key, value) in req.props {
            if !matches!(
                key.as_str(),
                "attachments" | "override_icon_url" | "override_username" | "from_webhook"
            ) {
                props.insert(key, value);
            }
        }
        if !req.display_name.is_empty() {
            props.insert("webhook_display_name".into(), req.display_name.into());
        }
        if let Some(priority) = req.priority {
            if priority.get("priority").is_none() {
                return Err(Error::invalid_param("webhook.priority.priority"));
            }
            props.insert("priority".into(), priority);
        }
        let mut kind = req.kind;
        let attachments = match req.attachments {
            Some(list) => self.process_attachments(list).await?,
            None => Vec::new(),
        };
        if serde_json::to_string(&props)
            .map_err(Error::internal)?
            .chars()
            .count()
            > PROPS_MAX_RUNES
        {
            return Err(props_too_long());
        }
        let text = text::slack_links_to_markdown(&self.process_slack_text(&req.text).await?);
        let parts = split_message(&text, POST_MESSAGE_MAX_RUNES);
        let last = parts.len() - 1;
        let mut first = None;
        for (i, message) in parts.into_iter().enumerate() {
            let mut post_props = props.clone();
            // Attachments ride on the last part, after the whole text, as in Mattermost.
            if i == last && !attachments.is_empty() {
                if kind.is_empty() {
                    kind = SLACK_ATTACHMENT.to_string();
                }
                post_props.insert(
                    "attachments".into(),
                    serde_json::to_value(&attachments).map_err(Error::internal)?,
                );
                if serde_json::to_string(&post_props)
                    .map_err(Error::internal)?
                    .chars()
                    .count()
                    > PROPS_MAX_RUNES
                {
                    return Err(props_too_long());
                }
            }
            let post = Post {
                user_id: creator.id.clone(),
                channel_id: channel.id.clone(),
                root_id: req.root_id.clone(),
                message,
                post_type: if i == last {
                    kind.clone()
                } else {
                    String::new()
                },
                props: post_props,
                ..Default::default()
            };
            let made = self
                .create_post_unchecked(channel, post, CreateOptions { set_online: false })
                .await?;
            first.get_or_insert(made);
        }
        first.ok_or_else(|| Error::internal("no post was made"))
    }
}

#[cfg(test)]
mod tests {
    use super::split_message;

    #[test]
    fn long_messages_split_on_characters() {
        assert_eq!(split_message("abcdefg", 3), vec!["abc", "def", "g"]);
        assert_eq!(split_message("ééé", 2), vec!["éé", "é"]);
        assert_eq!(split_message("", 3), vec![""]);
    }
}
