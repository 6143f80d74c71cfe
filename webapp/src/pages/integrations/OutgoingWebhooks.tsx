// `/:team/integrations/outgoing_webhooks`: messages with a trigger word (or any message of a
// channel) are sent to the webhook's callback URLs with its token, which can be regenerated.

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { OutgoingWebhook } from '../../api/integrationTypes';
import * as api from '../../api/integrations';
import { lines, outgoingError } from '../../lib/integrations';
import { errorMessage } from '../../lib/format';
import { useChannels } from '../../queries/hooks';
import { useIntegrationAccess } from '../../queries/permissions';
import { useAction } from '../../components/useAction';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { t } from '../../i18n/en';
import { ChannelSelect, CopyField, EmptyList, FormField, IntegrationFrame, ItemButtons, useTeam } from './common';

const FORM_URLENCODED = 'application/x-www-form-urlencoded';

export function OutgoingWebhooks() {
  const team = useTeam();
  const access = useIntegrationAccess(team.id);
  const qc = useQueryClient();
  const key = ['integrations', 'outgoing', team.id];
  const hooks = useQuery({ queryKey: key, queryFn: () => api.getOutgoingHooks(team.id), enabled: access.outgoing });
  const channels = useChannels(team.id);
  const [editing, setEditing] = useState<OutgoingWebhook | 'new' | null>(null);
  const [rowError, setRowError] = useState('');
  const channelName = (id: string) => (id ? (channels.data?.find((c) => c.id === id)?.display_name ?? id) : t('integrations.anyChannel'));
  const refresh = () => qc.invalidateQueries({ queryKey: key });

  async function regen(h: OutgoingWebhook) {
    setRowError('');
    try {
      const updated = await api.regenOutgoingHookToken(h.id);
      qc.setQueryData<OutgoingWebhook[]>(key, (list) => list?.map((x) => (x.id === h.id ? updated : x)));
    } catch (e) {
      setRowError(errorMessage(e));
    }
  }

  return (
    <IntegrationFrame
      title={t('outgoing.title')}
      intro={t('outgoing.about')}
      action={
        access.outgoing && (
          <button type="button" className="btn btn--primary btn--small" onClick={() => setEditing('new')}>
            {t('outgoing.add')}
          </button>
        )
      }
    >
      <FormError message={rowError} />
      {!access.outgoing ? (
        <EmptyList text={t('integrations.notAllowed')} />
      ) : hooks.data?.length === 0 ? (
        <EmptyList text={t('outgoing.none')} />
      ) : (
        <ul className="integration-list">
          {(hooks.data ?? []).map((h) => (
            <li key={h.id} className="integration-item">
              <div className="integration-item__main">
                <strong>{h.display_name || h.trigger_words.join(', ') || channelName(h.channel_id)}</strong>
                {h.description && <span className="muted">{h.description}</span>}
                <span className="muted">
                  {t('integrations.channel')}: {channelName(h.channel_id)}
                </span>
                {h.trigger_words.length > 0 && (
                  <span className="muted">
                    {t('outgoing.triggerWords')}: {h.trigger_words.join(', ')} ·{' '}
                    {h.trigger_when === 1 ? t('outgoing.whenStarts') : t('outgoing.whenFirst')}
                  </span>
                )}
                <span className="muted">
                  {t('outgoing.callbacks')}: {h.callback_urls.join(', ')}
                </span>
                <CopyField label={t('integrations.token')} value={h.token} secret />
              </div>
              <ItemButtons
                name={h.display_name || h.id}
                onEdit={() => setEditing(h)}
                onDelete={async () => {
                  await api.deleteOutgoingHook(h.id);
                  await refresh();
                }}
              >
                <button type="button" className="btn btn--small" onClick={() => void regen(h)}>
                  {t('integrations.regenToken')}
                </button>
              </ItemButtons>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <OutgoingForm
          teamId={team.id}
          hook={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </IntegrationFrame>
  );
}

function OutgoingForm({
  teamId,
  hook,
  onClose,
  onSaved,
}: {
  teamId: string;
  hook: OutgoingWebhook | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [f, setF] = useState({
    display_name: hook?.display_name ?? '',
    description: hook?.description ?? '',
    content_type: hook?.content_type || FORM_URLENCODED,
    channel_id: hook?.channel_id ?? '',
    triggerWords: (hook?.trigger_words ?? []).join('\n'),
    trigger_when: hook?.trigger_when ?? 0,
    callbackUrls: (hook?.callback_urls ?? []).join('\n'),
    username: hook?.username ?? '',
    icon_url: hook?.icon_url ?? '',
  });
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((old) => ({ ...old, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = outgoingError({ channelId: f.channel_id, triggerWords: f.triggerWords, callbackUrls: f.callbackUrls });
    if (problem) {
      setError(problem);
      return;
    }
    const body = {
      team_id: teamId,
      channel_id: f.channel_id,
      display_name: f.display_name,
      description: f.description,
      content_type: f.content_type,
      trigger_words: lines(f.triggerWords),
      trigger_when: f.trigger_when,
      callback_urls: lines(f.callbackUrls),
      username: f.username,
      icon_url: f.icon_url,
    };
    const ok = await run(async () => {
      if (hook) await api.updateOutgoingHook({ ...hook, ...body });
      else await api.createOutgoingHook(body);
    });
    if (ok) onSaved();
  }

  return (
    <Modal title={hook ? t('outgoing.edit') : t('outgoing.add')} onClose={onClose}>
      <form className="form integration-form" onSubmit={submit} noValidate>
        <FormField label={t('integrations.displayName')}>
          <input type="text" maxLength={64} value={f.display_name} onChange={(e) => set('display_name', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.description')}>
          <input type="text" maxLength={500} value={f.description} onChange={(e) => set('description', e.target.value)} />
        </FormField>
        <FormField label={t('outgoing.contentType')}>
          <select value={f.content_type} onChange={(e) => set('content_type', e.target.value)}>
            <option value={FORM_URLENCODED}>{FORM_URLENCODED}</option>
            <option value="application/json">application/json</option>
          </select>
        </FormField>
        <FormField label={t('integrations.channel')} hint={t('outgoing.channelHint')}>
          <ChannelSelect teamId={teamId} value={f.channel_id} onChange={(v) => set('channel_id', v)} allowNone />
        </FormField>
        <FormField label={t('outgoing.triggerWordsLabel')}>
          <textarea rows={3} value={f.triggerWords} onChange={(e) => set('triggerWords', e.target.value)} />
        </FormField>
        <FormField label={t('outgoing.triggerWhen')}>
          <select value={f.trigger_when} onChange={(e) => set('trigger_when', Number(e.target.value))}>
            <option value={0}>{t('outgoing.whenFirst')}</option>
            <option value={1}>{t('outgoing.whenStarts')}</option>
          </select>
        </FormField>
        <FormField label={t('outgoing.callbacksLabel')}>
          <textarea rows={3} value={f.callbackUrls} onChange={(e) => set('callbackUrls', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.username')}>
          <input type="text" maxLength={64} value={f.username} onChange={(e) => set('username', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.iconUrl')}>
          <input type="url" maxLength={1024} value={f.icon_url} onChange={(e) => set('icon_url', e.target.value)} />
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
