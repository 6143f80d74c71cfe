//! The built-ins that act on channels: `/join`, `/leave`, `/msg`, `/header`, `/purpose`.

use stoa_model::channel::{
    CHANNEL_DIRECT, CHANNEL_GROUP, CHANNEL_OPEN, CHANNEL_PRIVATE, ChannelPatch, TOWN_SQUARE,
};
use stoa_model::command::CommandResponse;
use stoa_model::post::Post;
use stoa_model::validate::{CHANNEL_HEADER_MAX_RUNES, CHANNEL_PURPOSE_MAX_RUNES};
use stoa_store::OptionalExt;

use super::builtin::{ephemeral, goto, refused};
use super::{Context, EPHEMERAL, text};
use crate::posts::CreateOptions;
use crate::{Core, Result, perm};

const JOIN_LIST: &str = "An error occurred while listing channels.";
const JOIN_MISSING: &str = "Unable to find the channel.";
const JOIN_FAIL: &str = "An error occurred while joining the channel.";
const LEAVE_FAIL: &str = "An error occurred while leaving the channel.";
const MSG_MISSING: &str = "Unable to find the user.";
const MSG_FAIL: &str = "An error occurred while messaging the user.";
const MSG_PERMISSION: &str =
    "You don't have the appropriate permissions to direct message this user.";
const HEADER_PERMISSION: &str =
    "You don't have the appropriate permissions to edit the channel header.";
const HEADER_MESSAGE: &str = "Text must be provided with the /header command.";
const HEADER_FAIL: &str = "Error updating the channel header.";
const PURPOSE_PERMISSION: &str =
    "You don't have the appropriate permissions to edit the channel purpose.";
const PURPOSE_DIRECT: &str =
    "Unable to set purpose for direct message channels. Use /header to set the header instead.";
const PURPOSE_MESSAGE: &str = "A message must be provided with the /purpose command.";
const PURPOSE_FAIL: &str = "Error updating the channel purpose.";

impl Core {
    /// `/join ~channel`: joins a public channel of the team (or a private one the caller can
    /// already read) and moves there.
    pub(super) async fn join_command(
        &self,
        ctx: &Context<'_>,
        message: &str,
    ) -> Result<CommandResponse> {
        let name = match message.strip_prefix('~') {
            Some(name) => name.to_owned(),
            None => message.to_lowercase(),
        };
        let found = self
            .store
            .get_channel_by_name(&ctx.team.id, &name)
            .await
            .optional()?
            .filter(|c| c.delete_at == 0);
        let Some(channel) = found else {
            return Ok(ephemeral(JOIN_LIST));
        };
        if channel.name != name {
            return Ok(ephemeral(JOIN_MISSING));
        }
        let allowed = match channel.channel_type.as_str() {
            CHANNEL_OPEN => {
                self.has_channel_permission(ctx.actor, &channel, perm::JOIN_PUBLIC_CHANNELS)
                    .await?
            }
            CHANNEL_PRIVATE => {
                self.has_channel_permission(ctx.actor, &channel, perm::READ_CHANNEL)
                    .await?
            }
            _ => false,
        };
        if !allowed {
            return Ok(ephemeral(JOIN_FAIL));
        }
        if let Err(e) = self
            .add_channel_member(ctx.actor, &channel.id, ctx.actor.user_id())
            .await
        {
            refused(e)?;
            return Ok(ephemeral(JOIN_FAIL));
        }
        let Some(team) = self.store.get_team(&channel.team_id).await.optional()? else {
            return Ok(ephemeral(JOIN_FAIL));
        };
        Ok(goto(format!(
            "{}/{}/channels/{}",
            ctx.site_url, team.name, channel.name
        )))
    }

    /// `/leave`: leaves the current channel and moves to town-square (a guest: to one of their
    /// channels; someone no longer in the team: to the root).
    pub(super) async fn leave_command(&self, ctx: &Context<'_>) -> Result<CommandResponse> {
        let actor = ctx.actor;
        if let Err(e) = self
            .remove_channel_member(actor, &ctx.channel.id, actor.user_id())
            .await
        {
            refused(e)?;
            return Ok(ephemeral(if ctx.channel.name == TOWN_SQUARE {
                format!("Unable to leave the default channel {TOWN_SQUARE}.")
            } else {
                LEAVE_FAIL.to_owned()
            }));
        }
        let team = &ctx.team;
        if self
            .team_member_of(&team.id, actor.user_id())
            .await?
            .is_none()
        {
            return Ok(goto(format!("{}/", ctx.site_url)));
        }
        let Some(user) = self.store.get_user(actor.user_id()).await.optional()? else {
            return Ok(ephemeral(LEAVE_FAIL));
        };
        if user.has_role(stoa_model::role::SYSTEM_GUEST) {
            let members = self
                .store
                .get_channel_members_for_user(actor.user_id(), Some(&team.id))
                .await?;
            let Some(first) = members.first() else {
                return Ok(ephemeral(LEAVE_FAIL));
            };
            let Some(channel) = self.store.get_channel(&first.channel_id).await.optional()? else {
                return Ok(ephemeral(LEAVE_FAIL));
            };
            return Ok(goto(format!(
                "{}/{}/channels/{}",
                ctx.site_url, team.name, channel.name
            )));
        }
        Ok(goto(format!(
            "{}/{}/channels/{TOWN_SQUARE}",
            ctx.site_url, team.name
        )))
    }

