import { useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Channel, Post } from '../../api/types';
import { useConfig, useMeUser, loadNewest } from '../../queries/hooks';
import { useChannelDisplayName } from '../../queries/channelName';
import { keys } from '../../queries/keys';
import { storeNewPost } from '../../queries/postActions';
import { getSocket } from '../../live/LiveSocket';
import { applyCompletion, findTrigger, moveSelection, type Trigger } from '../../lib/autocomplete';
import { isSystemPost } from '../../lib/grouping';
import type { PostCache } from '../../lib/postStore';
import { errorMessage, formatBytes } from '../../lib/format';
import { typingKey, useUi } from '../../store/ui';
import { uploadState, useUploads, type Attachment } from '../../store/uploads';
import { useDraftText, useDrafts } from '../../store/drafts';
import { IconClose, IconPaperclip, IconSend } from '../icons';
import { t } from '../../i18n/en';
import { SuggestionList, useSuggestions, type Suggestion } from './Suggestions';

const TYPING_EVERY_MS = 3000;
const EMPTY: Attachment[] = [];

/** The server's `MaxFileSize` (bytes), 0 when unknown. */
export function useMaxFileSize(): number {
  const config = useConfig();
  return Number(config.data?.MaxFileSize ?? 0) || 0;
}

/**
 * Writes a post (or a reply when `rootId` is set). Enter sends, Shift+Enter starts a new line;
 * `@`, `~`, `:` and `/` open suggestions; Up in an empty box edits the user's last message.
 * Files upload as soon as they are attached (button, paste, or a drop on the channel), with
 * their progress. A failed send keeps the text and the files and shows why.
 */
