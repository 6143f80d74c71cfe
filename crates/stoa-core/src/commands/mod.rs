//! Slash commands: `POST /commands/execute` for the built-in commands that are pure messaging
//! (`builtin.rs`, `channel.rs`), and the command lists clients autocomplete from.
//!
//! Running a command follows Mattermost's `executeCommand`: the caller must be able to use slash
//! commands and post in the channel; the built-in answers a `CommandResponse`; an `in_channel`
//! answer becomes a post by the caller (in the thread of `root_id`), an `ephemeral` one (or one
//! without a type) with text is shown only to the caller as an `ephemeral_message` event.
//! Custom (outgoing-webhook) commands are not stored, so no custom command ever matches.

mod builtin;
mod channel;
pub(crate) mod text;

use serde::Deserialize;
use std::sync::Arc;
use stoa_model::channel::Channel;
use stoa_model::command::{Command, CommandResponse};
use stoa_model::post::{POST_MESSAGE_MAX_RUNES, Post, kind};
use stoa_model::team::Team;
use stoa_model::{new_id, now_ms};
use stoa_store::OptionalExt;

use crate::events::Event;
use crate::posts::CreateOptions;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// `response_type` of an answer posted in the channel.
pub const IN_CHANNEL: &str = "in_channel";
/// `response_type` of an answer only the caller sees.
pub const EPHEMERAL: &str = "ephemeral";

/// Body of `POST /commands/execute` (Mattermost's `CommandArgs`; other fields are ignored).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CommandArgs {
    pub channel_id: String,
    pub team_id: String,
    pub root_id: String,
    /// Deprecated by Mattermost; accepted and ignored.
    pub parent_id: String,
    pub command: String,
}

/// Where a command runs: what every built-in may need.
pub(crate) struct Context<'a> {
    actor: &'a Actor,
    channel: Channel,
    /// The channel's team, or for direct and group messages the team the client named.
    team: Team,
    root_id: String,
    /// `ServiceSettings.SiteURL` without a trailing slash; empty makes locations relative.
    site_url: String,
}

/// Mattermost cuts the trigger it names in "not found" to this many bytes.
const MAX_TRIGGER_BYTES: usize = 512;

fn no_trigger() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "api.command.execute_command.start.app_error",
        "No command trigger found.",
    )
}

fn commands_disabled() -> Error {
    Error::new(
        ErrorKind::NotImplemented,
        "api.command.disabled.app_error",
        "Commands have been disabled by the system admin.",
    )
}

impl Core {
    /// `POST /commands/execute`.
    pub async fn execute_command(
        self: &Arc<Self>,
        actor: &Actor,
        args: CommandArgs,
    ) -> Result<CommandResponse> {
        if args.command.len() <= 1
            || !args.command.starts_with('/')
            || !stoa_model::is_valid_id(&args.channel_id)
        {
            return Err(no_trigger());
        }
        if args.command.chars().count() > POST_MESSAGE_MAX_RUNES {
            return Err(Error::invalid_param("command").with_detail(format!(
                "a command holds at most {POST_MESSAGE_MAX_RUNES} characters"
            )));
        }
        let channel = self.command_channel(actor, &args.channel_id).await?;
        let team_id = if channel.is_direct_or_group() {
            if self.is_restricted_dm(&channel).await? {
                return Err(Error::new(
                    ErrorKind::BadRequest,
                    "api.command.execute_command.restricted_dm.error",
                    "Cannot post in a restricted DM",
                ));
            }
            // Commands in direct and group messages run against a team the caller is in.
            if self
                .team_member_of(&args.team_id, actor.user_id())
                .await?
                .is_none()
                && !actor.can(perm::CREATE_POST)
            {
                return Err(Error::forbidden(perm::CREATE_POST.0));
            }
            args.team_id.clone()
        } else {
            channel.team_id.clone()
        };

        let (trigger, message) = text::split_command(&args.command);
        let trigger = trigger.trim_start_matches('/').to_owned();
        // Mattermost looks for a custom command before the built-ins, and that step fails
        // when commands are disabled.
        let settings = self.settings();
        if !settings.service_settings.enable_commands {
            return Err(commands_disabled());
        }
        let team = self.store.get_team(&team_id).await.or_not_found("team")?;
        let ctx = Context {
            actor,
            channel,
            team,
            root_id: args.root_id.clone(),
            site_url: settings
                .service_settings
                .site_url
                .trim_end_matches('/')
                .to_owned(),
        };
        let Some(resp) = self.run_builtin(&ctx, &trigger, message).await? else {
            let mut named = text::truncate_bytes(&trigger, MAX_TRIGGER_BYTES).to_owned();
            if named.len() < trigger.len() {
                named.push_str("...");
            }
            return Err(Error::new(
                ErrorKind::NotFound,
                "api.command.execute_command.not_found.app_error",
                format!(
                    "Command with a trigger of '{named}' not found. To send a message beginning with \"/\", try adding an empty space at the beginning of the message."
                ),
            ));
        };
        self.handle_command_response(&ctx, &trigger, resp).await
    }

