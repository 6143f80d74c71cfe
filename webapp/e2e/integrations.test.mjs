// End-to-end, the integrations as their users meet them: an incoming webhook made in the
// Integrations area and posted to from outside; a message button whose integration updates the
// post and answers the clicker alone; a custom slash command (autocomplete, ephemeral answer);
// an integration's dialog with its field errors; Stoa as an OAuth 2.0 provider (consent, code,
// token; through the login when signed out); a personal access token made in Settings. The
// integration is a small HTTP server in this process (127.0.0.1, a free port), which the server
// is allowed to reach (`AllowedUntrustedInternalConnections`). Run like chat.test.mjs, against a
// Stoa with no users yet:
//
//   STOA_BIN=../target/debug/stoa node --test e2e/integrations.test.mjs
//   STOA_URL=http://127.0.0.1:8065 node --test e2e/integrations.test.mjs

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WAIT, apiFromPage, startSuite, stepper } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');

const suffix = Date.now().toString(36).slice(-6);
const alice = { username: `alice${suffix}`, email: `alice${suffix}@example.com`, password: 'Passw0rd-alice!' };
const bob = { username: `bob${suffix}`, email: `bob${suffix}@example.com`, password: 'Passw0rd-bob!!' };
const carol = { username: `carol${suffix}`, email: `carol${suffix}@example.com`, password: 'Passw0rd-carol!' };
const teamName = `Hooks Team ${suffix}`;
const teamSlug = `hooks-team-${suffix}`;

const cleanup = [];
let base = '';
let browser;
let watch;
let a; // alice, system admin
let b; // bob, a team member
let c; // carol, signed out at first
let team;
const ids = {};
const oauthApp = {};

const step = stepper(shots, 'integrations-', () => ({ a, b, c }));

// ---- the integration: answers the server's calls and records them ----

/** What the integration received, by path, in order. */
const received = {};
let receiverUrl = '';
const waiters = [];

function record(pathname, entry) {
  (received[pathname] ??= []).push(entry);
  for (const w of waiters.splice(0)) w();
}

/** Resolves with the `n`-th request (1-based) the integration got at `pathname`. */
async function nthRequest(pathname, n = 1) {
  const end = Date.now() + WAIT;
  while ((received[pathname]?.length ?? 0) < n) {
    if (Date.now() > end) throw new Error(`the integration got no request #${n} at ${pathname}`);
    await new Promise((r) => {
      waiters.push(r);
      setTimeout(r, 200);
    });
  }
  return received[pathname][n - 1];
}

const dialog = {
  callback_id: 'incident',
  title: 'Report an incident',
  submit_label: 'File',
  state: 'from-the-button',
  elements: [{ display_name: 'Summary', name: 'summary', type: 'text', help_text: 'What broke?' }],
};

async function answer(pathname, body, query) {
  switch (pathname) {
    case '/approve':
      return { update: { message: 'Approved' }, ephemeral_text: 'Thanks' };
    case '/command':
      return { response_type: 'ephemeral', text: `Deploying ${body.text} for @${body.user_name}` };
    case '/incident': {
      // As integrations do: open the dialog with the click's trigger id before answering.
      const r = await fetch(`${base}/api/v4/actions/dialogs/open`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ trigger_id: body.trigger_id, url: `${receiverUrl}/dialog`, dialog }),
      });
      if (r.status !== 200) throw new Error(`dialogs/open answered ${r.status}: ${await r.text()}`);
      return {};
    }
    case '/dialog':
      if (body.cancelled) return {};
      if (String(body.submission?.summary ?? '').length < 10) return { errors: { summary: 'Say a bit more (10 characters at least).' } };
      return {};
    case '/callback':
      return `<!doctype html><title>Receiver</title><p>Signed in with state ${query.get('state')}</p>`;
    default:
      return null;
  }
}

