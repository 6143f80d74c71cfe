// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminConfig, EmailSettings } from '../../api/admin';
import { keys } from '../../queries/keys';
import { byText, click, flush, setup, type, type Call, type Harness } from '../../test/render';
import { AdminConsole } from './AdminConsole';
import { NotificationSettings } from './NotificationSettings';
import { PushNotificationServer, TPNS_URL } from './PushNotificationServer';
import { changedSettings } from './common';

const EMAIL: EmailSettings = {
  SendEmailNotifications: false,
  EnableEmailBatching: false,
  EmailBatchingInterval: 30,
  EmailNotificationContentsType: 'full',
  FeedbackName: '',
  FeedbackEmail: 'test@example.com',
  ReplyToAddress: 'test@example.com',
  SMTPServer: 'localhost',
  SMTPPort: '10025',
  EnableSMTPAuth: true,
  SMTPUsername: 'mailer',
  SMTPPassword: '********',
  ConnectionSecurity: '',
  SkipServerCertificateVerification: false,
  SMTPServerTimeout: 10,
  SendPushNotifications: false,
  PushNotificationServer: '',
  PushNotificationContents: 'full',
};

const ADMIN = { id: 'u1', username: 'root', roles: 'system_admin system_user' };

let h: Harness;

afterEach(async () => {
  await h.unmount();
});

/** The server: `GET /config` answers the config; a patch is merged into it (or refused by `refuse`). */
function server(refuse?: (call: Call) => string | undefined) {
  let config: AdminConfig = { EmailSettings: { ...EMAIL }, TeamSettings: { SiteName: 'Stoa' } };
  h.reply = (call) => {
    if (call.url === '/api/v4/config' && call.method === 'GET') return { status: 200, body: config };
    if (call.url === '/api/v4/config/patch' && call.method === 'PUT') {
      const message = refuse?.(call);
      if (message) return { status: 400, body: { id: 'model.config.is_valid.app_error', message, status_code: 400 } };
      const patch = call.body as { EmailSettings: Partial<EmailSettings> };
      config = { ...config, EmailSettings: { ...config.EmailSettings, ...patch.EmailSettings } };
      return { status: 200, body: config };
    }
    return { status: 200, body: [] };
  };
}

function field(label: string): HTMLInputElement | HTMLSelectElement {
  const l = byText(document, 'label.admin-setting__label', label) as HTMLLabelElement | undefined;
  const el = l && document.getElementById(l.htmlFor);
  if (!el) throw new Error(`no field ${label}`);
  return el as HTMLInputElement | HTMLSelectElement;
}

function trueFalse(legend: string, value: 'True' | 'False'): HTMLInputElement {
  const set = [...document.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent === legend);
  const input = [...(set?.querySelectorAll('label') ?? [])].find((l) => l.textContent === value)?.querySelector('input');
  if (!input) throw new Error(`no ${value} for ${legend}`);
  return input;
}

const saveButton = () => byText(document, 'button', 'Save');
const patches = () => h.calls.filter((c) => c.url === '/api/v4/config/patch').map((c) => c.body);

