// Settings → Notifications: mobile push notifications, as Mattermost's settings have them: for
// what (`push`), when (`push_status`: online, away or offline) and, with collapsed threads, for
// replies in followed threads (`push_threads`). Shown only when the server sends pushes.

import { useId } from 'react';
import {
  userPushLevel,
  userPushStatus,
  userThreadsLevel,
  type NotifyLevel,
  type PushStatus,
} from '../../lib/notifyProps';
import { t } from '../../i18n/en';
import { RadioGroup } from './common';

export interface PushForm {
  push: NotifyLevel;
  pushStatus: PushStatus;
  pushThreads: boolean;
}

export function pushForm(props: Readonly<Record<string, string>> | undefined): PushForm {
  return {
    push: userPushLevel(props),
    pushStatus: userPushStatus(props),
    pushThreads: userThreadsLevel(props, 'push_threads') === 'all',
  };
}

/** The thread replies choice applies to "mentions" only, with collapsed threads on. */
export function pushThreadsShown(form: PushForm, collapsedThreads: boolean): boolean {
  return collapsedThreads && form.push === 'mention';
}

/** The `notify_props` keys the form sets (`push_threads` only where it is shown). */
export function pushProps(form: PushForm, collapsedThreads: boolean): Record<string, string> {
  const out: Record<string, string> = { push: form.push, push_status: form.pushStatus };
  if (pushThreadsShown(form, collapsedThreads)) out.push_threads = form.pushThreads ? 'all' : 'mention';
  return out;
}

const STATUSES: { value: PushStatus; label: 'push.online' | 'push.away' | 'push.offline' }[] = [
  { value: 'online', label: 'push.online' },
  { value: 'away', label: 'push.away' },
  { value: 'offline', label: 'push.offline' },
];

export function PushSetting({
  enabled,
  value,
  collapsedThreads,
  onChange,
}: {
  /** The server sends pushes (`SendPushNotifications`). */
  enabled: boolean;
  value: PushForm;
  collapsedThreads: boolean;
  onChange: (patch: Partial<PushForm>) => void;
}) {
  const statusId = useId();
  if (!enabled) {
    return (
      <div className="settings-group">
        <h3 className="settings-group__legend">{t('push.title')}</h3>
        <p className="settings-group__hint">{t('push.disabled')}</p>
      </div>
    );
  }
  return (
    <RadioGroup<NotifyLevel>
      legend={t('push.title')}
      name="settings-push"
      value={value.push}
      hint={t('push.for')}
      options={[
        { value: 'all', label: t('notifications.all') },
        { value: 'mention', label: t('notifications.mentions') },
        { value: 'none', label: t('notifications.nothing') },
      ]}
      onChange={(push) => onChange({ push })}
    >
      {pushThreadsShown(value, collapsedThreads) && (
        <label className="checkbox settings-indent">
          <input
            type="checkbox"
            checked={value.pushThreads}
            onChange={(e) => onChange({ pushThreads: e.target.checked })}
          />
          {t('push.threads')}
        </label>
      )}
      {value.push !== 'none' && (
        <fieldset className="settings-subgroup" aria-describedby={statusId}>
          <legend className="settings-subgroup__legend">{t('push.when')}</legend>
          {STATUSES.map((s) => (
            <label key={s.value} className="settings-choice">
              <input
                type="radio"
                name="settings-push-status"
                value={s.value}
                checked={value.pushStatus === s.value}
                onChange={() => onChange({ pushStatus: s.value })}
              />
              <span>{t(s.label)}</span>
            </label>
          ))}
          <p id={statusId} className="settings-group__hint">
            {t('push.whenHint')}
          </p>
        </fieldset>
      )}
    </RadioGroup>
  );
}
