// End-to-end, the features that follow Mattermost's apps further: synced drafts (one user in two
// browser windows), team icons and team settings, the user's time zone, channel search in Browse
// channels and the quick switcher, a group message converted to a private channel, and the
// System Console's push and email settings with a user's own notification settings. Run
// like chat.test.mjs, against a Stoa with no users yet:
//
//   STOA_BIN=../target/debug/stoa node --test e2e/apps.test.mjs
//   STOA_URL=http://127.0.0.1:8065 node --test e2e/apps.test.mjs
//
// Every browser context runs in UTC, so the time zone step knows what the browser's own is.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WAIT, apiFromPage, png, startSuite, stepper } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');

const suffix = Date.now().toString(36).slice(-6);
const alice = { username: `alice${suffix}`, email: `alice${suffix}@example.com`, password: 'Passw0rd-alice!' };
const bob = { username: `bob${suffix}`, email: `bob${suffix}@example.com`, password: 'Passw0rd-bob!!' };
const carol = { username: `carol${suffix}`, email: `carol${suffix}@example.com`, password: 'Passw0rd-carol!' };
const teamName = `Apps Team ${suffix}`;
const teamSlug = `apps-team-${suffix}`;

const cleanup = [];
let base = '';
let browser;
let watch;
let a; // alice, first window
let a2; // alice, second window (another device)
let b;
let c;
let team;
const ids = {};

const step = stepper(shots, 'apps-', () => ({ a, a2, b, c }));

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

const sidebar = (page) => page.locator('nav[aria-label="Channels and direct messages"]');
const sidebarLink = (page, slug) => sidebar(page).locator(`a[href$="/channels/${slug}"]`);
const composer = (page) => page.locator('.channel textarea.composer__input');
/** Waits until the open channel's composer holds `text` (a new channel renders after its URL). */
async function composerHolds(page, text) {
  await page.waitForFunction((want) => document.querySelector('.channel textarea.composer__input')?.value === want, text, {
    timeout: WAIT,
  });
}
const postWith = (page, text) => page.locator('.channel [role="log"] [data-post-id]', { hasText: text });

async function login(page, user) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email or username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function openChannel(page, slug) {
  await sidebarLink(page, slug).click();
  await page.waitForURL(`${base}/${teamSlug}/channels/${slug}`, { timeout: WAIT });
}

/** Resolves with the next answer to a request whose method and path end match. */
function nextResponse(page, method, pathEnd) {
  return page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(pathEnd), {
    timeout: WAIT,
  });
}

before(async () => {
  ({ base, watch, browser } = await startSuite({ shots, failurePrefix: 'apps-', cleanup, file: 'apps.test.mjs' }));
});

after(async () => {
  for (const fn of cleanup.reverse()) await fn().catch((e) => console.error('cleanup:', e));
});

