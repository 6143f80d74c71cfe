// `/:team/integrations/bots`: bot accounts (create, edit, enable/disable) and their access tokens
// (a new token is shown once).

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Bot } from '../../api/integrationTypes';
import * as api from '../../api/integrations';
import { botUsernameError } from '../../lib/integrations';
import { errorMessage } from '../../lib/format';
import { useIntegrationAccess } from '../../queries/permissions';
import { useAction } from '../../components/useAction';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { BotTag } from '../../components/post/PostAuthor';
import { TokenList } from '../../components/settings/AccessTokens';
import { t } from '../../i18n/en';
import { EmptyList, FormField, IntegrationFrame, ItemButtons, useTeam } from './common';

const KEY = ['integrations', 'bots'];

export function Bots() {
  const team = useTeam();
  const access = useIntegrationAccess(team.id);
  const qc = useQueryClient();
  const bots = useQuery({ queryKey: KEY, queryFn: () => api.getBots(true), enabled: access.bots });
  const [editing, setEditing] = useState<Bot | 'new' | null>(null);
  const [tokensOf, setTokensOf] = useState<Bot | null>(null);
  const [rowError, setRowError] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });

  async function toggle(b: Bot) {
    setRowError('');
    try {
      const updated = await api.setBotEnabled(b.user_id, b.delete_at > 0);
      qc.setQueryData<Bot[]>(KEY, (list) => list?.map((x) => (x.user_id === b.user_id ? updated : x)));
    } catch (e) {
      setRowError(errorMessage(e));
    }
  }

  return (
    <IntegrationFrame
      title={t('bots.title')}
      intro={t('bots.about')}
      action={
        access.createBots && (
          <button type="button" className="btn btn--primary btn--small" onClick={() => setEditing('new')}>
            {t('bots.add')}
          </button>
        )
      }
    >
      <FormError message={rowError} />
      {access.bots && !access.createBots && <p className="muted">{t('bots.creationOff')}</p>}
      {!access.bots ? (
        <EmptyList text={t('integrations.notAllowed')} />
      ) : bots.data?.length === 0 ? (
        <EmptyList text={t('bots.none')} />
      ) : (
        <ul className="integration-list">
          {(bots.data ?? []).map((b) => (
            <li key={b.user_id} className={`integration-item${b.delete_at > 0 ? ' integration-item--disabled' : ''}`}>
              <div className="integration-item__main">
                <strong>
                  {b.display_name || b.username} <span className="muted">@{b.username}</span>
                  <BotTag />
                  {b.delete_at > 0 && <span className="tag">{t('bots.disabled')}</span>}
                </strong>
                {b.description && <span className="muted">{b.description}</span>}
              </div>
              <ItemButtons name={b.username} onEdit={b.delete_at > 0 ? undefined : () => setEditing(b)}>
                {b.delete_at === 0 && (
                  <button type="button" className="btn btn--small" onClick={() => setTokensOf(b)}>
                    {t('bots.tokens')}
                  </button>
                )}
                <button type="button" className="btn btn--small" onClick={() => void toggle(b)}>
                  {b.delete_at > 0 ? t('bots.enable') : t('bots.disable')}
                </button>
              </ItemButtons>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <BotForm
          bot={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(b, isNew) => {
            setEditing(null);
            void refresh();
            if (isNew) setTokensOf(b);
          }}
        />
      )}
      {tokensOf && (
        <Modal title={t('bots.tokensOf', { name: tokensOf.username })} onClose={() => setTokensOf(null)}>
          <TokenList userId={tokensOf.user_id} />
        </Modal>
      )}
    </IntegrationFrame>
  );
}

function BotForm({ bot, onClose, onSaved }: { bot: Bot | null; onClose: () => void; onSaved: (b: Bot, isNew: boolean) => void }) {
  const [f, setF] = useState({
    username: bot?.username ?? '',
    display_name: bot?.display_name ?? '',
    description: bot?.description ?? '',
  });
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((old) => ({ ...old, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = botUsernameError(f.username.trim());
    if (problem) {
      setError(problem);
      return;
    }
    let saved: Bot | null = null;
    const body = { ...f, username: f.username.trim() };
    const ok = await run(async () => {
      saved = bot ? await api.patchBot(bot.user_id, body) : await api.createBot(body);
    });
    if (ok && saved) onSaved(saved, !bot);
  }

  return (
    <Modal title={bot ? t('bots.edit') : t('bots.add')} onClose={onClose}>
      <form className="form integration-form" onSubmit={submit} noValidate>
        <FormField label={t('integrations.username')}>
          <input type="text" maxLength={22} value={f.username} onChange={(e) => set('username', e.target.value.toLowerCase())} />
        </FormField>
        <FormField label={t('bots.displayName')}>
          <input type="text" maxLength={64} value={f.display_name} onChange={(e) => set('display_name', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.description')}>
          <input type="text" maxLength={1024} value={f.description} onChange={(e) => set('description', e.target.value)} />
        </FormField>
        <FormError message={error} />
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('integrations.saving') : t('integrations.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
