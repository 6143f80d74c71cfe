// Notifications: the user's `notify_props` as Mattermost's settings show them, saved together
// (PATCH with the whole map), with the email interval preference; and the browser's permission
// to show notifications.

import { useId, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { ClientConfig, Preference, User } from '../../api/types';
import { errorMessage } from '../../lib/format';
import { customMentionKeys, mentionKeysValue, userDesktopLevel, type NotifyLevel } from '../../lib/notifyProps';
import { notificationPermission, requestNotificationPermission, type PermissionState } from '../../live/notifications';
import { useConfig, useMeUser } from '../../queries/hooks';
import {
  getPreference,
  makePreference,
  PREF_CATEGORY,
  PREF_NAME,
  savePreferences,
  useDisplaySettings,
  usePreferences,
} from '../../queries/preferences';
import { t } from '../../i18n/en';
import { FieldError, Notice, RadioGroup, storeMe } from './common';
import { WebPushSetting } from './WebPushSetting';
import { EmailSetting, emailForm, emailProps, type EmailForm } from './EmailSetting';
import { PushSetting, pushForm, pushProps, type PushForm } from './PushSetting';

interface FormState {
  desktop: NotifyLevel;
  desktopThreads: boolean;
  sound: boolean;
  firstName: boolean;
  channel: boolean;
  keys: string;
  push: PushForm;
  email: EmailForm;
}

/** What the server offers: pushes, emails and their batching (`config/client`). */
interface Offered {
  push: boolean;
  email: boolean;
  batching: boolean;
}

function offered(config: ClientConfig): Offered {
  return {
    push: config.SendPushNotifications === 'true',
    email: config.SendEmailNotifications === 'true',
    batching: config.EnableEmailBatching === 'true',
  };
}

function emailIntervalPreference(prefs: readonly Preference[] | undefined): string | undefined {
  return getPreference(prefs, PREF_CATEGORY.notifications, PREF_NAME.emailInterval);
}

function fromUser(u: User, batching: boolean, interval: string | undefined): FormState {
  const p = u.notify_props ?? {};
  return {
    desktop: userDesktopLevel(p),
    desktopThreads: (p.desktop_threads ?? 'all') === 'all',
    sound: (p.desktop_sound ?? 'true') === 'true',
    firstName: p.first_name === 'true',
    channel: (p.channel ?? 'true') === 'true',
    keys: customMentionKeys(p, u.username).join(', '),
    push: pushForm(p),
    email: emailForm(p, batching, interval),
  };
}

/**
 * The full `notify_props` to send: the user's current map with the form's values over it. Push and
 * email keys only when the server offers them; thread choices only where they are shown.
 */
export function notifyPropsFromForm(
  u: User,
  f: FormState,
  shown: { desktopThreads: boolean; collapsedThreads: boolean; push: boolean; email: boolean },
): Record<string, string> {
  const p = { ...(u.notify_props ?? {}) };
  p.desktop = f.desktop;
  if (shown.desktopThreads) p.desktop_threads = f.desktopThreads ? 'all' : 'mention';
  p.desktop_sound = String(f.sound);
  p.first_name = String(f.firstName);
  p.channel = String(f.channel);
  p.mention_keys = mentionKeysValue(f.keys, p.mention_keys, u.username);
  if (shown.push) Object.assign(p, pushProps(f.push, shown.collapsedThreads));
  if (shown.email) Object.assign(p, emailProps(f.email, shown.collapsedThreads));
  return p;
}

/** The tab, once the server's settings and the user's preferences are known. */
export function NotificationsTab() {
  const { data: config } = useConfig();
  const prefs = usePreferences();
  if (!config || !prefs.data) {
    return prefs.isError ? <FieldError error={errorMessage(prefs.error)} /> : <p className="muted">{t('settings.loading')}</p>;
  }
  return <NotificationsForm offer={offered(config)} intervalPref={emailIntervalPreference(prefs.data)} />;
}

function NotificationsForm({ offer, intervalPref }: { offer: Offered; intervalPref: string | undefined }) {
  const me = useMeUser();
  const qc = useQueryClient();
  const { collapsedThreads } = useDisplaySettings();
  const [form, setForm] = useState<FormState>(() => fromUser(me, offer.batching, intervalPref));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState('');
  const keysId = useId();

  const showThreads = collapsedThreads && form.desktop === 'mention';

  function update(patch: Partial<FormState>) {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(false);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setError('');
    setSaved(false);
    setSaving(true);
    try {
      const shown = { desktopThreads: showThreads, collapsedThreads, push: offer.push, email: offer.email };
      const user = await api.patchUser(me.id, { notify_props: notifyPropsFromForm(me, form, shown) });
      storeMe(qc, user);
      // The interval is a preference of its own, saved as Mattermost's apps save it.
      const interval = offer.email && form.email.interval !== intervalPref ? form.email.interval : undefined;
      if (interval !== undefined) {
        await savePreferences(qc, [
          makePreference(me.id, PREF_CATEGORY.notifications, PREF_NAME.emailInterval, interval),
        ]);
      }
      setForm(fromUser({ ...me, ...user }, offer.batching, interval ?? intervalPref));
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="settings-tab">
      <form className="form settings-form" onSubmit={submit} noValidate aria-label={t('settings.tabNotifications')}>
        <RadioGroup<NotifyLevel>
          legend={t('notifications.desktop')}
          name="settings-desktop"
          value={form.desktop}
          hint={t('notifications.desktopFor')}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'mention', label: t('notifications.mentions') },
            { value: 'none', label: t('notifications.nothing') },
          ]}
          onChange={(desktop) => update({ desktop })}
        >
          {showThreads && (
            <label className="checkbox settings-indent">
              <input
                type="checkbox"
                checked={form.desktopThreads}
                onChange={(e) => update({ desktopThreads: e.target.checked })}
              />
              {t('notifications.threads')}
            </label>
          )}
          <label className="checkbox settings-spaced">
            <input type="checkbox" checked={form.sound} onChange={(e) => update({ sound: e.target.checked })} />
            {t('notifications.sound')}
          </label>
        </RadioGroup>

        <BrowserPermission />
        <WebPushSetting />

        <fieldset className="settings-group">
          <legend className="settings-group__legend">{t('notifications.keywords')}</legend>
          <p className="settings-group__hint">{t('notifications.usernameAlways', { username: me.username })}</p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.firstName}
              disabled={!me.first_name && !form.firstName}
              onChange={(e) => update({ firstName: e.target.checked })}
            />
            {me.first_name ? t('notifications.firstName', { name: me.first_name }) : t('notifications.firstNameNone')}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={form.channel} onChange={(e) => update({ channel: e.target.checked })} />
            {t('notifications.channelWide')}
          </label>
          <label className="field">
            <span>{t('notifications.otherKeys')}</span>
            <input
              name="mention_keys"
              value={form.keys}
              autoCapitalize="none"
              spellCheck={false}
              aria-describedby={keysId}
              onChange={(e) => update({ keys: e.target.value })}
            />
          </label>
          <small id={keysId} className="field__hint">
            {t('notifications.otherKeysHint')}
          </small>
        </fieldset>

        <EmailSetting
          enabled={offer.email}
          batching={offer.batching}
          value={form.email}
          collapsedThreads={collapsedThreads}
          onChange={(patch) => update({ email: { ...form.email, ...patch } })}
        />
        <PushSetting
          enabled={offer.push}
          value={form.push}
          collapsedThreads={collapsedThreads}
          onChange={(patch) => update({ push: { ...form.push, ...patch } })}
        />

        <FieldError error={error} />
        <div className="form__actions settings-actions">
          {saved && <Notice>{t('settings.saved')}</Notice>}
          <button type="submit" className="btn btn--primary" aria-disabled={saving || undefined}>
            {saving ? t('settings.saving') : t('settings.save')}
          </button>
        </div>
      </form>
    </div>
  );
}

function BrowserPermission() {
  const [permission, setPermission] = useState<PermissionState>(() => notificationPermission());
  const text =
    permission === 'granted'
      ? t('notifications.permissionGranted')
      : permission === 'denied'
        ? t('notifications.permissionDenied')
        : permission === 'unsupported'
          ? t('notifications.permissionUnsupported')
          : t('notifications.permissionDefault');
  return (
    <div className="settings-group">
      <h3 className="settings-group__legend">{t('notifications.permission')}</h3>
      <p className="settings-group__hint" role="status">
        {text}
      </p>
      {permission === 'default' && (
        <button
          type="button"
          className="btn btn--small"
          onClick={() => void requestNotificationPermission().then(setPermission)}
        >
          {t('notifications.allowBrowser')}
        </button>
      )}
    </div>
  );
}