step('A signs up (admin), creates a team; B and C join it', async () => {
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

  const open = await apiFromPage(a.page, 'PUT', '/config/patch', { TeamSettings: { EnableOpenServer: true } });
  assert.equal(open.status, 200, JSON.stringify(open.body));
  team = (await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`)).body;
  for (const [key, user] of [
    ['bob', bob],
    ['carol', carol],
  ]) {
    const created = await fetch(`${base}/api/v4/users`, { method: 'POST', body: JSON.stringify(user) });
    assert.equal(created.status, 201);
    ids[key] = (await created.json()).id;
    const joined = await apiFromPage(a.page, 'POST', `/teams/${team.id}/members`, { team_id: team.id, user_id: ids[key] });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
  }
  b = await newUser();
  await login(b.page, bob);
  await b.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
});

step('a draft typed in one window appears in the other window of the same user', async () => {
  // Signed-in users' view of the client config carries it.
  const cfg = await apiFromPage(a.page, 'GET', '/config/client?format=old');
  assert.equal(cfg.body.AllowSyncedDrafts, 'true', 'the server allows synced drafts');
  const room = await apiFromPage(a.page, 'POST', '/channels', {
    team_id: team.id,
    name: 'draft-room',
    display_name: 'Draft Room',
    type: 'O',
  });
  assert.equal(room.status, 201, JSON.stringify(room.body));
  await sidebarLink(a.page, 'draft-room').waitFor({ timeout: WAIT });

  a2 = await newUser();
  await login(a2.page, alice);
  await a2.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });

  // Window 1 writes without sending, and leaves the channel (the draft is saved at once).
  await openChannel(a.page, 'draft-room');
  const saved = nextResponse(a.page, 'POST', '/api/v4/drafts');
  await composer(a.page).fill('Draft from the first window');
  assert.equal((await saved).status(), 201);
  await openChannel(a.page, 'town-square');

  // Window 2 hears of it live: the Drafts item shows it, and the channel's composer holds it.
  const draftsLink = sidebar(a2.page).getByRole('link', { name: 'Drafts (1)' });
  await draftsLink.waitFor({ timeout: WAIT });
  await draftsLink.click();
  await a2.page.waitForURL(`${base}/${teamSlug}/drafts`, { timeout: WAIT });
  const item = a2.page.getByRole('button', { name: 'Open the draft in Draft Room' });
  await item.waitFor({ timeout: WAIT });
  assert.match(await item.innerText(), /Draft from the first window/);
  await a2.page.screenshot({ path: path.join(shots, 'drafts-view.png') });
  await item.click();
  await a2.page.waitForURL(`${base}/${teamSlug}/channels/draft-room`, { timeout: WAIT });
  await a2.page.waitForFunction(
    () => document.querySelector('.channel textarea.composer__input')?.value === 'Draft from the first window',
    null,
    { timeout: WAIT },
  );
  await a2.page.screenshot({ path: path.join(shots, 'draft-synced.png') });

  // Sent from window 1: the draft goes, in window 2 too (its composer was left as it came).
  await openChannel(a.page, 'draft-room');
  await composerHolds(a.page, 'Draft from the first window');
  await composer(a.page).press('Enter');
  await postWith(a.page, 'Draft from the first window').waitFor({ timeout: WAIT });
  await a2.page.waitForFunction(() => document.querySelector('.channel textarea.composer__input')?.value === '', null, {
    timeout: WAIT,
  });
  await sidebar(a2.page).getByRole('link', { name: /^Drafts/ }).waitFor({ state: 'detached', timeout: WAIT });

  // Typed in window 2 while window 1 is elsewhere: after a reload of window 1 it is there too.
  await composer(a2.page).fill('Second thought, from window two');
  await a2.page.waitForTimeout(1200);
  await openChannel(a.page, 'town-square');
  await a.page.reload();
  await sidebar(a.page).getByRole('link', { name: 'Drafts (1)' }).waitFor({ timeout: WAIT });
  await openChannel(a.page, 'draft-room');
  await composerHolds(a.page, 'Second thought, from window two');
  await composer(a2.page).fill('');
  await sidebar(a.page).getByRole('link', { name: /^Drafts/ }).waitFor({ state: 'detached', timeout: WAIT });
  await a2.context.close();
  a2 = null;
});

step('A uploads a team icon in Team settings; both sidebars show it; removing it brings the initials back', async () => {
  await a.page.getByRole('button', { name: 'Team settings' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Team settings' });
  await dialog.getByLabel('Description (optional)').fill('Where the apps are tried');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('status').waitFor({ timeout: WAIT });

  const uploaded = nextResponse(a.page, 'POST', `/teams/${team.id}/image`);
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: png(64, 64) });
  assert.equal((await uploaded).status(), 200);
  await dialog.locator('img.team-icon').waitFor({ timeout: WAIT });
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();

  for (const page of [a.page, b.page]) {
    const icon = page.locator('nav[aria-label="Teams"] img.team-icon');
    await icon.waitFor({ timeout: WAIT });
    assert.match(await icon.getAttribute('src'), new RegExp(`/api/v4/teams/${team.id}/image\\?_=\\d+`));
    await page.waitForFunction(() => document.querySelector('nav[aria-label="Teams"] img.team-icon')?.naturalWidth > 0, null, {
      timeout: WAIT,
    });
  }
  await a.page.screenshot({ path: path.join(shots, 'team-icon.png') });
  // B is no team admin: no Team settings for B.
  assert.equal(await b.page.getByRole('button', { name: 'Team settings' }).count(), 0);

  await a.page.getByRole('button', { name: 'Team settings' }).click();
  await dialog.getByRole('button', { name: 'Remove the icon' }).click();
  await dialog.getByRole('button', { name: 'Upload an icon' }).waitFor({ timeout: WAIT });
  await a.page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: WAIT });
  await b.page.locator('nav[aria-label="Teams"] .team-icon--initials').first().waitFor({ timeout: WAIT });
  assert.equal(await b.page.locator('nav[aria-label="Teams"] img.team-icon').count(), 0);
});

step('a manual time zone changes the times shown on posts', async () => {
  await openChannel(a.page, 'town-square');
  await composer(a.page).fill('What time is it?');
  await composer(a.page).press('Enter');
  const post = postWith(a.page, 'What time is it?');
  await post.waitFor({ timeout: WAIT });
  const id = await post.getAttribute('data-post-id');
  const createAt = (await apiFromPage(a.page, 'GET', `/posts/${id}`)).body.create_at;
  const shown = (zone) =>
    new Date(createAt).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: zone });
  const time = post.locator('.post__time').first();
  assert.equal(await time.innerText(), shown('UTC'));

  // The automatic zone is saved as the browser's (once per sign-in, in the background).
  const deadline = Date.now() + WAIT;
  let automatic = '';
  while (automatic !== 'UTC' && Date.now() < deadline) {
    automatic = (await apiFromPage(a.page, 'GET', '/users/me')).body.timezone?.automaticTimezone ?? '';
    if (automatic !== 'UTC') await a.page.waitForTimeout(100);
  }
  assert.equal(automatic, 'UTC');

  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = a.page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Display' }).click();
  const group = settings.getByRole('group', { name: 'Timezone' });
  await group.getByRole('radio', { name: 'Choose a zone' }).check();
  await group.getByRole('searchbox', { name: 'Find a timezone' }).fill('tokyo');
  const saved = nextResponse(a.page, 'PUT', '/patch');
  await group.getByRole('button', { name: /Tokyo \(Asia\)/ }).click();
  assert.equal((await saved).status(), 200);
  await group.getByText('Current: Tokyo (Asia)').waitFor({ timeout: WAIT });
  await a.page.screenshot({ path: path.join(shots, 'settings-timezone.png') });
  await a.page.keyboard.press('Escape');
  await settings.waitFor({ state: 'detached', timeout: WAIT });

  await a.page.waitForFunction(
    ({ id, want }) => document.querySelector(`[data-post-id="${id}"] .post__time`)?.textContent === want,
    { id, want: shown('Asia/Tokyo') },
    { timeout: WAIT },
  );
  // Kept across a reload.
  await a.page.reload();
  await postWith(a.page, 'What time is it?').waitFor({ timeout: WAIT });
  assert.equal(await postWith(a.page, 'What time is it?').locator('.post__time').first().innerText(), shown('Asia/Tokyo'));
  const after = await apiFromPage(a.page, 'GET', '/users/me');
  assert.equal(after.body.timezone?.useAutomaticTimezone, 'false');
  assert.equal(after.body.timezone?.manualTimezone, 'Asia/Tokyo');
});

step('Browse channels finds a channel B has not joined by a word of its name; so does the quick switcher', async () => {
  for (const [name, display_name] of [
    ['quarterly-budget-review', 'Quarterly Budget Review'],
    ['travel-budget-planning', 'Travel Budget Planning'],
    ['random-chatter', 'Random Chatter'],
  ]) {
    const r = await apiFromPage(a.page, 'POST', '/channels', { team_id: team.id, name, display_name, type: 'O' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  await b.page.getByRole('button', { name: 'Add channels' }).click();
  await b.page.getByRole('button', { name: 'Browse channels' }).click();
  const dialog = b.page.getByRole('dialog', { name: 'Browse channels' });
  const searched = nextResponse(b.page, 'POST', `/teams/${team.id}/channels/search`);
  await dialog.getByRole('searchbox', { name: 'Filter channels' }).fill('review');
  assert.equal((await searched).status(), 200);
  await dialog.getByRole('button', { name: 'Join Quarterly Budget Review' }).waitFor({ timeout: WAIT });
  assert.equal(await dialog.getByRole('button', { name: 'Join Random Chatter' }).count(), 0);
  await dialog.getByRole('button', { name: 'Join Quarterly Budget Review' }).click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/quarterly-budget-review`, { timeout: WAIT });

  await b.page.keyboard.press('Control+k');
  const switcher = b.page.getByRole('dialog', { name: 'Find a channel or a person' });
  await switcher.getByRole('combobox').fill('planning');
  const option = switcher.getByRole('option', { name: /Travel Budget Planning/ });
  await option.waitFor({ timeout: WAIT });
  assert.match(await option.innerText(), /not joined/);
  await option.click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/travel-budget-planning`, { timeout: WAIT });
  await sidebarLink(b.page, 'travel-budget-planning').waitFor({ timeout: WAIT });
});

step('a group message converted to a private channel appears in the team’s channels for all its members', async () => {
  const gm = await apiFromPage(a.page, 'POST', '/channels/group', [ids.alice, ids.bob, ids.carol]);
  assert.equal(gm.status, 201, JSON.stringify(gm.body));
  c = await newUser();
  await login(c.page, carol);
  await c.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });

  await a.page.goto(`${base}/${teamSlug}/channels/${gm.body.name}`);
  await composer(a.page).fill('Shall we make this a channel?');
  await composer(a.page).press('Enter');
  await postWith(a.page, 'Shall we make this a channel?').waitFor({ timeout: WAIT });
  // B has the group message open while it is converted.
  await sidebarLink(b.page, gm.body.name).waitFor({ timeout: WAIT });
  await openChannel(b.page, gm.body.name);

  await a.page.getByRole('button', { name: /channel menu$/ }).click();
  await a.page.getByRole('button', { name: 'Convert to private channel' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Convert to a private channel' });
  await dialog.getByLabel('Team').waitFor({ timeout: WAIT });
  assert.equal(await dialog.getByLabel('Team').inputValue(), team.id);
  await dialog.getByLabel('Name', { exact: true }).fill('Launch Crew');
  assert.equal(await dialog.getByLabel('URL name').inputValue(), 'launch-crew');
  await dialog.getByRole('button', { name: 'Convert to private channel' }).click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/launch-crew`, { timeout: WAIT });
  await postWith(a.page, 'Shall we make this a channel?').waitFor({ timeout: WAIT });

  for (const page of [a.page, b.page, c.page]) {
    const section = sidebar(page).getByRole('region', { name: 'Channels' });
    await section.locator('a[href$="/channels/launch-crew"]', { hasText: 'Launch Crew' }).waitFor({ timeout: WAIT });
    assert.equal(await sidebar(page).locator(`a[href$="/channels/${gm.body.name}"]`).count(), 0);
  }
  // B, who had it open, follows it to its new address.
  await b.page.waitForURL(`${base}/${teamSlug}/channels/launch-crew`, { timeout: WAIT });
  await b.page.screenshot({ path: path.join(shots, 'gm-converted.png') });
});

