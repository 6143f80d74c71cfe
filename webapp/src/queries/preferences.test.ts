// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { Preference } from '../api/types';
import { keys } from './keys';
import {
  applyPreferenceEvent,
  deletePreferences,
  displayOptions,
  makePreference,
  parseDisplaySettings,
  parseSidebarSettings,
  preferencesFromEventData,
  removePreferences,
  savePreferences,
  saveThemePreference,
  themeFromPreferences,
  themePreferenceValue,
  upsertPreferences,
} from './preferences';

const U = 'u1';
const p = (category: string, name: string, value: string): Preference => makePreference(U, category, name, value);

describe('parseDisplaySettings', () => {
  it('has Mattermost defaults with no preferences', () => {
    expect(parseDisplaySettings([])).toEqual({
      militaryTime: false,
      compact: false,
      collapsedThreads: true,
      teammateNameDisplay: 'username',
    });
    expect(parseDisplaySettings(undefined).collapsedThreads).toBe(true);
  });

  it('reads the stored values', () => {
    const prefs = [
      p('display_settings', 'use_military_time', 'true'),
      p('display_settings', 'message_display', 'compact'),
      p('display_settings', 'collapsed_reply_threads', 'off'),
      p('display_settings', 'name_format', 'full_name'),
      p('other', 'use_military_time', 'false'),
    ];
    expect(parseDisplaySettings(prefs)).toEqual({
      militaryTime: true,
      compact: true,
      collapsedThreads: false,
      teammateNameDisplay: 'full_name',
    });
  });

  it('treats unknown values as the defaults', () => {
    const prefs = [
      p('display_settings', 'use_military_time', 'yes'),
      p('display_settings', 'message_display', 'clean'),
      p('display_settings', 'collapsed_reply_threads', 'maybe'),
      p('display_settings', 'name_format', 'nickname'),
    ];
    expect(parseDisplaySettings(prefs)).toEqual({
      militaryTime: false,
      compact: false,
      collapsedThreads: true,
      teammateNameDisplay: 'username',
    });
  });

  it('follows the server configuration', () => {
    const on = [p('display_settings', 'collapsed_reply_threads', 'on')];
    const off = [p('display_settings', 'collapsed_reply_threads', 'off')];
    expect(parseDisplaySettings([], { CollapsedThreads: 'default_off' }).collapsedThreads).toBe(false);
    expect(parseDisplaySettings(on, { CollapsedThreads: 'default_off' }).collapsedThreads).toBe(true);
    expect(parseDisplaySettings(off, { CollapsedThreads: 'always_on' }).collapsedThreads).toBe(true);
    expect(parseDisplaySettings(on, { CollapsedThreads: 'disabled' }).collapsedThreads).toBe(false);

    const nick = [p('display_settings', 'name_format', 'nickname_full_name')];
    expect(parseDisplaySettings([], { TeammateNameDisplay: 'full_name' }).teammateNameDisplay).toBe('full_name');
    expect(parseDisplaySettings(nick, { TeammateNameDisplay: 'full_name' }).teammateNameDisplay).toBe('nickname_full_name');
    expect(
      parseDisplaySettings(nick, { TeammateNameDisplay: 'full_name', LockTeammateNameDisplay: 'true' }).teammateNameDisplay,
    ).toBe('full_name');
  });

  it('says what the configuration lets the user change', () => {
    expect(displayOptions(undefined)).toEqual({ collapsedThreadsChangeable: true, nameFormatLocked: false });
    expect(displayOptions({ CollapsedThreads: 'always_on', LockTeammateNameDisplay: 'true', TeammateNameDisplay: 'username' })).toEqual({
      collapsedThreadsChangeable: false,
      nameFormatLocked: true,
    });
  });
});

describe('parseSidebarSettings', () => {
  it('has defaults', () => {
    expect(parseSidebarSettings([])).toEqual({ showUnreadSection: false, limitVisibleDmsGms: 20 });
    expect(parseSidebarSettings([], { ExperimentalGroupUnreadChannels: 'default_on' }).showUnreadSection).toBe(true);
  });

  it('reads the stored values, and the older JSON form', () => {
    expect(
      parseSidebarSettings([
        p('sidebar_settings', 'show_unread_section', 'true'),
        p('sidebar_settings', 'limit_visible_dms_gms', '40'),
      ]),
    ).toEqual({ showUnreadSection: true, limitVisibleDmsGms: 40 });
    expect(parseSidebarSettings([p('sidebar_settings', '', '{"unreads_at_top":"true"}')]).showUnreadSection).toBe(true);
    expect(
      parseSidebarSettings(
        [p('sidebar_settings', 'show_unread_section', 'false')],
        { ExperimentalGroupUnreadChannels: 'default_on' },
      ).showUnreadSection,
    ).toBe(false);
    expect(parseSidebarSettings([p('sidebar_settings', 'limit_visible_dms_gms', 'x')]).limitVisibleDmsGms).toBe(20);
    expect(parseSidebarSettings([p('sidebar_settings', 'limit_visible_dms_gms', '0')]).limitVisibleDmsGms).toBe(20);
  });
});

