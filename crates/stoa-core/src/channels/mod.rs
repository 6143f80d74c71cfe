//! Channels: public and private channels of a team, direct and group messages, and their
//! members.

pub(crate) mod categories;
mod convert;
pub(crate) mod direct;
mod members;
mod search;

pub use convert::GroupConversion;
pub use members::{ChannelMemberUpdate, MemberSchemeRoles};
pub use search::{AllChannels, ChannelsAnswer};

use stoa_model::channel::{
    CHANNEL_DIRECT, CHANNEL_GROUP, CHANNEL_OPEN, CHANNEL_PRIVATE, Channel, ChannelPatch,
    ChannelStats, ChannelWithTeamData, TOWN_SQUARE,
};
use stoa_model::validate::{self, rune_len};
use stoa_model::{new_id, now_ms};
use stoa_store::{ChannelListQuery, OptionalExt, StoreError};

use crate::events::{Event, MembershipChange};
use crate::posts::SystemMessage;
use crate::{Actor, Core, Error, ErrorKind, Page, Result, StoreResultExt, perm};

/// A fresh channel row.
pub(crate) fn new_channel(
    team_id: &str,
    kind: &str,
    name: &str,
    display_name: &str,
    creator: &str,
) -> Channel {
    let now = now_ms();
    Channel {
        id: new_id(),
        create_at: now,
        update_at: now,
        team_id: team_id.to_owned(),
        channel_type: kind.to_owned(),
        name: name.to_owned(),
        display_name: display_name.to_owned(),
        creator_id: creator.to_owned(),
        ..Default::default()
    }
}

pub(crate) use members::add_member_row;

/// Which channels a listing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamChannelList {
    /// `GET /teams/{id}/channels`: public, live.
    Public,
    /// `GET /teams/{id}/channels/deleted`: archived public, and archived private the actor is in.
    Deleted,
    /// `GET /teams/{id}/channels/private`: private, for admins.
    Private,
}

impl Core {
    /// Whether the actor holds `p` in the channel: through system roles, channel membership roles
    /// or the roles of their membership in the channel's team.
    pub(crate) async fn has_channel_permission(
        &self,
        actor: &Actor,
        channel: &Channel,
        p: perm::Permission,
    ) -> Result<bool> {
        if actor.can(p) {
            return Ok(true);
        }
        if actor.user_id().is_empty() {
            return Ok(false);
        }
        if let Some(m) = self
            .store
            .get_channel_member(&channel.id, actor.user_id())
            .await
            .optional()?
            && perm::roles_grant(&m.roles, p)
        {
            return Ok(true);
        }
        if !channel.team_id.is_empty() {
            return self.has_team_permission(actor, &channel.team_id, p).await;
        }
        Ok(false)
    }

    pub(crate) async fn require_channel(
        &self,
        actor: &Actor,
        channel: &Channel,
        p: perm::Permission,
    ) -> Result<()> {
        if self.has_channel_permission(actor, channel, p).await? {
            Ok(())
        } else {
            Err(Error::forbidden(p.0))
        }
    }

    /// Reading a channel: members, or anyone in the team for a public channel.
    pub(crate) async fn require_channel_read(
        &self,
        actor: &Actor,
        channel: &Channel,
    ) -> Result<()> {
        if self
            .has_channel_permission(actor, channel, perm::READ_CHANNEL)
            .await?
        {
            return Ok(());
        }
        if channel.is_open()
            && self
                .has_team_permission(actor, &channel.team_id, perm::READ_PUBLIC_CHANNEL)
                .await?
        {
            return Ok(());
        }
        Err(Error::forbidden(perm::READ_CHANNEL.0))
    }

    pub(crate) async fn load_channel(&self, id: &str) -> Result<Channel> {
        self.store.get_channel(id).await.or_not_found("channel")
    }

