// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import {
  askNotificationPermissionOnce,
  decidePostNotification,
  notificationBody,
  notifyForPost,
  stripMarkdown,
  truncate,
  unreadTitlePrefix,
  useUnreadTitle,
  type PostNotificationParams,
} from './notifications';

const ME = 'me';

function params(over: Partial<PostNotificationParams> = {}, post: Partial<PostNotificationParams['post']> = {}): PostNotificationParams {
  return {
    post: { id: 'p1', user_id: 'bob', channel_id: 'c1', root_id: '', message: 'hello **there**', type: '', ...post },
    channelType: 'O',
    channelName: 'Town Square',
    senderName: '@bob',
    mentionsMe: false,
    myUserId: ME,
    userNotifyProps: { desktop: 'mention', desktop_sound: 'true' },
    memberNotifyProps: { desktop: 'default', mark_unread: 'all' },
    focused: false,
    viewingChannelId: '',
    ...over,
  };
}

type Case = [name: string, p: PostNotificationParams, expected: string];

const cases: Case[] = [
  // [what, params, "show" or the reason it is not sent]
  ['a DM with default settings', params({ channelType: 'D', channelName: 'bob' }), 'show'],
  ['a mention in a channel', params({ mentionsMe: true }), 'show'],
  ['a plain channel post (mentions only)', params(), 'not_mentioned'],
  ['a plain post with "all"', params({ userNotifyProps: { desktop: 'all' } }), 'show'],
  ['a missing user level reads as all', params({ userNotifyProps: {} }), 'show'],
  ['the channel says all, the user mentions', params({ memberNotifyProps: { desktop: 'all' } }), 'show'],
  ['the channel says mention, the user all', params({ userNotifyProps: { desktop: 'all' }, memberNotifyProps: { desktop: 'mention' } }), 'not_mentioned'],
  ['the channel says none, even when mentioned', params({ mentionsMe: true, memberNotifyProps: { desktop: 'none' } }), 'notify_level_none'],
  ['the user says none', params({ mentionsMe: true, userNotifyProps: { desktop: 'none' } }), 'notify_level_none'],
  ['the user says none, even a DM', params({ channelType: 'D', userNotifyProps: { desktop: 'none' } }), 'notify_level_none'],
  ['a DM notifies at "mention"', params({ channelType: 'D', memberNotifyProps: { desktop: 'mention' } }), 'show'],
  ['a group message counts as all at user level "mention"', params({ channelType: 'G' }), 'show'],
  ['a group message with the channel at "mention"', params({ channelType: 'G', memberNotifyProps: { desktop: 'mention' } }), 'not_mentioned'],
  ['a muted channel, even when mentioned', params({ mentionsMe: true, memberNotifyProps: { mark_unread: 'mention' } }), 'channel_muted'],
  ['a muted DM', params({ channelType: 'D', memberNotifyProps: { mark_unread: 'mention' } }), 'channel_muted'],
  ['my own post', params({ mentionsMe: true }, { user_id: ME }), 'own_post'],
  ['my own post from a webhook', params({ mentionsMe: true }, { user_id: ME, props: { from_webhook: 'true' } }), 'show'],
  ['a system message', params({ mentionsMe: true }, { type: 'system_join_channel' }), 'system_message'],
  ['being added to a channel', params({ userNotifyProps: { desktop: 'all' } }, { type: 'system_add_to_channel', props: { addedUserId: ME } }), 'show'],
  ['do not disturb', params({ mentionsMe: true, myStatus: 'dnd' }), 'user_status'],
  ['the channel on screen in a focused window', params({ mentionsMe: true, focused: true, viewingChannelId: 'c1' }), 'channel_is_open'],
  ['the channel on screen, window not focused', params({ mentionsMe: true, focused: false, viewingChannelId: 'c1' }), 'show'],
  ['another channel on screen', params({ mentionsMe: true, focused: true, viewingChannelId: 'c2' }), 'show'],
  ['no membership loaded: defaults', params({ channelType: 'D', memberNotifyProps: undefined }), 'show'],
  // Collapsed reply threads: replies are about their thread.
  ['a reply in a followed thread (threads: all)', params({ followsThread: true }, { root_id: 'r1' }), 'show'],
  ['a reply in a followed thread (threads: mention)', params({ followsThread: true, userNotifyProps: { desktop: 'mention', desktop_threads: 'mention' } }, { root_id: 'r1' }), 'not_mentioned'],
  ['the channel overrides thread replies', params({ followsThread: true, memberNotifyProps: { desktop_threads: 'mention' } }, { root_id: 'r1' }), 'not_mentioned'],
  ['a reply in a thread not followed, level all', params({ userNotifyProps: { desktop: 'all' } }, { root_id: 'r1' }), 'not_following_thread'],
  ['a reply that mentions me', params({ mentionsMe: true }, { root_id: 'r1' }), 'show'],
  ['a reply in the open thread', params({ mentionsMe: true, focused: true, openThreadRootId: 'r1', viewingChannelId: 'c1' }, { root_id: 'r1' }), 'thread_is_open'],
  ['a reply while its channel is on screen', params({ mentionsMe: true, focused: true, viewingChannelId: 'c1' }, { root_id: 'r1' }), 'show'],
  ['a reply without collapsed threads, channel on screen', params({ mentionsMe: true, focused: true, viewingChannelId: 'c1', collapsedThreads: false }, { root_id: 'r1' }), 'channel_is_open'],
  ['a reply without collapsed threads, level all', params({ userNotifyProps: { desktop: 'all' }, collapsedThreads: false }, { root_id: 'r1' }), 'show'],
  ['a reply in a DM', params({ channelType: 'D' }, { root_id: 'r1' }), 'show'],
];

