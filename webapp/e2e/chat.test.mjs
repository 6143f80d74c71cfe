// End-to-end: two people (A and B, in their own browser contexts) chat through the web app in
// Debian's Chromium (playwright-core, no downloaded browser). Run with `npm run e2e` and one of:
//
//   STOA_BIN=../target/debug/stoa   start that binary (it serves the web app it was built with) on
//                                   a free port with an empty data dir; the restart step stops and
//                                   starts it again
//   STOA_URL=http://127.0.0.1:8065  a fresh Stoa (no users yet) serving the app (no restart step)
//
// The first user to sign up becomes the system admin, so the server must have no users yet.
// Screenshots of the main screens go to e2e/screenshots/.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECORD_NOTIFICATIONS, WAIT, apiFromPage, png, startSuite, stepper } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');

const suffix = Date.now().toString(36).slice(-6);
const alice = { username: `alice${suffix}`, email: `alice${suffix}@example.com`, password: 'Passw0rd-alice!' };
const bob = { username: `bob${suffix}`, email: `bob${suffix}@example.com`, password: 'Passw0rd-bob!!' };
const carol = { username: `carol${suffix}`, email: `carol${suffix}@example.com`, password: 'Passw0rd-carol!' };
const teamName = `E2E Team ${suffix}`;
const teamSlug = `e2e-team-${suffix}`;
const channelName = 'Release Plan';
const channelSlug = 'release-plan';

/** Everything started here, stopped in `after`. */
const cleanup = [];
let base = '';
/** The server, when this run started it (for the restart step). */
let stoa = null;
let browser;
let watch;
let a; // { context, page }
let b;

const step = stepper(shots, '', () => ({ a, b }));

async function newUser(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, colorScheme: 'light', locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write', 'notifications'], { origin: base });
  await context.addInitScript(RECORD_NOTIFICATIONS);
  const page = await context.newPage();
  watch.watch(page);
  return { context, page };
}

const sidebar = (page) => page.locator('nav[aria-label="Channels and direct messages"]');
const sidebarLink = (page, slug) => sidebar(page).locator(`a[href$="/channels/${slug}"]`);
const messageList = (page) => page.locator('.channel [role="log"]');
const composer = (page) => page.locator('.channel textarea.composer__input');
const postWith = (page, text) => messageList(page).locator('[data-post-id]', { hasText: text });
const rhs = (page, name) => page.getByRole('complementary', { name });