    /// The channel a command runs in: one the caller may post in, not archived. (Mattermost no
    /// longer checks the deprecated `use_slash_commands`, and no role grants it.)
    async fn command_channel(&self, actor: &Actor, channel_id: &str) -> Result<Channel> {
        let Some(channel) = self.store.get_channel(channel_id).await.optional()? else {
            // Mattermost checks the permission first: only those holding it everywhere learn
            // that the channel does not exist.
            return Err(if actor.can(perm::CREATE_POST) {
                Error::not_found("channel")
            } else {
                Error::forbidden(perm::CREATE_POST.0)
            });
        };
        self.require_channel(actor, &channel, perm::CREATE_POST)
            .await?;
        if channel.delete_at != 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.command.execute_command.deleted.error",
                "Can not run command in deleted channel.",
            ));
        }
        Ok(channel)
    }

    /// With `RestrictDirectMessage = team`, a direct message whose two users no longer share a
    /// team takes no commands.
    async fn is_restricted_dm(&self, channel: &Channel) -> Result<bool> {
        if channel.channel_type != stoa_model::channel::CHANNEL_DIRECT
            || self.settings().team_settings.restrict_direct_message != "team"
        {
            return Ok(false);
        }
        let Some((a, b)) = channel.name.split_once("__") else {
            return Ok(false);
        };
        if a == b {
            return Ok(false);
        }
        let ta = self.store.get_team_members_for_user(a).await?;
        let tb = self.store.get_team_members_for_user(b).await?;
        let shared = ta.iter().any(|m| {
            m.delete_at == 0
                && tb
                    .iter()
                    .any(|n| n.delete_at == 0 && n.team_id == m.team_id)
        });
        Ok(!shared)
    }

    /// What Mattermost's `HandleCommandResponse` does with a built-in's answer.
    async fn handle_command_response(
        &self,
        ctx: &Context<'_>,
        trigger: &str,
        mut resp: CommandResponse,
    ) -> Result<CommandResponse> {
        let message = if resp.skip_slack_parsing {
            resp.text.clone()
        } else {
            resp.text = self.process_slack_text(&resp.text).await?;
            text::slack_links_to_markdown(&resp.text)
        };
        match resp.response_type.as_str() {
            IN_CHANNEL => {
                let post = Post {
                    user_id: ctx.actor.user_id().to_owned(),
                    channel_id: ctx.channel.id.clone(),
                    root_id: ctx.root_id.clone(),
                    post_type: resp.kind.clone(),
                    props: resp.props.clone(),
                    message,
                    ..Default::default()
                };
                self.create_post_unchecked(&ctx.channel, post, CreateOptions::default())
                    .await
                    .map_err(|e| post_failed(trigger, e))?;
            }
            "" | EPHEMERAL if !resp.text.is_empty() => {
                self.send_ephemeral_post(ctx, message).await?;
            }
            _ => {}
        }
        Ok(resp)
    }

    /// Mattermost's `ProcessSlackText`: announcements and `<@user_id>` references.
    pub(crate) async fn process_slack_text(&self, text: &str) -> Result<String> {
        let mut out = text::expand_announcements(text);
        let ids: Vec<String> = text::user_refs(&out)
            .into_iter()
            .filter(|id| stoa_model::is_valid_id(id))
            .collect();
        if !ids.is_empty() {
            for user in self.store.get_users_by_ids(&ids).await? {
                out = out.replace(&format!("<@{}>", user.id), &format!("@{}", user.username));
            }
        }
        Ok(out)
    }

    /// A post only the caller sees (never stored): the `ephemeral_message` event.
    async fn send_ephemeral_post(&self, ctx: &Context<'_>, message: String) -> Result<()> {
        let now = now_ms();
        let post = Post {
            id: new_id(),
            create_at: now,
            update_at: now,
            user_id: ctx.actor.user_id().to_owned(),
            channel_id: ctx.channel.id.clone(),
            root_id: ctx.root_id.clone(),
            message,
            post_type: kind::EPHEMERAL.to_owned(),
            ..Default::default()
        };
        let post = self.prepare_post_for_event(post).await?;
        self.publish(
            Event::new("ephemeral_message")
                .with_json_string("post", &post)
                .to_channel(&ctx.channel.id)
                .to_user(ctx.actor.user_id()),
        );
        Ok(())
    }

    /// `GET /teams/{team_id}/commands/autocomplete`: the commands a team member can run.
    pub async fn list_autocomplete_commands(
        &self,
        actor: &Actor,
        team_id: &str,
    ) -> Result<Vec<Command>> {
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        Ok(builtin::commands())
    }

    /// `GET /teams/{id}/commands/autocomplete_suggestions?user_input=`: while the command word
    /// is typed, the commands it starts; after it, the command's argument hint.
    pub async fn command_suggestions(
        &self,
        actor: &Actor,
        team_id: &str,
        user_input: &str,
    ) -> Result<Vec<stoa_model::command::AutocompleteSuggestion>> {
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let input = user_input.strip_prefix('/').unwrap_or(user_input);
        if input.is_empty() {
            return Err(Error::invalid_param("userInput"));
        }
        let mut commands: Vec<Command> = builtin::commands()
            .into_iter()
            .filter(|c| c.auto_complete)
            .collect();
        commands.sort_by_key(|c| c.trigger.to_lowercase());
        let suggestion = |complete: String, suggestion: String, c: &Command| {
            stoa_model::command::AutocompleteSuggestion {
                complete,
                suggestion,
                hint: c.auto_complete_hint.clone(),
                description: c.auto_complete_desc.clone(),
                icon_data: String::new(),
            }
        };
        Ok(match input.split_once(' ') {
            None => {
                let typed = input.to_lowercase();
                commands
                    .iter()
                    .filter(|c| c.trigger.starts_with(&typed))
                    .map(|c| suggestion(c.trigger.clone(), c.trigger.clone(), c))
                    .collect()
            }
            Some((word, _)) => commands
                .iter()
                .filter(|c| c.trigger.eq_ignore_ascii_case(word))
                .map(|c| suggestion(input.to_owned(), String::new(), c))
                .collect(),
        })
    }

    /// `GET /commands?team_id=&custom_only=`: the built-ins (with the team's custom commands,
    /// of which there are none), or with `custom_only` the custom commands alone.
    pub async fn list_commands(
        &self,
        actor: &Actor,
        team_id: &str,
        custom_only: bool,
    ) -> Result<Vec<Command>> {
        if team_id.is_empty() {
            return Err(Error::invalid_param("team_id"));
        }
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        if custom_only {
            self.require_team(actor, team_id, perm::MANAGE_OWN_SLASH_COMMANDS)
                .await?;
            if !self.settings().service_settings.enable_commands {
                return Err(commands_disabled());
            }
            return Ok(Vec::new());
        }
        Ok(builtin::commands())
    }
}

/// A command's post that could not be made. Refusals keep their own error (a bad `root_id` is
/// the caller's mistake); anything else is Mattermost's `create_post_failed`.
fn post_failed(trigger: &str, e: Error) -> Error {
    if e.kind != ErrorKind::Internal {
        return e;
    }
    tracing::error!(error = %e, source = ?e.source, trigger, "command post failed");
    Error::new(
        ErrorKind::Internal,
        "api.command.execute_command.create_post_failed.app_error",
        format!(
            "Command '{trigger}' failed to post response. Please contact your System Administrator."
        ),
    )
}
