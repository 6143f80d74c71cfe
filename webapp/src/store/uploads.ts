// Files attached to a draft (a channel's or a thread's composer), uploading as soon as they are
// attached — by the button, a drop on the channel or a paste — with their progress. They stay
// with the draft while the user switches channels, like the text does.

import { create } from 'zustand';
import type { FileInfo } from '../api/types';
import { uploadFile, type UploadHandle } from '../api/upload';
import { errorMessage, formatBytes } from '../lib/format';
import { t } from '../i18n/en';

/** At most this many files on one post, as Mattermost. */
export const MAX_FILES_PER_POST = 10;

export interface Attachment {
  clientId: string;
  name: string;
  size: number;
  /** 0..1 */
  progress: number;
  info?: FileInfo;
  error?: string;
}

interface UploadsState {
  /** Draft key (`channelId:rootId`) → its attachments, in the order attached. */
  byDraft: Record<string, Attachment[]>;
  add(draftKey: string, channelId: string, files: readonly File[], maxFileSize: number): void;
  remove(draftKey: string, clientId: string): void;
  clear(draftKey: string): void;
}

const handles = new Map<string, UploadHandle>();
let counter = 0;

function update(draftKey: string, clientId: string, change: Partial<Attachment>) {
  useUploads.setState((s) => {
    const list = s.byDraft[draftKey];
    if (!list?.some((a) => a.clientId === clientId)) return s;
    return { byDraft: { ...s.byDraft, [draftKey]: list.map((a) => (a.clientId === clientId ? { ...a, ...change } : a)) } };
  });
}

export const useUploads = create<UploadsState>()((set, get) => ({
  byDraft: {},

  add(draftKey, channelId, files, maxFileSize) {
    const existing = get().byDraft[draftKey] ?? [];
    const room = Math.max(0, MAX_FILES_PER_POST - existing.length);
    const added: Attachment[] = [];
    for (const file of files.slice(0, room)) {
      counter += 1;
      const clientId = `${Date.now().toString(36)}-${counter}`;
      const a: Attachment = { clientId, name: file.name, size: file.size, progress: 0 };
      if (maxFileSize > 0 && file.size > maxFileSize) {
        a.error = t('composer.fileTooLarge', { max: formatBytes(maxFileSize) });
        added.push(a);
        continue;
      }
      added.push(a);
      const handle = uploadFile(channelId, file, clientId, (progress) => update(draftKey, clientId, { progress }));
      handles.set(clientId, handle);
      handle.promise.then(
        (info) => update(draftKey, clientId, { info, progress: 1 }),
        (err: unknown) => {
          if (err instanceof DOMException && err.name === 'AbortError') return;
          update(draftKey, clientId, { error: errorMessage(err) });
        },
      ).finally(() => handles.delete(clientId));
    }
    if (files.length > room) {
      added.push({ clientId: `limit-${++counter}`, name: '', size: 0, progress: 0, error: t('composer.tooManyFiles', { max: MAX_FILES_PER_POST }) });
    }
    set((s) => ({ byDraft: { ...s.byDraft, [draftKey]: [...(s.byDraft[draftKey] ?? []), ...added] } }));
  },

  remove(draftKey, clientId) {
    handles.get(clientId)?.abort();
    handles.delete(clientId);
    set((s) => ({ byDraft: { ...s.byDraft, [draftKey]: (s.byDraft[draftKey] ?? []).filter((a) => a.clientId !== clientId) } }));
  },

  clear(draftKey) {
    set((s) => {
      const byDraft = { ...s.byDraft };
      delete byDraft[draftKey];
      return { byDraft };
    });
  },
}));

/** The ids of the finished uploads, and whether any is still running. */
export function uploadState(list: readonly Attachment[]): { fileIds: string[]; pending: boolean; failed: boolean } {
  const fileIds: string[] = [];
  let pending = false;
  let failed = false;
  for (const a of list) {
    if (a.info) fileIds.push(a.info.id);
    else if (a.error) failed = true;
    else pending = true;
  }
  return { fileIds, pending, failed };
}
