import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Channel, Team, User } from '../../api/types';
import { useChannels, useMeUser } from '../../queries/hooks';
import { keys } from '../../queries/keys';
import { primeUsers } from '../../queries/users';
import { searchChannelsForSwitcher } from '../../queries/channelSearch';
import { moveSelection } from '../../lib/autocomplete';
import { rankSwitcher, type SwitcherItem } from '../../lib/switcher';
import { dmOtherUserId, errorMessage } from '../../lib/format';
import { Modal } from '../Modal';
import { Avatar } from '../Avatar';
import { IconHash, IconLock, IconUsers } from '../icons';
import { t } from '../../i18n/en';
import { FormError } from '../FormError';

/**
 * Ctrl/Cmd+K: find a channel or a person by name and go there. The user's channels come first
 * (most recently active first when nothing is typed), then people and public channels from
 * the server.
 */
export function QuickSwitcher({ team, onClose }: { team: Team; onClose: () => void }) {
  const qc = useQueryClient();
  const me = useMeUser();
  const navigate = useNavigate();
  const channels = useChannels(team.id);
  const [term, setTerm] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState('');
  const listId = useId();
  const q = term.trim().replace(/^[@~#]/, '').toLowerCase();

  const remote = useQuery({
    queryKey: ['switcher', team.id, q],
    queryFn: async () => {
      const [users, other] = await Promise.all([api.autocompleteUsers(team.id, q), searchChannelsForSwitcher(team.id, q)]);
      primeUsers(qc, users.users);
      return { users: users.users, channels: other };
    },
    enabled: q.length > 0,
    staleTime: 30 * 1000,
    placeholderData: keepPreviousData,
  });

  const items = useMemo(() => {
    const usernameOf = (id: string) => qc.getQueryData<User>(keys.user(id))?.username ?? '';
    return rankSwitcher({
      query: q,
      myChannels: (channels.data ?? []).filter((c) => c.delete_at === 0),
      users: remote.data?.users ?? [],
      otherChannels: remote.data?.channels ?? [],
      myId: me.id,
      usernameOf: (c: Channel) => usernameOf(dmOtherUserId(c, me.id)),
    });
  }, [q, channels.data, remote.data, me.id, qc]);

  useEffect(() => setActive(0), [q]);

  async function go(item: SwitcherItem) {
    setError('');
    try {
      if (item.kind === 'user') {
        const c = await api.createDirectChannel(me.id, item.user.id);
        await qc.invalidateQueries({ queryKey: keys.channelsAll });
        onClose();
        navigate(`/${team.name}/channels/${c.name}`);
      } else {
        onClose();
        navigate(`/${team.name}/channels/${item.channel.name}`);
      }
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => moveSelection(i, e.key === 'ArrowDown' ? 1 : -1, items.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = items[active];
      if (item) void go(item);
    }
  }

  return (
    <Modal title={t('switcher.title')} onClose={onClose}>
      <input
        className="switcher__input"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        placeholder={t('switcher.placeholder')}
        aria-label={t('switcher.placeholder')}
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls={listId}
        aria-activedescendant={items.length ? `${listId}-${active}` : undefined}
        value={term}
        onChange={(e) => setTerm(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <FormError message={error} />
      <ul className="switcher__list" id={listId} role="listbox" aria-label={t('switcher.title')}>
        {items.map((item, i) => (
          <li
            key={item.key}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`suggestion${i === active ? ' suggestion--active' : ''}`}
            onMouseEnter={() => setActive(i)}
            onClick={() => void go(item)}
          >
            {item.kind === 'user' ? (
              <>
                <Avatar userId={item.user.id} size={20} status />
                <strong>@{item.user.username}</strong>
                {item.user.id === me.id && <span className="muted">{t('user.you')}</span>}
              </>
            ) : item.channel.type === 'D' ? (
              <>
                <Avatar userId={dmOtherUserId(item.channel, me.id)} size={20} status />
                <strong>@{item.label}</strong>
              </>
            ) : (
              <>
                {item.channel.type === 'P' ? <IconLock /> : item.channel.type === 'G' ? <IconUsers /> : <IconHash />}
                <strong>{item.label}</strong>
                {item.kind === 'other' && <span className="muted">{t('switcher.notJoined')}</span>}
              </>
            )}
          </li>
        ))}
      </ul>
      <p className="muted switcher__hint">{t('switcher.hint')}</p>
    </Modal>
  );
}
