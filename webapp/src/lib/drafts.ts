// Synced drafts, the decisions only (pure): when a local draft is saved to the server or deleted
// there, when a draft from another device replaces what the composer holds, and how the drafts
// of a team read from the server meet the ones kept in this browser.
//
// "Synced" below is the copy of a draft the server has as far as this tab knows: what it last
// saved there, read from there, or heard of in a `draft_*` event. A local draft that differs from
// it has changes not saved yet ("dirty"), and those are never overwritten by another device's.

import type { Draft } from '../api/types';

/** A draft as the composer keeps it, per channel (`rootId` "") or thread. */
export interface LocalDraft {
  channelId: string;
  rootId: string;
  message: string;
  createAt: number;
  updateAt: number;
}

/** The server's copy of a draft as far as we know: its text and when it was written. */
export interface SyncedDraft {
  message: string;
  updateAt: number;
}

/** The key of a channel's (`rootId` "") or a thread's draft: the composer's. */
export function draftKey(channelId: string, rootId: string): string {
  return `${channelId}:${rootId}`;
}

/** `draftKey`'s parts again; null for a key that is not one. */
export function parseDraftKey(key: string): { channelId: string; rootId: string } | null {
  const at = key.indexOf(':');
  if (at <= 0) return null;
  return { channelId: key.slice(0, at), rootId: key.slice(at + 1) };
}

/** Whether a composer's text counts as a draft at all (blank text is no draft). */
export function hasText(message: string | undefined): boolean {
  return !!message && message.trim() !== '';
}

export type SyncAction = 'save' | 'delete' | 'none';

/**
 * What to do with the server after the local text of a draft changed: save a text the server
 * does not have yet, delete the server's copy once the text is gone (sent, or emptied), else
 * nothing.
 */
export function syncAction(local: string | undefined, synced: SyncedDraft | undefined): SyncAction {
  if (hasText(local)) return local === synced?.message ? 'none' : 'save';
  return synced && hasText(synced.message) ? 'delete' : 'none';
}

/** Whether the local draft has changes the server has not got. */
export function isDirty(local: string | undefined, synced: SyncedDraft | undefined): boolean {
  return syncAction(local, synced) !== 'none';
}

/**
 * Whether a draft written on another device (`remote`; `null` when it was deleted there, at
 * `remoteAt`) replaces the local one: only when the local composer is empty or unchanged since
 * the last sync, and the news is not older than what we know. Typing here is never lost to it.
 */
export function acceptRemote(
  local: string | undefined,
  synced: SyncedDraft | undefined,
  remote: { message: string; updateAt: number } | null,
  remoteAt: number,
): boolean {
  if (synced && remoteAt < synced.updateAt) return false;
  if (!hasText(local)) return true;
  if (remote && local === remote.message) return true;
  return local === synced?.message;
}

/** A server draft as the composer keeps it. */
export function fromServerDraft(d: Draft): LocalDraft {
  return {
    channelId: d.channel_id,
    rootId: d.root_id ?? '',
    message: d.message ?? '',
    createAt: d.create_at || d.update_at || 0,
    updateAt: d.update_at || d.create_at || 0,
  };
}

/** The server draft for a local one (files: the ids of the uploads attached to it). */
export function toServerDraft(userId: string, d: LocalDraft, fileIds: readonly string[] = []): Draft {
  return {
    create_at: d.createAt,
    update_at: d.updateAt,
    delete_at: 0,
    user_id: userId,
    channel_id: d.channelId,
    root_id: d.rootId,
    message: d.message,
    props: {},
    file_ids: [...fileIds],
  };
}

export interface Reconciled {
  /** Drafts to put in the composer store (`null`: remove the local draft). */
  apply: Record<string, LocalDraft | null>;
  /** The server's copies now known (`null`: the server has none). */
  synced: Record<string, SyncedDraft | null>;
  /** Local drafts the server should get (changed here while it could not be told). */
  push: string[];
}

