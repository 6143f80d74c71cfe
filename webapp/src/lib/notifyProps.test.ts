import { describe, expect, it } from 'vitest';
import {
  customMentionKeys,
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
