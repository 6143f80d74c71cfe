// The last team and channel the user looked at, to land there again.

const KEY = 'stoa.last';

interface Last {
  team: string;
  channels: Record<string, string>;
}

function read(): Last {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) {
      const v = JSON.parse(raw) as Partial<Last>;
      return { team: typeof v.team === 'string' ? v.team : '', channels: v.channels ?? {} };
    }
  } catch {
    // Unavailable or corrupt: start over.
  }
  return { team: '', channels: {} };
}

export function lastTeam(): string {
  return read().team;
}

export function lastChannel(team: string): string {
  return read().channels[team] ?? '';
}

export function rememberVisit(team: string, channel: string): void {
  const last = read();
  last.team = team;
  last.channels[team] = channel;
  try {
    localStorage.setItem(KEY, JSON.stringify(last));
  } catch {
    // Not remembered.
  }
}
