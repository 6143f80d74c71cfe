import { describe, expect, it } from 'vitest';
import { syncedDraftsOn } from './drafts';

describe('syncedDraftsOn', () => {
  it('needs the server to allow it, and the user not to have turned it off', () => {
    expect(syncedDraftsOn('true', undefined)).toBe(true);
    expect(syncedDraftsOn('true', 'true')).toBe(true);
    expect(syncedDraftsOn('true', 'false')).toBe(false);
    expect(syncedDraftsOn('false', undefined)).toBe(false);
    expect(syncedDraftsOn(undefined, undefined)).toBe(false);
  });
});
