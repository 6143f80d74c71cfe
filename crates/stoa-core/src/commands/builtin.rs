//! The built-in commands, as Mattermost's providers in `app/slashcommands/`: the list, the
//! dispatch, and the commands that post or set a status (those acting on channels are in
//! `channel.rs`). Texts are Mattermost's English ones.

use std::sync::Arc;
use std::time::Duration;
use stoa_model::command::CommandResponse;
use stoa_model::post::{Post, kind};
use stoa_model::status::{AWAY, DND, OFFLINE, ONLINE};

use super::{Command, Context, EPHEMERAL, IN_CHANNEL, post_failed, text};
use crate::posts::CreateOptions;
use crate::{Core, Error, Result};

/// One built-in as the command lists show it.
struct BuiltIn {
    trigger: &'static str,
    display_name: &'static str,
    desc: &'static str,
    hint: &'static str,
}

/// The built-ins, by trigger.
const BUILT_INS: &[BuiltIn] = &[
    BuiltIn {
        trigger: "away",
        display_name: "away",
        desc: "Set your status away",
        hint: "",
    },
    BuiltIn {
        trigger: "dnd",
        display_name: "dnd",
        desc: "Do not disturb disables desktop and mobile push notifications.",
        hint: "",
    },
    BuiltIn {
        trigger: "echo",
        display_name: "echo",
        desc: "Echo back text from your account",
        hint: "'message' [delay in seconds]",
    },
    BuiltIn {
        trigger: "header",
        display_name: "header",
        desc: "Edit the channel header",
        hint: "[text]",
    },
    BuiltIn {
        trigger: "join",
        display_name: "join",
        desc: "Join the open channel",
        hint: "~[channel]",
    },
    BuiltIn {
        trigger: "leave",
        display_name: "leave",
        desc: "Leave the current channel",
        hint: "",
    },
    BuiltIn {
        trigger: "me",
        display_name: "me",
        desc: "Do an action",
        hint: "[message]",
    },
    BuiltIn {
        trigger: "msg",
        display_name: "message",
        desc: "Send Direct Message to a user",
        hint: "@[username] 'message'",
    },
    BuiltIn {
        trigger: "offline",
        display_name: "offline",
        desc: "Set your status offline",
        hint: "",
    },
    BuiltIn {
        trigger: "online",
        display_name: "online",
        desc: "Set your status online",
        hint: "",
    },
    BuiltIn {
        trigger: "purpose",
        display_name: "purpose",
        desc: "Edit the channel purpose",
        hint: "[text]",
    },
    BuiltIn {
        trigger: "shrug",
        display_name: "shrug",
        desc: "Adds ¯\\_(ツ)_/¯ to your message",
        hint: "[message]",
    },
];

/// The built-ins as `Command`s, sorted by trigger.
pub(super) fn commands() -> Vec<Command> {
    BUILT_INS
        .iter()
        .map(|b| Command {
            trigger: b.trigger.to_owned(),
            auto_complete: true,
            auto_complete_desc: b.desc.to_owned(),
            auto_complete_hint: b.hint.to_owned(),
            display_name: b.display_name.to_owned(),
            ..Default::default()
        })
        .collect()
}

/// The longest `/echo` delay Stoa waits, in seconds. Mattermost allows up to 10000 and caps the
/// pending echoes at 100 per server; Stoa keeps no such counter, so it keeps the wait short
/// instead, which bounds how many delayed posts can be pending.
pub const MAX_ECHO_DELAY_SECS: i64 = 60;

/// `¯\_(ツ)_/¯`, escaped for Markdown.
const SHRUG: &str = r"¯\\\_(ツ)\_/¯";

const ECHO_MESSAGE: &str = "A message must be provided with the /echo command.";
const AWAY_TEXT: &str = "You are now away";
const ONLINE_TEXT: &str = "You are now online";
const OFFLINE_TEXT: &str = "You are now offline";
const DND_TEXT: &str = "Do Not Disturb is enabled. You will not receive desktop or mobile push notifications until Do Not Disturb is turned off.";

