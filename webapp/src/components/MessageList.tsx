import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Channel } from '../api/types';
import { useLoadOlder, useMeUser, usePosts } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { buildMessageItems, sortPosts } from '../lib/grouping';
import { errorMessage, formatDay } from '../lib/format';
import { PostItem } from './Post';
import { t } from '../i18n/en';

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 200;

/**
 * The posts of a channel, newest at the bottom. Stays pinned to the bottom while the reader is
 * there; loads older posts when scrolled to the top, keeping the post in view where it was.
 */
export function MessageList({ channel }: { channel: Channel }) {
  const me = useMeUser();
  const name = useChannelDisplayName(channel, me.id);
  const posts = usePosts(channel.id);
  const { load, loading } = useLoadOlder(channel.id);
  const hasOlder = posts.data?.hasOlder ?? false;

  const items = useMemo(() => buildMessageItems(sortPosts(Object.values(posts.data?.posts ?? {}))), [posts.data]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const innerRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ id: string; top: number } | null>(null);

  const loadOlder = useCallback(() => {
    const el = scrollRef.current;
    if (!el || loading || !hasOlder) return;
    // Remember where the first post is, to put it back there once older ones are above it.
    const first = el.querySelector<HTMLElement>('[data-post-id]');
    anchor.current = first ? { id: first.dataset.postId ?? '', top: first.getBoundingClientRect().top } : null;
    load().catch(() => {
      anchor.current = null;
    });
  }, [load, loading, hasOlder]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const a = anchor.current;
    if (a) {
      const node = el.querySelector<HTMLElement>(`[data-post-id="${CSS.escape(a.id)}"]`);
      const firstNow = el.querySelector<HTMLElement>('[data-post-id]');
      if (node && firstNow && firstNow !== node) {
        el.scrollTop += node.getBoundingClientRect().top - a.top;
        anchor.current = null;
        return;
      }
    }
    if (atBottom.current) el.scrollTop = el.scrollHeight;
  }, [items]);

  // Content that grows (images loading, a font swap) keeps a reader at the bottom there.
  useEffect(() => {
    const el = scrollRef.current;
    const inner = innerRef.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(inner);
    return () => ro.disconnect();
  }, []);

  // A short channel does not fill the screen: fetch more until it does or the start is reached.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && hasOlder && !loading && el.scrollHeight <= el.clientHeight + NEAR_TOP_PX) loadOlder();
  }, [items, hasOlder, loading, loadOlder]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < NEAR_TOP_PX) loadOlder();
  }

  return (
    <div
      className="message-list"
      ref={scrollRef}
      onScroll={onScroll}
      role="log"
      aria-label={t('channel.messages', { name })}
      tabIndex={0}
    >
      <div className="message-list__inner" ref={innerRef}>
        {posts.isPending && <p className="message-list__status">{t('app.loading')}</p>}
        {posts.error && (
          <p className="message-list__status" role="alert">
            {errorMessage(posts.error)}
          </p>
        )}
        {posts.data && !hasOlder && (
          <div className="channel-intro">
            <h3>{name}</h3>
            <p>{channel.type === 'D' ? t('channel.introDm', { name }) : t('channel.intro', { name })}</p>
          </div>
        )}
        {hasOlder && (
          <div className="message-list__status">
            {loading ? (
              t('channel.loadingOlder')
            ) : (
              <button type="button" className="btn btn--small" onClick={loadOlder}>
                {t('channel.loadOlder')}
              </button>
            )}
          </div>
        )}
        {items.map((item) =>
          item.kind === 'date' ? (
            <div key={item.key} className="date-separator">
              <span>{formatDay(item.at)}</span>
            </div>
          ) : (
            <PostItem key={item.key} post={item.post} continuation={item.continuation} showThreadLink />
          ),
        )}
      </div>
    </div>
  );
}
