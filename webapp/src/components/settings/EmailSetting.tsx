// Settings → Notifications: email notifications, as Mattermost's settings have them: one choice of
// how often, which sets both the user's `email` (on unless "never") and the preference
// `notifications`/`email_interval`; every 15 minutes and every hour only when the server batches
// emails. With collapsed threads, replies in followed threads (`email_threads`).

import {
  EMAIL_INTERVAL,
  effectiveEmailInterval,
  emailIntervalChoices,
  userThreadsLevel,
  type EmailInterval,
} from '../../lib/notifyProps';
import { t, type StringKey } from '../../i18n/en';
import { RadioGroup } from './common';

export interface EmailForm {
  interval: EmailInterval;
  threads: boolean;
}

export function emailForm(
  props: Readonly<Record<string, string>> | undefined,
  batching: boolean,
  intervalPreference: string | undefined,
): EmailForm {
  return {
    interval: effectiveEmailInterval(props?.email !== 'false', batching, intervalPreference),
    threads: userThreadsLevel(props, 'email_threads') === 'all',
  };
}

export function emailThreadsShown(form: EmailForm, collapsedThreads: boolean): boolean {
  return collapsedThreads && form.interval !== EMAIL_INTERVAL.never;
}

/** The `notify_props` keys the form sets (`email_threads` only where it is shown). */
export function emailProps(form: EmailForm, collapsedThreads: boolean): Record<string, string> {
  const out: Record<string, string> = { email: String(form.interval !== EMAIL_INTERVAL.never) };
  if (emailThreadsShown(form, collapsedThreads)) out.email_threads = form.threads ? 'all' : 'mention';
  return out;
}

export const INTERVAL_LABELS: Record<EmailInterval, StringKey> = {
  '30': 'email.immediately',
  '900': 'email.every15',
  '3600': 'email.everyHour',
  '0': 'email.never',
};

export function EmailSetting({
  enabled,
  batching,
  value,
  collapsedThreads,
  onChange,
}: {
  /** The server sends notification emails (`SendEmailNotifications`). */
  enabled: boolean;
  /** The server batches them (`EnableEmailBatching`). */
  batching: boolean;
  value: EmailForm;
  collapsedThreads: boolean;
  onChange: (patch: Partial<EmailForm>) => void;
}) {
  if (!enabled) {
    return (
      <div className="settings-group">
        <h3 className="settings-group__legend">{t('notifications.email')}</h3>
        <p className="settings-group__hint">{t('email.disabled')}</p>
      </div>
    );
  }
  return (
    <RadioGroup<EmailInterval>
      legend={t('notifications.email')}
      name="settings-email"
      value={value.interval}
      hint={t(batching ? 'email.batchingInfo' : 'email.info')}
      options={emailIntervalChoices(batching).map((v) => ({ value: v, label: t(INTERVAL_LABELS[v]) }))}
      onChange={(interval) => onChange({ interval })}
    >
      {emailThreadsShown(value, collapsedThreads) && (
        <label className="checkbox settings-spaced">
          <input type="checkbox" checked={value.threads} onChange={(e) => onChange({ threads: e.target.checked })} />
          {t('email.threads')}
        </label>
      )}
    </RadioGroup>
  );
}
