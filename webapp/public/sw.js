// @ts-check
/// <reference lib="webworker" />
// Stoa's service worker: shows the web pushes the server sends (docs/NOTIFICATIONS-webpush.md)
// and opens the message on a click. It caches nothing and handles no fetch, so the app always
// loads from the server as it does without it.
//
// A push's payload (decrypted by the browser) is JSON:
//   {type: "message", title, body, tag, url, channel_id, post_id, badge}
//   {type: "clear", tag, channel_id, badge}   the user read the channel elsewhere
//   {type: "test", title, body, tag, url}

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

const ICON = '/icon-192.png';
const BADGE = '/favicon.svg';

/** A path on this origin, or the app's root: a push never sends a click elsewhere. */
function samePath(/** @type {unknown} */ url) {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/';
}

/** Text of at most `max` characters: the server bounds it, but a notification is no place for more. */
function text(/** @type {unknown} */ s, max = 1000) {
  return typeof s === 'string' ? s.slice(0, max) : '';
}

async function windows() {
  return sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
}

async function setBadge(/** @type {unknown} */ count) {
  const nav = /** @type {WorkerNavigator & {setAppBadge?: (n: number) => Promise<void>, clearAppBadge?: () => Promise<void>}} */ (
    sw.navigator
  );
  if (typeof count !== 'number' || !nav.setAppBadge || !nav.clearAppBadge) return;
  try {
    await (count > 0 ? nav.setAppBadge(count) : nav.clearAppBadge());
  } catch {
    // Badges are a nicety (installed apps only in most browsers).
  }
}

async function onPush(/** @type {PushEvent} */ event) {
  /** @type {Record<string, unknown>} */
  let p = {};
  try {
    p = event.data ? event.data.json() : {};
  } catch {
    return;
  }
  const channelId = text(p.channel_id, 64);
  if (p.type === 'clear') {
    for (const n of await sw.registration.getNotifications()) {
      if (channelId && (n.tag === channelId || n.data?.channelId === channelId)) n.close();
    }
    await setBadge(p.badge);
    return;
  }
  if (p.type !== 'message' && p.type !== 'test') return;
  // A focused window of the app has the message on screen and notifies by itself.
  if (p.type === 'message' && (await windows()).some((c) => c.focused)) return;
  const tag = text(p.tag, 64);
  await sw.registration.showNotification(text(p.title, 200) || 'Stoa', {
    body: text(p.body),
    icon: ICON,
    badge: BADGE,
    tag,
    // A newer message of the channel replaces the last one, and still alerts.
    ...(tag ? { renotify: true } : {}),
    data: { url: samePath(p.url), channelId },
  });
  await setBadge(p.badge);
}

async function onClick(/** @type {NotificationEvent} */ event) {
  event.notification.close();
  const url = samePath(event.notification.data?.url);
  const open = await windows();
  const tab = open.find((c) => c.focused) ?? open[0];
  if (tab) {
    // The app navigates itself (live/webPush.ts), keeping its state; a reload would not.
    await tab.focus();
    tab.postMessage({ type: 'stoa-open', url });
    return;
  }
  await sw.clients.openWindow(url);
}

sw.addEventListener('push', (event) => event.waitUntil(onPush(event)));
sw.addEventListener('notificationclick', (event) => event.waitUntil(onClick(event)));
// A new version takes over at once instead of waiting for every tab to close.
sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));
