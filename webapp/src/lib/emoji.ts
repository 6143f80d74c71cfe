// System emoji by Mattermost's names (emoji-datasource's short names, see emojiData.ts), for
// reactions, `:name:` in messages, the emoji picker and the composer's `:emoji:` autocomplete;
// and the user's recently used emoji. Emoji are shown as text, in the system's emoji font.

import { EMOJI_DATA, EMOJI_HIDDEN, type EmojiEntry } from './emojiData';

/** The picker's categories, in Mattermost's order (ids as Mattermost's picker names them). */
export const EMOJI_CATEGORIES = [
  'smileys-emotion',
  'people-body',
  'animals-nature',
  'food-drink',
  'travel-places',
  'activities',
  'objects',
  'symbols',
  'flags',
] as const;
export type EmojiCategory = (typeof EMOJI_CATEGORIES)[number];

/** Skin tones as Mattermost names them: `<name>_<tone>_skin_tone`. */
export const SKIN_TONES = ['light', 'medium_light', 'medium', 'medium_dark', 'dark'] as const;
export type SkinTone = (typeof SKIN_TONES)[number];

export interface SystemEmoji {
  /** The main short name (the first of `names`). */
  name: string;
  /** Every short name, e.g. `+1` and `thumbsup`. */
  names: readonly string[];
  /** Codepoints in hex joined by `-`, e.g. `1F44D`. */
  unified: string;
  /** The emoji as text. */
  char: string;
  /** `null` for obsolete emoji and skin tone components: known by name, not offered. */
  category: EmojiCategory | null;
  sortOrder: number;
  /** The codepoints of the variants in `SKIN_TONES` order, or `null` without skin tones. */
  skinTones: readonly string[] | null;
}

/** The quick reactions offered on a post. */
export const QUICK_REACTIONS = ['+1', 'heart', 'smile', 'tada', 'eyes'] as const;

// ---- the index, built on first use

interface SearchKey {
  /** The name, lower-case, with `-` and spaces as `_`. */
  key: string;
  name: string;
  emoji: SystemEmoji;
}

interface Index {
  byName: Map<string, SystemEmoji>;
  byCategory: Map<EmojiCategory, SystemEmoji[]>;
  /** Every name of the offered emoji, by `key`. */
  keys: SearchKey[];
}

let index: Index | null = null;

const TONE_CODES = ['1F3FB', '1F3FC', '1F3FD', '1F3FE', '1F3FF'];

export function unifiedToChar(unified: string): string {
  return String.fromCodePoint(...unified.split('-').map((h) => parseInt(h, 16)));
}

function toneVariants(unified: string, tones: EmojiEntry[2]): string[] | null {
  if (!tones) return null;
  if (typeof tones === 'string') return tones.split(' ');
  const cps = unified.split('-');
  const rest = cps[1] === 'FE0F' ? cps.slice(2) : cps.slice(1);
  return TONE_CODES.map((t) => [cps[0], t, ...rest].join('-'));
}

function toEmoji(e: EmojiEntry, category: EmojiCategory | null, sortOrder: number): SystemEmoji {
  const names = e[1].split(' ');
  return {
    name: names[0] ?? '',
    names,
    unified: e[0],
    char: unifiedToChar(e[0]),
    category,
    sortOrder,
    skinTones: toneVariants(e[0], e[2]),
  };
}