export function Composer({ channel, rootId }: { channel: Channel; rootId: string }) {
  const me = useMeUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const name = useChannelDisplayName(channel, me.id);
  const draftKey = typingKey(channel.id, rootId);
  const text = useDraftText(channel.id, rootId);
  const currentTeamId = useUi((s) => s.current.teamId);
  const teamId = channel.team_id || currentTeamId;
  const setText = (v: string | ((cur: string) => string)) => useDrafts.getState().setText(channel.id, rootId, v);
  const attachments = useUploads((s) => s.byDraft[draftKey] ?? EMPTY);
  const maxFileSize = useMaxFileSize();
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  // Where the caret goes after a suggestion is picked: set as the new text is committed, before
  // the next key is handled.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    textarea.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const trigger: Trigger | null = useMemo(() => findTrigger(text, caret), [text, caret]);
  const triggerKey = trigger ? `${trigger.kind}:${trigger.start}` : null;
  const open = trigger !== null && triggerKey !== dismissed;
  const suggestions = useSuggestions(open ? trigger : null, teamId, channel);
  const showList = open && suggestions.length > 0;
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  const label = rootId
    ? t('composer.replyPlaceholder')
    : t('composer.placeholder', { name: channel.type === 'D' ? `@${name}` : channel.type === 'G' ? name : `#${name}` });
  const uploads = uploadState(attachments);

  function addFiles(files: readonly File[]) {
    if (files.length) useUploads.getState().add(draftKey, channel.id, files, maxFileSize);
  }

  async function send() {
    const message = text.trim();
    if ((!message && attachments.length === 0) || sending) return;
    if (uploads.pending) {
      setError(t('composer.waitUploads'));
      return;
    }
    if (uploads.failed) {
      setError(t('composer.failedUploads'));
      return;
    }
    setSending(true);
    setError('');
    try {
      if (message.startsWith('/') && uploads.fileIds.length === 0) {
        const res = await api.executeCommand(channel.id, message, rootId);
        setText((cur) => (cur.trim() === message ? '' : cur));
        if (res?.goto_location) followCommandLink(res.goto_location, navigate);
      } else {
        const post = await api.createPost({
          channel_id: channel.id,
          message,
          ...(rootId ? { root_id: rootId } : {}),
          ...(uploads.fileIds.length ? { file_ids: uploads.fileIds } : {}),
          pending_post_id: `${me.id}:${Date.now()}`,
        });
        // A window far back in history: go to the newest, where the post is.
        if (!rootId && qc.getQueryData<PostCache>(keys.posts(channel.id))?.hasNewer) await loadNewest(qc, channel.id);
        storeNewPost(qc, post);
        // Clear only what was sent: the user may have typed on meanwhile.
        setText((cur) => (cur.trim() === message ? '' : cur));
        useUploads.getState().clear(draftKey);
      }
      lastTyping.current = 0;
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
      textarea.current?.focus();
    }
  }

  function pick(s: Suggestion) {
    if (!trigger) return;
    const next = applyCompletion(text, trigger, s.replacement);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    pendingCaret.current = next.caret;
  }

  /** The user's newest message here (in this thread for a reply box), to edit with Up. */
  function lastOwnPost(): Post | undefined {
    const cache = qc.getQueryData<PostCache>(rootId ? keys.thread(rootId) : keys.posts(channel.id));
    let last: Post | undefined;
    for (const p of Object.values(cache?.posts ?? {})) {
      if (p.user_id !== me.id || isSystemPost(p) || p.delete_at > 0) continue;
      if (!last || p.create_at > last.create_at) last = p;
    }
    return last;
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    if (showList) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive(moveSelection(activeIndex, e.key === 'ArrowDown' ? 1 : -1, suggestions.length));
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        const s = suggestions[activeIndex];
        if (s) {
          e.preventDefault();
          pick(s);
          return;
        }
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissed(triggerKey);
        return;
      }
    }
    if (e.key === 'ArrowUp' && !text && !e.shiftKey && !e.altKey && !e.metaKey && !e.ctrlKey) {
      const last = lastOwnPost();
      if (last) {
        e.preventDefault();
        useUi.getState().setEditing(last.id);
      }
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      void send();
    }
  }

  function onChange(value: string, selection: number) {
    setText(value);
    setCaret(selection);
    setActive(0);
    if (error) setError('');
    const now = Date.now();
    if (value && !value.startsWith('/') && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      getSocket()?.userTyping(channel.id, rootId);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void send();
  }

  const rows = Math.min(8, Math.max(1, text.split('\n').length));
  const errorId = `composer-error-${rootId || 'channel'}`;

  return (
    <form className={`composer${rootId ? ' composer--reply' : ''}`} onSubmit={onSubmit}>
      {attachments.length > 0 && (
        <ul className="composer__files" aria-label={t('composer.attach')}>
          {attachments.map((a) => (
            <AttachmentChip key={a.clientId} a={a} onRemove={() => useUploads.getState().remove(draftKey, a.clientId)} />
          ))}
        </ul>
      )}
      <div className="composer__box">
        {showList && <SuggestionList id={listId} items={suggestions} active={activeIndex} onPick={pick} onHover={setActive} />}
        <button
          type="button"
          className="icon-btn"
          aria-label={t('composer.attach')}
          title={t('composer.attach')}
          onClick={() => fileInput.current?.click()}
        >
          <IconPaperclip />
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            addFiles([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label={label}
          placeholder={label}
          rows={rows}
          value={text}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={showList ? listId : undefined}
          aria-activedescendant={showList ? `${listId}-${activeIndex}` : undefined}
          onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setDismissed(triggerKey)}
          onFocus={() => setDismissed(null)}
          onPaste={(e) => {
            const pasted = [...e.clipboardData.files];
            if (pasted.length) {
              e.preventDefault();
              addFiles(pasted);
            }
          }}
          aria-describedby={error ? errorId : undefined}
        />
        <button
          type="submit"
          className="icon-btn icon-btn--primary"
          aria-label={sending ? t('composer.sending') : t('composer.send')}
          title={t('composer.hint')}
          disabled={sending || (!text.trim() && attachments.length === 0)}
        >
          <IconSend />
        </button>
      </div>
      {error && (
        <p id={errorId} className="form__error composer__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function AttachmentChip({ a, onRemove }: { a: Attachment; onRemove: () => void }) {
  const percent = Math.round(a.progress * 100);
  const uploading = !a.info && !a.error;
  return (
    <li className={`composer__file${a.error ? ' composer__file--error' : ''}`}>
      <span className="composer__file-name">{a.name || a.error}</span>
      {a.name && <span className="muted">{formatBytes(a.size)}</span>}
      {uploading && (
        <progress
          className="composer__progress"
          max={100}
          value={percent}
          aria-label={t('composer.uploading', { name: a.name, percent })}
        />
      )}
      {a.error && a.name && (
        <span className="form__error" role="alert">
          {a.error}
        </span>
      )}
      <button
        type="button"
        className="icon-btn icon-btn--small"
        aria-label={t('composer.removeFile', { name: a.name || t('composer.attach') })}
        onClick={onRemove}
      >
        <IconClose />
      </button>
    </li>
  );
}

/** A command's `goto_location`: inside the app it is navigated to, elsewhere opened in a new tab. */
function followCommandLink(url: string, navigate: (to: string) => void) {
  try {
    const u = new URL(url, location.origin);
    if (u.origin === location.origin) navigate(u.pathname + u.search);
    else window.open(u.href, '_blank', 'noopener,noreferrer');
  } catch {
    // Not a URL: ignored.
  }
}

/** Files dropped on the channel area go to that channel's composer. */
export function useDropFiles(channelId: string, rootId = '') {
  const maxFileSize = useMaxFileSize();
  return (files: readonly File[]) => useUploads.getState().add(typingKey(channelId, rootId), channelId, files, maxFileSize);
}