async function signUp(page, user, url = `${base}/signup`) {
  await page.goto(url);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

async function login(page, user) {
  await page.getByLabel('Email or username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Sends from the channel composer and waits for the post (found by its first line's text). */
async function send(page, text) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  const firstLine = text.split('\n')[0].replace(/[*_`]/g, '');
  await postWith(page, firstLine).first().waitFor({ timeout: WAIT });
  // The post may arrive over the socket before the HTTP answer that clears the composer.
  const box = await composer(page).elementHandle();
  await page
    .waitForFunction((el) => el.value === '', box, { timeout: WAIT })
    .catch(async () => assert.equal(await composer(page).inputValue(), '', 'the composer is cleared after sending'));
}

/** Opens a post's "…" menu and picks an item. */
async function postMenu(page, post, item) {
  await post.hover();
  await post.getByRole('button', { name: 'More actions' }).click();
  await post.getByRole('group', { name: 'More actions' }).getByRole('button', { name: item, exact: true }).click();
}

/** Resolves once the page has had `n` answers to `POST /channels/members/me/view`. */
function viewsAnswered(page, n) {
  return new Promise((resolve) => {
    let seen = 0;
    const on = (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/channels/members/me/view') && ++seen === n) {
        page.off('response', on);
        resolve();
      }
    };
    page.on('response', on);
  });
}

async function openChannel(page, slug) {
  await sidebarLink(page, slug).click();
  await page.waitForURL(`${base}/${teamSlug}/channels/${slug}`, { timeout: WAIT });
}

before(async () => {
  ({ stoa, base, watch, browser } = await startSuite({ shots, failurePrefix: '', cleanup, file: 'chat.test.mjs' }));
});

after(async () => {
  for (const fn of cleanup.reverse()) await fn().catch((e) => console.error('cleanup:', e));
});

step('A signs up as the first user (system admin) and creates a team', async () => {
  a = await newUser();
  await signUp(a.page, alice);
  // No team yet: the create-team screen.
  await a.page.getByRole('heading', { name: 'Create a team' }).waitFor({ timeout: WAIT });
  await a.page.getByLabel('Team name').fill(teamName);
  assert.equal(await a.page.getByLabel('Team URL').inputValue(), teamSlug);
  await a.page.getByRole('button', { name: 'Create team' }).click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
  await a.page.locator('#channel-title', { hasText: 'Town Square' }).waitFor({ timeout: WAIT });
  const me = await apiFromPage(a.page, 'GET', '/users/me');
  assert.match(me.body.roles, /system_admin/, 'the first user must be system admin (is the server fresh?)');
});

step('A opens the server for sign-ups', async () => {
  const r = await apiFromPage(a.page, 'PUT', '/config/patch', { TeamSettings: { EnableOpenServer: true } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const cfg = await (await fetch(`${base}/api/v4/config/client?format=old`)).json();
  assert.equal(cfg.EnableOpenServer, 'true');
});

step('B signs up with the invite link A copies from the invite dialog', async () => {
  await a.page.getByRole('button', { name: 'Invite people' }).click();
  const dialog = a.page.getByRole('dialog');
  const input = dialog.getByRole('textbox', { name: 'Invite people' });
  await input.waitFor({ timeout: WAIT });
  const link = await input.inputValue();
  assert.match(link, /\/signup\?iid=/);
  await dialog.getByRole('button', { name: 'Close' }).click();

  b = await newUser();
  await signUp(b.page, bob, link);
  await b.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
});

step('A creates a channel; B finds it in Browse channels and joins', async () => {
  await a.page.getByRole('button', { name: 'Add channels' }).click();
  await a.page.getByRole('button', { name: 'Create a channel' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Create a channel' });
  await dialog.getByLabel('Name', { exact: true }).fill(channelName);
  await dialog.getByLabel('Purpose (optional)').fill('Dates and owners for the next release');
  await dialog.getByRole('button', { name: 'Create channel' }).click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await a.page.locator('#channel-title', { hasText: channelName }).waitFor({ timeout: WAIT });

  await b.page.getByRole('button', { name: 'Add channels' }).click();
  await b.page.getByRole('button', { name: 'Browse channels' }).click();
  await b.page.getByRole('button', { name: `Join ${channelName}` }).click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await b.page.locator('.channel-header__purpose', { hasText: 'Dates and owners' }).waitFor({ timeout: WAIT });
  // Both are members now.
  await b.page.getByRole('button', { name: '2 members' }).waitFor({ timeout: WAIT });
});

step('B sees that A is typing, then A’s post arrives live, Markdown rendered', async () => {
  await composer(a.page).pressSequentially('Hello', { delay: 20 });
  await b.page.getByText(`${alice.username} is typing…`).waitFor({ timeout: WAIT });
  await composer(a.page).fill('');

  const urlBefore = b.page.url();
  await send(a.page, `Hello @${bob.username}, the **release** is on _Friday_`);
  const post = postWith(b.page, 'the release is on Friday');
  await post.waitFor({ timeout: WAIT });
  assert.equal(await post.locator('strong', { hasText: 'release' }).count(), 1);
  assert.equal(await post.locator('em', { hasText: 'Friday' }).count(), 1);
  assert.equal(await post.locator('.mention--me', { hasText: `@${bob.username}` }).count(), 1);
  assert.equal(b.page.url(), urlBefore, 'no navigation or reload on B');
  // The typing notice goes once the post is in.
  await b.page.getByText(`${alice.username} is typing…`).waitFor({ state: 'hidden', timeout: WAIT });

  await a.page.waitForTimeout(300);
  await send(a.page, 'Agenda:\n- freeze on Wednesday\n- `cargo test` must pass');
  // A fenced block is highlighted (highlight.js loads on first use).
  await send(a.page, 'Build step:\n```rust\nfn main() { let answer = 42; }\n```');
  await postWith(b.page, 'Build step').locator('code .hljs-keyword', { hasText: 'fn' }).waitFor({ timeout: WAIT });
  await a.page.screenshot({ path: path.join(shots, 'channel-view.png') });
});

step('B completes @mention and :emoji: in the composer', async () => {
  const box = composer(b.page);
  await box.click();
  await box.pressSequentially(`Thanks @${alice.username.slice(0, 5)}`, { delay: 20 });
  const list = b.page.getByRole('listbox', { name: 'Suggestions' });
  await list.getByRole('option', { name: new RegExp(`@${alice.username}`) }).waitFor({ timeout: WAIT });
  await box.press('Enter');
  assert.equal(await box.inputValue(), `Thanks @${alice.username} `);
  await box.pressSequentially(':tad', { delay: 20 });
  await list.getByRole('option', { name: /:tada:/ }).waitFor({ timeout: WAIT });
  await box.press('Tab');
  assert.equal(await box.inputValue(), `Thanks @${alice.username} :tada: `);
  await box.press('Enter');
  const sent = postWith(a.page, 'Thanks');
  await sent.locator('.mention--me', { hasText: `@${alice.username}` }).waitFor({ timeout: WAIT });
  assert.match(await sent.locator('.markdown').innerText(), /🎉/);
});

step('B replies in a thread; A sees the reply count, then the thread in Threads', async () => {
  const post = postWith(b.page, 'the release is on Friday');
  await post.hover();
  await post.getByRole('button', { name: 'Reply', exact: true }).click();
  const pane = rhs(b.page, 'Thread');
  await pane.waitFor({ timeout: WAIT });
  const reply = pane.getByRole('combobox', { name: 'Reply…' });
  await reply.fill('Friday works for me');
  await reply.press('Enter');
  await pane.locator('[data-post-id]', { hasText: 'Friday works for me' }).waitFor({ timeout: WAIT });
  await b.page.screenshot({ path: path.join(shots, 'thread-pane.png') });

  const onA = postWith(a.page, 'the release is on Friday');
  await onA.getByRole('button', { name: '1 reply' }).waitFor({ timeout: WAIT });
  // The reply is in the thread only, not in the channel.
  assert.equal(await postWith(a.page, 'Friday works for me').count(), 0);
  await b.page.getByRole('button', { name: 'Close thread' }).click();

  // A wrote the root, so A follows the thread: it is unread in Threads.
  const threads = sidebar(a.page).getByRole('link', { name: 'Threads (unread)' });
  await threads.waitFor({ timeout: WAIT });
  await threads.click();
  await a.page.waitForURL(`${base}/${teamSlug}/threads`, { timeout: WAIT });
  const item = a.page.locator('.thread-item[data-unread="true"]', { hasText: 'the release is on Friday' });
  await item.waitFor({ timeout: WAIT });
  await item.click();
  await a.page.locator('.threads__thread [data-post-id]', { hasText: 'Friday works for me' }).waitFor({ timeout: WAIT });
  // Read now: neither the item nor the sidebar link is unread any more.
  await a.page.locator('.thread-item:not([data-unread])', { hasText: 'the release is on Friday' }).waitFor({ timeout: WAIT });
  await sidebar(a.page).getByRole('link', { name: 'Threads', exact: true }).waitFor({ timeout: WAIT });
  await a.page.screenshot({ path: path.join(shots, 'threads-view.png') });
  await openChannel(a.page, channelSlug);
});

step('A edits a post (menu, then Up arrow); B reacts from the emoji picker; each sees it live', async () => {
  const mine = postWith(a.page, 'Agenda:');
  await postMenu(a.page, mine, 'Edit');
  const box = a.page.getByRole('textbox', { name: 'Edit message' });
  await box.fill('Agenda (updated):\n- freeze on Wednesday\n- `cargo test` must pass');
  await box.press('Enter');
  await postWith(a.page, 'Agenda (updated)').locator('.post__edited').waitFor({ timeout: WAIT });
  const onB = postWith(b.page, 'Agenda (updated)');
  await onB.locator('.post__edited', { hasText: '(edited)' }).waitFor({ timeout: WAIT });

  // Up in the empty composer edits A's last message.
  await composer(a.page).click();
  await composer(a.page).press('ArrowUp');
  const last = a.page.getByRole('textbox', { name: 'Edit message' });
  await last.waitFor({ timeout: WAIT });
  assert.match(await last.inputValue(), /^Build step:/);
  await last.press('Escape');

  await onB.hover();
  await onB.getByRole('button', { name: 'Add reaction' }).click();
  await b.page.getByRole('button', { name: 'More reactions' }).click();
  await b.page.getByLabel('Search emoji').fill('rocket');
  await b.page.getByRole('button', { name: ':rocket:', exact: true }).click();
  await onB.getByRole('button', { name: ':rocket: reacted by 1' }).waitFor({ timeout: WAIT });
  const onA = postWith(a.page, 'Agenda (updated)').getByRole('button', { name: ':rocket: reacted by 1' });
  await onA.waitFor({ timeout: WAIT });
  assert.equal(await onA.getAttribute('aria-pressed'), 'false');
  // The quick reactions now start with the emoji B just used.
  await onB.hover();
  await onB.getByRole('button', { name: 'Add reaction' }).click();
  await b.page.getByRole('button', { name: 'React with :rocket:' }).waitFor({ timeout: WAIT });
  await b.page.keyboard.press('Escape');
});

step('B attaches an image (upload progress, then the thumbnail); A opens the preview', async () => {
  await b.page.locator('.channel input[type="file"]').setInputFiles([
    { name: 'red.png', mimeType: 'image/png', buffer: png(48, 32) },
    { name: 'wide.png', mimeType: 'image/png', buffer: png(96, 24) },
  ]);
  await b.page.locator('.channel .composer__file', { hasText: 'red.png' }).waitFor({ timeout: WAIT });
  // Both finish uploading before the send button may post them.
  await b.page.locator('.channel .composer__progress').first().waitFor({ state: 'detached', timeout: WAIT });
  await b.page.waitForFunction(() => document.querySelectorAll('.channel .composer__progress').length === 0, null, { timeout: WAIT });
  await send(b.page, 'Screenshots attached');
  const img = postWith(a.page, 'Screenshots attached').locator('img[alt="red.png"]');
  await img.waitFor({ timeout: WAIT });
  await a.page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: WAIT });

  await a.page.getByRole('button', { name: 'Open red.png' }).click();
  const preview = a.page.getByRole('dialog', { name: 'Preview of red.png' });
  await preview.waitFor({ timeout: WAIT });
  await preview.getByText(/[12] of 2/).waitFor();
  await a.page.keyboard.press('ArrowRight');
  await a.page.getByRole('dialog', { name: 'Preview of wide.png' }).waitFor({ timeout: WAIT });
  await a.page.screenshot({ path: path.join(shots, 'file-preview.png') });
  await a.page.keyboard.press('Escape');
  await preview.waitFor({ state: 'detached', timeout: WAIT });
});

step('a long channel opens at the first unread post with a New messages line, and loads older posts at the top', async () => {
  const team = await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`);
  const ch = await apiFromPage(a.page, 'POST', '/channels', {
    team_id: team.body.id,
    name: 'history',
    display_name: 'History',
    type: 'O',
  });
  assert.equal(ch.status, 201, JSON.stringify(ch.body));
  const bobMe = await apiFromPage(b.page, 'GET', '/users/me');
  await apiFromPage(a.page, 'POST', `/channels/${ch.body.id}/members`, { user_id: bobMe.body.id });
  for (let i = 1; i <= 75; i += 1) {
    const r = await apiFromPage(a.page, 'POST', '/posts', { channel_id: ch.body.id, message: `history ${i}` });
    assert.equal(r.status, 201);
  }
  // B reads the channel up to here, then A writes 40 more.
  const view = await apiFromPage(b.page, 'POST', '/channels/members/me/view', { channel_id: ch.body.id });
  assert.equal(view.status, 200);
  await b.page.waitForTimeout(50);
  for (let i = 76; i <= 115; i += 1) {
    await apiFromPage(a.page, 'POST', '/posts', { channel_id: ch.body.id, message: `history ${i}` });
  }
  const exact = (page, n) => messageList(page).locator('.markdown', { hasText: new RegExp(`^history ${n}$`) });
  await sidebarLink(b.page, 'history').and(b.page.locator('[data-unread="true"]')).waitFor({ timeout: WAIT });
  await openChannel(b.page, 'history');
  const line = messageList(b.page).getByRole('separator', { name: 'New messages' });
  await line.waitFor({ timeout: WAIT });
  await exact(b.page, 76).waitFor({ timeout: WAIT });
  const lineBox = await line.boundingBox();
  const firstNew = await exact(b.page, 76).boundingBox();
  assert.ok(lineBox && firstNew && lineBox.y < firstNew.y, 'the line is just above the first unread post');
  // The newest are not loaded yet: scrolling down brings them, then "history 115".
  await messageList(b.page).evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  for (let i = 0; i < 20 && !(await exact(b.page, 115).count()); i += 1) {
    await messageList(b.page).evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await b.page.waitForTimeout(150);
  }
  await exact(b.page, 115).waitFor({ timeout: WAIT });

  // A opens it at the bottom (nothing unread), scrolls to the top: older pages load.
  await openChannel(a.page, 'history');
  await exact(a.page, 115).waitFor({ timeout: WAIT });
  assert.equal(await exact(a.page, 1).count(), 0, 'only the newest page at first');
  for (let i = 0; i < 40 && !(await exact(a.page, 1).count()); i += 1) {
    await messageList(a.page).evaluate((el) => {
      el.scrollTop = 0;
    });
    await a.page.waitForTimeout(150);
  }
  await exact(a.page, 1).waitFor({ timeout: WAIT });
  await a.page.locator('.channel-intro', { hasText: 'This is the start of History.' }).waitFor({ timeout: WAIT });
  await openChannel(a.page, channelSlug);
  await openChannel(b.page, channelSlug);
});

step('unread: B is elsewhere, A posts, the channel turns bold; opening it clears it', async () => {
  // Leaving a channel records its view on the server, and so does opening the next one: both
  // are answered before A writes (a post racing the leaving view would count as seen).
  const views = viewsAnswered(b.page, 2);
  await openChannel(b.page, 'town-square');
  await views;
  const link = sidebarLink(b.page, channelSlug);
  assert.equal(await link.getAttribute('data-unread'), null);

  await send(a.page, 'One more thing while you are away');
  await b.page.waitForSelector(
    `nav[aria-label="Channels and direct messages"] a[href$="/channels/${channelSlug}"][data-unread="true"]`,
    { timeout: WAIT },
  );
  assert.equal(await link.locator('.badge').count(), 0, 'no mention, no badge');
  // The tab's title tells there is something unread.
  await b.page.waitForFunction(() => document.title.startsWith('* '), null, { timeout: WAIT });

  await send(a.page, `@${bob.username} please check the agenda`);
  await link.locator('.badge[aria-label="1 mention"]').waitFor({ timeout: WAIT });
  await b.page.waitForFunction(() => document.title.startsWith('(1) '), null, { timeout: WAIT });
  // B is not looking at that channel: the mention raised a desktop notification.
  const notes = await b.page.evaluate(() => window.__notifications ?? []);
  assert.ok(
    notes.some((n) => n.title.includes(channelName) && n.body.includes('please check the agenda')),
    `a notification for the mention (got ${JSON.stringify(notes)})`,
  );

  await link.click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await postWith(b.page, 'One more thing while you are away').waitFor({ timeout: WAIT });
  await b.page.waitForFunction(
    (slug) => {
      const l = document.querySelector(`nav[aria-label="Channels and direct messages"] a[href$="/channels/${slug}"]`);
      return l && !l.hasAttribute('data-unread') && !l.querySelector('.badge');
    },
    channelSlug,
    { timeout: WAIT },
  );
  await b.page.waitForFunction(() => !document.title.startsWith('(') && !document.title.startsWith('*'), null, { timeout: WAIT });
  // And the server agrees: after a reload the channel is still read.
  await b.page.reload();
  await postWith(b.page, 'One more thing while you are away').waitFor({ timeout: WAIT });
  await openChannel(b.page, 'town-square');
  await b.page.waitForTimeout(300);
  assert.equal(await sidebarLink(b.page, channelSlug).getAttribute('data-unread'), null);
  await openChannel(b.page, channelSlug);
});

step('search: modifier hints, highlighted results, and Jump opens the post in its channel', async () => {
  await openChannel(a.page, 'town-square');
  const box = a.page.getByRole('combobox', { name: 'Search messages' });
  await box.click();
  const hints = a.page.getByRole('listbox', { name: 'Search options' });
  await hints.getByRole('option', { name: /in:channel-name/ }).click();
  assert.equal(await box.inputValue(), 'in:');
  await box.pressSequentially('rel', { delay: 30 });
  await hints.getByRole('option', { name: new RegExp(channelName) }).click();
  assert.equal(await box.inputValue(), `in:${channelSlug} `);
  await box.pressSequentially('friday');
  await box.press('Enter');
  const results = rhs(a.page, 'Search results');
  await results.waitFor({ timeout: WAIT });
  const hit = results.locator('[data-post-id]', { hasText: 'the release is on Friday' });
  await hit.waitFor({ timeout: WAIT });
  assert.equal(await hit.locator('mark.search-highlight', { hasText: 'Friday' }).count(), 1);
  // The reply matches too, in the thread's channel.
  await results.locator('[data-post-id]', { hasText: 'Friday works for me' }).waitFor({ timeout: WAIT });
  assert.equal(await results.locator('[data-post-id]', { hasText: 'History' }).count(), 0);
  await a.page.screenshot({ path: path.join(shots, 'search-results.png') });

  const id = await hit.getAttribute('data-post-id');
  await hit.getByRole('button', { name: 'Jump' }).click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await messageList(a.page).locator(`.post-row--highlight [data-post-id="${id}"]`).waitFor({ timeout: WAIT });

  // A second search, for a post of the channel already open: Jump places the list on it.
  await box.fill('agenda');
  await box.press('Enter');
  const second = rhs(a.page, 'Search results').locator('[data-post-id]', { hasText: 'Agenda (updated)' });
  await second.waitFor({ timeout: WAIT });
  const secondId = await second.getAttribute('data-post-id');
  await second.getByRole('button', { name: 'Jump' }).click();
  await messageList(a.page).locator(`.post-row--highlight [data-post-id="${secondId}"]`).waitFor({ timeout: WAIT });
  await a.page.getByRole('button', { name: 'Close', exact: true }).click();
});

step('a permalink opens the channel scrolled to the post, highlighted; Copy link gives it', async () => {
  const post = postWith(a.page, 'Agenda (updated)');
  const id = await post.getAttribute('data-post-id');
  await postMenu(a.page, post, 'Copy link');
  const copied = await a.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `${base}/${teamSlug}/pl/${id}`);

  await b.page.goto(copied);
  await b.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await messageList(b.page).locator(`.post-row--highlight [data-post-id="${id}"]`).waitFor({ timeout: WAIT });
  // A reply's permalink opens its thread with the reply highlighted.
  const rootId = await postWith(b.page, 'the release is on Friday').getAttribute('data-post-id');
  const thread = await apiFromPage(b.page, 'GET', `/posts/${rootId}/thread`);
  const replyId = thread.body.order.find((x) => x !== rootId);
  await b.page.goto(`${base}/${teamSlug}/pl/${replyId}`);
  await rhs(b.page, 'Thread').locator(`.post-row--highlight [data-post-id="${replyId}"]`).waitFor({ timeout: WAIT });
  await messageList(b.page).locator(`.post-row--highlight [data-post-id="${rootId}"]`).waitFor({ timeout: WAIT });
  await b.page.getByRole('button', { name: 'Close thread' }).click();
});

