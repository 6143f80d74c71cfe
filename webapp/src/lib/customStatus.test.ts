import { describe, expect, it } from 'vitest';
import { customStatusExpiry } from './customStatus';

describe('customStatusExpiry', () => {
  const now = new Date(2026, 11, 2, 10, 15); // a Wednesday
  it('adds minutes for the short durations', () => {
    expect(customStatusExpiry('thirty_minutes', now)?.getTime()).toBe(now.getTime() + 30 * 60_000);
    expect(customStatusExpiry('four_hours', now)?.getHours()).toBe(14);
  });
  it('ends today and this week at the last millisecond of the local day', () => {
    expect(customStatusExpiry('today', now)).toEqual(new Date(2026, 11, 2, 23, 59, 59, 999));
    expect(customStatusExpiry('this_week', now)).toEqual(new Date(2026, 11, 6, 23, 59, 59, 999));
    const sunday = new Date(2026, 11, 6, 9, 0);
    expect(customStatusExpiry('this_week', sunday)).toEqual(new Date(2026, 11, 6, 23, 59, 59, 999));
  });
  it('never ends without a duration', () => {
    expect(customStatusExpiry('', now)).toBeNull();
  });
});
