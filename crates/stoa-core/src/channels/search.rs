//! Channels across teams: the System Console's list and search, the cross-team search of the
//! apps' "Find channels", group messages found by their members' names, and a user's
//! memberships everywhere.

use std::collections::{BTreeMap, HashMap};

use stoa_model::channel::{
    CHANNEL_GROUP, CHANNEL_OPEN, CHANNEL_PRIVATE, Channel, ChannelListWithCount,
    ChannelMemberWithTeamData, ChannelSearch, ChannelWithTeamData, OFF_TOPIC, TOWN_SQUARE,
};
use stoa_model::user::User;
use stoa_store::ChannelListQuery;

use crate::{Actor, Core, Error, Page, Result, perm};

/// Rows a system-wide search answers when the body names no page size.
const SEARCH_DEFAULT: i64 = 100;
/// Rows the apps' non-admin search answers (Mattermost's autocomplete limit).
const AUTOCOMPLETE_LIMIT: i64 = 50;
/// Group messages `POST /users/group_channels` looks at (Mattermost's limit).
const MAX_GROUP_CHANNELS_FOR_PROFILES: usize = 50;

/// `GET /channels` filters.
#[derive(Debug, Clone, Default)]
pub struct AllChannels {
    pub include_deleted: bool,
    pub exclude_default_channels: bool,
    pub include_total_count: bool,
}

/// A list, or a page with the total (as Mattermost answers when paging is asked for).
pub enum ChannelsAnswer {
    List(Vec<ChannelWithTeamData>),
    Counted(ChannelListWithCount),
}

impl Core {
    fn require_console_channels(&self, actor: &Actor) -> Result<()> {
        if actor.can(perm::SYSCONSOLE_READ_CHANNELS) {
            Ok(())
        } else {
            Err(Error::forbidden(perm::SYSCONSOLE_READ_CHANNELS.0))
        }
    }

    /// Adds the team fields to channels.
    pub(crate) async fn with_team_data(
        &self,
        channels: Vec<Channel>,
    ) -> Result<Vec<ChannelWithTeamData>> {
        let mut ids: Vec<String> = channels
            .iter()
            .filter(|c| !c.team_id.is_empty())
            .map(|c| c.team_id.clone())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let teams: HashMap<String, stoa_model::team::Team> = self
            .store
            .get_teams_by_ids(&ids)
            .await?
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect();
        Ok(channels
            .into_iter()
            .map(|channel| {
                let team = teams.get(&channel.team_id);
                ChannelWithTeamData {
                    team_display_name: team.map(|t| t.display_name.clone()).unwrap_or_default(),
                    team_name: team.map(|t| t.name.clone()).unwrap_or_default(),
                    team_update_at: team.map(|t| t.update_at).unwrap_or_default(),
                    channel,
                }
            })
            .collect())
    }

    /// `GET /channels`: every team's public and private channels (System Console).
    pub async fn list_all_channels(
        &self,
        actor: &Actor,
        filter: AllChannels,
        page: Page,
    ) -> Result<ChannelsAnswer> {
        self.require_console_channels(actor)?;
        let q = ChannelListQuery {
            all_teams: true,
            types: vec![CHANNEL_OPEN.into(), CHANNEL_PRIVATE.into()],
            include_deleted: filter.include_deleted,
            exclude_names: default_names(filter.exclude_default_channels),
            offset: page.offset(),
            limit: page.per_page,
            ..Default::default()
        };
        let channels = self
            .with_team_data(self.store.list_channels(&q).await?)
            .await?;
        if filter.include_total_count {
            let total_count = self.store.count_channels(&q).await?;
            return Ok(ChannelsAnswer::Counted(ChannelListWithCount {
                channels,
                total_count,
            }));
        }
        Ok(ChannelsAnswer::List(channels))
    }

