//! Channel membership: join, leave, add, remove, roles, notify props and read state.

use stoa_model::StringMap;
use stoa_model::channel::{
    CHANNEL_DIRECT, Channel, ChannelMember, ChannelUnread, ChannelViewResponse, TOWN_SQUARE,
    default_member_notify_props,
};
use stoa_model::now_ms;
use stoa_store::{OptionalExt, Repos, StoreError};

use crate::events::{Event, MembershipChange};
use crate::posts::SystemMessage;
use crate::{Actor, Core, Error, ErrorKind, Page, Result, StoreResultExt, perm};

/// Body of `PUT /channels/{id}/members/{user_id}/schemeRoles`.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemberSchemeRoles {
    pub scheme_admin: bool,
    pub scheme_user: bool,
    pub scheme_guest: bool,
}

/// What changed in a membership, for `channel_member_updated`.
pub type ChannelMemberUpdate = ChannelMember;

/// Inserts a membership row unless the user is already a member; returns whether it did.
/// Unread counters start at zero: what was posted before the user joined shows as unread, as in
/// Mattermost.
pub(crate) async fn add_member_row(
    repos: &dyn Repos,
    ch: &Channel,
    user_id: &str,
    admin: bool,
) -> Result<bool> {
    if repos
        .get_channel_member(&ch.id, user_id)
        .await
        .optional()?
        .is_some()
    {
        return Ok(false);
    }
    let user = repos.get_user(user_id).await.or_not_found("user")?;
    let guest = user.has_role(stoa_model::role::SYSTEM_GUEST);
    let member = ChannelMember {
        channel_id: ch.id.clone(),
        user_id: user_id.to_owned(),
        notify_props: default_member_notify_props(),
        last_update_at: now_ms(),
        scheme_guest: guest,
        scheme_user: !guest,
        scheme_admin: admin && !ch.is_direct_or_group(),
        ..Default::default()
    };
    match repos.insert_channel_member(&member).await {
        Ok(()) => Ok(true),
        // Two joins racing: the other one won, which is the same outcome.
        Err(StoreError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

impl Core {
    /// `user_added` to the channel's other members and to the user, as Mattermost sends it.
    /// The first carries the membership change hubs route by.
    pub(crate) fn publish_user_added(&self, ch: &Channel, user_id: &str) {
        let joined = MembershipChange::ChannelJoined {
            channel_id: ch.id.clone(),
            team_id: ch.team_id.clone(),
            user_ids: vec![user_id.to_owned()],
        };
        let ev = || {
            Event::new("user_added")
                .with("user_id", user_id)
                .with("team_id", ch.team_id.clone())
        };
        self.publish(
            ev().to_channel(&ch.id)
                .omitting(user_id)
                .with_membership(joined),
        );
        self.publish(ev().to_user(user_id).to_channel(&ch.id));
    }

    /// `POST /channels/{id}/members`: joins the actor to a public channel, or adds someone.
    pub async fn add_channel_member(
        &self,
        actor: &Actor,
        channel_id: &str,
        user_id: &str,
    ) -> Result<ChannelMember> {
        let ch = self.load_channel(channel_id).await?;
        if ch.is_direct_or_group() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.add_user_to_channel.type.app_error",
                "Can not add user to this channel type",
            ));
        }
        if ch.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.add_user.to.channel.failed.deleted.app_error",
                "Failed to add user to channel because the channel has been archived.",
            ));
        }
        let joining_self = actor.is(user_id);
        let allowed = if ch.is_open() && joining_self {
            self.has_team_permission(actor, &ch.team_id, perm::JOIN_PUBLIC_CHANNELS)
                .await?
        } else if ch.is_open() {
            self.has_channel_permission(actor, &ch, perm::MANAGE_PUBLIC_CHANNEL_MEMBERS)
                .await?
        } else {
            self.has_channel_permission(actor, &ch, perm::MANAGE_PRIVATE_CHANNEL_MEMBERS)
                .await?
        };
        if !allowed {
            let p = if ch.is_open() {
                perm::MANAGE_PUBLIC_CHANNEL_MEMBERS
            } else {
                perm::MANAGE_PRIVATE_CHANNEL_MEMBERS
            };
            return Err(Error::forbidden(p.0));
        }
        let user = self.store.get_user(user_id).await.or_not_found("user")?;
        if user.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.add_user.to.channel.failed.deleted.app_error",
                "The user is deactivated.",
            ));
        }
        if self.team_member_of(&ch.team_id, user_id).await?.is_none() {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.channel.add_user.to.channel.failed.app_error",
                "Failed to add user to channel: the user is not a member of the team.",
            ));
        }
        let added = add_member_row(self.store.as_ref(), &ch, user_id, false).await?;
        if added {
            self.mention_cache.forget_channel(&ch.id);
            self.publish_user_added(&ch, user_id);
            let msg = if joining_self {
                SystemMessage::joined_channel(&user)
            } else {
                let by = self
                    .store
                    .get_user(actor.user_id())
                    .await
                    .or_not_found("user")?;
                SystemMessage::added_to_channel(&by, &user)
            };
            self.post_system_message(&ch, actor.user_id(), msg).await?;
        }
        self.store
            .get_channel_member(channel_id, user_id)
            .await
            .or_not_found("channel_member")
    }

    /// `DELETE /channels/{id}/members/{user_id}`: leaving, or removing someone.
    pub async fn remove_channel_member(
        &self,
        actor: &Actor,
        channel_id: &str,
        user_id: &str,
    ) -> Result<()> {
        let ch = self.load_channel(channel_id).await?;
        if ch.channel_type == CHANNEL_DIRECT {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.remove.direct.app_error",
                "Unable to remove user from a direct message channel",
            ));
        }
        // Nobody leaves town-square: it is how a team reaches everyone.
        if ch.name == TOWN_SQUARE {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.remove.default.app_error",
                "Unable to remove user from the default channel town-square",
            ));
        }
        if !actor.is(user_id) {
            let p = if ch.is_open() {
                perm::MANAGE_PUBLIC_CHANNEL_MEMBERS
            } else {
                perm::MANAGE_PRIVATE_CHANNEL_MEMBERS
            };
            if ch.is_direct_or_group() || !self.has_channel_permission(actor, &ch, p).await? {
                return Err(Error::forbidden(p.0));
            }
        }
        match self.store.delete_channel_member(channel_id, user_id).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => return Err(Error::not_found("channel_member")),
            Err(e) => return Err(e.into()),
        }
        self.mention_cache.forget_channel(channel_id);
        if let Some(user) = self.store.get_user(user_id).await.optional()? {
            let msg = if actor.is(user_id) {
                SystemMessage::left_channel(&user)
            } else {
                SystemMessage::removed_from_channel(&user)
            };
            self.post_system_message(&ch, actor.user_id(), msg).await?;
        }
        self.publish(
            Event::new("user_removed")
                .with("user_id", user_id)
                .with("remover_id", actor.user_id())
                .to_channel(channel_id)
                .with_membership(MembershipChange::ChannelLeft {
                    channel_id: channel_id.to_owned(),
                    user_id: user_id.to_owned(),
                }),
        );
        self.publish(
            Event::new("user_removed")
                .with("channel_id", channel_id)
                .with("remover_id", actor.user_id())
                .to_user(user_id),
        );
        Ok(())
    }

    /// `GET /channels/{id}/members`.
    pub async fn get_channel_members(
        &self,
        actor: &Actor,
        channel_id: &str,
        page: Page,
    ) -> Result<Vec<ChannelMember>> {
        let ch = self.load_channel(channel_id).await?;
        self.require_channel_read(actor, &ch).await?;
        Ok(self
            .store
            .get_channel_members(channel_id, page.offset(), page.limit())
            .await?)
    }

    /// `POST /channels/{id}/members/ids`.
    pub async fn get_channel_members_by_ids(
        &self,
        actor: &Actor,
        channel_id: &str,
        ids: &[String],
    ) -> Result<Vec<ChannelMember>> {
        crate::users::check_batch(ids, "user_ids")?;
        let ch = self.load_channel(channel_id).await?;
        self.require_channel_read(actor, &ch).await?;
        Ok(self
            .store
            .get_channel_members_by_ids(channel_id, ids)
            .await?)
    }

    /// `GET /channels/{id}/members/{user_id}`.
    pub async fn get_channel_member(
        &self,
        actor: &Actor,
        channel_id: &str,
        user_id: &str,
    ) -> Result<ChannelMember> {
        let ch = self.load_channel(channel_id).await?;
        self.require_channel_read(actor, &ch).await?;
        self.store
            .get_channel_member(channel_id, user_id)
            .await
            .or_not_found("channel_member")
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels/members`.
    pub async fn get_channel_members_for_user(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
    ) -> Result<Vec<ChannelMember>> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        Ok(self
            .store
            .get_channel_members_for_user(user_id, Some(team_id))
            .await?)
    }

    /// `PUT /channels/{id}/members/{user_id}/roles`.
    pub async fn update_channel_member_roles(
        &self,
        actor: &Actor,
        channel_id: &str,
        user_id: &str,
        roles: &str,
    ) -> Result<()> {
        let mut r = MemberSchemeRoles::default();
        for role in roles.split_whitespace() {
            match role {
                "channel_user" => r.scheme_user = true,
                "channel_admin" => r.scheme_admin = true,
                "channel_guest" => r.scheme_guest = true,
                _ => {
                    return Err(Error::new(
                        ErrorKind::BadRequest,
                        "api.channel.update_channel_member_roles.unset_user_scheme.app_error",
                        "Invalid channel roles.",
                    ));
                }
            }
        }
        self.update_channel_member_scheme_roles(actor, channel_id, user_id, r)
            .await
    }

    /// `PUT /channels/{id}/members/{user_id}/schemeRoles`.
    pub async fn update_channel_member_scheme_roles(
        &self,
        actor: &Actor,
        channel_id: &str,
        user_id: &str,
        r: MemberSchemeRoles,
    ) -> Result<()> {
        let ch = self.load_channel(channel_id).await?;
        if ch.is_direct_or_group() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.update_channel_member_roles.changing_guest_role.app_error",
                "Roles of direct and group message members cannot change.",
            ));
        }
        self.require_channel(actor, &ch, perm::MANAGE_CHANNEL_ROLES)
            .await?;
        if r.scheme_guest && (r.scheme_user || r.scheme_admin) || !(r.scheme_guest || r.scheme_user)
        {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.update_channel_member_roles.unset_user_scheme.app_error",
                "Invalid channel roles.",
            ));
        }
        let mut m = self
            .store
            .get_channel_member(channel_id, user_id)
            .await
            .or_not_found("channel_member")?;
        m.scheme_admin = r.scheme_admin;
        m.scheme_user = r.scheme_user;
        m.scheme_guest = r.scheme_guest;
        m.last_update_at = now_ms();
        let m = m.with_computed_roles();
        self.store.update_channel_member(&m).await?;
        self.mention_cache.forget_channel(&m.channel_id);
        self.publish_member_updated(&m);
        Ok(())
    }

    pub(crate) fn publish_member_updated(&self, m: &ChannelMember) {
        self.publish(
            Event::new("channel_member_updated")
                .with_json_string("channelMember", m)
                .to_user(&m.user_id),
        );
    }

    /// `PUT /channels/{id}/members/{user_id}/notify_props`: merges the given keys.
    pub async fn update_channel_member_notify_props(
        &self,
        actor: &Actor,
        channel_id: &str,
        user_id: &str,
        props: StringMap,
    ) -> Result<()> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        validate_notify_props(&props)?;
        let mut m = self
            .store
            .get_channel_member(channel_id, user_id)
            .await
            .or_not_found("channel_member")?;
        m.notify_props.extend(props);
        m.last_update_at = now_ms();
        self.store.update_channel_member(&m).await?;
        self.mention_cache.forget_channel(&m.channel_id);
        self.publish_member_updated(&m);
        Ok(())
    }

    /// `POST /channels/members/{user_id}/view`: marks the channel (and the one the user left)
    /// read.
    pub async fn view_channel(
        &self,
        actor: &Actor,
        user_id: &str,
        channel_id: &str,
        prev_channel_id: &str,
    ) -> Result<ChannelViewResponse> {
        if !actor.is(user_id) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        let ids: Vec<String> = [channel_id, prev_channel_id]
            .into_iter()
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect();
        let mut resp = ChannelViewResponse {
            status: "OK".into(),
            ..Default::default()
        };
        if ids.is_empty() {
            return Ok(resp);
        }
        let now = now_ms();
        // The phones show this channel's pushes until it is read: clear them when it had any.
        let had_mentions = if !channel_id.is_empty() && self.pushes_on() {
            self.store
                .get_channel_member(channel_id, user_id)
                .await
                .optional()?
                .is_some_and(|m| m.mention_count > 0)
        } else {
            false
        };
        let updated = self.store.mark_channels_viewed(user_id, &ids, now).await?;
        if had_mentions {
            self.clear_push(user_id, channel_id, "", &actor.session.id);
        }
        for id in &updated {
            resp.last_viewed_at_times.insert(id.clone(), now);
        }
        if !channel_id.is_empty()
            && updated.iter().any(|u| u == channel_id)
            && self
                .settings()
                .service_settings
                .enable_channel_viewed_messages
        {
            self.publish(
                Event::new("channel_viewed")
                    .with("channel_id", channel_id)
                    .to_user(user_id),
            );
        }
        if !updated.is_empty() {
            let times: serde_json::Map<String, serde_json::Value> = resp
                .last_viewed_at_times
                .iter()
                .map(|(k, v)| (k.clone(), (*v).into()))
                .collect();
            self.publish(
                Event::new("multiple_channels_viewed")
                    .with("channel_times", times)
                    .to_user(user_id),
            );
        }
        Ok(resp)
    }

    /// `GET /users/{user_id}/channels/{channel_id}/unread`.
    pub async fn channel_unread(
        &self,
        actor: &Actor,
        user_id: &str,
        channel_id: &str,
    ) -> Result<ChannelUnread> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        let ch = self.load_channel(channel_id).await?;
        let m = self
            .store
            .get_channel_member(channel_id, user_id)
            .await
            .or_not_found("channel_member")?;
        Ok(ChannelUnread {
            team_id: ch.team_id,
            channel_id: ch.id,
            msg_count: (ch.total_msg_count - m.msg_count).max(0),
            msg_count_root: (ch.total_msg_count_root - m.msg_count_root).max(0),
            mention_count: m.mention_count,
            mention_count_root: m.mention_count_root,
            urgent_mention_count: m.urgent_mention_count,
            notify_props: m.notify_props,
        })
    }
}

/// Only the values Mattermost accepts for the keys it understands; other keys pass through.
fn validate_notify_props(props: &StringMap) -> Result<()> {
    let allowed: &[(&str, &[&str])] = &[
        ("desktop", &["default", "all", "mention", "none"]),
        ("push", &["default", "all", "mention", "none"]),
        (
            "email",
            &["default", "all", "mention", "none", "true", "false"],
        ),
        ("mark_unread", &["all", "mention"]),
        ("ignore_channel_mentions", &["default", "off", "on"]),
        ("channel_auto_follow_threads", &["on", "off"]),
    ];
    for (key, values) in allowed {
        if let Some(v) = props.get(*key)
            && !values.contains(&v.as_str())
        {
            return Err(Error::invalid(
                "channel_member",
                "notify_level",
                format!("Invalid {key} notify level."),
            ));
        }
    }
    let size: usize = props.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > 16 * 1024 {
        return Err(Error::invalid_body_param("notify_props"));
    }
    Ok(())
}
