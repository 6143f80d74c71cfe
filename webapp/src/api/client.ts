// The HTTP half of the API client: one `request` function that adds the headers Mattermost's
// cookie auth needs, and turns error bodies into `ApiError`.

import type { AppErrorBody } from './types';

export const API = '/api/v4';

/** An error answer from the server (or a network failure, `status` 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly id: string;
  readonly requestId: string;

  constructor(status: number, message: string, id = '', requestId = '') {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.id = id;
    this.requestId = requestId;
  }
}

/** The value of a cookie readable from script (`MMCSRF`, `MMUSERID`), or `''`. */
export function readCookie(name: string, cookies: string = document.cookie): string {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return '';
}

let onUnauthorized: (() => void) | null = null;

/** Called when a request other than login is answered 401 (the session is gone). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A JSON body, or a `FormData` sent as multipart. */
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the unauthorized handler on 401 (login, the first `me`). */
  quiet401?: boolean;
  /** More headers (`Connection-Id`: the server leaves our own socket out of the event it sends). */
  headers?: Record<string, string>;
  /** `path` is from the site's root, not under `/api/v4` (`POST /oauth/authorize`). */
  fromRoot?: boolean;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    'X-Requested-With': 'XMLHttpRequest',
    Accept: 'application/json',
    ...opts.headers,
  };
  if (method !== 'GET') {
    const csrf = readCookie('MMCSRF');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }

  let res: Response;
  try {
    res = await fetch((opts.fromRoot ? '' : API) + path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, '');
  }

  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page): keep the status only.
  }
  return apiErrorFrom(res.status, body);
}

/** The `ApiError` of an error answer's status and (parsed, possibly absent) body. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Partial<Record<keyof AppErrorBody, unknown>>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return new ApiError(status, str(b.message), str(b.id), str(b.request_id));
}
