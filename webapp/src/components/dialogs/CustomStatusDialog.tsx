import { useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { User } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { keys } from '../../queries/keys';
import { customStatusOf } from '../../queries/status';
import { useUser } from '../../queries/users';
import { emojiChar } from '../../lib/emoji';
import { customStatusExpiry, CUSTOM_STATUS_DURATIONS, type CustomStatusDuration } from '../../lib/customStatus';
import { EmojiPickerPopover } from '../EmojiPicker';
import { Modal } from '../Modal';
import { useAction } from '../useAction';
import { t } from '../../i18n/en';
import { FormError } from '../FormError';

/** Mattermost's custom status: an emoji, a text of up to 100 characters, and when it clears. */
export function CustomStatusDialog({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const me = useMeUser();
  const { data: user } = useUser(me.id);
  const current = customStatusOf(user ?? me);
  const [emoji, setEmoji] = useState(current?.emoji || 'speech_balloon');
  const [text, setText] = useState(current?.text ?? '');
  const [duration, setDuration] = useState<CustomStatusDuration>('today');
  const [picking, setPicking] = useState(false);
  const { busy, error, run } = useAction();
  const emojiButton = useRef<HTMLButtonElement>(null);

  /** The user as the server now has it: the event `user_updated` brings the same. */
  async function refresh() {
    await qc.invalidateQueries({ queryKey: keys.user(me.id) });
    const fresh = qc.getQueryData<User>(keys.user(me.id));
    if (fresh) qc.setQueryData<User>(keys.me, (old) => (old ? { ...old, props: fresh.props } : old));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const expires = customStatusExpiry(duration, new Date());
      await api.setCustomStatus(me.id, {
        emoji,
        text: text.trim(),
        duration,
        ...(expires ? { expires_at: expires.toISOString() } : {}),
      });
      await refresh();
      onClose();
    });
  }

  const clear = () =>
    run(async () => {
      await api.clearCustomStatus(me.id);
      await refresh();
      onClose();
    });

  return (
    <Modal title={t('customStatus.title')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <div className="custom-status-row">
          <button
            ref={emojiButton}
            type="button"
            className="icon-btn custom-status-row__emoji"
            aria-label={t('customStatus.pickEmoji', { emoji })}
            onClick={() => setPicking((v) => !v)}
          >
            {emojiChar(emoji) ?? '💬'}
          </button>
          <label className="field custom-status-row__text">
            <span className="visually-hidden">{t('customStatus.text')}</span>
            <input
              autoFocus
              maxLength={100}
              placeholder={t('customStatus.placeholder')}
              aria-label={t('customStatus.text')}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
        </div>
        {picking && (
          <EmojiPickerPopover
            anchor={emojiButton}
            label={t('customStatus.pickEmoji', { emoji })}
            onClose={() => setPicking(false)}
            onPick={(name) => {
              setEmoji(name);
              setPicking(false);
            }}
          />
        )}
        <label className="field">
          <span>{t('customStatus.clearAfter')}</span>
          <select value={duration} onChange={(e) => setDuration(e.target.value as CustomStatusDuration)}>
            {CUSTOM_STATUS_DURATIONS.map((d) => (
              <option key={d} value={d}>
                {t(`customStatus.duration.${d || 'never'}`)}
              </option>
            ))}
          </select>
        </label>
        <FormError message={error} />
        <div className="form__actions">
          {current && (
            <button type="button" className="btn" disabled={busy} onClick={() => void clear()}>
              {t('customStatus.clear')}
            </button>
          )}
          <button type="submit" className="btn btn--primary" disabled={busy || (!text.trim() && !emoji)}>
            {t('customStatus.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
