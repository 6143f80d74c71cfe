//! Favourites and the legacy `favorite_channel` preferences, kept in step both ways as
//! Mattermost's store does: moving channels into or out of `favorites` writes or deletes the
//! preferences, and saving (`"false"` un-favourites) or deleting the preferences moves the
//! channels.

use std::collections::HashMap;

use stoa_model::channel::{SidebarCategory, sidebar};
use stoa_model::is_valid_id;
use stoa_model::preference::Preference;
use stoa_model::preference::category::FAVORITE_CHANNEL;
use stoa_store::{OptionalExt, Repos};

use crate::Result;

fn favorite_pref(user_id: &str, channel_id: &str) -> Preference {
    Preference {
        user_id: user_id.to_owned(),
        category: FAVORITE_CHANNEL.to_owned(),
        name: channel_id.to_owned(),
        value: "true".to_owned(),
    }
}

/// Channels that left `favorites` lose their `favorite_channel` preference, channels in it gain
/// one (Mattermost keeps both for older clients).
pub(super) async fn sync_favorite_prefs(
    repos: &dyn Repos,
    user_id: &str,
    before: &HashMap<&str, &SidebarCategory>,
    updated: &[SidebarCategory],
) -> Result<()> {
    for c in updated {
        let prefs = |ids: &[String]| -> Vec<Preference> {
            ids.iter().map(|id| favorite_pref(user_id, id)).collect()
        };
        if c.category_type == sidebar::FAVORITES {
            if let Some(old) = before.get(c.id.as_str()) {
                repos.delete_preferences(&prefs(&old.channel_ids)).await?;
            }
            repos.save_preferences(&prefs(&c.channel_ids)).await?;
        } else {
            repos.delete_preferences(&prefs(&c.channel_ids)).await?;
        }
    }
    Ok(())
}

/// Saving (`"false"` un-favourites) or deleting `favorite_channel` preferences moves the channel
/// into or out of `favorites`: of its team, or of every team for a direct or group channel.
pub(crate) async fn sync_favorite_preferences(
    repos: &dyn Repos,
    user_id: &str,
    prefs: &[Preference],
    deleted: bool,
) -> Result<()> {
    for p in prefs
        .iter()
        .filter(|p| p.category == FAVORITE_CHANNEL && is_valid_id(&p.name))
    {
        set_favorite(repos, user_id, &p.name, !deleted && p.value != "false").await?;
    }
    Ok(())
}

async fn set_favorite(
    repos: &dyn Repos,
    user_id: &str,
    channel_id: &str,
    favorite: bool,
) -> Result<()> {
    let Some(ch) = repos.get_channel(channel_id).await.optional()? else {
        return Ok(());
    };
    if repos
        .get_channel_member(channel_id, user_id)
        .await
        .optional()?
        .is_none()
    {
        return Ok(());
    }
    let teams: Vec<String> = if ch.team_id.is_empty() {
        repos
            .get_team_members_for_user(user_id)
            .await?
            .into_iter()
            .map(|m| m.team_id)
            .collect()
    } else {
        match repos
            .get_team_member(&ch.team_id, user_id)
            .await
            .optional()?
        {
            Some(m) if m.delete_at == 0 => vec![ch.team_id.clone()],
            _ => Vec::new(),
        }
    };
    for team_id in teams {
        let fav_id = sidebar::default_category_id(sidebar::FAVORITES, user_id, &team_id);
        let fav = match repos.get_sidebar_category(&fav_id).await.optional()? {
            Some(f) => f,
            None if !favorite => continue,
            None => {
                repos
                    .create_initial_sidebar_categories(user_id, &team_id)
                    .await?;
                repos.get_sidebar_category(&fav_id).await?
            }
        };
        let has = fav.channel_ids.iter().any(|c| c == channel_id);
        let ids: Vec<String> = match (favorite, has) {
            (true, false) => std::iter::once(channel_id.to_owned())
                .chain(fav.channel_ids.iter().cloned())
                .collect(),
            (false, true) => fav
                .channel_ids
                .iter()
                .filter(|c| *c != channel_id)
                .cloned()
                .collect(),
            _ => continue,
        };
        repos.set_sidebar_category_channels(&fav, &ids).await?;
    }
    Ok(())
}
