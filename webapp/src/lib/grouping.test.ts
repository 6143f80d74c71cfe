import { describe, expect, it } from 'vitest';
import type { Post } from '../api/types';
import { buildMessageItems, canContinue, dayKey, GROUP_WINDOW_MS, sortPosts } from './grouping';

const base = new Date(2025, 2, 10, 12, 0, 0).getTime();
let n = 0;
function post(over: Partial<Post> = {}): Post {
  n += 1;
  return {
    id: `p${String(n).padStart(3, '0')}`,
    create_at: base,
    update_at: base,
    edit_at: 0,
    delete_at: 0,
    user_id: 'alice',
    channel_id: 'c1',
    root_id: '',
    message: 'hi',
    type: '',
    props: {},
    ...over,
  };
}

function shape(items: ReturnType<typeof buildMessageItems>): string[] {
  return items.map((i) =>
    i.kind === 'date' ? `date:${i.day}` : i.kind === 'new' ? 'new' : `${i.continuation ? '+' : '*'}${i.post.user_id}`,
  );
}

describe('buildMessageItems', () => {
  it('groups consecutive posts of one author within five minutes', () => {
    const posts = [
      post({ create_at: base }),
      post({ create_at: base + 60_000 }),
      post({ create_at: base + 60_000 + GROUP_WINDOW_MS }),
      post({ create_at: base + 60_000 + GROUP_WINDOW_MS + 1 }),
    ];
    expect(shape(buildMessageItems(posts))).toEqual(['date:2025-03-10', '*alice', '+alice', '+alice', '+alice']);
  });

  it('starts a new group after a gap of more than five minutes', () => {
    const posts = [post({ create_at: base }), post({ create_at: base + GROUP_WINDOW_MS + 1 })];
    expect(shape(buildMessageItems(posts))).toEqual(['date:2025-03-10', '*alice', '*alice']);
  });

  it('starts a new group when the author changes', () => {
    const posts = [post(), post({ user_id: 'bob', create_at: base + 1 }), post({ create_at: base + 2 })];
    expect(shape(buildMessageItems(posts))).toEqual(['date:2025-03-10', '*alice', '*bob', '*alice']);
  });

  it('never groups system messages', () => {
    const posts = [
      post(),
      post({ type: 'system_join_channel', create_at: base + 1 }),
      post({ create_at: base + 2 }),
    ];
    expect(shape(buildMessageItems(posts))).toEqual(['date:2025-03-10', '*alice', '*alice', '*alice']);
  });

  it('puts a date separator before the first post of each day and breaks the group there', () => {
    const late = new Date(2025, 2, 10, 23, 59, 0).getTime();
    const early = new Date(2025, 2, 11, 0, 1, 0).getTime();
    const items = buildMessageItems([post({ create_at: late }), post({ create_at: early })]);
    expect(shape(items)).toEqual(['date:2025-03-10', '*alice', 'date:2025-03-11', '*alice']);
  });

  it('leaves out deleted posts', () => {
    const items = buildMessageItems([post(), post({ delete_at: base + 5, create_at: base + 1 })]);
    expect(shape(items)).toEqual(['date:2025-03-10', '*alice']);
  });

  it('ends a group after a post with replies', () => {
    const posts = [post({ reply_count: 2 }), post({ create_at: base + 1 }), post({ create_at: base + 2 })];
    expect(shape(buildMessageItems(posts))).toEqual(['date:2025-03-10', '*alice', '*alice', '+alice']);
    expect(canContinue(posts[0], posts[1]!)).toBe(true);
  });

  it('keeps webhook posts apart', () => {
    expect(canContinue(post(), post({ props: { from_webhook: 'true' } }))).toBe(false);
  });
});

describe('the new messages line', () => {
  it('goes before the first post by someone else after the last view, and breaks the group', () => {
    const posts = [
      post({ create_at: base, user_id: 'bob' }),
      post({ create_at: base + 10, user_id: 'me' }),
      post({ create_at: base + 20, user_id: 'bob' }),
      post({ create_at: base + 30, user_id: 'bob' }),
    ];
    const items = buildMessageItems(posts, { after: base + 5, myUserId: 'me' });
    expect(shape(items)).toEqual(['date:2025-03-10', '*bob', '*me', 'new', '*bob', '+bob']);
  });
  it('is not drawn when nothing is new, or without a last view', () => {
    const posts = [post({ create_at: base, user_id: 'bob' }), post({ create_at: base + 10, user_id: 'me' })];
    expect(shape(buildMessageItems(posts, { after: base, myUserId: 'me' }))).not.toContain('new');
    expect(shape(buildMessageItems(posts, null))).not.toContain('new');
  });
});

describe('sortPosts', () => {
  it('orders oldest first, ties by id', () => {
    const a = post({ id: 'b', create_at: 2 });
    const b = post({ id: 'a', create_at: 2 });
    const c = post({ id: 'c', create_at: 1 });
    expect(sortPosts([a, b, c]).map((p) => p.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('dayKey', () => {
  it('uses the local calendar day', () => {
    expect(dayKey(new Date(2024, 0, 5, 0, 0, 1).getTime())).toBe('2024-01-05');
  });
});

describe('replies in the channel (collapsed threads off)', () => {
  it('group within their thread only', () => {
    const root = post({ id: 'root1', create_at: base });
    const reply = post({ id: 'r1', root_id: 'root1', create_at: base + 1 });
    const other = post({ id: 'r2', root_id: 'rootX', create_at: base + 2 });
    const plain = post({ id: 'p9', create_at: base + 3 });
    expect(canContinue(root, reply)).toBe(true);
    expect(canContinue(reply, other)).toBe(false);
    expect(canContinue(other, plain)).toBe(false);
    expect(canContinue(plain, post({ id: 'p10', create_at: base + 4 }))).toBe(true);
  });
});