pub(super) fn ephemeral(text: impl Into<String>) -> CommandResponse {
    CommandResponse {
        response_type: EPHEMERAL.to_owned(),
        text: text.into(),
        ..Default::default()
    }
}

fn in_channel(post_type: &str, text: String) -> CommandResponse {
    CommandResponse {
        response_type: IN_CHANNEL.to_owned(),
        kind: post_type.to_owned(),
        text,
        ..Default::default()
    }
}

/// An answer that only moves the client (no text, no type).
pub(super) fn goto(location: String) -> CommandResponse {
    CommandResponse {
        goto_location: location,
        ..Default::default()
    }
}

/// A refusal from core the command turns into its own ephemeral text; failures of the server
/// itself stay errors.
pub(super) fn refused(e: Error) -> Result<()> {
    if e.is_server_failure() {
        Err(e)
    } else {
        Ok(())
    }
}

impl Core {
    /// Runs the built-in named `trigger`, or `None` when there is none.
    pub(super) async fn run_builtin(
        self: &Arc<Self>,
        ctx: &Context<'_>,
        trigger: &str,
        message: &str,
    ) -> Result<Option<CommandResponse>> {
        let resp = match trigger {
            "me" => in_channel(kind::ME, format!("*{message}*")),
            "shrug" => in_channel(
                "",
                if message.is_empty() {
                    SHRUG.to_owned()
                } else {
                    format!("{message} {SHRUG}")
                },
            ),
            "echo" => self.echo_command(ctx, message).await?,
            "join" => self.join_command(ctx, message).await?,
            "leave" => self.leave_command(ctx).await?,
            "msg" => self.msg_command(ctx, message).await?,
            "header" => self.header_command(ctx, message).await?,
            "purpose" => self.purpose_command(ctx, message).await?,
            "away" => self.status_command(ctx, AWAY, AWAY_TEXT).await?,
            "online" => self.status_command(ctx, ONLINE, ONLINE_TEXT).await?,
            "offline" => self.status_command(ctx, OFFLINE, OFFLINE_TEXT).await?,
            "dnd" => self.status_command(ctx, DND, DND_TEXT).await?,
            _ => return Ok(None),
        };
        Ok(Some(resp))
    }

    /// `/echo text [delay]`: posts the text as the caller, now or after the delay.
    async fn echo_command(
        self: &Arc<Self>,
        ctx: &Context<'_>,
        message: &str,
    ) -> Result<CommandResponse> {
        if message.is_empty() {
            return Ok(ephemeral(ECHO_MESSAGE));
        }
        let (text, delay) = text::parse_echo(message);
        if delay >= MAX_ECHO_DELAY_SECS {
            return Ok(ephemeral(format!(
                "Delays must be under {MAX_ECHO_DELAY_SECS} seconds."
            )));
        }
        let post = Post {
            user_id: ctx.actor.user_id().to_owned(),
            channel_id: ctx.channel.id.clone(),
            root_id: ctx.root_id.clone(),
            message: text.to_owned(),
            ..Default::default()
        };
        match u64::try_from(delay) {
            Ok(secs) if secs > 0 => {
                let core = Arc::clone(self);
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_secs(secs)).await;
                    // The channel may have been archived meanwhile: posting refuses then.
                    let posted = match core.load_channel(&post.channel_id).await {
                        Ok(channel) => core
                            .create_post_unchecked(&channel, post, CreateOptions::default())
                            .await
                            .map(drop),
                        Err(e) => Err(e),
                    };
                    if let Err(e) = posted {
                        tracing::warn!(error = %e, "unable to create a delayed /echo post");
                    }
                });
            }
            _ => {
                self.create_post_unchecked(&ctx.channel, post, CreateOptions::default())
                    .await
                    .map_err(|e| post_failed("echo", e))?;
            }
        }
        Ok(CommandResponse::default())
    }

    /// `/away`, `/online`, `/offline`, `/dnd`: the caller's manual status.
    async fn status_command(
        &self,
        ctx: &Context<'_>,
        status: &str,
        text: &str,
    ) -> Result<CommandResponse> {
        self.set_status(ctx.actor, ctx.actor.user_id(), status, 0)
            .await?;
        Ok(ephemeral(text))
    }
}
