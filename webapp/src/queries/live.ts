// Applies WebSocket events to the query cache and the UI store.

import type { QueryClient } from '@tanstack/react-query';
import type { WsEvent } from '../api/wsEvents';
import type { Channel, ChannelMember, User } from '../api/types';
import { viewChannel } from '../api/endpoints';
import {
  appendLive,
  applyReactionToCache,
  applyReply,
  removePost,
  updatePost,
  upsertPost,
  type PostCache,
} from '../lib/postStore';
import { channelAfterPost, memberAfterPost, memberAfterView } from '../lib/unread';
import { useUi } from '../store/ui';
import { useInteractiveDialog } from '../store/interactiveDialog';
import { parseOpenDialog } from '../lib/dialog';
import { keys } from './keys';
import { findCachedChannel, findCachedMember } from './lookup';
import { applyPreferenceEvent, preferencesFromEventData } from './preferences';

export interface LiveContext {
  myUserId: string;
  /** A new post arrived (after the caches took it): desktop notifications decide on it. */
  onPosted?: (ev: Extract<WsEvent, { type: 'posted' }>) => void;
  /** A synced draft changed on one of the user's devices. */
  onDraft?: (ev: Extract<WsEvent, { type: 'draft' }>) => void;
  /**
   * A channel the user is in changed (`channel_updated`), as it is now: a group message converted
   * to a private channel has a team and a new name, and the open page must follow it.
   */
  onChannelUpdated?: (channel: Channel) => void;
}


/** Replaces one member in every cached members list that holds it. */
function updateMember(
  qc: QueryClient,
  channelId: string,
  update: (m: ChannelMember, teamId: string) => ChannelMember,
): void {
  for (const [key, list] of qc.getQueriesData<ChannelMember[]>({ queryKey: keys.membersAll })) {
    if (!list?.some((m) => m.channel_id === channelId)) continue;
    const teamId = String(key[1] ?? '');
    qc.setQueryData<ChannelMember[]>(key, list.map((m) => (m.channel_id === channelId ? update(m, teamId) : m)));
  }
}

/** Puts a membership as the server has it into every cached list that holds it. */
export function replaceCachedMember(qc: QueryClient, member: ChannelMember): void {
  updateMember(qc, member.channel_id, (old) => ({ ...old, ...member }));
  qc.setQueryData(keys.channelMember(member.channel_id), (old: ChannelMember | undefined) => (old ? { ...old, ...member } : old));
}

let viewTimer: ReturnType<typeof setTimeout> | null = null;

/** Marks the channel being looked at as viewed on the server, at most once a second. */
function scheduleView(channelId: string): void {
  if (viewTimer) return;
  viewTimer = setTimeout(() => {
    viewTimer = null;
    const ui = useUi.getState();
    if (ui.current.channelId === channelId && ui.markedUnread !== channelId) viewChannel(channelId).catch(() => {});
  }, 1000);
}

/** Marks a channel read in the cache (after the user opened it). */
export function markChannelViewedLocally(qc: QueryClient, channelId: string, at = Date.now()): void {
  const channel = findCachedChannel(qc, channelId);
  if (!channel) return;
  updateMember(qc, channelId, (m) => memberAfterView(m, channel, at));
}

