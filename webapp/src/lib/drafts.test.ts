import { describe, expect, it } from 'vitest';
import type { Draft } from '../api/types';
import {
  acceptRemote,
  draftKey,
  parseDraftKey,
  parseStoredDrafts,
  reconcile,
  serializeDrafts,
  syncAction,
  toServerDraft,
  type LocalDraft,
} from './drafts';

const local = (message: string, updateAt = 100, channelId = 'c1', rootId = ''): LocalDraft => ({
  channelId,
  rootId,
  message,
  createAt: 50,
  updateAt,
});

const server = (message: string, update_at = 100, channel_id = 'c1', root_id = ''): Draft => ({
  create_at: 50,
  update_at,
  delete_at: 0,
  user_id: 'u1',
  channel_id,
  root_id,
  message,
  props: {},
  file_ids: [],
});

describe('draft keys', () => {
  it('round-trips channel and thread', () => {
    expect(draftKey('c1', '')).toBe('c1:');
    expect(parseDraftKey(draftKey('c1', 'r1'))).toEqual({ channelId: 'c1', rootId: 'r1' });
    expect(parseDraftKey('nokey')).toBeNull();
  });
});

describe('syncAction', () => {
  it('saves text the server does not have', () => {
    expect(syncAction('hello', undefined)).toBe('save');
    expect(syncAction('hello again', { message: 'hello', updateAt: 1 })).toBe('save');
  });
  it('does nothing when the server has the same text', () => {
    expect(syncAction('hello', { message: 'hello', updateAt: 1 })).toBe('none');
  });
  it('deletes the server copy once the text is sent or emptied (blank counts as empty)', () => {
    expect(syncAction('', { message: 'hello', updateAt: 1 })).toBe('delete');
    expect(syncAction('   ', { message: 'hello', updateAt: 1 })).toBe('delete');
    expect(syncAction(undefined, { message: 'hello', updateAt: 1 })).toBe('delete');
  });
  it('has nothing to delete when the server has no draft', () => {
    expect(syncAction('', undefined)).toBe('none');
    expect(syncAction('', { message: '', updateAt: 5 })).toBe('none');
  });
});

describe('acceptRemote', () => {
  const synced = { message: 'old', updateAt: 100 };
  it('fills an empty composer', () => {
    expect(acceptRemote('', synced, { message: 'from phone', updateAt: 200 }, 200)).toBe(true);
    expect(acceptRemote(undefined, undefined, { message: 'from phone', updateAt: 200 }, 200)).toBe(true);
  });
  it('replaces a composer unchanged since the last sync', () => {
    expect(acceptRemote('old', synced, { message: 'from phone', updateAt: 200 }, 200)).toBe(true);
  });
  it('never replaces text typed here and not saved yet', () => {
    expect(acceptRemote('typing here', synced, { message: 'from phone', updateAt: 200 }, 200)).toBe(false);
    expect(acceptRemote('typing here', undefined, { message: 'from phone', updateAt: 200 }, 200)).toBe(false);
    expect(acceptRemote('typing here', synced, null, 200)).toBe(false);
  });
  it('clears an unchanged composer when the draft was sent or deleted elsewhere', () => {
    expect(acceptRemote('old', synced, null, 200)).toBe(true);
  });
  it('ignores news older than what is known', () => {
    expect(acceptRemote('', synced, { message: 'stale', updateAt: 50 }, 50)).toBe(false);
  });
});

describe('reconcile', () => {
  const inTeam = (id: string) => id !== 'other-team';

  it('takes server drafts for channels with no local draft', () => {
    const r = reconcile({}, {}, [server('from phone', 300)], inTeam);
    expect(r.apply['c1:']?.message).toBe('from phone');
    expect(r.synced['c1:']).toEqual({ message: 'from phone', updateAt: 300 });
    expect(r.push).toEqual([]);
  });

  it('replaces a local draft that has no unsaved change', () => {
    const r = reconcile({ 'c1:': local('old', 100) }, { 'c1:': { message: 'old', updateAt: 100 } }, [server('new', 300)], inTeam);
    expect(r.apply['c1:']?.message).toBe('new');
  });

  it('pushes unsaved local text when the server did not change since the last sync', () => {
    const r = reconcile({ 'c1:': local('edited offline', 150) }, { 'c1:': { message: 'old', updateAt: 100 } }, [server('old', 100)], inTeam);
    expect(r.apply['c1:']).toBeUndefined();
    expect(r.push).toEqual(['c1:']);
  });

  it('lets the newer side win when both changed', () => {
    const synced = { 'c1:': { message: 'old', updateAt: 100 } };
    const newerHere = reconcile({ 'c1:': local('here', 400) }, synced, [server('there', 300)], inTeam);
    expect(newerHere.push).toEqual(['c1:']);
    const newerThere = reconcile({ 'c1:': local('here', 200) }, synced, [server('there', 300)], inTeam);
    expect(newerThere.apply['c1:']?.message).toBe('there');
  });

  it('removes a synced local draft the server no longer has (sent on another device)', () => {
    const r = reconcile({ 'c1:': local('old', 100) }, { 'c1:': { message: 'old', updateAt: 100 } }, [], inTeam);
    expect(r.apply['c1:']).toBeNull();
    expect(r.synced['c1:']).toBeNull();
  });

  it('pushes local drafts the server never had, and leaves other teams alone', () => {
    const r = reconcile(
      { 'c1:': local('never saved'), 'other-team:': local('elsewhere', 100, 'other-team') },
      {},
      [],
      inTeam,
    );
    expect(r.push).toEqual(['c1:']);
    expect(r.apply['other-team:']).toBeUndefined();
  });

  it('pushes a deletion made here while the server could not be told', () => {
    // The local draft was sent (no local entry), the server still has the copy we knew.
    const r = reconcile({}, { 'c1:': { message: 'old', updateAt: 100 } }, [server('old', 100)], inTeam);
    expect(r.push).toEqual(['c1:']);
    expect(r.apply['c1:']).toBeUndefined();
  });

  it('keeps thread drafts apart from the channel draft', () => {
    const r = reconcile({}, {}, [server('channel', 1), server('reply', 2, 'c1', 'root1')], inTeam);
    expect(r.apply['c1:']?.message).toBe('channel');
    expect(r.apply['c1:root1']?.message).toBe('reply');
  });
});

describe('stored drafts', () => {
  it('round-trips, dropping empty drafts and malformed entries', () => {
    const raw = serializeDrafts({
      drafts: { 'c1:': local('keep'), 'c2:': local('', 1, 'c2') },
      synced: { 'c1:': { message: 'keep', updateAt: 100 }, 'c3:': { message: 'owed delete', updateAt: 5 } },
    });
    const back = parseStoredDrafts(raw);
    expect(Object.keys(back.drafts)).toEqual(['c1:']);
    expect(back.synced['c3:']?.message).toBe('owed delete');
    expect(parseStoredDrafts('{"drafts":{"bad":{"message":1},"x:":"no"}}')).toEqual({ drafts: {}, synced: {} });
    expect(parseStoredDrafts('not json')).toEqual({ drafts: {}, synced: {} });
  });

  it('the server draft carries Mattermost’s fields', () => {
    expect(toServerDraft('u1', local('hi', 9, 'c1', 'r1'), ['f1'])).toEqual({
      create_at: 50,
      update_at: 9,
      delete_at: 0,
      user_id: 'u1',
      channel_id: 'c1',
      root_id: 'r1',
      message: 'hi',
      props: {},
      file_ids: ['f1'],
    });
  });
});
