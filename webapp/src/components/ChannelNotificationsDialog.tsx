// A channel's notification preferences, as Mattermost's channel notification dialog: mute,
// ignore @channel/@here/@all, desktop notifications and thread replies, mobile push and email
// notifications (when the server sends them), each either the user's global setting ("default",
// named in its label) or the channel's own. Saved to the membership's `notify_props` (only the keys
// that changed).

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Channel, ChannelMember } from '../api/types';
import { errorMessage } from '../lib/format';
import {
  channelDesktopSetting,
  channelEmailSetting,
  channelPushSetting,
  effectiveDesktopLevel,
  effectiveDesktopThreads,
  effectiveEmailInterval,
  effectivePushThreads,
  isMuted,
  userDesktopLevel,
  userPushLevel,
  type ChannelEmailSetting,
  type ChannelNotifyLevel,
  type NotifyLevel,
} from '../lib/notifyProps';
import { useChannelDisplayName } from '../queries/channelName';
import { useConfig, useMeUser } from '../queries/hooks';
import { keys } from '../queries/keys';
import { getPreference, PREF_CATEGORY, PREF_NAME, useDisplaySettings, usePreferences } from '../queries/preferences';
import { t, type StringKey } from '../i18n/en';
import { Modal } from './Modal';
import { FieldError, RadioGroup } from './settings/common';
import { INTERVAL_LABELS } from './settings/EmailSetting';
import '../styles/settings.css';

export interface ChannelNotifyForm {
  muted: boolean;
  ignoreChannelMentions: boolean;
  desktop: ChannelNotifyLevel;
  desktopThreads: boolean;
  push: ChannelNotifyLevel;
  pushThreads: boolean;
  email: ChannelEmailSetting;
}

/** The form's starting values, as Mattermost derives them from the member's and the user's settings. */
export function channelNotifyForm(
  userProps: Readonly<Record<string, string>> | undefined,
  memberProps: Readonly<Record<string, string>> | undefined,
): ChannelNotifyForm {
  const muted = isMuted({ notify_props: memberProps });
  const ignore = memberProps?.ignore_channel_mentions;
  return {
    muted,
    ignoreChannelMentions: ignore === 'on' ? true : ignore === 'off' ? false : muted || userProps?.channel === 'false',
    desktop: channelDesktopSetting(memberProps),
    desktopThreads: effectiveDesktopThreads(userProps, memberProps) === 'all',
    push: channelPushSetting(memberProps),
    pushThreads: effectivePushThreads(userProps, memberProps) === 'all',
    email: channelEmailSetting(memberProps),
  };
}

/** Which thread choices the form shows (each for a "mentions" level, with collapsed threads on). */
export interface ThreadsShown {
  desktop: boolean;
  push: boolean;
}

/** The `notify_props` keys to send: those whose value the user changed. */
export function channelNotifyChanges(
  initial: ChannelNotifyForm,
  form: ChannelNotifyForm,
  threadsShown: ThreadsShown,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (form.muted !== initial.muted) out.mark_unread = form.muted ? 'mention' : 'all';
  if (form.ignoreChannelMentions !== initial.ignoreChannelMentions) {
    out.ignore_channel_mentions = form.ignoreChannelMentions ? 'on' : 'off';
  }
  if (form.desktop !== initial.desktop) out.desktop = form.desktop;
  if (threadsShown.desktop && form.desktopThreads !== initial.desktopThreads) {
    out.desktop_threads = form.desktopThreads ? 'all' : 'mention';
  }
  if (form.push !== initial.push) out.push = form.push;
  if (threadsShown.push && form.pushThreads !== initial.pushThreads) {
    out.push_threads = form.pushThreads ? 'all' : 'mention';
  }
  if (form.email !== initial.email) out.email = form.email;
  return out;
}

function findCachedMember(qc: QueryClient, channelId: string): ChannelMember | undefined {
  for (const [, list] of qc.getQueriesData<ChannelMember[]>({ queryKey: keys.membersAll })) {
    const m = list?.find((x) => x.channel_id === channelId);
    if (m) return m;
  }
  return undefined;
}

/** Puts new `notify_props` in every cached copy of the membership. */
function storeMemberProps(qc: QueryClient, channelId: string, props: Record<string, string>): void {
  const merge = (m: ChannelMember): ChannelMember => ({ ...m, notify_props: { ...m.notify_props, ...props } });
  qc.setQueryData<ChannelMember>(keys.channelMember(channelId), (m) => (m ? merge(m) : m));
  qc.setQueriesData<ChannelMember[]>({ queryKey: keys.membersAll }, (list) =>
    list?.some((m) => m.channel_id === channelId)
      ? list.map((m) => (m.channel_id === channelId ? merge(m) : m))
      : list,
  );
}

const LEVEL_NAMES: Record<NotifyLevel, StringKey> = {
  all: 'channelNotify.levelAll',
  mention: 'channelNotify.levelMention',
  none: 'channelNotify.levelNone',
};