export function handleEvent(qc: QueryClient, ev: WsEvent, ctx: LiveContext): void {
  const ui = useUi.getState();
  switch (ev.type) {
    case 'posted': {
      const { post } = ev;
      const channelId = post.channel_id;
      if (post.root_id) {
        qc.setQueryData<PostCache>(keys.posts(channelId), (c) => {
          const counted = applyReply(c, post);
          // Without collapsed reply threads, replies show in the channel too.
          return ui.collapsedThreads ? counted : appendLive(counted, post);
        });
        qc.setQueryData<PostCache>(keys.thread(post.root_id), (c) => (c ? upsertPost(c, post) : c));
      } else {
        qc.setQueryData<PostCache>(keys.posts(channelId), (c) => appendLive(c, post));
      }
      // The channel's first page is being read right now and may have been read before this
      // post was written: read it again (the request in flight is cancelled).
      const state = qc.getQueryState(keys.posts(channelId));
      if (state && !state.data && state.fetchStatus === 'fetching') {
        void qc.invalidateQueries({ queryKey: keys.posts(channelId) });
      }
      ui.userStoppedTyping(channelId, post.root_id, post.user_id);

      const info = {
        channelId,
        userId: post.user_id,
        createAt: post.create_at,
        isRoot: post.root_id === '',
        mentionsMe: ev.mentions.includes(ctx.myUserId),
      };
      // A channel marked unread is not "seen" while it stays open.
      const viewing = ui.markedUnread === ui.current.channelId ? '' : ui.current.channelId;
      const known = findCachedChannel(qc, channelId);
      if (!known) {
        // A channel we have not listed yet (a new DM, or we were just added).
        void qc.invalidateQueries({ queryKey: keys.channelsAll });
        void qc.invalidateQueries({ queryKey: keys.membersAll });
      } else {
        qc.setQueriesData<Channel[]>({ queryKey: keys.channelsAll }, (list) =>
          list?.map((c) => channelAfterPost(c, info)),
        );
        const after = channelAfterPost(known, info);
        updateMember(qc, channelId, (m) =>
          memberAfterPost(m, after, info, { myUserId: ctx.myUserId, viewingChannelId: viewing }),
        );
      }
      if (channelId === viewing && post.user_id !== ctx.myUserId) scheduleView(channelId);
      if (ev.teamId && ev.teamId !== ui.current.teamId && post.user_id !== ctx.myUserId) {
        void qc.invalidateQueries({ queryKey: keys.teamsUnread });
      }
      ctx.onPosted?.(ev);
      return;
    }
    case 'ephemeral': {
      // Shown where it was asked for, until a reload: it changes no unread state.
      const { post } = ev;
      if (post.root_id) {
        qc.setQueryData<PostCache>(keys.thread(post.root_id), (c) => (c ? upsertPost(c, post) : c));
        if (!ui.collapsedThreads) qc.setQueryData<PostCache>(keys.posts(post.channel_id), (c) => appendLive(c, post));
      } else {
        qc.setQueryData<PostCache>(keys.posts(post.channel_id), (c) => appendLive(c, post));
      }
      return;
    }
    case 'post_edited': {
      const { post } = ev;
      qc.setQueryData<PostCache>(keys.posts(post.channel_id), (c) => updatePost(c, post));
      qc.setQueryData<PostCache>(keys.thread(post.root_id || post.id), (c) => updatePost(c, post));
      // Pinning and unpinning arrive as edits.
      void qc.invalidateQueries({ queryKey: keys.pinned(post.channel_id) });
      void qc.invalidateQueries({ queryKey: keys.stats(post.channel_id) });
      return;
    }
    case 'post_deleted': {
      const { post } = ev;
      qc.setQueryData<PostCache>(keys.posts(post.channel_id), (c) => {
        if (!c) return c;
        const without = removePost(c, post.id);
        return post.root_id ? (applyReply(without, post, true) ?? without) : without;
      });
      qc.setQueryData<PostCache>(keys.thread(post.root_id || post.id), (c) => (c ? removePost(c, post.id) : c));
      return;
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const added = ev.type === 'reaction_added';
      const apply = (c: PostCache | undefined) => applyReactionToCache(c, ev.reaction, added);
      qc.setQueriesData<PostCache>({ queryKey: keys.postsAll }, apply);
      qc.setQueriesData<PostCache>({ queryKey: keys.threadAll }, apply);
      return;
    }
    case 'typing':
      if (ev.userId !== ctx.myUserId) ui.userTyping(ev.channelId, ev.parentId, ev.userId);
      return;
    case 'channel_viewed':
      for (const [id, at] of Object.entries(ev.times)) markChannelViewedLocally(qc, id, at || Date.now());
      return;
    case 'member_updated': {
      const known = !!findCachedMember(qc, ev.member.channel_id);
      replaceCachedMember(qc, ev.member);
      if (!known) void qc.invalidateQueries({ queryKey: keys.membersAll });
      return;
    }
    case 'channels_changed':
      if (ev.channel) {
        const updated = ev.channel;
        const before = findCachedChannel(qc, updated.id);
        // A group message that became a channel moves to its team's list and sidebar category.
        if (before && before.type !== updated.type) void qc.invalidateQueries({ queryKey: keys.categoriesAll });
        qc.setQueriesData<Channel[]>({ queryKey: keys.channelsAll }, (list) =>
          list?.map((c) => (c.id === updated.id ? { ...c, ...updated } : c)),
        );
        ctx.onChannelUpdated?.(updated);
      }
      void qc.invalidateQueries({ queryKey: keys.channelsAll });
      void qc.invalidateQueries({ queryKey: keys.membersAll });
      void qc.invalidateQueries({ queryKey: ['publicChannels'] });
      if (ev.channelId) void qc.invalidateQueries({ queryKey: keys.stats(ev.channelId) });
      return;
    case 'teams_changed':
      void qc.invalidateQueries({ queryKey: keys.teams });
      void qc.invalidateQueries({ queryKey: keys.teamsUnread });
      return;
    case 'status_change':
      if (ev.userId && ev.status) qc.setQueryData(keys.status(ev.userId), ev.status);
      return;
    case 'draft':
      ctx.onDraft?.(ev);
      return;
    case 'hello':
      return;
    case 'other':
      handleOtherEvent(qc, ev.event, ev.data, ctx);
      return;
  }
}

