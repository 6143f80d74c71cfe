// End-to-end: two people chat through the web app in Debian's Chromium (playwright-core, no
// downloaded browser). Run with `npm run e2e` and one of:
//
//   STOA_URL=http://127.0.0.1:8065   a fresh Stoa (no users yet) that serves the app itself,
//                                    or anything serving dist/ with /api on the same origin
//   STOA_API=http://127.0.0.1:18081  a fresh Stoa API; dist/ is served by e2e/serve.mjs in front
//   STOA_BIN=../target/debug/stoa    start that binary on a free port with an empty data dir,
//                                    behind e2e/serve.mjs (STOA_BIN_DIRECT=1: no proxy)
//
// The first user to sign up becomes the system admin, so the server must have no users yet.
// Screenshots go to e2e/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT = 15_000;

const suffix = Date.now().toString(36).slice(-6);
const alice = { username: `alice${suffix}`, email: `alice${suffix}@example.com`, password: 'Passw0rd-alice!' };
const bob = { username: `bob${suffix}`, email: `bob${suffix}@example.com`, password: 'Passw0rd-bob!!' };
const teamName = `E2E Team ${suffix}`;
const teamSlug = `e2e-team-${suffix}`;
const channelName = 'Release Plan';
const channelSlug = 'release-plan';

/** Everything started here, stopped in `after`. */
const cleanup = [];
let base = '';
/** The proxy, when this run started one (needed for the outage test). */
let proxy = null;
let browser;
let a; // { context, page }
let b;
const external = [];
const pageErrors = [];
let failed = false;

function step(name, fn) {
  test(name, async (t) => {
    if (failed) {
      t.skip('an earlier step failed');
      return;
    }
    try {
      await fn(t);
    } catch (e) {
      failed = true;
      await Promise.all(
        [a, b].filter(Boolean).map((u, i) =>
          u.page.screenshot({ path: path.join(shots, `failure-${i ? 'b' : 'a'}.png`) }).catch(() => {}),
        ),
      );
      throw e;
    }
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startStoa(bin) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stoa-e2e-'));
  const child = spawn(bin, ['serve'], {
    env: { ...process.env, STOA_LISTEN: `127.0.0.1:${port}`, STOA_DATA_DIR: dataDir, STOA_LOG: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  cleanup.push(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/v4/system/ping`, 30_000);
  return url;
}

async function newUser(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, colorScheme: 'light', locale: 'en-US' });
  const page = await context.newPage();
  watch(page);
  return { context, page };
}

function watch(page) {
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
  });
}

/** `fetch` from inside the page, with the session cookie and the CSRF header. */
async function apiFromPage(page, method, urlPath, body) {
  return page.evaluate(
    async ({ method, urlPath, body }) => {
      const csrf = document.cookie.match(/(?:^|;\s*)MMCSRF=([^;]*)/)?.[1] ?? '';
      const r = await fetch(`/api/v4${urlPath}`, {
        method,
        headers: { 'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': decodeURIComponent(csrf), 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    { method, urlPath, body },
  );
}

const sidebarLink = (page, slug) =>
  page.locator(`nav[aria-label="Channels and direct messages"] a[href$="/channels/${slug}"]`);
const messageList = (page) => page.locator('.channel [role="log"]');
const composer = (page) => page.locator('.channel textarea.composer__input');
const postWith = (page, text) => messageList(page).locator('[data-post-id]', { hasText: text });

async function signUp(page, user, url = `${base}/signup`) {
  await page.goto(url);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Sends from the channel composer and waits for the post (found by its first line's text). */
async function send(page, text) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  const firstLine = text.split('\n')[0].replace(/[*_`]/g, '');
  await postWith(page, firstLine).first().waitFor({ timeout: WAIT });
  assert.equal(await composer(page).inputValue(), '', 'the composer is cleared after sending');
}

/** A solid red PNG, made here (no image files in the repo). */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([220, 40, 40]))]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  if (process.env.STOA_URL) {
    base = process.env.STOA_URL.replace(/\/+$/, '');
  } else {
    let api = process.env.STOA_API;
    if (!api && process.env.STOA_BIN) api = await startStoa(path.resolve(process.env.STOA_BIN));
    if (!api) throw new Error('set STOA_URL, STOA_API or STOA_BIN (see the top of e2e/chat.test.mjs)');
    if (process.env.STOA_BIN && process.env.STOA_BIN_DIRECT) {
      base = api;
    } else {
      proxy = await startServer({ upstream: api });
      cleanup.push(() => proxy.close());
      base = proxy.url;
    }
  }
  await waitForHttp(`${base}/api/v4/system/ping`, 30_000);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  cleanup.push(() => browser.close());
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
  await b.page.locator('.channel-header__members', { hasText: '2' }).waitFor({ timeout: WAIT });
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
  await a.page.screenshot({ path: path.join(shots, 'channel-view.png') });
});