export function ChannelNotificationsDialog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const me = useMeUser();
  const qc = useQueryClient();
  const name = useChannelDisplayName(channel, me.id);
  const member = useQuery({
    queryKey: keys.channelMember(channel.id),
    queryFn: () => api.getChannelMember(channel.id, me.id),
    initialData: () => findCachedMember(qc, channel.id),
    staleTime: 0,
  });
  const title = t('channelNotify.title', { name: name || channel.display_name || channel.name });

  return (
    <Modal title={title} onClose={onClose}>
      {member.data ? (
        <ChannelNotificationsForm channel={channel} member={member.data} onClose={onClose} />
      ) : member.isError ? (
        <div className="settings-dialog">
          <FieldError error={errorMessage(member.error)} />
          <div className="form__actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('dialog.cancel')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => void member.refetch()}>
              {t('app.retry')}
            </button>
          </div>
        </div>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
    </Modal>
  );
}

function ChannelNotificationsForm({
  channel,
  member,
  onClose,
}: {
  channel: Channel;
  member: ChannelMember;
  onClose: () => void;
}) {
  const me = useMeUser();
  const qc = useQueryClient();
  const { collapsedThreads } = useDisplaySettings();
  const config = useConfig().data ?? {};
  const prefs = usePreferences().data;
  // The values the form started from; a later refetch does not overwrite what the user chose.
  const [initial] = useState(() => channelNotifyForm(me.notify_props, member.notify_props));
  const [form, setForm] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');

  const userLevel = userDesktopLevel(me.notify_props);
  const effective = effectiveDesktopLevel(me.notify_props, { desktop: form.desktop }, channel.type);
  const pushOn = config.SendPushNotifications === 'true';
  const emailOn = config.SendEmailNotifications === 'true';
  const userPush = userPushLevel(me.notify_props);
  const effectivePush = form.push === 'default' ? userPush : form.push;
  const threadsShown: ThreadsShown = {
    desktop: collapsedThreads && !form.muted && effective === 'mention',
    push: pushOn && collapsedThreads && !form.muted && effectivePush === 'mention',
  };
  // What "default" means for email: the user's choice of how often (never when email is off).
  const userEmail = effectiveEmailInterval(
    me.notify_props?.email !== 'false',
    config.EnableEmailBatching === 'true',
    getPreference(prefs, PREF_CATEGORY.notifications, PREF_NAME.emailInterval),
  );

  function update(patch: Partial<ChannelNotifyForm>) {
    setForm((f) => ({ ...f, ...patch }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    const changes = channelNotifyChanges(initial, form, threadsShown);
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setError('');
    try {
      await api.updateChannelNotifyProps(channel.id, me.id, changes);
      storeMemberProps(qc, channel.id, changes);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setSaving(false);
    }
  }

  return (
    <form className="settings-dialog" onSubmit={submit} noValidate>
      <fieldset className="settings-group">
        <legend className="settings-group__legend">{t('channelNotify.muteOrIgnore')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={form.muted} onChange={(e) => update({ muted: e.target.checked })} />
          <span>
            {t('channelNotify.mute')}
            <span className="settings-choice__hint">{t('channelNotify.muteHint')}</span>
          </span>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.ignoreChannelMentions}
            onChange={(e) => update({ ignoreChannelMentions: e.target.checked })}
          />
          <span>
            {t('channelNotify.ignore')}
            <span className="settings-choice__hint">{t('channelNotify.ignoreHint')}</span>
          </span>
        </label>
      </fieldset>

      {form.muted ? (
        <p className="settings-dialog__banner" role="status">
          {t('channelNotify.muted')}
        </p>
      ) : (
        <>
          <RadioGroup<ChannelNotifyLevel>
            legend={t('channelNotify.desktop')}
            name="channel-desktop"
            value={form.desktop}
            hint={t('channelNotify.notifyAbout')}
            options={[
              { value: 'default', label: t('channelNotify.default', { level: t(LEVEL_NAMES[userLevel]) }) },
              { value: 'all', label: t('channelNotify.all') },
              { value: 'mention', label: t('channelNotify.mention') },
              { value: 'none', label: t('channelNotify.none') },
            ]}
            onChange={(desktop) => update({ desktop })}
          >
            {threadsShown.desktop && (
              <label className="checkbox settings-indent">
                <input
                  type="checkbox"
                  checked={form.desktopThreads}
                  onChange={(e) => update({ desktopThreads: e.target.checked })}
                />
                {t('channelNotify.threads')}
              </label>
            )}
          </RadioGroup>
          {pushOn && (
            <RadioGroup<ChannelNotifyLevel>
              legend={t('channelNotify.push')}
              name="channel-push"
              value={form.push}
              hint={t('channelNotify.pushHint')}
              options={[
                { value: 'default', label: t('channelNotify.default', { level: t(LEVEL_NAMES[userPush]) }) },
                { value: 'all', label: t('channelNotify.all') },
                { value: 'mention', label: t('channelNotify.mention') },
                { value: 'none', label: t('channelNotify.none') },
              ]}
              onChange={(push) => update({ push })}
            >
              {threadsShown.push && (
                <label className="checkbox settings-indent">
                  <input
                    type="checkbox"
                    checked={form.pushThreads}
                    onChange={(e) => update({ pushThreads: e.target.checked })}
                  />
                  {t('channelNotify.threads')}
                </label>
              )}
            </RadioGroup>
          )}
          {emailOn && (
            <RadioGroup<ChannelEmailSetting>
              legend={t('channelNotify.email')}
              name="channel-email"
              value={form.email}
              hint={t('channelNotify.emailHint')}
              options={[
                {
                  value: 'default',
                  label: t('channelNotify.default', { level: t(INTERVAL_LABELS[userEmail]).toLowerCase() }),
                },
                { value: 'true', label: t('channelNotify.emailOn') },
                { value: 'false', label: t('channelNotify.emailOff') },
              ]}
              onChange={(email) => update({ email })}
            />
          )}
        </>
      )}

      <FieldError error={error} />
      <div className="form__actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" aria-disabled={saving || undefined}>
          {saving ? t('settings.saving') : t('dialog.save')}
        </button>
      </div>
    </form>
  );
}