describe('decidePostNotification', () => {
  it.each(cases)('%s', (_name, p, expected) => {
    const d = decidePostNotification(p);
    expect(d.show ? 'show' : d.reason).toBe(expected);
  });

  it('titles with the channel name and writes "sender: message"', () => {
    const d = decidePostNotification(params({ mentionsMe: true }));
    expect(d).toEqual({ show: true, title: 'Town Square', body: '@bob: hello there', silent: false, tag: 'p1' });
  });

  it('says "Reply in" for thread replies and "Direct message" for unnamed DMs', () => {
    const reply = decidePostNotification(params({ mentionsMe: true }, { root_id: 'r1' }));
    expect(reply.show && reply.title).toBe('Reply in Town Square');
    const dm = decidePostNotification(params({ channelType: 'D', channelName: '' }));
    expect(dm.show && dm.title).toBe('Direct message');
  });

  it('is silent when the sound is off', () => {
    const off = decidePostNotification(params({ mentionsMe: true, userNotifyProps: { desktop: 'mention', desktop_sound: 'false' } }));
    expect(off.show && off.silent).toBe(true);
    const channelOn = decidePostNotification(
      params({ mentionsMe: true, userNotifyProps: { desktop_sound: 'false' }, memberNotifyProps: { desktop_sound: 'on' } }),
    );
    expect(channelOn.show && channelOn.silent).toBe(false);
  });
});