/**
 * Meets the drafts of a team read from the server with the local ones (of the team's channels,
 * `inTeam`). A local draft with no unsaved change takes the server's; one with unsaved changes
 * (text, or a clearing the server was not told of) is pushed, unless the server's draft changed
 * since our last sync and is newer than the local change. A local draft the server had and no
 * longer has was sent or cleared on another device, and goes.
 */
export function reconcile(
  local: Readonly<Record<string, LocalDraft>>,
  synced: Readonly<Record<string, SyncedDraft>>,
  server: readonly Draft[],
  inTeam: (channelId: string) => boolean,
): Reconciled {
  const out: Reconciled = { apply: {}, synced: {}, push: [] };
  const seen = new Set<string>();
  for (const d of server) {
    if (d.delete_at) continue;
    const key = draftKey(d.channel_id, d.root_id ?? '');
    seen.add(key);
    const remote = fromServerDraft(d);
    const l = local[key];
    const y = synced[key];
    out.synced[key] = { message: remote.message, updateAt: remote.updateAt };
    if (l?.message === remote.message) continue;
    if (isDirty(l?.message, y)) {
      const serverChanged = !y || remote.updateAt > y.updateAt;
      if (!serverChanged || remote.updateAt <= (l?.updateAt ?? 0)) {
        out.push.push(key);
        continue;
      }
    }
    out.apply[key] = remote;
  }
  const teamKeys = new Set<string>();
  for (const [key, l] of Object.entries(local)) if (inTeam(l.channelId)) teamKeys.add(key);
  for (const key of Object.keys(synced)) {
    const parts = parseDraftKey(key);
    if (parts && inTeam(parts.channelId)) teamKeys.add(key);
  }
  for (const key of teamKeys) {
    if (seen.has(key)) continue;
    const l = local[key];
    const y = synced[key];
    if (y) out.synced[key] = null;
    if (!l || !hasText(l.message)) continue;
    if (y && l.message === y.message) out.apply[key] = null;
    else out.push.push(key);
  }
  return out;
}

// ---- the local copy (localStorage), per user: drafts survive a reload and work offline

export interface StoredDrafts {
  drafts: Record<string, LocalDraft>;
  synced: Record<string, SyncedDraft>;
}

const STORAGE_PREFIX = 'stoa.drafts.';
/** A browser keeps at most this many drafts; the oldest go first. */
export const MAX_STORED_DRAFTS = 200;

export function storageKey(userId: string): string {
  return STORAGE_PREFIX + userId;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads what `serializeDrafts` wrote; anything malformed is dropped, not thrown. */
export function parseStoredDrafts(raw: string | null): StoredDrafts {
  const out: StoredDrafts = { drafts: {}, synced: {} };
  if (!raw) return out;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return out;
  }
  if (!isRecord(v)) return out;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  if (isRecord(v.drafts)) {
    for (const [key, d] of Object.entries(v.drafts)) {
      const parts = parseDraftKey(key);
      if (!parts || !isRecord(d) || typeof d.message !== 'string') continue;
      out.drafts[key] = { ...parts, message: d.message, createAt: num(d.createAt), updateAt: num(d.updateAt) };
    }
  }
  if (isRecord(v.synced)) {
    for (const [key, s] of Object.entries(v.synced)) {
      if (!parseDraftKey(key) || !isRecord(s) || typeof s.message !== 'string') continue;
      out.synced[key] = { message: s.message, updateAt: num(s.updateAt) };
    }
  }
  return out;
}

/** The drafts worth keeping (with text, newest `MAX_STORED_DRAFTS`) and their server copies. */
export function serializeDrafts(stored: StoredDrafts): string {
  const kept = Object.entries(stored.drafts)
    .filter(([, d]) => hasText(d.message))
    .sort((a, b) => b[1].updateAt - a[1].updateAt)
    .slice(0, MAX_STORED_DRAFTS);
  const keys = new Set(kept.map(([k]) => k));
  // A server copy with no local draft is still worth its line: a delete may be owed for it.
  const synced = Object.entries(stored.synced).filter(([k, s]) => keys.has(k) || hasText(s.message));
  return JSON.stringify({ drafts: Object.fromEntries(kept), synced: Object.fromEntries(synced.slice(0, MAX_STORED_DRAFTS)) });
}
