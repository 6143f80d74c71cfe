import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { createTeam } from '../api/endpoints';
import type { Team } from '../api/types';
import { keys } from '../queries/keys';
import { useTeams } from '../queries/hooks';
import { errorMessage, slugify } from '../lib/format';
import { t } from '../i18n/en';
import { AuthShell } from '../components/AuthShell';
import { useLogout } from '../components/UserMenu';
import { FormError } from '../components/FormError';

export function CreateTeamPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const teams = useTeams();
  const logout = useLogout();
  const [displayName, setDisplayName] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const urlName = nameEdited ? name : slugify(displayName);
  const hasTeams = (teams.data?.length ?? 0) > 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const team = await createTeam(urlName, displayName.trim());
      qc.setQueryData<Team[]>(keys.teams, (list) => [...(list ?? []).filter((x) => x.id !== team.id), team]);
      navigate(`/${team.name}`, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <AuthShell title={t('team.createTitle')}>
      <p className="auth__note">{hasTeams ? t('team.createIntro') : t('team.noTeams')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('team.displayName')}</span>
          <input
            name="display_name"
            required
            autoFocus
            maxLength={64}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('team.urlName')}</span>
          <input
            name="name"
            required
            maxLength={64}
            autoCapitalize="none"
            spellCheck={false}
            aria-describedby="team-url-hint"
            value={urlName}
            onChange={(e) => {
              setNameEdited(true);
              setName(e.target.value.toLowerCase());
            }}
          />
        </label>
        <small id="team-url-hint" className="field__hint">
          {t('team.urlHint', { url: `${location.origin}/${urlName || '…'}` })}
        </small>
        <FormError message={error} />
        <div className="form__actions">
          {hasTeams && (
            <Link className="btn" to="/">
              {t('team.cancel')}
            </Link>
          )}
          <button className="btn btn--primary" type="submit" disabled={busy || !displayName.trim() || !urlName}>
            {busy ? t('team.creating') : t('team.create')}
          </button>
        </div>
      </form>
      <p className="auth__alt">
        <button type="button" className="link-btn" onClick={() => void logout()}>
          {t('user.logout')}
        </button>
      </p>
    </AuthShell>
  );
}
