// Server data as TanStack queries. Lists the WebSocket keeps current (channels, members, posts)
// never go stale by time; they are refetched after a reconnect that lost events.

import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import * as api from '../api/endpoints';
import type { Channel, ChannelMember, Team } from '../api/types';
import { fromPostList, mergeNewest, mergeOlder, type PostCache } from '../lib/postStore';
import { keys } from './keys';

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: api.getMe, retry: false, staleTime: Infinity });
}

/** The signed-in user; only for components under the auth gate. */
export function useMeUser() {
  const { data } = useMe();
  if (!data) throw new Error('useMeUser outside the signed-in app');
  return data;
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
  const list = await api.getChannelPosts(channelId, signal);
  const fresh = fromPostList(list, { rootsOnly: true });
  return mergeNewest(qc.getQueryData<PostCache>(keys.posts(channelId)), fresh);
}

export function usePosts(channelId: string | undefined) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: keys.posts(channelId ?? ''),
    queryFn: ({ signal }) => fetchNewestPosts(qc, channelId ?? '', signal),
    enabled: !!channelId,
    staleTime: Infinity,
    gcTime: 10 * 60 * 1000,
  });
}

/** Loads the page before the oldest cached post; `loading` while it runs. */
export function useLoadOlder(channelId: string) {
  const qc = useQueryClient();
  const [loading, setLoading] = useState(false);
  const load = useCallback(async () => {
    const cache = qc.getQueryData<PostCache>(keys.posts(channelId));
    if (!cache || !cache.hasOlder || loading) return;
    let oldest: { id: string; at: number } | null = null;
    for (const p of Object.values(cache.posts)) {
      if (!oldest || p.create_at < oldest.at) oldest = { id: p.id, at: p.create_at };
    }
    if (!oldest) return;
    setLoading(true);
    try {
      const list = await api.getChannelPostsBefore(channelId, oldest.id);
      const older = fromPostList(list, { rootsOnly: true });
      qc.setQueryData<PostCache>(keys.posts(channelId), (c) => mergeOlder(c, older));
    } finally {
      setLoading(false);
    }
  }, [qc, channelId, loading]);
  return { load, loading };
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
