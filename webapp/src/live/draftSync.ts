// Keeps the composers' drafts (store/drafts.ts) on the server when it allows synced drafts
// (`AllowSyncedDrafts`): a change is saved ~500 ms after typing stops (at once when the user
// switches channel), a draft that was sent or emptied is deleted there, a team's drafts are read
// when the team opens, and drafts from the user's other devices arrive by `draft_*` events. The
// drafts are also kept in this browser (localStorage): offline, or when a save fails, the local
// copy stays and the save is tried again later. The decisions are in lib/drafts.ts.

import type { Draft } from '../api/types';
import { ApiError } from '../api/client';
import {
  acceptRemote,
  draftKey,
  fromServerDraft,
  parseStoredDrafts,
  reconcile,
  serializeDrafts,
  storageKey,
  syncAction,
  toServerDraft,
  type SyncedDraft,
} from '../lib/drafts';
import { useDrafts } from '../store/drafts';

export interface DraftApi {
  upsert(draft: Draft, connectionId: string): Promise<unknown>;
  remove(userId: string, channelId: string, rootId: string, connectionId: string): Promise<unknown>;
  list(userId: string, teamId: string): Promise<Draft[]>;
}

export interface DraftSyncOptions {
  userId: string;
  api: DraftApi;
  /** Our socket's connection id, so the server does not echo our own saves back to us. */
  connectionId?: () => string;
  /** The ids of the finished uploads attached to a draft. */
  fileIds?: (key: string) => string[];
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  debounceMs?: number;
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  now?: () => number;
}

export const SAVE_DEBOUNCE_MS = 500;
export const RETRY_MS = 10_000;
const PERSIST_MS = 300;

export type DraftEventKind = 'draft_created' | 'draft_updated' | 'draft_deleted';

export class DraftSync {
  private enabled = false;
  private synced: Record<string, SyncedDraft> = {};
  private readonly timers = new Map<string, unknown>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly failed = new Set<string>();
  private retryTimer: unknown = null;
  private persistTimer: unknown = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly o: Required<DraftSyncOptions>;

  constructor(opts: DraftSyncOptions) {
    this.o = {
      connectionId: () => '',
      fileIds: () => [],
      storage: defaultStorage(),
      debounceMs: SAVE_DEBOUNCE_MS,
      retryMs: RETRY_MS,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
      ...opts,
    };
  }

  /** Loads the user's drafts kept in this browser and starts watching the composers. */
  start(): void {
    let stored = parseStoredDrafts(null);
    try {
      stored = parseStoredDrafts(this.o.storage?.getItem(storageKey(this.o.userId)) ?? null);
    } catch {
      // Storage may be disabled: drafts then live as long as the tab.
    }
    this.synced = stored.synced;
    useDrafts.getState().replaceAll(stored.drafts);
    this.unsubscribe = useDrafts.subscribe((state, prev) => {
      if (state.drafts === prev.drafts) return;
      for (const key of new Set([...Object.keys(state.drafts), ...Object.keys(prev.drafts)])) {
        if (state.drafts[key] !== prev.drafts[key]) this.changed(key);
      }
      this.schedulePersist();
    });
  }

