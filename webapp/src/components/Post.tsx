import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { FileInfo, Post } from '../api/types';
import { useMeUser } from '../queries/hooks';
import { storePost, dropPost, storeReaction } from '../queries/postActions';
import { renderMarkdown } from '../lib/markdown';
import { isSystemPost } from '../lib/grouping';
import { errorMessage, formatBytes, formatDateTime, formatTime } from '../lib/format';
import { emojiChar, QUICK_REACTIONS } from '../lib/emoji';
import { summarizeReactions } from '../lib/postStore';
import { useUi } from '../store/ui';
import { Avatar } from './Avatar';
import { UserName } from './UserName';
import { Popover } from './Popover';
import { IconDownload, IconEdit, IconFile, IconReply, IconSmile, IconTrash } from './icons';
import { t } from '../i18n/en';

interface Props {
  post: Post;
  continuation: boolean;
  /** In the channel view: show the reply count and the reply action. */
  showThreadLink: boolean;
}

export const PostItem = memo(function PostItem({ post, continuation, showThreadLink }: Props) {
  const me = useMeUser();
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState('');
  const html = useMemo(
    () => renderMarkdown(post.message, { currentUsername: me.username }),
    [post.message, me.username],
  );

  if (isSystemPost(post)) {
    return (
      <div className="post post--system" data-post-id={post.id}>
        <div className="post__gutter">
          <PostTime at={post.create_at} />
        </div>
        <div className="post__content">
          <div className="markdown post__system-text" dangerouslySetInnerHTML={{ __html: html }} />
        </div>
      </div>
    );
  }

  const mine = post.user_id === me.id;
  const replies = post.reply_count ?? 0;
  return (
    <article
      className={`post${continuation ? ' post--continuation' : ''}${mine ? ' post--mine' : ''}`}
      data-post-id={post.id}
      // Focusable by a tap, so touch screens (no hover) can bring up the actions.
      tabIndex={-1}
    >
      <div className="post__gutter">
        {continuation ? <PostTime at={post.create_at} /> : <Avatar userId={post.user_id} />}
      </div>
      <div className="post__content">
        {!continuation && (
          <header className="post__header">
            <strong className="post__author">
              <UserName userId={post.user_id} />
            </strong>
            <PostTime at={post.create_at} />
          </header>
        )}
        {editing ? (
          <EditPost post={post} onDone={() => setEditing(false)} />
        ) : (
          <div className="post__body">
            <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
            {post.edit_at > 0 && (
              <span className="post__edited" title={formatDateTime(post.edit_at)}>
                {t('post.edited')}
              </span>
            )}
          </div>
        )}
        {(post.file_ids?.length ?? 0) > 0 && <Attachments post={post} />}
        <Reactions post={post} myId={me.id} onError={setActionError} />
        {actionError && (
          <p className="form__error" role="alert">
            {actionError}
          </p>
        )}
        {showThreadLink && replies > 0 && (
          <ThreadLink post={post} count={replies} />
        )}
      </div>
      {!editing && (
        <PostActions
          post={post}
          mine={mine}
          showReply={showThreadLink}
          onEdit={() => setEditing(true)}
          onError={setActionError}
          myId={me.id}
        />
      )}
    </article>
  );
});

