import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Channel } from '../api/types';
import { useMeUser } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { storePost } from '../queries/postActions';
import { getSocket } from '../live/LiveSocket';
import { errorMessage, formatBytes } from '../lib/format';
import { typingKey, useUi } from '../store/ui';
import { IconClose, IconPaperclip, IconSend } from './icons';
import { t } from '../i18n/en';

const TYPING_EVERY_MS = 3000;
const MAX_FILES = 10;

/**
 * Writes a post (or a reply when `rootId` is set). Enter sends, Shift+Enter starts a new line.
 * A failed send keeps the text and the files and shows why.
 */
export function Composer({ channel, rootId }: { channel: Channel; rootId: string }) {
  const me = useMeUser();
  const qc = useQueryClient();
  const name = useChannelDisplayName(channel, me.id);
  const draftKey = typingKey(channel.id, rootId);
  const text = useUi((s) => s.drafts[draftKey] ?? '');
  const setDraft = useUi((s) => s.setDraft);
  const setText = (v: string | ((cur: string) => string)) => setDraft(draftKey, v);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const label = rootId
    ? t('composer.replyPlaceholder')
    : t('composer.placeholder', { name: channel.type === 'D' ? `@${name}` : channel.type === 'G' ? name : `#${name}` });

  async function send() {
    const message = text.trim();
    if ((!message && files.length === 0) || sending) return;
    setSending(true);
    setError('');
    try {
      let fileIds: string[] = [];
      if (files.length > 0) {
        const up = await api.uploadFiles(channel.id, files);
        fileIds = up.file_infos.map((f) => f.id);
      }
      const post = await api.createPost({
        channel_id: channel.id,
        message,
        ...(rootId ? { root_id: rootId } : {}),
        ...(fileIds.length ? { file_ids: fileIds } : {}),
        pending_post_id: `${me.id}:${Date.now()}`,
      });
      storePost(qc, post);
      // Clear only what was sent: the user may have typed on meanwhile.
      setText((cur) => (cur.trim() === message ? '' : cur));
      setFiles([]);
      lastTyping.current = 0;
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
      textarea.current?.focus();
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  function onChange(value: string) {
    setText(value);
    if (error) setError('');
    const now = Date.now();
    if (value && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      getSocket()?.userTyping(channel.id, rootId);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void send();
  }

  const rows = Math.min(8, Math.max(1, text.split('\n').length));

  return (
    <form className={`composer${rootId ? ' composer--reply' : ''}`} onSubmit={onSubmit}>
      {files.length > 0 && (
        <ul className="composer__files">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`} className="composer__file">
              <span className="composer__file-name">{f.name}</span>
              <span className="muted">{formatBytes(f.size)}</span>
              <button
                type="button"
                className="icon-btn icon-btn--small"
                aria-label={t('composer.removeFile', { name: f.name })}
                onClick={() => setFiles((list) => list.filter((_, j) => j !== i))}
              >
                <IconClose />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer__box">
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
            const picked = [...(e.target.files ?? [])];
            setFiles((list) => [...list, ...picked].slice(0, MAX_FILES));
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
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const pasted = [...e.clipboardData.files];
            if (pasted.length) {
              e.preventDefault();
              setFiles((list) => [...list, ...pasted].slice(0, MAX_FILES));
            }
          }}
          aria-describedby={error ? `composer-error-${rootId || 'channel'}` : undefined}
        />
        <button
          type="submit"
          className="icon-btn icon-btn--primary"
          aria-label={sending ? t('composer.sending') : t('composer.send')}
          title={t('composer.hint')}
          disabled={sending || (!text.trim() && files.length === 0)}
        >
          <IconSend />
        </button>
      </div>
      {error && (
        <p id={`composer-error-${rootId || 'channel'}`} className="form__error composer__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
