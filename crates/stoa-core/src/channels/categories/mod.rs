//! Sidebar categories: each user's grouping and order of their channels in a team, as
//! Mattermost's `channel_category.go`.
//!
//! Every (user, team) has `favorites`, `channels` and `direct_messages` (made on joining the team,
//! or on first read for memberships older than categories), plus the custom categories the user
//! creates. A channel is in at most one category of the team; one in none shows in `channels`
//! (public and private) or `direct_messages` (direct and group, in every team). Muting a category
//! mutes its channels (`mark_unread = mention`); moving channels into or out of `favorites` keeps
//! the legacy `favorite_channel` preferences in step, and saving those preferences moves the
//! channels. Only the user themself (or someone with `edit_other_users`) reads or changes them,
//! and only for a team the user is a member of.

mod favorites;
mod muting;

pub(crate) use favorites::sync_favorite_preferences;

use std::collections::{HashMap, HashSet};

use stoa_model::channel::{
    CHANNEL_DIRECT, CHANNEL_GROUP, ChannelMember, OrderedSidebarCategories, SidebarCategory,
    sidebar,
};
use stoa_model::new_id;
use stoa_model::validate::rune_len;
use stoa_store::{OptionalExt, Repos, StoreError};

use crate::events::Event;
use crate::{Actor, Core, Error, ErrorKind, Result, perm};
use favorites::sync_favorite_prefs;
use muting::{apply_mutes, mute_changes};

/// Most categories a user has in a team, and a request names.
pub const MAX_CATEGORIES: usize = 100;
/// Most channel ids one request carries (over all its categories).
pub const MAX_CHANNEL_IDS: usize = 5_000;
/// A custom category's name: 1 to 64 characters (Mattermost's column size).
const NAME_MAX_RUNES: usize = 64;

/// `app.channel.sidebar_categories.app_error`, the one error id Mattermost uses for categories.
fn sidebar_error(kind: ErrorKind, message: &'static str) -> Error {
    Error::new(kind, "app.channel.sidebar_categories.app_error", message)
}

fn has_all_defaults(cats: &[SidebarCategory]) -> bool {
    sidebar::DEFAULTS
        .iter()
        .all(|kind| cats.iter().any(|c| c.category_type == *kind))
}

/// The user's categories in the team, making the default ones first if they are missing.
async fn sidebar_in(
    repos: &dyn Repos,
    user_id: &str,
    team_id: &str,
) -> Result<Vec<SidebarCategory>> {
    let cats = repos.get_sidebar_categories(user_id, team_id).await?;
    if has_all_defaults(&cats) {
        return Ok(cats);
    }
    repos
        .create_initial_sidebar_categories(user_id, team_id)
        .await?;
    Ok(repos.get_sidebar_categories(user_id, team_id).await?)
}

/// The channels the user may place in the team's sidebar (their channels of the team and their
/// direct and group channels, archived ones too), by id with their type.
async fn member_channels(
    repos: &dyn Repos,
    user_id: &str,
    team_id: &str,
) -> Result<HashMap<String, String>> {
    Ok(repos
        .get_channels_for_user(user_id, Some(team_id), true, 0)
        .await?
        .into_iter()
        .map(|c| (c.id, c.channel_type))
        .collect())
}

/// `ids` without channels the user may not place (silently, as Mattermost), each once; for the
/// direct messages category only direct and group channels.
fn placeable(
    ids: &[String],
    channels: &HashMap<String, String>,
    category_type: &str,
) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter()
        .filter(|id| match channels.get(id.as_str()) {
            Some(kind) if category_type == sidebar::DIRECT_MESSAGES => {
                kind == CHANNEL_DIRECT || kind == CHANNEL_GROUP
            }
            Some(_) => true,
            None => false,
        })
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect()
}

fn check_sorting(sorting: &str) -> Result<()> {
    if sidebar::SORTINGS.contains(&sorting) {
        Ok(())
    } else {
        Err(Error::invalid_param("category.sorting"))
    }
}

fn check_display_name(name: &str) -> Result<()> {
    if (1..=NAME_MAX_RUNES).contains(&rune_len(name)) {
        Ok(())
    } else {
        Err(Error::invalid_param("category.display_name"))
    }
}

fn check_channel_count<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Result<()> {
    if lists.map(Vec::len).sum::<usize>() > MAX_CHANNEL_IDS {
        return Err(Error::invalid_param("category.channel_ids"));
    }
    Ok(())
}

