//! Direct messages (two users) and group messages (three to eight).

use sha1::{Digest, Sha1};
use stoa_model::channel::{CHANNEL_DIRECT, CHANNEL_GROUP, Channel};
use stoa_model::user::User;
use stoa_store::{OptionalExt, StoreError};

use super::{add_member_row, new_channel};
use crate::events::{Event, MembershipChange};
use crate::{Actor, Core, Error, ErrorKind, Result, perm};

pub const GROUP_MIN_USERS: usize = 3;
pub const GROUP_MAX_USERS: usize = 8;

/// `<smaller id>__<larger id>`.
pub fn direct_channel_name(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}__{b}")
    } else {
        format!("{b}__{a}")
    }
}

/// Hex SHA-1 of the sorted member ids.
pub fn group_channel_name(ids: &[String]) -> String {
    let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let digest = Sha1::digest(sorted.concat().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Core {
    /// `POST /channels/direct`: returns the existing direct channel or makes it.
    pub async fn create_direct_channel(&self, actor: &Actor, a: &str, b: &str) -> Result<Channel> {
        if !actor.can(perm::CREATE_DIRECT_CHANNEL) {
            return Err(Error::forbidden(perm::CREATE_DIRECT_CHANNEL.0));
        }
        if !actor.is(a) && !actor.is(b) && !actor.can(perm::MANAGE_SYSTEM) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
        }
        let ids: Vec<String> = if a == b {
            vec![a.to_owned()]
        } else {
            vec![a.to_owned(), b.to_owned()]
        };
        let users = self.store.get_users_by_ids(&ids).await?;
        if users.len() != ids.len() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.create_direct_channel.invalid_user.app_error",
                "Invalid user ID for direct channel creation.",
            ));
        }
        self.check_direct_allowed(a, b).await?;
        let name = direct_channel_name(a, b);
        if let Some(existing) = self.store.get_channel_by_name("", &name).await.optional()? {
            return Ok(existing);
        }
        let ch = new_channel("", CHANNEL_DIRECT, &name, "", actor.user_id());
        match self.create_with_members(&ch, &ids).await {
            Ok(()) => {}
            // Both users opened the DM at once: the other request made it.
            Err(StoreError::Conflict { .. }) => {
                return self
                    .store
                    .get_channel_by_name("", &name)
                    .await
                    .map_err(Into::into);
            }
            Err(e) => return Err(e.into()),
        }
        // One event to the channel (both members), as Mattermost: `teammate_id` is the other
        // member as seen by the creator.
        let teammate = if actor.is(a) { b } else { a };
        self.publish(
            Event::new("direct_added")
                .with("creator_id", actor.user_id())
                .with("teammate_id", teammate)
                .to_channel(&ch.id)
                .with_membership(MembershipChange::ChannelJoined {
                    channel_id: ch.id.clone(),
                    team_id: String::new(),
                    user_ids: ids.clone(),
                }),
        );
        Ok(ch)
    }

    /// With `RestrictDirectMessage = team`, direct messages need a shared team.
    async fn check_direct_allowed(&self, a: &str, b: &str) -> Result<()> {
        if a == b || self.settings().team_settings.restrict_direct_message != "team" {
            return Ok(());
        }
        let ta = self.store.get_team_members_for_user(a).await?;
        let tb = self.store.get_team_members_for_user(b).await?;
        if ta.iter().any(|m| tb.iter().any(|n| n.team_id == m.team_id)) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Forbidden,
                "api.channel.create_direct_channel.team_restricted_error",
                "A direct channel can not be created between these users because they do not share a team.",
            ))
        }
    }

    /// `POST /channels/group`: three to eight users, the actor among them.
    pub async fn create_group_channel(
        &self,
        actor: &Actor,
        user_ids: &[String],
    ) -> Result<Channel> {
        if !actor.can(perm::CREATE_GROUP_CHANNEL) {
            return Err(Error::forbidden(perm::CREATE_GROUP_CHANNEL.0));
        }
        let mut ids: Vec<String> = user_ids.to_vec();
        if !actor.user_id().is_empty() && !ids.iter().any(|i| actor.is(i)) {
            ids.push(actor.user_id().to_owned());
        }
        ids.sort_unstable();
        ids.dedup();
        if !(GROUP_MIN_USERS..=GROUP_MAX_USERS).contains(&ids.len()) {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.create_group.bad_size.app_error",
                "Group message channels must contain at least 3 and no more than 8 users.",
            ));
        }
        let mut users = self.store.get_users_by_ids(&ids).await?;
        if users.len() != ids.len() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.channel.create_group.bad_user.app_error",
                "One of the provided users does not exist.",
            ));
        }
        let name = group_channel_name(&ids);
        if let Some(existing) = self.store.get_channel_by_name("", &name).await.optional()? {
            return Ok(existing);
        }
        users.sort_by(|a, b| a.username.cmp(&b.username));
        let display: String = group_display_name(&users);
        let ch = new_channel("", CHANNEL_GROUP, &name, &display, actor.user_id());
        match self.create_with_members(&ch, &ids).await {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => {
                return self
                    .store
                    .get_channel_by_name("", &name)
                    .await
                    .map_err(Into::into);
            }
            Err(e) => return Err(e.into()),
        }
        // One event per member, to that member, as Mattermost sends it.
        let teammates = serde_json::to_string(&ids).unwrap_or_default();
        self.publish(Event::internal(vec![MembershipChange::ChannelJoined {
            channel_id: ch.id.clone(),
            team_id: String::new(),
            user_ids: ids.clone(),
        }]));
        for id in &ids {
            self.publish(
                Event::new("group_added")
                    .with("teammate_ids", teammates.clone())
                    .to_user(id)
                    .to_channel(&ch.id),
            );
        }
        Ok(ch)
    }

    async fn create_with_members(&self, ch: &Channel, ids: &[String]) -> Result<(), StoreError> {
        let tx = self.store.begin().await?;
        tx.insert_channel(ch).await?;
        for id in ids {
            add_member_row(tx.as_ref(), ch, id, false)
                .await
                .map_err(|e| match e.kind {
                    // Still a 503 once it is a core error again.
                    ErrorKind::Unavailable => StoreError::Unavailable(Box::new(e)),
                    _ => StoreError::Backend(Box::new(e)),
                })?;
        }
        tx.commit().await
    }
}

/// Usernames, sorted, joined with ", ", at most 64 characters (as Mattermost cuts it).
fn group_display_name(users: &[User]) -> String {
    let joined = users
        .iter()
        .map(|u| u.username.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    joined
        .chars()
        .take(stoa_model::validate::CHANNEL_DISPLAY_NAME_MAX_RUNES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_names_sort_ids() {
        assert_eq!(direct_channel_name("b", "a"), "a__b");
        assert_eq!(direct_channel_name("a", "b"), "a__b");
    }

    #[test]
    fn group_names_do_not_depend_on_order() {
        let a = group_channel_name(&["x".into(), "y".into(), "z".into()]);
        let b = group_channel_name(&["z".into(), "x".into(), "y".into()]);
        assert_eq!(a, b);
        assert_eq!(a.len(), 40);
    }
}