step('pin and save: the header counts the pin, the panes list the posts', async () => {
  const post = postWith(a.page, 'Agenda (updated)');
  await postMenu(a.page, post, 'Pin to channel');
  await post.locator('.post__pinned').waitFor({ timeout: WAIT });
  await a.page.getByRole('button', { name: '1 pinned messages' }).click();
  await rhs(a.page, 'Pinned messages').locator('[data-post-id]', { hasText: 'Agenda (updated)' }).waitFor({ timeout: WAIT });
  // B sees the pin live.
  await postWith(b.page, 'Agenda (updated)').locator('.post__pinned').waitFor({ timeout: WAIT });

  await postMenu(a.page, postWith(a.page, 'the release is on Friday'), 'Save');
  await a.page.getByRole('button', { name: 'Saved messages' }).click();
  const saved = rhs(a.page, 'Saved messages');
  await saved.locator('[data-post-id]', { hasText: 'the release is on Friday' }).waitFor({ timeout: WAIT });
  await saved.getByRole('button', { name: 'Close' }).click();
});

step('favorites and mute from the channel menu change the sidebar', async () => {
  await a.page.getByRole('button', { name: `${channelName}: channel menu` }).click();
  await a.page.getByRole('button', { name: 'Add to favorites' }).click();
  const favorites = sidebar(a.page).locator('section', { has: a.page.getByRole('heading', { name: 'Favorites' }) });
  await favorites.locator(`a[href$="/channels/${channelSlug}"]`).waitFor({ timeout: WAIT });
  // It survives a reload: the server keeps the categories.
  await a.page.reload();
  await favorites.locator(`a[href$="/channels/${channelSlug}"]`).waitFor({ timeout: WAIT });

  await a.page.getByRole('button', { name: `${channelName}: channel menu` }).click();
  await a.page.getByRole('button', { name: 'Mute channel' }).click();
  await sidebarLink(a.page, channelSlug).and(a.page.locator('[data-muted="true"]')).waitFor({ timeout: WAIT });
  await a.page.getByRole('button', { name: `${channelName}: channel menu` }).click();
  await a.page.getByRole('button', { name: 'Unmute channel' }).click();
  await sidebarLink(a.page, channelSlug).and(a.page.locator(':not([data-muted])')).waitFor({ timeout: WAIT });
});

