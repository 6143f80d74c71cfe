// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Channel, ChannelMember, User } from '../api/types';
import { keys } from '../queries/keys';
import { ChannelNotificationsDialog, channelNotifyChanges, channelNotifyForm } from './ChannelNotificationsDialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('channel notification form', () => {
  it('starts from the member and the user as Mattermost does', () => {
    expect(channelNotifyForm({ desktop: 'mention', channel: 'true' }, { desktop: 'default', mark_unread: 'all' })).toEqual({
      muted: false,
      ignoreChannelMentions: false,
      desktop: 'default',
      desktopThreads: true,
      push: 'default',
      pushThreads: true,
      email: 'default',
    });
    // Muted, or @channel off for the user: "ignore" starts on unless the member says otherwise.
    expect(channelNotifyForm({}, { mark_unread: 'mention' }).ignoreChannelMentions).toBe(true);
    expect(channelNotifyForm({ channel: 'false' }, {}).ignoreChannelMentions).toBe(true);
    expect(channelNotifyForm({ channel: 'false' }, { ignore_channel_mentions: 'off' }).ignoreChannelMentions).toBe(false);
    expect(channelNotifyForm({ desktop_threads: 'mention' }, { desktop: 'none' })).toMatchObject({
      desktop: 'none',
      desktopThreads: false,
    });
  });

  it('reads the member’s push and email settings as Mattermost’s server does', () => {
    expect(channelNotifyForm({ push_threads: 'mention' }, { push: 'all', email: 'false' })).toMatchObject({
      push: 'all',
      pushThreads: false,
      email: 'false',
    });
    expect(channelNotifyForm({ push_threads: 'mention' }, { push_threads: 'all', email: 'true' })).toMatchObject({
      push: 'default',
      pushThreads: true,
      email: 'true',
    });
    // Only "false" turns a channel's email off; other values than "default" leave it on.
    expect(channelNotifyForm({}, { email: 'all' }).email).toBe('true');
    expect(channelNotifyForm({}, { email: 'default' }).email).toBe('default');
  });

  it('sends only what changed', () => {
    const all = { desktop: true, push: true };
    const none = { desktop: false, push: false };
    const initial = channelNotifyForm({}, {});
    expect(channelNotifyChanges(initial, initial, all)).toEqual({});
    expect(
      channelNotifyChanges(
        initial,
        {
          muted: true,
          ignoreChannelMentions: true,
          desktop: 'mention',
          desktopThreads: false,
          push: 'none',
          pushThreads: false,
          email: 'false',
        },
        all,
      ),
    ).toEqual({
      mark_unread: 'mention',
      ignore_channel_mentions: 'on',
      desktop: 'mention',
      desktop_threads: 'mention',
      push: 'none',
      push_threads: 'mention',
      email: 'false',
    });
    expect(channelNotifyChanges(initial, { ...initial, desktopThreads: false, pushThreads: false }, none)).toEqual({});
  });
});

describe('ChannelNotificationsDialog', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('mutes a channel: PUT notify_props and the cached member changes', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    const member: ChannelMember = {
      channel_id: 'c1',
      user_id: 'u1',
      roles: 'channel_user',
      last_viewed_at: 0,
      msg_count: 0,
      mention_count: 0,
      msg_count_root: 0,
      mention_count_root: 0,
      notify_props: { desktop: 'default', mark_unread: 'all', ignore_channel_mentions: 'default' },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        calls.push({ url, method: String(init.method ?? 'GET'), body: init.body ? JSON.parse(String(init.body)) : undefined });
        const body = init.method === 'PUT' ? { status: 'OK' } : member;
        return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const me: User = { id: 'u1', username: 'ann', roles: 'system_user', notify_props: { desktop: 'mention' } };
    const channel = { id: 'c1', team_id: 't1', type: 'O', name: 'town-square', display_name: 'Town Square' } as Channel;
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    qc.setQueryData(keys.me, me);
    qc.setQueryData(keys.config, {});
    qc.setQueryData(keys.preferences, []);
    qc.setQueryData(keys.members('t1'), [member]);
    const onClose = vi.fn();

    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    await act(async () =>
      root.render(
        <QueryClientProvider client={qc}>
          <ChannelNotificationsDialog channel={channel} onClose={onClose} />
        </QueryClientProvider>,
      ),
    );
    expect(document.querySelector('h2')?.textContent).toBe('Notification preferences for Town Square');
    const mute = [...document.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Mute channel'))?.querySelector('input');
    expect(mute?.checked).toBe(false);
    await act(async () => mute?.click());
    expect(document.body.textContent).toContain('This channel is muted');
    await act(async () => document.querySelector<HTMLButtonElement>('button[type="submit"]')?.click());
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });

    // Only the key that changed is sent (the dialog also refetched the membership with a GET).
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      { url: '/api/v4/channels/c1/members/u1/notify_props', method: 'PUT', body: { mark_unread: 'mention' } },
    ]);
    expect(onClose).toHaveBeenCalled();
    expect(qc.getQueryData<ChannelMember[]>(keys.members('t1'))?.[0]?.notify_props?.mark_unread).toBe('mention');
    await act(async () => root.unmount());
  });
});

describe('ChannelNotificationsDialog: mobile push and email', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('names what "default" means from the user’s settings, and saves the channel’s own', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    const member = {
      channel_id: 'c1',
      user_id: 'u1',
      roles: 'channel_user',
      last_viewed_at: 0,
      msg_count: 0,
      mention_count: 0,
      msg_count_root: 0,
      mention_count_root: 0,
      notify_props: { desktop: 'default', push: 'default', email: 'default', mark_unread: 'all' },
    } satisfies ChannelMember;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        calls.push({ url, method: String(init.method ?? 'GET'), body: init.body ? JSON.parse(String(init.body)) : undefined });
        const body = init.method === 'PUT' ? { status: 'OK' } : member;
        return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const me: User = { id: 'u1', username: 'ann', roles: 'system_user', notify_props: { push: 'all', email: 'true' } };
    const channel = { id: 'c1', team_id: 't1', type: 'O', name: 'town-square', display_name: 'Town Square' } as Channel;
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    qc.setQueryData(keys.me, me);
    qc.setQueryData(keys.config, { SendPushNotifications: 'true', SendEmailNotifications: 'true', EnableEmailBatching: 'true' });
    qc.setQueryData(keys.preferences, [{ user_id: 'u1', category: 'notifications', name: 'email_interval', value: '3600' }]);
    qc.setQueryData(keys.members('t1'), [member]);

    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    await act(async () =>
      root.render(
        <QueryClientProvider client={qc}>
          <ChannelNotificationsDialog channel={channel} onClose={() => {}} />
        </QueryClientProvider>,
      ),
    );
    const radio = (name: string, label: string) =>
      [...document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].find((i) => i.closest('label')?.textContent === label);
    expect(radio('channel-push', 'My global setting (all new messages)')?.checked).toBe(true);
    expect(radio('channel-email', 'My global setting (every hour)')?.checked).toBe(true);
    await act(async () => radio('channel-push', 'Nothing')?.click());
    await act(async () => radio('channel-email', 'Never')?.click());
    await act(async () => document.querySelector<HTMLButtonElement>('button[type="submit"]')?.click());
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      { url: '/api/v4/channels/c1/members/u1/notify_props', method: 'PUT', body: { push: 'none', email: 'false' } },
    ]);
    await act(async () => root.unmount());
  });
});
