// Sidebar: "Group unread channels separately" and how many direct messages to list (preferences).

import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/format';
import { useMeUser } from '../../queries/hooks';
import {
  DM_LIMITS,
  makePreference,
  PREF_CATEGORY,
  PREF_NAME,
  savePreferences,
  usePreferences,
  useSidebarSettings,
} from '../../queries/preferences';
import { t } from '../../i18n/en';
import { FieldError, RadioGroup } from './common';

type Section = 'unread' | 'dms';

export function SidebarTab() {
  const me = useMeUser();
  const qc = useQueryClient();
  const prefs = usePreferences();
  const sidebar = useSidebarSettings();
  const [errors, setErrors] = useState<Partial<Record<Section, string>>>({});
  const selectId = useId();

  async function save(section: Section, name: string, value: string) {
    setErrors((e) => ({ ...e, [section]: undefined }));
    try {
      await savePreferences(qc, [makePreference(me.id, PREF_CATEGORY.sidebar, name, value)]);
    } catch (err) {
      setErrors((e) => ({ ...e, [section]: t('settings.notSaved', { error: errorMessage(err) }) }));
    }
  }

  if (prefs.isPending) return <p className="muted">{t('settings.loading')}</p>;
  if (prefs.isError && !prefs.data) {
    return (
      <div className="settings-group">
        <FieldError error={errorMessage(prefs.error)} />
        <button type="button" className="btn btn--small" onClick={() => void prefs.refetch()}>
          {t('app.retry')}
        </button>
      </div>
    );
  }

  // A value saved by another client that is not one of the choices is still shown.
  const limits: number[] = [...DM_LIMITS];
  if (!limits.includes(sidebar.limitVisibleDmsGms)) limits.push(sidebar.limitVisibleDmsGms);
  limits.sort((a, b) => a - b);

  return (
    <div className="settings-tab">
      <RadioGroup<'true' | 'false'>
        legend={t('sidebarSettings.groupUnread')}
        name="settings-group-unread"
        value={sidebar.showUnreadSection ? 'true' : 'false'}
        hint={t('sidebarSettings.groupUnreadHint')}
        options={[
          { value: 'true', label: t('settings.on') },
          { value: 'false', label: t('settings.off') },
        ]}
        onChange={(v) => void save('unread', PREF_NAME.showUnreadSection, v)}
        error={errors.unread}
      />
      <div className="settings-group">
        <label className="field" htmlFor={selectId}>
          <span className="settings-group__legend">{t('sidebarSettings.dmLimit')}</span>
        </label>
        <select
          id={selectId}
          className="settings-select"
          value={String(sidebar.limitVisibleDmsGms)}
          aria-invalid={errors.dms ? true : undefined}
          onChange={(e) => void save('dms', PREF_NAME.limitVisibleDmsGms, e.target.value)}
        >
          {limits.map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
        <FieldError error={errors.dms} />
      </div>
    </div>
  );
}
