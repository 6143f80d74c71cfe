import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Channel, Team } from '../../api/types';
import { useMeUser, useThread } from '../../queries/hooks';
import { useChannelById } from '../../queries/channels';
import { useChannelDisplayName } from '../../queries/channelName';
import { keys } from '../../queries/keys';
import { canContinue, sortPosts } from '../../lib/grouping';
import { errorMessage } from '../../lib/format';
import { PostItem } from '../post/Post';
import { Composer } from '../composer/Composer';
import { TypingIndicator } from '../TypingIndicator';
import { t } from '../../i18n/en';
import { RhsShell } from './RhsPane';

/** The right-hand pane's thread: its channel, then the thread itself. */
export function ThreadPane({
  rootId,
  channelId,
  focusId,
  team,
}: {
  rootId: string;
  channelId: string;
  focusId?: string;
  team: Team;
}) {
  const { channel, error } = useChannelById(channelId);
  if (!channel) {
    return (
      <RhsShell title={t('thread.title')} closeLabel={t('thread.close')}>
        <p className="message-list__status" role={error ? 'alert' : undefined}>
          {error ? errorMessage(error) : t('app.loading')}
        </p>
      </RhsShell>
    );
  }
  return (
    <RhsShell title={t('thread.title')} subtitle={<ThreadChannelName channel={channel} />} closeLabel={t('thread.close')}>
      <ThreadView channel={channel} rootId={rootId} focusId={focusId} teamId={channel.team_id || team.id} autoFocus />
    </RhsShell>
  );
}

function ThreadChannelName({ channel }: { channel: Channel }) {
  const me = useMeUser();
  const name = useChannelDisplayName(channel, me.id);
  return <>{t('thread.in', { name: channel.type === 'D' ? `@${name}` : name })}</>;
}

/**
 * A thread's root post, its replies and a composer for replying (in the right-hand pane and the
 * Threads view). Reading it marks it read.
 */
export function ThreadView({
  channel,
  rootId,
  focusId,
  teamId,
  autoFocus,
}: {
  channel: Channel;
  rootId: string;
  focusId?: string;
  teamId: string;
  autoFocus?: boolean;
}) {
  const qc = useQueryClient();
  const me = useMeUser();
  const thread = useThread(rootId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  const posts = useMemo(() => sortPosts(Object.values(thread.data?.posts ?? {})), [thread.data]);
  const root = thread.data?.posts[rootId];
  const replies = posts.filter((p) => p.id !== rootId);
  const lastReplyAt = replies[replies.length - 1]?.create_at ?? 0;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const focused = focusId ? el.querySelector<HTMLElement>(`[data-post-id="${CSS.escape(focusId)}"]`) : null;
    if (focused) focused.scrollIntoView({ block: 'center' });
    else el.scrollTop = el.scrollHeight;
  }, [replies.length, focusId]);

  useEffect(() => {
    if (autoFocus) boxRef.current?.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }, [rootId, autoFocus]);

  // Seen: mark the thread read up to now (again when a reply arrives while it is open).
  useEffect(() => {
    if (!root) return;
    api
      .markThreadRead(me.id, teamId, rootId, Date.now())
      .then(() => {
        void qc.invalidateQueries({ queryKey: keys.threads(teamId) });
      })
      .catch(() => {});
  }, [qc, me.id, teamId, rootId, lastReplyAt, root]);

  return (
    <div className="thread-view" ref={boxRef}>
      <div className="thread-view__scroll" ref={scrollRef} role="log" aria-label={t('thread.title')} tabIndex={0}>
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
            <div className="thread-view__count">
              {replies.length === 1 ? t('post.oneReply') : t('post.replies', { count: replies.length })}
            </div>
            {replies.map((p, i) => (
              <div key={p.id} className={p.id === focusId ? 'post-row post-row--highlight' : 'post-row'}>
                <PostItem
                  post={p}
                  continuation={canContinue(i === 0 ? undefined : replies[i - 1], p)}
                  showThreadLink={false}
                />
              </div>
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
    </div>
  );
}