    /// `POST /channels/search`: with `system_console` (the default) a search of every team's
    /// channels for those who may read the console's channel list; without it, the actor's
    /// own view across their teams: public channels and the private ones they are in.
    pub async fn search_all_channels(
        &self,
        actor: &Actor,
        search: ChannelSearch,
        include_deleted: bool,
        system_console: bool,
    ) -> Result<ChannelsAnswer> {
        let term = search.term.trim().to_owned();
        if !system_console {
            return self.search_my_teams_channels(actor, &term).await;
        }
        self.require_console_channels(actor)?;
        let types = match (search.public, search.private) {
            (true, false) => vec![CHANNEL_OPEN.into()],
            (false, true) => vec![CHANNEL_PRIVATE.into()],
            _ => vec![CHANNEL_OPEN.into(), CHANNEL_PRIVATE.into()],
        };
        let paged = search.page.zip(search.per_page);
        let (offset, limit) = match paged {
            Some((page, per_page)) => {
                let p = Page::new(page, per_page);
                (p.offset(), p.per_page)
            }
            None => (0, search.per_page.unwrap_or(SEARCH_DEFAULT).clamp(1, 200)),
        };
        let q = ChannelListQuery {
            all_teams: true,
            team_ids: search.team_ids,
            types,
            only_deleted: search.deleted,
            include_deleted: include_deleted || search.include_deleted,
            exclude_names: default_names(search.exclude_default_channels),
            term: Some(term),
            offset,
            limit,
            ..Default::default()
        };
        let channels = self
            .with_team_data(self.store.list_channels(&q).await?)
            .await?;
        if paged.is_some() {
            let total_count = self.store.count_channels(&q).await?;
            return Ok(ChannelsAnswer::Counted(ChannelListWithCount {
                channels,
                total_count,
            }));
        }
        Ok(ChannelsAnswer::List(channels))
    }

    /// The apps' "Find channels": matching channels of every team the actor is in.
    async fn search_my_teams_channels(&self, actor: &Actor, term: &str) -> Result<ChannelsAnswer> {
        let teams: Vec<String> = self
            .store
            .get_teams_for_user(actor.user_id())
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        if teams.is_empty() {
            return Ok(ChannelsAnswer::List(Vec::new()));
        }
        let public = ChannelListQuery {
            all_teams: true,
            team_ids: teams,
            types: vec![CHANNEL_OPEN.into()],
            include_deleted: self
                .settings()
                .team_settings
                .experimental_view_archived_channels,
            term: Some(term.to_owned()),
            limit: AUTOCOMPLETE_LIMIT,
            ..Default::default()
        };
        let me = Some(actor.user_id().to_owned());
        // Guests see only the channels they are in; others also every public one.
        let queries = if actor.is_guest() {
            vec![ChannelListQuery {
                types: vec![CHANNEL_OPEN.into(), CHANNEL_PRIVATE.into()],
                member_of: me,
                ..public
            }]
        } else {
            let private = ChannelListQuery {
                types: vec![CHANNEL_PRIVATE.into()],
                member_of: me,
                ..public.clone()
            };
            vec![public, private]
        };
        let mut found = Vec::new();
        for q in &queries {
            found.extend(self.store.list_channels(q).await?);
        }
        found.sort_by_key(|c| c.display_name.to_lowercase());
        found.truncate(AUTOCOMPLETE_LIMIT as usize);
        Ok(ChannelsAnswer::List(self.with_team_data(found).await?))
    }

    /// The actor's group messages, with the other members of each, by channel id.
    async fn group_members(
        &self,
        actor: &Actor,
        channel_ids: &[String],
    ) -> Result<BTreeMap<String, Vec<User>>> {
        let pairs = self.store.get_members_of_channels(channel_ids).await?;
        let mut user_ids: Vec<String> = pairs.iter().map(|(_, u)| u.clone()).collect();
        user_ids.sort_unstable();
        user_ids.dedup();
        let users: HashMap<String, User> = self
            .store
            .get_users_by_ids(&user_ids)
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let mut out: BTreeMap<String, Vec<User>> = BTreeMap::new();
        let mut is_member: BTreeMap<&str, bool> = BTreeMap::new();
        for (channel, user) in &pairs {
            if actor.is(user) {
                is_member.insert(channel, true);
            } else if let Some(u) = users.get(user) {
                out.entry(channel.clone()).or_default().push(u.clone());
            }
        }
        out.retain(|channel, _| is_member.contains_key(channel.as_str()));
        for list in out.values_mut() {
            list.sort_by(|a, b| a.username.cmp(&b.username));
        }
        Ok(out)
    }

