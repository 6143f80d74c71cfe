// The quick switcher's list, pure: the user's channels matching what was typed (best match and
// most recent activity first), then people, then public channels not joined yet.

import type { Channel, User } from '../api/types';

export type SwitcherItem =
  | { kind: 'mine'; key: string; channel: Channel; label: string }
  | { kind: 'other'; key: string; channel: Channel; label: string }
  | { kind: 'user'; key: string; user: User };

export interface SwitcherInput {
  query: string;
  myChannels: readonly Channel[];
  users: readonly User[];
  otherChannels: readonly Channel[];
  myId: string;
  /** The other user's username of a DM (empty when not known yet). */
  usernameOf: (dm: Channel) => string;
  limit?: number;
}

/** 0 exact, 1 starts with, 2 a word starts with, 3 contains, -1 no match. */
export function matchScore(label: string, query: string): number {
  const l = label.toLowerCase();
  if (!query) return 3;
  if (l === query) return 0;
  if (l.startsWith(query)) return 1;
  if (l.split(/[\s_.-]+/).some((w) => w.startsWith(query))) return 2;
  return l.includes(query) ? 3 : -1;
}

export function rankSwitcher(input: SwitcherInput): SwitcherItem[] {
  const { query, myId } = input;
  const limit = input.limit ?? 20;
  const mine: { item: SwitcherItem; score: number; at: number }[] = [];
  const dmWith = new Set<string>();
  for (const c of input.myChannels) {
    const label = c.type === 'D' ? input.usernameOf(c) : c.display_name || c.name;
    if (!label) continue;
    // A channel also matches by its URL name.
    const byName = c.type === 'O' || c.type === 'P' ? matchScore(c.name, query) : -1;
    const scores = [matchScore(label, query), byName].filter((s) => s >= 0);
    if (scores.length === 0) continue;
    const score = Math.min(...scores);
    if (c.type === 'D') dmWith.add(label);
    mine.push({ item: { kind: 'mine', key: `c:${c.id}`, channel: c, label }, score, at: c.last_post_at });
  }
  mine.sort((a, b) => a.score - b.score || b.at - a.at);
  const out: SwitcherItem[] = mine.map((m) => m.item);
  if (query) {
    for (const u of input.users) {
      if (u.delete_at || dmWith.has(u.username) || (u.id === myId && dmWith.has(u.username))) continue;
      out.push({ kind: 'user', key: `u:${u.id}`, user: u });
    }
    const known = new Set(input.myChannels.map((c) => c.id));
    for (const c of input.otherChannels) {
      if (known.has(c.id) || c.delete_at || c.type !== 'O') continue;
      out.push({ kind: 'other', key: `o:${c.id}`, channel: c, label: c.display_name || c.name });
    }
  }
  return out.slice(0, limit);
}
