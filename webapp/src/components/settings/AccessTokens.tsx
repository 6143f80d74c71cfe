// Personal access tokens of a user (their own, in Settings → Security) or of a bot (from the Bots
// page): create with a description (the token is shown once, with a Copy button), list,
// disable/enable, delete.

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserAccessToken } from '../../api/integrationTypes';
import * as api from '../../api/integrations';
import { errorMessage } from '../../lib/format';
import { useUi } from '../../store/ui';
import { useAction } from '../useAction';
import { FormError } from '../FormError';
import { CopyField } from '../../pages/integrations/common';
import { t } from '../../i18n/en';
import '../../styles/integrations.css';

export function TokenList({ userId }: { userId: string }) {
  const qc = useQueryClient();
  const key = ['userTokens', userId];
  const tokens = useQuery({ queryKey: key, queryFn: () => api.getUserTokens(userId) });
  const [description, setDescription] = useState('');
  const [fresh, setFresh] = useState<UserAccessToken | null>(null);
  const [rowError, setRowError] = useState('');
  const { busy, error, setError, run } = useAction();
  const askConfirm = useUi((s) => s.askConfirm);
  const refresh = () => qc.invalidateQueries({ queryKey: key });

  async function create(e: FormEvent) {
    e.preventDefault();
    if (!description.trim()) {
      setError(t('tokens.descriptionRequired'));
      return;
    }
    let made: UserAccessToken | null = null;
    const ok = await run(async () => {
      made = await api.createUserToken(userId, description.trim());
    });
    if (ok && made) {
      setFresh(made);
      setDescription('');
      void refresh();
    }
  }

  async function toggle(tok: UserAccessToken) {
    setRowError('');
    try {
      await api.setUserTokenEnabled(tok.id, !tok.is_active);
      qc.setQueryData<UserAccessToken[]>(key, (list) => list?.map((x) => (x.id === tok.id ? { ...x, is_active: !tok.is_active } : x)));
    } catch (err) {
      setRowError(errorMessage(err));
    }
  }

  return (
    <div className="tokens">
      {fresh?.token && (
        <div className="tokens__fresh" role="status">
          <p>{t('tokens.copyNow')}</p>
          <CopyField label={t('tokens.token')} value={fresh.token} secret />
          <CopyField label={t('tokens.id')} value={fresh.id} />
          <button type="button" className="btn btn--small" onClick={() => setFresh(null)}>
            {t('integrations.done')}
          </button>
        </div>
      )}
      <form className="tokens__create integration-form" onSubmit={create} noValidate>
        <label className="field">
          <span>{t('tokens.description')}</span>
          <input type="text" maxLength={255} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
          {t('tokens.create')}
        </button>
      </form>
      <FormError message={error || rowError} />
      {tokens.data?.length === 0 && <p className="muted">{t('tokens.none')}</p>}
      <ul className="integration-list">
        {(tokens.data ?? []).map((tok) => (
          <li key={tok.id} className={`integration-item${tok.is_active ? '' : ' integration-item--disabled'}`}>
            <div className="integration-item__main">
              <strong>{tok.description || tok.id}</strong>
              <span className="muted">
                {t('tokens.id')}: {tok.id}
                {!tok.is_active && ` · ${t('tokens.disabled')}`}
              </span>
            </div>
            <div className="integration-item__buttons">
              <button type="button" className="btn btn--small" onClick={() => void toggle(tok)}>
                {tok.is_active ? t('tokens.disable') : t('tokens.enable')}
              </button>
              <button
                type="button"
                className="btn btn--small btn--danger"
                onClick={() =>
                  askConfirm({
                    title: t('tokens.deleteTitle'),
                    message: t('tokens.deleteMessage', { name: tok.description || tok.id }),
                    confirmLabel: t('integrations.delete'),
                    danger: true,
                    onConfirm: async () => {
                      await api.revokeUserToken(tok.id);
                      await refresh();
                    },
                  })
                }
              >
                {t('integrations.delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
