import { useEffect, useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Channel, Team, User } from '../../api/types';
import { keys } from '../../queries/keys';
import { primeUsers } from '../../queries/users';
import { Avatar } from '../Avatar';
import { useAction } from '../useAction';
import { useChannels, useMeUser, usePublicChannels } from '../../queries/hooks';
import { errorMessage } from '../../lib/format';
import { Modal } from '../Modal';
import { t } from '../../i18n/en';
import { useOpenChannel } from './useOpenChannel';
import { FormError } from '../FormError';
import { useChannelNameFields } from './ChannelNameFields';

export function CreateChannelDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const { displayName, urlName, fields } = useChannelNameFields({ autoFocus: true });
  const [purpose, setPurpose] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const open = useOpenChannel(team);

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
        {fields}
        <label className="field">
          <span>{t('createChannel.purpose')}</span>
          <input name="purpose" maxLength={250} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
          {t('createChannel.private')}
        </label>
        <FormError message={error} />
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

/** How long typing pauses before the server is asked. */
const SEARCH_DEBOUNCE_MS = 250;

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/**
 * The team's public channels the user has not joined: the first page when nothing is typed, else
 * the server's search (`POST /teams/{id}/channels/search`), so channels beyond the first page are
 * found too, by any word of their name.
 */
export function BrowseChannelsDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const me = useMeUser();
  const mine = useChannels(team.id);
  const pub = usePublicChannels(team.id, true);
  const [filter, setFilter] = useState('');
  const term = useDebounced(filter.trim(), SEARCH_DEBOUNCE_MS);
  const searched = useQuery({
    queryKey: ['channelSearch', team.id, term],
    queryFn: () => api.searchTeamChannels(team.id, term),
    enabled: term !== '',
    staleTime: 30 * 1000,
    placeholderData: keepPreviousData,
  });
  const [joining, setJoining] = useState('');
  const [error, setError] = useState('');
  const open = useOpenChannel(team);

  const myIds = new Set((mine.data ?? []).map((c) => c.id));
  const f = filter.trim().toLowerCase();
  // The server's answer for what is typed now is shown as it is; until it comes, what is at hand
  // (the loaded page, or the previous answer) is filtered here.
  const fresh = term !== '' && term === filter.trim() && !!searched.data && !searched.isPlaceholderData;
  const source = term && searched.data ? searched.data : (pub.data ?? []);
  const list = source
    .filter((c) => !myIds.has(c.id) && c.delete_at === 0 && c.type === 'O')
    .filter((c) => fresh || !f || c.display_name.toLowerCase().includes(f) || c.name.includes(f))
    .sort((a, b) => a.display_name.localeCompare(b.display_name));
  const loading = term ? searched.isPending && !pub.data : pub.isPending;
  const failure = term ? searched.error : pub.error;

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
      <FormError message={error} />
      {loading ? (
        <p>{filter.trim() ? t('browse.searching') : t('app.loading')}</p>
      ) : failure ? (
        <p role="alert">{errorMessage(failure)}</p>
      ) : list.length === 0 ? (
        <p className="muted">{f ? t('browse.noMatch', { term: filter.trim() }) : t('browse.none')}</p>
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

/** Edits a channel's name, purpose and header (`PUT /channels/{id}/patch`). */
export function EditChannelDialog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const qc = useQueryClient();
  const [displayName, setDisplayName] = useState(channel.display_name);
  const [purpose, setPurpose] = useState(channel.purpose);
  const [header, setHeader] = useState(channel.header);
  const { busy, error, run } = useAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const updated = await api.patchChannel(channel.id, {
        display_name: displayName.trim(),
        purpose: purpose.trim(),
        header: header.trim(),
      });
      qc.setQueriesData<Channel[]>({ queryKey: keys.channelsAll }, (list) => list?.map((c) => (c.id === updated.id ? updated : c)));
      onClose();
    });
  }

  return (
    <Modal title={t('editChannel.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('createChannel.displayName')}</span>
          <input name="display_name" autoFocus required maxLength={64} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('editChannel.purpose')}</span>
          <input name="purpose" maxLength={250} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('editChannel.header')}</span>
          <textarea name="header" maxLength={1024} rows={3} value={header} onChange={(e) => setHeader(e.target.value)} />
        </label>
        <FormError message={error} />
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || !displayName.trim()}>
            {t('dialog.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Adds team members to a channel: pick people not in it yet, then Add. */
export function AddMembersDialog({ team, channel, onClose }: { team: Team; channel: Channel; onClose: () => void }) {
  const qc = useQueryClient();
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<User[] | null>(null);
  const [picked, setPicked] = useState<User[]>([]);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    let cancelled = false;
    const id = setTimeout(() => {
      api.autocompleteUsersInChannel(team.id, channel.id, term.trim().replace(/^@/, '').toLowerCase()).then(
        (r) => {
          if (cancelled) return;
          const users = (r.out_of_channel ?? []).filter((u) => !u.delete_at && !u.is_bot);
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
  }, [term, team.id, channel.id, qc, setError]);

  const add = () =>
    run(async () => {
      await api.addChannelMembers(
        channel.id,
        picked.map((u) => u.id),
      );
      await Promise.all([
        qc.invalidateQueries({ queryKey: keys.channelUsers(channel.id) }),
        qc.invalidateQueries({ queryKey: keys.stats(channel.id) }),
      ]);
      onClose();
    });

  const toggle = (u: User) =>
    setPicked((list) => (list.some((x) => x.id === u.id) ? list.filter((x) => x.id !== u.id) : [...list, u]));

  return (
    <Modal title={t('addMembers.title', { name: channel.display_name })} onClose={onClose}>
      <label className="field">
        <span>{t('dm.search')}</span>
        <input autoFocus autoCapitalize="none" spellCheck={false} autoComplete="off" value={term} onChange={(e) => setTerm(e.target.value)} />
      </label>
      <FormError message={error} />
      {results && results.length === 0 && <p className="muted">{t('addMembers.none')}</p>}
      {results && results.length > 0 && (
        <ul className="pick-list">
          {results.map((u) => (
            <li key={u.id} className="pick-list__item">
              <label className="pick-list__button">
                <input type="checkbox" checked={picked.some((x) => x.id === u.id)} onChange={() => toggle(u)} />
                <Avatar userId={u.id} size={24} status />
                <span>@{u.username}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="form__actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
        <button type="button" className="btn btn--primary" disabled={busy || picked.length === 0} onClick={() => void add()}>
          {picked.length > 1 ? t('addMembers.addMany', { count: picked.length }) : t('addMembers.add')}
        </button>
      </div>
    </Modal>
  );
}
