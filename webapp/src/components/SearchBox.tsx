import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Channel, Team, User } from '../api/types';
import { keys } from '../queries/keys';
import { useChannels, useMeUser } from '../queries/hooks';
import { primeUsers } from '../queries/users';
import { completeToken, isoDay, searchToken, type SearchModifier, type SearchToken } from '../lib/search';
import { moveSelection } from '../lib/autocomplete';
import { dmOtherUserId } from '../lib/format';
import { useUi } from '../store/ui';
import { IconClose, IconSearch } from './icons';
import { t, type StringKey } from '../i18n/en';

interface Option {
  key: string;
  /** Replaces the word at the caret (with the modifier kept), or inserts a modifier. */
  apply: (text: string, token: SearchToken) => { text: string; caret: number };
  render: () => ReactNode;
}

const HINTS: { insert: string; example: string; label: StringKey }[] = [
  { insert: 'from:', example: 'from:username', label: 'search.hintFrom' },
  { insert: 'in:', example: 'in:channel-name', label: 'search.hintIn' },
  { insert: 'on:', example: 'on:YYYY-MM-DD', label: 'search.hintOn' },
  { insert: 'before:', example: 'before:YYYY-MM-DD', label: 'search.hintBefore' },
  { insert: 'after:', example: 'after:YYYY-MM-DD', label: 'search.hintAfter' },
  { insert: '-', example: '-word', label: 'search.hintExclude' },
  { insert: '"', example: '"exact phrase"', label: 'search.hintPhrase' },
];

/** Inserts a modifier in place of the word being typed (no space after it: its value follows). */
function insertModifier(text: string, token: SearchToken, insert: string) {
  const next = text.slice(0, token.start) + insert + text.slice(token.end);
  return { text: next, caret: token.start + insert.length };
}

/**
 * The search box of the channel header: messages of the team the user can see, with Mattermost's
 * modifiers. Suggests the modifiers, then people for `from:`, channels for `in:` and dates for
 * `on:`/`before:`/`after:`. Enter shows the results in the right-hand pane.
 */
