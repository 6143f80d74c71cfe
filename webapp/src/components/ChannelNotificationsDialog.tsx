// A channel's notification preferences, as Mattermost's channel notification dialog: mute,
// ignore @channel/@here/@all, desktop notifications and thread replies. Saved to the membership's
// `notify_props` (only the keys that changed).

import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Channel, ChannelMember } from '../api/types';
import { errorMessage } from '../lib/format';
import {
  channelDesktopSetting,
  effectiveDesktopLevel,
  effectiveDesktopThreads,
  isMuted,
  userDesktopLevel,
  type ChannelNotifyLevel,
  type NotifyLevel,
} from '../lib/notifyProps';
import { useChannelDisplayName } from '../queries/channelName';
import { useMeUser } from '../queries/hooks';
import { keys } from '../queries/keys';
import { useDisplaySettings } from '../queries/preferences';
import { t, type StringKey } from '../i18n/en';
import { Modal } from './Modal';
import { FieldError, RadioGroup } from './settings/common';
import '../styles/settings.css';

export interface ChannelNotifyForm {
  muted: boolean;
  ignoreChannelMentions: boolean;
  desktop: ChannelNotifyLevel;
  desktopThreads: boolean;
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
  };
}

/** The `notify_props` keys to send: those whose value the user changed. */
export function channelNotifyChanges(
  initial: ChannelNotifyForm,
  form: ChannelNotifyForm,
  threadsShown: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (form.muted !== initial.muted) out.mark_unread = form.muted ? 'mention' : 'all';
  if (form.ignoreChannelMentions !== initial.ignoreChannelMentions) {
    out.ignore_channel_mentions = form.ignoreChannelMentions ? 'on' : 'off';
  }
  if (form.desktop !== initial.desktop) out.desktop = form.desktop;
  if (threadsShown && form.desktopThreads !== initial.desktopThreads) {
    out.desktop_threads = form.desktopThreads ? 'all' : 'mention';
  }
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
  // The values the form started from; a later refetch does not overwrite what the user chose.
  const [initial] = useState(() => channelNotifyForm(me.notify_props, member.notify_props));
  const [form, setForm] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');

  const userLevel = userDesktopLevel(me.notify_props);
  const effective = effectiveDesktopLevel(me.notify_props, { desktop: form.desktop }, channel.type);
  const threadsShown = collapsedThreads && !form.muted && effective === 'mention';

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
            {threadsShown && (
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
