// `/oauth/authorize?client_id=&redirect_uri=&response_type=code&state=&scope=`: the user's consent
// to an OAuth 2.0 application (the server serves the app here; the auth gate logs in first and
// comes back). Allow posts the request to `POST /oauth/authorize` and follows the `redirect` it
// answers; Deny sends the browser back to the client with `error=access_denied`.

import { useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { authorizeOAuthApp, getOAuthAppInfo } from '../api/integrations';
import { attachmentImageSrc, safeLink } from '../lib/attachments';
import { errorMessage } from '../lib/format';
import { authorizeRequest, deniedRedirect, safeNavigation } from '../lib/oauth';
import { AuthShell } from '../components/AuthShell';
import { FormError } from '../components/FormError';
import { t } from '../i18n/en';
import '../styles/integrations.css';

/** Sends the browser away (a separate function so tests can watch it). */
export const leave = { to: (url: string) => window.location.assign(url) };

export function OAuthAuthorizePage() {
  const location = useLocation();
  const req = useMemo(() => authorizeRequest(location.search), [location.search]);
  const info = useQuery({
    queryKey: ['oauthAppInfo', req.client_id],
    queryFn: () => getOAuthAppInfo(req.client_id),
    enabled: !!req.client_id,
    retry: false,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  if (!req.client_id || !req.redirect_uri || !req.response_type) {
    return (
      <AuthShell title={t('oauth.title')}>
        <p role="alert">{t('oauth.badRequest')}</p>
      </AuthShell>
    );
  }
  if (info.isPending) {
    return (
      <AuthShell title={t('oauth.title')}>
        <p>{t('app.loading')}</p>
      </AuthShell>
    );
  }
  if (info.error || !info.data) {
    return (
      <AuthShell title={t('oauth.title')}>
        <p role="alert">{errorMessage(info.error)}</p>
      </AuthShell>
    );
  }
  const app = info.data;
  const icon = attachmentImageSrc(app.icon_url);
  const homepage = safeLink(app.homepage);

  async function allow() {
    setBusy(true);
    setError('');
    try {
      const { redirect } = await authorizeOAuthApp(req);
      if (!redirect || !safeNavigation(redirect)) throw new Error(t('oauth.badRedirect'));
      leave.to(redirect);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  function deny() {
    const to = deniedRedirect(req.redirect_uri, req.state);
    if (to) leave.to(to);
    else setError(t('oauth.badRedirect'));
  }

  return (
    <AuthShell title={t('oauth.title')}>
      <div className="oauth-consent">
        <div className="oauth-consent__app">
          {icon && <img src={icon} alt="" width={48} height={48} />}
          <div>
            <p className="oauth-consent__ask">{t('oauth.wants', { name: app.name })}</p>
            {app.description && <p className="muted">{app.description}</p>}
            {homepage && (
              <a href={homepage} target="_blank" rel="noopener noreferrer">
                {homepage}
              </a>
            )}
          </div>
        </div>
        <p className="muted">{t('oauth.explain')}</p>
        <FormError message={error} />
        <div className="form__actions">
          <button type="button" className="btn" onClick={deny} disabled={busy}>
            {t('oauth.deny')}
          </button>
          <button type="button" className="btn btn--primary" onClick={() => void allow()} disabled={busy}>
            {busy ? t('oauth.allowing') : t('oauth.allow')}
          </button>
        </div>
      </div>
    </AuthShell>
  );
}
