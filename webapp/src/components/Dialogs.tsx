import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Channel, Team, User } from '../api/types';
import { keys } from '../queries/keys';
import { useChannels, useMeUser, usePublicChannels } from '../queries/hooks';
import { primeUsers } from '../queries/users';
import { errorMessage, slugify } from '../lib/format';
import { useUi } from '../store/ui';
import { Modal } from './Modal';
import { Avatar } from './Avatar';
import { t } from '../i18n/en';

export function Dialogs({ team }: { team: Team }) {
  const dialog = useUi((s) => s.dialog);
  const setDialog = useUi((s) => s.setDialog);
  const close = () => setDialog(null);
  switch (dialog) {
    case 'createChannel':
      return <CreateChannelDialog team={team} onClose={close} />;
    case 'browseChannels':
      return <BrowseChannelsDialog team={team} onClose={close} />;
    case 'directMessage':
      return <DirectMessageDialog team={team} onClose={close} />;
    case 'invite':
      return <InviteDialog team={team} onClose={close} />;
    default:
      return null;
  }
}

/** After joining or creating: refetch the lists and open the channel. */
function useOpenChannel(team: Team) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (channel: Channel) => {
    qc.setQueryData<Channel[]>(keys.channels(team.id), (list) =>
      list && !list.some((c) => c.id === channel.id) ? [...list, channel] : list,
    );
    await Promise.all([
      qc.invalidateQueries({ queryKey: keys.channelsAll }),
      qc.invalidateQueries({ queryKey: keys.membersAll }),
    ]);
    navigate(`/${team.name}/channels/${channel.name}`);
  };
}

function CreateChannelDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const [displayName, setDisplayName] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const open = useOpenChannel(team);
  const urlName = nameEdited ? name : slugify(displayName);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const channel = await api.createChannel({
        team_id: team.id,
        name: urlName,
        display_name: displayName.trim(),
        type: isPrivate ? 'P' : 'O',
        purpose: purpose.trim(),
      });
      onClose();
      await open(channel);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('createChannel.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('createChannel.displayName')}</span>
          <input
            name="display_name"
            autoFocus
            required
            maxLength={64}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('createChannel.urlName')}</span>
          <input
            name="name"
            required
            maxLength={64}
            autoCapitalize="none"
            spellCheck={false}
            value={urlName}
            onChange={(e) => {
              setNameEdited(true);
              setName(e.target.value.toLowerCase());
            }}
          />
        </label>
        <label className="field">
          <span>{t('createChannel.purpose')}</span>
          <input name="purpose" maxLength={250} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
          {t('createChannel.private')}
        </label>
        {error && (
          <p className="form__error" role="alert">
            {error}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || !displayName.trim() || !urlName}>
            {busy ? t('createChannel.submitting') : t('createChannel.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function BrowseChannelsDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const me = useMeUser();
  const mine = useChannels(team.id);
  const pub = usePublicChannels(team.id, true);
  const [filter, setFilter] = useState('');
  const [joining, setJoining] = useState('');
  const [error, setError] = useState('');
  const open = useOpenChannel(team);

  const myIds = new Set((mine.data ?? []).map((c) => c.id));
  const f = filter.trim().toLowerCase();
  const list = (pub.data ?? [])
    .filter((c) => !myIds.has(c.id) && c.delete_at === 0)
    .filter((c) => !f || c.display_name.toLowerCase().includes(f) || c.name.includes(f))
    .sort((a, b) => a.display_name.localeCompare(b.display_name));

  async function join(c: Channel) {
    setJoining(c.id);
    setError('');
    try {
      await api.joinChannel(c.id, me.id);
      onClose();
      await open(c);
    } catch (err) {
      setError(errorMessage(err));
      setJoining('');
    }
  }

  return (
    <Modal title={t('browse.title')} onClose={onClose}>
      <label className="field">
        <span>{t('browse.filter')}</span>
        <input type="search" autoFocus value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {pub.isPending ? (
        <p>{t('app.loading')}</p>
      ) : pub.error ? (
        <p role="alert">{errorMessage(pub.error)}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('browse.none')}</p>
      ) : (
        <ul className="pick-list">
          {list.map((c) => (
            <li key={c.id} className="pick-list__item">
              <div className="pick-list__text">
                <strong>{c.display_name}</strong>
                {c.purpose && <span className="muted">{c.purpose}</span>}
              </div>
              <button
                type="button"
                className="btn btn--small"
                disabled={joining !== ''}
                aria-label={t('browse.joinNamed', { name: c.display_name })}
                onClick={() => void join(c)}
              >
                {joining === c.id ? t('browse.joining') : t('browse.join')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

function DirectMessageDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const me = useMeUser();
  const qc = useQueryClient();
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<User[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const open = useOpenChannel(team);

  useEffect(() => {
    const name = term.trim().replace(/^@/, '').toLowerCase();
    if (!name) {
      setResults(null);
      return;
    }
    let cancelled = false;
    const id = setTimeout(() => {
      api.autocompleteUsers(team.id, name).then(
        (r) => {
          if (cancelled) return;
          const users = [...r.users, ...(r.out_of_channel ?? [])].filter((u) => !u.delete_at);
          primeUsers(qc, users);
          setResults(users);
        },
        (err: unknown) => !cancelled && setError(errorMessage(err)),
      );
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(id);
    };
  }, [term, team.id, qc]);

  async function start(user: User) {
    setBusy(true);
    setError('');
    try {
      const channel = await api.createDirectChannel(me.id, user.id);
      onClose();
      await open(channel);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const name = term.trim().replace(/^@/, '').toLowerCase();
    const exact = results?.find((u) => u.username === name) ?? (results?.length === 1 ? results[0] : undefined);
    if (exact) void start(exact);
  }

  return (
    <Modal title={t('dm.title')} onClose={onClose}>
      <form onSubmit={submit}>
        <label className="field">
          <span>{t('dm.search')}</span>
          <input
            autoFocus
            autoCapitalize="none"
            spellCheck={false}
            autoComplete="off"
            aria-describedby="dm-hint"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
          />
        </label>
        <small id="dm-hint" className="field__hint">
          {t('dm.searchHint')}
        </small>
      </form>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {results && results.length === 0 && <p className="muted">{t('dm.noMatch', { name: term.trim() })}</p>}
      {results && results.length > 0 && (
        <ul className="pick-list">
          {results.map((u) => (
            <li key={u.id} className="pick-list__item">
              <button
                type="button"
                className="pick-list__button"
                disabled={busy}
                aria-label={t('dm.open', { name: u.username })}
                onClick={() => void start(u)}
              >
                <Avatar userId={u.id} size={24} />
                <span>
                  @{u.username}
                  {u.id === me.id && ` ${t('user.you')}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

function InviteDialog({ team, onClose }: { team: Team; onClose: () => void }) {
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
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
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
