// UI state that is not server data: theme, drawer, open thread, dialogs, socket status, typing.

import { create } from 'zustand';
import type { SocketStatus } from '../api/socket';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type DialogName =
  | 'createChannel'
  | 'browseChannels'
  | 'directMessage'
  | 'invite'
  | 'quickSwitch'
  | 'joinTeam'
  | 'addMembers'
  | 'renameChannel'
  | 'channelNotifications'
  | 'customStatus'
  | 'settings'
  | 'teamSettings'
  | 'convertGroup'
  | null;

/** A question to confirm before a destructive action (delete, archive, leave). */
export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  /** Runs on confirm; a rejection is shown in the dialog, which then stays open. */
  onConfirm: () => Promise<void> | void;
}

/** What the right-hand pane shows. */
export type Rhs =
  | { kind: 'thread'; rootId: string; channelId: string; focusId?: string }
  | { kind: 'search'; terms: string }
  | { kind: 'mentions' }
  | { kind: 'saved' }
  | { kind: 'pinned'; channelId: string }
  | { kind: 'members'; channelId: string };

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
  /** The right-hand pane, and the list pane a thread was opened from (its Back button). */
  rhs: Rhs | null;
  rhsBack: Rhs | null;
  dialog: DialogName;
  socketStatus: SocketStatus;
  /** typingKey → user id → time the indicator expires. */
  typing: Record<string, Record<string, number>>;
  /** Where the user is, for live events to know what is seen. */
  current: { teamId: string; channelId: string };
  /** The post being edited in place (Up arrow in an empty composer, or Edit). */
  editingPostId: string | null;
  confirm: ConfirmRequest | null;
  /**
   * Collapsed reply threads (the user's Display setting, on by default): replies stay in their
   * thread, and unread counts are over root posts. Off: replies show in the channel too.
   */
  collapsedThreads: boolean;
  /**
   * The open channel the user marked unread from a post: it stays unread (no view is recorded,
   * here or on leaving) until the user opens it again.
   */
  markedUnread: string | null;

  setTheme(theme: ThemeChoice): void;
  setDrawer(open: boolean): void;
  openThread(rootId: string, channelId: string, focusId?: string): void;
  openRhs(rhs: Rhs): void;
  /** Back to the list the thread was opened from, else closed. */
  rhsGoBack(): void;
  closeRhs(): void;
  setDialog(d: DialogName): void;
  setSocketStatus(s: SocketStatus): void;
  setCurrent(teamId: string, channelId: string): void;
  setEditing(postId: string | null): void;
  askConfirm(req: ConfirmRequest | null): void;
  setCollapsedThreads(on: boolean): void;
  setMarkedUnread(channelId: string | null): void;
  userTyping(channelId: string, parentId: string, userId: string, now?: number): void;
  userStoppedTyping(channelId: string, parentId: string, userId: string): void;
  expireTyping(now?: number): void;
}

export const useUi = create<UiState>()((set) => ({
  theme: loadTheme(),
  drawerOpen: false,
  rhs: null,
  rhsBack: null,
  dialog: null,
  socketStatus: 'connecting',
  typing: {},
  current: { teamId: '', channelId: '' },
  editingPostId: null,
  confirm: null,
  collapsedThreads: true,
  markedUnread: null,

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
  openThread(rootId, channelId, focusId) {
    set((s) => ({
      rhs: { kind: 'thread', rootId, channelId, ...(focusId ? { focusId } : {}) },
      // From a list (search results, saved, pinned): Back returns to it.
      rhsBack: s.rhs && s.rhs.kind !== 'thread' ? s.rhs : s.rhs?.kind === 'thread' ? s.rhsBack : null,
    }));
  },
  openRhs(rhs) {
    set({ rhs, rhsBack: null });
  },
  rhsGoBack() {
    set((s) => ({ rhs: s.rhsBack, rhsBack: null }));
  },
  closeRhs() {
    set({ rhs: null, rhsBack: null });
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
  setEditing(editingPostId) {
    set({ editingPostId });
  },
  askConfirm(confirm) {
    set({ confirm });
  },
  setCollapsedThreads(collapsedThreads) {
    set({ collapsedThreads });
  },
  setMarkedUnread(markedUnread) {
    set({ markedUnread });
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
