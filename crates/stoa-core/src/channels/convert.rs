//! A group message becomes a private channel of a team all its members share, keeping its id,
//! its posts and its members (`POST /channels/{id}/convert_to_channel`).

use stoa_model::channel::{CHANNEL_DIRECT, CHANNEL_GROUP, CHANNEL_PRIVATE, Channel};
use stoa_model::team::Team;
use stoa_model::user::User;
use stoa_store::{OptionalExt, StoreError};

use super::validate_channel;
use crate::events::{Event, MembershipChange};
use crate::posts::SystemMessage;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// Body of `POST /channels/{id}/convert_to_channel`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GroupConversion {
    pub channel_id: String,
    pub team_id: String,
    pub name: String,
    pub display_name: String,
}

fn not_for_guests() -> Error {
    Error::new(
        ErrorKind::Forbidden,
        "api.channel.gm_to_channel_conversion.not_allowed_for_user.request_error",
        "Guest users cannot convert group messages to channels.",
    )
}

impl Core {
    /// The active members of a direct or group message.
    async fn active_members(&self, channel: &Channel) -> Result<Vec<User>> {
        let ids: Vec<String> = self
            .store
            .get_members_of_channels(std::slice::from_ref(&channel.id))
            .await?
            .into_iter()
            .map(|(_, user)| user)
            .collect();
        Ok(self
            .store
            .get_users_by_ids(&ids)
            .await?
            .into_iter()
            .filter(|u| u.delete_at == 0)
            .collect())
    }

    /// Teams every one of `users` is an active member of.
    async fn teams_in_common(&self, users: &[User]) -> Result<Vec<Team>> {
        let mut common: Option<Vec<Team>> = None;
        for u in users {
            let teams = self.store.get_teams_for_user(&u.id).await?;
            common = Some(match common {
                None => teams,
                Some(before) => before
                    .into_iter()
                    .filter(|t| teams.iter().any(|o| o.id == t.id))
                    .collect(),
            });
        }
        Ok(common.unwrap_or_default())
    }

    async fn direct_or_group(&self, actor: &Actor, id: &str) -> Result<Channel> {
        if actor.is_guest() {
            return Err(not_for_guests());
        }
        let channel = self.load_channel(id).await?;
        self.require_channel(actor, &channel, perm::READ_CHANNEL)
            .await?;
        if channel.channel_type != CHANNEL_GROUP && channel.channel_type != CHANNEL_DIRECT {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "app.channel.get_common_teams.incorrect_channel_type",
                "Channel is not a direct or group message.",
            ));
        }
        Ok(channel)
    }

    /// `GET /channels/{id}/common_teams`: the teams all members of a direct or group message
    /// share (`None` when the actor is not among its active members).
    pub async fn get_common_teams(&self, actor: &Actor, id: &str) -> Result<Option<Vec<Team>>> {
        let channel = self.direct_or_group(actor, id).await?;
        let members = self.active_members(&channel).await?;
        if !members.iter().any(|u| actor.is(&u.id)) {
            return Ok(None);
        }
        let teams = self.teams_in_common(&members).await?;
        Ok(Some(self.team_views(actor, teams).await?))
    }

    /// `POST /channels/{id}/convert_to_channel`.
    pub async fn convert_group_to_channel(
        &self,
        actor: &Actor,
        id: &str,
        req: GroupConversion,
    ) -> Result<Channel> {
        if actor.is_guest() {
            return Err(not_for_guests());
        }
        self.require_team(actor, &req.team_id, perm::CREATE_PRIVATE_CHANNEL)
            .await?;
        if req.channel_id != id {
            return Err(Error::invalid_param("channel_id"));
        }
        let channel = self.direct_or_group(actor, id).await?;
        let members = self.active_members(&channel).await?;
        let common = self.teams_in_common(&members).await?;
        if !common.iter().any(|t| t.id == req.team_id) {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "app.channel.group_message_conversion.incorrect_team",
                "The team is not one that all members of the group message belong to.",
            ));
        }
        if channel.channel_type != CHANNEL_GROUP {
            return Err(Error::new(
                ErrorKind::NotFound,
                "app.channel.group_message_conversion.original_channel_not_gm",
                "The channel is not a group message.",
            ));
        }
        let mut me = self
            .store
            .get_channel_member(&channel.id, actor.user_id())
            .await
            .or_not_found("channel_member")?;

        let mut converted = channel.clone();
        converted.channel_type = CHANNEL_PRIVATE.to_owned();
        converted.team_id = req.team_id.clone();
        converted.name = req.name.trim().to_owned();
        converted.display_name = req.display_name.clone();
        converted.update_at = stoa_model::now_ms();
        validate_channel(&converted)?;
        self.store
            .update_channel(&converted)
            .await
            .map_err(|e| match e {
                StoreError::Conflict { .. } => Error::new(
                    ErrorKind::BadRequest,
                    "store.sql_channel.update.exists.app_error",
                    "A channel with that name already exists on the same team.",
                ),
                other => other.into(),
            })?;
        let ids: Vec<String> = members.iter().map(|u| u.id.clone()).collect();
        // Hubs now route the channel with its team.
        self.publish(Event::internal(vec![MembershipChange::ChannelJoined {
            channel_id: converted.id.clone(),
            team_id: converted.team_id.clone(),
            user_ids: ids.clone(),
        }]));
        self.publish(
            Event::new("channel_updated")
                .with_json_string("channel", &converted)
                .to_channel(&converted.id),
        );

        // The channel leaves every member's direct messages; it now sorts with the team's
        // channels. Clients re-read their categories on the event.
        for u in &members {
            for team in self.store.get_teams_for_user(&u.id).await? {
                self.store
                    .remove_sidebar_channels(&u.id, &team.id, std::slice::from_ref(&converted.id))
                    .await?;
            }
            self.publish(Event::new("sidebar_category_updated").to_user(&u.id));
        }

        me.scheme_admin = true;
        self.store.update_channel_member(&me).await?;
        let me = me.with_computed_roles();
        self.publish(
            Event::new("channel_member_updated")
                .with_json_string("channelMember", &me)
                .to_user(actor.user_id()),
        );

        if let Some(by) = members.iter().find(|u| actor.is(&u.id)) {
            let msg = SystemMessage::converted_from_group(by, &members);
            self.post_system_message(&converted, &by.id, msg).await?;
        }
        Ok(self
            .store
            .get_channel(&converted.id)
            .await
            .optional()?
            .unwrap_or(converted))
    }
}
