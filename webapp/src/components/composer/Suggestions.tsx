import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Channel, User } from '../../api/types';
import { SPECIAL_MENTIONS, type Trigger } from '../../lib/autocomplete';
import { searchEmoji } from '../../lib/emoji';
import { useCustomEmoji } from '../../queries/emoji';
import { primeUsers } from '../../queries/users';
import { findCachedChannel } from '../../queries/lookup';
import { Avatar } from '../Avatar';
import { t } from '../../i18n/en';

/** One row of the list: what is shown, and what replaces the typed word when picked. */
export interface Suggestion {
  key: string;
  replacement: string;
  /** Rows under a heading start a group ("Not in channel", …). */
  group?: string;
  render: () => React.ReactNode;
}

const DEBOUNCE_MS = 120;
const MAX_ROWS = 20;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function fullName(u: User): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ');
}

/** The suggestions for the word at the caret (fetched where needed). */
export function useSuggestions(trigger: Trigger | null, teamId: string, channel: Channel): Suggestion[] {
  const qc = useQueryClient();
  const custom = useCustomEmoji();
  const kind = trigger?.kind ?? null;
  const query = useDebounced(trigger?.query.toLowerCase() ?? '', DEBOUNCE_MS);

  const users = useQuery({
    queryKey: ['autocomplete', 'users', teamId, channel.id, query],
    queryFn: async () => {
      const r = await api.autocompleteUsersInChannel(channel.type === 'D' || channel.type === 'G' ? '' : teamId, channel.id, query);
      const all = [...r.users, ...(r.out_of_channel ?? [])];
      primeUsers(qc, all);
      return r;
    },
    enabled: kind === 'user',
    staleTime: 30 * 1000,
    placeholderData: keepPreviousData,
  });

  const channels = useQuery({
    queryKey: ['autocomplete', 'channels', teamId, query],
    queryFn: () => api.autocompleteChannels(teamId, query),
    enabled: kind === 'channel' && !!teamId,
    staleTime: 30 * 1000,
    placeholderData: keepPreviousData,
  });

  const commands = useQuery({
    queryKey: ['autocomplete', 'commands', teamId],
    queryFn: () => api.getAutocompleteCommands(teamId),
    enabled: kind === 'command' && !!teamId,
    staleTime: 5 * 60 * 1000,
  });

  return useMemo((): Suggestion[] => {
    if (!trigger) return [];
    const q = trigger.query.toLowerCase();
    switch (trigger.kind) {
      case 'user': {
        const inChannel = (users.data?.users ?? []).filter((u) => !u.delete_at);
        const outside = (users.data?.out_of_channel ?? []).filter((u) => !u.delete_at);
        const row = (u: User, group?: string): Suggestion => ({
          key: `u:${u.id}`,
          replacement: `@${u.username}`,
          group,
          render: () => (
            <>
              <Avatar userId={u.id} size={20} status />
              <strong>@{u.username}</strong>
              {fullName(u) && <span className="muted">{fullName(u)}</span>}
              {u.nickname && <span className="muted">({u.nickname})</span>}
            </>
          ),
        });
        const rows = inChannel.map((u) => row(u));
        if (channel.type === 'O' || channel.type === 'P') {
          for (const special of SPECIAL_MENTIONS) {
            if (!special.startsWith(q)) continue;
            rows.push({
              key: `s:${special}`,
              replacement: `@${special}`,
              group: t('autocomplete.special'),
              render: () => (
                <>
                  <strong>@{special}</strong>
                  <span className="muted">{t(`autocomplete.${special}`)}</span>
                </>
              ),
            });
          }
        }
        rows.push(...outside.map((u) => row(u, t('autocomplete.notInChannel'))));
        return rows.slice(0, MAX_ROWS);
      }
      case 'channel': {
        const list = (channels.data ?? []).filter((c) => c.delete_at === 0 && (c.type === 'O' || c.type === 'P'));
        // Channels the user is in first, as Mattermost lists "My channels" before "Other channels".
        const mine = list.filter((c) => findCachedChannel(qc, c.id));
        const others = list.filter((c) => !findCachedChannel(qc, c.id));
        const row = (c: Channel, group?: string): Suggestion => ({
          key: `c:${c.id}`,
          replacement: `~${c.name}`,
          group,
          render: () => (
            <>
              <strong>{c.display_name}</strong>
              <span className="muted">~{c.name}</span>
            </>
          ),
        });
        return [...mine.map((c) => row(c)), ...others.map((c) => row(c, t('autocomplete.otherChannels')))].slice(0, MAX_ROWS);
      }
      case 'emoji': {
        // The server's custom emoji whose names start with the query, then the system ones.
        const mine = custom.list
          .filter((e) => e.name.startsWith(q))
          .slice(0, 5)
          .map((e) => ({
            key: `ce:${e.name}`,
            replacement: `:${e.name}:`,
            render: () => (
              <>
                <img className="suggestion__emoji" src={api.customEmojiImageUrl(e.id)} alt="" width={20} height={20} />
                <span>:{e.name}:</span>
              </>
            ),
          }));
        const system = searchEmoji(trigger.query, MAX_ROWS).map((m) => ({
          key: `e:${m.name}`,
          replacement: `:${m.name}:`,
          render: () => (
            <>
              <span className="suggestion__emoji" aria-hidden="true">
                {m.char}
              </span>
              <span>:{m.name}:</span>
            </>
          ),
        }));
        return [...mine, ...system].slice(0, MAX_ROWS);
      }
      case 'command':
        return (commands.data ?? [])
          .filter((c) => c.trigger.toLowerCase().startsWith(q))
          .sort((a, b) => a.trigger.localeCompare(b.trigger))
          .slice(0, MAX_ROWS)
          .map((c) => ({
            key: `cmd:${c.trigger}`,
            replacement: `/${c.trigger}`,
            render: () => (
              <>
                <strong>/{c.trigger}</strong>
                {c.auto_complete_hint && <span className="muted">{c.auto_complete_hint}</span>}
                {c.auto_complete_desc && <span className="suggestion__desc">{c.auto_complete_desc}</span>}
              </>
            ),
          }));
    }
  }, [trigger, users.data, channels.data, commands.data, channel.type, qc, custom]);
}

/** The list under (above) the composer; rows are options of a listbox the textarea controls. */
export function SuggestionList({
  id,
  items,
  active,
  onPick,
  onHover,
}: {
  id: string;
  items: Suggestion[];
  active: number;
  onPick: (s: Suggestion) => void;
  onHover: (index: number) => void;
}) {
  useEffect(() => {
    document.getElementById(`${id}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active]);
  if (items.length === 0) return null;
  return (
    <ul className="suggestions" id={id} role="listbox" aria-label={t('autocomplete.label')}>
      {items.map((s, i) => (
        <li key={s.key} className="suggestions__row">
          {s.group && (i === 0 || items[i - 1]?.group !== s.group) && (
            <div className="suggestions__group" aria-hidden="true">
              {s.group}
            </div>
          )}
          <div
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`suggestion${i === active ? ' suggestion--active' : ''}`}
            // Keep the focus in the textarea: pick on mouse down.
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(s);
            }}
            onMouseEnter={() => onHover(i)}
          >
            {s.render()}
          </div>
        </li>
      ))}
    </ul>
  );
}
