//! Preferences: a user's key/values by category (display settings, themes, favourites, …), and
//! saved ("flagged") posts, which are `flagged_post` preferences named after the post.
//!
//! Only the user themself (or someone with `edit_other_users`) reads or writes them. Changes are
//! sent to the user's other sessions as `preferences_changed` / `preferences_deleted`. Saving or
//! deleting `favorite_channel` preferences moves the channel into or out of the user's
//! `favorites` sidebar category (see `channels::categories`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use stoa_model::is_valid_id;
use stoa_model::post::{Post, PostList};
use stoa_model::preference::{Preference, category};
use stoa_store::OptionalExt;

use crate::events::Event;
use crate::posts::ThreadOpts;
use crate::{Actor, Core, Error, ErrorKind, Page, Result, perm};

/// Most preferences one save or delete takes (as Mattermost).
pub const MAX_PREFERENCES_PER_REQUEST: usize = 100;
const CATEGORY_MAX_LEN: usize = 32;
const NAME_MAX_LEN: usize = 32;
const VALUE_MAX_RUNES: usize = 20_000;
/// The category whose values are themes (a JSON object of colours), named after a team.
pub const CATEGORY_THEME: &str = "theme";
const CATEGORY_SIDEBAR_SETTINGS: &str = "sidebar_settings";
const NAME_LIMIT_VISIBLE_DMS_GMS: &str = "limit_visible_dms_gms";
const MAX_LIMIT_VISIBLE_DMS_GMS: i64 = 40;
/// Flagged posts are read in chunks of this many ids.
const FLAGGED_CHUNK: usize = 500;

/// Filters and page of `GET /users/{user_id}/posts/flagged`.
#[derive(Debug, Clone, Default)]
pub struct FlaggedQuery {
    /// Only posts in this channel (takes precedence over `team_id`, as in Mattermost).
    pub channel_id: Option<String>,
    /// Only posts in this team's channels and in direct and group messages.
    pub team_id: Option<String>,
    pub page: Page,
}

impl Core {
    fn require_own_preferences(&self, actor: &Actor, user_id: &str) -> Result<()> {
        if actor.is(user_id) || actor.can(perm::EDIT_OTHER_USERS) {
            Ok(())
        } else {
            Err(Error::forbidden(perm::EDIT_OTHER_USERS.0))
        }
    }

    /// `GET /users/{user_id}/preferences`.
    pub async fn get_preferences(&self, actor: &Actor, user_id: &str) -> Result<Vec<Preference>> {
        self.require_own_preferences(actor, user_id)?;
        Ok(self.store.get_preferences(user_id).await?)
    }

    /// `GET /users/{user_id}/preferences/{category}`: 404 when the category is empty.
    pub async fn get_preferences_by_category(
        &self,
        actor: &Actor,
        user_id: &str,
        category: &str,
    ) -> Result<Vec<Preference>> {
        self.require_own_preferences(actor, user_id)?;
        let prefs = self
            .store
            .get_preferences_by_category(user_id, category)
            .await?;
        if prefs.is_empty() {
            return Err(Error::new(
                ErrorKind::NotFound,
                "api.preference.preferences_category.get.app_error",
                "Unable to find preferences for the given category.",
            ));
        }
        Ok(prefs)
    }

    /// `GET /users/{user_id}/preferences/{category}/name/{name}`.
    pub async fn get_preference(
        &self,
        actor: &Actor,
        user_id: &str,
        category: &str,
        name: &str,
    ) -> Result<Preference> {
        self.require_own_preferences(actor, user_id)?;
        self.store
            .get_preference(user_id, category, name)
            .await
            .optional()?
            .ok_or_else(preference_missing)
    }

    /// `PUT /users/{user_id}/preferences`: saves (inserts or replaces) every preference, or none.
    pub async fn update_preferences(
        &self,
        actor: &Actor,
        user_id: &str,
        mut prefs: Vec<Preference>,
    ) -> Result<()> {
        self.require_own_preferences(actor, user_id)?;
        check_count(&prefs)?;
        // A saved post must exist, be live and be readable by whoever saves it.
        for p in prefs
            .iter()
            .filter(|p| p.category == category::FLAGGED_POST)
        {
            let post = match is_valid_id(&p.name) {
                true => self.store.get_post(&p.name).await.optional()?,
                false => None,
            };
            let Some(post) = post.filter(|p| p.delete_at == 0) else {
                return Err(Error::invalid_param("preference.name"));
            };
            let channel = self.load_channel(&post.channel_id).await?;
            self.require_channel_read(actor, &channel)
                .await
                .map_err(|_| Error::forbidden(perm::READ_CHANNEL_CONTENT.0))?;
        }
        check_owner(
            user_id,
            &prefs,
            "api.preference.update_preferences.set.app_error",
        )?;
        for p in &mut prefs {
            pre_update(p);
            validate_preference(p)?;
        }
        self.save_preferences_unchecked(user_id, &prefs).await
    }

