// Users by id, fetched in batches: every `useUser` asked for within a few milliseconds becomes one
// `POST /users/ids`.

import { useQuery, type QueryClient } from '@tanstack/react-query';
import { getUsersByIds } from '../api/endpoints';
import type { User } from '../api/types';
import { keys } from './keys';

type Waiter = { resolve: (u: User | null) => void; reject: (e: unknown) => void };

const waiting = new Map<string, Waiter[]>();
let timer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  timer = null;
  const batch = new Map(waiting);
  waiting.clear();
  const ids = [...batch.keys()];
  getUsersByIds(ids).then(
    (users) => {
      const byId = new Map(users.map((u) => [u.id, u]));
      for (const [id, ws] of batch) for (const w of ws) w.resolve(byId.get(id) ?? null);
    },
    (e: unknown) => {
      for (const ws of batch.values()) for (const w of ws) w.reject(e);
    },
  );
}

export function loadUser(id: string): Promise<User | null> {
  return new Promise((resolve, reject) => {
    const list = waiting.get(id);
    if (list) list.push({ resolve, reject });
    else waiting.set(id, [{ resolve, reject }]);
    if (!timer) timer = setTimeout(flush, 10);
  });
}

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
