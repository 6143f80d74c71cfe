// The composers' unsent text, per channel and thread: kept while the user switches channels, in
// this browser across reloads, and (when the server allows synced drafts) on the server, by
// live/draftSync.ts, which watches this store.

import { create } from 'zustand';
import { draftKey, type LocalDraft } from '../lib/drafts';

interface DraftsState {
  /** draftKey (channel + thread) → the draft; a key with no text has no entry. */
  drafts: Record<string, LocalDraft>;
  /** The user edited a composer. */
  setText(channelId: string, rootId: string, text: string | ((current: string) => string), now?: number): void;
  /** Puts a draft from elsewhere (the server, another device), or removes one (`null`). */
  put(key: string, draft: LocalDraft | null): void;
  /** Replaces every draft (a user's stored drafts at sign-in; none at sign-out). */
  replaceAll(drafts: Record<string, LocalDraft>): void;
}

export const useDrafts = create<DraftsState>()((set) => ({
  drafts: {},

  setText(channelId, rootId, text, now = Date.now()) {
    const key = draftKey(channelId, rootId);
    set((s) => {
      const cur = s.drafts[key];
      const next = typeof text === 'function' ? text(cur?.message ?? '') : text;
      if (next === (cur?.message ?? '')) return s;
      const drafts = { ...s.drafts };
      if (next) drafts[key] = { channelId, rootId, message: next, createAt: cur?.createAt || now, updateAt: now };
      else delete drafts[key];
      return { drafts };
    });
  },
  put(key, draft) {
    set((s) => {
      const cur = s.drafts[key];
      if (!draft || !draft.message) {
        if (!cur) return s;
        const drafts = { ...s.drafts };
        delete drafts[key];
        return { drafts };
      }
      if (cur && cur.message === draft.message && cur.updateAt === draft.updateAt) return s;
      return { drafts: { ...s.drafts, [key]: draft } };
    });
  },
  replaceAll(drafts) {
    set({ drafts });
  },
}));

/** The text of a composer's draft. */
export function useDraftText(channelId: string, rootId: string): string {
  return useDrafts((s) => s.drafts[draftKey(channelId, rootId)]?.message ?? '');
}