describe('notification text', () => {
  it('strips Markdown', () => {
    expect(stripMarkdown('# Title\n> quoted **bold** and _it_ and `code`')).toBe('Title quoted bold and it and code');
    expect(stripMarkdown('see [the docs](https://x.test/a) ![logo](/l.png) <https://y.test>')).toBe(
      'see the docs logo https://y.test',
    );
    expect(stripMarkdown('- one\n- [x] two\n1. three')).toBe('one two three');
    expect(stripMarkdown('```js\nlet a = 1;\n```')).toBe('let a = 1;');
    expect(stripMarkdown('| a | b |\n|---|:--:|\n| 1 | 2 |')).toBe('a b 1 2');
    expect(stripMarkdown('snake_case_name and 2*3*4 ~~gone~~')).toBe('snake_case_name and 2*3*4 gone');
  });

  it('truncates long messages', () => {
    expect(truncate('abcdef', 10)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    const body = notificationBody('@bob', 'x'.repeat(500));
    expect([...body].length).toBe('@bob: '.length + 200);
    expect(body.endsWith('…')).toBe(true);
  });

  it('describes posts without text', () => {
    expect(notificationBody('@bob', '')).toBe('@bob posted a message');
    expect(notificationBody('@bob', '  ', true)).toBe('@bob uploaded a file');
    expect(notificationBody('', 'hi')).toBe('Someone: hi');
  });
});

describe('the browser part', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  function stubNotification(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
    const shown: { title: string; options: NotificationOptions; instance: { onclick: (() => void) | null; close: () => void } }[] = [];
    const requestPermission = vi.fn(async () => answer);
    class FakeNotification {
      static permission = permission;
      static requestPermission = requestPermission;
      onclick: (() => void) | null = null;
      close = vi.fn();
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, options, instance: this });
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    return { shown, requestPermission };
  }

  it('shows the notification with the app icon; a click focuses and navigates', () => {
    const { shown } = stubNotification('granted');
    const navigate = vi.fn();
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => {});
    const d = notifyForPost(params({ mentionsMe: true }), navigate);
    expect(d.show).toBe(true);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('Town Square');
    expect(shown[0]?.options).toMatchObject({ body: '@bob: hello there', icon: '/favicon.svg', silent: false });
    shown[0]?.instance.onclick?.();
    expect(focus).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('shows nothing without permission, or when the decision is no', () => {
    const denied = stubNotification('denied');
    expect(notifyForPost(params({ mentionsMe: true }), () => {}).show).toBe(true);
    expect(denied.shown).toHaveLength(0);
    const granted = stubNotification('granted');
    expect(notifyForPost(params(), () => {}).show).toBe(false);
    expect(granted.shown).toHaveLength(0);
  });

  it('asks for permission once', async () => {
    const { requestPermission } = stubNotification('default', 'default');
    expect(await askNotificationPermissionOnce()).toBe('default');
    expect(await askNotificationPermissionOnce()).toBe('default');
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem('stoa.notificationPermissionAsked')).toBe('1');
  });

  it('does not ask when the answer is known', async () => {
    const { requestPermission } = stubNotification('denied');
    expect(await askNotificationPermissionOnce()).toBe('denied');
    expect(requestPermission).not.toHaveBeenCalled();
  });
});

describe('unread title', () => {
  it('prefixes as Mattermost does', () => {
    expect(unreadTitlePrefix(3, true)).toBe('(3) ');
    expect(unreadTitlePrefix(1, false)).toBe('(1) ');
    expect(unreadTitlePrefix(0, true)).toBe('* ');
    expect(unreadTitlePrefix(0, false)).toBe('');
  });

  it('keeps the prefix on whatever title pages set, and removes it when unmounted', async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    document.title = 'town-square · Team · Stoa';
    const host = document.createElement('div');
    const root = createRoot(host);
    function Probe({ mentions, unread }: { mentions: number; unread: boolean }) {
      useUnreadTitle(mentions, unread);
      return null;
    }
    await act(async () => root.render(createElement(Probe, { mentions: 2, unread: true })));
    expect(document.title).toBe('(2) town-square · Team · Stoa');

    // A page sets its own title: the prefix comes back (the observer runs as a microtask).
    document.title = 'other · Team · Stoa';
    await act(async () => {
      await Promise.resolve();
    });
    expect(document.title).toBe('(2) other · Team · Stoa');

    await act(async () => root.render(createElement(Probe, { mentions: 0, unread: true })));
    expect(document.title).toBe('* other · Team · Stoa');
    await act(async () => root.render(createElement(Probe, { mentions: 0, unread: false })));
    expect(document.title).toBe('other · Team · Stoa');
    await act(async () => root.render(createElement(Probe, { mentions: 5, unread: true })));
    await act(async () => root.unmount());
    expect(document.title).toBe('other · Team · Stoa');
  });
});
