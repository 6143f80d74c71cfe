// Browser notifications for new posts, decided as Mattermost's web app decides them, and the
// unread prefix of the page title.
//
// `decidePostNotification` is pure: given the `posted` event and what the app knows (settings,
// focus), it says whether to notify and with what text. `notifyForPost` adds the thin part that
// calls the browser's Notification API.

import { postPreviewText } from '../lib/attachments';
import { useEffect } from 'react';
import type { Post } from '../api/types';
import { t } from '../i18n/en';
import {
  desktopSoundEnabled,
  effectiveDesktopLevel,
  effectiveDesktopThreads,
  isMuted,
} from '../lib/notifyProps';

/** The app's own icon (served from the same origin). */
export const NOTIFICATION_ICON = '/favicon.svg';
/** Characters of the message shown in a notification's body. */
export const NOTIFICATION_BODY_MAX = 200;
/** Closed after this long, as Mattermost's web app does. */
const NOTIFICATION_DURATION_MS = 5000;

export interface PostNotificationParams {
  post: Pick<Post, 'id' | 'user_id' | 'channel_id' | 'root_id' | 'message' | 'type'> & {
    props?: Record<string, unknown>;
  };
  /** `O`, `P`, `D` or `G` (the event's `channel_type`). */
  channelType: string;
  /** The channel's name as shown (the event's `channel_display_name`, or the sidebar's name). */
  channelName: string;
  /** Who wrote it, e.g. the event's `sender_name` (`@alice`). */
  senderName: string;
  /** The event's `mentions` holds the signed-in user's id. */
  mentionsMe: boolean;
  myUserId: string;
  /** The signed-in user's `notify_props`. */
  userNotifyProps: Readonly<Record<string, string>> | undefined;
  /** The channel member's `notify_props`; `undefined` when the membership is not loaded (defaults apply). */
  memberNotifyProps: Readonly<Record<string, string>> | undefined;
  /** The window has focus and the tab is visible. */
  focused: boolean;
  /** The channel shown in the centre ("" when none). */
  viewingChannelId: string;
  /** The thread open in the right-hand pane, if any. */
  openThreadRootId?: string;
  /** Collapsed reply threads (default on): replies are about threads, not channels. */
  collapsedThreads?: boolean;
  /** The user follows the reply's thread (the event's `followers` holds their id, or they wrote the root or replied). */
  followsThread?: boolean;
  /** The post has attachments (the event's `image` / `otherFile`). */
  hasFiles?: boolean;
  /** The user's status: no notifications in `dnd` or `ooo`. */
  myStatus?: string;
}

export type NotificationDecision =
  | { show: true; title: string; body: string; silent: boolean; tag: string }
  | { show: false; reason: NotSentReason };

export type NotSentReason =
  | 'own_post'
  | 'system_message'
  | 'channel_muted'
  | 'user_status'
  | 'notify_level_none'
  | 'not_mentioned'
  | 'not_following_thread'
  | 'channel_is_open'
  | 'thread_is_open';

/** Whether a post should raise a desktop notification, and its title and body. Pure. */
export function decidePostNotification(p: PostNotificationParams): NotificationDecision {
  const { post } = p;
  const props = post.props ?? {};
  if (post.user_id === p.myUserId && props.from_webhook !== 'true') return { show: false, reason: 'own_post' };
  if (post.type.startsWith('system_') && !addedMe(post.type, props, p.myUserId)) {
    return { show: false, reason: 'system_message' };
  }
  const member = p.memberNotifyProps;
  const user = p.userNotifyProps;
  if (isMuted({ notify_props: member })) return { show: false, reason: 'channel_muted' };
  if (p.myStatus === 'dnd' || p.myStatus === 'ooo') return { show: false, reason: 'user_status' };

  const isCrtReply = (p.collapsedThreads ?? true) && post.root_id !== '';
  const level = effectiveDesktopLevel(user, member, p.channelType);
  // Replies in followed threads count as mentions when the user asked for them.
  const followed = isCrtReply && !!p.followsThread && effectiveDesktopThreads(user, member) === 'all';
  const mentioned = p.mentionsMe || followed;

  if (level === 'none') return { show: false, reason: 'notify_level_none' };
  if (level === 'mention' && !mentioned && p.channelType !== 'D') return { show: false, reason: 'not_mentioned' };
  if (isCrtReply && level === 'all' && !p.followsThread && !p.mentionsMe && p.channelType !== 'D') {
    return { show: false, reason: 'not_following_thread' };
  }

  if (p.focused) {
    if (isCrtReply) {
      if (p.openThreadRootId === post.root_id) return { show: false, reason: 'thread_is_open' };
    } else if (p.viewingChannelId === post.channel_id) {
      return { show: false, reason: 'channel_is_open' };
    }
  }

  let title = p.channelName || (p.channelType === 'D' ? t('notify.directMessage') : '');
  if (isCrtReply) title = t('notify.replyIn', { title });
  return {
    show: true,
    title,
    // A post with attachments only (webhooks, bots) is shown by their `fallback`, as Mattermost does.
    body: notificationBody(p.senderName, postPreviewText({ message: post.message, props: post.props ?? {} }), !!p.hasFiles),
    silent: !desktopSoundEnabled(user, member),
    tag: post.id,
  };
}

function addedMe(type: string, props: Record<string, unknown>, myId: string): boolean {
  return (type === 'system_add_to_channel' || type === 'system_add_to_team') && props.addedUserId === myId;
}

/** "sender: message" (Markdown stripped, shortened), or "sender posted a message" / "… uploaded a file". */
export function notificationBody(senderName: string, message: string, hasFiles = false): string {
  const sender = senderName || t('user.unknown');
  const text = truncate(stripMarkdown(message), NOTIFICATION_BODY_MAX);
  if (!text) return t(hasFiles ? 'notify.uploadedFile' : 'notify.postedMessage', { sender });
  return `${sender}: ${text}`;
}

