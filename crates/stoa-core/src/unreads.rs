//! Unread state across channels and teams, and marking a channel unread from a post.

use serde::Serialize;
use stoa_model::channel::{CHANNEL_DIRECT, CHANNEL_GROUP};
use stoa_model::team::TeamUnread;

use crate::events::Event;
use crate::posts::mentions;
use crate::{Actor, Core, Error, Result, StoreResultExt, perm};

/// Most posts re-read to recount mentions when marking unread.
const RECOUNT_LIMIT: i64 = 5000;

/// Reply of `POST /users/{user_id}/posts/{post_id}/set_unread` (Mattermost's `ChannelUnreadAt`):
/// the counts are unread ones (total minus seen), as in `ChannelUnread`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChannelUnreadAt {
    pub team_id: String,
    pub user_id: String,
    pub channel_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub msg_count_root: i64,
    pub last_viewed_at: i64,
}

impl Core {
    /// `GET /users/{user_id}/teams/unread`: per team, unread messages (muted channels left out)
    /// and mentions, and with collapsed threads the followed threads' unread state.
    pub async fn get_teams_unread(
        &self,
        actor: &Actor,
        user_id: &str,
        exclude_team: Option<&str>,
        include_threads: bool,
    ) -> Result<Vec<TeamUnread>> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        let teams = self.store.get_team_members_for_user(user_id).await?;
        let counters = self.store.get_channel_counters_for_user(user_id).await?;
        let mut out = Vec::new();
        for tm in teams
            .iter()
            .filter(|t| Some(t.team_id.as_str()) != exclude_team)
        {
            let mut u = TeamUnread {
                team_id: tm.team_id.clone(),
                ..Default::default()
            };
            for c in counters.iter().filter(|c| c.team_id == tm.team_id) {
                if !c.muted {
                    u.msg_count += (c.total_msg_count - c.msg_count).max(0);
                    u.msg_count_root += (c.total_msg_count_root - c.msg_count_root).max(0);
                }
                u.mention_count += c.mention_count;
                u.mention_count_root += c.mention_count_root;
            }
            if include_threads {
                let t = self.store.count_user_threads(user_id, &tm.team_id).await?;
                u.thread_count = t.unread_threads;
                u.thread_mention_count = t.unread_mentions;
                u.thread_urgent_mention_count = t.unread_urgent_mentions;
            }
            out.push(u);
        }
        Ok(out)
    }

    /// `GET /users/{user_id}/teams/{team_id}/unread`.
    pub async fn get_team_unread(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
    ) -> Result<TeamUnread> {
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let all = self.get_teams_unread(actor, user_id, None, true).await?;
        all.into_iter()
            .find(|t| t.team_id == team_id)
            .ok_or_else(|| Error::not_found("team_member"))
    }

    /// `POST /users/{user_id}/posts/{post_id}/set_unread`: the channel reads as unread from this
    /// post on, with its mentions counted again.
    pub async fn mark_unread_from_post(
        &self,
        actor: &Actor,
        user_id: &str,
        post_id: &str,
    ) -> Result<ChannelUnreadAt> {
        if !actor.is(user_id) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        let (post, channel) = self.readable_post(actor, post_id, false).await?;
        let mut member = self
            .store
            .get_channel_member(&channel.id, user_id)
            .await
            .or_not_found("channel_member")?;
        let from = self
            .store
            .count_posts_from(&channel.id, post.create_at)
            .await?;
        let posts = self
            .store
            .get_posts_from(&channel.id, post.create_at, RECOUNT_LIMIT)
            .await?;
        let candidates = self.mention_candidates(&channel.id).await?;
        let me: Vec<_> = candidates
            .iter()
            .filter(|m| m.user_id == user_id)
            .cloned()
            .collect();
        let direct =
            channel.channel_type == CHANNEL_DIRECT || channel.channel_type == CHANNEL_GROUP;
        let (mut mentions_all, mut mentions_root) = (0, 0);
        for p in posts
            .iter()
            .filter(|p| p.user_id != user_id && !p.is_system())
        {
            let found = mentions::parse(&p.message, &me);
            if direct || found.users.contains(user_id) || found.channel {
                mentions_all += 1;
                if p.is_root() {
                    mentions_root += 1;
                }
            }
        }
        member.last_viewed_at = post.create_at - 1;
        member.msg_count = (channel.total_msg_count - from.all).max(0);
        member.msg_count_root = (channel.total_msg_count_root - from.roots).max(0);
        member.mention_count = mentions_all;
        member.mention_count_root = mentions_root;
        member.urgent_mention_count = 0;
        member.last_update_at = stoa_model::now_ms();
        self.store.update_channel_member(&member).await?;
        let unread = ChannelUnreadAt {
            team_id: channel.team_id.clone(),
            user_id: user_id.to_owned(),
            channel_id: channel.id.clone(),
            msg_count: from.all,
            mention_count: member.mention_count,
            mention_count_root: member.mention_count_root,
            urgent_mention_count: 0,
            msg_count_root: from.roots,
            last_viewed_at: member.last_viewed_at,
        };
        let mut ev = Event::new("post_unread");
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(&unread) {
            for (k, v) in fields {
                ev = ev.with(&k, v);
            }
        }
        // The user receives it; the web app reads the channel and team from the envelope.
        self.publish(
            ev.with("post_id", post_id)
                .to_user(user_id)
                .to_channel(&channel.id)
                .to_team(&channel.team_id),
        );
        Ok(unread)
    }
}