step('B replies in a thread; A sees the reply count', async () => {
  const post = postWith(b.page, 'the release is on Friday');
  await post.hover();
  await post.getByRole('button', { name: 'Reply' }).click();
  const pane = b.page.getByRole('complementary', { name: 'Thread' });
  await pane.waitFor({ timeout: WAIT });
  const reply = pane.getByRole('textbox', { name: 'Reply…' });
  await reply.fill('Friday works for me');
  await reply.press('Enter');
  await pane.locator('[data-post-id]', { hasText: 'Friday works for me' }).waitFor({ timeout: WAIT });
  await b.page.screenshot({ path: path.join(shots, 'thread-pane.png') });

  const onA = postWith(a.page, 'the release is on Friday');
  await onA.getByRole('button', { name: '1 reply' }).waitFor({ timeout: WAIT });
  // The reply is in the thread only, not in the channel.
  assert.equal(await postWith(a.page, 'Friday works for me').count(), 0);
  // A opens the thread and sees B's reply.
  await onA.getByRole('button', { name: '1 reply' }).click();
  await a.page
    .getByRole('complementary', { name: 'Thread' })
    .locator('[data-post-id]', { hasText: 'Friday works for me' })
    .waitFor({ timeout: WAIT });
  await a.page.getByRole('button', { name: 'Close thread' }).click();
  await b.page.getByRole('button', { name: 'Close thread' }).click();
});

step('A edits a post and B reacts to it; each sees the change live', async () => {
  const id = await postWith(a.page, 'Agenda:').getAttribute('data-post-id');
  const mine = a.page.locator(`.channel [data-post-id="${id}"]`);
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  const box = mine.getByRole('textbox', { name: 'Edit message' });
  await box.fill('Agenda (updated):\n- freeze on Wednesday\n- `cargo test` must pass');
  await box.press('Enter');
  await postWith(a.page, 'Agenda (updated)').locator('.post__edited').waitFor({ timeout: WAIT });

  const onB = postWith(b.page, 'Agenda (updated)');
  await onB.locator('.post__edited', { hasText: '(edited)' }).waitFor({ timeout: WAIT });
  await onB.hover();
  await onB.getByRole('button', { name: 'Add reaction' }).click();
  await b.page.getByRole('button', { name: 'React with :+1:' }).click();
  await onB.getByRole('button', { name: ':+1: reacted by 1' }).waitFor({ timeout: WAIT });
  const onA = postWith(a.page, 'Agenda (updated)').getByRole('button', { name: ':+1: reacted by 1' });
  await onA.waitFor({ timeout: WAIT });
  assert.equal(await onA.getAttribute('aria-pressed'), 'false');
});

step('B attaches an image; A sees its thumbnail', async () => {
  await b.page.locator('.channel input[type="file"]').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png(48, 32) });
  await b.page.locator('.channel .composer__file', { hasText: 'red.png' }).waitFor({ timeout: WAIT });
  await send(b.page, 'Screenshot attached');
  const img = postWith(a.page, 'Screenshot attached').locator('img[alt="red.png"]');
  await img.waitFor({ timeout: WAIT });
  await a.page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: WAIT });
});

step('scrolling to the top loads older posts', async () => {
  const team = await apiFromPage(a.page, 'GET', `/teams/name/${teamSlug}`);
  const ch = await apiFromPage(a.page, 'POST', '/channels', {
    team_id: team.body.id,
    name: 'history',
    display_name: 'History',
    type: 'O',
  });
  assert.equal(ch.status, 201, JSON.stringify(ch.body));
  for (let i = 1; i <= 75; i += 1) {
    const r = await apiFromPage(a.page, 'POST', '/posts', { channel_id: ch.body.id, message: `history ${i}` });
    assert.equal(r.status, 201);
  }
  // The new channel shows up in the sidebar by itself (channel_created over the WebSocket).
  await sidebarLink(a.page, 'history').click();
  const exact = (n) => messageList(a.page).locator('.markdown', { hasText: new RegExp(`^history ${n}$`) });
  await exact(75).waitFor({ timeout: WAIT });
  assert.equal(await exact(1).count(), 0, 'only the newest page at first');
  const scrolled = await messageList(a.page).evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollTop > 0);
  assert.ok(scrolled, 'opened at the bottom');
  await messageList(a.page).evaluate((el) => {
    el.scrollTop = 0;
  });
  await exact(1).waitFor({ timeout: WAIT });
  const top = await messageList(a.page).evaluate((el) => el.scrollTop);
  assert.ok(top > 0, 'the view stays where the reader was instead of jumping to the top');
  await a.page.locator('.channel-intro', { hasText: 'This is the start of History.' }).waitFor({ state: 'attached' });
  await sidebarLink(a.page, channelSlug).click();
  await postWith(a.page, 'the release is on Friday').waitFor({ timeout: WAIT });
});

