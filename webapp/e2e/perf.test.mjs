// Performance of the web app in Debian's Chromium (playwright-core), against a fresh Stoa that
// serves the app itself: `STOA_BIN=../target/debug/stoa node --test e2e/perf.test.mjs` starts
// one (or `STOA_URL=http://127.0.0.1:8065` names a running one).
//
// - Time from navigation to the newest messages painted in a channel of 10,000 posts (the
//   browser's own clock: `performance.now()` is measured from the navigation's start).
// - Scrolling back through 1,000 posts: frames longer than 50 ms while older pages load.
//
// Figures are printed (`perf: …`) and go to BENCHMARKS.md; the bounds asserted are generous, to
// catch a regression by an order of magnitude, not to time the machine.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, startStoa } from './harness.mjs';

let BASE = process.env.STOA_URL;
let stoa = null;
const POSTS = Number(process.env.STOA_PERF_POSTS ?? 10_000);
const SCROLL_POSTS = 1_000;
const suffix = Date.now().toString(36).slice(-6);
const user = { username: `perf${suffix}`, email: `perf${suffix}@example.com`, password: 'Passw0rd-perf!' };

let browser;
let token;
let team;
let channel;

async function api(method, path, body) {
  const res = await fetch(`${BASE}/api/v4${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { res, json: text ? JSON.parse(text) : null };
}

before(async () => {
  if (process.env.STOA_BIN) {
    stoa = await startStoa(path.resolve(process.env.STOA_BIN));
    BASE = stoa.url;
  }
  assert.ok(BASE, 'STOA_BIN or STOA_URL names the server to test');
  await api('POST', '/users', user);
  const login = await api('POST', '/users/login', { login_id: user.username, password: user.password });
  token = login.res.headers.get('token');
  team = (await api('POST', '/teams', { name: `perf-${suffix}`, display_name: 'Perf', type: 'O' })).json;
  channel = (
    await api('POST', '/channels', { team_id: team.id, name: 'ten-thousand', display_name: 'Ten thousand', type: 'O' })
  ).json;
  // 10,000 posts, a few at a time so the server's order is the order written.
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < POSTS) {
      const i = next++;
      await api('POST', '/posts', {
        channel_id: channel.id,
        message: `message ${i} with **some** text, a [link](https://example.org/${i}) and \`code\``,
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  console.log(`perf: wrote ${POSTS} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stoa?.stopAndClean();
});

/** A logged-in page at the app's login screen. */
async function loggedInPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Email or username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

test('time to the newest messages in a channel of 10,000 posts', async () => {
  const page = await loggedInPage();
  const newest = `message ${POSTS - 1} with`;
  // Records when the newest post first appears in the document, on the page's own clock.
  await page.addInitScript((text) => {
    const seen = () => {
      for (const el of document.querySelectorAll('[data-post-id]')) {
        if (el.textContent?.includes(text)) return true;
      }
      return false;
    };
    new MutationObserver((_, obs) => {
      if (seen()) {
        window.__firstMessagesAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, newest);
  const times = [];
  for (let run = 0; run < 3; run++) {
    await page.goto(`${BASE}/${team.name}/channels/${channel.name}`);
    await page.waitForFunction(() => window.__firstMessagesAt !== undefined, null, { timeout: 20_000 });
    times.push(await page.evaluate(() => window.__firstMessagesAt));
  }
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  const fmt = (v) => `${v.toFixed(0)} ms`;
  console.log(
    `perf: navigation to newest messages painted, ${POSTS} posts: ${times.map(fmt).join(', ')} ` +
      `(DOMContentLoaded ${fmt(nav.domContentLoaded)}, load ${fmt(nav.load)})`,
  );
  assert.ok(Math.min(...times) < 5_000, `first messages took ${Math.min(...times)} ms`);
  await page.context().close();
});

test('scrolling back through 1,000 posts', async () => {
  const page = await loggedInPage();
  await page.goto(`${BASE}/${team.name}/channels/${channel.name}`);
  await page.locator('[data-post-id]').first().waitFor();
  const oldestWanted = `message ${POSTS - SCROLL_POSTS} with`;
  const result = await page.evaluate(async (text) => {
    const list = document.querySelector('[data-post-id]')?.closest('[aria-label]');
    let scroller = list;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
    if (!scroller) return { error: 'no scrolling container' };
    const frames = [];
    let last = performance.now();
    let running = true;
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const started = performance.now();
    const found = () => [...document.querySelectorAll('[data-post-id]')].some((el) => el.textContent?.includes(text));
    while (!found() && performance.now() - started < 60_000) {
      scroller.scrollTop = Math.max(0, scroller.scrollTop - 800);
      await new Promise((r) => setTimeout(r, 30));
    }
    running = false;
    return {
      reached: found(),
      ms: performance.now() - started,
      frames: frames.length,
      long: frames.filter((f) => f > 50).length,
      worst: Math.max(...frames),
    };
  }, oldestWanted);
  assert.equal(result.error, undefined, result.error);
  console.log(
    `perf: scrolled back ${SCROLL_POSTS} posts in ${(result.ms / 1000).toFixed(1)} s: ${result.frames} frames, ` +
      `${result.long} longer than 50 ms, worst ${result.worst.toFixed(0)} ms`,
  );
  assert.ok(result.reached, 'older posts load while scrolling up');
  await page.context().close();
});
