// `/:team/integrations/incoming_webhooks`: the team's incoming webhooks; each has an address
// (`{origin}/hooks/{id}`) other tools post messages to.

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncomingWebhook } from '../../api/integrationTypes';
import * as api from '../../api/integrations';
import { incomingHookUrl } from '../../lib/integrations';
import { useChannels } from '../../queries/hooks';
import { useIntegrationAccess } from '../../queries/permissions';
import { useAction } from '../../components/useAction';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { t } from '../../i18n/en';
import { ChannelSelect, CopyField, EmptyList, FormField, IntegrationFrame, ItemButtons, useTeam } from './common';

export function IncomingWebhooks() {
  const team = useTeam();
  const access = useIntegrationAccess(team.id);
  const qc = useQueryClient();
  const key = ['integrations', 'incoming', team.id];
  const hooks = useQuery({ queryKey: key, queryFn: () => api.getIncomingHooks(team.id), enabled: access.incoming });
  const channels = useChannels(team.id);
  const [editing, setEditing] = useState<IncomingWebhook | 'new' | null>(null);
  const [created, setCreated] = useState<IncomingWebhook | null>(null);
  const channelName = (id: string) => channels.data?.find((c) => c.id === id)?.display_name ?? id;
  const refresh = () => qc.invalidateQueries({ queryKey: key });

  return (
    <IntegrationFrame
      title={t('incoming.title')}
      intro={t('incoming.about')}
      action={
        access.incoming && (
          <button type="button" className="btn btn--primary btn--small" onClick={() => setEditing('new')}>
            {t('incoming.add')}
          </button>
        )
      }
    >
      {!access.incoming ? (
        <EmptyList text={t('integrations.notAllowed')} />
      ) : hooks.data?.length === 0 ? (
        <EmptyList text={t('incoming.none')} />
      ) : (
        <ul className="integration-list">
          {(hooks.data ?? []).map((h) => (
            <li key={h.id} className="integration-item">
              <div className="integration-item__main">
                <strong>{h.display_name || channelName(h.channel_id)}</strong>
                {h.description && <span className="muted">{h.description}</span>}
                <span className="muted">
                  {t('integrations.channel')}: {channelName(h.channel_id)}
                  {h.channel_locked && ` · ${t('incoming.locked')}`}
                </span>
                <CopyField label={t('incoming.url')} value={incomingHookUrl(window.location.origin, h.id)} />
              </div>
              <ItemButtons
                name={h.display_name || h.id}
                onEdit={() => setEditing(h)}
                onDelete={async () => {
                  await api.deleteIncomingHook(h.id);
                  await refresh();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <IncomingForm
          teamId={team.id}
          hook={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(h, isNew) => {
            setEditing(null);
            if (isNew) setCreated(h);
            void refresh();
          }}
        />
      )}
      {created && (
        <Modal title={t('incoming.created')} onClose={() => setCreated(null)}>
          <div className="form">
            <p>{t('incoming.createdText')}</p>
            <CopyField label={t('incoming.url')} value={incomingHookUrl(window.location.origin, created.id)} />
            <div className="form__actions">
              <button type="button" className="btn btn--primary" onClick={() => setCreated(null)}>
                {t('integrations.done')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </IntegrationFrame>
  );
}

function IncomingForm({
  teamId,
  hook,
  onClose,
  onSaved,
}: {
  teamId: string;
  hook: IncomingWebhook | null;
  onClose: () => void;
  onSaved: (h: IncomingWebhook, isNew: boolean) => void;
}) {
  const [f, setF] = useState({
    channel_id: hook?.channel_id ?? '',
    display_name: hook?.display_name ?? '',
    description: hook?.description ?? '',
    username: hook?.username ?? '',
    icon_url: hook?.icon_url ?? '',
    channel_locked: hook?.channel_locked ?? false,
  });
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((old) => ({ ...old, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!f.channel_id) {
      setError(t('integrations.error.channelRequired'));
      return;
    }
    let saved: IncomingWebhook | null = null;
    const ok = await run(async () => {
      saved = hook ? await api.updateIncomingHook({ ...hook, ...f }) : await api.createIncomingHook(f);
    });
    if (ok && saved) onSaved(saved, !hook);
  }

  return (
    <Modal title={hook ? t('incoming.edit') : t('incoming.add')} onClose={onClose}>
      <form className="form integration-form" onSubmit={submit} noValidate>
        <FormField label={t('integrations.displayName')}>
          <input type="text" maxLength={64} value={f.display_name} onChange={(e) => set('display_name', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.description')}>
          <input type="text" maxLength={500} value={f.description} onChange={(e) => set('description', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.channel')} hint={t('incoming.channelHint')}>
          <ChannelSelect teamId={teamId} value={f.channel_id} onChange={(v) => set('channel_id', v)} />
        </FormField>
        <label className="checkbox">
          <input type="checkbox" checked={f.channel_locked} onChange={(e) => set('channel_locked', e.target.checked)} />
          {t('incoming.lock')}
        </label>
        <FormField label={t('integrations.username')} hint={t('incoming.usernameHint')}>
          <input type="text" maxLength={64} value={f.username} onChange={(e) => set('username', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.iconUrl')} hint={t('incoming.iconHint')}>
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
