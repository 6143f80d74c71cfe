import { memo, useMemo, useState } from 'react';
import type { Post } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { useDisplaySettings } from '../../queries/preferences';
import { useTimeZone } from '../../queries/timezone';
import { renderMarkdown } from '../../lib/markdown';
import { isSystemPost } from '../../lib/grouping';
import { formatDateTime, formatTime } from '../../lib/format';
import { useUi } from '../../store/ui';
import { useHighlighter, useMarkdownClick, useMarkdownOptions } from '../markdownHooks';
import { IconPin, IconReply } from '../icons';
import { t } from '../../i18n/en';
import { PostActions } from './PostActions';
import { Reactions } from './Reactions';
import { EditPost } from './EditPost';
import { Attachments } from './Attachments';
import { MessageAttachments } from './MessageAttachments';
import { EPHEMERAL, PostAuthorName, PostAvatar } from './PostAuthor';
import { ReplyContext } from './ReplyContext';
import { FormError } from '../FormError';

interface Props {
  post: Post;
  continuation: boolean;
  /** In the channel view: show the reply count and the reply action. */
  showThreadLink: boolean;
}

/**
 * One message: author, time, Markdown, files, reactions, its thread's reply count, and the
 * actions (react, reply, and a menu with pin, save, copy link, mark unread, edit, delete).
 * Standard or compact as the user chose, on a 12- or 24-hour clock.
 */
export const PostItem = memo(function PostItem({ post, continuation, showThreadLink }: Props) {
  const me = useMeUser();
  const display = useDisplaySettings();
  const editingHere = useUi((s) => s.editingPostId === post.id);
  const [editingLocal, setEditingLocal] = useState(false);
  const editing = editingLocal || editingHere;
  const [actionError, setActionError] = useState('');
  // The hover bar is built the first time the post is pointed at or focused: most posts scroll
  // by without, and each bar holds a menu's worth of state.
  const [actionsShown, setActionsShown] = useState(false);
  const showActions = () => setActionsShown(true);
  const mdOptions = useMarkdownOptions();
  const highlighted = useHighlighter(post.message);
  const onMarkdownClick = useMarkdownClick();
  const html = useMemo(
    () => renderMarkdown(post.message, mdOptions),
    // `highlighted`: render again once highlight.js has loaded, for posts with a code block.
    [post.message, mdOptions, highlighted],
  );
  const tz = useTimeZone();
  const time = <PostTime at={post.create_at} military={display.militaryTime} tz={tz} />;

  // Ephemeral posts (a command's or an integration's answer only this user sees) look like
  // posts, with their attachments, not like one-line system messages.
  if (isSystemPost(post) && post.type !== EPHEMERAL) {
    return (
      <div className="post post--system" data-post-id={post.id}>
        <div className="post__gutter">{time}</div>
        <div className="post__content">
          <div className="markdown post__system-text" onClick={onMarkdownClick} dangerouslySetInnerHTML={{ __html: html }} />
        </div>
      </div>
    );
  }

  const stopEditing = () => {
    setEditingLocal(false);
    if (useUi.getState().editingPostId === post.id) useUi.getState().setEditing(null);
  };
  const mine = post.user_id === me.id;
  const replies = post.reply_count ?? 0;
  const compact = display.compact;
  const author = <PostAuthorName post={post} />;
  return (
    <article
      className={`post${continuation ? ' post--continuation' : ''}${mine ? ' post--mine' : ''}${compact ? ' post--compact' : ''}`}
      data-post-id={post.id}
      // Focusable by a tap, so touch screens (no hover) can bring up the actions.
      tabIndex={-1}
      onMouseEnter={showActions}
      onFocus={showActions}
    >
      <div className="post__gutter">{continuation || compact ? time : <PostAvatar post={post} />}</div>
      <div className="post__content">
        {post.is_pinned && (
          <span className="post__pinned">
            <IconPin filled />
            {t('post.pinned')}
          </span>
        )}
        {showThreadLink && post.root_id && !continuation && <ReplyContext post={post} />}
        {!continuation && !compact && (
          <header className="post__header">
            {author}
            {time}
          </header>
        )}
        {editing ? (
          <EditPost post={post} onDone={stopEditing} />
        ) : (
          <div className="post__body">
            {compact && !continuation && author}
            <div className="markdown" onClick={onMarkdownClick} dangerouslySetInnerHTML={{ __html: html }} />
            {post.edit_at > 0 && (
              <span className="post__edited" title={formatDateTime(post.edit_at, tz)}>
                {t('post.edited')}
              </span>
            )}
          </div>
        )}
        {!editing && Array.isArray(post.props.attachments) && <MessageAttachments post={post} />}
        {(post.file_ids?.length ?? 0) > 0 && <Attachments post={post} />}
        <Reactions post={post} myId={me.id} onError={setActionError} />
        <FormError message={actionError} />
        {showThreadLink && replies > 0 && <ThreadLink post={post} count={replies} />}
      </div>
      {/* An ephemeral post is not stored: nothing to react to, reply to, save or edit. */}
      {!editing && actionsShown && post.type !== EPHEMERAL && (
        <PostActions
          post={post}
          mine={mine}
          showReply={showThreadLink}
          onEdit={() => setEditingLocal(true)}
          onError={setActionError}
        />
      )}
    </article>
  );
});

function PostTime({ at, military, tz }: { at: number; military: boolean; tz: string | undefined }) {
  return (
    <time className="post__time" dateTime={new Date(at).toISOString()} title={formatDateTime(at, tz)}>
      {formatTime(at, military, tz)}
    </time>
  );
}

function ThreadLink({ post, count }: { post: Post; count: number }) {
  const openThread = useUi((s) => s.openThread);
  return (
    <button type="button" className="thread-link" onClick={() => openThread(post.id, post.channel_id)}>
      <IconReply />
      {count === 1 ? t('post.oneReply') : t('post.replies', { count })}
    </button>
  );
}
