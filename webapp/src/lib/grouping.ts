// Turns a channel's posts into the rows of the message list: date separators, and posts marked
// as continuations when they follow a post by the same author within five minutes.

import type { Post } from '../api/types';

export const GROUP_WINDOW_MS = 5 * 60 * 1000;

export type MessageItem =
  | { kind: 'date'; key: string; day: string; at: number }
  | { kind: 'new'; key: string }
  | { kind: 'post'; key: string; post: Post; continuation: boolean };

export interface NewMessagesLine {
  /** The user's last view of the channel before opening it: later posts are new. */
  after: number;
  /** The user's own posts are never new to them. */
  myUserId: string;
}

export function isSystemPost(p: Pick<Post, 'type'>): boolean {
  return p.type.startsWith('system_');
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of a timestamp, `YYYY-MM-DD`: in `timeZone` when given, else the browser's.
 */
export function dayKey(ms: number, timeZone?: string): string {
  if (timeZone) {
    let f = dayFormats.get(timeZone);
    if (!f) {
      // en-CA writes dates as YYYY-MM-DD.
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      dayFormats.set(timeZone, f);
    }
    return f.format(ms);
  }
  const d = new Date(ms);
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

/** Posts sorted oldest first (ties broken by id so the order is stable). */
export function sortPosts(posts: Iterable<Post>): Post[] {
  return [...posts].sort((a, b) => a.create_at - b.create_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether `post` joins the group of `prev`. In the channel view (`breakAfterThread`) a post with
 * replies ends its group, so its reply link is not followed by what looks like part of it.
 */
export function canContinue(prev: Post | undefined, post: Post, breakAfterThread = false, timeZone?: string): boolean {
  if (!prev) return false;
  if (breakAfterThread && (prev.reply_count ?? 0) > 0) return false;
  if (isSystemPost(prev) || isSystemPost(post)) return false;
  if (prev.user_id !== post.user_id) return false;
  // Replies shown in the channel (no collapsed threads) group only within their thread.
  if ((prev.root_id || prev.id) !== (post.root_id || post.id) && (prev.root_id || post.root_id)) return false;
  if (post.create_at - prev.create_at > GROUP_WINDOW_MS) return false;
  if (post.create_at < prev.create_at) return false;
  // Webhook posts show their own name and icon, so they never join a group.
  if (post.props?.from_webhook || prev.props?.from_webhook) return false;
  return dayKey(prev.create_at, timeZone) === dayKey(post.create_at, timeZone);
}

/**
 * `posts` must be sorted oldest first; deleted posts are dropped. With `newLine`, a "new
 * messages" line goes before the first post someone else wrote after the user's last view.
 */
export function buildMessageItems(
  posts: readonly Post[],
  newLine?: NewMessagesLine | null,
  timeZone?: string,
): MessageItem[] {
  const items: MessageItem[] = [];
  let prev: Post | undefined;
  let lastDay = '';
  let lineDrawn = !newLine;
  for (const post of posts) {
    if (post.delete_at > 0) continue;
    const day = dayKey(post.create_at, timeZone);
    let continuation = canContinue(prev, post, true, timeZone);
    if (day !== lastDay) {
      items.push({ kind: 'date', key: `date-${day}`, day, at: post.create_at });
      lastDay = day;
      continuation = false;
    }
    if (!lineDrawn && newLine && post.create_at > newLine.after && post.user_id !== newLine.myUserId) {
      items.push({ kind: 'new', key: 'new-messages' });
      lineDrawn = true;
      continuation = false;
    }
    items.push({ kind: 'post', key: post.id, post, continuation });
    prev = post;
  }
  return items;
}
