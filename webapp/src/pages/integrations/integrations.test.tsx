// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { Team, User } from '../../api/types';
import { keys } from '../../queries/keys';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TokenList } from '../../components/settings/AccessTokens';
import { IncomingWebhooks } from './IncomingWebhooks';
import { OutgoingWebhooks } from './OutgoingWebhooks';
import { SlashCommands } from './SlashCommands';
import { OAuthApps } from './OAuthApps';
import { IntegrationsHome } from './IntegrationsHome';
import { byText, click, flush, setup, type, type Harness } from '../../test/render';

const TEAM: Team = { id: 't1', name: 'team1', display_name: 'Team One', type: 'O', delete_at: 0 };
const ADMIN: User = { id: 'u1aaaaaaaaaaaaaaaaaaaaaaaa', username: 'ann', roles: 'system_user system_admin' };
const USER: User = { id: 'u2aaaaaaaaaaaaaaaaaaaaaaaa', username: 'bob', roles: 'system_user' };
const ALL_ON = {
  EnableIncomingWebhooks: 'true',
  EnableOutgoingWebhooks: 'true',
  EnableCommands: 'true',
  EnableOAuthServiceProvider: 'true',
  EnableBotAccountCreation: 'true',
};
const CHANNELS = [
  { id: 'c1', team_id: 't1', type: 'O', name: 'town-square', display_name: 'Town Square', delete_at: 0 },
  { id: 'c2', team_id: 't1', type: 'P', name: 'ops', display_name: 'Ops', delete_at: 0 },
];

let h: Harness;
afterEach(async () => {
  await h.unmount();
});

function start(me: User, config: Record<string, string> = ALL_ON, permissions: string[] = []) {
  h = setup(me, config);
  h.qc.setQueryData(keys.myTeamMembers, [{ team_id: 't1', user_id: me.id, roles: 'team_user' }]);
  h.qc.setQueryData(keys.channels('t1'), CHANNELS);
  const names = [...new Set([...me.roles.split(' '), 'team_user'])].sort();
  h.qc.setQueryData(['roles', names], [{ name: 'team_user', permissions }]);
}

async function page(node: React.ReactNode) {
  await h.render(
    <>
      {node}
      <ConfirmDialog />
    </>,
    '/team1/integrations/x',
    '/:team/integrations/x',
    { team: TEAM },
  );
  await flush();
}

const field = (label: string) => {
  const l = [...document.querySelectorAll('label.field')].find((x) => x.querySelector('span')?.textContent === label);
  return l?.querySelector('input, select, textarea') as HTMLInputElement;
};

describe('Integrations overview', () => {
  it('lists only the kinds the user may manage, as the server allows them', async () => {
    start(USER, ALL_ON, ['manage_incoming_webhooks']);
    await page(<IntegrationsHome />);
    const links = [...h.host.querySelectorAll('.integration-kind strong')].map((x) => x.textContent);
    expect(links).toEqual(['Incoming webhooks']);
  });
  it('shows nothing to a user without permissions, nor when the server turned hooks off', async () => {
    start(ADMIN, {});
    await page(<IntegrationsHome />);
    expect([...h.host.querySelectorAll('.integration-kind strong')].map((x) => x.textContent)).toEqual(['Bot accounts']);
  });
});

