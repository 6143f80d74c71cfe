// End-to-end, integrations as a team uses them: an incoming webhook made in the Integrations
// area and fed a Slack payload shows as a card; a button on a message calls the integration,
// which updates the post and answers the clicker alone; a custom slash command's answer shows
// only to the one who ran it; an OAuth app is authorised on the consent page; a dialog opened by
// the integration shows its field errors. The integration is a Node HTTP server on loopback. Run like
// chat.test.mjs, against a Stoa with no users yet:
//
//   STOA_BIN=../target/debug/stoa node --test e2e/integrations.test.mjs

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WAIT, apiFromPage, startSuite, stepper } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');

const suffix = Date.now().toString(36).slice(-6);
const admin = { username: `admin${suffix}`, email: `admin${suffix}@example.com`, password: 'Passw0rd-admin!' };
const bob = { username: `bob${suffix}`, email: `bob${suffix}@example.com`, password: 'Passw0rd-bob!!' };
const teamSlug = `hooks-team-${suffix}`;

const cleanup = [];
let base = '';
let browser;
let watch;
let a;
let b;
let team;
let integration;

const step = stepper(shots, 'integrations-', () => ({ a, b }));
const postWith = (page, text) => page.locator('.channel [role="log"] [data-post-id]', { hasText: text });

/** The integration: records requests, answers what `answer(path, body)` returns as JSON. */
function startIntegration() {
  const received = [];
  let answer = () => ({});
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url, body });
      const out = JSON.stringify(answer(req.url, body));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(out);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        received,
        answerWith: (fn) => (answer = fn),
        close: () => new Promise((r) => server.close(r)),
      }),
    ),
  );
}

async function newUser() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  watch.watch(page);
  return { context, page };
}

before(async () => {
  ({ base, watch, browser } = await startSuite({ shots, failurePrefix: 'integrations-', cleanup, file: 'integrations.test.mjs' }));
  integration = await startIntegration();
  cleanup.push(() => integration.close());
});

after(async () => {
  for (const fn of cleanup.reverse()) await fn().catch((e) => console.error('cleanup:', e));
});