function startReceiver() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body = {};
    if (raw && (req.headers['content-type'] ?? '').includes('json')) body = JSON.parse(raw);
    else if (raw) body = Object.fromEntries(new URLSearchParams(raw));
    record(url.pathname, { method: req.method, headers: req.headers, body, query: url.searchParams });
    try {
      const out = await answer(url.pathname, body, url.searchParams);
      if (out === null) {
        res.writeHead(404).end();
      } else if (typeof out === 'string') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(out);
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(out));
      }
    } catch (e) {
      console.error('receiver:', e);
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      receiverUrl = `http://127.0.0.1:${server.address().port}`;
      cleanup.push(() => new Promise((r) => server.close(r)));
      resolve();
    });
  });
}

// ---- the browser side ----

async function newUser() {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  watch.watch(page);
  return { context, page };
}

const composer = (page) => page.locator('.channel textarea.composer__input');
const postWith = (page, text) => page.locator('.channel [role="log"] [data-post-id]', { hasText: text });
/** Waits until the open channel's composer holds `text`. */
async function composerHolds(page, text) {
  await page.waitForFunction((want) => document.querySelector('.channel textarea.composer__input')?.value === want, text, {
    timeout: WAIT,
  });
}
const postById = (page, id) => page.locator(`.channel [role="log"] [data-post-id="${id}"]`);