    /// `/msg @user text`: opens the direct message (making it when new), posts the text there
    /// and moves to it.
    pub(super) async fn msg_command(
        &self,
        ctx: &Context<'_>,
        message: &str,
    ) -> Result<CommandResponse> {
        let actor = ctx.actor;
        let (username, text) = text::parse_msg(message);
        let Some(user) = self
            .store
            .get_user_by_username(&username)
            .await
            .optional()?
        else {
            return Ok(ephemeral(MSG_MISSING));
        };
        if actor.is(&user.id) {
            return Ok(ephemeral(MSG_MISSING));
        }
        let name = if actor.user_id() <= user.id.as_str() {
            format!("{}__{}", actor.user_id(), user.id)
        } else {
            format!("{}__{}", user.id, actor.user_id())
        };
        let channel = match self.store.get_channel_by_name("", &name).await.optional()? {
            Some(channel) => channel,
            None => {
                if !actor.can(perm::CREATE_DIRECT_CHANNEL) {
                    return Ok(ephemeral(MSG_PERMISSION));
                }
                match self
                    .create_direct_channel(actor, actor.user_id(), &user.id)
                    .await
                {
                    Ok(channel) => channel,
                    Err(e) if e.is_server_failure() => return Err(e),
                    Err(e) => return Ok(ephemeral(e.message.into_owned())),
                }
            }
        };
        if !text.is_empty() {
            let post = Post {
                user_id: actor.user_id().to_owned(),
                channel_id: channel.id.clone(),
                message: text.to_owned(),
                ..Default::default()
            };
            if let Err(e) = self
                .create_post_unchecked(&channel, post, CreateOptions::default())
                .await
            {
                refused(e)?;
                return Ok(ephemeral(MSG_FAIL));
            }
        }
        Ok(CommandResponse {
            response_type: EPHEMERAL.to_owned(),
            goto_location: format!("{}/{}/channels/{name}", ctx.site_url, ctx.team.name),
            ..Default::default()
        })
    }

    /// Whether the caller may change the current channel's properties; for direct and group
    /// messages, membership is enough.
    async fn may_edit_channel(&self, ctx: &Context<'_>) -> Result<bool> {
        let channel = &ctx.channel;
        Ok(match channel.channel_type.as_str() {
            CHANNEL_OPEN => {
                self.has_channel_permission(
                    ctx.actor,
                    channel,
                    perm::MANAGE_PUBLIC_CHANNEL_PROPERTIES,
                )
                .await?
            }
            CHANNEL_PRIVATE => {
                self.has_channel_permission(
                    ctx.actor,
                    channel,
                    perm::MANAGE_PRIVATE_CHANNEL_PROPERTIES,
                )
                .await?
            }
            CHANNEL_DIRECT | CHANNEL_GROUP => self
                .store
                .get_channel_member(&channel.id, ctx.actor.user_id())
                .await
                .optional()?
                .is_some(),
            _ => false,
        })
    }

    /// `/header text`: sets the channel header (a system message records it).
    pub(super) async fn header_command(
        &self,
        ctx: &Context<'_>,
        message: &str,
    ) -> Result<CommandResponse> {
        if !self.may_edit_channel(ctx).await? {
            return Ok(ephemeral(HEADER_PERMISSION));
        }
        if message.is_empty() {
            return Ok(ephemeral(HEADER_MESSAGE));
        }
        let patch = ChannelPatch {
            header: Some(message.to_owned()),
            ..Default::default()
        };
        match self.patch_channel(ctx.actor, &ctx.channel.id, patch).await {
            Ok(_) => Ok(CommandResponse::default()),
            Err(e) if e.id == "model.channel.is_valid.header.app_error" => Ok(ephemeral(format!(
                "The text entered exceeds the character limit. The channel header is limited to {CHANNEL_HEADER_MAX_RUNES} characters."
            ))),
            Err(e) => {
                refused(e)?;
                Ok(ephemeral(HEADER_FAIL))
            }
        }
    }

    /// `/purpose text`: sets the channel purpose (not for direct and group messages).
    pub(super) async fn purpose_command(
        &self,
        ctx: &Context<'_>,
        message: &str,
    ) -> Result<CommandResponse> {
        if ctx.channel.is_direct_or_group() {
            return Ok(ephemeral(PURPOSE_DIRECT));
        }
        if !self.may_edit_channel(ctx).await? {
            return Ok(ephemeral(PURPOSE_PERMISSION));
        }
        if message.is_empty() {
            return Ok(ephemeral(PURPOSE_MESSAGE));
        }
        let patch = ChannelPatch {
            purpose: Some(message.to_owned()),
            ..Default::default()
        };
        match self.patch_channel(ctx.actor, &ctx.channel.id, patch).await {
            Ok(_) => Ok(CommandResponse::default()),
            Err(e) if e.id == "model.channel.is_valid.purpose.app_error" => Ok(ephemeral(format!(
                "The text entered exceeds the character limit. The channel purpose is limited to {CHANNEL_PURPOSE_MAX_RUNES} characters."
            ))),
            Err(e) => {
                refused(e)?;
                Ok(ephemeral(PURPOSE_FAIL))
            }
        }
    }
}
