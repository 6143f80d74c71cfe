import { ApiError } from '../api/client';
import { t } from '../i18n/en';
import { dayKey } from './grouping';
import type { Channel } from '../api/types';

/** The message to show for a failed request. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network');
    return e.message || t('error.generic', { status: e.status });
  }
  if (e instanceof Error && e.message) return e.message;
  return t('error.generic', { status: '?' });
}

/**
 * The time of day; `military` (the user's 24-hour clock setting) forces 24 or 12 hours;
 * `timeZone` (the user's chosen zone) else the browser's.
 */
export function formatTime(ms: number, military?: boolean, timeZone?: string): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: military ? '2-digit' : 'numeric',
    minute: '2-digit',
    ...(military === undefined ? {} : { hour12: !military }),
    ...(timeZone ? { timeZone } : {}),
  });
}

export function formatDateTime(ms: number, timeZone?: string): string {
  return new Date(ms).toLocaleString(undefined, {
    dateStyle: 'full',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
}

/** "Today", "Yesterday", or the date of a separator in the message list (days as in `timeZone`). */
export function formatDay(ms: number, now: number = Date.now(), timeZone?: string): string {
  const key = dayKey(ms, timeZone);
  if (key === dayKey(now, timeZone)) return t('channel.today');
  if (key === yesterdayKey(now, timeZone)) return t('channel.yesterday');
  const sameYear = key.slice(0, 4) === dayKey(now, timeZone).slice(0, 4);
  return new Date(ms).toLocaleDateString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    ...(timeZone ? { timeZone } : {}),
  });
}

/** The `dayKey` of the calendar day before the one `now` falls on (no daylight-saving pitfalls). */
function yesterdayKey(now: number, timeZone?: string): string {
  const [y = 1970, m = 1, d = 1] = dayKey(now, timeZone).split('-').map(Number);
  const prev = new Date(Date.UTC(y, m - 1, d - 1));
  return prev.toISOString().slice(0, 10);
}

/** A URL name from a display name: lower-case `[a-z0-9-]`, as team and channel names need. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function isDirect(c: Pick<Channel, 'type'>): boolean {
  return c.type === 'D';
}

/** The other member of a DM (`<id1>__<id2>`); the user's own id for a DM with oneself. */
export function dmOtherUserId(c: Pick<Channel, 'name'>, myId: string): string {
  const [a = '', b = ''] = c.name.split('__');
  if (a === myId) return b || a;
  return a;
}

export function initials(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...(words[0] ?? '')][0] ?? '';
  const second = words.length > 1 ? ([...(words[1] ?? '')][0] ?? '') : ([...(words[0] ?? '')][1] ?? '');
  return (first + second).toUpperCase();
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