function PostTime({ at }: { at: number }) {
  return (
    <time className="post__time" dateTime={new Date(at).toISOString()} title={formatDateTime(at)}>
      {formatTime(at)}
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

function PostActions({
  post,
  mine,
  showReply,
  onEdit,
  onError,
  myId,
}: {
  post: Post;
  mine: boolean;
  showReply: boolean;
  onEdit: () => void;
  onError: (message: string) => void;
  myId: string;
}) {
  const qc = useQueryClient();
  const openThread = useUi((s) => s.openThread);
  const [picking, setPicking] = useState(false);

  async function remove() {
    if (!window.confirm(t('post.deleteConfirm'))) return;
    onError('');
    try {
      await api.deletePost(post.id);
      dropPost(qc, post);
    } catch (err) {
      onError(errorMessage(err));
    }
  }

  return (
    <div className="post__actions" role="group" aria-label={t('post.actions')}>
      <div className="popover-anchor">
        <button
          type="button"
          className="icon-btn icon-btn--small"
          aria-label={t('post.react')}
          title={t('post.react')}
          aria-expanded={picking}
          onClick={() => setPicking((v) => !v)}
        >
          <IconSmile />
        </button>
        {picking && (
          <Popover label={t('post.react')} onClose={() => setPicking(false)} className="popover--emoji popover--right">
            {QUICK_REACTIONS.map((name) => (
              <button
                key={name}
                type="button"
                className="emoji-btn"
                aria-label={t('post.reactWith', { emoji: name })}
                title={`:${name}:`}
                onClick={() => {
                  setPicking(false);
                  void toggleReaction(qc, post, myId, name, true, onError);
                }}
              >
                {emojiChar(name)}
              </button>
            ))}
          </Popover>
        )}
      </div>
      {showReply && (
        <button
          type="button"
          className="icon-btn icon-btn--small"
          aria-label={t('post.reply')}
          title={t('post.reply')}
          onClick={() => openThread(post.id, post.channel_id)}
        >
          <IconReply />
        </button>
      )}
      {mine && (
        <>
          <button type="button" className="icon-btn icon-btn--small" aria-label={t('post.edit')} title={t('post.edit')} onClick={onEdit}>
            <IconEdit />
          </button>
          <button
            type="button"
            className="icon-btn icon-btn--small icon-btn--danger"
            aria-label={t('post.delete')}
            title={t('post.delete')}
            onClick={() => void remove()}
          >
            <IconTrash />
          </button>
        </>
      )}
    </div>
  );
}

async function toggleReaction(
  qc: ReturnType<typeof useQueryClient>,
  post: Post,
  myId: string,
  emoji: string,
  add: boolean,
  onError: (message: string) => void,
): Promise<void> {
  const r = { user_id: myId, post_id: post.id, emoji_name: emoji, create_at: Date.now() };
  // Shown at once; undone if the server refuses.
  storeReaction(qc, r, add);
  onError('');
  try {
    if (add) await api.addReaction(myId, post.id, emoji);
    else await api.removeReaction(myId, post.id, emoji);
  } catch (err) {
    storeReaction(qc, r, !add);
    onError(errorMessage(err));
  }
}

function Reactions({ post, myId, onError }: { post: Post; myId: string; onError: (message: string) => void }) {
  const qc = useQueryClient();
  const list = summarizeReactions(post.metadata?.reactions ?? [], myId);
  if (list.length === 0) return null;
  return (
    <div className="reactions">
      {list.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className={`reaction${r.mine ? ' reaction--mine' : ''}`}
          aria-pressed={r.mine}
          aria-label={t('post.reaction', { emoji: r.emoji, count: r.count })}
          title={`:${r.emoji}:`}
          onClick={() => void toggleReaction(qc, post, myId, r.emoji, !r.mine, onError)}
        >
          <span aria-hidden="true">{emojiChar(r.emoji) ?? `:${r.emoji}:`}</span>
          <span className="reaction__count" aria-hidden="true">
            {r.count}
          </span>
        </button>
      ))}
    </div>
  );
}

function EditPost({ post, onDone }: { post: Post; onDone: () => void }) {
  const qc = useQueryClient();
  const [text, setText] = useState(post.message);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function save() {
    if (text.trim() === post.message.trim()) {
      onDone();
      return;
    }
    setBusy(true);
    try {
      const updated = await api.patchPost(post.id, text);
      storePost(qc, updated);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  }

  return (
    <div className="post__edit">
      <textarea
        aria-label={t('post.editLabel')}
        value={text}
        autoFocus
        rows={Math.min(10, text.split('\n').length + 1)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="btn btn--small" onClick={onDone}>
          {t('dialog.cancel')}
        </button>
        <button type="button" className="btn btn--small btn--primary" disabled={busy || !text.trim()} onClick={() => void save()}>
          {t('dialog.save')}
        </button>
      </div>
    </div>
  );
}

function Attachments({ post }: { post: Post }) {
  const inline = post.metadata?.files;
  const fetched = useQuery({
    queryKey: ['postFiles', post.id],
    queryFn: () => api.getPostFiles(post.id),
    enabled: !inline,
    staleTime: Infinity,
  });
  const files: FileInfo[] = inline ?? fetched.data ?? [];
  if (files.length === 0) return null;
  return (
    <ul className="attachments">
      {files.map((f) => (
        <li key={f.id}>
          <Attachment file={f} />
        </li>
      ))}
    </ul>
  );
}

function Attachment({ file }: { file: FileInfo }) {
  const isImage = file.mime_type.startsWith('image/') && (file.has_preview_image || (file.width ?? 0) > 0);
  if (isImage) {
    const w = file.width ?? 0;
    const h = file.height ?? 0;
    // Reserve the space before the thumbnail loads, so the list does not jump.
    const scale = w > 0 && h > 0 ? Math.min(1, 320 / w, 240 / h) : 1;
    return (
      <a className="attachment attachment--image" href={api.filePreviewUrl(file.id)} target="_blank" rel="noopener noreferrer">
        <img
          src={api.fileThumbnailUrl(file.id)}
          alt={file.name}
          width={w > 0 ? Math.round(w * scale) : undefined}
          height={h > 0 ? Math.round(h * scale) : undefined}
          loading="lazy"
        />
      </a>
    );
  }
  return (
    <div className="attachment attachment--file">
      <IconFile />
      <div className="attachment__text">
        <a href={api.fileUrl(file.id)} target="_blank" rel="noopener noreferrer">
          {file.name}
        </a>
        <span className="muted">{formatBytes(file.size)}</span>
      </div>
      <a className="icon-btn" href={api.fileDownloadUrl(file.id)} aria-label={t('post.download', { name: file.name })} download>
        <IconDownload />
      </a>
    </div>
  );
}