    /// `POST /users/group_channels`: for each of the actor's group messages among `ids` (the
    /// first 50), the other members' profiles.
    pub async fn get_group_channel_profiles(
        &self,
        actor: &Actor,
        ids: &[String],
    ) -> Result<BTreeMap<String, Vec<User>>> {
        let mut ids: Vec<String> = ids
            .iter()
            .take(MAX_GROUP_CHANNELS_FOR_PROFILES)
            .cloned()
            .collect();
        let groups: Vec<String> = self
            .store
            .get_channels_by_ids(&ids)
            .await?
            .into_iter()
            .filter(|c| c.channel_type == CHANNEL_GROUP)
            .map(|c| c.id)
            .collect();
        ids.retain(|id| groups.contains(id));
        let members = self.group_members(actor, &ids).await?;
        Ok(members
            .into_iter()
            .map(|(channel, users)| {
                let users = users
                    .into_iter()
                    .map(|u| self.sanitize_for(actor, u))
                    .collect();
                (channel, users)
            })
            .collect())
    }

    /// `POST /channels/group/search`: the actor's group messages whose members' usernames
    /// contain every word of `term`.
    pub async fn search_group_channels(&self, actor: &Actor, term: &str) -> Result<Vec<Channel>> {
        let words: Vec<String> = term.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let groups: Vec<Channel> = self
            .store
            .get_channels_for_user(actor.user_id(), None, false, 0)
            .await?
            .into_iter()
            .filter(|c| c.channel_type == CHANNEL_GROUP)
            .collect();
        let ids: Vec<String> = groups.iter().map(|c| c.id.clone()).collect();
        let members = self.group_members(actor, &ids).await?;
        let me = actor.user_id();
        let my_name = self
            .store
            .get_user(me)
            .await
            .map(|u| u.username)
            .unwrap_or_default();
        Ok(groups
            .into_iter()
            .filter(|c| {
                let mut names: Vec<String> = members
                    .get(&c.id)
                    .map(|us| us.iter().map(|u| u.username.to_lowercase()).collect())
                    .unwrap_or_default();
                names.push(my_name.to_lowercase());
                let all = names.join(", ");
                words.iter().all(|w| all.contains(w.as_str()))
            })
            .collect())
    }

    /// `GET /users/{user_id}/channel_members`: every membership of the user (all teams, direct
    /// and group messages), ordered by channel id; `page` of `None` means all of them.
    pub async fn get_all_channel_members_for_user(
        &self,
        actor: &Actor,
        user_id: &str,
        page: Option<Page>,
    ) -> Result<Vec<ChannelMemberWithTeamData>> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        let mut members = self
            .store
            .get_channel_members_for_user(user_id, None)
            .await?;
        members.sort_by(|a, b| a.channel_id.cmp(&b.channel_id));
        if let Some(p) = page {
            members = members
                .into_iter()
                .skip(usize::try_from(p.offset()).unwrap_or(usize::MAX))
                .take(usize::try_from(p.per_page).unwrap_or(0))
                .collect();
        }
        let ids: Vec<String> = members.iter().map(|m| m.channel_id.clone()).collect();
        let team_of: HashMap<String, String> = self
            .store
            .get_channels_by_ids(&ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c.team_id))
            .collect();
        let teams: HashMap<String, stoa_model::team::Team> = self
            .store
            .get_teams_for_user(user_id)
            .await?
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect();
        Ok(members
            .into_iter()
            .map(|member| {
                let team = team_of.get(&member.channel_id).and_then(|t| teams.get(t));
                ChannelMemberWithTeamData {
                    team_display_name: team.map(|t| t.display_name.clone()).unwrap_or_default(),
                    team_name: team.map(|t| t.name.clone()).unwrap_or_default(),
                    team_update_at: team.map(|t| t.update_at).unwrap_or_default(),
                    member,
                }
            })
            .collect())
    }
}

fn default_names(exclude: bool) -> Vec<String> {
    if exclude {
        vec![TOWN_SQUARE.into(), OFF_TOPIC.into()]
    } else {
        Vec::new()
    }
}
