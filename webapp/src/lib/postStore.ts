// The cached posts of a channel or a thread, keyed by id so that a refetch, a live event and the
// answer to our own request can all deliver the same post without duplicating it. Pure functions.

import type { Post, PostList, Reaction } from '../api/types';
import { POSTS_PER_PAGE } from '../api/endpoints';

/**
 * A contiguous window of a channel's (or a thread's) posts. Usually it reaches the newest post;
 * after a jump to an old post (a permalink, the first unread far back) it may not, and then
 * `hasNewer` is set: live posts are not added to it (that would leave a hole), they are loaded
 * by scrolling down or jumping to the newest.
 */
export interface PostCache {
  posts: Record<string, Post>;
  /** Whether older posts exist on the server (load them on scroll up). */
  hasOlder: boolean;
  /** Whether newer posts exist on the server than the window holds. */
  hasNewer?: boolean;
}

export const EMPTY_CACHE: PostCache = { posts: {}, hasOlder: false };

/** The posts of a list (those in `order`; `posts` may hold extra thread roots). */
export function fromPostList(
  list: PostList,
  opts: { rootsOnly: boolean; perPage?: number; hasNewer?: boolean },
): PostCache {
  const posts: Record<string, Post> = {};
  for (const id of list.order) {
    const p = list.posts[id];
    if (!p || p.delete_at > 0) continue;
    if (opts.rootsOnly && p.root_id) continue;
    posts[id] = p;
  }
  const cache: PostCache = { posts, hasOlder: list.order.length >= (opts.perPage ?? POSTS_PER_PAGE) };
  if (opts.hasNewer) cache.hasNewer = true;
  return cache;
}

/**
 * A window around a post or the first unread: `prev_post_id`/`next_post_id` tell whether the
 * server has posts beyond it (`""` when the window reaches the start or the newest post).
 */
export function fromPostWindow(list: PostList, extra: readonly Post[] = [], rootsOnly = true): PostCache {
  const posts: Record<string, Post> = {};
  for (const p of extra) if (p.delete_at === 0 && !(rootsOnly && p.root_id)) posts[p.id] = p;
  for (const id of list.order) {
    const p = list.posts[id];
    if (!p || p.delete_at > 0 || (rootsOnly && p.root_id)) continue;
    posts[id] = p;
  }
  const cache: PostCache = { posts, hasOlder: list.prev_post_id !== '' };
  if (list.next_post_id) cache.hasNewer = true;
  return cache;
}

/** Joins two adjacent windows (an older and a newer one around a post). */
export function joinWindows(older: PostCache, newer: PostCache): PostCache {
  const cache: PostCache = { posts: { ...older.posts, ...newer.posts }, hasOlder: older.hasOlder };
  if (newer.hasNewer) cache.hasNewer = true;
  return cache;
}

function oldestCreateAt(c: PostCache): number {
  let min = Infinity;
  for (const p of Object.values(c.posts)) min = Math.min(min, p.create_at);
  return min;
}

/**
 * Merges a fresh newest page into what is cached. When the page does not reach back to anything
 * cached (more was missed than one page holds), the cache is replaced so it has no hole. Cached
 * posts inside the fetched page's time range that it no longer holds were deleted.
 */
export function mergeNewest(existing: PostCache | undefined, fresh: PostCache): PostCache {
  if (!existing || Object.keys(existing.posts).length === 0) return fresh;
  // A window far back in history: the newest page replaces it (no hole between the two).
  if (existing.hasNewer) return fresh;
  // Posts newer than the page arrived live while it was being read: they stay.
  const newest = newestCreateAt(fresh);
  const arrived: Record<string, Post> = {};
  if (newest > -Infinity) {
    for (const [id, p] of Object.entries(existing.posts)) if (p.create_at > newest && !(id in fresh.posts)) arrived[id] = p;
  }
  // A short page is the whole channel.
  if (!fresh.hasOlder) return { ...fresh, posts: { ...fresh.posts, ...arrived } };
  const freshIds = Object.keys(fresh.posts);
  const overlaps = freshIds.some((id) => id in existing.posts);
  if (!overlaps) return { ...fresh, posts: { ...fresh.posts, ...arrived } };
  const from = oldestCreateAt(fresh);
  const posts: Record<string, Post> = {};
  for (const [id, p] of Object.entries(existing.posts)) {
    if (p.create_at < from) posts[id] = p;
  }
  Object.assign(posts, fresh.posts, arrived);
  return { posts, hasOlder: existing.hasOlder || fresh.hasOlder };
}

function newestCreateAt(c: PostCache): number {
  let max = -Infinity;
  for (const p of Object.values(c.posts)) max = Math.max(max, p.create_at);
  return max;
}