/** Events with no cache of their own to patch: they refresh what they touch. */
function handleOtherEvent(qc: QueryClient, event: string, data: Record<string, unknown>, ctx: LiveContext): void {
  switch (event) {
    case 'config_changed':
      // An admin changed the server's settings: what the app offers follows the new client config.
      void qc.invalidateQueries({ queryKey: keys.config });
      return;
    case 'post_unread':
      // Marked unread elsewhere (another tab or device): the member as the server has it.
      void qc.invalidateQueries({ queryKey: keys.membersAll });
      return;
    case 'thread_updated':
    case 'thread_read_changed':
    case 'thread_follow_changed':
      void qc.invalidateQueries({ queryKey: keys.threadsAll });
      return;
    case 'preferences_changed':
    case 'preferences_deleted': {
      const prefs = preferencesFromEventData(data);
      applyPreferenceEvent(qc, event, prefs);
      if (prefs.some((p) => p.category === 'flagged_post')) void qc.invalidateQueries({ queryKey: keys.saved });
      return;
    }
    case 'user_updated': {
      const user = data.user;
      if (typeof user === 'object' && user !== null && typeof (user as User).id === 'string') {
        const u = user as User;
        qc.setQueryData<User>(keys.user(u.id), (old) => ({ ...old, ...u }));
        if (u.id === ctx.myUserId) qc.setQueryData<User>(keys.me, (old) => (old ? { ...old, ...u } : old));
      }
      return;
    }
    case 'open_dialog': {
      // Sent only to the user who clicked or typed the command that asked for it.
      const request = parseOpenDialog(data.dialog);
      if (request) useInteractiveDialog.getState().open(request);
      return;
    }
    case 'sidebar_category_created':
    case 'sidebar_category_updated':
    case 'sidebar_category_deleted':
    case 'sidebar_category_order_updated':
      void qc.invalidateQueries({ queryKey: keys.categoriesAll });
      return;
    default:
      return;
  }
}

/** After a reconnect that lost events: refetch everything shown. */
export function resync(qc: QueryClient): void {
  void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'user' });
}
