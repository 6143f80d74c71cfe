// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, readCookie, request } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('readCookie', () => {
  it('finds a cookie among others', () => {
    expect(readCookie('MMCSRF', 'MMUSERID=u1; MMCSRF=tok%3D1; x=y')).toBe('tok=1');
    expect(readCookie('nope', 'a=b')).toBe('');
  });
});

describe('request', () => {
  it('sends X-Requested-With always and the CSRF token on writes', async () => {
    document.cookie = 'MMCSRF=csrf123';
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await request('/users/me');
    await request('/posts', { method: 'POST', body: { message: 'x' } });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    const [getUrl, getInit] = calls[0]!;
    const [, postInit] = calls[1]!;
    expect(getUrl).toBe('/api/v4/users/me');
    expect((getInit.headers as Record<string, string>)['X-Requested-With']).toBe('XMLHttpRequest');
    expect((getInit.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect((postInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf123');
    expect(postInit.body).toBe('{"message":"x"}');
  });

  it('turns an error body into an ApiError with its message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ id: 'api.x', message: 'Nope.', status_code: 403, request_id: 'r1' }), {
            status: 403,
          }),
      ),
    );
    const err = await request('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, message: 'Nope.', id: 'api.x', requestId: 'r1' });
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request('/x')).rejects.toMatchObject({ status: 0 });
  });
});
