import { describe, expect, it } from 'vitest';
import { botUsernameError, commandError, incomingHookUrl, isHttpUrl, lines, oauthError, outgoingError } from './integrations';

describe('integration form checks', () => {
  it('reads one item per line', () => {
    expect(lines(' a \n\nb\r\n  ')).toEqual(['a', 'b']);
  });
  it('knows web addresses', () => {
    expect(isHttpUrl('https://x.example/a')).toBe(true);
    expect(isHttpUrl('ftp://x')).toBe(false);
    expect(isHttpUrl('http://')).toBe(false);
  });
  it('builds the incoming webhook address', () => {
    expect(incomingHookUrl('https://chat.example', 'abc')).toBe('https://chat.example/hooks/abc');
  });
  it('checks outgoing webhooks', () => {
    expect(outgoingError({ channelId: '', triggerWords: '', callbackUrls: 'https://a' })).toMatch(/channel or/);
    expect(outgoingError({ channelId: 'c', triggerWords: '', callbackUrls: '' })).toMatch(/callback URL/);
    expect(outgoingError({ channelId: '', triggerWords: 'go', callbackUrls: 'https://a\nnope' })).toMatch(/http/);
    expect(outgoingError({ channelId: '', triggerWords: 'go', callbackUrls: 'https://a\nhttp://b' })).toBe('');
  });
  it('checks slash commands', () => {
    expect(commandError({ trigger: '', url: 'https://a' })).toMatch(/required/);
    expect(commandError({ trigger: '/deploy', url: 'https://a' })).toMatch(/slash/);
    expect(commandError({ trigger: 'de ploy', url: 'https://a' })).toMatch(/spaces/);
    expect(commandError({ trigger: 'x'.repeat(129), url: 'https://a' })).toMatch(/128/);
    expect(commandError({ trigger: 'deploy', url: '' })).toMatch(/URL is required/);
    expect(commandError({ trigger: 'deploy', url: 'a.example' })).toMatch(/http/);
    expect(commandError({ trigger: 'deploy', url: 'https://a.example/cmd' })).toBe('');
  });
  it('checks bot usernames', () => {
    expect(botUsernameError('ci-bot')).toBe('');
    expect(botUsernameError('CI')).not.toBe('');
    expect(botUsernameError('1bot')).not.toBe('');
  });
  it('checks OAuth apps', () => {
    const ok = { name: 'App', description: 'd', homepage: 'https://app.example', iconUrl: '', callbackUrls: 'https://app.example/cb' };
    expect(oauthError(ok)).toBe('');
    expect(oauthError({ ...ok, name: ' ' })).toMatch(/name/);
    expect(oauthError({ ...ok, homepage: 'app.example' })).toMatch(/homepage/);
    expect(oauthError({ ...ok, iconUrl: 'x' })).toMatch(/icon/);
    expect(oauthError({ ...ok, callbackUrls: '' })).toMatch(/callback/);
  });
});
