// The signed-in user's preferences (`GET /users/me/preferences`), saved optimistically, and typed
// readers for the ones the app uses, stored under Mattermost's categories and names so other
// Mattermost clients read the same settings.

import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import * as api from '../api/endpoints';
import type { ClientConfig, Preference, User } from '../api/types';
import type { ThemeChoice } from '../store/ui';
import { useConfig } from './hooks';
import { keys } from './keys';

export const PREF_CATEGORY = {
  display: 'display_settings',
  sidebar: 'sidebar_settings',
  theme: 'theme',
  notifications: 'notifications',
} as const;

export const PREF_NAME = {
  militaryTime: 'use_military_time',
  messageDisplay: 'message_display',
  collapsedReplyThreads: 'collapsed_reply_threads',
  nameFormat: 'name_format',
  showUnreadSection: 'show_unread_section',
  limitVisibleDmsGms: 'limit_visible_dms_gms',
  emailInterval: 'email_interval',
} as const;

export type TeammateNameDisplay = 'username' | 'nickname_full_name' | 'full_name';
export const TEAMMATE_NAME_DISPLAYS: readonly TeammateNameDisplay[] = ['username', 'nickname_full_name', 'full_name'];

export interface DisplaySettings {
  /** 24-hour clock (`use_military_time` = `"true"`). */
  militaryTime: boolean;
  /** `message_display` = `"compact"` (else `"clean"`, "Standard"). */
  compact: boolean;
  /** Collapsed reply threads (`collapsed_reply_threads` `"on"`/`"off"`, on unless the server says otherwise). */
  collapsedThreads: boolean;
  /** How other people's names are shown (`name_format`). */
  teammateNameDisplay: TeammateNameDisplay;
}

/** What the server's configuration lets the user change on the Display tab. */
export interface DisplayOptions {
  /** `CollapsedThreads` is `default_on` or `default_off` (not `always_on` or `disabled`). */
  collapsedThreadsChangeable: boolean;
  /** `LockTeammateNameDisplay` is `"true"`: the server's `TeammateNameDisplay` applies. */
  nameFormatLocked: boolean;
}

export interface SidebarSettings {
  /** "Group unread channels separately" (`show_unread_section`). */
  showUnreadSection: boolean;
  /** How many direct and group messages the sidebar lists (`limit_visible_dms_gms`). */
  limitVisibleDmsGms: number;
}

/** The choices Mattermost offers (the server refuses more than 40). */
export const DM_LIMITS = [10, 15, 20, 40] as const;
export const DEFAULT_DM_LIMIT = 20;

// ---- pure readers

/** The value of one preference, or `undefined`. */
export function getPreference(
  prefs: readonly Preference[] | undefined,
  category: string,
  name: string,
): string | undefined {
  return prefs?.find((p) => p.category === category && p.name === name)?.value;
}

function isNameFormat(v: string | undefined): v is TeammateNameDisplay {
  return v === 'username' || v === 'nickname_full_name' || v === 'full_name';
}

export function displayOptions(config: ClientConfig | undefined): DisplayOptions {
  const crt = config?.CollapsedThreads ?? '';
  return {
    collapsedThreadsChangeable: crt !== 'always_on' && crt !== 'disabled',
    nameFormatLocked: config?.LockTeammateNameDisplay === 'true' && isNameFormat(config.TeammateNameDisplay),
  };
}

export function parseDisplaySettings(
  prefs: readonly Preference[] | undefined,
  config?: ClientConfig,
): DisplaySettings {
  const get = (name: string) => getPreference(prefs, PREF_CATEGORY.display, name);

  const crtConfig = config?.CollapsedThreads ?? '';
  let collapsedThreads: boolean;
  if (crtConfig === 'always_on') collapsedThreads = true;
  else if (crtConfig === 'disabled') collapsedThreads = false;
  else {
    const v = get(PREF_NAME.collapsedReplyThreads);
    collapsedThreads = v === 'on' ? true : v === 'off' ? false : crtConfig !== 'default_off';
  }

  const configName = isNameFormat(config?.TeammateNameDisplay) ? config.TeammateNameDisplay : 'username';
  const userName = get(PREF_NAME.nameFormat);
  const teammateNameDisplay =
    config?.LockTeammateNameDisplay === 'true' || !isNameFormat(userName) ? configName : userName;

  return {
    militaryTime: get(PREF_NAME.militaryTime) === 'true',
    compact: get(PREF_NAME.messageDisplay) === 'compact',
    collapsedThreads,
    teammateNameDisplay,
  };
}

