// Synced drafts in the React tree: whether they are on, reading a team's drafts from the server
// when the team opens (again after a reconnect that lost events), and the team's drafts listed
// for the Drafts view.

import { useEffect, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Channel } from '../api/types';
import { getDraftSync } from '../live/draftSync';
import { hasText, type LocalDraft } from '../lib/drafts';
import { useDrafts } from '../store/drafts';
import { useChannels, useConfig } from './hooks';
import { keys } from './keys';
import { getPreference, usePreferences } from './preferences';

/**
 * Drafts go to the server when it allows it (`AllowSyncedDrafts`) and the user has not turned it
 * off (Mattermost's `advanced_settings`/`sync_drafts` preference).
 */
export function syncedDraftsOn(allowSyncedDrafts: string | undefined, userChoice: string | undefined): boolean {
  return allowSyncedDrafts === 'true' && userChoice !== 'false';
}

export function useSyncedDraftsEnabled(): boolean {
  const config = useConfig();
  const prefs = usePreferences();
  return syncedDraftsOn(config.data?.AllowSyncedDrafts, getPreference(prefs.data, 'advanced_settings', 'sync_drafts'));
}

/** Turns syncing on or off as the settings say, and reads the team's drafts from the server. */
export function useSyncedDrafts(teamId: string): void {
  const qc = useQueryClient();
  const enabled = useSyncedDraftsEnabled();
  const channels = useChannels(teamId);
  useEffect(() => {
    getDraftSync()?.setEnabled(enabled);
  }, [enabled]);
  useQuery({
    queryKey: keys.drafts(teamId),
    queryFn: async () => {
      const sync = getDraftSync();
      // The live connection sets the sync up in an effect that may run after this one: try
      // again (the query retries) rather than remember a load that did not happen.
      if (!sync) throw new Error('draft sync not started yet');
      sync.setEnabled(true);
      await sync.load(teamId, (channelId) =>
        !!qc.getQueryData<Channel[]>(keys.channels(teamId))?.some((c) => c.id === channelId),
      );
      return Date.now();
    },
    enabled: enabled && !!channels.data,
    staleTime: Infinity,
    retry: 2,
  });
}

/** The drafts (with text) of the team's channels and of direct and group messages, newest first. */
export function useTeamDrafts(teamId: string): LocalDraft[] {
  const drafts = useDrafts((s) => s.drafts);
  const channels = useChannels(teamId);
  return useMemo(() => {
    const ids = new Set((channels.data ?? []).filter((c) => c.delete_at === 0).map((c) => c.id));
    return Object.values(drafts)
      .filter((d) => ids.has(d.channelId) && hasText(d.message))
      .sort((a, b) => b.updateAt - a.updateAt);
  }, [drafts, channels.data]);
}