async function fillLogin(page, user) {
  await page.getByLabel('Email or username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function login(page, user) {
  await page.goto(`${base}/login`);
  await fillLogin(page, user);
  await page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
}

/** Opens one kind of integration from the team header's Integrations link. */
async function openIntegrations(page, kind) {
  await page.getByRole('link', { name: 'Integrations', exact: true }).click();
  await page.waitForURL(`${base}/${teamSlug}/integrations`, { timeout: WAIT });
  await page.getByRole('link', { name: new RegExp(`^${kind}`) }).click();
}

/** A post in town-square made through the API as alice, with one attachment. */
async function postAsAlice(message, attachment) {
  const r = await apiFromPage(a.page, 'POST', '/posts', {
    channel_id: ids.townSquare,
    message,
    props: { attachments: [attachment] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

before(async () => {
  ({ base, watch, browser } = await startSuite({ shots, failurePrefix: 'integrations-', cleanup, file: 'integrations.test.mjs' }));
  await startReceiver();
});

after(async () => {
  for (const fn of cleanup.reverse()) await fn().catch((e) => console.error('cleanup:', e));
});

step('A signs up (admin), creates a team and lets integrations reach this machine; B joins', async () => {
  a = await newUser();
  await a.page.goto(`${base}/signup`);
  await a.page.getByLabel('Email', { exact: true }).fill(alice.email);
  await a.page.getByLabel('Username', { exact: true }).fill(alice.username);
  await a.page.getByLabel('Password', { exact: true }).fill(alice.password);
  await a.page.getByRole('button', { name: 'Create account' }).click();
  await a.page.getByRole('heading', { name: 'Create a team' }).waitFor({ timeout: WAIT });
  await a.page.getByLabel('Team name').fill(teamName);
  await a.page.getByRole('button', { name: 'Create team' }).click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
  const me = await apiFromPage(a.page, 'GET', '/users/me');
  assert.match(me.body.roles, /system_admin/, 'the first user must be system admin (is the server fresh?)');
  ids.alice = me.body.id;

  // Slash commands need the site's address; the integration lives on 127.0.0.1.
  const cfg = await apiFromPage(a.page, 'PUT', '/config/patch', {
    ServiceSettings: { SiteURL: base, AllowedUntrustedInternalConnections: '127.0.0.1' },
  });
  assert.equal(cfg.status, 200, JSON.stringify(cfg.body));
  team = (await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`)).body;
  ids.townSquare = (await apiFromPage(a.page, 'GET', `/teams/${team.id}/channels/name/town-square`)).body.id;
  for (const [key, user] of [
    ['bob', bob],
    ['carol', carol],
  ]) {
    const created = await apiFromPage(a.page, 'POST', '/users', user);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ids[key] = created.body.id;
    const joined = await apiFromPage(a.page, 'POST', `/teams/${team.id}/members`, { team_id: team.id, user_id: ids[key] });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
  }
  b = await newUser();
  await login(b.page, bob);
});

step('an incoming webhook made in Integrations posts a Slack-style attachment into the channel', async () => {
  await openIntegrations(a.page, 'Incoming webhooks');
  await a.page.waitForURL(`${base}/${teamSlug}/integrations/incoming_webhooks`, { timeout: WAIT });
  await a.page.getByText('No incoming webhooks yet.').waitFor({ timeout: WAIT });
  await a.page.getByRole('button', { name: 'Add incoming webhook' }).click();
  const form = a.page.getByRole('dialog', { name: 'Add incoming webhook' });
  await form.getByLabel('Title').fill('Build status');
  await form.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'Town Square' });
  await form.getByRole('button', { name: 'Save' }).click();
  const created = a.page.getByRole('dialog', { name: 'Incoming webhook created' });
  await created.waitFor({ timeout: WAIT });
  const hookUrl = (await created.locator('.copy-field__value').innerText()).trim();
  assert.match(hookUrl, new RegExp(`^${base}/hooks/[a-z0-9]{26}$`));
  await a.page.screenshot({ path: path.join(shots, 'integrations-incoming-created.png') });
  await created.getByRole('button', { name: 'Done' }).click();
  // The list shows it too, with the same address.
  const item = a.page.locator('.integration-item', { hasText: 'Build status' });
  await item.waitFor({ timeout: WAIT });
  assert.equal((await item.locator('.copy-field__value').innerText()).trim(), hookUrl);

  // Another tool posts to it, as Slack's format has it.
  const sent = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      text: 'Nightly build finished',
      attachments: [
        {
          fallback: 'Build 42 passed',
          color: '#36a64f',
          title: 'Build 42 passed',
          text: 'All green, see <https://ci.example.com/builds/42|the build log> for details.',
          fields: [
            { title: 'Branch', value: 'main', short: true },
            { title: 'Duration', value: '4 min', short: true },
          ],
        },
      ],
    }),
  });
  assert.equal(sent.status, 200, await sent.text());

  for (const page of [a.page, b.page]) {
    if (page === a.page) await a.page.goto(`${base}/${teamSlug}/channels/town-square`);
    const post = postWith(page, 'Nightly build finished');
    await post.waitFor({ timeout: WAIT });
    const card = post.locator('.msg-attachment');
    assert.equal((await card.locator('.msg-attachment__title').innerText()).trim(), 'Build 42 passed');
    const fields = card.locator('.msg-attachment__field');
    assert.equal(await fields.count(), 2);
    assert.match(await fields.nth(0).innerText(), /Branch\s+main/);
    assert.match(await fields.nth(1).innerText(), /Duration\s+4 min/);
    const link = card.locator('.msg-attachment__text a', { hasText: 'the build log' });
    assert.equal(await link.getAttribute('href'), 'https://ci.example.com/builds/42');
    assert.match(await post.innerText(), /BOT/);
  }
  await a.page.screenshot({ path: path.join(shots, 'integrations-webhook-post.png') });
});

step('B clicks a message button; the integration updates the post and thanks B alone', async () => {
  const post = await postAsAlice('Deploy request #7', {
    title: 'Deploy v1.2 to production?',
    actions: [
      {
        id: 'approve',
        name: 'Approve',
        type: 'button',
        style: 'primary',
        integration: { url: `${receiverUrl}/approve`, context: { request: 7 } },
      },
    ],
  });
  const onB = postById(b.page, post.id);
  await onB.getByRole('button', { name: 'Approve' }).click();
  const call = await nthRequest('/approve');
  assert.equal(call.body.user_id, ids.bob);
  assert.equal(call.body.post_id, post.id);
  assert.deepEqual(call.body.context, { request: 7 });

  // The update reaches everyone; the ephemeral answer only B.
  for (const page of [a.page, b.page]) {
    await page.waitForFunction(
      (id) => /^Approved/.test(document.querySelector(`[data-post-id="${id}"] .markdown`)?.textContent ?? ''),
      post.id,
      { timeout: WAIT },
    );
  }
  const thanks = postWith(b.page, 'Thanks');
  await thanks.waitFor({ timeout: WAIT });
  assert.match(await thanks.innerText(), /System/);
  assert.match(await thanks.innerText(), /\(Only visible to you\)/);
  assert.equal(await thanks.locator('img.avatar').getAttribute('src'), '/favicon.svg');
  // It is not stored: no reactions, replies or menu on it.
  await postById(b.page, post.id).hover();
  await postById(b.page, post.id).getByRole('group', { name: 'Message actions' }).waitFor({ timeout: WAIT });
  await thanks.hover();
  await b.page.waitForTimeout(100);
  assert.equal(await thanks.getByRole('group', { name: 'Message actions' }).count(), 0);
  await b.page.screenshot({ path: path.join(shots, 'integrations-button-clicked.png') });
  assert.equal(await postWith(a.page, 'Thanks').count(), 0);
});

step('a custom slash command made in Integrations autocompletes with its hint and answers only its caller', async () => {
  await openIntegrations(a.page, 'Slash commands');
  await a.page.waitForURL(`${base}/${teamSlug}/integrations/commands`, { timeout: WAIT });
  await a.page.getByRole('button', { name: 'Add slash command' }).click();
  const form = a.page.getByRole('dialog', { name: 'Add slash command' });
  await form.getByLabel('Title').fill('Deploy');
  await form.getByLabel('Description').fill('Deploys the app');
  await form.getByLabel('Command trigger word').fill('deploy');
  await form.getByLabel('Request URL').fill(`${receiverUrl}/command`);
  await form.getByLabel('Show in the autocomplete list').check();
  await form.getByLabel('Autocomplete hint').fill('[environment]');
  await form.getByLabel('Autocomplete description').fill('Deploy to an environment');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached', timeout: WAIT });
  await a.page.locator('.integration-item', { hasText: '/deploy' }).waitFor({ timeout: WAIT });

  await a.page.goto(`${base}/${teamSlug}/channels/town-square`);
  await composer(a.page).fill('/dep');
  const option = a.page.getByRole('option', { name: /\/deploy/ });
  await option.waitFor({ timeout: WAIT });
  assert.match(await option.innerText(), /\[environment\]/);
  assert.match(await option.innerText(), /Deploy to an environment/);
  await a.page.screenshot({ path: path.join(shots, 'integrations-command-autocomplete.png') });
  await option.click();
  // The pick completes the trigger and a space, ready for the arguments.
  await composerHolds(a.page, '/deploy ');
  await composer(a.page).pressSequentially('staging');
  await composerHolds(a.page, '/deploy staging');
  await composer(a.page).press('Enter');

  const call = await nthRequest('/command');
  assert.equal(call.body.command, '/deploy');
  assert.equal(call.body.text, 'staging');
  assert.equal(call.body.user_id, ids.alice);
  const answerPost = postWith(a.page, `Deploying staging for @${alice.username}`);
  await answerPost.waitFor({ timeout: WAIT });
  assert.match(await answerPost.innerText(), /\(Only visible to you\)/);
  await a.page.screenshot({ path: path.join(shots, 'integrations-command-answer.png') });

  // B saw nothing of it: a message sent after it arrives, the answer does not.
  await composer(a.page).fill('After the deploy');
  await composer(a.page).press('Enter');
  await postWith(b.page, 'After the deploy').waitFor({ timeout: WAIT });
  assert.equal(await postWith(b.page, 'Deploying staging').count(), 0);
});

step('a button opens the integration’s dialog; its field error shows, and a good value closes it', async () => {
  const post = await postAsAlice('Something broke?', {
    actions: [{ id: 'incident', name: 'Report incident', type: 'button', integration: { url: `${receiverUrl}/incident` } }],
  });
  await postById(b.page, post.id).getByRole('button', { name: 'Report incident' }).click();
  const modal = b.page.getByRole('dialog', { name: 'Report an incident' });
  await modal.waitFor({ timeout: WAIT });
  const call = await nthRequest('/incident');
  assert.ok(call.body.trigger_id, 'the click carries a trigger id');

  await modal.getByLabel('Summary').fill('db');
  await modal.getByRole('button', { name: 'File' }).click();
  await modal.getByText('Say a bit more (10 characters at least).').waitFor({ timeout: WAIT });
  assert.equal(await modal.getByLabel('Summary').getAttribute('aria-invalid'), 'true');
  await b.page.screenshot({ path: path.join(shots, 'integrations-dialog-error.png') });
  const first = await nthRequest('/dialog', 1);
  assert.equal(first.body.submission.summary, 'db');

  await modal.getByLabel('Summary').fill('The database is down');
  await modal.getByRole('button', { name: 'File' }).click();
  await modal.waitFor({ state: 'detached', timeout: WAIT });
  const second = await nthRequest('/dialog', 2);
  assert.equal(second.body.submission.summary, 'The database is down');
  assert.equal(second.body.user_id, ids.bob);
  assert.equal(second.body.callback_id, 'incident');
  assert.equal(second.body.state, 'from-the-button');
  assert.equal(second.body.channel_id, ids.townSquare);
});

const authorizeUrl = () =>
  `${base}/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: oauthApp.id,
    redirect_uri: `${receiverUrl}/callback`,
    state: 'xyz',
  })}`;

/** Trades a code for a token and asks who it is. */
async function tokenUser(code) {
  const r = await fetch(`${base}/oauth/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: oauthApp.id,
      client_secret: oauthApp.secret,
      code,
      redirect_uri: `${receiverUrl}/callback`,
    }),
  });
  const token = await r.json();
  assert.equal(r.status, 200, JSON.stringify(token));
  assert.equal(token.token_type.toLowerCase(), 'bearer');
  const me = await fetch(`${base}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token.access_token}` } });
  assert.equal(me.status, 200);
  return (await me.json()).username;
}