export function parseSidebarSettings(
  prefs: readonly Preference[] | undefined,
  config?: ClientConfig,
): SidebarSettings {
  let showUnreadSection: boolean;
  const v = getPreference(prefs, PREF_CATEGORY.sidebar, PREF_NAME.showUnreadSection);
  if (v === 'true' || v === 'false') {
    showUnreadSection = v === 'true';
  } else {
    // Older Mattermost versions kept a JSON object under the empty name.
    const legacy = readLegacySidebar(getPreference(prefs, PREF_CATEGORY.sidebar, ''));
    showUnreadSection = legacy ?? config?.ExperimentalGroupUnreadChannels === 'default_on';
  }

  const n = Number.parseInt(getPreference(prefs, PREF_CATEGORY.sidebar, PREF_NAME.limitVisibleDmsGms) ?? '', 10);
  return {
    showUnreadSection,
    limitVisibleDmsGms: Number.isFinite(n) && n > 0 ? n : DEFAULT_DM_LIMIT,
  };
}

function readLegacySidebar(value: string | undefined): boolean | undefined {
  if (!value) return undefined;
  try {
    const o: unknown = JSON.parse(value);
    if (typeof o === 'object' && o !== null && 'unreads_at_top' in o) {
      const u = (o as { unreads_at_top: unknown }).unreads_at_top;
      if (u === 'true' || u === true) return true;
      if (u === 'false' || u === false) return false;
    }
  } catch {
    // Not JSON: ignored.
  }
  return undefined;
}

// ---- theme: the local choice, mirrored to Mattermost's `theme` preference (name "" = all teams)

/** Mattermost's built-in themes that are dark. */
const DARK_THEME_TYPES = new Set(['Onyx', 'Indigo']);

/** The `theme` preference for a choice; `null` for "System" (no preference: the default theme). */
export function themePreferenceValue(theme: ThemeChoice): string | null {
  if (theme === 'light') return JSON.stringify({ type: 'Denim' });
  if (theme === 'dark') return JSON.stringify({ type: 'Onyx' });
  return null;
}

/** Light or dark from the `theme` preference (a built-in type, else the centre background). */
export function themeFromPreferences(prefs: readonly Preference[] | undefined): ThemeChoice | null {
  const value = getPreference(prefs, PREF_CATEGORY.theme, '');
  if (!value) return null;
  let theme: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return null;
    theme = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof theme.type === 'string' && theme.type !== 'custom' && theme.type !== '') {
    return DARK_THEME_TYPES.has(theme.type) ? 'dark' : 'light';
  }
  const bg = typeof theme.centerChannelBg === 'string' ? theme.centerChannelBg : '';
  const lum = hexLuminance(bg);
  return lum === null ? null : lum < 0.5 ? 'dark' : 'light';
}

function hexLuminance(hex: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m?.[1]) return null;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// ---- cache updates

function sameKey(a: Pick<Preference, 'category' | 'name'>, b: Pick<Preference, 'category' | 'name'>): boolean {
  return a.category === b.category && a.name === b.name;
}

/** The list with `changed` saved over it (added or replaced). */
export function upsertPreferences(list: readonly Preference[], changed: readonly Preference[]): Preference[] {
  const out = list.filter((p) => !changed.some((c) => sameKey(c, p)));
  return [...out, ...changed];
}

export function removePreferences(
  list: readonly Preference[],
  removed: readonly Pick<Preference, 'category' | 'name'>[],
): Preference[] {
  return list.filter((p) => !removed.some((r) => sameKey(r, p)));
}

/** A preference of the signed-in user. */
export function makePreference(userId: string, category: string, name: string, value: string): Preference {
  return { user_id: userId, category, name, value };
}

function myUserId(qc: QueryClient, prefs: readonly Preference[]): string {
  return prefs[0]?.user_id || qc.getQueryData<User>(keys.me)?.id || 'me';
}

/**
 * Runs `write` against the server after changing the cache with `apply`; on failure the entries
 * it changed go back to what they were (unless something else changed them meanwhile) and the
 * error is thrown again.
 */
