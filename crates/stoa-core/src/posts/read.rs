//! Reading posts: a channel's pages, the posts around the first unread, a thread, pinned posts.
//! Every reading returns Mattermost's `PostList`.

use std::collections::{BTreeSet, HashMap};
use stoa_model::channel::Channel;
use stoa_model::post::{Post, PostList};
use stoa_store::{ChannelPostsQuery, OptionalExt, PostWindow, ThreadPostsQuery};

use crate::{Actor, Core, Error, Result, StoreResultExt};

/// Most posts a `since` sync returns (as Mattermost).
const SINCE_LIMIT: i64 = 1000;
/// Most replies a thread read returns without paging.
const THREAD_LIMIT: i64 = 1000;

/// The modes of `GET /channels/{id}/posts`, in the order Mattermost tries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelWindow {
    Since(i64),
    After {
        post_id: String,
        page: i64,
        per_page: i64,
    },
    Before {
        post_id: String,
        page: i64,
        per_page: i64,
    },
    Page {
        page: i64,
        per_page: i64,
    },
}

/// Options of a channel read.
#[derive(Debug, Clone)]
pub struct ChannelReadOptions {
    pub window: ChannelWindow,
    /// Only roots, with thread summaries (collapsed reply threads).
    pub collapsed_threads: bool,
    /// With `collapsed_threads`: full participant users instead of ids.
    pub extended: bool,
    /// Do not add the roots of replies to `posts`.
    pub skip_fetch_threads: bool,
    pub include_deleted: bool,
}

/// Paging of `GET /posts/{id}/thread`.
#[derive(Debug, Clone, Default)]
pub struct ThreadPage {
    /// 0: everything (up to a bound).
    pub per_page: i64,
    /// Continue from this post (its create time) …
    pub from_post: Option<String>,
    pub from_create_at: Option<i64>,
    /// … downwards (newer, the default) or upwards (older).
    pub up: bool,
    pub skip_fetch_threads: bool,
    pub collapsed_threads: bool,
    pub extended: bool,
}

impl Core {
    /// `GET /channels/{id}/posts`.
    pub async fn get_channel_posts(
        &self,
        actor: &Actor,
        channel_id: &str,
        o: ChannelReadOptions,
    ) -> Result<PostList> {
        let channel = self.load_channel(channel_id).await?;
        self.require_channel_read(actor, &channel).await?;
        let roots_only = o.collapsed_threads;
        let query = |window| ChannelPostsQuery {
            channel_id: channel.id.clone(),
            window,
            roots_only,
            include_deleted: o.include_deleted,
        };
        let mut list = PostList::default();
        match &o.window {
            ChannelWindow::Since(since) => {
                let posts = self
                    .store
                    .get_channel_posts(&query(PostWindow::Since {
                        update_at: *since,
                        limit: SINCE_LIMIT,
                    }))
                    .await?;
                for p in posts {
                    list.push_ordered(p);
                }
            }
            ChannelWindow::Page { page, per_page } => {
                let window = PostWindow::Page {
                    offset: page * per_page,
                    limit: *per_page,
                };
                let posts = self.store.get_channel_posts(&query(window)).await?;
                self.set_cursors(&mut list, &channel, &posts, *per_page, roots_only, None)
                    .await?;
                for p in posts {
                    list.push_ordered(p);
                }
            }
            ChannelWindow::Before {
                post_id,
                page,
                per_page,
            } => {
                let at = self.cursor_time(&channel, post_id).await?;
                let window = PostWindow::Before {
                    create_at: at,
                    offset: page * per_page,
                    limit: *per_page,
                };
                let posts = self.store.get_channel_posts(&query(window)).await?;
                let pinned_next = (*page == 0).then(|| post_id.clone());
                self.set_cursors(
                    &mut list,
                    &channel,
                    &posts,
                    *per_page,
                    roots_only,
                    pinned_next.map(Cursor::Next),
                )
                .await?;
                for p in posts {
                    list.push_ordered(p);
                }
            }
            ChannelWindow::After {
                post_id,
                page,
                per_page,
            } => {
                let at = self.cursor_time(&channel, post_id).await?;
                let window = PostWindow::After {
                    create_at: at,
                    offset: page * per_page,
                    limit: *per_page,
                };
                let mut posts = self.store.get_channel_posts(&query(window)).await?;
                posts.reverse();
                let pinned_prev = (*page == 0).then(|| post_id.clone());
                self.set_cursors(
                    &mut list,
                    &channel,
                    &posts,
                    *per_page,
                    roots_only,
                    pinned_prev.map(Cursor::Prev),
                )
                .await?;
                for p in posts {
                    list.push_ordered(p);
                }
            }
        }
        self.finish_list(actor, list, &o_threads(&o)).await
    }