/** Where the browser landed on the integration's callback: its query. */
async function landedOnCallback(page) {
  await page.waitForURL((u) => u.href.startsWith(`${receiverUrl}/callback?`), { timeout: WAIT });
  await page.getByText('Signed in with state xyz').waitFor({ timeout: WAIT });
  const q = new URL(page.url()).searchParams;
  assert.equal(q.get('state'), 'xyz');
  assert.ok(q.get('code'));
  return q.get('code');
}

step('OAuth: an app made in Integrations; B allows it on the consent page, and its token is B’s', async () => {
  const on = await apiFromPage(a.page, 'PUT', '/config/patch', { ServiceSettings: { EnableOAuthServiceProvider: true } });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  await a.page.reload();
  await openIntegrations(a.page, 'OAuth 2.0 applications');
  await a.page.waitForURL(`${base}/${teamSlug}/integrations/oauth2-apps`, { timeout: WAIT });
  await a.page.getByRole('button', { name: 'Add OAuth 2.0 application' }).click();
  const form = a.page.getByRole('dialog', { name: 'Add OAuth 2.0 application' });
  await form.getByLabel('Display name').fill('Receiver App');
  await form.getByLabel('Description').fill('Reads your profile');
  await form.getByLabel('Homepage').fill(receiverUrl);
  await form.getByLabel('Callback URLs (one per line)').fill(`${receiverUrl}/callback`);
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached', timeout: WAIT });
  const item = a.page.locator('.integration-item', { hasText: 'Receiver App' });
  await item.waitFor({ timeout: WAIT });
  const copied = (label) => item.locator('.copy-field', { hasText: label }).locator('.copy-field__value').innerText();
  oauthApp.id = (await copied('Client ID')).trim();
  oauthApp.secret = (await copied('Client secret')).trim();
  assert.match(oauthApp.id, /^[a-z0-9]{26}$/);
  assert.ok(oauthApp.secret.length >= 26);
  await a.page.screenshot({ path: path.join(shots, 'integrations-oauth-app.png') });

  await b.page.goto(authorizeUrl());
  await b.page.getByText('Receiver App wants to access your account.').waitFor({ timeout: WAIT });
  await b.page.screenshot({ path: path.join(shots, 'integrations-oauth-consent.png') });
  await b.page.getByRole('button', { name: 'Allow' }).click();
  const code = await landedOnCallback(b.page);
  assert.equal(await tokenUser(code), bob.username);
});