    /// Saves preferences already checked, in one transaction, and tells the user's sessions.
    pub(crate) async fn save_preferences_unchecked(
        &self,
        user_id: &str,
        prefs: &[Preference],
    ) -> Result<()> {
        if !prefs.is_empty() {
            let tx = self.store.begin().await?;
            tx.save_preferences(prefs).await?;
            crate::channels::categories::sync_favorite_preferences(
                tx.as_ref(),
                user_id,
                prefs,
                false,
            )
            .await?;
            tx.commit().await?;
        }
        self.publish_sidebar_may_have_changed(user_id);
        self.publish(
            Event::new("preferences_changed")
                .with_json_string("preferences", &prefs)
                .to_user(user_id),
        );
        Ok(())
    }

    /// `sidebar_category_updated` without data or team, as Mattermost sends after every
    /// preference change (favourites may have moved): clients reload their categories.
    fn publish_sidebar_may_have_changed(&self, user_id: &str) {
        self.publish(Event::new("sidebar_category_updated").to_user(user_id));
    }

    /// `POST /users/{user_id}/preferences/delete`: only category and name of each are read.
    pub async fn delete_preferences(
        &self,
        actor: &Actor,
        user_id: &str,
        prefs: Vec<Preference>,
    ) -> Result<()> {
        self.require_own_preferences(actor, user_id)?;
        check_count(&prefs)?;
        check_owner(
            user_id,
            &prefs,
            "api.preference.delete_preferences.delete.app_error",
        )?;
        if !prefs.is_empty() {
            let tx = self.store.begin().await?;
            tx.delete_preferences(&prefs).await?;
            crate::channels::categories::sync_favorite_preferences(
                tx.as_ref(),
                user_id,
                &prefs,
                true,
            )
            .await?;
            tx.commit().await?;
        }
        self.publish_sidebar_may_have_changed(user_id);
        self.publish(
            Event::new("preferences_deleted")
                .with_json_string("preferences", &prefs)
                .to_user(user_id),
        );
        Ok(())
    }

    /// `GET /users/{user_id}/posts/flagged`: the user's saved posts that are live and in channels
    /// they are still a member of (and the actor may read), newest first.
    pub async fn get_flagged_posts(
        &self,
        actor: &Actor,
        user_id: &str,
        q: FlaggedQuery,
    ) -> Result<PostList> {
        self.require_own_preferences(actor, user_id)?;
        let ids: Vec<String> = self
            .store
            .get_preferences_by_category(user_id, category::FLAGGED_POST)
            .await?
            .into_iter()
            .map(|p| p.name)
            .filter(|id| is_valid_id(id))
            .collect();
        let mut list = PostList::default();
        if ids.is_empty() {
            return Ok(list);
        }
        // Direct and group channels count for every team, as in Mattermost.
        let team = if q.channel_id.is_some() {
            None
        } else {
            q.team_id.as_deref()
        };
        let member_of: BTreeSet<String> = self
            .store
            .get_channel_members_for_user(user_id, team)
            .await?
            .into_iter()
            .map(|m| m.channel_id)
            .collect();
        let mut posts: Vec<Post> = Vec::new();
        for chunk in ids.chunks(FLAGGED_CHUNK) {
            posts.extend(
                self.store
                    .get_posts_by_ids(chunk)
                    .await?
                    .into_iter()
                    .filter(|p| p.delete_at == 0 && member_of.contains(&p.channel_id))
                    .filter(|p| q.channel_id.as_ref().is_none_or(|c| *c == p.channel_id)),
            );
        }
        let channel_ids: Vec<String> = posts
            .iter()
            .map(|p| p.channel_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut readable: HashMap<String, bool> = HashMap::new();
        for ch in self.store.get_channels_by_ids(&channel_ids).await? {
            let ok = self.require_channel_read(actor, &ch).await.is_ok();
            readable.insert(ch.id, ok);
        }
        posts.retain(|p| readable.get(&p.channel_id).copied().unwrap_or(false));
        posts.sort_by(|a, b| b.create_at.cmp(&a.create_at).then_with(|| b.id.cmp(&a.id)));
        let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
        let limit = usize::try_from(q.page.limit()).unwrap_or(0);
        for p in posts.into_iter().skip(offset).take(limit) {
            list.push_ordered(p);
        }
        // Like Mattermost, only the saved posts themselves: no thread roots are added.
        let opts = ThreadOpts {
            skip_fetch_threads: true,
            ..ThreadOpts::default()
        };
        self.finish_list(actor, list, &opts).await
    }
}

/// `app.preference.get.app_error`: Mattermost answers a missing preference with 400.
pub(crate) fn preference_missing() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "app.preference.get.app_error",
        "Unable to find preference.",
    )
}

fn check_count(prefs: &[Preference]) -> Result<()> {
    if prefs.len() > MAX_PREFERENCES_PER_REQUEST {
        return Err(Error::invalid_param("preferences").with_detail(format!(
            "at most {MAX_PREFERENCES_PER_REQUEST} preferences per request"
        )));
    }
    Ok(())
}

