// A menu of options for integrations (a message attachment's `select` action, a dialog's `select`
// element): static options in a native <select>, or the team's users or channels found as the
// user types (`data_source: users | channels`), from the same autocomplete APIs as the composer.

import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { PostActionOption } from '../api/integrationTypes';
import { useUi } from '../store/ui';
import { t } from '../i18n/en';

interface Props {
  /** `users`, `channels`, or anything else for the static `options`. */
  dataSource?: string;
  options?: PostActionOption[];
  value: string;
  /** Called with the value and the text shown for it. */
  onChange: (value: string, text: string) => void;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
  label?: string;
  invalid?: boolean;
  describedBy?: string;
}

export function OptionPicker(p: Props) {
  if (p.dataSource === 'users' || p.dataSource === 'channels') return <SearchPicker {...p} source={p.dataSource} />;
  return (
    <select
      id={p.id}
      className="input option-picker"
      aria-label={p.id ? undefined : p.label}
      aria-invalid={p.invalid || undefined}
      aria-describedby={p.describedBy}
      value={p.value}
      disabled={p.disabled}
      onChange={(e) => {
        const o = p.options?.find((x) => x.value === e.target.value);
        p.onChange(e.target.value, o?.text ?? '');
      }}
    >
      <option value="" disabled={!!p.value}>
        {p.placeholder || t('integrations.selectPlaceholder')}
      </option>
      {(p.options ?? []).map((o, i) => (
        <option key={`${o.value}-${i}`} value={o.value}>
          {o.text}
        </option>
      ))}
    </select>
  );
}

function SearchPicker(p: Props & { source: 'users' | 'channels' }) {
  const teamId = useUi((s) => s.current.teamId);
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [shown, setShown] = useState('');
  const listId = useId();
  useEffect(() => {
    if (!p.value) setShown('');
  }, [p.value]);
  const found = useQuery({
    queryKey: ['optionPicker', p.source, teamId, term],
    enabled: open && !!teamId,
    staleTime: 30_000,
    queryFn: async (): Promise<PostActionOption[]> => {
      if (p.source === 'users') {
        const r = await api.autocompleteUsers(teamId, term);
        return r.users.slice(0, 20).map((u) => ({ value: u.id, text: u.username }));
      }
      const list = await api.autocompleteChannels(teamId, term);
      return list.slice(0, 20).map((c) => ({ value: c.id, text: c.display_name || c.name }));
    },
  });
  const items = found.data ?? [];

  function pick(o: PostActionOption) {
    setShown(o.text);
    setTerm('');
    setOpen(false);
    p.onChange(o.value, o.text);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (items.length) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
    } else if (e.key === 'Enter' && open && items[active]) {
      e.preventDefault();
      pick(items[active]);
    } else if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    }
  }

  return (
    <div className="option-picker option-picker--search">
      <input
        id={p.id}
        className="input"
        role="combobox"
        aria-label={p.id ? undefined : p.label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={p.invalid || undefined}
        aria-describedby={p.describedBy}
        autoComplete="off"
        disabled={p.disabled}
        placeholder={shown || p.placeholder || t(p.source === 'users' ? 'integrations.findUser' : 'integrations.findChannel')}
        value={open ? term : shown}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setTerm(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul className="option-picker__list" role="listbox" id={listId}>
          {items.length === 0 && <li className="option-picker__empty">{found.isFetching ? t('app.loading') : t('integrations.noMatch')}</li>}
          {items.map((o, i) => (
            <li
              key={o.value}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
            >
              {o.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
