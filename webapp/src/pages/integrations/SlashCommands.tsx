// `/:team/integrations/commands`: the team's custom slash commands (`/trigger` calls a URL with
// the command's token, which can be regenerated), with their autocomplete hint and description.

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Command } from '../../api/integrationTypes';
import * as api from '../../api/integrations';
import { commandError } from '../../lib/integrations';
import { errorMessage } from '../../lib/format';
import { useIntegrationAccess } from '../../queries/permissions';
import { useAction } from '../../components/useAction';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { t } from '../../i18n/en';
import { CopyField, EmptyList, FormField, IntegrationFrame, ItemButtons, useTeam } from './common';

export function SlashCommands() {
  const team = useTeam();
  const access = useIntegrationAccess(team.id);
  const qc = useQueryClient();
  const key = ['integrations', 'commands', team.id];
  const commands = useQuery({ queryKey: key, queryFn: () => api.getCustomCommands(team.id), enabled: access.commands });
  const [editing, setEditing] = useState<Command | 'new' | null>(null);
  const [rowError, setRowError] = useState('');
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    // The composer's `/` suggestions include custom commands.
    void qc.invalidateQueries({ queryKey: ['autocomplete', 'commands', team.id] });
  };

  async function regen(c: Command) {
    setRowError('');
    try {
      const { token } = await api.regenCommandToken(c.id);
      qc.setQueryData<Command[]>(key, (list) => list?.map((x) => (x.id === c.id ? { ...x, token } : x)));
    } catch (e) {
      setRowError(errorMessage(e));
    }
  }

  return (
    <IntegrationFrame
      title={t('commands.title')}
      intro={t('commands.about')}
      action={
        access.commands && (
          <button type="button" className="btn btn--primary btn--small" onClick={() => setEditing('new')}>
            {t('commands.add')}
          </button>
        )
      }
    >
      <FormError message={rowError} />
      {!access.commands ? (
        <EmptyList text={t('integrations.notAllowed')} />
      ) : commands.data?.length === 0 ? (
        <EmptyList text={t('commands.none')} />
      ) : (
        <ul className="integration-list">
          {(commands.data ?? []).map((c) => (
            <li key={c.id} className="integration-item">
              <div className="integration-item__main">
                <strong>
                  {c.display_name ? `${c.display_name} ` : ''}
                  <code>/{c.trigger}</code>
                </strong>
                {c.description && <span className="muted">{c.description}</span>}
                <span className="muted">
                  {c.method === 'G' ? 'GET' : 'POST'} {c.url}
                </span>
                {c.auto_complete && (
                  <span className="muted">
                    {t('commands.autocomplete')}: /{c.trigger} {c.auto_complete_hint} — {c.auto_complete_desc}
                  </span>
                )}
                <CopyField label={t('integrations.token')} value={c.token} secret />
              </div>
              <ItemButtons
                name={`/${c.trigger}`}
                onEdit={() => setEditing(c)}
                onDelete={async () => {
                  await api.deleteCommand(c.id);
                  refresh();
                }}
              >
                <button type="button" className="btn btn--small" onClick={() => void regen(c)}>
                  {t('integrations.regenToken')}
                </button>
              </ItemButtons>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <CommandForm
          teamId={team.id}
          command={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
    </IntegrationFrame>
  );
}

export function CommandForm({
  teamId,
  command,
  onClose,
  onSaved,
}: {
  teamId: string;
  command: Command | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [f, setF] = useState({
    display_name: command?.display_name ?? '',
    description: command?.description ?? '',
    trigger: command?.trigger ?? '',
    url: command?.url ?? '',
    method: command?.method || 'P',
    username: command?.username ?? '',
    icon_url: command?.icon_url ?? '',
    auto_complete: command?.auto_complete ?? false,
    auto_complete_hint: command?.auto_complete_hint ?? '',
    auto_complete_desc: command?.auto_complete_desc ?? '',
  });
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((old) => ({ ...old, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = commandError({ trigger: f.trigger, url: f.url });
    if (problem) {
      setError(problem);
      return;
    }
    const body = { ...f, team_id: teamId, trigger: f.trigger.trim(), url: f.url.trim() };
    const ok = await run(async () => {
      if (command) await api.updateCommand({ ...command, ...body });
      else await api.createCommand(body);
    });
    if (ok) onSaved();
  }

  return (
    <Modal title={command ? t('commands.edit') : t('commands.add')} onClose={onClose}>
      <form className="form integration-form" onSubmit={submit} noValidate>
        <FormField label={t('integrations.displayName')}>
          <input type="text" maxLength={64} value={f.display_name} onChange={(e) => set('display_name', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.description')}>
          <input type="text" maxLength={128} value={f.description} onChange={(e) => set('description', e.target.value)} />
        </FormField>
        <FormField label={t('commands.trigger')} hint={t('commands.triggerHint')}>
          <input type="text" maxLength={128} value={f.trigger} onChange={(e) => set('trigger', e.target.value)} />
        </FormField>
        <FormField label={t('commands.url')}>
          <input type="url" maxLength={1024} value={f.url} onChange={(e) => set('url', e.target.value)} />
        </FormField>
        <FormField label={t('commands.method')}>
          <select value={f.method} onChange={(e) => set('method', e.target.value)}>
            <option value="P">POST</option>
            <option value="G">GET</option>
          </select>
        </FormField>
        <FormField label={t('commands.responseUsername')}>
          <input type="text" maxLength={64} value={f.username} onChange={(e) => set('username', e.target.value)} />
        </FormField>
        <FormField label={t('commands.responseIcon')}>
          <input type="url" maxLength={1024} value={f.icon_url} onChange={(e) => set('icon_url', e.target.value)} />
        </FormField>
        <label className="checkbox">
          <input type="checkbox" checked={f.auto_complete} onChange={(e) => set('auto_complete', e.target.checked)} />
          {t('commands.autocompleteOn')}
        </label>
        {f.auto_complete && (
          <>
            <FormField label={t('commands.hint')} hint={t('commands.hintHint')}>
              <input type="text" maxLength={1024} value={f.auto_complete_hint} onChange={(e) => set('auto_complete_hint', e.target.value)} />
            </FormField>
            <FormField label={t('commands.autocompleteDesc')}>
              <input type="text" maxLength={128} value={f.auto_complete_desc} onChange={(e) => set('auto_complete_desc', e.target.value)} />
            </FormField>
          </>
        )}
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
