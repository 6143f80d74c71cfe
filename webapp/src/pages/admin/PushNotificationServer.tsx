// System Console › Environment › Push Notification Server: whether the server sends mobile pushes,
// through which push proxy (Mattermost's free TPNS, or one's own `mattermost-push-proxy`), and
// what a push may reveal (`PushNotificationContents`).

import type { ReactNode } from 'react';
import { t, type StringKey } from '../../i18n/en';
import { DropdownSetting, EmailSettingsPage, SettingsGroup, TextSetting, type Draft } from './common';

/** Mattermost's Test Push Notification Service (no uptime guarantee), as its console offers it. */
export const TPNS_URL = 'https://push-test.mattermost.com';

type ServerType = 'off' | 'tpns' | 'custom';

export function serverType(draft: Draft): ServerType {
  if (draft.SendPushNotifications !== true) return 'off';
  return draft.PushNotificationServer === TPNS_URL ? 'tpns' : 'custom';
}

/** The settings a choice of server type sets, as Mattermost's console sets them. */
export function chooseServerType(draft: Draft, type: ServerType): Draft {
  if (type === 'off') return { SendPushNotifications: false };
  if (type === 'tpns') return { SendPushNotifications: true, PushNotificationServer: TPNS_URL };
  return {
    SendPushNotifications: true,
    PushNotificationServer: draft.PushNotificationServer === TPNS_URL ? '' : (draft.PushNotificationServer ?? ''),
  };
}

const CONTENTS: { value: string; label: StringKey; about: StringKey }[] = [
  { value: 'generic_no_channel', label: 'admin.push.genericNoChannel', about: 'admin.push.genericNoChannelAbout' },
  { value: 'generic', label: 'admin.push.generic', about: 'admin.push.genericAbout' },
  { value: 'full', label: 'admin.push.full', about: 'admin.push.fullAbout' },
  { value: 'id_loaded', label: 'admin.push.idLoaded', about: 'admin.push.idLoadedAbout' },
];

function contentsHelp(): ReactNode {
  return (
    <dl className="admin-setting__choices">
      {CONTENTS.map((c) => (
        <div key={c.value}>
          <dt>{t(c.label)}</dt>
          <dd>{t(c.about)}</dd>
        </div>
      ))}
    </dl>
  );
}

const FIELDS = ['SendPushNotifications', 'PushNotificationServer', 'PushNotificationContents'] as const;

export function PushNotificationServer() {
  return (
    <EmailSettingsPage title={t('admin.push.title')} fields={FIELDS} labels={{}}>
      {({ draft, set }) => {
        const type = serverType(draft);
        return (
          <SettingsGroup>
            <DropdownSetting<ServerType>
              label={t('admin.push.enable')}
              value={type}
              options={[
                { value: 'off', label: t('admin.push.off') },
                { value: 'tpns', label: t('admin.push.tpns') },
                { value: 'custom', label: t('admin.push.custom') },
              ]}
              help={t(type === 'off' ? 'admin.push.offHelp' : type === 'tpns' ? 'admin.push.tpnsHelp' : 'admin.push.customHelp')}
              onChange={(next) => {
                for (const [k, v] of Object.entries(chooseServerType(draft, next))) {
                  if (v !== undefined) set(k as keyof Draft, v);
                }
              }}
            />
            <TextSetting
              label={t('admin.push.server')}
              type="url"
              value={String(draft.PushNotificationServer ?? '')}
              placeholder={t('admin.push.serverPlaceholder')}
              disabled={type !== 'custom'}
              help={t('admin.push.serverHelp')}
              onChange={(v) => set('PushNotificationServer', v)}
            />
            <DropdownSetting
              label={t('admin.push.contents')}
              value={String(draft.PushNotificationContents ?? 'full')}
              options={CONTENTS.map((c) => ({ value: c.value, label: t(c.label) }))}
              disabled={type === 'off'}
              help={contentsHelp()}
              onChange={(v) => set('PushNotificationContents', v)}
            />
          </SettingsGroup>
        );
      }}
    </EmailSettingsPage>
  );
}
