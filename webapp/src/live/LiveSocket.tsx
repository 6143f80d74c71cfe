// Keeps the WebSocket open while the user is signed in, feeds its events to the cache, and
// raises desktop notifications for new posts that call for one.

import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { StoaSocket } from '../api/socket';
import { checkSession, deleteDraft, getTeamDrafts, upsertDraft } from '../api/endpoints';
import type { WsEvent } from '../api/wsEvents';
import type { Channel, ClientConfig, Post, Preference, StatusValue, Team, User, UserThreadList } from '../api/types';
import { handleEvent, resync } from '../queries/live';
import { keys } from '../queries/keys';
import { findCachedChannel, findCachedMember } from '../queries/lookup';
import { parseDisplaySettings } from '../queries/preferences';
import type { PostCache } from '../lib/postStore';
import { useUi } from '../store/ui';
import { useUploads } from '../store/uploads';
import { isAppFocused, notifyForPost } from './notifications';
import { DraftSync, setDraftSync } from './draftSync';

let current: StoaSocket | null = null;

/** The open socket, to send typing notices on. */
export function getSocket(): StoaSocket | null {
  return current;
}

type Posted = Extract<WsEvent, { type: 'posted' }>;

/** Whether the user follows the thread a reply belongs to, as far as the cache knows. */
function followsThread(qc: QueryClient, post: Post, myId: string): boolean {
  if (!post.root_id) return false;
  for (const [, list] of qc.getQueriesData<UserThreadList>({ queryKey: keys.threadsAll })) {
    if (list?.threads.some((t) => t.id === post.root_id)) return true;
  }
  const thread = qc.getQueryData<PostCache>(keys.thread(post.root_id));
  return !!thread && Object.values(thread.posts).some((p) => p.user_id === myId);
}

/** The team a channel is opened in: its own, or (a DM) the one being looked at. */
function teamNameFor(qc: QueryClient, teamId: string): string | undefined {
  const teams = qc.getQueryData<Team[]>(keys.teams) ?? [];
  const id = teamId || useUi.getState().current.teamId;
  return (teams.find((x) => x.id === id) ?? teams[0])?.name;
}

export function LiveSocket({ myUserId }: { myUserId: string }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  useEffect(() => {
    const ui = useUi.getState();
    const onPosted = (ev: Posted) => {
      const { post } = ev;
      const channel = findCachedChannel(qc, post.channel_id);
      const state = useUi.getState();
      const display = parseDisplaySettings(
        qc.getQueryData<Preference[]>(keys.preferences),
        qc.getQueryData<ClientConfig>(keys.config),
      );
      notifyForPost(
        {
          post,
          channelType: ev.channelType || channel?.type || 'O',
          channelName: ev.channelName || channel?.display_name || '',
          senderName: ev.senderName,
          mentionsMe: ev.mentions.includes(myUserId),
          myUserId,
          userNotifyProps: qc.getQueryData<User>(keys.me)?.notify_props,
          memberNotifyProps: findCachedMember(qc, post.channel_id)?.notify_props,
          focused: isAppFocused(),
          viewingChannelId: state.current.channelId,
          openThreadRootId: state.rhs?.kind === 'thread' ? state.rhs.rootId : undefined,
          collapsedThreads: display.collapsedThreads,
          followsThread: followsThread(qc, post, myUserId),
          hasFiles: (post.file_ids?.length ?? 0) > 0,
          myStatus: qc.getQueryData<StatusValue>(keys.status(myUserId)),
        },
        () => {
          const team = teamNameFor(qc, channel?.team_id ?? ev.teamId);
          if (!team || !channel) return;
          navigateRef.current(`/${team}/channels/${channel.name}`, { state: { focus: post.root_id || post.id } });
          if (post.root_id) useUi.getState().openThread(post.root_id, post.channel_id, post.id);
        },
      );
    };
    const drafts = new DraftSync({
      userId: myUserId,
      api: { upsert: upsertDraft, remove: deleteDraft, list: getTeamDrafts },
      connectionId: () => current?.getConnectionId() ?? '',
      fileIds: (key) => (useUploads.getState().byDraft[key] ?? []).flatMap((a) => (a.info ? [a.info.id] : [])),
    });
    drafts.start();
    setDraftSync(drafts);
    // Leaving a channel saves its draft at once, not after the debounce.
    const unwatchChannel = useUi.subscribe((s, prev) => {
      if (s.current.channelId !== prev.current.channelId) drafts.flush();
    });
    const onChannelUpdated = (channel: Channel) => {
      // The open channel was renamed or moved (a group message that became a private channel).
      if (useUi.getState().current.channelId !== channel.id) return;
      const path = window.location.pathname;
      const team = teamNameFor(qc, channel.team_id);
      if (!team || path.includes('/threads')) return;
      const target = `/${team}/channels/${channel.name}`;
      if (path !== target) navigateRef.current(target, { replace: true });
    };
    const socket = new StoaSocket({
      onEvent: (ev) =>
        handleEvent(qc, ev, {
          myUserId,
          onPosted,
          onDraft: (d) => drafts.onRemote(d.event, d.draft),
          onChannelUpdated,
        }),
      onStatus: (s) => {
        ui.setSocketStatus(s);
        // The socket may be down because the session ended: ask, so a 401 leads to the login.
        if (s === 'reconnecting') checkSession().catch(() => {});
        if (s === 'connected') drafts.retryNow();
      },
      onResync: () => {
        resync(qc);
        // Drafts changed elsewhere while events were lost: read them again.
        void qc.invalidateQueries({ queryKey: keys.draftsAll });
      },
    });
    current = socket;
    socket.start();
    const nudge = () => {
      socket.nudge();
      drafts.retryNow();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') socket.nudge();
    };
    window.addEventListener('online', nudge);
    document.addEventListener('visibilitychange', onVisible);
    const typingTimer = setInterval(() => useUi.getState().expireTyping(), 1000);
    return () => {
      window.removeEventListener('online', nudge);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(typingTimer);
      socket.stop();
      if (current === socket) current = null;
      unwatchChannel();
      drafts.stop();
      setDraftSync(null);
    };
  }, [qc, myUserId]);

  return null;
}
