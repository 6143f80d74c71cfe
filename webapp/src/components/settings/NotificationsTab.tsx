// Notifications: the user's `notify_props` as Mattermost's settings show them, saved together
// (PATCH with the whole map), and the browser's permission to show notifications.

import { useId, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { User } from '../../api/types';
import { errorMessage } from '../../lib/format';
import { customMentionKeys, mentionKeysValue, userDesktopLevel, type NotifyLevel } from '../../lib/notifyProps';
import { notificationPermission, requestNotificationPermission, type PermissionState } from '../../live/notifications';
import { useConfig, useMeUser } from '../../queries/hooks';
import { useDisplaySettings } from '../../queries/preferences';
import { t } from '../../i18n/en';
import { FieldError, Notice, RadioGroup, storeMe } from './common';
import { WebPushSetting } from './WebPushSetting';

interface FormState {
  desktop: NotifyLevel;
  desktopThreads: boolean;
  sound: boolean;
  firstName: boolean;
  channel: boolean;
  keys: string;
  email: boolean;
}

function fromUser(u: User): FormState {
  const p = u.notify_props ?? {};
  return {
    desktop: userDesktopLevel(p),
    desktopThreads: (p.desktop_threads ?? 'all') === 'all',
    sound: (p.desktop_sound ?? 'true') === 'true',
    firstName: p.first_name === 'true',
    channel: (p.channel ?? 'true') === 'true',
    keys: customMentionKeys(p, u.username).join(', '),
    email: (p.email ?? 'true') === 'true',
  };
}

/** The full `notify_props` to send: the user's current map with the form's values over it. */
export function notifyPropsFromForm(u: User, f: FormState, showThreads: boolean): Record<string, string> {
  const p = { ...(u.notify_props ?? {}) };
  p.desktop = f.desktop;
  if (showThreads) p.desktop_threads = f.desktopThreads ? 'all' : 'mention';
  p.desktop_sound = String(f.sound);
  p.first_name = String(f.firstName);
  p.channel = String(f.channel);
  p.mention_keys = mentionKeysValue(f.keys, p.mention_keys, u.username);
  p.email = String(f.email);
  return p;
}

export function NotificationsTab() {
  const me = useMeUser();
  const qc = useQueryClient();
  const { data: config } = useConfig();
  const { collapsedThreads } = useDisplaySettings();
  const [form, setForm] = useState<FormState>(() => fromUser(me));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState('');
  const keysId = useId();

  const showThreads = collapsedThreads && form.desktop === 'mention';
  const emailEnabled = config?.SendEmailNotifications === 'true';

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
      const user = await api.patchUser(me.id, { notify_props: notifyPropsFromForm(me, form, showThreads) });
      storeMe(qc, user);
      setForm(fromUser({ ...me, ...user }));
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

        {emailEnabled && (
          <fieldset className="settings-group">
            <legend className="settings-group__legend">{t('notifications.email')}</legend>
            <label className="checkbox">
              <input type="checkbox" checked={form.email} onChange={(e) => update({ email: e.target.checked })} />
              {t('notifications.emailOn')}
            </label>
          </fieldset>
        )}

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
