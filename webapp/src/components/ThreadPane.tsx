import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Channel } from '../api/types';
import { useMeUser, useThread } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { canContinue, sortPosts } from '../lib/grouping';
import { errorMessage } from '../lib/format';
import { useUi } from '../store/ui';
import { PostItem } from './Post';
import { Composer } from './Composer';
import { TypingIndicator } from './TypingIndicator';
import { IconClose } from './icons';
import { t } from '../i18n/en';

/** The right-hand pane: a thread's root post, its replies, and a composer for replying. */
export function ThreadPane({ channel, rootId }: { channel: Channel; rootId: string }) {
  const me = useMeUser();
  const name = useChannelDisplayName(channel, me.id);
  const thread = useThread(rootId);
  const closeThread = useUi((s) => s.closeThread);
  const scrollRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLElement>(null);

  const posts = useMemo(() => sortPosts(Object.values(thread.data?.posts ?? {})), [thread.data]);
  const root = thread.data?.posts[rootId];
  const replies = posts.filter((p) => p.id !== rootId);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [replies.length]);

  useEffect(() => {
    paneRef.current?.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }, [rootId]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape' && !useUi.getState().dialog) closeThread();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [closeThread]);

  return (
    <aside className="thread-pane" aria-labelledby="thread-title" ref={paneRef}>
      <header className="thread-pane__header">
        <div>
          <h2 id="thread-title">{t('thread.title')}</h2>
          <p className="muted">{t('thread.in', { name: channel.type === 'D' ? `@${name}` : name })}</p>
        </div>
        <button type="button" className="icon-btn" aria-label={t('thread.close')} onClick={closeThread}>
          <IconClose />
        </button>
      </header>
      <div className="thread-pane__scroll" ref={scrollRef} role="log" aria-label={t('thread.title')} tabIndex={0}>
        {thread.isPending && <p className="message-list__status">{t('app.loading')}</p>}
        {thread.error && (
          <p className="message-list__status" role="alert">
            {errorMessage(thread.error)}
          </p>
        )}
        {thread.data && !root && <p className="message-list__status">{t('thread.notFound')}</p>}
        {root && (
          <>
            <PostItem post={root} continuation={false} showThreadLink={false} />
            <div className="thread-pane__count">
              {replies.length === 1 ? t('post.oneReply') : t('post.replies', { count: replies.length })}
            </div>
            {replies.map((p, i) => (
              <PostItem
                key={p.id}
                post={p}
                continuation={canContinue(i === 0 ? undefined : replies[i - 1], p)}
                showThreadLink={false}
              />
            ))}
          </>
        )}
      </div>
      {root && (
        <>
          <TypingIndicator channelId={channel.id} parentId={rootId} />
          <Composer channel={channel} rootId={rootId} />
        </>
      )}
    </aside>
  );
}
