// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Preference, User } from '../../api/types';
import { keys } from '../../queries/keys';
import { useUi } from '../../store/ui';
import { DisplayTab } from './DisplayTab';
import { SettingsModal } from './SettingsModal';
import { ProfileTab, pictureProblem, validateProfile } from './ProfileTab';
import { notifyPropsFromForm } from './NotificationsTab';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ME: User = {
  id: 'u1',
  username: 'ann',
  email: 'ann@example.com',
  first_name: 'Ann',
  last_name: '',
  nickname: '',
  position: '',
  roles: 'system_user',
  notify_props: { desktop: 'mention', mention_keys: 'ann,release', channel: 'true', first_name: 'false' },
};

interface Call {
  url: string;
  method: string;
  body: unknown;
}

let calls: Call[] = [];
let reply: (call: Call) => { status: number; body: unknown } = () => ({ status: 200, body: { status: 'OK' } });
let root: Root | null = null;
let host: HTMLDivElement;

beforeEach(() => {
  calls = [];
  reply = () => ({ status: 200, body: { status: 'OK' } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const call = {
        url,
        method: String(init.method ?? 'GET'),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      };
      calls.push(call);
      const r = reply(call);
      return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  host = document.createElement('div');
  document.body.appendChild(host);
});

afterEach(async () => {
  if (root) await act(async () => root?.unmount());
  root = null;
  host.remove();
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

function client(prefs: Preference[] = []): QueryClient {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(keys.me, ME);
  qc.setQueryData(keys.config, { CollapsedThreads: 'default_on', TeammateNameDisplay: 'username' });
  qc.setQueryData(keys.preferences, prefs);
  return qc;
}

async function render(qc: QueryClient, node: React.ReactNode) {
  root = createRoot(host);
  await act(async () => root?.render(<QueryClientProvider client={qc}>{node}</QueryClientProvider>));
}

function radio(label: string): HTMLInputElement {
  const found = [...document.querySelectorAll<HTMLLabelElement>('label')].find((l) =>
    l.textContent?.startsWith(label),
  );
  const input = found?.querySelector('input');
  if (!input) throw new Error(`no input labelled ${label}`);
  return input;
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

describe('Display tab', () => {
  it('shows the saved choices and saves a new one as a preference', async () => {
    const qc = client([{ user_id: 'u1', category: 'display_settings', name: 'message_display', value: 'compact' }]);
    await render(qc, <DisplayTab />);

    expect(radio('Compact').checked).toBe(true);
    expect(radio('12-hour clock').checked).toBe(true);
    expect(radio('On').checked).toBe(true); // threaded discussions, on by default

    await act(async () => radio('24-hour clock').click());
    expect(radio('24-hour clock').checked).toBe(true);
    await settle();

    expect(calls).toEqual([
      {
        url: '/api/v4/users/u1/preferences',
        method: 'PUT',
        body: [{ user_id: 'u1', category: 'display_settings', name: 'use_military_time', value: 'true' }],
      },
    ]);
    expect(qc.getQueryData<Preference[]>(keys.preferences)).toContainEqual({
      user_id: 'u1',
      category: 'display_settings',
      name: 'use_military_time',
      value: 'true',
    });
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });

  it('puts the old choice back and says why when saving fails', async () => {
    reply = () => ({ status: 500, body: { id: 'x', message: 'Database unavailable.' } });
    const qc = client();
    await render(qc, <DisplayTab />);

    await act(async () => radio('Show first and last name').click());
    await settle();

    expect(radio('Show username').checked).toBe(true);
    const alert = document.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('Not saved: Database unavailable.');
    // The message is inside the group it is about.
    expect(alert?.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Teammate name display');
  });

  it('applies the theme at once and mirrors it to the theme preference', async () => {
    const qc = client();
    useUi.getState().setTheme('system');
    await render(qc, <DisplayTab />);
    await act(async () => radio('Dark').click());
    await settle();
    expect(useUi.getState().theme).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(calls[0]).toMatchObject({
      method: 'PUT',
      body: [{ category: 'theme', name: '', value: '{"type":"Onyx"}' }],
    });
    await act(async () => radio('System').click());
  });
});

describe('Settings dialog', () => {
  it('moves between tabs with the arrow keys', async () => {
    const qc = client();
    await render(qc, <SettingsModal onClose={() => {}} />);
    const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    expect(tabs.map((x) => x.textContent)).toEqual(['Profile', 'Security', 'Display', 'Notifications', 'Sidebar']);
    expect(tabs[0]?.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tabs[0]);

    const key = (k: string) =>
      act(async () => {
        document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
      });
    await key('ArrowDown');
    expect(tabs[1]?.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tabs[1]);
    expect(document.querySelector('[role="tabpanel"]')?.getAttribute('aria-labelledby')).toBe(tabs[1]?.id);
    await key('ArrowUp');
    await key('ArrowUp');
    expect(tabs[4]?.getAttribute('aria-selected')).toBe('true');
    await key('Home');
    expect(tabs[0]?.getAttribute('aria-selected')).toBe('true');
    await key('End');
    expect(document.activeElement).toBe(tabs[4]);
    expect(tabs.filter((x) => x.tabIndex === 0)).toEqual([tabs[4]]);
  });
});

describe('Profile tab', () => {
  it('validates lengths before sending, then saves and updates the user cache', async () => {
    reply = (c) =>
      c.method === 'PUT' ? { status: 200, body: { ...ME, ...(c.body as object) } } : { status: 200, body: {} };
    const qc = client();
    await render(qc, <ProfileTab />);
    const input = (name: string) => document.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    const type = (name: string, value: string) =>
      act(async () => {
        const el = input(name);
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(el, value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
    const save = () =>
      act(async () => {
        document.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
      });

    await type('nickname', 'n'.repeat(65));
    await save();
    expect(calls).toEqual([]);
    expect(input('nickname').getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('At most 64 characters.');

    await type('nickname', ' Annie ');
    await type('position', 'Engineer');
    await save();
    await settle();
    expect(calls).toEqual([
      { url: '/api/v4/users/u1/patch', method: 'PUT', body: { nickname: 'Annie', position: 'Engineer' } },
    ]);
    expect(qc.getQueryData<User>(keys.me)?.nickname).toBe('Annie');
    expect(qc.getQueryData<User>(keys.user('u1'))?.position).toBe('Engineer');
    expect(document.querySelector('[role="status"]')?.textContent).toBe('Saved.');
  });

  it('keeps what was typed when the server refuses', async () => {
    reply = () => ({ status: 400, body: { id: 'model.user.is_valid.nickname.app_error', message: 'Invalid nickname.' } });
    const qc = client();
    await render(qc, <ProfileTab />);
    const el = document.querySelector<HTMLInputElement>('input[name="nickname"]')!;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(el, 'Nick');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => document.querySelector<HTMLButtonElement>('button[type="submit"]')?.click());
    await settle();
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('Invalid nickname.');
    expect(el.value).toBe('Nick');
    expect(qc.getQueryData<User>(keys.me)?.nickname).toBe('');
  });
});

describe('settings rules', () => {
  it('checks profile lengths in characters', () => {
    const ok = { first_name: 'é'.repeat(64), last_name: '', nickname: '😀'.repeat(64), position: 'p'.repeat(128) };
    expect(validateProfile(ok)).toEqual({});
    expect(validateProfile({ ...ok, position: 'p'.repeat(129), first_name: 'x'.repeat(65) })).toEqual({
      first_name: 'At most 64 characters.',
      position: 'At most 128 characters.',
    });
  });

  it('accepts JPEG, PNG and GIF pictures within the size limit', () => {
    expect(pictureProblem({ name: 'a.png', type: 'image/png', size: 10 }, 100)).toBe('');
    expect(pictureProblem({ name: 'a.gif', type: 'image/gif', size: 100 }, 100)).toBe('');
    expect(pictureProblem({ name: 'a.svg', type: 'image/svg+xml', size: 10 }, 100)).toBe(
      '“a.svg” is not a JPEG, PNG or GIF image.',
    );
    expect(pictureProblem({ name: 'big.jpg', type: 'image/jpeg', size: 101 }, 100)).toBe(
      '“big.jpg” is too large: pictures can be up to 100 B.',
    );
  });

  it('builds the whole notify_props map from the form', () => {
    const user = { ...ME, notify_props: { ...ME.notify_props, push: 'mention', desktop_threads: 'all' } };
    const form = {
      desktop: 'all' as const,
      desktopThreads: false,
      sound: false,
      firstName: true,
      channel: false,
      keys: 'deploy, on call,release',
      push: { push: 'all' as const, pushStatus: 'away' as const, pushThreads: false },
      email: { interval: '0' as const, threads: true },
    };
    const out = notifyPropsFromForm(user, form, { desktopThreads: false, collapsedThreads: true, push: false, email: false });
    expect(out).toEqual({
      desktop: 'all',
      desktop_threads: 'all', // not shown: kept as it was
      desktop_sound: 'false',
      first_name: 'true',
      channel: 'false',
      mention_keys: 'ann,deploy,oncall,release',
      push: 'mention', // pushes and emails are off on the server: kept as they were
    });
    // Offered: push and email keys are written; thread choices only where shown.
    expect(
      notifyPropsFromForm(user, form, { desktopThreads: false, collapsedThreads: true, push: true, email: true }),
    ).toMatchObject({ push: 'all', push_status: 'away', email: 'false' });
    const mentions = { ...form, push: { ...form.push, push: 'mention' as const }, email: { interval: '900' as const, threads: false } };
    expect(
      notifyPropsFromForm(user, mentions, { desktopThreads: false, collapsedThreads: true, push: true, email: true }),
    ).toMatchObject({ push: 'mention', push_threads: 'mention', email: 'true', email_threads: 'mention' });
  });
});
