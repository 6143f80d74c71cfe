//! Running a custom command: the call to its integration (Mattermost's `tryExecuteCustomCommand`
//! and `DoCommandRequest`), what is done with the answer (`HandleCommandResponse`, for built-ins
//! too), and delayed answers to the command's `response_url` (`HandleCommandWebhook`).

use serde_json::Value;
use stoa_model::command::{Command, CommandResponse, METHOD_GET};
use stoa_model::post::{Post, kind};
use stoa_model::{new_id, now_ms};
use stoa_store::{CommandWebhook, StoreError};

use super::{Context, EPHEMERAL, IN_CHANNEL, post_failed, text};
use crate::form;
use crate::ports::OutboundMethod;
use crate::posts::CreateOptions;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt};

/// Uses of one `response_url`, and for how long (Mattermost: 5 uses within 30 minutes).
const RESPONSE_URL_USES: i64 = 5;
const RESPONSE_URL_LIFETIME_MS: i64 = 30 * 60 * 1000;

fn failed(trigger: &str) -> Error {
    Error::new(
        ErrorKind::Internal,
        "api.command.execute_command.failed.app_error",
        format!("Command with a trigger of '{trigger}' failed."),
    )
}

/// The answer's body: JSON when the integration says so, otherwise the text itself (Mattermost's
/// `CommandResponseFromHTTPBody`).
fn parse_response(content_type: &str, body: &[u8]) -> Option<CommandResponse> {
    if content_type.starts_with("application/json") {
        return serde_json::from_slice(body).ok();
    }
    let text = String::from_utf8_lossy(body).trim().to_string();
    (!text.is_empty()).then(|| CommandResponse {
        text,
        ..Default::default()
    })
}

