//! Muting follows categories: a category muted or unmuted mutes or unmutes its channels, and a
//! channel moved between a muted and an unmuted category follows its new one (Mattermost's
//! `muteChannelsForUpdatedCategories`). A muted channel's membership has `mark_unread = mention`.

use std::collections::{BTreeMap, HashMap, HashSet};

use stoa_model::channel::{ChannelMember, SidebarCategory};
use stoa_model::now_ms;
use stoa_store::Repos;

use crate::Result;

/// Channels to mute and to unmute after categories changed from `before` (all of the team) to
/// `after` (the changed ones): every channel of a category whose `muted` flipped, and channels
/// that moved between a muted and an unmuted category.
pub(super) fn mute_changes(
    before: &[SidebarCategory],
    after: &[SidebarCategory],
) -> (Vec<String>, Vec<String>) {
    let (mut mute, mut unmute) = (Vec::new(), Vec::new());
    let was: HashMap<&str, &SidebarCategory> = before.iter().map(|c| (c.id.as_str(), c)).collect();
    let home: HashMap<&str, &SidebarCategory> = before
        .iter()
        .flat_map(|c| c.channel_ids.iter().map(move |ch| (ch.as_str(), c)))
        .collect();
    for c in after {
        let was_muted = was.get(c.id.as_str()).is_some_and(|o| o.muted);
        if c.muted && !was_muted {
            mute.extend(c.channel_ids.iter().cloned());
        } else if !c.muted && was_muted {
            unmute.extend(c.channel_ids.iter().cloned());
        }
        for ch in &c.channel_ids {
            match home.get(ch.as_str()) {
                Some(from) if from.id != c.id && c.muted && !from.muted => mute.push(ch.clone()),
                Some(from) if from.id != c.id && !c.muted && from.muted => unmute.push(ch.clone()),
                _ => {}
            }
        }
    }
    (distinct(mute), distinct(unmute))
}

fn distinct(ids: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// Sets `mark_unread` of the user's memberships: `mention` (muted) for `mute`, `all` for
/// `unmute` (which wins). Returns the memberships that changed.
pub(super) async fn apply_mutes(
    repos: &dyn Repos,
    user_id: &str,
    team_id: &str,
    mute: Vec<String>,
    unmute: Vec<String>,
) -> Result<Vec<ChannelMember>> {
    if mute.is_empty() && unmute.is_empty() {
        return Ok(Vec::new());
    }
    let members: HashMap<String, ChannelMember> = repos
        .get_channel_members_for_user(user_id, Some(team_id))
        .await?
        .into_iter()
        .map(|m| (m.channel_id.clone(), m))
        .collect();
    let mut changed: BTreeMap<String, ChannelMember> = BTreeMap::new();
    let now = now_ms();
    let steps = mute
        .into_iter()
        .map(|id| (id, true))
        .chain(unmute.into_iter().map(|id| (id, false)));
    for (id, muted) in steps {
        let Some(mut m) = changed.get(&id).or_else(|| members.get(&id)).cloned() else {
            continue;
        };
        let value = if muted { "mention" } else { "all" };
        if m.notify_props.get("mark_unread").map(String::as_str) == Some(value) {
            continue;
        }
        m.notify_props
            .insert("mark_unread".to_owned(), value.to_owned());
        m.last_update_at = now;
        changed.insert(id, m);
    }
    for m in changed.values() {
        repos.update_channel_member(m).await?;
    }
    Ok(changed.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: &str, muted: bool, channels: &[&str]) -> SidebarCategory {
        SidebarCategory {
            id: id.into(),
            muted,
            channel_ids: channels.iter().map(|c| (*c).to_owned()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn muting_follows_the_category_and_moves() {
        let before = [cat("a", false, &["1", "2"]), cat("m", true, &["3", "4"])];
        // "a" is muted; "4" moves from the muted category into it (no change), "1" stays.
        let (mute, unmute) = mute_changes(&before, &[cat("a", true, &["1", "4"])]);
        assert_eq!(mute, ["1", "4"]);
        assert!(unmute.is_empty());
        // "3" moves out of the muted category into an unmuted one.
        let (mute, unmute) = mute_changes(&before, &[cat("a", false, &["1", "2", "3"])]);
        assert!(mute.is_empty());
        assert_eq!(unmute, ["3"]);
        // A new muted category mutes what it takes.
        let (mute, unmute) = mute_changes(&before, &[cat("new", true, &["2"])]);
        assert_eq!(mute, ["2"]);
        assert!(unmute.is_empty());
    }
}