impl Core {
    /// Only the user themself or `edit_other_users`, and only in a team the user belongs to.
    async fn require_sidebar(&self, actor: &Actor, user_id: &str, team_id: &str) -> Result<()> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        if self.team_member_of(team_id, user_id).await?.is_none() {
            return Err(Error::forbidden(perm::VIEW_TEAM.0));
        }
        Ok(())
    }

    /// The user's categories in the team, making the defaults on first read.
    async fn load_sidebar(&self, user_id: &str, team_id: &str) -> Result<Vec<SidebarCategory>> {
        let cats = self.store.get_sidebar_categories(user_id, team_id).await?;
        if has_all_defaults(&cats) {
            return Ok(cats);
        }
        let tx = self.store.begin().await?;
        tx.create_initial_sidebar_categories(user_id, team_id)
            .await?;
        tx.commit().await?;
        Ok(self.store.get_sidebar_categories(user_id, team_id).await?)
    }

    /// A category of the user in the team, as Mattermost's `SessionHasPermissionToCategory`: one
    /// that is not theirs (or does not exist) is 403, or 404 for `edit_other_users`.
    async fn owned_category(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        category_id: &str,
    ) -> Result<SidebarCategory> {
        let mut found = self
            .store
            .get_sidebar_category(category_id)
            .await
            .optional()?;
        let is_default = sidebar::DEFAULTS
            .iter()
            .any(|k| sidebar::default_category_id(k, user_id, team_id) == category_id);
        if found.is_none() && is_default {
            self.load_sidebar(user_id, team_id).await?;
            found = self
                .store
                .get_sidebar_category(category_id)
                .await
                .optional()?;
        }
        match found {
            Some(c) if c.user_id == user_id && c.team_id == team_id => Ok(c),
            _ if actor.can(perm::EDIT_OTHER_USERS) => Err(sidebar_error(
                ErrorKind::NotFound,
                "Unable to find the sidebar category.",
            )),
            _ => Err(Error::forbidden(perm::EDIT_OTHER_USERS.0)),
        }
    }

    fn publish_member_mutes(&self, members: &[ChannelMember]) {
        for m in members {
            self.mention_cache.forget_channel(&m.channel_id);
            self.publish_member_updated(m);
        }
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels/categories`.
    pub async fn get_sidebar_categories(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
    ) -> Result<OrderedSidebarCategories> {
        self.require_sidebar(actor, user_id, team_id).await?;
        let categories = self.load_sidebar(user_id, team_id).await?;
        let order = categories.iter().map(|c| c.id.clone()).collect();
        Ok(OrderedSidebarCategories { categories, order })
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels/categories/order`.
    pub async fn get_sidebar_category_order(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
    ) -> Result<Vec<String>> {
        self.require_sidebar(actor, user_id, team_id).await?;
        Ok(self
            .load_sidebar(user_id, team_id)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect())
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels/categories/{category_id}`.
    pub async fn get_sidebar_category(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        category_id: &str,
    ) -> Result<SidebarCategory> {
        self.require_sidebar(actor, user_id, team_id).await?;
        self.owned_category(actor, user_id, team_id, category_id)
            .await
    }

    /// `POST /users/{user_id}/teams/{team_id}/channels/categories`: a custom category, placed
    /// after `favorites` when that is first (else first). Its channels leave their categories.
    pub async fn create_sidebar_category(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        body: SidebarCategory,
    ) -> Result<SidebarCategory> {
        self.require_sidebar(actor, user_id, team_id).await?;
        if body.user_id != user_id || body.team_id != team_id {
            return Err(Error::invalid_param("category"));
        }
        check_display_name(&body.display_name)?;
        check_sorting(&body.sorting)?;
        check_channel_count(std::iter::once(&body.channel_ids))?;

        let tx = self.store.begin().await?;
        let before = sidebar_in(tx.as_ref(), user_id, team_id).await?;
        if before.len() >= MAX_CATEGORIES {
            return Err(sidebar_error(
                ErrorKind::BadRequest,
                "Too many sidebar categories in this team.",
            ));
        }
        let channels = member_channels(tx.as_ref(), user_id, team_id).await?;
        let ids = placeable(&body.channel_ids, &channels, sidebar::CUSTOM);
        let position = usize::from(
            before
                .first()
                .is_some_and(|c| c.category_type == sidebar::FAVORITES),
        );
        let category = SidebarCategory {
            id: new_id(),
            user_id: user_id.to_owned(),
            team_id: team_id.to_owned(),
            sort_order: 0,
            sorting: body.sorting,
            category_type: sidebar::CUSTOM.to_owned(),
            display_name: body.display_name,
            muted: body.muted,
            collapsed: false,
            channel_ids: Vec::new(),
        };
        let mut order: Vec<String> = before.iter().map(|c| c.id.clone()).collect();
        order.insert(position, category.id.clone());
        tx.insert_sidebar_category(&category).await?;
        tx.set_sidebar_category_order(user_id, team_id, &order)
            .await?;
        tx.set_sidebar_category_channels(&category, &ids).await?;
        let placed = SidebarCategory {
            channel_ids: ids,
            ..category.clone()
        };
        sync_favorite_prefs(tx.as_ref(), user_id, &HashMap::new(), &[placed]).await?;
        let created = tx.get_sidebar_category(&category.id).await?;
        let (mute, unmute) = mute_changes(&before, std::slice::from_ref(&created));
        let muted = apply_mutes(tx.as_ref(), user_id, team_id, mute, unmute).await?;
        tx.commit().await?;

        self.publish(
            Event::new("sidebar_category_created")
                .with("category_id", created.id.clone())
                .to_user(user_id)
                .to_team(team_id),
        );
        self.publish_member_mutes(&muted);
        Ok(created)
    }

    /// `PUT /users/{user_id}/teams/{team_id}/channels/categories`: updates several categories.
    pub async fn update_sidebar_categories(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        body: Vec<SidebarCategory>,
    ) -> Result<Vec<SidebarCategory>> {
        self.require_sidebar(actor, user_id, team_id).await?;
        self.apply_category_updates(user_id, team_id, body).await
    }

    /// `PUT /users/{user_id}/teams/{team_id}/channels/categories/{category_id}`.
    pub async fn update_sidebar_category(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        category_id: &str,
        mut body: SidebarCategory,
    ) -> Result<SidebarCategory> {
        self.require_sidebar(actor, user_id, team_id).await?;
        self.owned_category(actor, user_id, team_id, category_id)
            .await?;
        if body.user_id != user_id || body.team_id != team_id {
            return Err(Error::invalid_param("category"));
        }
        body.id = category_id.to_owned();
        self.apply_category_updates(user_id, team_id, vec![body])
            .await?
            .pop()
            .ok_or_else(|| Error::internal("no category updated"))
    }

    /// Mattermost's `UpdateSidebarCategories`: type, owner and position never change; a default
    /// category keeps its name; `direct_messages` keeps `muted` and stores no channel order.
    /// Channels are kept only where the user is a member, and each ends in the last category
    /// naming it (leaving any other category of the team).
    async fn apply_category_updates(
        &self,
        user_id: &str,
        team_id: &str,
        body: Vec<SidebarCategory>,
    ) -> Result<Vec<SidebarCategory>> {
        if body.len() > MAX_CATEGORIES {
            return Err(Error::invalid_param("category"));
        }
        check_channel_count(body.iter().map(|c| &c.channel_ids))?;
        let mut seen = HashSet::new();
        if !body.iter().all(|c| seen.insert(c.id.as_str())) {
            return Err(Error::invalid_param("category"));
        }

        let tx = self.store.begin().await?;
        let before = sidebar_in(tx.as_ref(), user_id, team_id).await?;
        let by_id: HashMap<&str, &SidebarCategory> =
            before.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut originals = Vec::with_capacity(body.len());
        for c in &body {
            let Some(orig) = by_id.get(c.id.as_str()) else {
                return Err(Error::invalid_param("category"));
            };
            if orig.is_custom() {
                check_display_name(&c.display_name)?;
            }
            check_sorting(&c.sorting)?;
            originals.push(*orig);
        }
        let channels = member_channels(tx.as_ref(), user_id, team_id).await?;
        let lists: Vec<Vec<String>> = body
            .iter()
            .zip(&originals)
            .map(|(c, orig)| placeable(&c.channel_ids, &channels, &orig.category_type))
            .collect();
        let owner: HashMap<&str, usize> = lists
            .iter()
            .enumerate()
            .flat_map(|(i, list)| list.iter().map(move |ch| (ch.as_str(), i)))
            .collect();
        let lists: Vec<Vec<String>> = lists
            .iter()
            .enumerate()
            .map(|(i, list)| {
                list.iter()
                    .filter(|ch| owner.get(ch.as_str()) == Some(&i))
                    .cloned()
                    .collect()
            })
            .collect();

        let mut updated = Vec::with_capacity(body.len());
        for ((c, orig), list) in body.iter().zip(&originals).zip(lists) {
            let mut dest = SidebarCategory {
                sorting: c.sorting.clone(),
                collapsed: c.collapsed,
                channel_ids: Vec::new(),
                ..(*orig).clone()
            };
            if orig.is_custom() {
                dest.display_name = c.display_name.clone();
            }
            if orig.category_type == sidebar::DIRECT_MESSAGES {
                // Its order is not stored: direct and group channels named here just leave
                // whatever category held them.
                tx.update_sidebar_category(&dest).await?;
                tx.remove_sidebar_channels(user_id, team_id, &list).await?;
            } else {
                dest.muted = c.muted;
                tx.update_sidebar_category(&dest).await?;
                tx.set_sidebar_category_channels(&dest, &list).await?;
            }
            dest.channel_ids = list;
            updated.push(dest);
        }
        sync_favorite_prefs(tx.as_ref(), user_id, &by_id, &updated).await?;
        let mut result = Vec::with_capacity(updated.len());
        for c in &updated {
            result.push(tx.get_sidebar_category(&c.id).await?);
        }
        let (mute, unmute) = mute_changes(&before, &result);
        let muted = apply_mutes(tx.as_ref(), user_id, team_id, mute, unmute).await?;
        tx.commit().await?;

        self.publish(
            Event::new("sidebar_category_updated")
                .with_json_string("updatedCategories", &result)
                .to_user(user_id)
                .to_team(team_id),
        );
        self.publish_member_mutes(&muted);
        Ok(result)
    }

    /// `PUT /users/{user_id}/teams/{team_id}/channels/categories/order`: every category of the
    /// user in the team, each once.
    pub async fn update_sidebar_category_order(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        order: Vec<String>,
    ) -> Result<Vec<String>> {
        self.require_sidebar(actor, user_id, team_id).await?;
        if order.len() > MAX_CATEGORIES {
            return Err(Error::invalid_param("category"));
        }
        let tx = self.store.begin().await?;
        let existing: Vec<String> = sidebar_in(tx.as_ref(), user_id, team_id)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        if order.iter().any(|id| !existing.contains(id)) {
            return Err(Error::invalid_param("category"));
        }
        if order.len() != existing.len() || existing.iter().any(|id| !order.contains(id)) {
            return Err(sidebar_error(
                ErrorKind::BadRequest,
                "The order must name every sidebar category of the team once.",
            ));
        }
        tx.set_sidebar_category_order(user_id, team_id, &order)
            .await?;
        tx.commit().await?;
        self.publish(
            Event::new("sidebar_category_order_updated")
                .with("order", order.clone())
                .to_user(user_id)
                .to_team(team_id),
        );
        Ok(order)
    }

    /// `DELETE /users/{user_id}/teams/{team_id}/channels/categories/{category_id}`: a custom
    /// category; its channels return to the default categories.
    pub async fn delete_sidebar_category(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        category_id: &str,
    ) -> Result<()> {
        self.require_sidebar(actor, user_id, team_id).await?;
        let category = self
            .owned_category(actor, user_id, team_id, category_id)
            .await?;
        if !category.is_custom() {
            return Err(sidebar_error(
                ErrorKind::BadRequest,
                "Default sidebar categories cannot be deleted.",
            ));
        }
        match self.store.delete_sidebar_category(category_id).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => {
                return Err(sidebar_error(
                    ErrorKind::NotFound,
                    "Unable to find the sidebar category.",
                ));
            }
            Err(e) => return Err(e.into()),
        }
        self.publish(
            Event::new("sidebar_category_deleted")
                .with("category_id", category_id)
                .to_user(user_id)
                .to_team(team_id),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeable_keeps_members_once_and_dms_for_direct_messages() {
        let channels: HashMap<String, String> = [("o", "O"), ("d", "D"), ("g", "G")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        let ids: Vec<String> = ["o", "x", "d", "o", "g"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(placeable(&ids, &channels, sidebar::CUSTOM), ["o", "d", "g"]);
        assert_eq!(
            placeable(&ids, &channels, sidebar::DIRECT_MESSAGES),
            ["d", "g"]
        );
    }

    #[test]
    fn names_and_sortings() {
        assert!(check_display_name("Work").is_ok());
        assert!(check_display_name(&"é".repeat(64)).is_ok());
        assert!(check_display_name(&"é".repeat(65)).is_err());
        assert!(check_display_name("").is_err());
        for s in ["", "manual", "recent", "alpha"] {
            assert!(check_sorting(s).is_ok());
        }
        assert!(check_sorting("random").is_err());
    }
}
