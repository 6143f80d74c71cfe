import { memo, useMemo } from 'react';
import type { Post } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { useChannelById } from '../../queries/channels';
import { useChannelDisplayName } from '../../queries/channelName';
import { renderMarkdown } from '../../lib/markdown';
import { highlightHtml } from '../../lib/searchHighlight';
import { formatDateTime, formatDay, formatTime } from '../../lib/format';
import { useUi } from '../../store/ui';
import { useTimeZone } from '../../queries/timezone';
import { useDisplaySettings } from '../../queries/preferences';
import { useJumpToPost } from '../../pages/jump';
import { Avatar } from '../Avatar';
import { UserName } from '../UserName';
import { IconReply } from '../icons';
import { t } from '../../i18n/en';

/**
 * A post in a list of the right-hand pane (search results, mentions, saved, pinned): where it
 * was written, by whom and when, the words matched highlighted, and Jump.
 */
export const ResultItem = memo(function ResultItem({ post, matches }: { post: Post; matches?: string[] }) {
  const me = useMeUser();
  const jump = useJumpToPost();
  const tz = useTimeZone();
  const { militaryTime } = useDisplaySettings();
  const openThread = useUi((s) => s.openThread);
  const html = useMemo(() => {
    const rendered = renderMarkdown(post.message, { currentUsername: me.username });
    return matches?.length ? highlightHtml(rendered, matches) : rendered;
  }, [post.message, me.username, matches]);
  const rootId = post.root_id || post.id;
  const replies = post.reply_count ?? 0;

  return (
    <article className="result" data-post-id={post.id}>
      <header className="result__where">
        <ChannelLabel channelId={post.channel_id} />
        <span className="muted">{formatDay(post.create_at, Date.now(), tz)}</span>
      </header>
      <div className="result__post">
        <Avatar userId={post.user_id} size={32} />
        <div className="result__content">
          <div className="post__header">
            <strong className="post__author">
              <UserName userId={post.user_id} />
            </strong>
            <time className="post__time" dateTime={new Date(post.create_at).toISOString()} title={formatDateTime(post.create_at, tz)}>
              {formatTime(post.create_at, militaryTime, tz)}
            </time>
          </div>
          <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
          {post.file_ids && post.file_ids.length > 0 && (
            <p className="muted result__files">{t('search.hasFiles', { count: post.file_ids.length })}</p>
          )}
          <div className="result__actions">
            <button type="button" className="btn btn--small" onClick={() => void jump(post)}>
              {t('search.jump')}
            </button>
            {(replies > 0 || post.root_id) && (
              <button type="button" className="thread-link" onClick={() => openThread(rootId, post.channel_id, post.id)}>
                <IconReply />
                {post.root_id ? t('search.openThread') : replies === 1 ? t('post.oneReply') : t('post.replies', { count: replies })}
              </button>
            )}
          </div>
        </div>
      </div>
    </article>
  );
});

function ChannelLabel({ channelId }: { channelId: string }) {
  const me = useMeUser();
  const { channel } = useChannelById(channelId);
  const name = useChannelDisplayName(channel, me.id);
  if (!channel) return <span className="result__channel">…</span>;
  return <span className="result__channel">{channel.type === 'D' ? `@${name}` : channel.type === 'G' ? name : `~${name}`}</span>;
}