step('the admin signs up with a team, lets integrations reach loopback; B joins', async () => {
  a = await newUser();
  await a.page.goto(`${base}/signup`);
  await a.page.getByLabel('Email', { exact: true }).fill(admin.email);
  await a.page.getByLabel('Username', { exact: true }).fill(admin.username);
  await a.page.getByLabel('Password', { exact: true }).fill(admin.password);
  await a.page.getByRole('button', { name: 'Create account' }).click();
  await a.page.getByRole('heading', { name: 'Create a team' }).waitFor({ timeout: WAIT });
  await a.page.getByLabel('Team name').fill(`Hooks Team ${suffix}`);
  await a.page.getByRole('button', { name: 'Create team' }).click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
  const patched = await apiFromPage(a.page, 'PUT', '/config/patch', {
    ServiceSettings: { SiteURL: base, AllowedUntrustedInternalConnections: '127.0.0.1' },
    TeamSettings: { EnableOpenServer: true },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  team = (await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`)).body;
  const created = await fetch(`${base}/api/v4/users`, { method: 'POST', body: JSON.stringify(bob) });
  assert.equal(created.status, 201);
  const bobId = (await created.json()).id;
  const joined = await apiFromPage(a.page, 'POST', `/teams/${team.id}/members`, { team_id: team.id, user_id: bobId });
  assert.equal(joined.status, 201, JSON.stringify(joined.body));
  b = await newUser();
  await b.page.goto(`${base}/login`);
  await b.page.getByLabel('Email or username').fill(bob.username);
  await b.page.getByLabel('Password').fill(bob.password);
  await b.page.getByRole('button', { name: 'Log in' }).click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
});

step('an incoming webhook made in the Integrations area turns a Slack payload into a card', async () => {
  await a.page.goto(`${base}/${teamSlug}/integrations/incoming_webhooks`);
  await a.page.getByRole('button', { name: 'Add incoming webhook' }).click();
  const dialog = a.page.getByRole('dialog');
  await dialog.getByLabel('Title').fill('CI');
  await dialog.locator('select').first().selectOption({ label: 'Town Square' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  const url = (await a.page.locator('.copy-field__value').first().innerText()).trim();
  assert.match(url, new RegExp(`^${base}/hooks/[a-z0-9]{26}$`));

  const sent = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      text: 'Pipeline <https://ci.example/77|#77> passed',
      attachments: [{ color: 'good', title: 'api: deploy to staging', fields: [{ title: 'Duration', value: '2 min', short: true }] }],
    }),
  });
  assert.equal(sent.status, 200);
  const card = postWith(b.page, 'Pipeline');
  await card.locator('.msg-attachment__title', { hasText: 'api: deploy to staging' }).waitFor({ timeout: WAIT });
  assert.match(await card.locator('.msg-attachment__field-title').first().innerText(), /Duration/);
  assert.equal(await card.getByRole('link', { name: '#77' }).getAttribute('href'), 'https://ci.example/77');
  await b.page.screenshot({ path: path.join(shots, 'integrations-card.png') });
});

step('a button calls the integration: the post is updated and the clicker is thanked alone', async () => {
  integration.answerWith((p) =>
    p === '/approve' ? { update: { message: 'Deploy approved' }, ephemeral_text: 'Thanks for approving' } : {},
  );
  const made = await apiFromPage(a.page, 'POST', '/posts', {
    channel_id: (await apiFromPage(a.page, 'GET', `/teams/${team.id}/channels/name/town-square`)).body.id,
    message: 'Deploy request for v2',
    props: { attachments: [{ text: 'Ship it?', actions: [{ name: 'Approve', integration: { url: `${integration.url}/approve` } }] }] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const card = postWith(b.page, 'Deploy request for v2');
  await card.getByRole('button', { name: 'Approve' }).click();
  await b.page.locator('.channel [role="log"]').getByText('Deploy approved', { exact: true }).waitFor({ timeout: WAIT });
  const thanks = postWith(b.page, 'Thanks for approving');
  await thanks.waitFor({ timeout: WAIT });
  assert.match(await thanks.innerText(), /Only visible to you/);
  const clicked = integration.received.find((r) => r.path === '/approve');
  assert.ok(clicked, 'the integration was called');
  assert.equal(JSON.parse(clicked.body).user_name, bob.username);
  // The admin sees the update, not the thanks.
  await a.page.goto(`${base}/${teamSlug}/channels/town-square`);
  await a.page.locator('.channel [role="log"]').getByText('Deploy approved', { exact: true }).waitFor({ timeout: WAIT });
  assert.equal(await postWith(a.page, 'Thanks for approving').count(), 0);
});

step('a custom slash command answers only the one who ran it', async () => {
  integration.answerWith((p) => (p === '/weather' ? { text: 'Sunny in Lisbon' } : {}));
  const cmd = await apiFromPage(a.page, 'POST', '/commands', {
    team_id: team.id, trigger: 'weather', url: `${integration.url}/weather`, method: 'P',
    auto_complete: true, auto_complete_hint: '[city]', auto_complete_desc: 'Tells the weather',
  });
  assert.equal(cmd.status, 201, JSON.stringify(cmd.body));
  await b.page.reload();
  const composer = b.page.locator('.channel textarea.composer__input');
  await composer.waitFor({ timeout: WAIT });
  await composer.fill('/weather Lisbon');
  await b.page.waitForTimeout(300);
  await composer.press('Enter');
  const answer = postWith(b.page, 'Sunny in Lisbon');
  await answer.waitFor({ timeout: WAIT });
  assert.match(await answer.innerText(), /Only visible to you/);
  const got = integration.received.find((r) => r.path === '/weather');
  assert.equal(new URLSearchParams(got.body).get('text'), 'Lisbon');
  await b.page.screenshot({ path: path.join(shots, 'integrations-command.png') });
});

step('an OAuth app is authorised in the browser: consent, Allow, the app gets a working token', async () => {
  integration.answerWith(() => ({}));
  const enabled = await apiFromPage(a.page, 'PUT', '/config/patch', { ServiceSettings: { EnableOAuthServiceProvider: true } });
  assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
  const app = await apiFromPage(a.page, 'POST', '/oauth/apps', {
    name: 'Deploy Board', description: 'shows deploys', homepage: 'https://board.example.com',
    callback_urls: [`${integration.url}/callback`],
  });
  assert.equal(app.status, 201, JSON.stringify(app.body));
  const { id: clientId, client_secret: secret } = app.body;
  const redirectUri = `${integration.url}/callback`;
  const authorize = `${base}/oauth/authorize?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&state=xyz`;

  // Bob, signed in, is asked; Allow sends the browser to the app with a code.
  await b.page.goto(authorize);
  await b.page.getByText('Deploy Board wants to access your account.').waitFor({ timeout: WAIT });
  await b.page.screenshot({ path: path.join(shots, 'integrations-oauth-consent.png') });
  await b.page.getByRole('button', { name: 'Allow' }).click();
  await b.page.waitForURL((u) => u.toString().startsWith(`${integration.url}/callback`), { timeout: WAIT });
  const landed = new URL(b.page.url());
  assert.equal(landed.searchParams.get('state'), 'xyz');
  const code = landed.searchParams.get('code');
  assert.ok(code, 'the callback carries a code');

  // The app trades the code for a token, which reads Bob's account.
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, client_secret: secret });
  const tokenResp = await fetch(`${base}/oauth/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  assert.equal(tokenResp.status, 200);
  const { access_token: accessToken } = await tokenResp.json();
  const me = await fetch(`${base}/api/v4/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).username, bob.username);
});

step('a dialog opened by the integration collects input; its field errors show until it accepts', async () => {
  integration.answerWith(() => ({}));
  const made = await apiFromPage(a.page, 'POST', '/posts', {
    channel_id: (await apiFromPage(a.page, 'GET', `/teams/${team.id}/channels/name/town-square`)).body.id,
    message: 'Incident desk',
    props: { attachments: [{ actions: [{ name: 'Report', integration: { url: `${integration.url}/report` } }] }] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await b.page.goto(`${base}/${teamSlug}/channels/town-square`);
  await postWith(b.page, 'Incident desk').getByRole('button', { name: 'Report' }).click();
  const clicked = await (async () => {
    for (let i = 0; i < 100; i++) {
      const r = integration.received.find((x) => x.path === '/report');
      if (r) return JSON.parse(r.body);
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the integration was not called');
  })();

  // The integration opens a dialog with the trigger id it was given (no session needed).
  const opened = await fetch(`${base}/api/v4/actions/dialogs/open`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      trigger_id: clicked.trigger_id,
      url: `${integration.url}/dialog`,
      dialog: {
        callback_id: 'incident', title: 'Report an incident', submit_label: 'File it', state: 'desk',
        elements: [{ display_name: 'Summary', name: 'summary', type: 'text' }],
      },
    }),
  });
  assert.equal(opened.status, 200);
  const dialog = b.page.getByRole('dialog', { name: 'Report an incident' });
  await dialog.waitFor({ timeout: WAIT });
  integration.answerWith((p) => (p === '/dialog' ? { errors: { summary: 'Say a little more' } } : {}));
  await dialog.getByLabel('Summary').fill('db');
  await dialog.getByRole('button', { name: 'File it' }).click();
  await dialog.getByText('Say a little more').waitFor({ timeout: WAIT });
  integration.answerWith(() => ({}));
  await dialog.getByLabel('Summary').fill('The database is down in eu-1');
  await dialog.getByRole('button', { name: 'File it' }).click();
  await dialog.waitFor({ state: 'detached', timeout: WAIT });
  const last = integration.received.filter((r) => r.path === '/dialog').at(-1);
  const submitted = JSON.parse(last.body);
  assert.equal(submitted.submission.summary, 'The database is down in eu-1');
  assert.equal(submitted.state, 'desk');
});