/// Every preference must belong to the user in the path (403 otherwise, as Mattermost).
fn check_owner(user_id: &str, prefs: &[Preference], id: &'static str) -> Result<()> {
    match prefs.iter().find(|p| p.user_id != user_id) {
        Some(p) => Err(Error::new(
            ErrorKind::Forbidden,
            id,
            "Unable to change preferences of another user.",
        )
        .with_detail(format!("userId={user_id}, preference.UserId={}", p.user_id))),
        None => Ok(()),
    }
}

/// Mattermost's `Preference.IsValid`, plus no NUL characters (the databases refuse them).
pub(crate) fn validate_preference(p: &Preference) -> Result<()> {
    let invalid = |field: &str, msg: &'static str| Error::invalid("preference", field, msg);
    if !is_valid_id(&p.user_id) {
        return Err(invalid("id", "Invalid user id."));
    }
    if p.category.is_empty() || p.category.len() > CATEGORY_MAX_LEN || p.category.contains('\0') {
        return Err(invalid("category", "Invalid category."));
    }
    if p.name.len() > NAME_MAX_LEN || p.name.contains('\0') {
        return Err(invalid("name", "Invalid name."));
    }
    if p.value.chars().count() > VALUE_MAX_RUNES || p.value.contains('\0') {
        return Err(invalid("value", "Value is too long."));
    }
    if p.category == CATEGORY_THEME && parse_theme(&p.value).is_none() {
        return Err(invalid("theme", "Invalid theme."));
    }
    if p.category == CATEGORY_SIDEBAR_SETTINGS && p.name == NAME_LIMIT_VISIBLE_DMS_GMS {
        let ok = p
            .value
            .parse::<i64>()
            .is_ok_and(|n| (1..=MAX_LIMIT_VISIBLE_DMS_GMS).contains(&n));
        if !ok {
            return Err(invalid(
                "limit_visible_dms_gms",
                "Invalid value for limit_visible_dms_gms.",
            ));
        }
    }
    Ok(())
}

/// A theme value: the first JSON value of the text, an object of strings (or `null`), as Go's
/// decoder reads it.
fn parse_theme(value: &str) -> Option<BTreeMap<String, String>> {
    let mut values =
        serde_json::Deserializer::from_str(value).into_iter::<Option<BTreeMap<String, String>>>();
    match values.next() {
        Some(Ok(map)) => Some(map.unwrap_or_default()),
        _ => None,
    }
}

/// Mattermost's `Preference.PreUpdate`: theme colours that are not `#rgb`/`#rrggbb` become white.
fn pre_update(p: &mut Preference) {
    if p.category != CATEGORY_THEME {
        return;
    }
    let Some(mut theme) = parse_theme(&p.value) else {
        return; // refused by validation
    };
    for (name, colour) in &mut theme {
        if !["image", "type", "codeTheme"].contains(&name.as_str()) && !is_hex_colour(colour) {
            *colour = "#ffffff".to_owned();
        }
    }
    if let Ok(json) = serde_json::to_string(&theme) {
        p.value = json;
    }
}

fn is_hex_colour(s: &str) -> bool {
    let Some(hex) = s.strip_prefix('#') else {
        return false;
    };
    (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pref(category: &str, name: &str, value: &str) -> Preference {
        Preference {
            user_id: "a".repeat(26),
            category: category.into(),
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn validation_follows_mattermost() {
        assert!(
            validate_preference(&pref("display_settings", "use_military_time", "true")).is_ok()
        );
        assert!(
            validate_preference(&pref("c", "", "")).is_ok(),
            "empty names are allowed"
        );
        let field = |p: Preference| validate_preference(&p).err().map(|e| e.id.into_owned());
        let id = |f: &str| Some(format!("model.preference.is_valid.{f}.app_error"));
        assert_eq!(
            field(Preference {
                user_id: "x".into(),
                ..pref("c", "n", "")
            }),
            id("id")
        );
        assert_eq!(field(pref("", "n", "")), id("category"));
        assert_eq!(field(pref(&"c".repeat(33), "n", "")), id("category"));
        assert_eq!(field(pref("c", &"n".repeat(33), "")), id("name"));
        assert_eq!(field(pref("c", "n", &"é".repeat(20_001))), id("value"));
        assert!(field(pref("c", "n", &"é".repeat(20_000))).is_none());
        assert_eq!(field(pref("c", "n", "a\0b")), id("value"));
        assert_eq!(field(pref("theme", "", "not json")), id("theme"));
        assert_eq!(field(pref("theme", "", "[1]")), id("theme"));
        assert!(field(pref("theme", "", "null")).is_none());
        assert_eq!(
            field(pref("sidebar_settings", "limit_visible_dms_gms", "41")),
            id("limit_visible_dms_gms")
        );
        assert!(field(pref("sidebar_settings", "limit_visible_dms_gms", "40")).is_none());
    }

    #[test]
    fn themes_lose_colours_that_are_not_colours() {
        let mut p = pref(
            "theme",
            "",
            r##"{"type":"Custom","sidebarBg":"#abc","linkColor":"red","codeTheme":"github","image":"x"}"##,
        );
        pre_update(&mut p);
        assert_eq!(
            p.value,
            r##"{"codeTheme":"github","image":"x","linkColor":"#ffffff","sidebarBg":"#abc","type":"Custom"}"##
        );
    }
}
