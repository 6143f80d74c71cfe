import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { StatusValue } from '../api/types';
import { useMeUser } from '../queries/hooks';
import { keys } from '../queries/keys';
import { customStatusOf, useStatus } from '../queries/status';
import { useUser } from '../queries/users';
import { emojiChar } from '../lib/emoji';
import { errorMessage } from '../lib/format';
import { t, type StringKey } from '../i18n/en';
import { FormError } from './FormError';

const CHOICES: { value: StatusValue; label: StringKey }[] = [
  { value: 'online', label: 'status.online' },
  { value: 'away', label: 'status.away' },
  { value: 'dnd', label: 'status.dnd' },
  { value: 'offline', label: 'status.offline' },
];

/** The user's own presence (set by hand, as Mattermost's status menu) and custom status. */
export function StatusChoices({ onDone, onCustom }: { onDone: () => void; onCustom: () => void }) {
  const qc = useQueryClient();
  const me = useMeUser();
  const status = useStatus(me.id);
  const { data: user } = useUser(me.id);
  const custom = customStatusOf(user ?? me);
  const [error, setError] = useState('');

  async function set(value: StatusValue) {
    setError('');
    const before = status.data;
    qc.setQueryData(keys.status(me.id), value);
    try {
      await api.setMyStatus(me.id, value);
      onDone();
    } catch (err) {
      qc.setQueryData(keys.status(me.id), before);
      setError(errorMessage(err));
    }
  }

  return (
    <>
      <button type="button" className="menu-item menu-item--custom-status" onClick={onCustom}>
        {custom ? (
          <>
            <span aria-hidden="true">{emojiChar(custom.emoji) ?? '💬'}</span> {custom.text || t('customStatus.set')}
          </>
        ) : (
          t('customStatus.set')
        )}
      </button>
      <fieldset className="menu-fieldset">
        <legend>{t('status.title')}</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="menu-radio">
            <input type="radio" name="status" value={c.value} checked={status.data === c.value} onChange={() => void set(c.value)} />
            <span className={`presence presence--${c.value}`} aria-hidden="true" />
            {t(c.label)}
          </label>
        ))}
      </fieldset>
      <FormError message={error} />
    </>
  );
}
