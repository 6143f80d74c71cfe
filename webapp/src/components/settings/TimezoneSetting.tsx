// Display → Timezone: automatic (this device's zone, saved as the automatic zone) or a zone
// chosen from the server's list, searchable. Saved at once, as the other display settings.

import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import { errorMessage } from '../../lib/format';
import {
  browserTimeZone,
  filterTimezones,
  readTimezone,
  timezoneLabel,
  utcOffsetLabel,
  type TimezoneSetting as Setting,
} from '../../lib/timezone';
import { useMeUser } from '../../queries/hooks';
import { keys } from '../../queries/keys';
import { t } from '../../i18n/en';
import { RadioGroup, storeMe } from './common';

export function TimezoneSetting() {
  const me = useMeUser();
  const qc = useQueryClient();
  const saved = readTimezone(me.timezone);
  const browser = browserTimeZone();
  // "Choose a zone" shows the picker before any zone is picked (nothing is saved until then).
  const [mode, setMode] = useState<'auto' | 'manual'>(saved.useAutomaticTimezone === 'true' ? 'auto' : 'manual');
  const [query, setQuery] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const zones = useQuery({ queryKey: keys.timezones, queryFn: api.getSupportedTimezones, enabled: mode === 'manual', staleTime: Infinity });
  const matches = useMemo(() => filterTimezones(zones.data ?? [], query), [zones.data, query]);

  async function save(next: Setting) {
    setBusy(true);
    setError('');
    try {
      const user = await api.patchUser(me.id, { timezone: { ...next } });
      storeMe(qc, { ...user, timezone: user.timezone ?? { ...next } });
    } catch (err) {
      setError(t('settings.notSaved', { error: errorMessage(err) }));
    } finally {
      setBusy(false);
    }
  }

  function choose(value: 'auto' | 'manual') {
    setMode(value);
    if (value === 'auto') void save({ ...saved, useAutomaticTimezone: 'true', automaticTimezone: browser });
    else if (saved.manualTimezone) void save({ ...saved, useAutomaticTimezone: 'false' });
  }

  const current = saved.useAutomaticTimezone === 'false' && saved.manualTimezone ? saved.manualTimezone : '';

  return (
    <RadioGroup<'auto' | 'manual'>
      legend={t('timezone.legend')}
      name="settings-timezone"
      value={mode}
      hint={t('timezone.hint')}
      options={[
        { value: 'auto', label: t('timezone.automatic', { zone: timezoneLabel(browser) }) },
        { value: 'manual', label: t('timezone.manual') },
      ]}
      onChange={choose}
      error={error}
    >
      {mode === 'manual' && (
        <div className="timezone-picker">
          {current && <p className="settings-group__hint">{t('timezone.current', { zone: timezoneLabel(current) })}</p>}
          <input
            type="search"
            className="timezone-picker__search"
            aria-label={t('timezone.search')}
            placeholder={t('timezone.search')}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {zones.isPending ? (
            <p className="muted">{t('timezone.loading')}</p>
          ) : zones.error ? (
            <p className="form__error" role="alert">
              {errorMessage(zones.error)}
            </p>
          ) : matches.length === 0 ? (
            <p className="muted">{t('timezone.noMatch', { query })}</p>
          ) : (
            <ul className="timezone-picker__list" aria-label={t('timezone.list')}>
              {matches.map((zone) => (
                <li key={zone}>
                  <button
                    type="button"
                    className={`timezone-picker__zone${zone === current ? ' timezone-picker__zone--current' : ''}`}
                    aria-pressed={zone === current}
                    // Not disabled while saving: the focus stays on the zone picked.
                    onClick={() => {
                      if (!busy) void save({ ...saved, useAutomaticTimezone: 'false', manualTimezone: zone });
                    }}
                  >
                    <span>{timezoneLabel(zone)}</span>
                    <span className="muted">{utcOffsetLabel(zone)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </RadioGroup>
  );
}