export function normalizeEmojiQuery(s: string): string {
  return s
    .trim()
    .replace(/^:+|:+$/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

function build(): Index {
  const byName = new Map<string, SystemEmoji>();
  const byCategory = new Map<EmojiCategory, SystemEmoji[]>();
  const keys: SearchKey[] = [];
  let order = 0;
  EMOJI_CATEGORIES.forEach((cat, i) => {
    const list = (EMOJI_DATA[i] ?? []).map((e) => toEmoji(e, cat, (order = e[3] ?? order + 1)));
    byCategory.set(cat, list);
    for (const emoji of list) {
      for (const name of emoji.names) {
        byName.set(name, emoji);
        keys.push({ key: normalizeEmojiQuery(name), name, emoji });
      }
    }
  });
  for (const e of EMOJI_HIDDEN) {
    const emoji = toEmoji(e, null, e[3] ?? 0);
    for (const name of emoji.names) if (!byName.has(name)) byName.set(name, emoji);
  }
  keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { byName, byCategory, keys };
}

function getIndex(): Index {
  index ??= build();
  return index;
}

// ---- lookups

/** The emoji a name (not a skin tone name) stands for, offered or not. */
export function emojiByName(name: string): SystemEmoji | undefined {
  return getIndex().byName.get(name);
}

/** The offered emoji of a category, in sort order. */
export function emojiInCategory(category: EmojiCategory): readonly SystemEmoji[] {
  return getIndex().byCategory.get(category) ?? [];
}

/** `name` without a skin tone suffix and the tone, when it has one. */
export function splitSkinTone(name: string): { base: string; tone: SkinTone } | null {
  if (!name.endsWith('_skin_tone')) return null;
  for (const tone of SKIN_TONES) {
    const suffix = `_${tone}_skin_tone`;
    if (name.length > suffix.length && name.endsWith(suffix)) {
      const base = name.slice(0, -suffix.length);
      if (emojiByName(base)?.skinTones) return { base, tone };
    }
  }
  return null;
}

/** The character for a system emoji name, including skin tone names (`+1_dark_skin_tone`). */
export function emojiChar(name: string): string | undefined {
  const emoji = getIndex().byName.get(name);
  if (emoji) return emoji.char;
  const split = splitSkinTone(name);
  if (!split) return undefined;
  const variant = emojiByName(split.base)?.skinTones?.[SKIN_TONES.indexOf(split.tone)];
  return variant ? unifiedToChar(variant) : undefined;
}

/** The name and character of `emoji` in a skin tone (itself when it has none, or for `null`). */
export function withSkinTone(emoji: SystemEmoji, tone: SkinTone | null): { name: string; char: string } {
  const variant = tone ? emoji.skinTones?.[SKIN_TONES.indexOf(tone)] : undefined;
  if (!tone || !variant) return { name: emoji.name, char: emoji.char };
  return { name: `${emoji.name}_${tone}_skin_tone`, char: unifiedToChar(variant) };
}

// ---- search

/** 0: a name is the query, 1: a name starts with it, 2: a name contains it. */
export type MatchRank = 0 | 1 | 2;

export interface EmojiMatch {
  /** The name that matched best. */
  name: string;
  char: string;
  emoji: SystemEmoji;
  rank: MatchRank;
}

/** How `name` matches a normalized query (see `normalizeEmojiQuery`), or -1. */
export function matchRank(normalizedQuery: string, name: string): MatchRank | -1 {
  const key = normalizeEmojiQuery(name);
  if (key === normalizedQuery) return 0;
  if (key.startsWith(normalizedQuery)) return 1;
  return key.includes(normalizedQuery) ? 2 : -1;
}

/**
 * Offered system emoji whose names match `query` (`:` around it, case, `-`/`_`/space ignored):
 * an exact name first, then names starting with the query, then names containing it; by name
 * within each group. Each emoji once, under its best-matching name.
 */
export function searchEmoji(query: string, limit = 50): EmojiMatch[] {
  const q = normalizeEmojiQuery(query);
  if (!q || limit <= 0) return [];
  const groups: [EmojiMatch[], EmojiMatch[], EmojiMatch[]] = [[], [], []];
  const seen = new Set<SystemEmoji>();
  // Names are in key order, so each group comes out sorted, and an exact name (the shortest key
  // starting with the query) comes before the same emoji's other names.
  const keys = getIndex().keys;
  for (const k of keys) {
    if (!k.key.startsWith(q) || seen.has(k.emoji)) continue;
    const rank = k.key === q ? 0 : 1;
    seen.add(k.emoji);
    groups[rank].push({ name: k.name, char: k.emoji.char, emoji: k.emoji, rank });
  }
  if (groups[0].length + groups[1].length < limit) {
    for (const k of keys) {
      if (seen.has(k.emoji) || !k.key.includes(q)) continue;
      seen.add(k.emoji);
      groups[2].push({ name: k.name, char: k.emoji.char, emoji: k.emoji, rank: 2 });
    }
  }
  return [...groups[0], ...groups[1], ...groups[2]].slice(0, limit);
}

// ---- recently used emoji and the skin tone, in localStorage

export const RECENT_EMOJI_KEY = 'stoa.emoji.recent';
export const MAX_RECENT_EMOJI = 27;
const SKIN_TONE_KEY = 'stoa.emoji.skinTone';
const NAME = /^[A-Za-z0-9_+-]{1,64}$/;

/** Emoji names (system, skin tone or custom) the user picked, newest first. */
export function recentEmoji(): string[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(RECENT_EMOJI_KEY);
  } catch {
    return [];
  }
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const names: string[] = [];
  for (const v of parsed) {
    if (typeof v === 'string' && NAME.test(v) && !names.includes(v)) names.push(v);
    if (names.length === MAX_RECENT_EMOJI) break;
  }
  return names;
}

/** Puts `name` first in the recently used emoji. */
export function rememberEmoji(name: string): void {
  if (!NAME.test(name)) return;
  const list = [name, ...recentEmoji().filter((n) => n !== name)].slice(0, MAX_RECENT_EMOJI);
  try {
    localStorage.setItem(RECENT_EMOJI_KEY, JSON.stringify(list));
  } catch {
    // Storage disabled or full: not remembered.
  }
}

/**
 * The quick reactions for a post: the recently used emoji first, filled up with
 * `QUICK_REACTIONS`. `known` drops names that cannot be shown (by default, non-system names).
 */
export function quickReactions(
  count: number = QUICK_REACTIONS.length,
  known: (name: string) => boolean = (n) => emojiChar(n) !== undefined,
): string[] {
  const out: string[] = [];
  for (const name of [...recentEmoji(), ...QUICK_REACTIONS]) {
    if (out.length >= count) break;
    if (!out.includes(name) && known(name)) out.push(name);
  }
  return out;
}

/** The skin tone the user picked in the emoji picker, or `null` for the default (yellow). */
export function preferredSkinTone(): SkinTone | null {
  try {
    const v = localStorage.getItem(SKIN_TONE_KEY);
    return (SKIN_TONES as readonly string[]).includes(v ?? '') ? (v as SkinTone) : null;
  } catch {
    return null;
  }
}

export function setPreferredSkinTone(tone: SkinTone | null): void {
  try {
    if (tone) localStorage.setItem(SKIN_TONE_KEY, tone);
    else localStorage.removeItem(SKIN_TONE_KEY);
  } catch {
    // Not remembered.
  }
}