export function SearchBox({ team }: { team: Team }) {
  const qc = useQueryClient();
  const me = useMeUser();
  const openRhs = useUi((s) => s.openRhs);
  const channels = useChannels(team.id);
  const rhs = useUi((s) => s.rhs);
  const [text, setText] = useState(rhs?.kind === 'search' ? rhs.terms : '');
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  // Where the caret goes after a suggestion is picked: set as the new text is committed, before
  // the next key is handled.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    input.current?.focus();
    input.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  // Ctrl/Cmd+Shift+F focuses the search box, as in Mattermost.
  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        input.current?.focus();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const token = useMemo(() => searchToken(text, caret), [text, caret]);
  const modifier: SearchModifier | null = token.modifier;
  const value = token.value.replace(/^@/, '').toLowerCase();

  const users = useQuery({
    queryKey: ['search-users', team.id, value],
    queryFn: async () => {
      const r = await api.autocompleteUsers(team.id, value);
      primeUsers(qc, r.users);
      return r.users;
    },
    enabled: focused && modifier === 'from',
    staleTime: 30 * 1000,
    placeholderData: keepPreviousData,
  });

  const options = useMemo((): Option[] => {
    if (!focused) return [];
    const replace = (v: string) => (txt: string, tok: SearchToken) => completeToken(txt, tok, v);
    switch (modifier) {
      case 'from':
        return (users.data ?? [])
          .filter((u) => !u.delete_at)
          .slice(0, 8)
          .map((u) => ({
            key: u.id,
            apply: replace(u.username),
            render: () => (
              <>
                <strong>@{u.username}</strong>
                {[u.first_name, u.last_name].filter(Boolean).length > 0 && (
                  <span className="muted">{[u.first_name, u.last_name].filter(Boolean).join(' ')}</span>
                )}
              </>
            ),
          }));
      case 'in':
        return channelOptions(channels.data ?? [], value, me.id, (id) => qc.getQueryData<User>(keys.user(id))?.username).map((c) => ({
          key: c.id,
          apply: replace(c.type === 'D' ? `@${c.label}` : c.name),
          render: () => (
            <>
              <strong>{c.type === 'D' ? `@${c.label}` : c.label}</strong>
              {c.type !== 'D' && <span className="muted">~{c.name}</span>}
            </>
          ),
        }));
      case 'on':
      case 'before':
      case 'after': {
        const today = new Date();
        const yesterday = new Date(Date.now() - 86_400_000);
        return [today, yesterday]
          .map(isoDay)
          .filter((d) => d.startsWith(value))
          .map((d) => ({
            key: d,
            apply: replace(d),
            render: () => (
              <>
                <strong>{d}</strong>
                <span className="muted">{t('search.dateHint')}</span>
              </>
            ),
          }));
      }
      default:
        if (token.value && !token.negated) return [];
        return HINTS.map((h) => ({
          key: h.insert,
          apply: (txt: string, tok: SearchToken) => insertModifier(txt, tok, h.insert),
          render: () => (
            <>
              <strong>{h.example}</strong>
              <span className="muted">{t(h.label)}</span>
            </>
          ),
        }));
    }
  }, [focused, modifier, value, token.value, token.negated, users.data, channels.data, me.id, qc]);

  const showList = options.length > 0;
  const activeIndex = active >= options.length ? -1 : active;

  function pick(o: Option) {
    const next = o.apply(text, token);
    setText(next.text);
    setCaret(next.caret);
    setActive(-1);
    pendingCaret.current = next.caret;
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    const terms = text.trim();
    if (!terms) return;
    openRhs({ kind: 'search', terms });
    setActive(-1);
    input.current?.blur();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (showList && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setActive(moveSelection(activeIndex, e.key === 'ArrowDown' ? 1 : -1, options.length));
      return;
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && showList && activeIndex >= 0) {
      const o = options[activeIndex];
      if (o) {
        e.preventDefault();
        pick(o);
        return;
      }
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (showList) setFocused(false);
      else input.current?.blur();
    }
  }

  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <span className="search-box__icon" aria-hidden="true">
        <IconSearch />
      </span>
      <input
        ref={input}
        type="search"
        className="search-box__input"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        spellCheck={false}
        value={text}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={showList ? listId : undefined}
        aria-activedescendant={showList && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setActive(-1);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={onKeyDown}
      />
      {text && (
        <button
          type="button"
          className="icon-btn icon-btn--small search-box__clear"
          aria-label={t('search.clear')}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            setText('');
            setCaret(0);
            input.current?.focus();
          }}
        >
          <IconClose />
        </button>
      )}
      {showList && (
        <ul className="suggestions suggestions--below" id={listId} role="listbox" aria-label={t('search.hintsTitle')}>
          {options.map((o, i) => (
            <li key={o.key} className="suggestions__row">
              <div
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === activeIndex}
                className={`suggestion${i === activeIndex ? ' suggestion--active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {o.render()}
              </div>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

interface ChannelOption {
  id: string;
  name: string;
  label: string;
  type: Channel['type'];
}

/** The user's channels whose name or display name starts with (or contains) `value`. */
function channelOptions(
  list: readonly Channel[],
  value: string,
  myId: string,
  usernameOf: (id: string) => string | undefined,
): ChannelOption[] {
  const out: ChannelOption[] = [];
  for (const c of list) {
    if (c.delete_at) continue;
    if (c.type === 'G') continue;
    // A DM is searched as `in:@username`.
    const label = c.type === 'D' ? usernameOf(dmOtherUserId(c, myId)) : c.display_name || c.name;
    if (!label) continue;
    const hay = `${c.name} ${label}`.toLowerCase();
    if (value && !hay.includes(value)) continue;
    out.push({ id: c.id, name: c.name, label, type: c.type });
  }
  const starts = (o: ChannelOption) => (o.name.startsWith(value) || o.label.toLowerCase().startsWith(value) ? 0 : 1);
  return out.sort((a, b) => starts(a) - starts(b) || a.label.localeCompare(b.label)).slice(0, 8);
}
