// The signed-in user's time zone in the React tree: the zone times are shown in, and keeping the
// automatic zone on the browser's (as Mattermost's apps do at start).

import { createContext, createElement, useContext, useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { User } from '../api/types';
import { automaticTimezoneUpdate, browserTimeZone, effectiveTimeZone } from '../lib/timezone';
import { useMe } from './hooks';
import { keys } from './keys';

const TimeZoneContext = createContext<string | undefined>(undefined);

/**
 * Makes the user's zone known below it. One subscription to the signed-in user for the whole
 * tree: a query observer in every post would double the cost of mounting a post.
 */
export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const { data } = useMe();
  return createElement(TimeZoneContext.Provider, { value: effectiveTimeZone(data?.timezone) }, children);
}

/** The zone to show times in (`undefined`: the browser's). */
export function useTimeZone(): string | undefined {
  return useContext(TimeZoneContext);
}

/** Saves the browser's zone as the user's automatic zone when it changed (once per sign-in). */
export function useAutomaticTimezone(): void {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const id = me?.id;
  const tz = me?.timezone;
  useEffect(() => {
    if (!id) return;
    const next = automaticTimezoneUpdate(tz, browserTimeZone());
    if (!next) return;
    api
      .patchUser(id, { timezone: { ...next } })
      .then((user) => qc.setQueryData<User>(keys.me, (old) => (old ? { ...old, timezone: user.timezone ?? { ...next } } : old)))
      .catch(() => {
        // Not saved: times still show in the browser's zone; tried again next time.
      });
    // Once per signed-in user (not on every change of the setting): a failure is not retried in
    // a loop, and a zone chosen in Settings is not undone.
  }, [id]);
}