describe('System Console › Push Notification Server', () => {
  it('turns pushes on with a custom proxy and id-only contents; only the changed settings are sent', async () => {
    h = setup(ADMIN);
    server();
    await h.render(<PushNotificationServer />, '/admin_console/environment/push_notification_server', '/admin_console/environment/push_notification_server');
    await flush();

    const kind = field('Enable Push Notifications') as HTMLSelectElement;
    expect(kind.value).toBe('off');
    expect(field('Push Notification Server').disabled).toBe(true);
    expect(field('Push Notification Contents').disabled).toBe(true);
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true);
    // Every contents choice is explained.
    expect(document.body.textContent).toContain('A push carries only the message’s id');

    await type(kind, 'tpns');
    expect(field('Push Notification Server').value).toBe(TPNS_URL);
    await type(kind, 'custom');
    expect(field('Push Notification Server').value).toBe('');
    await type(field('Push Notification Server'), 'https://push.example.com');
    await type(field('Push Notification Contents'), 'id_loaded');
    await click(saveButton());

    expect(patches()).toEqual([
      {
        EmailSettings: {
          SendPushNotifications: true,
          PushNotificationServer: 'https://push.example.com',
          PushNotificationContents: 'id_loaded',
        },
      },
    ]);
    expect(document.querySelector('.admin-save-bar [role="status"]')?.textContent).toBe('Saved.');
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true);
    // The client config is fetched again: what the app offers follows.
    expect(h.qc.getQueryState(keys.config)?.isInvalidated).toBe(true);
  });

  it('shows the server’s message when it refuses, and keeps what was typed', async () => {
    h = setup(ADMIN);
    server(() => 'Invalid value for EmailSettings.PushNotificationServer.');
    await h.render(<PushNotificationServer />, '/a', '/a');
    await flush();
    await type(field('Enable Push Notifications'), 'custom');
    await type(field('Push Notification Server'), 'not a url');
    await click(saveButton());
    expect(document.querySelector('.admin-save-bar [role="alert"]')?.textContent).toBe(
      'Invalid value for EmailSettings.PushNotificationServer.',
    );
    expect(field('Push Notification Server').value).toBe('not a url');
    expect((saveButton() as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('System Console › Notifications', () => {
  it('sends the masked password only when a new one is typed', async () => {
    h = setup(ADMIN);
    server();
    await h.render(<NotificationSettings />, '/a', '/a');
    await flush();

    expect(field('SMTP Server Password').value).toBe('********');
    await click(trueFalse('Enable Email Notifications', 'True'));
    await click(trueFalse('Enable Email Batching', 'True'));
    await type(field('Email Notification Contents'), 'generic');
    await type(field('Notification Display Name'), 'Stoa');
    await type(field('Connection Security'), 'STARTTLS');
    await click(saveButton());
    expect(patches()).toEqual([
      {
        EmailSettings: {
          SendEmailNotifications: true,
          EnableEmailBatching: true,
          EmailNotificationContentsType: 'generic',
          FeedbackName: 'Stoa',
          ConnectionSecurity: 'STARTTLS',
        },
      },
    ]);

    await type(field('SMTP Server Password'), 's3cret');
    await type(field('SMTP Server Timeout (seconds)'), '20');
    await click(saveButton());
    expect(patches()[1]).toEqual({ EmailSettings: { SMTPPassword: 's3cret', SMTPServerTimeout: 20 } });
  });

  it('checks number fields before sending', async () => {
    h = setup(ADMIN);
    server();
    await h.render(<NotificationSettings />, '/a', '/a');
    await flush();
    await type(field('SMTP Server Timeout (seconds)'), 'ten');
    await click(saveButton());
    expect(patches()).toEqual([]);
    expect(document.querySelector('.admin-save-bar [role="alert"]')?.textContent).toBe(
      'SMTP Server Timeout (seconds) must be a whole number.',
    );
  });

  it('computes the changed settings with the config’s types', () => {
    expect(changedSettings(EMAIL, { SMTPPort: '25', EmailBatchingInterval: '30', SendEmailNotifications: false }, [
      'SMTPPort',
      'EmailBatchingInterval',
      'SendEmailNotifications',
    ])).toEqual({ patch: { SMTPPort: '25' }, invalid: [] });
    expect(changedSettings(EMAIL, { EmailBatchingInterval: '1.5' }, ['EmailBatchingInterval']).invalid).toEqual([
      'EmailBatchingInterval',
    ]);
  });
});

describe('System Console layout', () => {
  it('lists its pages for system admins, grouped as Mattermost’s', async () => {
    h = setup(ADMIN);
    h.reply = () => ({ status: 200, body: [] });
    await h.render(<AdminConsole />, '/admin_console', '/admin_console');
    const nav = document.querySelector('nav[aria-label="System Console"]');
    expect([...(nav?.querySelectorAll('h2') ?? [])].map((x) => x.textContent)).toEqual(['Environment', 'Site Configuration']);
    expect([...(nav?.querySelectorAll('a.admin-nav__link') ?? [])].map((a) => a.getAttribute('href'))).toEqual([
      '/admin_console/environment/push_notification_server',
      '/admin_console/site_config/notifications',
    ]);
  });

  it('tells other users they cannot open it', async () => {
    h = setup({ id: 'u2', username: 'bo', roles: 'system_user' });
    h.reply = () => ({ status: 200, body: [{ name: 'system_user', permissions: ['create_team'] }] });
    await h.render(<AdminConsole />, '/admin_console', '/admin_console');
    await flush();
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('Only system admins can open the System Console.');
    expect(document.querySelector('nav[aria-label="System Console"]')).toBeNull();
  });
});
