import { useState, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Post } from '../../api/types';
import { storeEditedPost } from '../../queries/postActions';
import { errorMessage } from '../../lib/format';
import { t } from '../../i18n/en';
import { FormError } from '../FormError';

/** Edits a post in place: Enter saves, Escape cancels; a failed save keeps the text. */
export function EditPost({ post, onDone }: { post: Post; onDone: () => void }) {
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
      storeEditedPost(qc, updated);
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
      <FormError message={error} />
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
