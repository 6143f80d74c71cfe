// Display: theme, clock, message display, teammate names, threaded discussions. Each choice is
// saved as a preference as soon as it is made; a refusal puts the old choice back and says why.

import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/format';
import { useMeUser } from '../../queries/hooks';
import {
  makePreference,
  PREF_CATEGORY,
  PREF_NAME,
  saveThemePreference,
  savePreferences,
  useDisplayOptions,
  useDisplaySettings,
  usePreferences,
  type TeammateNameDisplay,
} from '../../queries/preferences';
import { useUi, type ThemeChoice } from '../../store/ui';
import { t } from '../../i18n/en';
import { FieldError, RadioGroup } from './common';
import { TimezoneSetting } from './TimezoneSetting';

type Section = 'theme' | 'clock' | 'messageDisplay' | 'nameFormat' | 'crt';

export function DisplayTab() {
  const me = useMeUser();
  const qc = useQueryClient();
  const prefs = usePreferences();
  const display = useDisplaySettings();
  const options = useDisplayOptions();
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const [errors, setErrors] = useState<Partial<Record<Section, string>>>({});

  async function run(section: Section, action: () => Promise<void>) {
    setErrors((e) => ({ ...e, [section]: undefined }));
    try {
      await action();
    } catch (err) {
      setErrors((e) => ({ ...e, [section]: t('settings.notSaved', { error: errorMessage(err) }) }));
    }
  }

  const save = (section: Section, name: string, value: string) =>
    void run(section, () => savePreferences(qc, [makePreference(me.id, PREF_CATEGORY.display, name, value)]));

  function chooseTheme(choice: ThemeChoice) {
    setTheme(choice);
    void run('theme', () => saveThemePreference(qc, me.id, choice));
  }

  return (
    <div className="settings-tab">
      <RadioGroup<ThemeChoice>
        legend={t('display.theme')}
        name="settings-theme"
        value={theme}
        hint={t('display.themeHint')}
        options={[
          { value: 'system', label: t('user.themeSystem') },
          { value: 'light', label: t('user.themeLight') },
          { value: 'dark', label: t('user.themeDark') },
        ]}
        onChange={chooseTheme}
        error={errors.theme}
      />
      {prefs.isPending ? (
        <p className="muted">{t('settings.loading')}</p>
      ) : prefs.isError && !prefs.data ? (
        <div className="settings-group">
          <FieldError error={errorMessage(prefs.error)} />
          <button type="button" className="btn btn--small" onClick={() => void prefs.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : (
        <>
          <RadioGroup<'false' | 'true'>
            legend={t('display.clock')}
            name="settings-clock"
            value={display.militaryTime ? 'true' : 'false'}
            options={[
              { value: 'false', label: t('display.clock12') },
              { value: 'true', label: t('display.clock24') },
            ]}
            onChange={(v) => save('clock', PREF_NAME.militaryTime, v)}
            error={errors.clock}
          />
          <RadioGroup<'clean' | 'compact'>
            legend={t('display.messageDisplay')}
            name="settings-message-display"
            value={display.compact ? 'compact' : 'clean'}
            options={[
              { value: 'clean', label: t('display.standard'), hint: t('display.standardHint') },
              { value: 'compact', label: t('display.compact'), hint: t('display.compactHint') },
            ]}
            onChange={(v) => save('messageDisplay', PREF_NAME.messageDisplay, v)}
            error={errors.messageDisplay}
          />
          <RadioGroup<TeammateNameDisplay>
            legend={t('display.nameFormat')}
            name="settings-name-format"
            value={display.teammateNameDisplay}
            disabled={options.nameFormatLocked}
            hint={options.nameFormatLocked ? t('display.nameLocked') : undefined}
            options={[
              { value: 'username', label: t('display.nameUsername') },
              { value: 'nickname_full_name', label: t('display.nameNicknameFull') },
              { value: 'full_name', label: t('display.nameFull') },
            ]}
            onChange={(v) => save('nameFormat', PREF_NAME.nameFormat, v)}
            error={errors.nameFormat}
          />
          {options.collapsedThreadsChangeable && (
            <RadioGroup<'on' | 'off'>
              legend={t('display.crt')}
              name="settings-crt"
              value={display.collapsedThreads ? 'on' : 'off'}
              hint={t('display.crtHint')}
              options={[
                { value: 'on', label: t('settings.on') },
                { value: 'off', label: t('settings.off') },
              ]}
              onChange={(v) => save('crt', PREF_NAME.collapsedReplyThreads, v)}
              error={errors.crt}
            />
          )}
          <TimezoneSetting />
        </>
      )}
    </div>
  );
}
