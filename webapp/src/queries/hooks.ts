// Server data as TanStack queries. Lists the WebSocket keeps current (channels, members, posts)
// never go stale by time; they are refetched after a reconnect that lost events.

import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import * as api from '../api/endpoints';
import type { Channel, ChannelMember, Post, Team, User } from '../api/types';
import {
  fromPostList,
  fromPostWindow,
  joinWindows,
  mergeNewer,
  mergeNewest,
  mergeOlder,
  type PostCache,
} from '../lib/postStore';
import { channelUnread } from '../lib/unread';
import { keys } from './keys';
import { findCachedChannel, findCachedMember } from './lookup';
import { useUi } from '../store/ui';

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: api.getMe, retry: false, staleTime: Infinity });
}

/** The user last known signed in: components still on screen while the session ends use it. */
let lastMe: User | null = null;

/** The signed-in user; only for components under the auth gate. */
export function useMeUser(): User {
  const { data } = useMe();
  if (data) {
    lastMe = data;
    return data;
  }
  // The session just ended (logout, 401): the gate is about to show the login page, but screens
  // below it may render once more first.
  if (lastMe) return lastMe;
  throw new Error('useMeUser outside the signed-in app');
}

export function useConfig() {
  return useQuery({ queryKey: keys.config, queryFn: api.getClientConfig, staleTime: 5 * 60 * 1000 });
}

export function useTeams() {
  return useQuery({ queryKey: keys.teams, queryFn: api.getMyTeams, staleTime: Infinity });
}

export function useTeamByName(name: string | undefined): { team: Team | undefined; isPending: boolean } {
  const q = useTeams();
  const team = useMemo(() => q.data?.find((t) => t.name === name), [q.data, name]);
  return { team, isPending: q.isPending };
}

export function useTeamsUnread() {
  return useQuery({ queryKey: keys.teamsUnread, queryFn: api.getMyTeamsUnread, staleTime: 60 * 1000 });
}

export function useChannels(teamId: string | undefined) {
  return useQuery({
    queryKey: keys.channels(teamId ?? ''),
    queryFn: () => api.getMyChannels(teamId ?? ''),
    enabled: !!teamId,
    staleTime: Infinity,
  });
}

export function useMembers(teamId: string | undefined) {
  return useQuery({
    queryKey: keys.members(teamId ?? ''),
    queryFn: () => api.getMyChannelMembers(teamId ?? ''),
    enabled: !!teamId,
    staleTime: Infinity,
    select: toMemberMap,
  });
}

function toMemberMap(list: ChannelMember[]): Map<string, ChannelMember> {
  return new Map(list.map((m) => [m.channel_id, m]));
}

export function useChannelStats(channelId: string | undefined) {
  return useQuery({
    queryKey: keys.stats(channelId ?? ''),
    queryFn: () => api.getChannelStats(channelId ?? ''),
    enabled: !!channelId,
    staleTime: 60 * 1000,
  });
}

export function usePublicChannels(teamId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.publicChannels(teamId),
    queryFn: () => api.getPublicChannels(teamId),
    enabled,
    staleTime: 0,
  });
}

/** Fetches the newest page of a channel and merges it with what is cached. */
export async function fetchNewestPosts(qc: QueryClient, channelId: string, signal?: AbortSignal): Promise<PostCache> {
  const crt = useUi.getState().collapsedThreads;
  const list = await api.getChannelPosts(channelId, crt, signal);
  const fresh = fromPostList(list, { rootsOnly: crt });
  return mergeNewest(qc.getQueryData<PostCache>(keys.posts(channelId)), fresh);
}

/**
 * The first window of a channel: around the first unread post when the channel has unread
 * messages (so the list can open there), else the newest page. Later fetches (a resync) take the
 * newest page.
 */
async function fetchChannelWindow(qc: QueryClient, channelId: string, myId: string, signal?: AbortSignal) {
  const cached = qc.getQueryData<PostCache>(keys.posts(channelId));
  const channel = findCachedChannel(qc, channelId);
  const member = findCachedMember(qc, channelId);
  const crt = useUi.getState().collapsedThreads;
  if (!cached && channel && member && channelUnread(channel, member, crt).msgs > 0) {
    const list = await api.getPostsAroundUnread(myId, channelId, crt, UNREAD_WINDOW, UNREAD_WINDOW, signal);
    return fromPostWindow(list, [], crt);
  }
  return fetchNewestPosts(qc, channelId, signal);
}

const UNREAD_WINDOW = 30;

export function postsQuery(qc: QueryClient, channelId: string, myId: string) {
  return {
    queryKey: keys.posts(channelId),
    queryFn: ({ signal }: { signal?: AbortSignal }) => fetchChannelWindow(qc, channelId, myId, signal),
    staleTime: Infinity,
    gcTime: 10 * 60 * 1000,
  };
}

