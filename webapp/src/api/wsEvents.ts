// Parsing of WebSocket frames into typed events. Pure: no socket, no state.
//
// Mattermost sends many `data` values as JSON-encoded strings (`post`, `reaction`, `channel`,
// `mentions`); they are decoded here so the rest of the app only sees objects.

import type { Channel, ChannelMember, Draft, Post, Reaction, WsBroadcast, WsEventEnvelope, WsReplyEnvelope } from './types';

export type WsEvent =
  | { type: 'hello'; seq: number; connectionId: string; serverVersion: string }
  | {
      type: 'posted';
      seq: number;
      post: Post;
      channelId: string;
      teamId: string;
      channelType: string;
      /** `channel_display_name` and `sender_name` (`@alice`), for notifications. */
      channelName: string;
      senderName: string;
      /** User ids mentioned by the post, as far as this receiver is told (its own id or none). */
      mentions: string[];
    }
  | { type: 'post_edited'; seq: number; post: Post }
  /** A post only this user sees (a command's or an integration's answer), never stored. */
  | { type: 'ephemeral'; seq: number; post: Post }
  | { type: 'post_deleted'; seq: number; post: Post }
  | { type: 'reaction_added' | 'reaction_removed'; seq: number; reaction: Reaction }
  | { type: 'typing'; seq: number; channelId: string; userId: string; parentId: string }
  | { type: 'channel_viewed'; seq: number; channelId: string; times: Record<string, number> }
  | { type: 'status_change'; seq: number; userId: string; status: string }
  | { type: 'member_updated'; seq: number; member: ChannelMember }
  | {
      /** Events that change channel lists or memberships: the app refetches them. */
      type: 'channels_changed';
      seq: number;
      event: string;
      channelId: string;
      teamId: string;
      /** `channel_updated`'s channel as it is now (a group message turned channel has a team). */
      channel?: Channel;
    }
  | { type: 'teams_changed'; seq: number; event: string; teamId: string }
  | {
      /** The user's synced draft of a channel or thread was written or deleted (on any device). */
      type: 'draft';
      seq: number;
      event: 'draft_created' | 'draft_updated' | 'draft_deleted';
      draft: Draft;
    }
  | { type: 'other'; seq: number; event: string; data: Record<string, unknown>; broadcast: WsBroadcast };

export type WsMessage =
  | { kind: 'event'; event: WsEvent }
  | { kind: 'reply'; reply: WsReplyEnvelope }
  | { kind: 'invalid'; reason: string; seq?: number };

const CHANNEL_EVENTS = new Set([
  'channel_created',
  'channel_updated',
  'channel_deleted',
  'channel_restored',
  'channel_converted',
  'direct_added',
  'group_added',
  'user_added',
  'user_removed',
]);

