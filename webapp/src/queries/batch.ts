// Many lookups by id asked for within a few milliseconds become one request (`POST /users/ids`,
// `POST /users/status/ids`): every avatar or name on screen asks on its own, the server sees one.

export function batchLoader<T>(
  fetchMany: (ids: string[]) => Promise<T[]>,
  idOf: (item: T) => string,
  delayMs = 10,
): (id: string) => Promise<T | null> {
  type Waiter = { resolve: (v: T | null) => void; reject: (e: unknown) => void };
  const waiting = new Map<string, Waiter[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(): void {
    timer = null;
    const batch = new Map(waiting);
    waiting.clear();
    fetchMany([...batch.keys()]).then(
      (items) => {
        const byId = new Map(items.map((x) => [idOf(x), x]));
        for (const [id, ws] of batch) for (const w of ws) w.resolve(byId.get(id) ?? null);
      },
      (e: unknown) => {
        for (const ws of batch.values()) for (const w of ws) w.reject(e);
      },
    );
  }

  return (id) =>
    new Promise((resolve, reject) => {
      const list = waiting.get(id);
      if (list) list.push({ resolve, reject });
      else waiting.set(id, [{ resolve, reject }]);
      if (!timer) timer = setTimeout(flush, delayMs);
    });
}
