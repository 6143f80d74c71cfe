//! Collapsed reply threads as a user sees them: the threads they follow, read state, and
//! following.

use stoa_model::now_ms;
use stoa_model::thread::{ThreadResponse, Threads};
use stoa_store::{OptionalExt, ThreadMembership, UserThread, UserThreadsQuery};

use crate::events::Event;
use crate::posts::mentions;
use crate::{Actor, Core, Error, Result, StoreResultExt, perm};

/// Options of `GET /users/{id}/teams/{team_id}/threads`.
#[derive(Debug, Clone, Default)]
pub struct ThreadListOptions {
    pub since: i64,
    pub deleted: bool,
    pub extended: bool,
    pub unread: bool,
    /// Thread ids: list threads older / newer than this one.
    pub before: Option<String>,
    pub after: Option<String>,
    pub per_page: i64,
    pub totals_only: bool,
    pub threads_only: bool,
}

impl Core {
    fn require_self(&self, actor: &Actor, user_id: &str) -> Result<()> {
        if actor.is(user_id) {
            Ok(())
        } else {
            Err(Error::forbidden(perm::EDIT_OTHER_USERS.0))
        }
    }

    /// A thread as `user_id` sees it.
    pub(crate) async fn thread_response(
        &self,
        user_id: &str,
        root_id: &str,
        extended: bool,
    ) -> Result<ThreadResponse> {
        let ut = self
            .store
            .get_user_thread(user_id, root_id)
            .await
            .or_not_found("thread")?;
        let viewer = Actor::new(stoa_model::session::Session {
            user_id: user_id.to_owned(),
            roles: "system_user".into(),
            ..Default::default()
        });
        let mut v = self.thread_responses(&viewer, vec![ut], extended).await?;
        v.pop().ok_or_else(|| Error::not_found("thread"))
    }

