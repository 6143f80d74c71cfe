// The search box's pure logic: which modifier the word at the caret is (`from:`, `in:`, `on:`,
// `before:`, `after:`), replacing it with a suggestion, and the terms of "recent mentions".

import type { User } from '../api/types';

export type SearchModifier = 'from' | 'in' | 'on' | 'before' | 'after';

export const SEARCH_MODIFIERS: readonly SearchModifier[] = ['from', 'in', 'on', 'before', 'after'];

export interface SearchToken {
  /** The modifier being typed (`in` also for `channel:`), or null for a plain word. */
  modifier: SearchModifier | null;
  /** What follows the modifier (or the whole word). */
  value: string;
  /** The word's span in the text. */
  start: number;
  end: number;
  /** Written with a leading `-` (an exclusion). */
  negated: boolean;
}

/** The word the caret is in (or just after). */
export function searchToken(text: string, caret: number = text.length): SearchToken {
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1] ?? '')) start -= 1;
  let end = caret;
  while (end < text.length && !/\s/.test(text[end] ?? '')) end += 1;
  let word = text.slice(start, end);
  const negated = word.startsWith('-');
  if (negated) word = word.slice(1);
  const m = /^(from|in|channel|on|before|after):(.*)$/i.exec(word);
  if (!m) return { modifier: null, value: word, start, end, negated };
  const name = (m[1] ?? '').toLowerCase();
  const modifier = (name === 'channel' ? 'in' : name) as SearchModifier;
  return { modifier, value: m[2] ?? '', start, end, negated };
}

/** `text` with the token replaced by `modifier:value ` (the caret goes after the space). */
export function completeToken(text: string, token: SearchToken, value: string): { text: string; caret: number } {
  const prefix = `${token.negated ? '-' : ''}${token.modifier ? `${token.modifier}:` : ''}`;
  const insert = `${prefix}${value} `;
  const rest = text.slice(token.end).replace(/^\s+/, '');
  const next = text.slice(0, token.start) + insert + rest;
  return { text: next, caret: token.start + insert.length };
}

/** `YYYY-MM-DD` of a local date, as `on:`/`before:`/`after:` take it. */
export function isoDay(d: Date): string {
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

/**
 * The words a post mentioning the user contains, as Mattermost's mention keys: `@username`, the
 * user's own keys (`notify_props.mention_keys`), and the first name when that is turned on.
 * Searched with OR for "recent mentions".
 */
export function mentionSearchTerms(user: Pick<User, 'username' | 'first_name' | 'notify_props'>): string {
  const keys = [`@${user.username}`];
  for (const k of (user.notify_props?.mention_keys ?? '').split(',')) {
    const key = k.trim();
    if (key && !keys.includes(key)) keys.push(key);
  }
  if (user.notify_props?.first_name === 'true' && user.first_name) keys.push(user.first_name);
  return keys.map((k) => (/\s/.test(k) ? `"${k}"` : k)).join(' ');
}