    /// `POST /channels`: a public or private channel; the creator becomes its admin.
    pub async fn create_channel(&self, actor: &Actor, mut ch: Channel) -> Result<Channel> {
        let p = match ch.channel_type.as_str() {
            CHANNEL_OPEN => perm::CREATE_PUBLIC_CHANNEL,
            CHANNEL_PRIVATE => perm::CREATE_PRIVATE_CHANNEL,
            CHANNEL_DIRECT | CHANNEL_GROUP => {
                return Err(Error::new(
                    ErrorKind::BadRequest,
                    "api.channel.create_channel.direct_channel.app_error",
                    "Must use createDirectChannel API service for direct message channel creation.",
                ));
            }
            _ => return Err(Error::invalid("channel", "type", "Invalid type.")),
        };
        if ch.team_id.is_empty() {
            return Err(Error::invalid_body_param("team_id"));
        }
        let team = self
            .store
            .get_team(&ch.team_id)
            .await
            .or_not_found("team")?;
        self.require_team(actor, &team.id, p).await?;
        if team.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.create_channel.team_archived.app_error",
                "The team is archived.",
            ));
        }
        let now = now_ms();
        ch.id = new_id();
        ch.create_at = now;
        ch.update_at = now;
        ch.delete_at = 0;
        ch.creator_id = actor.user_id().to_owned();
        ch.last_post_at = 0;
        ch.total_msg_count = 0;
        ch.total_msg_count_root = 0;
        ch.last_root_post_at = 0;
        ch.extra_update_at = 0;
        ch.scheme_id = None;
        ch.name = ch.name.trim().to_owned();
        validate_channel(&ch)?;
        let max = self.settings().team_settings.max_channels_per_team;
        let existing = ChannelListQuery {
            team_id: team.id.clone(),
            types: vec![CHANNEL_OPEN.into(), CHANNEL_PRIVATE.into()],
            include_deleted: true,
            limit: max,
            ..Default::default()
        };
        if self.store.list_channels(&existing).await?.len() as i64 >= max {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.create_channel.max_channel_limit.app_error",
                "Unable to create more channels for this team.",
            ));
        }
        let tx = self.store.begin().await?;
        tx.insert_channel(&ch).await.map_err(channel_conflict)?;
        if !actor.user_id().is_empty() {
            add_member_row(tx.as_ref(), &ch, actor.user_id(), true).await?;
        }
        tx.commit().await?;
        self.publish(
            Event::new("channel_created")
                .with("channel_id", ch.id.clone())
                .with("team_id", ch.team_id.clone())
                .to_user(actor.user_id())
                .with_membership(MembershipChange::ChannelJoined {
                    channel_id: ch.id.clone(),
                    team_id: ch.team_id.clone(),
                    user_ids: vec![actor.user_id().to_owned()],
                }),
        );
        Ok(ch)
    }

    /// `GET /channels/{id}`.
    pub async fn get_channel(&self, actor: &Actor, id: &str) -> Result<Channel> {
        let ch = self.load_channel(id).await?;
        self.require_channel_read(actor, &ch).await?;
        Ok(ch)
    }

    /// `GET /teams/{team_id}/channels/name/{name}`: private channels the actor cannot read look
    /// absent, so their names do not leak.
    pub async fn get_channel_by_name(
        &self,
        actor: &Actor,
        team_id: &str,
        name: &str,
        include_deleted: bool,
    ) -> Result<Channel> {
        let not_found = || {
            Error::new(
                ErrorKind::NotFound,
                "app.channel.get_by_name.missing.app_error",
                "Channel does not exist.",
            )
        };
        let ch = self
            .store
            .get_channel_by_name(team_id, name)
            .await
            .optional()?
            .ok_or_else(not_found)?;
        if ch.delete_at > 0 && !include_deleted {
            return Err(not_found());
        }
        if ch.is_open() {
            self.require_team(actor, team_id, perm::READ_PUBLIC_CHANNEL)
                .await?;
        } else if !self
            .has_channel_permission(actor, &ch, perm::READ_CHANNEL)
            .await?
        {
            return Err(not_found());
        }
        Ok(ch)
    }

    /// `GET /teams/name/{team_name}/channels/name/{channel_name}`.
    pub async fn get_channel_by_names(
        &self,
        actor: &Actor,
        team_name: &str,
        name: &str,
        include_deleted: bool,
    ) -> Result<Channel> {
        let team = self
            .store
            .get_team_by_name(team_name)
            .await
            .or_not_found("team")?;
        self.get_channel_by_name(actor, &team.id, name, include_deleted)
            .await
    }

    /// The team listings of channels.
    pub async fn list_team_channels(
        &self,
        actor: &Actor,
        team_id: &str,
        which: TeamChannelList,
        page: Page,
    ) -> Result<Vec<Channel>> {
        let mut q = ChannelListQuery {
            team_id: team_id.to_owned(),
            offset: page.offset(),
            limit: page.limit(),
            ..Default::default()
        };
        match which {
            TeamChannelList::Public => {
                self.require_team(actor, team_id, perm::LIST_TEAM_CHANNELS)
                    .await?;
                q.types = vec![CHANNEL_OPEN.into()];
            }
            TeamChannelList::Deleted => {
                self.require_team(actor, team_id, perm::LIST_TEAM_CHANNELS)
                    .await?;
                q.types = vec![CHANNEL_OPEN.into()];
                q.only_deleted = true;
                let mut public = self.store.list_channels(&q).await?;
                if !actor.user_id().is_empty() {
                    let private = ChannelListQuery {
                        types: vec![CHANNEL_PRIVATE.into()],
                        member_of: Some(actor.user_id().to_owned()),
                        ..q.clone()
                    };
                    public.extend(self.store.list_channels(&private).await?);
                }
                return Ok(public);
            }
            TeamChannelList::Private => {
                if !actor.can(perm::MANAGE_SYSTEM) {
                    return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
                }
                q.types = vec![CHANNEL_PRIVATE.into()];
            }
        }
        Ok(self.store.list_channels(&q).await?)
    }

    /// `POST /teams/{team_id}/channels/ids`: the public channels among `ids`, and private ones the
    /// actor can read.
    pub async fn get_team_channels_by_ids(
        &self,
        actor: &Actor,
        team_id: &str,
        ids: &[String],
    ) -> Result<Vec<Channel>> {
        crate::users::check_batch(ids, "channel_ids")?;
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let mut out = Vec::new();
        for ch in self.store.get_channels_by_ids(ids).await? {
            if ch.team_id == team_id
                && (ch.is_open()
                    || self
                        .has_channel_permission(actor, &ch, perm::READ_CHANNEL)
                        .await?)
            {
                out.push(ch);
            }
        }
        Ok(out)
    }

    /// `POST /teams/{team_id}/channels/search` and `GET …/autocomplete`: public channels of the
    /// team, plus (for autocomplete) private ones the actor is in.
    pub async fn search_team_channels(
        &self,
        actor: &Actor,
        team_id: &str,
        term: &str,
        include_private: bool,
        include_deleted: bool,
        limit: i64,
    ) -> Result<Vec<Channel>> {
        self.require_team(actor, team_id, perm::LIST_TEAM_CHANNELS)
            .await?;
        let limit = if limit <= 0 { 50 } else { limit.min(100) };
        let base = ChannelListQuery {
            team_id: team_id.to_owned(),
            types: vec![CHANNEL_OPEN.into()],
            include_deleted: include_deleted
                && self
                    .settings()
                    .team_settings
                    .experimental_view_archived_channels,
            term: Some(term.to_owned()),
            limit,
            ..Default::default()
        };
        let mut found = self.store.list_channels(&base).await?;
        if include_private && !actor.user_id().is_empty() {
            let private = ChannelListQuery {
                types: vec![CHANNEL_PRIVATE.into()],
                member_of: Some(actor.user_id().to_owned()),
                ..base
            };
            found.extend(self.store.list_channels(&private).await?);
        }
        found.sort_by(|a, b| {
            a.display_name
                .to_lowercase()
                .cmp(&b.display_name.to_lowercase())
        });
        found.truncate(usize::try_from(limit).unwrap_or(50));
        Ok(found)
    }

    /// `GET /teams/{team_id}/channels/search_autocomplete`: channels the actor is a member of.
    pub async fn search_my_channels(
        &self,
        actor: &Actor,
        team_id: &str,
        term: &str,
    ) -> Result<Vec<Channel>> {
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let q = ChannelListQuery {
            team_id: team_id.to_owned(),
            types: vec![CHANNEL_OPEN.into(), CHANNEL_PRIVATE.into()],
            member_of: Some(actor.user_id().to_owned()),
            term: Some(term.to_owned()),
            limit: 50,
            ..Default::default()
        };
        Ok(self.store.list_channels(&q).await?)
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels`: the team's channels the user is in, plus
    /// direct and group messages.
    pub async fn get_channels_for_user(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        include_deleted: bool,
        last_delete_at: i64,
    ) -> Result<Vec<Channel>> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        Ok(self
            .store
            .get_channels_for_user(user_id, Some(team_id), include_deleted, last_delete_at)
            .await?)
    }

    /// `GET /users/{user_id}/channels`: every channel of the user, with team names.
    pub async fn get_all_channels_for_user(
        &self,
        actor: &Actor,
        user_id: &str,
        include_deleted: bool,
        last_delete_at: i64,
    ) -> Result<Vec<ChannelWithTeamData>> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        let channels = self
            .store
            .get_channels_for_user(user_id, None, include_deleted, last_delete_at)
            .await?;
        self.with_team_data(channels).await
    }

    /// The permission to change a channel's properties: by type, and plain membership for
    /// direct and group messages (whose header anyone in them may set).
    async fn require_manage_properties(&self, actor: &Actor, ch: &Channel) -> Result<()> {
        match ch.channel_type.as_str() {
            CHANNEL_OPEN => {
                self.require_channel(actor, ch, perm::MANAGE_PUBLIC_CHANNEL_PROPERTIES)
                    .await
            }
            CHANNEL_PRIVATE => {
                self.require_channel(actor, ch, perm::MANAGE_PRIVATE_CHANNEL_PROPERTIES)
                    .await
            }
            _ => self.require_channel(actor, ch, perm::READ_CHANNEL).await,
        }
    }

    /// `PUT /channels/{id}/patch`.
    pub async fn patch_channel(
        &self,
        actor: &Actor,
        id: &str,
        patch: ChannelPatch,
    ) -> Result<Channel> {
        let mut ch = self.load_channel(id).await?;
        self.require_manage_properties(actor, &ch).await?;
        let before = ch.clone();
        if ch.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.patch_update_channel.forbidden.app_error",
                "Failed to patch the channel: it is archived.",
            ));
        }
        if ch.is_direct_or_group() && (patch.name.is_some() || patch.display_name.is_some()) {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.patch_update_channel.forbidden.app_error",
                "The name of a direct or group message cannot be changed.",
            ));
        }
        if let Some(name) = patch.name {
            if ch.name == TOWN_SQUARE && name != ch.name {
                return Err(Error::new(
                    ErrorKind::BadRequest,
                    "api.channel.update_channel.tried.app_error",
                    "Tried to perform an invalid update of the default channel town-square",
                ));
            }
            ch.name = name;
        }
        if let Some(v) = patch.display_name {
            ch.display_name = v;
        }
        if let Some(v) = patch.header {
            ch.header = v;
        }
        if let Some(v) = patch.purpose {
            ch.purpose = v;
        }
        if let Some(v) = patch.group_constrained {
            ch.group_constrained = Some(v);
        }
        let saved = self.save_channel(ch).await?;
        self.announce_changes(actor, &before, &saved).await?;
        Ok(saved)
    }

    /// System messages for a changed header, purpose or display name.
    async fn announce_changes(
        &self,
        actor: &Actor,
        before: &Channel,
        after: &Channel,
    ) -> Result<()> {
        let Some(by) = self.store.get_user(actor.user_id()).await.optional()? else {
            return Ok(());
        };
        let mut msgs = Vec::new();
        if before.header != after.header {
            msgs.push(SystemMessage::header_changed(
                &by,
                &before.header,
                &after.header,
            ));
        }
        if before.purpose != after.purpose {
            msgs.push(SystemMessage::purpose_changed(
                &by,
                &before.purpose,
                &after.purpose,
            ));
        }
        if before.display_name != after.display_name {
            msgs.push(SystemMessage::display_name_changed(
                &by,
                &before.display_name,
                &after.display_name,
            ));
        }
        let mut last = 0;
        for m in msgs {
            last = self
                .post_system_message_after(after, &by.id, m, last)
                .await?
                .create_at;
        }
        Ok(())
    }

    /// `PUT /channels/{id}`: the whole channel; only editable fields are taken.
    pub async fn update_channel(&self, actor: &Actor, id: &str, body: Channel) -> Result<Channel> {
        if body.id != id {
            return Err(Error::invalid_param("channel_id"));
        }
        let patch = ChannelPatch {
            display_name: Some(body.display_name),
            name: Some(body.name),
            header: Some(body.header),
            purpose: Some(body.purpose),
            group_constrained: body.group_constrained,
        };
        let current = self.load_channel(id).await?;
        let patch = if current.is_direct_or_group() {
            ChannelPatch {
                name: None,
                display_name: None,
                ..patch
            }
        } else {
            patch
        };
        self.patch_channel(actor, id, patch).await
    }

    async fn save_channel(&self, mut ch: Channel) -> Result<Channel> {
        ch.update_at = now_ms();
        ch.name = ch.name.trim().to_owned();
        validate_channel(&ch)?;
        self.store
            .update_channel(&ch)
            .await
            .map_err(channel_conflict)?;
        self.publish(
            Event::new("channel_updated")
                .with_json_string("channel", &ch)
                .to_channel(&ch.id),
        );
        Ok(ch)
    }

    /// `DELETE /channels/{id}`: archives the channel.
    pub async fn delete_channel(&self, actor: &Actor, id: &str, permanent: bool) -> Result<()> {
        let mut ch = self.load_channel(id).await?;
        if ch.is_direct_or_group() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.delete_channel.type.invalid",
                "Cannot delete direct or group message channels",
            ));
        }
        let p = if ch.is_open() {
            perm::DELETE_PUBLIC_CHANNEL
        } else {
            perm::DELETE_PRIVATE_CHANNEL
        };
        self.require_channel(actor, &ch, p).await?;
        if ch.name == TOWN_SQUARE {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.delete_channel.cannot.app_error",
                "Unable to delete the default channel town-square",
            ));
        }
        if permanent {
            if !self.settings().service_settings.enable_api_channel_deletion
                || !actor.can(perm::MANAGE_SYSTEM)
            {
                return Err(Error::new(
                    ErrorKind::Unauthorized,
                    "api.channel.delete_channel.permanent.app_error",
                    "Permanent channel deletion through the API is disabled.",
                ));
            }
            self.store.delete_channel_permanently(id).await?;
        } else {
            if ch.delete_at > 0 {
                return Err(Error::new(
                    ErrorKind::BadRequest,
                    "api.channel.delete_channel.deleted.app_error",
                    "The channel has been archived or deleted.",
                ));
            }
            if let Some(by) = self.store.get_user(actor.user_id()).await.optional()? {
                self.post_system_message(&ch, &by.id, SystemMessage::archived(&by))
                    .await?;
            }
            ch.delete_at = now_ms();
            ch.update_at = ch.delete_at;
            self.store.update_channel(&ch).await?;
        }
        let ev = Event::new("channel_deleted")
            .with("channel_id", ch.id.clone())
            .with("delete_at", ch.delete_at);
        self.publish(if ch.is_open() {
            ev.to_team(&ch.team_id)
        } else {
            ev.to_channel(&ch.id)
        });
        Ok(())
    }

    /// `POST /channels/{id}/restore`.
    pub async fn restore_channel(&self, actor: &Actor, id: &str) -> Result<Channel> {
        let mut ch = self.load_channel(id).await?;
        if ch.is_direct_or_group() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.restore_channel.type.invalid",
                "Cannot restore direct or group message channels",
            ));
        }
        self.require_team(actor, &ch.team_id, perm::MANAGE_TEAM)
            .await?;
        if ch.delete_at == 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.restore_channel.restored.app_error",
                "Unable to unarchive channel. The channel is not archived.",
            ));
        }
        ch.delete_at = 0;
        ch.update_at = now_ms();
        self.store.update_channel(&ch).await?;
        if let Some(by) = self.store.get_user(actor.user_id()).await.optional()? {
            self.post_system_message(&ch, &by.id, SystemMessage::restored(&by))
                .await?;
        }
        let ev = Event::new("channel_restored").with("channel_id", ch.id.clone());
        self.publish(if ch.is_open() {
            ev.to_team(&ch.team_id)
        } else {
            ev.to_channel(&ch.id)
        });
        Ok(ch)
    }

    /// `PUT /channels/{id}/privacy` with `O` or `P`.
    pub async fn set_channel_privacy(
        &self,
        actor: &Actor,
        id: &str,
        privacy: &str,
    ) -> Result<Channel> {
        let mut ch = self.load_channel(id).await?;
        let p = match (ch.channel_type.as_str(), privacy) {
            (CHANNEL_OPEN, CHANNEL_PRIVATE) => perm::CONVERT_PUBLIC_CHANNEL_TO_PRIVATE,
            (CHANNEL_PRIVATE, CHANNEL_OPEN) => perm::CONVERT_PRIVATE_CHANNEL_TO_PUBLIC,
            (a, b) if a == b && !ch.is_direct_or_group() => return Ok(ch),
            _ => return Err(Error::invalid_param("privacy")),
        };
        self.require_channel(actor, &ch, p).await?;
        if ch.name == TOWN_SQUARE {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.convert_channel_to_private.default_channel_error",
                "This default channel cannot be converted into a private channel.",
            ));
        }
        ch.channel_type = privacy.to_owned();
        let ch = self.save_channel(ch).await?;
        if let Some(by) = self.store.get_user(actor.user_id()).await.optional()? {
            let msg = if privacy == CHANNEL_PRIVATE {
                SystemMessage::made_private(&by)
            } else {
                SystemMessage::made_public(&by)
            };
            self.post_system_message(&ch, &by.id, msg).await?;
        }
        if privacy == CHANNEL_PRIVATE {
            self.publish(
                Event::new("channel_converted")
                    .with("channel_id", ch.id.clone())
                    .to_team(&ch.team_id),
            );
        }
        Ok(ch)
    }

    /// `GET /channels/{id}/stats`.
    pub async fn channel_stats(&self, actor: &Actor, id: &str) -> Result<ChannelStats> {
        let ch = self.load_channel(id).await?;
        self.require_channel_read(actor, &ch).await?;
        Ok(ChannelStats {
            channel_id: ch.id,
            member_count: self.store.count_channel_members(id).await?,
            pinnedpost_count: self.store.count_pinned_posts(id).await?,
            files_count: self.store.count_channel_files(id).await?,
            ..Default::default()
        })
    }

    /// `GET /channels/{id}/timezones`: the distinct time zones of the members.
    pub async fn channel_timezones(&self, actor: &Actor, id: &str) -> Result<Vec<String>> {
        let ch = self.load_channel(id).await?;
        self.require_channel_read(actor, &ch).await?;
        let mut zones = std::collections::BTreeSet::new();
        let mut offset = 0;
        loop {
            let members = self.store.get_channel_members(id, offset, 500).await?;
            let ids: Vec<String> = members.iter().map(|m| m.user_id.clone()).collect();
            for u in self.store.get_users_by_ids(&ids).await? {
                let tz = &u.timezone;
                let zone = if tz.get("useAutomaticTimezone").map(String::as_str) == Some("true") {
                    tz.get("automaticTimezone")
                } else {
                    tz.get("manualTimezone")
                };
                if let Some(z) = zone.filter(|z| !z.is_empty()) {
                    zones.insert(z.clone());
                }
            }
            if members.len() < 500 {
                break;
            }
            offset += 500;
        }
        Ok(zones.into_iter().collect())
    }
}

/// Mattermost's `Channel.IsValid`, with its error ids.
pub(crate) fn validate_channel(c: &Channel) -> Result<()> {
    if c.is_direct_or_group() {
        // Names of direct and group messages are made by the server.
    } else if !validate::is_valid_channel_name(&c.name) {
        return Err(Error::invalid(
            "channel",
            "2",
            "Name must be 2 or more lowercase alphanumeric characters",
        )
        .with_detail(format!("name={}", c.name)));
    }
    if rune_len(&c.display_name) > validate::CHANNEL_DISPLAY_NAME_MAX_RUNES {
        return Err(Error::invalid(
            "channel",
            "display_name",
            "Invalid display name",
        ));
    }
    if !c.is_direct_or_group() && c.display_name.trim().is_empty() {
        return Err(Error::invalid(
            "channel",
            "display_name",
            "Invalid display name",
        ));
    }
    if rune_len(&c.header) > validate::CHANNEL_HEADER_MAX_RUNES {
        return Err(Error::invalid("channel", "header", "Invalid header"));
    }
    if rune_len(&c.purpose) > validate::CHANNEL_PURPOSE_MAX_RUNES {
        return Err(Error::invalid("channel", "purpose", "Invalid purpose"));
    }
    if c.props
        .as_ref()
        .is_some_and(|p| p.to_string().len() > 64 * 1024)
    {
        return Err(Error::invalid(
            "channel",
            "props",
            "Too much data in props.",
        ));
    }
    Ok(())
}

/// A taken channel name becomes Mattermost's "exists" error.
fn channel_conflict(e: StoreError) -> Error {
    match e {
        StoreError::Conflict { .. } => Error::new(
            ErrorKind::BadRequest,
            "store.sql_channel.save_channel.exists.app_error",
            "A channel with that name already exists on the same team",
        ),
        other => other.into(),
    }
}
