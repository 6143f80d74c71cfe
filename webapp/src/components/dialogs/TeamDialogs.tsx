import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Team } from '../../api/types';
import { keys } from '../../queries/keys';
import { useMeUser, useTeams } from '../../queries/hooks';
import { errorMessage } from '../../lib/format';
import { Modal } from '../Modal';
import { t } from '../../i18n/en';
import { FormError } from '../FormError';

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
