// Presence (online, away, do not disturb, offline) of the users on screen. As in Mattermost,
// other users' changes are not pushed: they are polled, batched into one `POST
// /users/status/ids` a minute; the user's own status comes with `status_change` events.

import { useQuery } from '@tanstack/react-query';
import { getStatusesByIds } from '../api/endpoints';
import type { CustomStatus, StatusValue, User, UserStatus } from '../api/types';
import { batchLoader } from './batch';
import { keys } from './keys';

const loadStatus = batchLoader(getStatusesByIds, (s: UserStatus) => s.user_id);

export const STATUS_POLL_MS = 60 * 1000;

export function useStatus(userId: string | undefined) {
  return useQuery({
    queryKey: keys.status(userId ?? ''),
    queryFn: async (): Promise<StatusValue> => (await loadStatus(userId ?? ''))?.status ?? 'offline',
    enabled: !!userId,
    staleTime: STATUS_POLL_MS,
    refetchInterval: STATUS_POLL_MS,
  });
}

/** The custom status a user set (kept in `props.customStatus` as JSON), unless it expired. */
export function customStatusOf(user: Pick<User, 'props'> | undefined, now = Date.now()): CustomStatus | null {
  const raw = user?.props?.customStatus;
  if (!raw) return null;
  try {
    const cs = JSON.parse(raw) as Partial<CustomStatus>;
    if (!cs.emoji && !cs.text) return null;
    // No duration, or Go's zero time (`0001-01-01T00:00:00Z`), means it never expires.
    const ends = cs.expires_at ? Date.parse(cs.expires_at) : NaN;
    if (cs.duration && ends > 0 && ends <= now) return null;
    return { emoji: cs.emoji ?? '', text: cs.text ?? '', duration: cs.duration, expires_at: cs.expires_at };
  } catch {
    return null;
  }
}
