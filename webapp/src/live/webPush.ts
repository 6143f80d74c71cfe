// Web push: the browser's push service wakes our service worker (`public/sw.js`), which shows the
// notification, even with no tab of the app open. Stoa's own API (Mattermost has none):
// `GET /notifications/webpush` (the server's VAPID key) and `POST`/`DELETE
// /notifications/webpush/subscription` (this session's subscription).
//
// The choice is per browser and per user (remembered in localStorage). The server keeps the
// subscription with the session, so it is handed over again at each sign-in, and the browser
// drops it at sign-out: the next person to sign in here does not inherit it.

import { useEffect } from 'react';
import { request } from '../api/client';
import { requestNotificationPermission } from './notifications';

const SW_URL = '/sw.js';

export type WebPushState = 'unsupported' | 'denied' | 'off' | 'on';

const enabledKey = (userId: string) => `stoa.webPush.${userId}`;

function remembered(userId: string): boolean {
  try {
    return localStorage.getItem(enabledKey(userId)) === '1';
  } catch {
    return false;
  }
}

function remember(userId: string, on: boolean): void {
  try {
    if (on) localStorage.setItem(enabledKey(userId), '1');
    else localStorage.removeItem(enabledKey(userId));
  } catch {
    // Without storage the choice lasts until the page closes.
  }
}

/** Service workers, the Push API and notifications, in a secure context (https or localhost). */
export function webPushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    typeof Notification !== 'undefined'
  );
}

/** What the setting shows for this browser and user. */
export function webPushState(userId: string): WebPushState {
  if (!webPushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return Notification.permission === 'granted' && remembered(userId) ? 'on' : 'off';
}

/** The VAPID key (base64url) as the bytes `applicationServerKey` takes. */
export function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sameBytes(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((v, i) => v === b[i]);
}

/** Subscribes this browser (again, when the server's key changed) and gives the server the subscription. */
async function subscribe(): Promise<void> {
  const { public_key } = await request<{ public_key: string }>('/notifications/webpush');
  const key = base64UrlToBytes(public_key);
  await navigator.serviceWorker.register(SW_URL, { scope: '/' });
  const reg = await navigator.serviceWorker.ready;
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameBytes(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await request('/notifications/webpush/subscription', { method: 'POST', body: sub.toJSON() });
}

/** Drops the browser's subscription (the push service forgets it too). */
async function unsubscribeBrowser(): Promise<void> {
  if (!webPushSupported()) return;
  const reg = await navigator.serviceWorker.getRegistration('/');
  const sub = await reg?.pushManager.getSubscription();
  await sub?.unsubscribe();
}

/** "Enable push in this browser" (call from a click: it may ask for permission). */
export async function enableWebPush(userId: string): Promise<WebPushState> {
  if (!webPushSupported()) return 'unsupported';
  const permission = await requestNotificationPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  await subscribe();
  remember(userId, true);
  return 'on';
}

export async function disableWebPush(userId: string): Promise<WebPushState> {
  remember(userId, false);
  try {
    await request('/notifications/webpush/subscription', { method: 'DELETE' });
  } finally {
    await unsubscribeBrowser();
  }
  return webPushState(userId);
}

/** A test push to each of the user's browsers. */
export async function testWebPush(): Promise<void> {
  await request('/notifications/webpush/test', { method: 'POST' });
}

/** At sign-out: the server forgets the subscription with the session; the browser drops it too. */
export async function webPushSignedOut(): Promise<void> {
  try {
    await unsubscribeBrowser();
  } catch {
    // Nothing to drop, or the browser refused: the server no longer pushes to it anyway.
  }
}

/** What the service worker asks an open tab to show (a click on a notification). */
export function openRequest(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, url } = data as { type?: unknown; url?: unknown };
  if (type !== 'stoa-open' || typeof url !== 'string') return null;
  return url.startsWith('/') && !url.startsWith('//') ? url : null;
}

/**
 * While signed in: hands this browser's subscription to the session when the user turned push on
 * here, and opens what a clicked notification points at.
 */
export function useWebPush(userId: string | undefined, navigate: (url: string) => void): void {
  useEffect(() => {
    if (!userId || webPushState(userId) !== 'on') return;
    subscribe().catch(() => {
      // Offline, or the push service is unreachable: the next load tries again.
    });
  }, [userId]);

  useEffect(() => {
    if (!webPushSupported()) return;
    const onMessage = (e: MessageEvent) => {
      const url = openRequest(e.data);
      if (url) navigate(url);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    navigator.serviceWorker.startMessages();
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, [navigate]);
}