step('OAuth signed out: the authorize link goes through the login and back (consent, or straight on once allowed)', async () => {
  // C has never allowed the app: login, then the consent page.
  c = await newUser();
  await c.page.goto(authorizeUrl());
  await c.page.waitForURL((u) => u.pathname === '/login', { timeout: WAIT });
  await fillLogin(c.page, carol);
  await c.page.getByText('Receiver App wants to access your account.').waitFor({ timeout: WAIT });
  await c.page.getByRole('button', { name: 'Allow' }).click();
  assert.equal(await tokenUser(await landedOnCallback(c.page)), carol.username);
  await c.context.close();

  // B allowed it already: after the login the browser goes on to the app, as the server says.
  c = await newUser();
  await c.page.goto(authorizeUrl());
  await c.page.waitForURL((u) => u.pathname === '/login', { timeout: WAIT });
  await fillLogin(c.page, bob);
  assert.equal(await tokenUser(await landedOnCallback(c.page)), bob.username);
  await c.context.close();
  c = null;
});

step('a personal access token made in Settings → Security is shown once and acts as its user', async () => {
  const on = await apiFromPage(a.page, 'PUT', '/config/patch', { ServiceSettings: { EnableUserAccessTokens: true } });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  // B may make tokens once an admin gives B the role (as in Mattermost).
  const role = await apiFromPage(a.page, 'PUT', `/users/${ids.bob}/roles`, { roles: 'system_user system_user_access_token' });
  assert.equal(role.status, 200, JSON.stringify(role.body));
  await b.page.goto(`${base}/${teamSlug}/channels/town-square`);
  await b.page.getByRole('button', { name: 'User menu' }).click();
  await b.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = b.page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Security' }).click();
  await settings.getByRole('heading', { name: 'Personal access tokens' }).waitFor({ timeout: WAIT });
  await settings.getByLabel('Token description').fill('deploy script');
  await settings.getByRole('button', { name: 'Create token' }).click();
  const fresh = settings.getByRole('status').filter({ hasText: 'it will not be shown again' });
  await fresh.waitFor({ timeout: WAIT });
  const token = (await fresh.locator('.copy-field', { hasText: 'Access token' }).locator('.copy-field__value').innerText()).trim();
  assert.match(token, /^[a-z0-9]{26}$/);
  await b.page.screenshot({ path: path.join(shots, 'integrations-token-created.png') });

  const me = await fetch(`${base}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).username, bob.username);

  // Once dismissed, the token is gone from the page; the list keeps its description.
  await fresh.getByRole('button', { name: 'Done' }).click();
  await fresh.waitFor({ state: 'detached', timeout: WAIT });
  await settings.locator('.integration-item', { hasText: 'deploy script' }).waitFor({ timeout: WAIT });
  assert.ok(!(await settings.innerText()).includes(token));
});

step('nothing was requested from another origin but the OAuth callback, and no page error happened', async () => {
  const others = watch.external.filter((u) => !u.startsWith(`${receiverUrl}/callback?`));
  assert.deepEqual(others, []);
  assert.deepEqual(watch.pageErrors, []);
});