step('unread: B is elsewhere, A posts, the channel turns bold; opening it clears it', async () => {
  await sidebarLink(b.page, 'town-square').click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
  const link = sidebarLink(b.page, channelSlug);
  assert.equal(await link.getAttribute('data-unread'), null);

  await send(a.page, 'One more thing while you are away');
  await b.page.waitForSelector(
    `nav[aria-label="Channels and direct messages"] a[href$="/channels/${channelSlug}"][data-unread="true"]`,
    { timeout: WAIT },
  );
  assert.equal(await link.locator('.badge').count(), 0, 'no mention, no badge');

  await send(a.page, `@${bob.username} please check the agenda`);
  await link.locator('.badge[aria-label="1 mention"]').waitFor({ timeout: WAIT });

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
  // And the server agrees: after a reload the channel is still read.
  await b.page.reload();
  await postWith(b.page, 'One more thing while you are away').waitFor({ timeout: WAIT });
  await sidebarLink(b.page, 'town-square').click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/town-square`, { timeout: WAIT });
  await b.page.waitForTimeout(300);
  assert.equal(await sidebarLink(b.page, channelSlug).getAttribute('data-unread'), null);
  await sidebarLink(b.page, channelSlug).click();
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
  await sidebarLink(a.page, 'town-square').click();
  await a.page.locator('.channel textarea[aria-label="Write to #Town Square"]').waitFor({ timeout: WAIT });
  assert.equal(await composer(a.page).inputValue(), '');
  await sidebarLink(a.page, channelSlug).click();
  await a.page.locator(`.channel textarea[aria-label="Write to #${channelName}"]`).waitFor({ timeout: WAIT });
  assert.equal(await composer(a.page).inputValue(), 'half-written thought');
  await composer(a.page).fill('');
});

step('B starts a direct message with A by username', async () => {
  await b.page.getByRole('button', { name: 'Write to someone' }).click();
  const dialog = b.page.getByRole('dialog', { name: 'Write to someone' });
  await dialog.getByLabel('Username').fill(alice.username.slice(0, 6));
  await dialog.getByRole('button', { name: `Write to @${alice.username}` }).click();
  await b.page.locator('#channel-title', { hasText: `@${alice.username}` }).waitFor({ timeout: WAIT });
  await send(b.page, 'Quick question in private');
  // A gets the new DM in the sidebar without reloading, marked unread.
  await a.page
    .locator('nav[aria-label="Channels and direct messages"] a[data-unread="true"]', { hasText: bob.username })
    .waitFor({ timeout: WAIT });
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

step('a lost connection shows a banner, and what was missed arrives after reconnecting', async (t) => {
  if (!proxy) {
    t.skip('needs the proxy this runner starts (STOA_API or STOA_BIN)');
    return;
  }
  await sidebarLink(b.page, channelSlug).click();
  await b.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  proxy.blockUpgrades(true);
  proxy.dropConnections();
  await b.page.getByRole('status').filter({ hasText: 'Connection lost' }).waitFor({ timeout: WAIT });
  await send(a.page, 'Posted while B was offline');
  await b.page.screenshot({ path: path.join(shots, 'disconnected-banner.png') });
  proxy.blockUpgrades(false);
  await b.page.getByRole('status').filter({ hasText: 'Connection lost' }).waitFor({ state: 'hidden', timeout: 30_000 });
  await postWith(b.page, 'Posted while B was offline').waitFor({ timeout: WAIT });
  assert.equal(await postWith(b.page, 'Posted while B was offline').count(), 1, 'no duplicate');
});

step('at 360 px the sidebar is a drawer', async () => {
  const mobile = await b.context.newPage();
  watch(mobile);
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

step('A switches to the dark theme in the user menu', async () => {
  await a.page.getByRole('button', { name: 'User menu' }).click();
  await a.page.getByRole('radio', { name: 'Dark' }).check();
  assert.equal(await a.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await a.page.keyboard.press('Escape');
  await sidebarLink(a.page, channelSlug).click();
  await postWith(a.page, 'the release is on Friday').waitFor({ timeout: WAIT });
  const bg = await a.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(27, 29, 33)');
  await a.page.screenshot({ path: path.join(shots, 'dark-theme.png') });
  // The choice survives a reload.
  await a.page.reload();
  await postWith(a.page, 'the release is on Friday').waitFor({ timeout: WAIT });
  assert.equal(await a.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
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
  await a.page.getByLabel('Password').fill(alice.password);
  await a.page.getByRole('button', { name: 'Log in' }).click();
  // Back where A was last.
  await a.page.waitForURL(`${base}/${teamSlug}/channels/${channelSlug}`, { timeout: WAIT });
  await postWith(a.page, 'the release is on Friday').waitFor({ timeout: WAIT });
});

step('nothing was requested from another origin, and no page error or CSP violation happened', async () => {
  assert.deepEqual(external, []);
  assert.deepEqual(pageErrors, []);
});
