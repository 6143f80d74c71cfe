import { forwardRef, useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { useQueryClient } from '@tanstack/react-query';
import type { Channel } from '../api/types';
import { loadAroundPost, loadNewest, useLoadMore, useMeUser, usePosts } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { keys } from '../queries/keys';
import type { PostCache } from '../lib/postStore';
import { buildMessageItems, sortPosts, type MessageItem } from '../lib/grouping';
import { errorMessage, formatDay } from '../lib/format';
import { useTimeZone } from '../queries/timezone';
import { PostItem } from './post/Post';
import { t } from '../i18n/en';

/** Virtuoso's absolute index of the first item; older items get smaller ones as they load. */
const START_INDEX = 1_000_000_000;
const HIGHLIGHT_MS = 4000;
/** How many items from the edge of what is loaded the next page is asked for. */
const PREFETCH = 30;

interface Props {
  channel: Channel;
  /** The user's last view before opening the channel: the "new messages" line goes after it. */
  unreadSince: number | null;
  /**
   * A post to open the list at and highlight (a permalink or a search result); `key` differs for
   * every jump, so jumping twice to one post scrolls twice.
   */
  focus: { postId: string; key: string } | null;
}

/**
 * The root posts of a channel, newest at the bottom, virtualised (only what is near the screen is
 * in the document). Opens at the first unread post (with a "new messages" line), at a focused
 * post, or at the bottom; follows new posts while the reader is at the bottom and keeps the
 * reader's place otherwise; loads older posts at the top and newer ones at the bottom of a window
 * that does not reach the newest.
 */
export function MessageList({ channel, unreadSince, focus }: Props) {
  const focusPostId = focus?.postId ?? null;
  const qc = useQueryClient();
  const me = useMeUser();
  const name = useChannelDisplayName(channel, me.id);
  const posts = usePosts(channel.id);
  const tz = useTimeZone();
  const older = useLoadMore(channel.id, 'older');
  const newer = useLoadMore(channel.id, 'newer');
  const hasOlder = posts.data?.hasOlder ?? false;
  const hasNewer = posts.data?.hasNewer ?? false;
  const virtuoso = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [jumpError, setJumpError] = useState('');
  // Remounting the list (a new key) places it anew: after a jump that replaced the window.
  const [mount, setMount] = useState(0);
  const placement = useRef<{ focus: string | null }>({ focus: focusPostId });
  // Whether the list follows the newest post: it opens there (unless placed elsewhere), and stays
  // until the reader scrolls up.
  const stickToBottom = useRef(false);
  const lastScrollTop = useRef(0);

  const newLine = useMemo(
    () => (unreadSince === null ? null : { after: unreadSince, myUserId: me.id }),
    [unreadSince, me.id],
  );
  const items = useMemo(
    () => buildMessageItems(sortPosts(Object.values(posts.data?.posts ?? {})), newLine, tz),
    [posts.data, newLine, tz],
  );

  const firstItemIndex = useFirstItemIndex(items, mount);

  // A post to show (a permalink, a search result): once the first window is loaded, the posts
  // around it replace the window when they are not in it, and the list is placed anew, centred
  // on it. A focus the list opened with is placed by the first mount already.
  const loaded = !!posts.data;
  const placedFocus = useRef(focus?.key ?? '');
  useEffect(() => {
    if (!focusPostId || !focus || !loaded) return;
    let cancelled = false;
    setJumpError('');
    setHighlightId(focusPostId);
    const cached = qc.getQueryData<PostCache>(keys.posts(channel.id));
    if (cached?.posts[focusPostId]) {
      if (placedFocus.current === focus.key) return;
      placedFocus.current = focus.key;
      placement.current.focus = focusPostId;
      stickToBottom.current = false;
      setMount((m) => m + 1);
      return;
    }
    loadAroundPost(qc, channel.id, focusPostId).then(
      () => {
        if (cancelled) return;
        placedFocus.current = focus.key;
        placement.current.focus = focusPostId;
        stickToBottom.current = false;
        setMount((m) => m + 1);
      },
      (err: unknown) => !cancelled && setJumpError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [focusPostId, focus, loaded, channel.id, qc]);

  useEffect(() => {
    if (!highlightId) return;
    const id = setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
    return () => clearTimeout(id);
  }, [highlightId]);

  // Our own new post goes into view even when the reader had scrolled up.
  const lastKey = items[items.length - 1]?.key;
  const lastItem = items[items.length - 1];
  const prevLastKey = useRef(lastKey);
  useEffect(() => {
    if (lastKey === prevLastKey.current) return;
    prevLastKey.current = lastKey;
    if (lastItem?.kind === 'post' && lastItem.post.user_id === me.id && Date.now() - lastItem.post.create_at < 10_000) {
      virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
    }
  }, [lastKey, lastItem, me.id]);

  const jumpToRecent = useCallback(async () => {
    if (hasNewer) {
      try {
        await loadNewest(qc, channel.id);
        placement.current.focus = null;
        setMount((m) => m + 1);
      } catch (err) {
        setJumpError(errorMessage(err));
      }
    } else {
      virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' });
    }
  }, [hasNewer, qc, channel.id]);

  if (posts.isPending || (posts.error && !posts.data)) {
    return (
      <div className="message-list" role="log" aria-label={t('channel.messages', { name })} tabIndex={0}>
        <p className="message-list__status" role={posts.error ? 'alert' : undefined}>
          {posts.error ? errorMessage(posts.error) : t('app.loading')}
        </p>
      </div>
    );
  }

  const initial = initialIndex(items, placement.current.focus);
  if (initial.align === 'end' && lastScrollTop.current === 0) stickToBottom.current = true;

  return (
    <div
      className="message-list-wrap"
      onScrollCapture={(e) => {
        // Scrolling up (by hand or by a script) lets go of the bottom; reaching it holds it again.
        // Content that shrinks under the reader also lowers `scrollTop`, but leaves them at the
        // bottom: that is not letting go.
        const el = e.target as HTMLElement;
        const top = el.scrollTop;
        const atEnd = el.scrollHeight - top - el.clientHeight < 80;
        if (top < lastScrollTop.current - 2 && !atEnd) stickToBottom.current = false;
        lastScrollTop.current = top;
      }}
    >
      <Virtuoso
        key={`${channel.id}:${mount}`}
        ref={virtuoso}
        className="message-list"
        data={items}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={initial}
        alignToBottom
        computeItemKey={(_, item) => item.key}
        increaseViewportBy={{ top: 600, bottom: 400 }}
        atBottomThreshold={80}
        atBottomStateChange={(bottom) => {
          setAtBottom(bottom);
          if (bottom) stickToBottom.current = true;
        }}
        totalListHeightChanged={() => {
          // Content that grows after it is shown (highlighted code, images) keeps the reader at
          // the bottom when that is where they were.
          if (stickToBottom.current) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
        }}
        followOutput={(bottom) => (bottom && !hasNewer ? 'auto' : false)}
        // Older (newer) posts load while the reader is still PREFETCH items away from the edge,
        // so scrolling rarely has to wait at it.
        rangeChanged={({ startIndex, endIndex }) => {
          if (hasOlder && startIndex - firstItemIndex < PREFETCH) void older.load();
          if (hasNewer && firstItemIndex + items.length - 1 - endIndex < PREFETCH) void newer.load();
        }}
        startReached={() => {
          if (hasOlder) void older.load();
        }}
        endReached={() => {
          if (hasNewer) void newer.load();
        }}
        components={{ Scroller, Header, Footer }}
        context={{ name, channel, hasOlder, loadingOlder: older.loading, loadingNewer: newer.loading, loadOlder: older.load, label: t('channel.messages', { name }) }}
        itemContent={(_, item) => <Row item={item} highlighted={item.key === highlightId} />}
      />
      {jumpError && (
        <p className="message-list__status" role="alert">
          {jumpError}
        </p>
      )}
      {(!atBottom || hasNewer) && (
        <button type="button" className="jump-recent" onClick={() => void jumpToRecent()}>
          {t('channel.jumpToRecent')}
        </button>
      )}
    </div>
  );
}

/** Where the list opens: the focused post, the new messages line, or the newest post. */
function initialIndex(items: MessageItem[], focus: string | null) {
  if (focus) {
    const index = items.findIndex((i) => i.key === focus);
    if (index >= 0) return { index, align: 'center' as const };
  }
  const line = items.findIndex((i) => i.kind === 'new');
  if (line >= 0) return { index: Math.max(0, line - 1), align: 'start' as const };
  return { index: Math.max(0, items.length - 1), align: 'end' as const };
}

/**
 * Virtuoso's `firstItemIndex`: when older posts are added above, the first item's index goes
 * down by as many, so the items already shown keep their indices (and their place on screen).
 */
function useFirstItemIndex(items: MessageItem[], mount: number): number {
  const state = useRef({ first: START_INDEX, key: '', pos: 0, mount });
  return useMemo(() => {
    const s = state.current;
    if (s.mount !== mount) {
      s.first = START_INDEX;
      s.key = '';
      s.mount = mount;
    }
    const pos = items.findIndex((i) => i.kind === 'post');
    if (pos < 0) return s.first;
    if (s.key && items[pos]?.key !== s.key) {
      const now = items.findIndex((i) => i.key === s.key);
      if (now >= 0) s.first -= now - s.pos;
    }
    s.key = items[pos]?.key ?? '';
    s.pos = pos;
    return s.first;
  }, [items, mount]);
}

interface ListContext {
  name: string;
  channel: Channel;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  loadOlder: () => Promise<void>;
  label: string;
}

const Scroller = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement> & { context?: ListContext }>(
  function Scroller({ context, ...props }, ref) {
    return <div {...props} ref={ref} role="log" aria-label={context?.label} tabIndex={0} />;
  },
);

function Header({ context }: { context?: ListContext }) {
  if (!context) return null;
  const { hasOlder, loadingOlder, name, channel, loadOlder } = context;
  if (!hasOlder) {
    return (
      <div className="channel-intro">
        <h3>{name}</h3>
        <p>{channel.type === 'D' ? t('channel.introDm', { name }) : t('channel.intro', { name })}</p>
      </div>
    );
  }
  return (
    <div className="message-list__status">
      {loadingOlder ? (
        t('channel.loadingOlder')
      ) : (
        <button type="button" className="btn btn--small" onClick={() => void loadOlder()}>
          {t('channel.loadOlder')}
        </button>
      )}
    </div>
  );
}

function Footer({ context }: { context?: ListContext }) {
  return (
    <div className="message-list__footer">
      {context?.loadingNewer && <p className="message-list__status">{t('channel.loadingNewer')}</p>}
    </div>
  );
}

function Row({ item, highlighted }: { item: MessageItem; highlighted: boolean }) {
  if (item.kind === 'date') return <DateSeparator at={item.at} />;
  if (item.kind === 'new') {
    return (
      <div className="new-messages-line" role="separator" aria-label={t('channel.newMessages')}>
        <span>{t('channel.newMessages')}</span>
      </div>
    );
  }
  return (
    <div className={highlighted ? 'post-row post-row--highlight' : 'post-row'}>
      <PostItem post={item.post} continuation={item.continuation} showThreadLink />
    </div>
  );
}

function DateSeparator({ at }: { at: number }) {
  const tz = useTimeZone();
  return (
    <div className="date-separator">
      <span>{formatDay(at, Date.now(), tz)}</span>
    </div>
  );
}