    /// The create time of the post a `before`/`after` cursor names.
    async fn cursor_time(&self, channel: &Channel, post_id: &str) -> Result<i64> {
        let post = self
            .store
            .get_post(post_id)
            .await
            .optional()?
            .filter(|p| p.channel_id == channel.id);
        post.map(|p| p.create_at)
            .ok_or_else(|| Error::invalid_param("post_id"))
    }

    /// `next_post_id` (newer) and `prev_post_id` (older) around `posts` (newest first). A cursor
    /// a request named stays as given on its first page.
    async fn set_cursors(
        &self,
        list: &mut PostList,
        channel: &Channel,
        posts: &[Post],
        per_page: i64,
        roots_only: bool,
        given: Option<Cursor>,
    ) -> Result<()> {
        if let (Some(newest), Some(oldest)) = (posts.first(), posts.last()) {
            list.next_post_id = self
                .store
                .get_adjacent_post_id(&channel.id, newest.create_at, false, roots_only)
                .await?
                .unwrap_or_default();
            list.prev_post_id = if (posts.len() as i64) < per_page {
                String::new()
            } else {
                self.store
                    .get_adjacent_post_id(&channel.id, oldest.create_at, true, roots_only)
                    .await?
                    .unwrap_or_default()
            };
        }
        match given {
            Some(Cursor::Next(id)) => list.next_post_id = id,
            Some(Cursor::Prev(id)) => list.prev_post_id = id,
            None => {}
        }
        Ok(())
    }

    /// `GET /users/{user_id}/channels/{channel_id}/posts/unread`: posts up to the last one read
    /// and after it.
    pub async fn get_posts_around_unread(
        &self,
        actor: &Actor,
        user_id: &str,
        channel_id: &str,
        limit_before: i64,
        limit_after: i64,
        threads: ThreadOpts,
    ) -> Result<PostList> {
        if !actor.is(user_id) {
            return Err(Error::forbidden(crate::perm::EDIT_OTHER_USERS.0));
        }
        let channel = self.load_channel(channel_id).await?;
        self.require_channel_read(actor, &channel).await?;
        let member = self
            .store
            .get_channel_member(channel_id, user_id)
            .await
            .or_not_found("channel_member")?;
        let (limit_before, limit_after) = (limit_before.clamp(0, 200), limit_after.clamp(1, 200));
        let roots_only = threads.collapsed;
        let q = |window| ChannelPostsQuery {
            channel_id: channel.id.clone(),
            window,
            roots_only,
            include_deleted: false,
        };
        // "Before" includes the last read post itself: posts at or before last_viewed_at.
        let mut older = self
            .store
            .get_channel_posts(&q(PostWindow::Before {
                create_at: member.last_viewed_at + 1,
                offset: 0,
                limit: limit_before,
            }))
            .await?;
        let mut newer = self
            .store
            .get_channel_posts(&q(PostWindow::After {
                create_at: member.last_viewed_at,
                offset: 0,
                limit: limit_after,
            }))
            .await?;
        newer.reverse();
        let next_post_id = if (newer.len() as i64) < limit_after {
            String::new()
        } else {
            match newer.first() {
                Some(n) => self
                    .store
                    .get_adjacent_post_id(&channel.id, n.create_at, false, roots_only)
                    .await?
                    .unwrap_or_default(),
                None => String::new(),
            }
        };
        let prev_post_id = if (older.len() as i64) < limit_before {
            String::new()
        } else {
            match older.last() {
                Some(o) => self
                    .store
                    .get_adjacent_post_id(&channel.id, o.create_at, true, roots_only)
                    .await?
                    .unwrap_or_default(),
                None => String::new(),
            }
        };
        let mut list = PostList {
            next_post_id,
            prev_post_id,
            ..Default::default()
        };
        for p in newer.into_iter().chain(older.drain(..)) {
            list.push_ordered(p);
        }
        self.finish_list(actor, list, &threads).await
    }

    /// `GET /posts/{id}/thread`: the requested post first, then the thread (root and replies)
    /// oldest first, or newest first with `direction=up`, from a cursor, as Mattermost pages it.
    pub async fn get_post_thread(
        &self,
        actor: &Actor,
        post_id: &str,
        page: ThreadPage,
    ) -> Result<PostList> {
        let (post, _) = self.readable_post(actor, post_id, false).await?;
        let from = match (&page.from_post, page.from_create_at) {
            (Some(id), _) if !id.is_empty() => {
                let p = self.store.get_post(id).await.or_not_found("post")?;
                Some((p.create_at, Some(p.id)))
            }
            (_, Some(at)) if at > 0 => Some((at, None)),
            _ => None,
        };
        let per_page = page.per_page.clamp(0, 200);
        let q = ThreadPostsQuery {
            root_id: post.thread_id().to_owned(),
            from,
            newest_first: page.up,
            limit: if per_page > 0 {
                per_page + 1
            } else {
                THREAD_LIMIT
            },
            include_deleted: false,
        };
        let mut posts = self.store.get_thread_posts(&q).await?;
        let has_next = per_page > 0 && posts.len() as i64 > per_page;
        if has_next {
            posts.truncate(per_page as usize);
        }
        let mut list = PostList {
            has_next: Some(has_next),
            ..Default::default()
        };
        list.push_ordered(post.clone());
        for p in posts.into_iter().filter(|p| p.id != post.id) {
            list.push_ordered(p);
        }
        let opts = ThreadOpts {
            collapsed: page.collapsed_threads,
            extended: page.extended,
            skip_fetch_threads: true,
        };
        self.finish_list(actor, list, &opts).await
    }

