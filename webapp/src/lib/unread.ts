// Unread and mention counts of channels and teams, and how live events change them.
//
// The app shows collapsed reply threads (replies live in their thread, not in the channel), so
// as in Mattermost a channel's unread count is over root posts:
// `channel.total_msg_count_root - member.msg_count_root` (the member's count is the channel's
// total at the user's last view); mentions are `member.mention_count_root`, reset by a view.
// The all-posts counters are kept current beside them.

import type { Channel, ChannelMember, TeamUnread } from '../api/types';
import { isMuted } from './notifyProps';

export interface UnreadState {
  /** Messages not seen yet. */
  msgs: number;
  mentions: number;
  /** Shown bold in the sidebar. */
  unread: boolean;
}

export const NO_UNREAD: UnreadState = { msgs: 0, mentions: 0, unread: false };

export { isMuted };

/**
 * A channel's unread state: over root posts with collapsed reply threads (`crt`, the default),
 * over every post without.
 */
export function channelUnread(channel: Channel, member: ChannelMember | undefined, crt = true): UnreadState {
  if (!member) return NO_UNREAD;
  const msgs = crt
    ? Math.max(0, channel.total_msg_count_root - member.msg_count_root)
    : Math.max(0, channel.total_msg_count - member.msg_count);
  const mentions = Math.max(0, crt ? member.mention_count_root : member.mention_count);
  return { msgs, mentions, unread: mentions > 0 || (msgs > 0 && !isMuted(member)) };
}

/** Whether a team has anything unread, and its mentions, from its channels and members. */
export function teamUnreadFromChannels(
  channels: readonly Channel[],
  members: ReadonlyMap<string, ChannelMember>,
  crt = true,
): UnreadState {
  let msgs = 0;
  let mentions = 0;
  let unread = false;
  for (const c of channels) {
    const u = channelUnread(c, members.get(c.id), crt);
    msgs += u.msgs;
    mentions += u.mentions;
    unread ||= u.unread;
  }
  return { msgs, mentions, unread };
}

export function teamUnreadFromSummary(u: TeamUnread | undefined, crt = true): UnreadState {
  if (!u) return NO_UNREAD;
  const msgs = crt ? (u.msg_count_root ?? u.msg_count) : u.msg_count;
  const mentions = crt ? (u.mention_count_root ?? u.mention_count) : u.mention_count;
  return { msgs, mentions, unread: msgs > 0 || mentions > 0 };
}

export interface PostedContext {
  myUserId: string;
  /** The channel the user is looking at: what arrives there is seen at once. */
  viewingChannelId: string;
}

export interface PostedInfo {
  channelId: string;
  userId: string;
  createAt: number;
  /** A thread root (not a reply): counted in the channel's root counters. */
  isRoot: boolean;
  /** Whether the post mentions the signed-in user (the `mentions` of the `posted` event). */
  mentionsMe: boolean;
}

/**
 * The channel after a new post: one more message; `last_post_at` moves on. Returns the same
 * object when the post is for another channel.
 */
export function channelAfterPost(channel: Channel, p: PostedInfo): Channel {
  if (channel.id !== p.channelId) return channel;
  return {
    ...channel,
    total_msg_count: channel.total_msg_count + 1,
    total_msg_count_root: channel.total_msg_count_root + (p.isRoot ? 1 : 0),
    last_post_at: Math.max(channel.last_post_at, p.createAt),
  };
}

/**
 * The member after a new post in its channel (given the channel as it is after the post): seen
 * at once when the user wrote it or is looking at the channel, else one more unread, and one more
 * mention when it mentions the user.
 */
export function memberAfterPost(
  member: ChannelMember,
  channelAfter: Channel,
  p: PostedInfo,
  ctx: PostedContext,
): ChannelMember {
  if (member.channel_id !== p.channelId) return member;
  const seen = p.userId === ctx.myUserId || p.channelId === ctx.viewingChannelId;
  if (seen) {
    return {
      ...member,
      msg_count: channelAfter.total_msg_count,
      msg_count_root: channelAfter.total_msg_count_root,
      mention_count: 0,
      mention_count_root: 0,
      last_viewed_at: Math.max(member.last_viewed_at, p.createAt),
    };
  }
  return {
    ...member,
    mention_count: member.mention_count + (p.mentionsMe ? 1 : 0),
    mention_count_root: member.mention_count_root + (p.mentionsMe && p.isRoot ? 1 : 0),
  };
}

/** The member after the user viewed its channel: everything seen. */
export function memberAfterView(member: ChannelMember, channel: Channel, at: number): ChannelMember {
  return {
    ...member,
    msg_count: channel.total_msg_count,
    msg_count_root: channel.total_msg_count_root,
    mention_count: 0,
    mention_count_root: 0,
    last_viewed_at: Math.max(member.last_viewed_at, at),
  };
}