step('a file dropped on the channel attaches to its message; a channel is archived from its menu', async () => {
  // Drag and drop, as the browser delivers it: a DataTransfer holding a file.
  const drop = await a.page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['release notes, draft 1'], 'notes.txt', { type: 'text/plain' }));
    return dt;
  });
  const area = a.page.locator('section.channel');
  await area.dispatchEvent('dragenter', { dataTransfer: drop });
  await a.page.locator('.drop-overlay').waitFor({ timeout: WAIT });
  await area.dispatchEvent('drop', { dataTransfer: drop });
  await a.page.locator('.channel .composer__file', { hasText: 'notes.txt' }).waitFor({ timeout: WAIT });
  await a.page.waitForFunction(() => document.querySelectorAll('.channel .composer__progress').length === 0, null, { timeout: WAIT });
  await send(a.page, 'Notes dropped in');
  const file = postWith(b.page, 'Notes dropped in').getByRole('link', { name: 'Download notes.txt' });
  await file.waitFor({ timeout: WAIT });

  const team = await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`);
  const scratch = await apiFromPage(a.page, 'POST', '/channels', { team_id: team.body.id, name: 'scratch', display_name: 'Scratch', type: 'O' });
  assert.equal(scratch.status, 201);
  await openChannel(a.page, 'scratch');
  await a.page.getByRole('button', { name: 'Scratch: channel menu' }).click();
  await a.page.getByRole('button', { name: 'Archive channel' }).click();
  const confirm = a.page.getByRole('dialog', { name: 'Archive Scratch?' });
  await confirm.getByRole('button', { name: 'Archive channel' }).click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
  await sidebarLink(a.page, 'scratch').waitFor({ state: 'detached', timeout: WAIT });
  await openChannel(a.page, channelSlug);
});

step('a failed send keeps the text and shows the error', async () => {
  const long = 'x'.repeat(17000); // over the server's post size limit
  await composer(a.page).fill(long);
  await composer(a.page).press('Enter');
  await a.page.locator('.channel .composer__error').waitFor({ timeout: WAIT });
  assert.equal((await composer(a.page).inputValue()).length, long.length);
  await composer(a.page).fill('');
});

step('an unsent draft survives switching channels', async () => {
  await composer(a.page).fill('half-written thought');
  await openChannel(a.page, 'town-square');
  await a.page.locator('.channel textarea[aria-label="Write to #Town Square"]').waitFor({ timeout: WAIT });
  assert.equal(await composer(a.page).inputValue(), '');
  await openChannel(a.page, channelSlug);
  await a.page.locator(`.channel textarea[aria-label="Write to #${channelName}"]`).waitFor({ timeout: WAIT });
  assert.equal(await composer(a.page).inputValue(), 'half-written thought');
  await composer(a.page).fill('');
});

step('B writes to A directly; A gets the DM live, and starts a group message with B and C', async () => {
  await b.page.getByRole('button', { name: 'Write to someone' }).click();
  const dialog = b.page.getByRole('dialog', { name: 'Write to someone' });
  await dialog.getByLabel('Username').fill(alice.username.slice(0, 6));
  await dialog.getByRole('button', { name: `Write to @${alice.username}` }).click();
  await b.page.locator('#channel-title', { hasText: `@${alice.username}` }).waitFor({ timeout: WAIT });
  await send(b.page, 'Quick question in private');
  await sidebar(a.page).locator('a[data-unread="true"]', { hasText: bob.username }).waitFor({ timeout: WAIT });

  // C joins the team; A writes to B and C together.
  const created = await fetch(`${base}/api/v4/users`, { method: 'POST', body: JSON.stringify(carol) });
  assert.equal(created.status, 201);
  const carolUser = await created.json();
  const team = await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`);
  await apiFromPage(a.page, 'POST', `/teams/${team.body.id}/members`, { team_id: team.body.id, user_id: carolUser.id });
  await a.page.getByRole('button', { name: 'Write to someone' }).click();
  const dm = a.page.getByRole('dialog', { name: 'Write to someone' });
  await dm.getByLabel('Username').fill(bob.username.slice(0, 5));
  await dm.getByRole('button', { name: `Add @${bob.username} to the group` }).click();
  await dm.getByLabel('Username').fill(carol.username.slice(0, 5));
  await dm.getByRole('button', { name: `Add @${carol.username} to the group` }).click();
  await dm.getByRole('button', { name: 'Start group of 3' }).click();
  await a.page.locator('#channel-title', { hasText: bob.username }).waitFor({ timeout: WAIT });
  await send(a.page, 'Hello both of you');
  await sidebar(b.page).locator('a[data-unread="true"]', { hasText: carol.username }).waitFor({ timeout: WAIT });
});

