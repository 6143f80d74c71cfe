import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Team } from '../../api/types';
import { keys } from '../../queries/keys';
import { useMeUser, useTeams } from '../../queries/hooks';
import { errorMessage } from '../../lib/format';
import { Modal } from '../Modal';
import { t } from '../../i18n/en';
import { FormError } from '../FormError';
import { TeamIcon } from '../TeamIcon';
import { useAction } from '../useAction';

export function InviteDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const qc = useQueryClient();
  const [inviteId, setInviteId] = useState(team.invite_id ?? '');
  const [error, setError] = useState('');

  useEffect(() => {
    if (inviteId) return;
    // The team list may carry a blanked invite id; the team itself has it for members who may invite.
    api
      .getTeam(team.id)
      .then((full) => {
        setInviteId(full.invite_id ?? '');
        if (full.invite_id) {
          qc.setQueryData<Team[]>(keys.teams, (list) => list?.map((x) => (x.id === full.id ? { ...x, invite_id: full.invite_id } : x)));
        }
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [inviteId, team.id, qc]);

  const link = inviteId ? `${location.origin}/signup?iid=${encodeURIComponent(inviteId)}` : '';

  return (
    <Modal title={t('team.inviteTitle', { team: team.display_name })} onClose={onClose}>
      <p>{t('team.inviteIntro')}</p>
      <FormError message={error} />
      {link && (
        <div className="invite-link">
          <input readOnly value={link} aria-label={t('team.invite')} onFocus={(e) => e.target.select()} />
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => {
              void navigator.clipboard?.writeText(link).then(() => setCopied(true));
            }}
          >
            {copied ? t('team.inviteCopied') : t('team.inviteCopy')}
          </button>
        </div>
      )}
    </Modal>
  );
}

/** Open teams the user is not in yet, to join. */
export function JoinTeamDialog({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const me = useMeUser();
  const navigate = useNavigate();
  const mine = useTeams();
  const open = useQuery({ queryKey: ['openTeams'], queryFn: api.getOpenTeams, staleTime: 0 });
  const [joining, setJoining] = useState('');
  const [error, setError] = useState('');
  const myIds = new Set((mine.data ?? []).map((x) => x.id));
  const list = (open.data ?? [])
    .filter((x) => !myIds.has(x.id) && x.delete_at === 0 && x.allow_open_invite !== false)
    .sort((a, b) => a.display_name.localeCompare(b.display_name));

  async function join(team: Team) {
    setJoining(team.id);
    setError('');
    try {
      await api.joinTeam(team.id, me.id);
      await qc.invalidateQueries({ queryKey: keys.teams });
      onClose();
      navigate(`/${team.name}`);
    } catch (err) {
      setError(errorMessage(err));
      setJoining('');
    }
  }

  return (
    <Modal title={t('joinTeam.title')} onClose={onClose}>
      <FormError message={error} />
      {open.isPending ? (
        <p>{t('app.loading')}</p>
      ) : open.error ? (
        <p role="alert">{errorMessage(open.error)}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('joinTeam.none')}</p>
      ) : (
        <ul className="pick-list">
          {list.map((team) => (
            <li key={team.id} className="pick-list__item">
              <div className="pick-list__text">
                <strong>{team.display_name}</strong>
                {team.description && <span className="muted">{team.description}</span>}
              </div>
              <button
                type="button"
                className="btn btn--small"
                disabled={joining !== ''}
                aria-label={t('joinTeam.joinNamed', { name: team.display_name })}
                onClick={() => void join(team)}
              >
                {joining === team.id ? t('browse.joining') : t('browse.join')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

/** Puts a team as the server has it now into the cached list of the user's teams. */
function storeTeam(qc: QueryClient, team: Team) {
  qc.setQueryData<Team[]>(keys.teams, (list) => list?.map((x) => (x.id === team.id ? { ...x, ...team } : x)));
}

/** A team admin's settings of the team: its name, description and icon. */
export function TeamSettingsDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const qc = useQueryClient();
  const [displayName, setDisplayName] = useState(team.display_name);
  const [description, setDescription] = useState(team.description ?? '');
  const [saved, setSaved] = useState(false);
  const details = useAction();
  const icon = useAction();
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadButton = useRef<HTMLButtonElement>(null);
  const hasIcon = (team.last_team_icon_update ?? 0) > 0;
  // A button that was clicked got disabled or went away (Remove): focus stays in the dialog, so
  // the keyboard (Escape, Tab) still works there.
  useEffect(() => {
    if (!icon.busy && (!document.activeElement || document.activeElement === document.body)) uploadButton.current?.focus();
  }, [icon.busy, hasIcon]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    void details
      .run(async () => {
        storeTeam(qc, await api.patchTeam(team.id, { display_name: displayName.trim(), description: description.trim() }));
      })
      .then((ok) => setSaved(ok));
  }

  /** After the icon changed: the team again, for its new `last_team_icon_update`. */
  const refresh = async () => storeTeam(qc, await api.getTeam(team.id));

  return (
    <Modal title={t('teamSettings.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('teamSettings.name')}</span>
          <input name="display_name" required maxLength={64} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('teamSettings.description')}</span>
          <input name="description" maxLength={255} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <FormError message={details.error} />
        {saved && (
          <p className="muted" role="status">
            {t('teamSettings.saved')}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('dialog.close')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={details.busy || !displayName.trim()}>
            {t('dialog.save')}
          </button>
        </div>
      </form>
      <fieldset className="team-settings__icon">
        <legend>{t('teamSettings.icon')}</legend>
        <p className="muted">{t('teamSettings.iconHint')}</p>
        <div className="team-settings__icon-row">
          <span className="team-settings__preview" role="img" aria-label={t('teamSettings.iconAlt', { name: team.display_name })}>
            <TeamIcon team={team} />
          </span>
          <button
            ref={uploadButton}
            type="button"
            className="btn btn--small"
            disabled={icon.busy}
            onClick={() => fileInput.current?.click()}
          >
            {icon.busy ? t('teamSettings.iconUploading') : hasIcon ? t('teamSettings.iconReplace') : t('teamSettings.iconUpload')}
          </button>
          {hasIcon && (
            <button
              type="button"
              className="btn btn--small btn--danger"
              disabled={icon.busy}
              onClick={() =>
                void icon.run(async () => {
                  await api.removeTeamIcon(team.id);
                  await refresh();
                })

              }
            >
              {t('teamSettings.iconRemove')}
            </button>
          )}
          <input
            ref={fileInput}
            type="file"
            accept="image/png,image/jpeg,image/gif,image/bmp"
            hidden
            aria-label={t('teamSettings.iconUpload')}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              void icon.run(async () => {
                await api.uploadTeamIcon(team.id, file);
                await refresh();
              });
            }}
          />
        </div>
        <FormError message={icon.error} />
      </fieldset>
    </Modal>
  );
}