step('A sets the push notification server and email batching in the System Console (a bad URL is refused)', async () => {
  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('link', { name: 'System Console' }).click();
  await a.page.waitForURL(`${base}/admin_console/environment/push_notification_server`, { timeout: WAIT });
  const save = a.page.getByRole('button', { name: 'Save' });
  await a.page.getByRole('combobox', { name: 'Enable Push Notifications' }).selectOption('custom');
  await a.page.getByRole('textbox', { name: 'Push Notification Server' }).fill('push.example.com');
  const refused = nextResponse(a.page, 'PUT', '/config/patch');
  await save.click();
  assert.equal((await refused).status(), 400);
  await a.page.getByRole('alert').filter({ hasText: 'Invalid value for EmailSettings.PushNotificationServer.' }).waitFor({ timeout: WAIT });
  // Nothing listens on port 9 of the loopback: no push can leave this machine.
  await a.page.getByRole('textbox', { name: 'Push Notification Server' }).fill('http://127.0.0.1:9');
  await a.page.getByRole('combobox', { name: 'Push Notification Contents' }).selectOption({ label: 'Full message content fetched from the server on receipt' });
  const saved = nextResponse(a.page, 'PUT', '/config/patch');
  await save.click();
  assert.equal((await saved).status(), 200);
  await a.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: WAIT });
  await a.page.screenshot({ path: path.join(shots, 'admin-push.png') });

  await a.page.getByRole('link', { name: 'Notifications', exact: true }).click();
  await a.page.waitForURL(`${base}/admin_console/site_config/notifications`, { timeout: WAIT });
  await a.page.getByRole('group', { name: 'Enable Email Notifications' }).getByRole('radio', { name: 'True' }).check();
  await a.page.getByRole('group', { name: 'Enable Email Batching' }).getByRole('radio', { name: 'True' }).check();
  const emailSaved = nextResponse(a.page, 'PUT', '/config/patch');
  await save.click();
  assert.equal((await emailSaved).status(), 200);
  await a.page.screenshot({ path: path.join(shots, 'admin-notifications.png') });

  const { body: config } = await apiFromPage(a.page, 'GET', '/config');
  assert.equal(config.EmailSettings.SendPushNotifications, true);
  assert.equal(config.EmailSettings.PushNotificationServer, 'http://127.0.0.1:9');
  assert.equal(config.EmailSettings.PushNotificationContents, 'id_loaded');
  assert.equal(config.EmailSettings.SendEmailNotifications, true);
  assert.equal(config.EmailSettings.EnableEmailBatching, true);
  // B is no system admin: no System Console in B's menu.
  await b.page.getByRole('button', { name: 'User menu' }).click();
  await b.page.getByRole('button', { name: 'Settings', exact: true }).waitFor({ timeout: WAIT });
  assert.equal(await b.page.getByRole('link', { name: 'System Console' }).count(), 0);
  await b.page.keyboard.press('Escape');
});