    async fn thread_responses(
        &self,
        actor: &Actor,
        threads: Vec<UserThread>,
        extended: bool,
    ) -> Result<Vec<ThreadResponse>> {
        let ids: Vec<String> = threads.iter().map(|t| t.thread.post_id.clone()).collect();
        let roots = self.store.get_posts_by_ids(&ids).await?;
        let roots = self.prepare_posts(actor, roots).await?;
        let users = if extended {
            let mut all: Vec<String> = threads
                .iter()
                .flat_map(|t| t.thread.participants.clone())
                .collect();
            all.sort();
            all.dedup();
            self.participant_users(actor, all).await?
        } else {
            Default::default()
        };
        let mut out = Vec::with_capacity(threads.len());
        for t in threads {
            let Some(post) = roots.iter().find(|p| p.id == t.thread.post_id).cloned() else {
                continue;
            };
            let participants = t
                .thread
                .participants
                .iter()
                .map(|id| {
                    users
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| crate::posts::read_id_only(id))
                })
                .collect();
            out.push(ThreadResponse {
                id: t.thread.post_id.clone(),
                reply_count: t.thread.reply_count,
                last_reply_at: t.thread.last_reply_at,
                last_viewed_at: t.membership.last_viewed,
                participants,
                post,
                unread_replies: t.unread_replies,
                unread_mentions: t.membership.unread_mentions,
                is_urgent: t.membership.urgent_mentions > 0,
                delete_at: t.thread.delete_at,
            });
        }
        Ok(out)
    }

    /// `GET /users/{user_id}/teams/{team_id}/threads`.
    pub async fn get_user_threads(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        o: ThreadListOptions,
    ) -> Result<Threads> {
        self.require_self(actor, user_id)?;
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let totals = self.store.count_user_threads(user_id, team_id).await?;
        let mut out = Threads {
            total: totals.total,
            total_unread_threads: totals.unread_threads,
            total_unread_mentions: totals.unread_mentions,
            total_unread_urgent_mentions: totals.unread_urgent_mentions,
            threads: Vec::new(),
        };
        if o.totals_only {
            return Ok(out);
        }
        let before = self.thread_cursor(o.before.as_deref()).await?;
        let after = self.thread_cursor(o.after.as_deref()).await?;
        let q = UserThreadsQuery {
            user_id: user_id.to_owned(),
            team_id: team_id.to_owned(),
            since: o.since,
            unread_only: o.unread,
            include_deleted: o.deleted,
            before,
            after,
            limit: if o.per_page <= 0 {
                25
            } else {
                o.per_page.min(200)
            },
        };
        let threads = self.store.get_user_threads(&q).await?;
        out.threads = self.thread_responses(actor, threads, o.extended).await?;
        if o.threads_only {
            out.total = 0;
            out.total_unread_threads = 0;
            out.total_unread_mentions = 0;
            out.total_unread_urgent_mentions = 0;
        }
        Ok(out)
    }

    /// The last reply time of a thread named as a list cursor.
    async fn thread_cursor(&self, id: Option<&str>) -> Result<Option<i64>> {
        match id.filter(|i| !i.is_empty()) {
            Some(id) => Ok(Some(
                self.store
                    .get_thread(id)
                    .await
                    .or_not_found("thread")?
                    .last_reply_at,
            )),
            None => Ok(None),
        }
    }

    /// `GET /users/{user_id}/teams/{team_id}/threads/{thread_id}`.
    pub async fn get_user_thread(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        extended: bool,
    ) -> Result<ThreadResponse> {
        self.require_self(actor, user_id)?;
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        self.readable_post(actor, thread_id, true).await?;
        let ut = self
            .store
            .get_user_thread(user_id, thread_id)
            .await
            .or_not_found("thread")?;
        self.thread_responses(actor, vec![ut], extended)
            .await?
            .pop()
            .ok_or_else(|| Error::not_found("thread"))
    }

    /// `PUT|DELETE /users/{user_id}/teams/{team_id}/threads/{thread_id}/following`.
    pub async fn set_thread_following(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        following: bool,
    ) -> Result<()> {
        self.require_self(actor, user_id)?;
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let (post, _) = self.readable_post(actor, thread_id, false).await?;
        if !post.is_root() {
            return Err(Error::invalid_url_param("thread_id"));
        }
        let mut m = self
            .store
            .get_thread_membership(thread_id, user_id)
            .await
            .optional()?
            .unwrap_or(ThreadMembership {
                post_id: thread_id.to_owned(),
                user_id: user_id.to_owned(),
                last_viewed: now_ms(),
                ..Default::default()
            });
        m.following = following;
        m.last_updated = now_ms();
        self.store.save_thread_membership(&m).await?;
        let reply_count = self
            .store
            .get_thread(thread_id)
            .await
            .optional()?
            .map(|t| t.reply_count)
            .unwrap_or(0);
        self.publish(
            Event::new("thread_follow_changed")
                .with("thread_id", thread_id)
                .with("state", following)
                .with("reply_count", reply_count)
                .to_user(user_id),
        );
        Ok(())
    }

    /// `PUT /users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}`: everything up
    /// to `timestamp` is read.
    pub async fn mark_thread_read(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        timestamp: i64,
    ) -> Result<ThreadResponse> {
        self.require_self(actor, user_id)?;
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let (_, channel) = self.readable_post(actor, thread_id, false).await?;
        let mut m = self
            .store
            .get_thread_membership(thread_id, user_id)
            .await
            .or_not_found("thread")?;
        let mentions_before = m.unread_mentions;
        m.last_viewed = timestamp.max(0);
        m.unread_mentions = self
            .count_thread_mentions(&channel.id, thread_id, user_id, m.last_viewed)
            .await?;
        m.urgent_mentions = 0;
        m.last_updated = now_ms();
        self.store.save_thread_membership(&m).await?;
        // The phones show the thread's pushes until it is read.
        if m.unread_mentions < mentions_before && self.pushes_on() {
            self.clear_push(user_id, &channel.id, thread_id, &actor.session.id);
        }
        let thread = self.thread_response(user_id, thread_id, false).await?;
        self.publish(
            Event::new("thread_read_changed")
                .with("thread_id", thread_id)
                .with("timestamp", m.last_viewed)
                .with("unread_mentions", thread.unread_mentions)
                .with("unread_replies", thread.unread_replies)
                .with("channel_id", channel.id.clone())
                .to_user(user_id),
        );
        Ok(thread)
    }

    /// `POST /users/{user_id}/teams/{team_id}/threads/{thread_id}/set_unread/{post_id}`.
    pub async fn mark_thread_unread(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        post_id: &str,
    ) -> Result<ThreadResponse> {
        let (post, _) = self.readable_post(actor, post_id, false).await?;
        if post.thread_id() != thread_id {
            return Err(Error::invalid_url_param("post_id"));
        }
        self.mark_thread_read(actor, user_id, team_id, thread_id, post.create_at - 1)
            .await
    }

    /// `PUT /users/{user_id}/teams/{team_id}/threads/read`: every followed thread of the team read.
    pub async fn mark_all_threads_read(
        &self,
        actor: &Actor,
        user_id: &str,
        team_id: &str,
    ) -> Result<()> {
        self.require_self(actor, user_id)?;
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        let now = now_ms();
        let q = UserThreadsQuery {
            user_id: user_id.to_owned(),
            team_id: team_id.to_owned(),
            unread_only: true,
            limit: 10_000,
            ..Default::default()
        };
        for t in self.store.get_user_threads(&q).await? {
            let mut m = t.membership;
            m.last_viewed = now;
            m.unread_mentions = 0;
            m.urgent_mentions = 0;
            m.last_updated = now;
            self.store.save_thread_membership(&m).await?;
        }
        self.publish(
            Event::new("thread_read_changed")
                .with("timestamp", now)
                .with("team_id", team_id)
                .to_user(user_id),
        );
        Ok(())
    }

    /// Replies after `since` in a thread that mention the user.
    async fn count_thread_mentions(
        &self,
        channel_id: &str,
        root_id: &str,
        user_id: &str,
        since: i64,
    ) -> Result<i64> {
        let members = self.mention_candidates(channel_id).await?;
        let Some(me) = members.iter().find(|m| m.user_id == user_id).cloned() else {
            return Ok(0);
        };
        let q = stoa_store::ThreadPostsQuery {
            root_id: root_id.to_owned(),
            from: Some((since, None)),
            ..Default::default()
        };
        let posts = self.store.get_thread_posts(&q).await?;
        let mentioned = posts
            .iter()
            .filter(|p| p.id != root_id && p.user_id != user_id)
            .filter(|p| {
                let found = mentions::parse(&p.message, std::slice::from_ref(&me));
                found.users.contains(user_id) || found.channel
            })
            .count();
        Ok(mentioned as i64)
    }
}
