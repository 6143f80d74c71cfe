//! `GET /posts/{id}/info`: where a permalink leads, for someone who may not have joined yet.

use stoa_model::channel::{CHANNEL_OPEN, CHANNEL_PRIVATE};
use stoa_model::post::PostInfo;
use stoa_model::team::TEAM_OPEN;
use stoa_store::OptionalExt;

use crate::{Actor, Core, Error, Result, perm};

impl Core {
    /// The post's channel and team, and whether the actor is in them. A post the actor could not
    /// reach by joining is "not found", so its existence stays hidden.
    pub async fn get_post_info(&self, actor: &Actor, post_id: &str) -> Result<PostInfo> {
        let hidden = || Error::not_found("post");
        let post = self
            .store
            .get_post(post_id)
            .await
            .optional()?
            .filter(|p| p.delete_at == 0)
            .ok_or_else(hidden)?;
        let channel = self
            .store
            .get_channel(&post.channel_id)
            .await
            .optional()?
            .ok_or_else(hidden)?;
        let mut info = PostInfo {
            channel_id: channel.id.clone(),
            channel_type: channel.channel_type.clone(),
            channel_display_name: channel.display_name.clone(),
            ..Default::default()
        };
        if !channel.team_id.is_empty() {
            let team = self
                .store
                .get_team(&channel.team_id)
                .await
                .optional()?
                .ok_or_else(hidden)?;
            let joined = self
                .team_member_of(&team.id, actor.user_id())
                .await?
                .is_some();
            let open = team.allow_open_invite;
            let may_join = if open {
                actor.can(perm::JOIN_PUBLIC_TEAMS)
            } else {
                actor.can(perm::JOIN_PRIVATE_TEAMS)
            };
            if !joined && !may_join {
                return Err(hidden());
            }
            info.team_id = team.id.clone();
            info.team_type = if open {
                TEAM_OPEN.to_owned()
            } else {
                "I".to_owned()
            };
            info.team_display_name = team.display_name.clone();
            info.has_joined_team = joined;
        }
        info.has_joined_channel = self
            .store
            .get_channel_member(&channel.id, actor.user_id())
            .await
            .optional()?
            .is_some();
        if !info.has_joined_channel {
            let allowed = match channel.channel_type.as_str() {
                CHANNEL_OPEN => true,
                CHANNEL_PRIVATE => {
                    self.has_channel_permission(
                        actor,
                        &channel,
                        perm::MANAGE_PRIVATE_CHANNEL_MEMBERS,
                    )
                    .await?
                }
                _ => {
                    self.has_channel_permission(actor, &channel, perm::READ_CHANNEL)
                        .await?
                }
            };
            if !allowed {
                return Err(hidden());
            }
        }
        Ok(info)
    }
}
