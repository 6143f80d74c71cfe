import { describe, expect, it } from 'vitest';
import {
  channelEmailSetting,
  channelPushSetting,
  customMentionKeys,
  effectiveEmailInterval,
  effectivePushThreads,
  emailIntervalChoices,
  userPushLevel,
  userPushStatus,
  userThreadsLevel,
  desktopSoundEnabled,
  effectiveDesktopLevel,
  effectiveDesktopThreads,
  ignoresChannelMentions,
  isMuted,
  mentionKeysValue,
} from './notifyProps';

describe('notify props', () => {
  it('reads a muted membership', () => {
    expect(isMuted({ notify_props: { mark_unread: 'mention' } })).toBe(true);
    expect(isMuted({ notify_props: { mark_unread: 'all' } })).toBe(false);
    expect(isMuted({})).toBe(false);
    expect(isMuted(undefined)).toBe(false);
  });

  it('resolves the desktop level of a channel', () => {
    expect(effectiveDesktopLevel({ desktop: 'mention' }, { desktop: 'default' }, 'O')).toBe('mention');
    expect(effectiveDesktopLevel({ desktop: 'mention' }, { desktop: 'all' }, 'O')).toBe('all');
    expect(effectiveDesktopLevel({}, {}, 'O')).toBe('all');
    expect(effectiveDesktopLevel({ desktop: 'mention' }, {}, 'G')).toBe('all');
    expect(effectiveDesktopLevel({ desktop: 'mention' }, { desktop: 'mention' }, 'G')).toBe('mention');
    expect(effectiveDesktopThreads({ desktop_threads: 'mention' }, {})).toBe('mention');
    expect(effectiveDesktopThreads({ desktop_threads: 'mention' }, { desktop_threads: 'all' })).toBe('all');
  });

  it('resolves @channel and the sound', () => {
    expect(ignoresChannelMentions({ channel: 'false' }, { ignore_channel_mentions: 'default' })).toBe(true);
    expect(ignoresChannelMentions({ channel: 'false' }, { ignore_channel_mentions: 'off' })).toBe(false);
    expect(ignoresChannelMentions({ channel: 'true' }, { ignore_channel_mentions: 'on' })).toBe(true);
    expect(desktopSoundEnabled({ desktop_sound: 'false' }, {})).toBe(false);
    expect(desktopSoundEnabled({ desktop_sound: 'false' }, { desktop_sound: 'on' })).toBe(true);
    expect(desktopSoundEnabled(undefined, undefined)).toBe(true);
  });

  it('edits mention keys without the username', () => {
    expect(customMentionKeys({ mention_keys: 'ann,@ann,release, on-call' }, 'ann')).toEqual(['release', 'on-call']);
    expect(mentionKeysValue('release, on call,,release', 'ann,@ann,old', 'ann')).toBe('ann,@ann,release,oncall');
    expect(mentionKeysValue('', undefined, 'ann')).toBe('');
  });
});

describe('push and email settings', () => {
  it('reads unset push settings as Mattermost does', () => {
    expect(userPushLevel({})).toBe('mention');
    expect(userPushLevel({ push: 'none' })).toBe('none');
    expect(userPushStatus(undefined)).toBe('away');
    expect(userPushStatus({ push_status: 'offline' })).toBe('offline');
    expect(userThreadsLevel({}, 'push_threads')).toBe('all');
    expect(userThreadsLevel({ email_threads: 'mention' }, 'email_threads')).toBe('mention');
    expect(channelPushSetting({ push: 'default' })).toBe('default');
    expect(channelPushSetting({ push: 'none' })).toBe('none');
    expect(effectivePushThreads({ push_threads: 'mention' }, {})).toBe('mention');
    expect(effectivePushThreads({ push_threads: 'mention' }, { push_threads: 'all' })).toBe('all');
  });

  it('reads a channel’s email setting as the server applies it', () => {
    expect(channelEmailSetting(undefined)).toBe('default');
    expect(channelEmailSetting({ email: 'default' })).toBe('default');
    expect(channelEmailSetting({ email: 'false' })).toBe('false');
    expect(channelEmailSetting({ email: 'true' })).toBe('true');
    expect(channelEmailSetting({ email: 'all' })).toBe('true');
  });

  it('offers and resolves email intervals per batching', () => {
    expect(emailIntervalChoices(true)).toEqual(['30', '900', '3600', '0']);
    expect(emailIntervalChoices(false)).toEqual(['30', '0']);
    // Email off: never.
    expect(effectiveEmailInterval(false, true, '900')).toBe('0');
    // Unset: every 15 minutes with batching, immediately without.
    expect(effectiveEmailInterval(true, true, undefined)).toBe('900');
    expect(effectiveEmailInterval(true, false, undefined)).toBe('30');
    // A choice the server does not offer falls back the same way.
    expect(effectiveEmailInterval(true, false, '3600')).toBe('30');
    expect(effectiveEmailInterval(true, true, '42')).toBe('900');
    // Email on with "never" stored: immediately.
    expect(effectiveEmailInterval(true, true, '0')).toBe('30');
    expect(effectiveEmailInterval(true, true, '3600')).toBe('3600');
  });
});
