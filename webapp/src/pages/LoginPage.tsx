import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { login } from '../api/endpoints';
import { keys } from '../queries/keys';
import { useMe } from '../queries/hooks';
import { errorMessage } from '../lib/format';
import { loadedByServer } from '../lib/oauth';
import { t } from '../i18n/en';
import { AuthShell } from '../components/AuthShell';
import { FormError } from '../components/FormError';

/** A path inside this app (no `//host` or `scheme:` redirects). */
export function safeRedirect(to: string | null): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return '/';
  return to;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const [loginId, setLoginId] = useState(params.get('login_id') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const redirect = safeRedirect(params.get('redirect'));

  if (me.data) return <Navigate to={redirect} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const user = await login(loginId.trim(), password);
      qc.clear();
      qc.setQueryData(keys.me, user);
      // Back to an OAuth authorization: the server decides whether to ask (see loadedByServer).
      if (loadedByServer(redirect)) {
        window.location.replace(redirect);
        return;
      }
      navigate(redirect, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <AuthShell title={t('login.title')}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('login.loginId')}</span>
          <input
            name="login_id"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={loginId}
            onChange={(e) => setLoginId(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormError message={error} />
        <button className="btn btn--primary" type="submit" disabled={busy || !loginId || !password}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p className="auth__alt">
        {t('login.noAccount')} <Link to="/signup">{t('login.signupLink')}</Link>
      </p>
    </AuthShell>
  );
}
