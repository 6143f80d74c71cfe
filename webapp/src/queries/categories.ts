// The user's sidebar categories of a team (Favorites, Channels, Direct Messages and their own),
// kept current by the `sidebar_category_*` events; favoriting moves a channel between them.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import * as api from '../api/endpoints';
import type { SidebarCategories, SidebarCategory } from '../api/types';
import { useMeUser } from './hooks';
import { keys } from './keys';

export function useCategories(teamId: string) {
  const me = useMeUser();
  return useQuery({
    queryKey: keys.categories(teamId),
    queryFn: () => api.getCategories(me.id, teamId),
    staleTime: Infinity,
  });
}

/** The category a channel is in (each channel is in one per team). */
export function categoryOf(data: SidebarCategories | undefined, channelId: string): SidebarCategory | undefined {
  return data?.categories.find((c) => c.channel_ids.includes(channelId));
}

/**
 * `favorite`: the channel moves to the top of Favorites; otherwise back to its default category
 * (Channels, or Direct Messages for DMs and group messages). One `PUT` of both categories.
 */
export function moveForFavorite(
  data: SidebarCategories,
  channelId: string,
  favorite: boolean,
  isDirect: boolean,
): SidebarCategory[] | null {
  const from = categoryOf(data, channelId);
  const to = favorite
    ? data.categories.find((c) => c.type === 'favorites')
    : data.categories.find((c) => c.type === (isDirect ? 'direct_messages' : 'channels'));
  if (!to || from?.id === to.id) return null;
  const changed: SidebarCategory[] = [{ ...to, channel_ids: [channelId, ...to.channel_ids.filter((id) => id !== channelId)] }];
  if (from) changed.push({ ...from, channel_ids: from.channel_ids.filter((id) => id !== channelId) });
  return changed;
}

export function useFavorites(teamId: string) {
  const me = useMeUser();
  const qc = useQueryClient();
  const categories = useCategories(teamId);
  const favorites = categories.data?.categories.find((c) => c.type === 'favorites');
  const isFavorite = useCallback((channelId: string) => !!favorites?.channel_ids.includes(channelId), [favorites]);
  const setFavorite = useCallback(
    async (channelId: string, favorite: boolean) => {
      const data = qc.getQueryData<SidebarCategories>(keys.categories(teamId)) ?? (await api.getCategories(me.id, teamId));
      const channel = qc
        .getQueryData<{ id: string; type: string }[]>(keys.channels(teamId))
        ?.find((c) => c.id === channelId);
      const isDirect = channel?.type === 'D' || channel?.type === 'G';
      const changed = moveForFavorite(data, channelId, favorite, isDirect);
      if (!changed) return;
      // Shown at once; the server's answer (and its event) confirm it.
      qc.setQueryData<SidebarCategories>(keys.categories(teamId), applyCategories(data, changed));
      try {
        const saved = await api.updateCategories(me.id, teamId, changed);
        qc.setQueryData<SidebarCategories>(keys.categories(teamId), (d) => (d ? applyCategories(d, saved) : d));
      } catch (err) {
        qc.setQueryData<SidebarCategories>(keys.categories(teamId), data);
        throw err;
      }
    },
    [qc, me.id, teamId],
  );
  return { isFavorite, setFavorite, categories };
}

/** The categories with some replaced by their updated versions. */
export function applyCategories(data: SidebarCategories, changed: readonly SidebarCategory[]): SidebarCategories {
  const byId = new Map(changed.map((c) => [c.id, c]));
  return { ...data, categories: data.categories.map((c) => byId.get(c.id) ?? c) };
}