describe('theme preference', () => {
  it('maps choices to Mattermost themes and back', () => {
    expect(themePreferenceValue('system')).toBeNull();
    const light = themePreferenceValue('light') ?? '';
    const dark = themePreferenceValue('dark') ?? '';
    expect(themeFromPreferences([p('theme', '', light)])).toBe('light');
    expect(themeFromPreferences([p('theme', '', dark)])).toBe('dark');
    expect(themeFromPreferences([p('theme', '', '{"type":"Indigo"}')])).toBe('dark');
    expect(themeFromPreferences([p('theme', '', '{"type":"custom","centerChannelBg":"#1f1f1f"}')])).toBe('dark');
    expect(themeFromPreferences([p('theme', '', '{"type":"custom","centerChannelBg":"#ffffff"}')])).toBe('light');
    expect(themeFromPreferences([p('theme', '', 'not json')])).toBeNull();
    expect(themeFromPreferences([])).toBeNull();
  });
});

describe('cache updates', () => {
  const a = p('c', 'a', '1');
  const b = p('c', 'b', '2');

  it('upserts and removes by category and name', () => {
    expect(upsertPreferences([a, b], [p('c', 'a', '3')])).toEqual([b, p('c', 'a', '3')]);
    expect(removePreferences([a, b], [{ category: 'c', name: 'a' }])).toEqual([b]);
  });

  it('applies WebSocket events to a loaded list only', () => {
    const qc = new QueryClient();
    applyPreferenceEvent(qc, 'preferences_changed', [a]);
    expect(qc.getQueryData(keys.preferences)).toBeUndefined();

    qc.setQueryData(keys.preferences, [a]);
    applyPreferenceEvent(qc, 'preferences_changed', [p('c', 'a', '9'), b]);
    expect(qc.getQueryData(keys.preferences)).toEqual([p('c', 'a', '9'), b]);
    applyPreferenceEvent(qc, 'preferences_deleted', [p('c', 'a', '')]);
    expect(qc.getQueryData(keys.preferences)).toEqual([b]);
  });

  it('decodes the event payload (a JSON string)', () => {
    expect(preferencesFromEventData({ preferences: JSON.stringify([a, { category: 'x' }]) })).toEqual([a]);
    expect(preferencesFromEventData({ preferences: [b] })).toEqual([b]);
    expect(preferencesFromEventData({ preferences: '{' })).toEqual([]);
    expect(preferencesFromEventData({})).toEqual([]);
  });
});

describe('savePreferences', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch(status: number, body: unknown = { status: 'OK' }) {
    const calls: { url: string; method: string; body: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push({ url, method: String(init.method), body: init.body ? JSON.parse(String(init.body)) : undefined });
        return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    return calls;
  }

  it('changes the cache at once and sends a PUT', async () => {
    const calls = stubFetch(200);
    const qc = new QueryClient();
    qc.setQueryData(keys.preferences, [p('display_settings', 'use_military_time', 'false')]);
    const saving = savePreferences(qc, [p('display_settings', 'use_military_time', 'true')]);
    expect(qc.getQueryData(keys.preferences)).toEqual([p('display_settings', 'use_military_time', 'true')]);
    await saving;
    expect(calls).toEqual([
      {
        url: '/api/v4/users/u1/preferences',
        method: 'PUT',
        body: [p('display_settings', 'use_military_time', 'true')],
      },
    ]);
  });

  it('puts the old values back when the server refuses', async () => {
    stubFetch(400, { id: 'x', message: 'Invalid value.' });
    const qc = new QueryClient();
    const other = p('c', 'other', '1');
    qc.setQueryData(keys.preferences, [p('display_settings', 'message_display', 'clean'), other]);
    await expect(
      savePreferences(qc, [p('display_settings', 'message_display', 'compact'), p('display_settings', 'new', 'x')]),
    ).rejects.toThrow('Invalid value.');
    expect(qc.getQueryData(keys.preferences)).toEqual([other, p('display_settings', 'message_display', 'clean')]);
  });

  it('deletes, and keeps the theme preference in step with the choice', async () => {
    const calls = stubFetch(200);
    const qc = new QueryClient();
    const theme = p('theme', '', '{"type":"Onyx"}');
    qc.setQueryData(keys.preferences, [theme]);
    await saveThemePreference(qc, U, 'system');
    expect(qc.getQueryData(keys.preferences)).toEqual([]);
    expect(calls[0]).toMatchObject({ url: '/api/v4/users/u1/preferences/delete', method: 'POST' });
    await saveThemePreference(qc, U, 'system'); // nothing stored: no request
    expect(calls).toHaveLength(1);
    await saveThemePreference(qc, U, 'light');
    expect(themeFromPreferences(qc.getQueryData(keys.preferences))).toBe('light');
    await deletePreferences(qc, []);
    expect(calls).toHaveLength(2);
  });

  it('loads the whole list after saving when nothing was cached', async () => {
    const calls = stubFetch(200);
    const qc = new QueryClient();
    await savePreferences(qc, [p('c', 'a', '1')]);
    expect(calls).toHaveLength(1);
    // No partial list was cached (it would hide the other preferences).
    expect(qc.getQueryData(keys.preferences)).toBeUndefined();
  });
});