async function optimistic(
  qc: QueryClient,
  touched: readonly Preference[],
  apply: (list: readonly Preference[]) => Preference[],
  write: () => Promise<unknown>,
): Promise<void> {
  const before = qc.getQueryData<Preference[]>(keys.preferences);
  if (!before) {
    // Nothing cached yet: write, then load the whole list (a partial list would hide the rest).
    await write();
    await qc.invalidateQueries({ queryKey: keys.preferences });
    return;
  }
  const refetching = qc.isFetching({ queryKey: keys.preferences }) > 0;
  if (refetching) await qc.cancelQueries({ queryKey: keys.preferences });
  const previous = touched.map((p) => before.find((b) => sameKey(b, p)));
  const expected = apply(before);
  qc.setQueryData<Preference[]>(keys.preferences, expected);
  try {
    await write();
  } catch (e) {
    qc.setQueryData<Preference[]>(keys.preferences, (list) => {
      if (!list) return list;
      let out = [...list];
      touched.forEach((p, i) => {
        const now = out.find((x) => sameKey(x, p));
        const wanted = expected.find((x) => sameKey(x, p));
        if (now?.value !== wanted?.value) return; // changed since: keep
        const prev = previous[i];
        out = prev ? upsertPreferences(out, [prev]) : removePreferences(out, [p]);
      });
      return out;
    });
    throw e;
  } finally {
    if (refetching) void qc.invalidateQueries({ queryKey: keys.preferences });
  }
}

/** Saves preferences: the cache changes at once and goes back if the server refuses. */
export function savePreferences(qc: QueryClient, prefs: Preference[]): Promise<void> {
  if (prefs.length === 0) return Promise.resolve();
  const userId = myUserId(qc, prefs);
  const full = prefs.map((p) => ({ ...p, user_id: p.user_id || userId }));
  return optimistic(
    qc,
    full,
    (list) => upsertPreferences(list, full),
    () => api.savePreferences(userId, full),
  );
}

/** Deletes preferences (by category and name), optimistically as `savePreferences`. */
export function deletePreferences(qc: QueryClient, prefs: Preference[]): Promise<void> {
  if (prefs.length === 0) return Promise.resolve();
  const userId = myUserId(qc, prefs);
  const full = prefs.map((p) => ({ ...p, user_id: p.user_id || userId }));
  return optimistic(
    qc,
    full,
    (list) => removePreferences(list, full),
    () => api.deletePreferences(userId, full),
  );
}

/** Mirrors the theme choice to the `theme` preference (deleted for "System"). */
export function saveThemePreference(qc: QueryClient, userId: string, theme: ThemeChoice): Promise<void> {
  const value = themePreferenceValue(theme);
  const pref = makePreference(userId, PREF_CATEGORY.theme, '', value ?? '');
  if (value !== null) return savePreferences(qc, [pref]);
  const cached = qc.getQueryData<Preference[]>(keys.preferences);
  if (cached && getPreference(cached, PREF_CATEGORY.theme, '') === undefined) return Promise.resolve();
  return deletePreferences(qc, [pref]);
}

/** Decodes the `preferences` of a `preferences_changed`/`preferences_deleted` event (a JSON string). */
export function preferencesFromEventData(data: Record<string, unknown>): Preference[] {
  let v: unknown = data.preferences;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(v)) return [];
  return v.filter(
    (p): p is Preference =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as Preference).category === 'string' &&
      typeof (p as Preference).name === 'string',
  ).map((p) => ({ ...p, user_id: String(p.user_id ?? ''), value: typeof p.value === 'string' ? p.value : '' }));
}

/** Applies a WebSocket preferences event to the cache (nothing when it is not loaded yet). */
export function applyPreferenceEvent(
  qc: QueryClient,
  event: 'preferences_changed' | 'preferences_deleted',
  prefs: Preference[],
): void {
  if (prefs.length === 0) return;
  qc.setQueryData<Preference[]>(keys.preferences, (list) => {
    if (!list) return list;
    return event === 'preferences_changed' ? upsertPreferences(list, prefs) : removePreferences(list, prefs);
  });
}

// ---- hooks

export function usePreferences() {
  return useQuery({ queryKey: keys.preferences, queryFn: api.getMyPreferences, staleTime: Infinity });
}

export function useDisplaySettings(): DisplaySettings {
  const { data } = usePreferences();
  const { data: config } = useConfig();
  return useMemo(() => parseDisplaySettings(data, config), [data, config]);
}

export function useDisplayOptions(): DisplayOptions {
  const { data: config } = useConfig();
  return useMemo(() => displayOptions(config), [config]);
}

export function useSidebarSettings(): SidebarSettings {
  const { data } = usePreferences();
  const { data: config } = useConfig();
  return useMemo(() => parseSidebarSettings(data, config), [data, config]);
}