step('the quick switcher (Ctrl+K) finds a channel by name; Alt+Up/Down walk the sidebar', async () => {
  await a.page.keyboard.press('Control+k');
  const dialog = a.page.getByRole('dialog', { name: 'Find a channel or a person' });
  await dialog.waitFor({ timeout: WAIT });
  await a.page.keyboard.type('hist');
  await dialog.getByRole('option', { name: /History/ }).waitFor({ timeout: WAIT });
  await a.page.keyboard.press('Enter');
  await a.page.waitForURL(`${base}/${teamSlug}/channels/history`, { timeout: WAIT });
  // Release Plan is the only favorite, so it comes first; History is the next one down.
  await a.page.keyboard.press('Alt+ArrowUp');
  await a.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await a.page.keyboard.press('Alt+ArrowDown');
  await a.page.waitForURL(`${base}/${teamSlug}/channels/history`, { timeout: WAIT });
  await openChannel(a.page, channelSlug);
});

step('a post in another team puts an unread dot on that team', async () => {
  const side = { name: `Side ${suffix}`, slug: `side-${suffix}` };
  await a.page.getByRole('link', { name: 'Create a team' }).click();
  await a.page.getByLabel('Team name').fill(side.name);
  await a.page.getByRole('button', { name: 'Create team' }).click();
  await a.page.waitForURL(`${base}/${side.slug}/channels/town-square`, { timeout: WAIT });
  const team = await apiFromPage(a.page, 'GET', `/teams/name/${side.slug}`);
  const bobMe = await apiFromPage(b.page, 'GET', '/users/me');
  const added = await apiFromPage(a.page, 'POST', `/teams/${team.body.id}/members`, {
    team_id: team.body.id,
    user_id: bobMe.body.id,
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));

  // A reads everything in the new team (B's arrival was announced), then goes back to the first
  // team, to the channel A had open there. The new team is not unread now.
  await postWith(a.page, 'added to the team').waitFor({ timeout: WAIT });
  await sidebarLink(a.page, 'off-topic').click();
  await a.page.waitForURL(`${base}/${side.slug}/channels/off-topic`, { timeout: WAIT });
  await a.page.waitForTimeout(300);
  const firstTeam = a.page.getByRole('link', { name: new RegExp(`^${teamName}`) });
  await firstTeam.click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await a.page.getByRole('link', { name: side.name, exact: true }).waitFor({ timeout: WAIT });

  const townSquare = await apiFromPage(b.page, 'GET', `/teams/${team.body.id}/channels/name/town-square`);
  const posted = await apiFromPage(b.page, 'POST', '/posts', { channel_id: townSquare.body.id, message: 'Over here!' });
  assert.equal(posted.status, 201);
  const sideLink = a.page.getByRole('link', { name: `${side.name} (unread)`, exact: true });
  await sideLink.waitFor({ timeout: WAIT });
  await a.page.screenshot({ path: path.join(shots, 'team-unread.png') });
  await sideLink.click();
  // Back in the channel last open there; the new post is in Town Square, shown bold.
  await a.page.waitForURL(`${base}/${side.slug}/channels/off-topic`, { timeout: WAIT });
  const square = sidebarLink(a.page, 'town-square');
  await square.and(a.page.locator('[data-unread="true"]')).waitFor({ timeout: WAIT });
  await square.click();
  await postWith(a.page, 'Over here!').waitFor({ timeout: WAIT });
  await firstTeam.click();
  await a.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await a.page.getByRole('link', { name: side.name, exact: true }).waitFor({ timeout: WAIT });
});