const TEAM_EVENTS = new Set([
  'added_to_team',
  'leave_team',
  'update_team',
  'delete_team',
  'restore_team',
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A value that is either a JSON string of an object or the object itself. */
function decodeObject(v: unknown): Record<string, unknown> | null {
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      return isObject(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
  return isObject(v) ? v : null;
}

function decodeStringArray(v: unknown): string[] {
  let arr: unknown = v;
  if (typeof v === 'string') {
    try {
      arr = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(arr) ? arr.filter((x): x is string => typeof x === 'string') : [];
}

function asPost(v: unknown): Post | null {
  const o = decodeObject(v);
  if (!o || typeof o.id !== 'string' || typeof o.channel_id !== 'string') return null;
  const post = o as unknown as Post;
  return {
    ...post,
    root_id: str(o.root_id),
    message: str(o.message),
    type: str(o.type),
    user_id: str(o.user_id),
    props: isObject(o.props) ? o.props : {},
    create_at: typeof o.create_at === 'number' ? o.create_at : 0,
    update_at: typeof o.update_at === 'number' ? o.update_at : 0,
    edit_at: typeof o.edit_at === 'number' ? o.edit_at : 0,
    delete_at: typeof o.delete_at === 'number' ? o.delete_at : 0,
  };
}

function asDraft(v: unknown): Draft | null {
  const o = decodeObject(v);
  if (!o || typeof o.channel_id !== 'string' || typeof o.user_id !== 'string') return null;
  const num = (x: unknown) => (typeof x === 'number' ? x : 0);
  return {
    create_at: num(o.create_at),
    update_at: num(o.update_at),
    delete_at: num(o.delete_at),
    user_id: o.user_id,
    channel_id: o.channel_id,
    root_id: str(o.root_id),
    message: str(o.message),
    props: isObject(o.props) ? o.props : {},
    file_ids: decodeStringArray(o.file_ids),
  };
}

function asChannel(v: unknown): Channel | undefined {
  const o = decodeObject(v);
  if (!o || typeof o.id !== 'string' || typeof o.name !== 'string' || typeof o.type !== 'string') return undefined;
  return o as unknown as Channel;
}

function asReaction(v: unknown): Reaction | null {
  const o = decodeObject(v);
  if (
    !o ||
    typeof o.user_id !== 'string' ||
    typeof o.post_id !== 'string' ||
    typeof o.emoji_name !== 'string'
  ) {
    return null;
  }
  return o as unknown as Reaction;
}

/** Turns one event envelope into a typed event (or `null` when its payload is unusable). */
export function toEvent(env: WsEventEnvelope): WsEvent | null {
  const data = isObject(env.data) ? env.data : {};
  const broadcast = isObject(env.broadcast) ? env.broadcast : {};
  const seq = env.seq;
  switch (env.event) {
    case 'hello': {
      const connectionId = str(data.connection_id);
      if (!connectionId) return null;
      return { type: 'hello', seq, connectionId, serverVersion: str(data.server_version) };
    }
    case 'posted': {
      const post = asPost(data.post);
      if (!post) return null;
      return {
        type: 'posted',
        seq,
        post,
        channelId: str(broadcast.channel_id) || post.channel_id,
        teamId: str(data.team_id) || str(broadcast.team_id),
        channelType: str(data.channel_type),
        channelName: str(data.channel_display_name),
        senderName: str(data.sender_name),
        mentions: decodeStringArray(data.mentions),
      };
    }
    case 'ephemeral_message': {
      const post = asPost(data.post);
      if (!post) return null;
      return { type: 'ephemeral', seq, post };
    }
    case 'post_edited':
    case 'post_deleted': {
      const post = asPost(data.post);
      if (!post) return null;
      return { type: env.event, seq, post };
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const reaction = asReaction(data.reaction);
      if (!reaction) return null;
      return { type: env.event, seq, reaction };
    }
    case 'typing': {
      const channelId = str(broadcast.channel_id) || str(data.channel_id);
      const userId = str(data.user_id);
      if (!channelId || !userId) return null;
      return { type: 'typing', seq, channelId, userId, parentId: str(data.parent_id) };
    }
    case 'channel_viewed': {
      const channelId = str(data.channel_id);
      return { type: 'channel_viewed', seq, channelId, times: channelId ? { [channelId]: 0 } : {} };
    }
    case 'multiple_channels_viewed': {
      const raw = isObject(data.channel_times) ? data.channel_times : {};
      const times: Record<string, number> = {};
      for (const [k, v] of Object.entries(raw)) if (typeof v === 'number') times[k] = v;
      const first = Object.keys(times)[0] ?? '';
      return { type: 'channel_viewed', seq, channelId: first, times };
    }
    case 'status_change':
      return { type: 'status_change', seq, userId: str(data.user_id), status: str(data.status) };
    case 'channel_member_updated': {
      const m = decodeObject(data.channelMember);
      if (!m || typeof m.channel_id !== 'string' || typeof m.user_id !== 'string') return null;
      return { type: 'member_updated', seq, member: m as unknown as ChannelMember };
    }
    case 'draft_created':
    case 'draft_updated':
    case 'draft_deleted': {
      const draft = asDraft(data.draft);
      if (!draft) return null;
      return { type: 'draft', seq, event: env.event, draft };
    }
    default:
      if (CHANNEL_EVENTS.has(env.event)) {
        const channel = env.event === 'channel_updated' ? asChannel(data.channel) : undefined;
        return {
          type: 'channels_changed',
          seq,
          event: env.event,
          channelId: str(data.channel_id) || channel?.id || str(broadcast.channel_id),
          teamId: str(data.team_id) || str(broadcast.team_id),
          ...(channel ? { channel } : {}),
        };
      }
      if (TEAM_EVENTS.has(env.event)) {
        return {
          type: 'teams_changed',
          seq,
          event: env.event,
          teamId: str(data.team_id) || str(broadcast.team_id),
        };
      }
      return { type: 'other', seq, event: env.event, data, broadcast };
  }
}

/** Parses one text frame from the server. */
export function parseWsMessage(raw: string): WsMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (!isObject(msg)) return { kind: 'invalid', reason: 'not an object' };
  if (typeof msg.seq_reply === 'number' && msg.seq_reply > 0 && typeof msg.event !== 'string') {
    return { kind: 'reply', reply: msg as unknown as WsReplyEnvelope };
  }
  if (typeof msg.event !== 'string' || typeof msg.seq !== 'number') {
    return { kind: 'invalid', reason: 'no event or seq' };
  }
  const event = toEvent(msg as unknown as WsEventEnvelope);
  if (!event) return { kind: 'invalid', reason: `bad ${msg.event} payload`, seq: msg.seq };
  return { kind: 'event', event };
}