describe('Incoming webhooks', () => {
  it('creates a hook for a channel and shows its URL to copy', async () => {
    start(ADMIN);
    const hook = { id: 'hookid', channel_id: 'c2', team_id: 't1', display_name: 'Builds', description: '', username: '', icon_url: '', channel_locked: true };
    h.reply = (c) => {
      if (c.url.startsWith('/api/v4/hooks/incoming?')) return { status: 200, body: [] };
      if (c.url === '/api/v4/hooks/incoming' && c.method === 'POST') return { status: 201, body: hook };
      return { status: 200, body: {} };
    };
    await page(<IncomingWebhooks />);
    expect(h.calls.some((c) => c.url === '/api/v4/hooks/incoming?team_id=t1&page=0&per_page=200')).toBe(true);
    expect(h.host.textContent).toContain('No incoming webhooks yet.');

    await click(byText(h.host, 'button', 'Add incoming webhook'));
    await click(byText(document.body, 'button', 'Save'));
    expect(document.body.textContent).toContain('Choose a channel.');

    // The hint describes the picker; the picker's name (its label's text) is "Channel" alone.
    const picker = field('Channel');
    expect(picker.closest('label')?.textContent?.startsWith('ChannelChoose a channel')).toBe(true);
    expect(picker.closest('label')?.textContent).not.toContain('Where its messages go');
    expect(document.getElementById(picker.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Where its messages go unless the payload names another channel.',
    );
    await type(field('Title'), 'Builds');
    await type(picker, 'c2');
    await click(document.querySelector('.modal input[type="checkbox"]'));
    await click(byText(document.body, 'button', 'Save'));
    const post = h.calls.find((c) => c.method === 'POST' && c.url === '/api/v4/hooks/incoming')!;
    expect(post.body).toEqual({ channel_id: 'c2', display_name: 'Builds', description: '', username: '', icon_url: '', channel_locked: true });
    expect(document.querySelector('.modal .copy-field__value')?.textContent).toBe(`${window.location.origin}/hooks/hookid`);
  });

  it('deletes a hook after confirming', async () => {
    start(ADMIN);
    let list = [{ id: 'h1', channel_id: 'c1', team_id: 't1', display_name: 'Old', description: '', username: '', icon_url: '', channel_locked: false }];
    h.reply = (c) => {
      if (c.url.startsWith('/api/v4/hooks/incoming?')) return { status: 200, body: list };
      if (c.method === 'DELETE') {
        list = [];
        return { status: 200, body: { status: 'OK' } };
      }
      return { status: 200, body: {} };
    };
    await page(<IncomingWebhooks />);
    expect(h.host.querySelector('.copy-field__value')?.textContent).toBe(`${window.location.origin}/hooks/h1`);
    await click(h.host.querySelector('button[aria-label="Delete Old"]'));
    await click(document.querySelector('.modal .btn--danger, .modal .btn--primary'));
    expect(h.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v4/hooks/incoming/h1')).toBe(true);
    expect(h.host.textContent).toContain('No incoming webhooks yet.');
  });
});

describe('Outgoing webhooks', () => {
  it('sends trigger words and callback URLs as lists, and regenerates a token', async () => {
    start(ADMIN);
    const hook = {
      id: 'o1', token: 'tok1', channel_id: '', team_id: 't1', trigger_words: ['deploy'], trigger_when: 0,
      callback_urls: ['https://ci.example/hook'], display_name: 'Deployer', description: '', content_type: 'application/json',
      username: '', icon_url: '', creator_id: 'u1', create_at: 1, update_at: 1, delete_at: 0,
    };
    h.reply = (c) => {
      if (c.url.startsWith('/api/v4/hooks/outgoing?')) return { status: 200, body: [hook] };
      if (c.url.endsWith('/regen_token')) return { status: 200, body: { ...hook, token: 'tok2' } };
      return { status: 201, body: hook };
    };
    await page(<OutgoingWebhooks />);
    expect(h.host.querySelector('.copy-field__value')?.textContent).toBe('tok1');
    await click(byText(h.host, 'button', 'Regenerate token'));
    expect(h.host.querySelector('.copy-field__value')?.textContent).toBe('tok2');

    await click(byText(h.host, 'button', 'Add outgoing webhook'));
    await type(field('Callback URLs (one per line)'), 'https://a.example/x');
    await click(byText(document.body, 'button', 'Save'));
    expect(document.body.textContent).toContain('Choose a channel or give at least one trigger word.');
    await type(field('Trigger words (one per line)'), 'build\n  ship \n');
    await type(field('Trigger when'), '1');
    await type(field('Callback URLs (one per line)'), 'https://a.example/x\nhttps://b.example/y');
    await click(byText(document.body, 'button', 'Save'));
    const post = h.calls.find((c) => c.method === 'POST' && c.url === '/api/v4/hooks/outgoing')!;
    expect(post.body).toMatchObject({
      team_id: 't1',
      channel_id: '',
      trigger_words: ['build', 'ship'],
      trigger_when: 1,
      callback_urls: ['https://a.example/x', 'https://b.example/y'],
      content_type: 'application/x-www-form-urlencoded',
    });
  });
});

describe('Slash commands', () => {
  it('checks the trigger and creates the command', async () => {
    start(ADMIN);
    h.reply = (c) => (c.url.startsWith('/api/v4/commands?') ? { status: 200, body: [] } : { status: 201, body: {} });
    await page(<SlashCommands />);
    expect(h.calls.some((c) => c.url === '/api/v4/commands?team_id=t1&custom_only=true')).toBe(true);
    await click(byText(h.host, 'button', 'Add slash command'));
    await type(field('Command trigger word'), '/deploy');
    await type(field('Request URL'), 'https://ci.example/cmd');
    await click(byText(document.body, 'button', 'Save'));
    expect(document.body.textContent).toContain('cannot start with a slash');
    await type(field('Command trigger word'), 'deploy');
    await type(field('Request method'), 'G');
    await click(document.querySelector('.modal input[type="checkbox"]'));
    await type(field('Autocomplete hint'), '[env]');
    await type(field('Autocomplete description'), 'Deploy the app');
    await click(byText(document.body, 'button', 'Save'));
    const post = h.calls.find((c) => c.method === 'POST' && c.url === '/api/v4/commands')!;
    expect(post.body).toMatchObject({
      team_id: 't1',
      trigger: 'deploy',
      url: 'https://ci.example/cmd',
      method: 'G',
      auto_complete: true,
      auto_complete_hint: '[env]',
      auto_complete_desc: 'Deploy the app',
    });
  });
});

describe('OAuth apps', () => {
  const app = {
    id: 'app1', creator_id: 'u1', create_at: 1, update_at: 1, client_secret: 'sec1', name: 'Wiki', description: 'd',
    icon_url: '', callback_urls: ['https://wiki.example/cb'], homepage: 'https://wiki.example', is_trusted: false,
  };
  it('shows the client id and secret, regenerates the secret; only an admin may trust an app', async () => {
    start(ADMIN);
    h.reply = (c) => (c.url.endsWith('/regen_secret') ? { status: 200, body: { ...app, client_secret: 'sec2' } } : { status: 200, body: [app] });
    await page(<OAuthApps />);
    const values = () => [...h.host.querySelectorAll('.copy-field__value')].map((x) => x.textContent);
    expect(values()).toContain('app1');
    expect(values()).toContain('sec1');
    await click(byText(h.host, 'button', 'Regenerate secret'));
    expect(values()).toContain('sec2');
    await click(byText(h.host, 'button', 'Add OAuth 2.0 application'));
    expect(document.body.textContent).toContain('Trusted: users are not asked to allow it');
  });
  it('hides the trusted box from others', async () => {
    start(USER, ALL_ON, ['manage_oauth']);
    h.reply = () => ({ status: 200, body: [] });
    await page(<OAuthApps />);
    await click(byText(h.host, 'button', 'Add OAuth 2.0 application'));
    expect(document.body.textContent).not.toContain('Trusted: users are not asked');
    await type(field('Display name'), 'Wiki');
    await type(field('Description'), 'Our wiki');
    await type(field('Homepage'), 'https://wiki.example');
    await type(field('Callback URLs (one per line)'), 'https://wiki.example/cb');
    await click(byText(document.body, 'button', 'Save'));
    const post = h.calls.find((c) => c.method === 'POST' && c.url === '/api/v4/oauth/apps')!;
    expect(post.body).toEqual({
      name: 'Wiki',
      description: 'Our wiki',
      homepage: 'https://wiki.example',
      icon_url: '',
      callback_urls: ['https://wiki.example/cb'],
      is_trusted: false,
    });
  });
});

describe('Access tokens', () => {
  it('shows a new token once, and disables one', async () => {
    start(USER);
    let list = [{ id: 'k1', user_id: USER.id, description: 'old', is_active: true }];
    h.reply = (c) => {
      if (c.url.startsWith(`/api/v4/users/${USER.id}/tokens?`)) return { status: 200, body: list };
      if (c.method === 'POST' && c.url === `/api/v4/users/${USER.id}/tokens`) {
        const made = { id: 'k2', user_id: USER.id, description: 'ci', is_active: true };
        list = [...list, made];
        return { status: 200, body: { ...made, token: 'secret-token' } };
      }
      return { status: 200, body: { status: 'OK' } };
    };
    await page(<TokenList userId={USER.id} />);
    await click(byText(h.host, 'button', 'Create token'));
    expect(h.host.textContent).toContain('Describe what the token is for.');
    await type(h.host.querySelector('.tokens__create input'), 'ci');
    await click(byText(h.host, 'button', 'Create token'));
    expect(h.calls.find((c) => c.method === 'POST' && c.url === `/api/v4/users/${USER.id}/tokens`)?.body).toEqual({ description: 'ci' });
    expect(h.host.querySelector('.tokens__fresh .copy-field__value')?.textContent).toBe('secret-token');
    await click(byText(h.host, 'button', 'Done'));
    expect(h.host.textContent).not.toContain('secret-token');
    expect([...h.host.querySelectorAll('.integration-item strong')].map((x) => x.textContent)).toEqual(['old', 'ci']);

    await click(byText(h.host, 'button', 'Disable'));
    expect(h.calls.find((c) => c.url === '/api/v4/users/tokens/disable')?.body).toEqual({ token_id: 'k1' });
    expect(h.host.textContent).toContain('disabled');
  });
});