    /// `GET /channels/{id}/pinned`.
    pub async fn get_pinned_posts(&self, actor: &Actor, channel_id: &str) -> Result<PostList> {
        let channel = self.load_channel(channel_id).await?;
        self.require_channel_read(actor, &channel).await?;
        let mut list = PostList::default();
        for p in self.store.get_pinned_posts(channel_id).await? {
            list.push_ordered(p);
        }
        self.finish_list(actor, list, &ThreadOpts::default()).await
    }

    /// Adds thread roots of replies, thread summaries for collapsed threads, and metadata.
    pub(crate) async fn finish_list(
        &self,
        actor: &Actor,
        mut list: PostList,
        o: &ThreadOpts,
    ) -> Result<PostList> {
        if !o.skip_fetch_threads {
            let missing: BTreeSet<String> = list
                .posts
                .values()
                .filter(|p| !p.root_id.is_empty() && !list.posts.contains_key(&p.root_id))
                .map(|p| p.root_id.clone())
                .collect();
            if !missing.is_empty() {
                let ids: Vec<String> = missing.into_iter().collect();
                for root in self.store.get_posts_by_ids(&ids).await? {
                    list.add_unordered(root);
                }
            }
        }
        if o.collapsed {
            self.add_thread_summaries(actor, &mut list, o.extended)
                .await?;
        }
        let posts: Vec<Post> = std::mem::take(&mut list.posts).into_values().collect();
        for p in self.prepare_posts(actor, posts).await? {
            list.posts.insert(p.id.clone(), p);
        }
        Ok(list)
    }

    /// `participants` and `is_following` of roots, for collapsed reply threads.
    async fn add_thread_summaries(
        &self,
        actor: &Actor,
        list: &mut PostList,
        extended: bool,
    ) -> Result<()> {
        let roots: Vec<String> = list
            .posts
            .values()
            .filter(|p| p.is_root())
            .map(|p| p.id.clone())
            .collect();
        let threads = self.store.get_threads(&roots).await?;
        let following: HashMap<String, bool> = self
            .store
            .get_following(&roots, actor.user_id())
            .await?
            .into_iter()
            .collect();
        let mut user_ids: BTreeSet<String> = BTreeSet::new();
        if extended {
            for t in &threads {
                user_ids.extend(t.participants.iter().cloned());
            }
        }
        let users = self
            .participant_users(actor, user_ids.into_iter().collect())
            .await?;
        for t in threads {
            if let Some(p) = list.posts.get_mut(&t.post_id) {
                p.participants = Some(
                    t.participants
                        .iter()
                        .map(|id| users.get(id).cloned().unwrap_or_else(|| id_only(id)))
                        .collect(),
                );
                p.is_following = following.get(&t.post_id).copied();
            }
        }
        Ok(())
    }

    /// Sanitised users by id (for thread participants).
    pub(crate) async fn participant_users(
        &self,
        actor: &Actor,
        ids: Vec<String>,
    ) -> Result<HashMap<String, stoa_model::user::User>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let users = self.store.get_users_by_ids(&ids).await?;
        Ok(users
            .into_iter()
            .map(|u| (u.id.clone(), self.sanitize_for(actor, u)))
            .collect())
    }
}

/// A user carrying only its id (participants of non-extended thread reads).
pub(crate) fn id_only(id: &str) -> stoa_model::user::User {
    stoa_model::user::User {
        id: id.to_owned(),
        ..Default::default()
    }
}

/// How replies and threads appear in a list.
#[derive(Debug, Clone, Default)]
pub struct ThreadOpts {
    pub collapsed: bool,
    pub extended: bool,
    pub skip_fetch_threads: bool,
}

fn o_threads(o: &ChannelReadOptions) -> ThreadOpts {
    ThreadOpts {
        collapsed: o.collapsed_threads,
        extended: o.extended,
        skip_fetch_threads: o.skip_fetch_threads,
    }
}

enum Cursor {
    Next(String),
    Prev(String),
}
