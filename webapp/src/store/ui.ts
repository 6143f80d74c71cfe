// UI state that is not server data: theme, drawer, open thread, dialogs, socket status, typing.

import { create } from 'zustand';
import type { SocketStatus } from '../api/socket';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type DialogName = 'createChannel' | 'browseChannels' | 'directMessage' | 'invite' | null;

const THEME_KEY = 'stoa.theme';
export const TYPING_TIMEOUT_MS = 6000;

function loadTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    // Storage may be disabled.
  }
  return 'system';
}

export function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

/** `channelId` + `parentId` ("" for the channel itself). */
export function typingKey(channelId: string, parentId: string): string {
  return `${channelId}:${parentId}`;
}

interface UiState {
  theme: ThemeChoice;
  drawerOpen: boolean;
  /** The thread in the right-hand pane: its root post and channel. */
  thread: { rootId: string; channelId: string } | null;
  dialog: DialogName;
  socketStatus: SocketStatus;
  /** typingKey → user id → time the indicator expires. */
  typing: Record<string, Record<string, number>>;
  /** Where the user is, for live events to know what is seen. */
  current: { teamId: string; channelId: string };
  /** Unsent composer text by typingKey (channel + thread), kept while switching channels. */
  drafts: Record<string, string>;

  setTheme(theme: ThemeChoice): void;
  setDrawer(open: boolean): void;
  openThread(rootId: string, channelId: string): void;
  closeThread(): void;
  setDialog(d: DialogName): void;
  setSocketStatus(s: SocketStatus): void;
  setCurrent(teamId: string, channelId: string): void;
  setDraft(key: string, text: string | ((current: string) => string)): void;
  userTyping(channelId: string, parentId: string, userId: string, now?: number): void;
  userStoppedTyping(channelId: string, parentId: string, userId: string): void;
  expireTyping(now?: number): void;
}

export const useUi = create<UiState>()((set) => ({
  theme: loadTheme(),
  drawerOpen: false,
  thread: null,
  dialog: null,
  socketStatus: 'connecting',
  typing: {},
  current: { teamId: '', channelId: '' },
  drafts: {},

  setTheme(theme) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Not persisted; still applied.
    }
    applyTheme(theme);
    set({ theme });
  },
  setDrawer(open) {
    set({ drawerOpen: open });
  },
  openThread(rootId, channelId) {
    set({ thread: { rootId, channelId } });
  },
  closeThread() {
    set({ thread: null });
  },
  setDialog(dialog) {
    set({ dialog });
  },
  setSocketStatus(socketStatus) {
    set({ socketStatus });
  },
  setCurrent(teamId, channelId) {
    set((s) =>
      s.current.teamId === teamId && s.current.channelId === channelId
        ? s
        : { current: { teamId, channelId } },
    );
  },
  setDraft(key, text) {
    set((s) => {
      const cur = s.drafts[key] ?? '';
      const next = typeof text === 'function' ? text(cur) : text;
      if (next === cur) return s;
      const drafts = { ...s.drafts };
      if (next) drafts[key] = next;
      else delete drafts[key];
      return { drafts };
    });
  },
  userTyping(channelId, parentId, userId, now = Date.now()) {
    const key = typingKey(channelId, parentId);
    set((s) => ({
      typing: { ...s.typing, [key]: { ...s.typing[key], [userId]: now + TYPING_TIMEOUT_MS } },
    }));
  },
  userStoppedTyping(channelId, parentId, userId) {
    const key = typingKey(channelId, parentId);
    set((s) => {
      const entry = s.typing[key];
      if (!entry || !(userId in entry)) return s;
      const next = { ...entry };
      delete next[userId];
      return { typing: { ...s.typing, [key]: next } };
    });
  },
  expireTyping(now = Date.now()) {
    set((s) => {
      let changed = false;
      const typing: Record<string, Record<string, number>> = {};
      for (const [key, users] of Object.entries(s.typing)) {
        const kept: Record<string, number> = {};
        for (const [u, until] of Object.entries(users)) {
          if (until > now) kept[u] = until;
          else changed = true;
        }
        if (Object.keys(kept).length) typing[key] = kept;
        else if (Object.keys(users).length) changed = true;
      }
      return changed ? { typing } : s;
    });
  },
}));