step('the server restarts: a banner shows, and after reconnecting no post is missing or doubled', async (t) => {
  if (!stoa) {
    t.skip('needs a server this run started (STOA_BIN)');
    return;
  }
  await openChannel(b.page, channelSlug);
  await send(a.page, 'Posted before the restart');
  await postWith(b.page, 'Posted before the restart').waitFor({ timeout: WAIT });
  // Down for two seconds: both sockets lose their server (and its replay buffer).
  await stoa.restart(2000);
  await b.page.getByRole('status').filter({ hasText: 'Connection lost' }).waitFor({ timeout: WAIT });
  await b.page.screenshot({ path: path.join(shots, 'disconnected-banner.png') });
  // Written the moment the server is back, while B's socket is still waiting to reconnect.
  const channel = await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`);
  const ch = await apiFromPage(a.page, 'GET', `/teams/${channel.body.id}/channels/name/${channelSlug}`);
  const posted = await apiFromPage(a.page, 'POST', '/posts', { channel_id: ch.body.id, message: 'Posted right after the restart' });
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  await b.page.getByRole('status').filter({ hasText: 'Connection lost' }).waitFor({ state: 'hidden', timeout: 30_000 });
  await postWith(b.page, 'Posted right after the restart').waitFor({ timeout: WAIT });
  assert.equal(await postWith(b.page, 'Posted right after the restart').count(), 1, 'no duplicate');
  assert.equal(await postWith(b.page, 'Posted before the restart').count(), 1, 'no duplicate');
  // Live again: a new post arrives without a reload.
  await send(a.page, 'Live after the restart');
  await postWith(b.page, 'Live after the restart').waitFor({ timeout: WAIT });
});

step('at 360 px the sidebar is a drawer', async () => {
  const mobile = await b.context.newPage();
  watch.watch(mobile);
  await mobile.setViewportSize({ width: 360, height: 740 });
  await mobile.goto(`${base}/${teamSlug}/channels/${channelSlug}`);
  await postWith(mobile, 'the release is on Friday').waitFor({ timeout: WAIT });
  const drawer = mobile.locator('#sidebar-drawer');
  assert.equal(await drawer.isVisible(), false, 'drawer hidden at first');
  const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal scrolling (scrollWidth ${width})`);
  await mobile.screenshot({ path: path.join(shots, 'mobile-360.png') });
  await mobile.getByRole('button', { name: 'Open sidebar' }).click();
  await drawer.waitFor({ state: 'visible', timeout: WAIT });
  await mobile.waitForTimeout(300); // the slide-in
  await mobile.screenshot({ path: path.join(shots, 'mobile-360-drawer.png') });
  await sidebarLink(mobile, 'town-square').click();
  await mobile.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
  await drawer.waitFor({ state: 'hidden', timeout: WAIT });
  await mobile.close();
});

