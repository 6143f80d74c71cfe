// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorizeRequest, deniedRedirect, loadedByServer, safeNavigation } from '../lib/oauth';
import { leave, OAuthAuthorizePage } from './OAuthAuthorizePage';
import { byText, click, flush, setup, type Harness } from '../test/render';

describe('oauth helpers', () => {
  it('reads the request from the address', () => {
    expect(authorizeRequest('?client_id=c&redirect_uri=https%3A%2F%2Fa.example%2Fcb&response_type=code&state=s1&scope=')).toEqual({
      client_id: 'c',
      redirect_uri: 'https://a.example/cb',
      response_type: 'code',
      state: 's1',
      scope: '',
    });
  });
  it('sends a denial back with the state, only to web addresses', () => {
    expect(deniedRedirect('https://a.example/cb?x=1', 's1')).toBe('https://a.example/cb?x=1&error=access_denied&state=s1');
    expect(deniedRedirect('javascript:alert(1)', 's')).toBeNull();
    expect(deniedRedirect('not a url', 's')).toBeNull();
  });
  it('never navigates to script URLs', () => {
    expect(safeNavigation('https://a.example/cb?code=1')).toBe(true);
    expect(safeNavigation(' JavaScript:alert(1)')).toBe(false);
  });
  it('leaves the authorization to the server after a login (it may skip the consent)', () => {
    expect(loadedByServer('/oauth/authorize?client_id=c&redirect_uri=x&response_type=code')).toBe(true);
    expect(loadedByServer('/oauth/authorize')).toBe(true);
    expect(loadedByServer('/team/channels/town-square')).toBe(false);
    expect(loadedByServer('/oauth/authorized-apps')).toBe(false);
    expect(loadedByServer('/')).toBe(false);
  });
});

describe('OAuthAuthorizePage', () => {
  let h: Harness;
  afterEach(async () => {
    await h.unmount();
    vi.restoreAllMocks();
  });
  const search = '?client_id=app1&redirect_uri=https%3A%2F%2Fwiki.example%2Fcb&response_type=code&state=xyz&scope=';

  async function open() {
    h = setup();
    h.reply = (c) => {
      if (c.url === '/api/v4/oauth/apps/app1/info') {
        return { status: 200, body: { id: 'app1', name: 'Wiki', description: 'Team wiki', icon_url: '', homepage: 'https://wiki.example' } };
      }
      if (c.url === '/oauth/authorize') return { status: 200, body: { redirect: 'https://wiki.example/cb?code=abc&state=xyz' } };
      return { status: 404, body: {} };
    };
    await h.render(<OAuthAuthorizePage />, `/oauth/authorize${search}`, '/oauth/authorize');
    await flush();
  }

  it('asks for consent and follows the redirect the server gives on Allow', async () => {
    await open();
    const to = vi.spyOn(leave, 'to').mockImplementation(() => undefined);
    expect(h.host.textContent).toContain('Wiki wants to access your account.');
    expect(h.host.querySelector<HTMLAnchorElement>('a[href="https://wiki.example"]')?.rel).toBe('noopener noreferrer');
    await click(byText(h.host, 'button', 'Allow'));
    const call = h.calls.find((c) => c.url === '/oauth/authorize')!;
    expect(call.method).toBe('POST');
    expect(call.body).toEqual({ response_type: 'code', client_id: 'app1', redirect_uri: 'https://wiki.example/cb', state: 'xyz', scope: '' });
    expect(to).toHaveBeenCalledWith('https://wiki.example/cb?code=abc&state=xyz');
  });

  it('returns to the client with access_denied on Deny', async () => {
    await open();
    const to = vi.spyOn(leave, 'to').mockImplementation(() => undefined);
    await click(byText(h.host, 'button', 'Deny'));
    expect(h.calls.some((c) => c.url === '/oauth/authorize')).toBe(false);
    expect(to).toHaveBeenCalledWith('https://wiki.example/cb?error=access_denied&state=xyz');
  });
});
