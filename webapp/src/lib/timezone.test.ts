import { describe, expect, it } from 'vitest';
import {
  automaticTimezoneUpdate,
  effectiveTimeZone,
  filterTimezones,
  isValidTimeZone,
  readTimezone,
  timezoneLabel,
  utcOffsetLabel,
} from './timezone';
import { formatDay, formatTime } from './format';
import { buildMessageItems, dayKey } from './grouping';
import type { Post } from '../api/types';

describe('timezone setting', () => {
  it('is automatic unless turned off', () => {
    expect(readTimezone(undefined).useAutomaticTimezone).toBe('true');
    expect(readTimezone({ useAutomaticTimezone: 'false', manualTimezone: 'Asia/Tokyo' }).manualTimezone).toBe('Asia/Tokyo');
  });

  it('shows times in the manual zone only when chosen, and valid', () => {
    expect(effectiveTimeZone({ useAutomaticTimezone: 'false', manualTimezone: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(effectiveTimeZone({ useAutomaticTimezone: 'true', manualTimezone: 'Asia/Tokyo' })).toBeUndefined();
    expect(effectiveTimeZone({ useAutomaticTimezone: 'false', manualTimezone: 'Not/AZone' })).toBeUndefined();
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('keeps the automatic zone on the browser’s', () => {
    expect(automaticTimezoneUpdate(undefined, 'Europe/Paris')).toEqual({
      useAutomaticTimezone: 'true',
      automaticTimezone: 'Europe/Paris',
      manualTimezone: '',
    });
    expect(automaticTimezoneUpdate({ useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris' }, 'Europe/Paris')).toBeNull();
    expect(automaticTimezoneUpdate({ useAutomaticTimezone: 'false', manualTimezone: 'Asia/Tokyo' }, 'Europe/Paris')).toBeNull();
  });
});

describe('timezone picker', () => {
  const all = ['America/Argentina/Buenos_Aires', 'America/New_York', 'Asia/Tokyo', 'Europe/Paris', 'UTC'];
  it('finds zones by any words of their name', () => {
    expect(filterTimezones(all, 'tokyo')).toEqual(['Asia/Tokyo']);
    expect(filterTimezones(all, 'new york')).toEqual(['America/New_York']);
    expect(filterTimezones(all, 'buenos america')).toEqual(['America/Argentina/Buenos_Aires']);
    expect(filterTimezones(all, '')).toEqual(all);
    expect(filterTimezones(all, 'america', 1)).toEqual(['America/Argentina/Buenos_Aires']);
  });
  it('labels zones for people', () => {
    expect(timezoneLabel('America/Argentina/Buenos_Aires')).toBe('Buenos Aires (America/Argentina)');
    expect(timezoneLabel('UTC')).toBe('UTC');
    expect(utcOffsetLabel('Asia/Tokyo', Date.UTC(2024, 0, 1))).toBe('UTC+09:00');
    expect(utcOffsetLabel('UTC', Date.UTC(2024, 0, 1))).toBe('UTC');
  });
});

describe('times in a zone', () => {
  // 2024-01-05 23:30 UTC is already 2024-01-06 08:30 in Tokyo.
  const at = Date.UTC(2024, 0, 5, 23, 30);
  it('formats the time of day in the zone', () => {
    expect(formatTime(at, true, 'Asia/Tokyo')).toBe('08:30');
    expect(formatTime(at, true, 'UTC')).toBe('23:30');
  });
  it('puts the day in the zone', () => {
    expect(dayKey(at, 'Asia/Tokyo')).toBe('2024-01-06');
    expect(dayKey(at, 'UTC')).toBe('2024-01-05');
    expect(formatDay(at, Date.UTC(2024, 0, 6, 1), 'Asia/Tokyo')).toBe('Today');
    expect(formatDay(at, Date.UTC(2024, 0, 6, 1), 'UTC')).toBe('Yesterday');
    expect(formatDay(at, Date.UTC(2024, 0, 7, 1), 'Asia/Tokyo')).toBe('Yesterday');
  });
  it('draws date separators at the zone’s midnight', () => {
    const post = (id: string, create_at: number): Post => ({
      id,
      create_at,
      update_at: create_at,
      edit_at: 0,
      delete_at: 0,
      user_id: 'u1',
      channel_id: 'c1',
      root_id: '',
      message: id,
      type: '',
      props: {},
    });
    const posts = [post('a', Date.UTC(2024, 0, 5, 14)), post('b', Date.UTC(2024, 0, 5, 16))];
    // 14:00 and 16:00 UTC: one day in UTC, two in Tokyo (23:00 and 01:00).
    expect(buildMessageItems(posts, null, 'UTC').filter((i) => i.kind === 'date')).toHaveLength(1);
    expect(buildMessageItems(posts, null, 'Asia/Tokyo').filter((i) => i.kind === 'date')).toHaveLength(2);
  });
});
