import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Draft } from '../api/types';
import { ApiError } from '../api/client';
import { storageKey } from '../lib/drafts';
import { useDrafts } from '../store/drafts';
import { DraftSync, type DraftApi } from './draftSync';

function fakeApi() {
  const calls: string[] = [];
  let fail = false;
  const api: DraftApi & { server: Draft[] } = {
    server: [],
    async upsert(d) {
      calls.push(`save ${d.channel_id}:${d.root_id} ${d.message}`);
      if (fail) throw new ApiError(0, '');
      return d;
    },
    async remove(_u, channelId, rootId) {
      calls.push(`delete ${channelId}:${rootId}`);
      if (fail) throw new ApiError(0, '');
      return null;
    },
    async list() {
      calls.push('list');
      return api.server;
    },
  };
  return { api, calls, setFail: (f: boolean) => (fail = f) };
}

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

const draft = (message: string, update_at: number, channel_id = 'c1', root_id = '', delete_at = 0): Draft => ({
  create_at: update_at,
  update_at,
  delete_at,
  user_id: 'u1',
  channel_id,
  root_id,
  message,
  props: {},
});

describe('DraftSync', () => {
  let sync: DraftSync;
  let f: ReturnType<typeof fakeApi>;
  let storage: ReturnType<typeof memoryStorage>;

  beforeEach(() => {
    vi.useFakeTimers();
    f = fakeApi();
    storage = memoryStorage();
    sync = new DraftSync({ userId: 'u1', api: f.api, storage, connectionId: () => 'conn1' });
    sync.start();
    sync.setEnabled(true);
  });
  afterEach(() => {
    sync.stop();
    vi.useRealTimers();
  });

  const type = (text: string, channelId = 'c1', rootId = '') => useDrafts.getState().setText(channelId, rootId, text);

  it('saves ~500 ms after typing stops, once', async () => {
    type('h');
    await vi.advanceTimersByTimeAsync(300);
    type('he');
    await vi.advanceTimersByTimeAsync(300);
    type('hello');
    expect(f.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    await sync.settled();
    expect(f.calls).toEqual(['save c1: hello']);
  });

  it('saves at once on flush (the user switched channel)', async () => {
    type('half written');
    sync.flush();
    await sync.settled();
    expect(f.calls).toEqual(['save c1: half written']);
  });

  it('deletes the server copy when the text is sent or emptied, after the save in flight', async () => {
    type('to send');
    sync.flush();
    await Promise.resolve();
    expect(f.calls).toEqual(['save c1: to send']);
    type('');
    await sync.settled();
    expect(f.calls).toEqual(['save c1: to send', 'delete c1:']);
  });

  it('skips a queued save whose text was sent before it ran', async () => {
    type('to send');
    sync.flush();
    type('');
    await sync.settled();
    expect(f.calls).toEqual([]);
  });

  it('does not delete what the server never had', async () => {
    type('x');
    type('');
    await vi.advanceTimersByTimeAsync(1000);
    await sync.settled();
    expect(f.calls).toEqual([]);
  });

  it('keeps a draft whose save failed, and saves it again later', async () => {
    f.setFail(true);
    type('offline text');
    await vi.advanceTimersByTimeAsync(600);
    await sync.settled();
    expect(f.calls).toEqual(['save c1: offline text']);
    expect(useDrafts.getState().drafts['c1:']?.message).toBe('offline text');
    // Kept in this browser meanwhile.
    await vi.advanceTimersByTimeAsync(400);
    expect(storage.getItem(storageKey('u1'))).toContain('offline text');
    f.setFail(false);
    await vi.advanceTimersByTimeAsync(10_000);
    await sync.settled();
    expect(f.calls).toEqual(['save c1: offline text', 'save c1: offline text']);
  });

  it('does not retry what the server refuses for good', async () => {
    f.api.upsert = async (d) => {
      f.calls.push(`save ${d.channel_id}:${d.root_id} ${d.message}`);
      throw new ApiError(403, 'no');
    };
    type('archived channel');
    await vi.advanceTimersByTimeAsync(600);
    await sync.settled();
    await vi.advanceTimersByTimeAsync(30_000);
    await sync.settled();
    expect(f.calls).toEqual(['save c1: archived channel']);
    expect(useDrafts.getState().drafts['c1:']?.message).toBe('archived channel');
  });

  it('applies a draft from another device to an empty composer, without saving it back', async () => {
    sync.onRemote('draft_created', draft('from phone', 1000));
    expect(useDrafts.getState().drafts['c1:']?.message).toBe('from phone');
    await vi.advanceTimersByTimeAsync(1000);
    await sync.settled();
    expect(f.calls).toEqual([]);
  });

  it('does not overwrite text typed here; that text is saved over the other device’s', async () => {
    type('typed here');
    sync.onRemote('draft_updated', draft('from phone', Date.now() + 5));
    expect(useDrafts.getState().drafts['c1:']?.message).toBe('typed here');
    await vi.advanceTimersByTimeAsync(600);
    await sync.settled();
    expect(f.calls).toEqual(['save c1: typed here']);
  });

  it('follows a draft deleted on another device when nothing changed here', async () => {
    type('shared');
    sync.flush();
    await sync.settled();
    sync.onRemote('draft_deleted', draft('shared', Date.now() + 10, 'c1', '', Date.now() + 10));
    expect(useDrafts.getState().drafts['c1:']).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1000);
    await sync.settled();
    expect(f.calls).toEqual(['save c1: shared']);
  });

  it('ignores other users’ drafts', () => {
    sync.onRemote('draft_created', { ...draft('not mine', 1000), user_id: 'u2' });
    expect(useDrafts.getState().drafts['c1:']).toBeUndefined();
  });

  it('loads a team’s drafts and pushes what only this browser has', async () => {
    type('only here', 'c2');
    f.api.server = [draft('from server', 1000)];
    await sync.load('t1', () => true);
    await sync.settled();
    expect(useDrafts.getState().drafts['c1:']?.message).toBe('from server');
    expect(f.calls).toEqual(['list', 'save c2: only here']);
  });

  it('stays local when synced drafts are off', async () => {
    sync.setEnabled(false);
    type('local only');
    await vi.advanceTimersByTimeAsync(1000);
    await sync.load('t1', () => true);
    await sync.settled();
    expect(f.calls).toEqual([]);
    expect(storage.getItem(storageKey('u1'))).toContain('local only');
  });

  it('restores the drafts kept in this browser at start', () => {
    type('survives a reload');
    sync.stop();
    expect(useDrafts.getState().drafts).toEqual({});
    const again = new DraftSync({ userId: 'u1', api: f.api, storage });
    again.start();
    expect(useDrafts.getState().drafts['c1:']?.message).toBe('survives a reload');
    again.stop();
  });
});