step('A sets a custom status and Do not disturb; B sees the status emoji by A’s name', async () => {
  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('button', { name: 'Set a custom status' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Set a custom status' });
  await dialog.getByRole('textbox', { name: 'What are you up to?' }).fill('In a meeting');
  await dialog.getByRole('button', { name: 'Set status' }).click();
  await dialog.waitFor({ state: 'detached', timeout: WAIT });
  await postWith(b.page, 'the release is on Friday').locator('.custom-status-emoji[aria-label="In a meeting"]').waitFor({ timeout: WAIT });

  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('radio', { name: 'Do not disturb' }).click();
  await a.page.locator('.user-menu-btn .presence--dnd').waitFor({ timeout: WAIT });
});

step('A changes the clock to 24 hours and the theme to dark in Settings', async () => {
  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = a.page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Display' }).click();
  await settings.getByRole('radio', { name: /24-hour clock/ }).check();
  await settings.getByRole('radio', { name: 'Dark' }).check();
  assert.equal(await a.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await a.page.screenshot({ path: path.join(shots, 'settings.png') });
  // Threaded discussions off: replies show in the channel too, under whose message they answer.
  const crt = settings.getByRole('group', { name: 'Threaded discussions' });
  await crt.getByRole('radio', { name: 'Off' }).check();
  await a.page.keyboard.press('Escape');
  await settings.waitFor({ state: 'detached', timeout: WAIT });
  const inline = postWith(a.page, 'Friday works for me');
  await inline.waitFor({ timeout: WAIT });
  await inline.locator('.reply-context', { hasText: alice.username }).waitFor({ timeout: WAIT });
  assert.equal(await sidebar(a.page).getByRole('link', { name: /^Threads/ }).count(), 0, 'no Threads view without threads');
  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await settings.getByRole('tab', { name: 'Display' }).click();
  await settings.getByRole('group', { name: 'Threaded discussions' }).getByRole('radio', { name: 'On' }).check();
  await a.page.keyboard.press('Escape');
  await settings.waitFor({ state: 'detached', timeout: WAIT });
  // The reply goes back into its thread only (the channel's posts are read again).
  await postWith(a.page, 'Friday works for me').waitFor({ state: 'detached', timeout: WAIT });
  await postWith(a.page, 'the release is on Friday').waitFor({ timeout: WAIT });
  const time = await postWith(a.page, 'the release is on Friday').locator('.post__time').first().innerText();
  assert.match(time, /^\d{2}:\d{2}$/, `a 24-hour time (${time})`);
  const bg = await a.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(27, 29, 33)');
  await a.page.screenshot({ path: path.join(shots, 'dark-theme.png') });
  // The choice survives a reload.
  await a.page.reload();
  await postWith(a.page, 'the release is on Friday').waitFor({ timeout: WAIT });
  assert.equal(await a.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
});

step('an ended session goes to the login, then back to where the user was', async () => {
  await openChannel(b.page, 'history');
  const me = await apiFromPage(b.page, 'GET', '/users/me');
  // Every session of B ends (as when an admin revokes them, or they expire). The app notices
  // by itself: its socket is closed, and the server no longer knows the session.
  const revoked = await apiFromPage(a.page, 'POST', `/users/${me.body.id}/sessions/revoke/all`);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  await b.page.waitForURL((u) => u.pathname === '/login', { timeout: WAIT });
  assert.equal(new URL(b.page.url()).searchParams.get('redirect'), `/${teamSlug}/channels/history`);
  await login(b.page, bob);
  await b.page.waitForURL(`${base}/${teamSlug}/channels/history`, { timeout: WAIT });
  await messageList(b.page).locator('.markdown', { hasText: /^history 115$/ }).waitFor({ timeout: WAIT });
});

step('A logs out and back in with the username', async () => {
  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('button', { name: 'Log out' }).click();
  await a.page.waitForURL(`${base}/login`, { timeout: WAIT });
  const me = await apiFromPage(a.page, 'GET', '/users/me');
  assert.equal(me.status, 401);
  await a.page.getByLabel('Email or username').fill(alice.username);
  await a.page.getByLabel('Password').fill('wrong-password');
  await a.page.getByRole('button', { name: 'Log in' }).click();
  await a.page.getByRole('alert').waitFor({ timeout: WAIT });
  await a.page.screenshot({ path: path.join(shots, 'login-error.png') });
  await login(a.page, alice);
  // Back where A was last.
  await a.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await postWith(a.page, 'the release is on Friday').waitFor({ timeout: WAIT });
});

step('the app can be installed: its manifest and icons load, and its service worker registers', async () => {
  const got = await a.page.evaluate(async () => {
    const link = /** @type {HTMLLinkElement} */ (document.querySelector('link[rel="manifest"]'));
    const r = await fetch(link.href);
    const manifest = await r.json();
    const icons = await Promise.all(manifest.icons.map(async (i) => (await fetch(i.src)).headers.get('content-type')));
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const reg = await navigator.serviceWorker.ready;
    return { type: r.headers.get('content-type'), manifest, icons, worker: reg.active?.scriptURL ?? '' };
  });
  assert.equal(got.type, 'application/manifest+json');
  assert.equal(got.manifest.display, 'standalone');
  assert.equal(got.manifest.start_url, '/');
  assert.deepEqual(got.icons, ['image/svg+xml', 'image/png', 'image/png']);
  assert.equal(new URL(got.worker).pathname, '/sw.js');
});

step('nothing was requested from another origin, and no page error or CSP violation happened', async () => {
  assert.deepEqual(watch.external, []);
  assert.deepEqual(watch.pageErrors, []);
});
