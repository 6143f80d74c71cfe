// What the browser tests share: a Stoa server they start (and can restart, on the same port and
// data), Debian's Chromium through playwright-core, users in their own browser contexts, and
// watchers for requests to other origins, page errors and CSP violations.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WAIT = 15_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `bin serve` on a free port with an empty data dir (SQLite). `restart()` stops it
 * (SIGTERM, as an operator would) and starts it again on the same port and data; `stop()` ends it.
 */
export async function startStoa(bin) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stoa-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  let child = null;
  const launch = async () => {
    child = spawn(bin, ['serve'], {
      env: { ...process.env, STOA_LISTEN: `127.0.0.1:${port}`, STOA_DATA_DIR: dataDir, STOA_DATABASE_URL: '', STOA_LOG: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitForHttp(`${url}/api/v4/system/ping`, 30_000);
  };
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const c = child;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    url,
    async restart(downMs = 0) {
      await kill();
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    stop: kill,
    async stopAndClean() {
      await kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  return chromium.launch({
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
}

/** Collects what must not happen: requests to other origins, page errors, CSP violations. */
export function watcher(base) {
  const external = [];
  const pageErrors = [];
  return {
    external,
    pageErrors,
    watch(page) {
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
      });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
      });
    },
  };
}

/**
 * Records the desktop notifications the page shows (the real `Notification` still runs):
 * `window.__notifications` holds `{title, body}` of each.
 */
export const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  if (!Real) return;
  window.__notifications = [];
  class Recorded extends Real {
    constructor(title, opts) {
      super(title, opts);
      window.__notifications.push({ title, body: opts?.body ?? '' });
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (...a) => Real.requestPermission(...a);
  window.Notification = Recorded;
};

/** `fetch` from inside the page, with the session cookie and the CSRF header. */
export async function apiFromPage(page, method, urlPath, body) {
  return page.evaluate(
    async ({ method, urlPath, body }) => {
      const csrf = document.cookie.match(/(?:^|;\s*)MMCSRF=([^;]*)/)?.[1] ?? '';
      const r = await fetch(`/api/v4${urlPath}`, {
        method,
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          'X-CSRF-Token': decodeURIComponent(csrf),
          'Content-Type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    { method, urlPath, body },
  );
}

/** A solid red PNG, made here (no image files in the repo). */
export function png(width, height) {
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

/**
 * A flow of steps: `step(name, fn)` is a test skipped once an earlier step failed; a failing
 * step saves a screenshot of each open page (`pages()` names them) as
 * `<shots>/failure-<prefix><name>.png`.
 */
export function stepper(shots, prefix, pages) {
  let failed = false;
  return function step(name, fn) {
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
          Object.entries(pages())
            .filter(([, u]) => u)
            .map(([n, u]) => u.page.screenshot({ path: path.join(shots, `failure-${prefix}${n}.png`) }).catch(() => {})),
        );
        throw e;
      }
    });
  };
}

/**
 * What a browser suite starts with: its screenshot folder without the failure shots of an
 * earlier run (they would mislead), a server (`STOA_BIN`, started here and stopped through
 * `cleanup`, or a running one at `STOA_URL`) that serves the built web app, the request
 * watcher, and Chromium.
 */
export async function startSuite({ shots, failurePrefix, cleanup, file }) {
  fs.mkdirSync(shots, { recursive: true });
  for (const f of fs.readdirSync(shots)) if (f.startsWith(`failure-${failurePrefix}`)) fs.rmSync(path.join(shots, f));
  let stoa = null;
  let base;
  if (process.env.STOA_BIN) {
    stoa = await startStoa(path.resolve(process.env.STOA_BIN));
    cleanup.push(() => stoa.stopAndClean());
    base = stoa.url;
  } else if (process.env.STOA_URL) {
    base = process.env.STOA_URL.replace(/\/+$/, '');
  } else {
    throw new Error(`set STOA_BIN or STOA_URL (see the top of e2e/${file})`);
  }
  await waitForHttp(`${base}/api/v4/system/ping`, 30_000);
  const index = await (await fetch(`${base}/`)).text();
  if (!index.includes('id="root"')) throw new Error(`${base} does not serve the built web app (build webapp/ before the server)`);
  const watch = watcher(base);
  const browser = await launchBrowser();
  cleanup.push(() => browser.close());
  return { stoa, base, watch, browser };
}
