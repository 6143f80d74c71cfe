import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { createUser, login } from '../api/endpoints';
import { keys } from '../queries/keys';
import { useMe } from '../queries/hooks';
import { errorMessage } from '../lib/format';
import { t } from '../i18n/en';
import { AuthShell } from '../components/AuthShell';
import { FormError } from '../components/FormError';

export function SignupPage() {
  const [params] = useSearchParams();
  const inviteId = params.get('iid') ?? undefined;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  if (me.data && !busy) return <Navigate to="/" replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await createUser({ email: email.trim(), username: username.trim().toLowerCase(), password }, inviteId);
      const user = await login(username.trim().toLowerCase(), password);
      qc.clear();
      qc.setQueryData(keys.me, user);
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <AuthShell title={t('signup.title')}>
      {inviteId && <p className="auth__note">{t('signup.invited')}</p>}
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('signup.email')}</span>
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('signup.username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            aria-describedby="username-hint"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <small id="username-hint" className="field__hint">
          {t('signup.usernameHint')}
        </small>
        <label className="field">
          <span>{t('signup.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormError message={error} />
        <button
          className="btn btn--primary"
          type="submit"
          disabled={busy || !email || !username || !password}
        >
          {busy ? t('signup.submitting') : t('signup.submit')}
        </button>
      </form>
      <p className="auth__alt">
        {t('signup.haveAccount')} <Link to="/login">{t('signup.loginLink')}</Link>
      </p>
    </AuthShell>
  );
}
