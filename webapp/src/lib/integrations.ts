// The Integrations area's pure parts: list fields typed one per line, the checks Mattermost's
// forms make before saving, and the addresses shown to copy.

import { t } from '../i18n/en';

/** The non-empty, trimmed lines of a text box (trigger words, callback URLs). */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** The address an incoming webhook's integration posts to. */
export function incomingHookUrl(origin: string, hookId: string): string {
  return `${origin}/hooks/${hookId}`;
}

/** The OAuth app's authorization address, for the app's own documentation. */
export function oauthAuthorizeUrl(origin: string): string {
  return `${origin}/oauth/authorize`;
}

export interface OutgoingForm {
  channelId: string;
  triggerWords: string;
  callbackUrls: string;
}

export function outgoingError(f: OutgoingForm): string {
  if (!f.channelId && lines(f.triggerWords).length === 0) return t('integrations.error.channelOrTrigger');
  const urls = lines(f.callbackUrls);
  if (urls.length === 0) return t('integrations.error.callbackRequired');
  if (!urls.every(isHttpUrl)) return t('integrations.error.callbackInvalid');
  return '';
}

export interface CommandForm {
  trigger: string;
  url: string;
}

/** Mattermost's rules for a trigger word: no leading slash, no spaces, at most 128 characters. */
export function commandError(f: CommandForm): string {
  const trigger = f.trigger.trim();
  if (!trigger) return t('integrations.error.triggerRequired');
  if (trigger.startsWith('/')) return t('integrations.error.triggerSlash');
  if (/\s/.test(trigger)) return t('integrations.error.triggerSpace');
  if (trigger.length > 128) return t('integrations.error.triggerLong');
  if (!f.url.trim()) return t('integrations.error.urlRequired');
  if (!isHttpUrl(f.url.trim())) return t('integrations.error.urlInvalid');
  return '';
}

/** Usernames: 3 to 22 of `a-z 0-9 . - _`, starting with a letter (Mattermost's rule). */
export function botUsernameError(username: string): string {
  if (!/^[a-z][a-z0-9._-]{2,21}$/.test(username)) return t('integrations.error.username');
  return '';
}

export interface OAuthForm {
  name: string;
  description: string;
  homepage: string;
  iconUrl: string;
  callbackUrls: string;
}

export function oauthError(f: OAuthForm): string {
  if (!f.name.trim()) return t('integrations.error.nameRequired');
  if (!f.description.trim()) return t('integrations.error.descriptionRequired');
  if (!isHttpUrl(f.homepage.trim())) return t('integrations.error.homepage');
  if (f.iconUrl.trim() && !isHttpUrl(f.iconUrl.trim())) return t('integrations.error.iconUrl');
  const urls = lines(f.callbackUrls);
  if (urls.length === 0) return t('integrations.error.callbackRequired');
  if (!urls.every(isHttpUrl)) return t('integrations.error.callbackInvalid');
  return '';
}