export function usePosts(channelId: string) {
  const qc = useQueryClient();
  const me = useMeUser();
  return useQuery({ ...postsQuery(qc, channelId, me.id), enabled: !!channelId });
}

function edgePost(cache: PostCache, newest: boolean): Post | undefined {
  let edge: Post | undefined;
  for (const p of Object.values(cache.posts)) {
    if (!edge || (newest ? p.create_at > edge.create_at : p.create_at < edge.create_at)) edge = p;
  }
  return edge;
}

/**
 * Loads the page before the oldest cached post (`older`) or after the newest (`newer`, for a
 * window that does not reach the newest post); `loading` while it runs.
 */
export function useLoadMore(channelId: string, direction: 'older' | 'newer') {
  const qc = useQueryClient();
  const [loading, setLoading] = useState(false);
  const busy = useRef(false);
  const load = useCallback(async () => {
    const cache = qc.getQueryData<PostCache>(keys.posts(channelId));
    const more = direction === 'older' ? cache?.hasOlder : cache?.hasNewer;
    if (!cache || !more || busy.current) return;
    const edge = edgePost(cache, direction === 'newer');
    if (!edge) return;
    busy.current = true;
    setLoading(true);
    const crt = useUi.getState().collapsedThreads;
    try {
      if (direction === 'older') {
        const list = await api.getChannelPostsBefore(channelId, edge.id, crt);
        const older = fromPostList(list, { rootsOnly: crt });
        qc.setQueryData<PostCache>(keys.posts(channelId), (c) => mergeOlder(c, older));
      } else {
        const list = await api.getChannelPostsAfter(channelId, edge.id, crt);
        qc.setQueryData<PostCache>(keys.posts(channelId), (c) => mergeNewer(c, fromPostWindow(list, [], crt)));
      }
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, [qc, channelId, direction]);
  return { load, loading };
}

const JUMP_WINDOW = 30;

/**
 * Makes the channel's window hold `postId` (a root post with collapsed threads): when it is not cached, the window is
 * replaced by the posts around it.
 */
export async function loadAroundPost(qc: QueryClient, channelId: string, postId: string): Promise<void> {
  const cached = qc.getQueryData<PostCache>(keys.posts(channelId));
  if (cached?.posts[postId]) return;
  const crt = useUi.getState().collapsedThreads;
  const [post, before, after] = await Promise.all([
    api.getPost(postId),
    api.getChannelPostsBefore(channelId, postId, crt, JUMP_WINDOW),
    api.getChannelPostsAfter(channelId, postId, crt, JUMP_WINDOW),
  ]);
  const window = joinWindows(fromPostWindow(before, [], crt), fromPostWindow(after, [post], crt));
  qc.setQueryData<PostCache>(keys.posts(channelId), window);
}

/** Replaces a window far back in history by the newest page ("Jump to recent"). */
export async function loadNewest(qc: QueryClient, channelId: string): Promise<void> {
  const crt = useUi.getState().collapsedThreads;
  const list = await api.getChannelPosts(channelId, crt);
  qc.setQueryData<PostCache>(keys.posts(channelId), fromPostList(list, { rootsOnly: crt }));
}

export function useThread(rootId: string | null) {
  return useQuery({
    queryKey: keys.thread(rootId ?? ''),
    queryFn: async ({ signal }) => {
      const list = await api.getThread(rootId ?? '', signal);
      // A thread's list holds every post of the thread; none are "older".
      return fromPostList(list, { rootsOnly: false, perPage: Infinity });
    },
    enabled: !!rootId,
    staleTime: Infinity,
    gcTime: 5 * 60 * 1000,
  });
}

/** The channel of the team named in the URL, from the cached list of the user's channels. */
export function findChannelByName(channels: readonly Channel[] | undefined, name: string | undefined) {
  return channels?.find((c) => c.name === name);
}

/** The user's memberships of their teams (roles per team). */
export function useMyTeamMembers() {
  return useQuery({ queryKey: keys.myTeamMembers, queryFn: api.getMyTeamMembers, staleTime: 5 * 60 * 1000 });
}

/** Whether the user may change a team's name, description and icon: its admin, or a system admin. */
export function useIsTeamAdmin(teamId: string): boolean {
  const me = useMeUser();
  const members = useMyTeamMembers();
  if (me.roles.split(' ').includes('system_admin')) return true;
  const m = members.data?.find((x) => x.team_id === teamId);
  return !!m && (m.scheme_admin === true || m.roles.split(' ').includes('team_admin'));
}