step('B chooses mobile pushes and hourly emails in Settings; a reload shows them saved', async () => {
  // B's app follows the new settings (config_changed): pushes and batched emails are offered.
  const settingsOf = async (page) => {
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Notifications' }).click();
    return dialog;
  };
  let settings = await settingsOf(b.page);
  let push = settings.getByRole('group', { name: 'Mobile push notifications', exact: true });
  let email = settings.getByRole('group', { name: 'Email notifications', exact: true });
  await email.getByRole('radio', { name: 'Every hour' }).waitFor({ timeout: WAIT });
  await push.getByRole('radio', { name: 'All new messages' }).check();
  await push.getByRole('radio', { name: 'Away or offline', exact: true }).check();
  await email.getByRole('radio', { name: 'Every hour' }).check();
  const patched = nextResponse(b.page, 'PUT', '/patch');
  const prefs = nextResponse(b.page, 'PUT', '/preferences');
  await settings.getByRole('button', { name: 'Save' }).click();
  assert.equal((await patched).status(), 200);
  assert.equal((await prefs).status(), 200);
  await settings.getByText('Saved.').waitFor({ timeout: WAIT });
  await b.page.screenshot({ path: path.join(shots, 'settings-push-email.png') });

  const me = (await apiFromPage(b.page, 'GET', '/users/me')).body;
  assert.equal(me.notify_props.push, 'all');
  assert.equal(me.notify_props.push_status, 'away');
  assert.equal(me.notify_props.email, 'true');
  const saved = (await apiFromPage(b.page, 'GET', '/users/me/preferences')).body;
  assert.equal(saved.find((p) => p.category === 'notifications' && p.name === 'email_interval')?.value, '3600');

  await b.page.reload();
  settings = await settingsOf(b.page);
  push = settings.getByRole('group', { name: 'Mobile push notifications', exact: true });
  email = settings.getByRole('group', { name: 'Email notifications', exact: true });
  assert.equal(await push.getByRole('radio', { name: 'All new messages' }).isChecked(), true);
  assert.equal(await push.getByRole('radio', { name: 'Away or offline', exact: true }).isChecked(), true);
  assert.equal(await email.getByRole('radio', { name: 'Every hour' }).isChecked(), true);
  await b.page.keyboard.press('Escape');
  await settings.waitFor({ state: 'detached', timeout: WAIT });
});

step('nothing was requested from another origin, and no page error happened', async () => {
  assert.deepEqual(watch.external, []);
  assert.deepEqual(watch.pageErrors, []);
});