/** Shortens to `max` characters (code points), ending with "…". */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return chars.slice(0, max - 1).join('').trimEnd() + '…';
}

/** Plain text of a Markdown message, on one line: what a notification can show. */
export function stripMarkdown(src: string): string {
  let s = src.replace(/\r\n?/g, '\n');
  s = s.replace(/^[ \t]*(```|~~~).*$/gm, ''); // code fences (the code stays)
  s = s.replace(/`([^`\n]+)`/g, '$1'); // inline code
  s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1'); // images: their alt text
  s = s.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1'); // links: their text
  s = s.replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1'); // autolinks
  s = s.replace(/^[ \t]*#{1,6}[ \t]+/gm, ''); // headings
  s = s.replace(/^[ \t]*(>[ \t]?)+/gm, ''); // quotes
  s = s.replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, ''); // list items
  s = s.replace(/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/gm, ''); // rules
  s = s.replace(/^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/gm, ''); // table rules
  s = s.replace(/^[ \t]*\|(.*)\|[ \t]*$/gm, (_, cells: string) => cells.split('|').join(' ')); // table rows
  s = s.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2'); // bold
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1$2'); // *italic*
  s = s.replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2'); // _italic_ (not snake_case)
  s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1'); // strike-through
  return s.replace(/\s+/g, ' ').trim();
}

// ---- the browser part

const ASKED_KEY = 'stoa.notificationPermissionAsked';

export type PermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): PermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function rememberAsked(): void {
  try {
    localStorage.setItem(ASKED_KEY, '1');
  } catch {
    // Storage may be disabled: the browser remembers the answer anyway.
  }
}

function wasAsked(): boolean {
  try {
    return localStorage.getItem(ASKED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Asks the browser for permission (call from a click). Used by "Allow browser notifications". */
export async function requestNotificationPermission(): Promise<PermissionState> {
  if (typeof Notification === 'undefined' || typeof Notification.requestPermission !== 'function') {
    return 'unsupported';
  }
  rememberAsked();
  try {
    // Older Safari only has the callback form.
    const result = await new Promise<NotificationPermission>((resolve) => {
      const p = Notification.requestPermission(resolve);
      if (p && typeof p.then === 'function') p.then(resolve, () => resolve(Notification.permission));
    });
    return result;
  } catch {
    return Notification.permission;
  }
}

/**
 * Asks for permission the first time only (remembered in localStorage): call it from a user
 * gesture. Answers the current permission without asking when it was asked before.
 */
export async function askNotificationPermissionOnce(): Promise<PermissionState> {
  const now = notificationPermission();
  if (now !== 'default' || wasAsked()) return now;
  return requestNotificationPermission();
}

/** Asks once, on the first click anywhere in the app (a user gesture, as browsers require). */
export function useNotificationPermissionPrompt(enabled = true): void {
  useEffect(() => {
    if (!enabled || notificationPermission() !== 'default' || wasAsked()) return;
    const onClick = () => {
      document.removeEventListener('click', onClick, true);
      void askNotificationPermissionOnce();
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [enabled]);
}

/** Shows a notification; a click focuses the window and calls `onClick`. `null` when it cannot. */
export function showNotification(
  d: { title: string; body: string; silent: boolean; tag: string },
  onClick: () => void,
): Notification | null {
  if (notificationPermission() !== 'granted') return null;
  let n: Notification;
  try {
    n = new Notification(d.title, { body: d.body, icon: NOTIFICATION_ICON, tag: d.tag, silent: d.silent });
  } catch {
    // e.g. Chrome on Android allows notifications from service workers only.
    return null;
  }
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
  setTimeout(() => n.close(), NOTIFICATION_DURATION_MS);
  return n;
}

/**
 * Decides and, when it should, shows the notification for a new post; clicking it focuses the
 * window and calls `navigate` (to open the channel, or the thread). Returns the decision.
 */
export function notifyForPost(params: PostNotificationParams, navigate: () => void): NotificationDecision {
  const d = decidePostNotification(params);
  if (d.show) showNotification(d, navigate);
  return d;
}

/** The window has focus and the page is visible: for `focused`. */
export function isAppFocused(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

// ---- page title

/** `(3) ` with unread mentions, `* ` with unread messages only, else nothing (as Mattermost). */
export function unreadTitlePrefix(mentions: number, unread: boolean): string {
  if (mentions > 0) return `(${mentions}) `;
  return unread ? '* ' : '';
}

/**
 * Keeps `document.title` prefixed with the unread state while mounted, whoever sets the title
 * (pages set their own; the prefix is put back). Feed it the totals the sidebar shows.
 */
export function useUnreadTitle(mentions: number, unread: boolean): void {
  const prefix = unreadTitlePrefix(mentions, unread);
  useEffect(() => {
    let applied = '';
    const apply = () => {
      const current = document.title;
      const base = applied && current.startsWith(applied) ? current.slice(applied.length) : current;
      const wanted = prefix + base;
      applied = prefix;
      if (current !== wanted) document.title = wanted;
    };
    apply();
    if (!document.querySelector('title')) {
      document.head.appendChild(document.createElement('title'));
      apply();
    }
    const el = document.querySelector('title');
    const observer = new MutationObserver(apply);
    if (el) observer.observe(el, { childList: true, characterData: true, subtree: true });
    return () => {
      observer.disconnect();
      if (applied && document.title.startsWith(applied)) document.title = document.title.slice(applied.length);
    };
  }, [prefix]);
}
