// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { Preference, User } from '../../api/types';
import { keys } from '../../queries/keys';
import { click, flush, setup, type Harness } from '../../test/render';
import { NotificationsTab } from './NotificationsTab';

const ME: User = {
  id: 'u1',
  username: 'ann',
  first_name: 'Ann',
  roles: 'system_user',
  notify_props: { desktop: 'mention', email: 'true', channel: 'true', first_name: 'false', mention_keys: '' },
};

let h: Harness;

afterEach(async () => {
  await h.unmount();
});

async function open(config: Record<string, string>, prefs: Preference[] = [], me: User = ME) {
  h = setup(me, { CollapsedThreads: 'default_on', ...config });
  h.qc.setQueryData(keys.preferences, prefs);
  h.reply = (call) =>
    call.url.endsWith('/patch')
      ? { status: 200, body: { ...me, notify_props: (call.body as { notify_props: Record<string, string> }).notify_props } }
      : { status: 200, body: { status: 'OK' } };
  await h.render(<NotificationsTab />);
}

/** The fieldset whose legend reads `legend` (the first one: groups come before their sub-groups). */
function group(legend: string): HTMLFieldSetElement {
  const found = [...document.querySelectorAll('fieldset')].find((f) => f.querySelector(':scope > legend')?.textContent === legend);
  if (!found) throw new Error(`no group ${legend}`);
  return found;
}

function choice(legend: string, label: string): HTMLInputElement {
  const input = [...group(legend).querySelectorAll('label')].find((l) => l.textContent?.trim() === label)?.querySelector('input');
  if (!input) throw new Error(`no choice ${label} in ${legend}`);
  return input;
}

function labels(legend: string): string[] {
  return [...group(legend).querySelectorAll(':scope > label')].map((l) => l.textContent?.trim() ?? '');
}

const ON = { SendPushNotifications: 'true', SendEmailNotifications: 'true' };

describe('Notifications tab: mobile push and email', () => {
  it('shows Mattermost’s defaults for unset settings', async () => {
    await open({ ...ON, EnableEmailBatching: 'true' });
    expect(choice('Mobile push notifications', 'Mentions, direct messages, and group messages').checked).toBe(true);
    expect(choice('Trigger mobile notifications when I am:', 'Away or offline').checked).toBe(true);
    // Replies in followed threads: on by default, offered for "mentions" with collapsed threads.
    expect(choice('Mobile push notifications', 'Notify me on mobile about replies to threads I’m following').checked).toBe(true);
    // With batching and no interval chosen yet: every 15 minutes.
    expect(choice('Email notifications', 'Every 15 minutes').checked).toBe(true);
    expect(choice('Email notifications', 'Notify me about replies to threads I’m following').checked).toBe(true);
  });

  it('offers every interval with batching, and only immediately or never without', async () => {
    await open({ ...ON, EnableEmailBatching: 'true' });
    expect(labels('Email notifications').slice(0, 4)).toEqual(['Immediately', 'Every 15 minutes', 'Every hour', 'Never']);
    await h.unmount();

    await open({ ...ON, EnableEmailBatching: 'false' }, [
      { user_id: 'u1', category: 'notifications', name: 'email_interval', value: '3600' },
    ]);
    expect(labels('Email notifications').slice(0, 2)).toEqual(['Immediately', 'Never']);
    expect(group('Email notifications').querySelectorAll('input[type="radio"]')).toHaveLength(2);
    // An hourly choice the server no longer batches reads as immediately.
    expect(choice('Email notifications', 'Immediately').checked).toBe(true);
    await h.unmount();

    // Email off for the user: never, whatever the interval says.
    await open({ ...ON, EnableEmailBatching: 'true' }, [], { ...ME, notify_props: { ...ME.notify_props, email: 'false' } });
    expect(choice('Email notifications', 'Never').checked).toBe(true);
  });

  it('saves push and email choices in notify_props and the interval as a preference', async () => {
    await open({ ...ON, EnableEmailBatching: 'true' });
    await click(choice('Mobile push notifications', 'All new messages'));
    await click(choice('Trigger mobile notifications when I am:', 'Offline'));
    await click(choice('Email notifications', 'Every hour'));
    await click(document.querySelector('button[type="submit"]'));
    await flush();

    const patch = h.calls.find((c) => c.url === '/api/v4/users/u1/patch');
    expect(patch?.method).toBe('PUT');
    const props = (patch?.body as { notify_props: Record<string, string> }).notify_props;
    expect(props).toMatchObject({ push: 'all', push_status: 'offline', email: 'true', email_threads: 'all', desktop: 'mention' });
    expect(props.push_threads).toBeUndefined(); // only asked for "mentions"
    expect(h.calls.find((c) => c.url === '/api/v4/users/u1/preferences')).toEqual({
      url: '/api/v4/users/u1/preferences',
      method: 'PUT',
      body: [{ user_id: 'u1', category: 'notifications', name: 'email_interval', value: '3600' }],
    });
    expect(document.querySelector('.settings-notice')?.textContent).toBe('Saved.');
  });

  it('turns email off with "Never" and leaves push alone when the server sends none', async () => {
    await open({ SendEmailNotifications: 'true', SendPushNotifications: 'false' }, [
      { user_id: 'u1', category: 'notifications', name: 'email_interval', value: '30' },
    ]);
    expect(document.body.textContent).toContain('Push notifications have not been enabled by your System Administrator.');
    expect(() => group('Mobile push notifications')).toThrow();
    await click(choice('Email notifications', 'Never'));
    await click(document.querySelector('button[type="submit"]'));
    await flush();
    const props = (h.calls.find((c) => c.url.endsWith('/patch'))?.body as { notify_props: Record<string, string> }).notify_props;
    expect(props.email).toBe('false');
    expect(props.push).toBeUndefined();
    expect(props.push_status).toBeUndefined();
    expect(h.calls.find((c) => c.url.endsWith('/preferences'))?.body).toEqual([
      { user_id: 'u1', category: 'notifications', name: 'email_interval', value: '0' },
    ]);
  });

  it('says when the server sends no emails, and sends no email keys', async () => {
    await open({ SendPushNotifications: 'true' });
    expect(document.body.textContent).toContain('Email notifications have not been enabled by your System Administrator.');
    await click(document.querySelector('button[type="submit"]'));
    await flush();
    const props = (h.calls.find((c) => c.url.endsWith('/patch'))?.body as { notify_props: Record<string, string> }).notify_props;
    expect(props.email).toBe('true'); // as it was
    expect(props.email_threads).toBeUndefined();
    expect(h.calls.some((c) => c.url.endsWith('/preferences'))).toBe(false);
  });
});
