// The service worker (public/sw.js) run as the browser runs it, a classic script with `self`, here
// with a `self` that records what the worker asks of the browser.

import { describe, expect, it } from 'vitest';
import source from '../../public/sw.js?raw';
import { openRequest } from './webPush';

interface Shown {
  title: string;
  options: { body: string; tag: string; renotify?: boolean; data: { url: string; channelId: string } };
}
interface FakeNotification {
  tag: string;
  data: { channelId: string };
  closed: boolean;
  close: () => void;
}
interface FakeWindow {
  focused: boolean;
  focusedNow: boolean;
  messages: unknown[];
  focus: () => Promise<void>;
  postMessage: (m: unknown) => void;
}

function tab(focused: boolean): FakeWindow {
  const w: FakeWindow = {
    focused,
    focusedNow: false,
    messages: [],
    focus: async () => {
      w.focusedNow = true;
    },
    postMessage: (m) => w.messages.push(m),
  };
  return w;
}

function note(tag: string, channelId = tag): FakeNotification {
  const n: FakeNotification = {
    tag,
    data: { channelId },
    closed: false,
    close: () => {
      n.closed = true;
    },
  };
  return n;
}

function startWorker(windows: FakeWindow[] = [], notifications: FakeNotification[] = []) {
  const handlers: Record<string, (e: unknown) => void> = {};
  const shown: Shown[] = [];
  const opened: string[] = [];
  const self = {
    addEventListener: (type: string, fn: (e: unknown) => void) => {
      handlers[type] = fn;
    },
    registration: {
      showNotification: async (title: string, options: Shown['options']) => {
        shown.push({ title, options });
      },
      getNotifications: async () => notifications,
    },
    clients: {
      matchAll: async () => windows,
      openWindow: async (url: string) => {
        opened.push(url);
        return null;
      },
      claim: async () => undefined,
    },
    navigator: {},
    skipWaiting: async () => undefined,
  };
  // The script's free `self` is this parameter.
  new Function('self', source)(self);

  async function dispatch(type: string, event: Record<string, unknown>) {
    let work: Promise<unknown> = Promise.resolve();
    handlers[type]?.({ ...event, waitUntil: (p: Promise<unknown>) => (work = p) });
    await work;
  }
  const push = (payload: unknown) =>
    dispatch('push', {
      data: {
        json: () => {
          if (typeof payload === 'string') return JSON.parse(payload);
          return payload;
        },
      },
    });
  const click = (data: unknown) => {
    const n = note('x');
    return dispatch('notificationclick', { notification: { ...n, data } });
  };
  return { push, click, shown, opened };
}

const MESSAGE = {
  type: 'message',
  title: 'Town Square',
  body: '@alice: lunch?',
  tag: 'c1',
  url: '/team/pl/p1',
  channel_id: 'c1',
  post_id: 'p1',
  badge: 2,
};

describe('service worker', () => {
  it('shows a message, tagged by its channel, opening its permalink', async () => {
    const w = startWorker();
    await w.push(MESSAGE);
    expect(w.shown).toHaveLength(1);
    const { title, options } = w.shown[0]!;
    expect(title).toBe('Town Square');
    expect(options.body).toBe('@alice: lunch?');
    expect(options.tag).toBe('c1');
    expect(options.renotify).toBe(true);
    expect(options.data).toEqual({ url: '/team/pl/p1', channelId: 'c1' });
  });

  it('leaves messages to a focused window of the app, but always shows a test', async () => {
    const w = startWorker([tab(false), tab(true)]);
    await w.push(MESSAGE);
    expect(w.shown).toHaveLength(0);
    await w.push({ type: 'test', title: 'Stoa', body: 'This is a test push notification', tag: 'test', url: '/' });
    expect(w.shown.map((s) => s.title)).toEqual(['Stoa']);
    // In the background, a message is shown.
    const background = startWorker([tab(false)]);
    await background.push(MESSAGE);
    expect(background.shown).toHaveLength(1);
  });

  it('closes only the read channel’s notifications on a clear', async () => {
    const notes = [note('c1'), note('c2'), note('other', 'c1')];
    const w = startWorker([], notes);
    await w.push({ type: 'clear', tag: 'c1', channel_id: 'c1', badge: 0 });
    expect(notes.map((n) => n.closed)).toEqual([true, false, true]);
    expect(w.shown).toHaveLength(0);
  });

  it('ignores what it does not know and what is not JSON', async () => {
    const w = startWorker();
    await w.push({ type: 'update_badge', badge: 3 });
    await w.push('{not json');
    expect(w.shown).toHaveLength(0);
  });

  it('never sends a click to another site', async () => {
    const w = startWorker();
    await w.push({ ...MESSAGE, url: 'https://evil.example/x' });
    await w.push({ ...MESSAGE, url: '//evil.example/x' });
    expect(w.shown.map((s) => s.options.data.url)).toEqual(['/', '/']);
  });

  it('on a click, brings an open tab forward and has it navigate; else opens a window', async () => {
    const open = [tab(false), tab(false)];
    const w = startWorker(open);
    await w.click({ url: '/team/pl/p1', channelId: 'c1' });
    const first = open[0]!;
    expect(first.focusedNow).toBe(true);
    expect(first.messages).toEqual([{ type: 'stoa-open', url: '/team/pl/p1' }]);
    expect(openRequest(first.messages[0])).toBe('/team/pl/p1');
    expect(w.opened).toEqual([]);

    const none = startWorker([]);
    await none.click({ url: '/team/pl/p1', channelId: 'c1' });
    expect(none.opened).toEqual(['/team/pl/p1']);
  });
});

describe('openRequest', () => {
  it('accepts only the worker’s message with a path on this origin', () => {
    expect(openRequest({ type: 'stoa-open', url: '/a/pl/b' })).toBe('/a/pl/b');
    expect(openRequest({ type: 'stoa-open', url: 'https://evil.example' })).toBeNull();
    expect(openRequest({ type: 'stoa-open', url: '//evil.example' })).toBeNull();
    expect(openRequest({ type: 'other', url: '/x' })).toBeNull();
    expect(openRequest('stoa-open')).toBeNull();
  });
});
