// `/:team/integrations/oauth2-apps`: OAuth 2.0 applications that sign users in with this server
// (client id and secret to copy, secret regenerated on demand; only admins mark an app trusted).

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { OAuthApp } from '../../api/integrationTypes';
import * as api from '../../api/integrations';
import { lines, oauthAuthorizeUrl, oauthError } from '../../lib/integrations';
import { errorMessage } from '../../lib/format';
import { useIntegrationAccess } from '../../queries/permissions';
import { useAction } from '../../components/useAction';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { t } from '../../i18n/en';
import { CopyField, EmptyList, FormField, IntegrationFrame, ItemButtons, useTeam } from './common';

const KEY = ['integrations', 'oauth'];

export function OAuthApps() {
  const team = useTeam();
  const access = useIntegrationAccess(team.id);
  const qc = useQueryClient();
  const apps = useQuery({ queryKey: KEY, queryFn: () => api.getOAuthApps(), enabled: access.oauth });
  const [editing, setEditing] = useState<OAuthApp | 'new' | null>(null);
  const [rowError, setRowError] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });

  async function regen(app: OAuthApp) {
    setRowError('');
    try {
      const updated = await api.regenOAuthAppSecret(app.id);
      qc.setQueryData<OAuthApp[]>(KEY, (list) => list?.map((x) => (x.id === app.id ? updated : x)));
    } catch (e) {
      setRowError(errorMessage(e));
    }
  }

  return (
    <IntegrationFrame
      title={t('oauthApps.title')}
      intro={t('oauthApps.about')}
      action={
        access.oauth && (
          <button type="button" className="btn btn--primary btn--small" onClick={() => setEditing('new')}>
            {t('oauthApps.add')}
          </button>
        )
      }
    >
      <FormError message={rowError} />
      {!access.oauth ? (
        <EmptyList text={t('integrations.notAllowed')} />
      ) : apps.data?.length === 0 ? (
        <EmptyList text={t('oauthApps.none')} />
      ) : (
        <ul className="integration-list">
          {(apps.data ?? []).map((app) => (
            <li key={app.id} className="integration-item">
              <div className="integration-item__main">
                <strong>
                  {app.name}
                  {app.is_trusted && <span className="tag">{t('oauthApps.trusted')}</span>}
                </strong>
                {app.description && <span className="muted">{app.description}</span>}
                <span className="muted">{app.homepage}</span>
                <span className="muted">
                  {t('oauthApps.callbacks')}: {app.callback_urls.join(', ')}
                </span>
                <CopyField label={t('oauthApps.clientId')} value={app.id} />
                {app.client_secret && <CopyField label={t('oauthApps.clientSecret')} value={app.client_secret} secret />}
                <CopyField label={t('oauthApps.authorizeUrl')} value={oauthAuthorizeUrl(window.location.origin)} />
              </div>
              <ItemButtons
                name={app.name}
                onEdit={() => setEditing(app)}
                onDelete={async () => {
                  await api.deleteOAuthApp(app.id);
                  await refresh();
                }}
              >
                <button type="button" className="btn btn--small" onClick={() => void regen(app)}>
                  {t('oauthApps.regenSecret')}
                </button>
              </ItemButtons>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <OAuthForm
          app={editing === 'new' ? null : editing}
          canTrust={access.trustOAuth}
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

function OAuthForm({
  app,
  canTrust,
  onClose,
  onSaved,
}: {
  app: OAuthApp | null;
  canTrust: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [f, setF] = useState({
    name: app?.name ?? '',
    description: app?.description ?? '',
    homepage: app?.homepage ?? '',
    iconUrl: app?.icon_url ?? '',
    callbackUrls: (app?.callback_urls ?? []).join('\n'),
    trusted: app?.is_trusted ?? false,
  });
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((old) => ({ ...old, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = oauthError(f);
    if (problem) {
      setError(problem);
      return;
    }
    const body = {
      name: f.name.trim(),
      description: f.description.trim(),
      homepage: f.homepage.trim(),
      icon_url: f.iconUrl.trim(),
      callback_urls: lines(f.callbackUrls),
      is_trusted: canTrust ? f.trusted : (app?.is_trusted ?? false),
    };
    const ok = await run(async () => {
      if (app) await api.updateOAuthApp({ ...app, ...body });
      else await api.createOAuthApp(body);
    });
    if (ok) onSaved();
  }

  return (
    <Modal title={app ? t('oauthApps.edit') : t('oauthApps.add')} onClose={onClose}>
      <form className="form integration-form" onSubmit={submit} noValidate>
        {canTrust && (
          <label className="checkbox">
            <input type="checkbox" checked={f.trusted} onChange={(e) => set('trusted', e.target.checked)} />
            {t('oauthApps.trustedLabel')}
          </label>
        )}
        <FormField label={t('oauthApps.name')}>
          <input type="text" maxLength={64} value={f.name} onChange={(e) => set('name', e.target.value)} />
        </FormField>
        <FormField label={t('integrations.description')}>
          <input type="text" maxLength={512} value={f.description} onChange={(e) => set('description', e.target.value)} />
        </FormField>
        <FormField label={t('oauthApps.homepage')}>
          <input type="url" maxLength={256} value={f.homepage} onChange={(e) => set('homepage', e.target.value)} />
        </FormField>
        <FormField label={t('oauthApps.iconUrl')}>
          <input type="url" maxLength={512} value={f.iconUrl} onChange={(e) => set('iconUrl', e.target.value)} />
        </FormField>
        <FormField label={t('oauthApps.callbacksLabel')}>
          <textarea rows={3} value={f.callbackUrls} onChange={(e) => set('callbackUrls', e.target.value)} />
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