/** Adds a page of older posts. */
export function mergeOlder(existing: PostCache | undefined, older: PostCache): PostCache {
  const cache: PostCache = { posts: { ...older.posts, ...(existing?.posts ?? {}) }, hasOlder: older.hasOlder };
  if (existing?.hasNewer) cache.hasNewer = true;
  return cache;
}

/** Adds a page of newer posts (scrolling down a window that does not reach the newest). */
export function mergeNewer(existing: PostCache | undefined, newer: PostCache): PostCache {
  const cache: PostCache = {
    posts: { ...(existing?.posts ?? {}), ...newer.posts },
    hasOlder: existing?.hasOlder ?? false,
  };
  if (newer.hasNewer) cache.hasNewer = true;
  return cache;
}

/** A live post for the channel window: added only when the window reaches the newest post. */
export function appendLive(c: PostCache | undefined, post: Post): PostCache | undefined {
  if (!c || c.hasNewer) return c;
  return upsertPost(c, post);
}

/** Adds or replaces one post (a newer `update_at` wins); a deleted post is removed. */
export function upsertPost(c: PostCache | undefined, post: Post): PostCache {
  const base = c ?? EMPTY_CACHE;
  if (post.delete_at > 0) return removePost(base, post.id);
  const old = base.posts[post.id];
  if (old && old.update_at > post.update_at) return base;
  // Live events may omit metadata the cached copy has (reactions, files): keep it.
  const merged: Post = old
    ? {
        ...post,
        metadata: post.metadata ?? old.metadata,
        reply_count: post.reply_count ?? old.reply_count,
        last_reply_at: post.last_reply_at ?? old.last_reply_at,
      }
    : post;
  return { ...base, posts: { ...base.posts, [post.id]: merged } };
}

/** Replaces a post the cache already holds (an edit); others are left out, so no hole appears. */
export function updatePost(c: PostCache | undefined, post: Post): PostCache | undefined {
  if (!c || !(post.id in c.posts)) return c;
  return upsertPost(c, post);
}

export function removePost(c: PostCache, id: string): PostCache {
  if (!(id in c.posts)) return c;
  const posts = { ...c.posts };
  delete posts[id];
  return { ...c, posts };
}

/**
 * A reply arrived (or was deleted): the root's reply count follows. A reply not newer than the
 * root's `last_reply_at` is already counted (the root was fetched after it), so it is skipped.
 */
export function applyReply(c: PostCache | undefined, reply: Post, deleted = false): PostCache | undefined {
  if (!c || !reply.root_id) return c;
  const root = c.posts[reply.root_id];
  if (!root) return c;
  let next: Post;
  if (deleted) {
    next = { ...root, reply_count: Math.max(0, (root.reply_count ?? 0) - 1) };
  } else {
    if (reply.create_at <= (root.last_reply_at ?? 0)) return c;
    next = { ...root, reply_count: (root.reply_count ?? 0) + 1, last_reply_at: reply.create_at };
  }
  return { ...c, posts: { ...c.posts, [root.id]: next } };
}

/** Adds or removes a reaction in a post's metadata (idempotent). */
export function applyReaction(post: Post, r: Reaction, added: boolean): Post {
  const list = post.metadata?.reactions ?? [];
  const same = (x: Reaction) => x.user_id === r.user_id && x.emoji_name === r.emoji_name;
  const rest = list.filter((x) => !same(x));
  const reactions = added ? [...rest, r] : rest;
  if (!added && rest.length === list.length) return post;
  return { ...post, metadata: { ...post.metadata, reactions } };
}

export function applyReactionToCache(c: PostCache | undefined, r: Reaction, added: boolean): PostCache | undefined {
  const post = c?.posts[r.post_id];
  if (!c || !post) return c;
  const next = applyReaction(post, r, added);
  if (next === post) return c;
  return { ...c, posts: { ...c.posts, [post.id]: next } };
}

export interface ReactionSummary {
  emoji: string;
  count: number;
  mine: boolean;
  userIds: string[];
}

/** Reactions grouped by emoji, in the order each emoji was first used. */
export function summarizeReactions(reactions: readonly Reaction[], myId: string): ReactionSummary[] {
  const sorted = [...reactions].sort((a, b) => a.create_at - b.create_at);
  const by = new Map<string, ReactionSummary>();
  for (const r of sorted) {
    let s = by.get(r.emoji_name);
    if (!s) {
      s = { emoji: r.emoji_name, count: 0, mine: false, userIds: [] };
      by.set(r.emoji_name, s);
    }
    s.count += 1;
    s.userIds.push(r.user_id);
    if (r.user_id === myId) s.mine = true;
  }
  return [...by.values()];
}
