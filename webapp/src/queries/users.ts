// Users by id, fetched in batches: every `useUser` asked for within a few milliseconds becomes one
// `POST /users/ids`.

import { useQuery, type QueryClient } from '@tanstack/react-query';
import { getUsersByIds } from '../api/endpoints';
import type { User } from '../api/types';
import { keys } from './keys';
import { batchLoader } from './batch';

/** A user by id, batched with the others asked for at the same moment. */
export const loadUser = batchLoader(getUsersByIds, (u: User) => u.id);

export function useUser(id: string | undefined) {
  return useQuery({
    queryKey: keys.user(id ?? ''),
    queryFn: () => loadUser(id ?? ''),
    enabled: !!id,
    staleTime: 10 * 60 * 1000,
  });
}

export function primeUsers(qc: QueryClient, users: readonly User[]): void {
  for (const u of users) qc.setQueryData(keys.user(u.id), u);
}
