import { describe, expect, it } from 'vitest';
import type { Channel, ChannelMember } from '../api/types';
import {
  channelAfterPost,
  channelUnread,
  memberAfterPost,
  memberAfterView,
  teamUnreadFromChannels,
  teamUnreadFromSummary,
} from './unread';

function channel(over: Partial<Channel> = {}): Channel {
  return {
    id: 'c1',
    team_id: 't1',
    type: 'O',
    name: 'general',
    display_name: 'General',
    header: '',
    purpose: '',
    last_post_at: 100,
    total_msg_count: 10,
    total_msg_count_root: 10,
    creator_id: 'u1',
    create_at: 1,
    update_at: 1,
    delete_at: 0,
    ...over,
  };
}

function member(over: Partial<ChannelMember> = {}): ChannelMember {
  return {
    channel_id: 'c1',
    user_id: 'me',
    roles: 'channel_user',
    last_viewed_at: 100,
    msg_count: 10,
    mention_count: 0,
    msg_count_root: 10,
    mention_count_root: 0,
    notify_props: { mark_unread: 'all' },
    ...over,
  };
}

describe('channelUnread', () => {
  it('counts root posts only: replies stay in their threads', () => {
    const replies = channel({ total_msg_count: 15 });
    expect(channelUnread(replies, member()).unread).toBe(false);
    expect(channelUnread(replies, member({ mention_count: 2 })).mentions).toBe(0);
  });

  it('is the channel total minus what the member has seen', () => {
    expect(channelUnread(channel({ total_msg_count_root: 13 }), member({ msg_count_root: 10 }))).toEqual({
      msgs: 3,
      mentions: 0,
      unread: true,
    });
  });

  it('is nothing when all was seen', () => {
    expect(channelUnread(channel(), member())).toEqual({ msgs: 0, mentions: 0, unread: false });
  });

  it('counts mentions from the member', () => {
    expect(channelUnread(channel({ total_msg_count_root: 11 }), member({ mention_count_root: 1 }))).toEqual({
      msgs: 1,
      mentions: 1,
      unread: true,
    });
  });

  it('never goes negative', () => {
    expect(channelUnread(channel({ total_msg_count_root: 3 }), member({ msg_count_root: 5 })).msgs).toBe(0);
  });

  it('does not bold a muted channel unless it mentions the user', () => {
    const muted = member({ msg_count_root: 5, notify_props: { mark_unread: 'mention' } });
    expect(channelUnread(channel(), muted).unread).toBe(false);
    expect(channelUnread(channel(), { ...muted, mention_count_root: 2 }).unread).toBe(true);
  });

  it('is nothing without a membership', () => {
    expect(channelUnread(channel(), undefined).unread).toBe(false);
  });
});

describe('team unread', () => {
  it('sums the channels of the team', () => {
    const a = channel({ id: 'a', total_msg_count_root: 5 });
    const b = channel({ id: 'b', total_msg_count_root: 7 });
    const members = new Map([
      ['a', member({ channel_id: 'a', msg_count_root: 5 })],
      ['b', member({ channel_id: 'b', msg_count_root: 4, mention_count_root: 2 })],
    ]);
    expect(teamUnreadFromChannels([a, b], members)).toEqual({ msgs: 3, mentions: 2, unread: true });
    expect(teamUnreadFromChannels([a], members).unread).toBe(false);
  });

  it('reads the server summary', () => {
    expect(teamUnreadFromSummary({ team_id: 't', msg_count: 0, mention_count: 0 }).unread).toBe(false);
    expect(teamUnreadFromSummary({ team_id: 't', msg_count: 2, mention_count: 1 })).toEqual({
      msgs: 2,
      mentions: 1,
      unread: true,
    });
    // With collapsed threads the root counters count, when the server sends them.
    expect(
      teamUnreadFromSummary({ team_id: 't', msg_count: 5, mention_count: 1, msg_count_root: 0, mention_count_root: 0 }).unread,
    ).toBe(false);
    expect(teamUnreadFromSummary(undefined).unread).toBe(false);
  });
});

describe('live updates', () => {
  const ctx = { myUserId: 'me', viewingChannelId: 'other' };
  const info = { channelId: 'c1', userId: 'alice', createAt: 200, isRoot: true, mentionsMe: false };

  it('a post by someone else in another channel makes it unread', () => {
    const c = channelAfterPost(channel(), info);
    expect(c.total_msg_count).toBe(11);
    expect(c.last_post_at).toBe(200);
    const m = memberAfterPost(member(), c, info, ctx);
    expect(channelUnread(c, m)).toEqual({ msgs: 1, mentions: 0, unread: true });
  });

  it('a reply elsewhere counts in the all-posts counters only', () => {
    const reply = { ...info, isRoot: false, mentionsMe: true };
    const c = channelAfterPost(channel(), reply);
    expect([c.total_msg_count, c.total_msg_count_root]).toEqual([11, 10]);
    const m = memberAfterPost(member(), c, reply, ctx);
    expect([m.mention_count, m.mention_count_root]).toEqual([1, 0]);
    expect(channelUnread(c, m).unread).toBe(false);
  });

  it('a mention adds to the mention count', () => {
    const c = channelAfterPost(channel(), info);
    const m = memberAfterPost(member(), c, { ...info, mentionsMe: true }, ctx);
    expect(channelUnread(c, m).mentions).toBe(1);
  });

  it('a post in the channel being viewed is seen at once', () => {
    const c = channelAfterPost(channel(), info);
    const m = memberAfterPost(member(), c, info, { ...ctx, viewingChannelId: 'c1' });
    expect(channelUnread(c, m).unread).toBe(false);
    expect(m.last_viewed_at).toBe(200);
  });

  it("the user's own post is seen", () => {
    const mine = { ...info, userId: 'me' };
    const c = channelAfterPost(channel(), mine);
    expect(channelUnread(c, memberAfterPost(member(), c, mine, ctx)).unread).toBe(false);
  });

  it('posts elsewhere change nothing', () => {
    const ch = channel();
    const m = member();
    const other = { ...info, channelId: 'c2' };
    expect(channelAfterPost(ch, other)).toBe(ch);
    expect(memberAfterPost(m, ch, other, ctx)).toBe(m);
  });

  it('viewing clears messages and mentions', () => {
    const c = channel({ total_msg_count: 20, total_msg_count_root: 20 });
    const m = memberAfterView(member({ mention_count: 3, mention_count_root: 3 }), c, 500);
    expect(channelUnread(c, m)).toEqual({ msgs: 0, mentions: 0, unread: false });
    expect(m.last_viewed_at).toBe(500);
  });
});