  /** Stops (sign-out): pending saves are dropped here, the drafts stay in this browser's storage. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const t of this.timers.values()) this.o.clearTimer(t);
    this.timers.clear();
    if (this.retryTimer !== null) this.o.clearTimer(this.retryTimer);
    this.retryTimer = null;
    if (this.persistTimer !== null) {
      this.o.clearTimer(this.persistTimer);
      this.persist();
    }
    useDrafts.getState().replaceAll({});
  }

  isEnabled(): boolean {
    return this.enabled;
  }

  /** Synced drafts on or off (the server's `AllowSyncedDrafts`, the user's choice). */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) {
      for (const t of this.timers.values()) this.o.clearTimer(t);
      this.timers.clear();
    }
  }

  /**
   * Reads a team's drafts from the server and meets them with the local ones (`inTeam`: whether
   * a channel is one of the team's, or a direct or group message).
   */
  async load(teamId: string, inTeam: (channelId: string) => boolean): Promise<void> {
    if (!this.enabled || this.stopped) return;
    const list = await this.o.api.list(this.o.userId, teamId);
    if (!this.enabled || this.stopped) return;
    const store = useDrafts.getState();
    const r = reconcile(store.drafts, this.synced, list, inTeam);
    for (const [key, s] of Object.entries(r.synced)) {
      if (s) this.synced[key] = s;
      else delete this.synced[key];
    }
    for (const [key, d] of Object.entries(r.apply)) store.put(key, d);
    for (const key of r.push) this.run(key);
    this.schedulePersist();
  }

  /** A `draft_*` event: the user's draft changed on another device (or tab). */
  onRemote(kind: DraftEventKind, d: Draft): void {
    if (this.stopped || d.user_id !== this.o.userId) return;
    const key = draftKey(d.channel_id, d.root_id ?? '');
    const deleted = kind === 'draft_deleted' || d.delete_at > 0;
    const at = deleted ? Math.max(d.delete_at, d.update_at) : d.update_at;
    const local = useDrafts.getState().drafts[key];
    const known = this.synced[key];
    if (known && at < known.updateAt) return;
    const remote = deleted ? null : { message: d.message, updateAt: d.update_at };
    const accept = acceptRemote(local?.message, known, remote, at);
    this.synced[key] = { message: remote?.message ?? '', updateAt: at };
    if (accept) {
      useDrafts.getState().put(key, remote ? fromServerDraft(d) : null);
    } else {
      // Unsaved text here stays, and is saved over the other device's.
      this.changed(key);
    }
    this.schedulePersist();
  }

  /** Saves every draft waiting for its debounce now (the user leaves the channel). */
  flush(): void {
    for (const [key, t] of [...this.timers]) {
      this.o.clearTimer(t);
      this.timers.delete(key);
      this.run(key);
    }
  }

  /** Tries the failed saves again now (the connection is back). */
  retryNow(): void {
    if (this.retryTimer !== null) this.o.clearTimer(this.retryTimer);
    this.retryTimer = null;
    for (const key of [...this.failed]) this.run(key);
  }

  /** Resolves once every save and delete started so far has ended (tests). */
  async settled(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  private changed(key: string): void {
    if (!this.enabled || this.stopped) return;
    const local = useDrafts.getState().drafts[key];
    const action = syncAction(local?.message, this.synced[key]);
    const pending = this.timers.get(key);
    if (pending !== undefined) this.o.clearTimer(pending);
    this.timers.delete(key);
    if (action === 'delete') this.run(key);
    else if (action === 'save') {
      this.timers.set(
        key,
        this.o.setTimer(() => {
          this.timers.delete(key);
          this.run(key);
        }, this.o.debounceMs),
      );
    }
  }

  /** Saves or deletes one draft, after what is already running for it (one at a time per key). */
  private run(key: string): void {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.sync(key));
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  }

  private async sync(key: string): Promise<void> {
    if (!this.enabled || this.stopped) return;
    // Decided now, not when queued: the text may have changed meanwhile.
    const local = useDrafts.getState().drafts[key];
    const action = syncAction(local?.message, this.synced[key]);
    try {
      if (action === 'save' && local) {
        const saved = await this.o.api.upsert(toServerDraft(this.o.userId, local, this.o.fileIds(key)), this.o.connectionId());
        // The server stamps the draft with its own clock, which other devices' events carry too.
        const at = isRecord(saved) && typeof saved.update_at === 'number' ? saved.update_at : local.updateAt;
        this.synced[key] = { message: local.message, updateAt: at };
        // Changed while the save was on its way (sent, say): what it needs now was decided
        // against the old server copy, so decide again.
        if (useDrafts.getState().drafts[key]?.message !== local.message) this.changed(key);
      } else if (action === 'delete') {
        const [channelId = '', rootId = ''] = splitKey(key);
        try {
          await this.o.api.remove(this.o.userId, channelId, rootId, this.o.connectionId());
        } catch (e) {
          // Already gone there: what we wanted.
          if (!(e instanceof ApiError && e.status === 404)) throw e;
        }
        this.synced[key] = { message: '', updateAt: this.o.now() };
        if (useDrafts.getState().drafts[key]?.message) this.changed(key);
      }
      this.failed.delete(key);
    } catch (e) {
      if (refusedForGood(e)) {
        // The server will not take it (a channel archived since, a server without synced
        // drafts): asking again would not help; the draft stays in this browser.
        this.failed.delete(key);
      } else {
        this.failed.add(key);
        this.scheduleRetry();
      }
    }
    this.schedulePersist();
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null || this.stopped) return;
    this.retryTimer = this.o.setTimer(() => {
      this.retryTimer = null;
      for (const key of [...this.failed]) this.run(key);
    }, this.o.retryMs);
  }

  private schedulePersist(): void {
    if (this.persistTimer !== null || this.stopped) return;
    this.persistTimer = this.o.setTimer(() => {
      this.persistTimer = null;
      this.persist();
    }, PERSIST_MS);
  }

  private persist(): void {
    this.persistTimer = null;
    try {
      this.o.storage?.setItem(
        storageKey(this.o.userId),
        serializeDrafts({ drafts: useDrafts.getState().drafts, synced: this.synced }),
      );
    } catch {
      // Full or disabled: the drafts stay in memory.
    }
  }
}

/**
 * A refusal that a later try would meet again: a 4xx other than a timeout or a rate limit, or
 * 501 (synced drafts turned off on the server).
 */
function refusedForGood(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  return e.status === 501 || (e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
}

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

let current: DraftSync | null = null;

/** The running sync (while signed in). */
export function getDraftSync(): DraftSync | null {
  return current;
}

export function setDraftSync(sync: DraftSync | null): void {
  current = sync;
}