impl Core {
    /// Runs the team's custom command for `trigger`, if there is one: `None` when no command
    /// of the team answers to it.
    pub(super) async fn run_custom(
        &self,
        ctx: &Context<'_>,
        trigger: &str,
        message: &str,
    ) -> Result<Option<(Command, CommandResponse)>> {
        let Some(cmd) = self
            .store
            .list_team_commands(&ctx.team.id)
            .await?
            .into_iter()
            .find(|c| c.trigger == trigger)
        else {
            return Ok(None);
        };
        // The integration answers later through this URL, which must name this server: the
        // configured site URL, never one taken from the request.
        if ctx.site_url.is_empty() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.command.execute_command.site_url_required.app_error",
                "A Site URL must be configured to run custom slash commands.",
            ));
        }
        let user = self
            .store
            .get_user(ctx.actor.user_id())
            .await
            .or_not_found("user")?;
        let hook = CommandWebhook {
            id: new_id(),
            create_at: now_ms(),
            command_id: cmd.id.clone(),
            user_id: user.id.clone(),
            channel_id: ctx.channel.id.clone(),
            root_id: ctx.root_id.clone(),
            use_count: 0,
        };
        self.store.insert_command_webhook(&hook).await?;
        let fields: Vec<(&str, String)> = vec![
            ("token", cmd.token.clone()),
            ("team_id", cmd.team_id.clone()),
            ("team_domain", ctx.team.name.clone()),
            ("channel_id", ctx.channel.id.clone()),
            ("channel_name", ctx.channel.name.clone()),
            ("user_id", user.id.clone()),
            ("user_name", user.username.clone()),
            ("command", format!("/{trigger}")),
            ("text", message.to_string()),
            ("trigger_id", self.new_trigger_id(&user.id)),
            ("root_id", ctx.root_id.clone()),
            (
                "response_url",
                format!("{}/hooks/commands/{}", ctx.site_url, hook.id),
            ),
        ];
        let encoded = form::encode(&fields);
        let mut headers = vec![
            ("Accept".to_string(), "application/json".to_string()),
            ("Authorization".to_string(), format!("Token {}", cmd.token)),
        ];
        let (method, url, body) = if cmd.method == METHOD_GET {
            let sep = if cmd.url.contains('?') { '&' } else { '?' };
            (
                OutboundMethod::Get,
                format!("{}{sep}{encoded}", cmd.url),
                Vec::new(),
            )
        } else {
            headers.push((
                "Content-Type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ));
            (OutboundMethod::Post, cmd.url.clone(), encoded.into_bytes())
        };
        let resp = self
            .call_integration(method, &url, headers, body)
            .await
            .map_err(|e| failed(trigger).with_detail(e.to_string()))?;
        if resp.status != 200 {
            return Err(Error::new(
                ErrorKind::Internal,
                "api.command.execute_command.failed_resp.app_error",
                format!(
                    "Command with a trigger of '{trigger}' returned response {}.",
                    resp.status
                ),
            ));
        }
        let Some(answer) = parse_response(&resp.content_type, &resp.body) else {
            return Err(Error::new(
                ErrorKind::Internal,
                "api.command.execute_command.failed_empty.app_error",
                format!("Command with a trigger of '{trigger}' returned an empty response."),
            ));
        };
        Ok(Some((cmd, answer)))
    }

    /// What Mattermost's `HandleCommandResponse` does with an answer and its extra answers.
    /// `cmd` is the custom command that answered (`None` for built-ins).
    pub(super) async fn handle_command_response(
        &self,
        ctx: &Context<'_>,
        trigger: &str,
        cmd: Option<&Command>,
        mut resp: CommandResponse,
    ) -> Result<CommandResponse> {
        let extra = resp.extra_responses.take();
        let mut last_error = self
            .command_response_post(ctx, trigger, cmd, &mut resp)
            .await
            .err();
        for mut more in extra.clone().unwrap_or_default() {
            if let Err(e) = self
                .command_response_post(ctx, trigger, cmd, &mut more)
                .await
            {
                last_error = Some(e);
            }
        }
        resp.extra_responses = extra;
        match last_error {
            Some(e) => Err(post_failed(trigger, e)),
            None => Ok(resp),
        }
    }

    /// One answer: posted in the channel (`in_channel`) or shown to the caller alone.
    async fn command_response_post(
        &self,
        ctx: &Context<'_>,
        trigger: &str,
        cmd: Option<&Command>,
        resp: &mut CommandResponse,
    ) -> Result<()> {
        let mut channel = ctx.channel.clone();
        if !resp.channel_id.is_empty() && resp.channel_id != channel.id {
            if self
                .store
                .get_channel_member(&resp.channel_id, ctx.actor.user_id())
                .await
                .is_err()
            {
                return Err(Error::new(
                    ErrorKind::Forbidden,
                    "api.command.command_post.forbidden.app_error",
                    "Specified user is not a member of specified channel.",
                ));
            }
            channel = self.load_channel(&resp.channel_id).await?;
        }
        let mut props = resp.props.clone();
        let service = self.settings().service_settings.clone();
        let mut from_integration = cmd.is_some();
        let name = cmd.map(|c| c.username.as_str()).filter(|u| !u.is_empty());
        let icon = cmd.map(|c| c.icon_url.as_str()).filter(|u| !u.is_empty());
        if service.enable_post_username_override
            && let Some(name) =
                name.or((!resp.username.is_empty()).then_some(resp.username.as_str()))
        {
            props.insert("override_username".into(), name.into());
            from_integration = true;
        }
        if service.enable_post_icon_override
            && let Some(icon) =
                icon.or((!resp.icon_url.is_empty()).then_some(resp.icon_url.as_str()))
        {
            props.insert("override_icon_url".into(), icon.into());
            from_integration = true;
        }
        if from_integration {
            props.insert("from_webhook".into(), "true".into());
        }
        let message = if resp.skip_slack_parsing {
            resp.text.clone()
        } else {
            resp.text = self.process_slack_text(&resp.text).await?;
            text::slack_links_to_markdown(&resp.text)
        };
        let attachments = match resp.attachments.clone() {
            Some(list) if !list.is_empty() => self.process_attachments(list).await?,
            _ => Vec::new(),
        };
        let mut post_type = resp.kind.clone();
        if !attachments.is_empty() {
            props.insert(
                "attachments".into(),
                serde_json::to_value(&attachments).map_err(Error::internal)?,
            );
            if post_type.is_empty() {
                post_type = "slack_attachment".into();
            }
        }
        match resp.response_type.as_str() {
            IN_CHANNEL => {
                let post = Post {
                    user_id: ctx.actor.user_id().to_owned(),
                    channel_id: channel.id.clone(),
                    root_id: ctx.root_id.clone(),
                    post_type,
                    props,
                    message,
                    ..Default::default()
                };
                self.create_post_unchecked(&channel, post, CreateOptions::default())
                    .await
                    .map_err(|e| post_failed(trigger, e))?;
            }
            "" | EPHEMERAL if !message.is_empty() || !attachments.is_empty() => {
                self.send_ephemeral(ctx.actor, &channel.id, &ctx.root_id, message, props)
                    .await?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A post only `actor` sees (never stored): the `ephemeral_message` event.
    pub(crate) async fn send_ephemeral(
        &self,
        actor: &Actor,
        channel_id: &str,
        root_id: &str,
        message: String,
        props: serde_json::Map<String, Value>,
    ) -> Result<()> {
        let now = now_ms();
        let post = Post {
            id: new_id(),
            create_at: now,
            update_at: now,
            user_id: actor.user_id().to_owned(),
            channel_id: channel_id.to_owned(),
            root_id: root_id.to_owned(),
            message,
            props,
            post_type: kind::EPHEMERAL.to_owned(),
            ..Default::default()
        };
        let mut post = self.prepare_post_for_event(post).await?;
        crate::actions::assign_action_ids(&mut post.props);
        self.add_action_cookies(&mut post);
        self.publish(
            crate::events::Event::new("ephemeral_message")
                .with_json_string("post", &post)
                .to_channel(channel_id)
                .to_user(actor.user_id()),
        );
        Ok(())
    }

    /// `POST /hooks/commands/{id}`: a later answer of a custom command's integration, in the
    /// channel (and thread) the command ran in, as the user who ran it.
    pub async fn execute_command_webhook(&self, hook_id: &str, body: &[u8]) -> Result<()> {
        let resp: CommandResponse = serde_json::from_slice(body).map_err(|_| {
            Error::new(
                ErrorKind::BadRequest,
                "app.command_webhook.handle_command_webhook.parse",
                "Unable to parse incoming data.",
            )
        })?;
        let invalid = || {
            Error::new(
                ErrorKind::BadRequest,
                "app.command_webhook.try_use.invalid",
                "Invalid webhook.",
            )
        };
        if !stoa_model::is_valid_id(hook_id) {
            return Err(invalid());
        }
        self.require_commands_enabled()?;
        let hook = match self
            .store
            .use_command_webhook(
                hook_id,
                now_ms() - RESPONSE_URL_LIFETIME_MS,
                RESPONSE_URL_USES,
            )
            .await
        {
            Err(StoreError::NotFound) => return Err(invalid()),
            other => other?,
        };
        let cmd = self
            .store
            .get_command(&hook.command_id)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => invalid(),
                other => other.into(),
            })?;
        let user = self
            .store
            .get_user(&hook.user_id)
            .await
            .or_not_found("user")?;
        let actor = Actor::for_user(&user);
        let channel = self.load_channel(&hook.channel_id).await?;
        let team = self
            .store
            .get_team(&cmd.team_id)
            .await
            .or_not_found("team")?;
        let ctx = Context {
            actor: &actor,
            channel,
            team,
            root_id: hook.root_id.clone(),
            site_url: String::new(),
        };
        self.handle_command_response(&ctx, &cmd.trigger, Some(&cmd), resp)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_response;

    #[test]
    fn answers_are_json_or_plain_text() {
        let json = parse_response(
            "application/json; charset=utf-8",
            br#"{"text":"hi","response_type":"in_channel"}"#,
        );
        assert_eq!(
            json.map(|r| (r.text, r.response_type)),
            Some(("hi".into(), "in_channel".into()))
        );
        let plain = parse_response("text/plain", b"  done  ");
        assert_eq!(plain.map(|r| r.text), Some("done".into()));
        assert!(parse_response("text/plain", b"   ").is_none());
        assert!(parse_response("application/json", b"{oops").is_none());
    }
}
