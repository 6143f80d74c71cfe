import { describe, expect, it } from 'vitest';
import type { Post, PostList } from '../api/types';
import {
  applyReaction,
  applyReply,
  fromPostList,
  mergeNewest,
  mergeOlder,
  summarizeReactions,
  upsertPost,
  type PostCache,
} from './postStore';

function post(id: string, at: number, over: Partial<Post> = {}): Post {
  return {
    id,
    create_at: at,
    update_at: at,
    edit_at: 0,
    delete_at: 0,
    user_id: 'u',
    channel_id: 'c',
    root_id: '',
    message: id,
    type: '',
    props: {},
    ...over,
  };
}

function list(posts: Post[]): PostList {
  const sorted = [...posts].sort((a, b) => b.create_at - a.create_at);
  return {
    order: sorted.map((p) => p.id),
    posts: Object.fromEntries(posts.map((p) => [p.id, p])),
    next_post_id: '',
    prev_post_id: '',
  };
}

const ids = (c: PostCache) => Object.keys(c.posts).sort();

describe('post cache', () => {
  it('keeps roots only for the channel view, and knows when older posts exist', () => {
    const c = fromPostList(list([post('a', 1), post('r', 2, { root_id: 'a' })]), { rootsOnly: true, perPage: 2 });
    expect(ids(c)).toEqual(['a']);
    expect(c.hasOlder).toBe(true);
    expect(fromPostList(list([post('a', 1)]), { rootsOnly: true, perPage: 2 }).hasOlder).toBe(false);
  });

  it('merges a refetched newest page without duplicates and keeps older pages', () => {
    const cached: PostCache = { posts: { a: post('a', 1), b: post('b', 2), c: post('c', 3) }, hasOlder: true };
    const fresh: PostCache = { posts: { c: post('c', 3), d: post('d', 4) }, hasOlder: true };
    const merged = mergeNewest(cached, fresh);
    expect(ids(merged)).toEqual(['a', 'b', 'c', 'd']);
    expect(merged.hasOlder).toBe(true);
  });

  it('drops cached posts the refetched page no longer has (deleted meanwhile)', () => {
    const cached: PostCache = { posts: { a: post('a', 1), b: post('b', 2), c: post('c', 3) }, hasOlder: true };
    const fresh: PostCache = { posts: { b: post('b', 2), d: post('d', 4) }, hasOlder: true };
    expect(ids(mergeNewest(cached, fresh))).toEqual(['a', 'b', 'd']);
  });

  it('replaces the cache when the new page does not reach back to it', () => {
    const cached: PostCache = { posts: { a: post('a', 1) }, hasOlder: false };
    const fresh: PostCache = { posts: { x: post('x', 50), y: post('y', 51) }, hasOlder: true };
    expect(mergeNewest(cached, fresh)).toEqual(fresh);
  });

  it('keeps posts that arrived live while the page was being read', () => {
    const cached: PostCache = { posts: { b: post('b', 2), c: post('c', 3), live: post('live', 9) }, hasOlder: true };
    const page: PostCache = { posts: { b: post('b', 2), c: post('c', 3) }, hasOlder: true };
    expect(ids(mergeNewest(cached, page))).toEqual(['b', 'c', 'live']);
    const whole: PostCache = { posts: { c: post('c', 3) }, hasOlder: false };
    expect(ids(mergeNewest(cached, whole))).toEqual(['c', 'live']);
  });

  it('adds older pages', () => {
    const cached: PostCache = { posts: { c: post('c', 3) }, hasOlder: true };
    const older = mergeOlder(cached, { posts: { a: post('a', 1), b: post('b', 2) }, hasOlder: false });
    expect(ids(older)).toEqual(['a', 'b', 'c']);
    expect(older.hasOlder).toBe(false);
  });

  it('upserts by id, newest update wins, deleted posts go', () => {
    let c: PostCache = { posts: {}, hasOlder: false };
    c = upsertPost(c, post('a', 1));
    c = upsertPost(c, post('a', 1));
    expect(ids(c)).toEqual(['a']);
    c = upsertPost(c, post('a', 1, { message: 'edited', update_at: 5, edit_at: 5 }));
    c = upsertPost(c, post('a', 1, { message: 'stale', update_at: 2 }));
    expect(c.posts.a?.message).toBe('edited');
    c = upsertPost(c, post('a', 1, { delete_at: 9, update_at: 9 }));
    expect(ids(c)).toEqual([]);
  });

  it('counts each reply once on its root', () => {
    let c: PostCache | undefined = { posts: { r: post('r', 1, { reply_count: 0, last_reply_at: 0 }) }, hasOlder: false };
    const reply = post('x', 10, { root_id: 'r' });
    c = applyReply(c, reply);
    c = applyReply(c, reply);
    expect(c?.posts.r?.reply_count).toBe(1);
    c = applyReply(c, reply, true);
    expect(c?.posts.r?.reply_count).toBe(0);
  });
});

describe('reactions', () => {
  const r = (user: string, emoji: string, at = 1) => ({ user_id: user, post_id: 'a', emoji_name: emoji, create_at: at });

  it('adds and removes idempotently', () => {
    let p = post('a', 1);
    p = applyReaction(p, r('u1', '+1'), true);
    p = applyReaction(p, r('u1', '+1'), true);
    expect(p.metadata?.reactions).toHaveLength(1);
    p = applyReaction(p, r('u1', '+1'), false);
    expect(p.metadata?.reactions).toHaveLength(0);
  });

  it('summarises by emoji in first-use order', () => {
    const s = summarizeReactions([r('u2', 'heart', 2), r('u1', '+1', 1), r('me', 'heart', 3)], 'me');
    expect(s).toEqual([
      { emoji: '+1', count: 1, mine: false, userIds: ['u1'] },
      { emoji: 'heart', count: 2, mine: true, userIds: ['u2', 'me'] },
    ]);
  });
});
