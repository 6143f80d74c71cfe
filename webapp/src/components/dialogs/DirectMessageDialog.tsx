import { useEffect, useState, type FormEvent } from 'react';
import { BotTag } from '../post/PostAuthor';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Team, User } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { primeUsers } from '../../queries/users';
import { errorMessage } from '../../lib/format';
import { Modal } from '../Modal';
import { Avatar } from '../Avatar';
import { IconClose, IconPlus } from '../icons';
import { t } from '../../i18n/en';
import { useOpenChannel } from './useOpenChannel';
import { FormError } from '../FormError';

/** Mattermost's limit: a group message has 3 to 8 members, the user included. */
export const MAX_GROUP_OTHERS = 7;

/**
 * Writes to someone (a direct message), or to several people (a group message): pick one to
 * open the conversation at once, or add people to the group and start it.
 */
export function DirectMessageDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const me = useMeUser();
  const qc = useQueryClient();
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<User[] | null>(null);
  const [picked, setPicked] = useState<User[]>([]);
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

  async function start(users: User[]) {
    setBusy(true);
    setError('');
    try {
      const others = users.filter((u) => u.id !== me.id);
      const channel =
        others.length >= 2
          ? await api.createGroupChannel([me.id, ...others.map((u) => u.id)])
          : await api.createDirectChannel(me.id, users[0]?.id ?? me.id);
      onClose();
      await open(channel);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  function toggle(u: User) {
    setPicked((list) => {
      if (list.some((x) => x.id === u.id)) return list.filter((x) => x.id !== u.id);
      if (list.length >= MAX_GROUP_OTHERS) {
        setError(t('dm.groupLimit', { max: MAX_GROUP_OTHERS }));
        return list;
      }
      return [...list, u];
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (picked.length > 0) {
      void start(picked);
      return;
    }
    const name = term.trim().replace(/^@/, '').toLowerCase();
    const exact = results?.find((u) => u.username === name) ?? (results?.length === 1 ? results[0] : undefined);
    if (exact) void start([exact]);
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
        {picked.length > 0 && (
          <div className="chips" aria-label={t('dm.picked')}>
            {picked.map((u) => (
              <span key={u.id} className="chip">
                @{u.username}
                <button type="button" className="chip__remove" aria-label={t('dm.unpick', { name: u.username })} onClick={() => toggle(u)}>
                  <IconClose />
                </button>
              </span>
            ))}
            <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
              {picked.length === 1 ? t('dm.go') : t('dm.goGroup', { count: picked.length + 1 })}
            </button>
          </div>
        )}
      </form>
      <FormError message={error} />
      {results && results.length === 0 && <p className="muted">{t('dm.noMatch', { name: term.trim() })}</p>}
      {results && results.length > 0 && (
        <ul className="pick-list">
          {results.map((u) => {
            const isPicked = picked.some((x) => x.id === u.id);
            return (
              <li key={u.id} className="pick-list__item">
                <button
                  type="button"
                  className="pick-list__button"
                  disabled={busy}
                  aria-label={
                    picked.length ? t(isPicked ? 'dm.unpick' : 'dm.pick', { name: u.username }) : t('dm.open', { name: u.username })
                  }
                  aria-pressed={picked.length ? isPicked : undefined}
                  onClick={() => (picked.length ? toggle(u) : void start([u]))}
                >
                  <Avatar userId={u.id} size={24} status />
                  <span>
                    @{u.username}
                    {u.is_bot && <BotTag />}
                    {u.id === me.id && ` ${t('user.you')}`}
                  </span>
                </button>
                {u.id !== me.id && picked.length === 0 && (
                  <button
                    type="button"
                    className="icon-btn icon-btn--small"
                    aria-pressed={isPicked}
                    aria-label={t('dm.pick', { name: u.username })}
                    title={t('dm.pick', { name: u.username })}
                    onClick={() => toggle(u)}
                  >
                    <IconPlus />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Modal>
  );
}
