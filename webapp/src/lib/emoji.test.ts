// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EMOJI_CATEGORIES,
  MAX_RECENT_EMOJI,
  QUICK_REACTIONS,
  RECENT_EMOJI_KEY,
  emojiByName,
  emojiChar,
  emojiInCategory,
  preferredSkinTone,
  quickReactions,
  recentEmoji,
  rememberEmoji,
  searchEmoji,
  setPreferredSkinTone,
  splitSkinTone,
  withSkinTone,
} from './emoji';

describe('emojiChar', () => {
  it('knows every short name of an emoji', () => {
    expect(emojiChar('+1')).toBe('👍');
    expect(emojiChar('thumbsup')).toBe('👍');
    expect(emojiChar('-1')).toBe('👎');
    expect(emojiChar('heart')).toBe('❤️');
    expect(emojiChar('smile')).toBe('😄');
    expect(emojiChar('100')).toBe('💯');
    expect(emojiChar('flag-fr')).toBe('🇫🇷');
    expect(emojiChar('star-struck')).toBe('🤩');
    expect(emojiChar('nope')).toBeUndefined();
    expect(emojiChar('')).toBeUndefined();
    expect(emojiChar('Smile')).toBeUndefined();
  });

  it('knows obsolete emoji and skin tone components by name', () => {
    expect(emojiChar('runner')).toBe('\u{1F3C3}');
    expect(emojiChar('skin-tone-2')).toBe('\u{1F3FB}');
    expect(emojiByName('runner')?.category).toBeNull();
  });

  it('knows skin tone names', () => {
    expect(emojiChar('+1_light_skin_tone')).toBe('👍🏻');
    expect(emojiChar('thumbsup_medium_light_skin_tone')).toBe('👍🏼');
    expect(emojiChar('+1_medium_skin_tone')).toBe('👍🏽');
    expect(emojiChar('wave_medium_dark_skin_tone')).toBe('👋🏾');
    expect(emojiChar('+1_dark_skin_tone')).toBe('👍🏿');
    // FE0F after the first codepoint gives way to the tone.
    expect(emojiChar('woman-lifting-weights_dark_skin_tone')).toBe('\u{1F3CB}\u{1F3FF}\u200D\u2640\uFE0F');
    expect(emojiChar('runner_dark_skin_tone')).toBe('\u{1F3C3}\u{1F3FF}');
    // No skin tones, or no such tone.
    expect(emojiChar('heart_dark_skin_tone')).toBeUndefined();
    expect(emojiChar('+1_purple_skin_tone')).toBeUndefined();
    expect(emojiChar('_dark_skin_tone')).toBeUndefined();
    expect(splitSkinTone('ok_hand_medium_light_skin_tone')).toEqual({ base: 'ok_hand', tone: 'medium_light' });
  });

  it('still knows every name of the old table', () => {
    for (const name of ['smiley', 'grinning', 'laughing', 'joy', 'wink', 'blush', 'slightly_smiling_face', 'thinking_face',
      'neutral_face', 'confused', 'cry', 'sob', 'open_mouth', 'scream', 'sunglasses', 'broken_heart', 'tada', 'fire',
      'rocket', 'eyes', 'clap', 'pray', 'raised_hands', 'wave', 'ok_hand', 'muscle', 'white_check_mark',
      'heavy_check_mark', 'x', 'warning', 'question', 'exclamation', 'star', 'sparkles', 'bulb', 'coffee', 'beer',
      'pizza', ...QUICK_REACTIONS]) {
      expect(emojiChar(name), name).toBeDefined();
    }
  });
});

describe('categories', () => {
  it('come in Mattermost order and hold every offered emoji once', () => {
    expect(EMOJI_CATEGORIES).toEqual([
      'smileys-emotion', 'people-body', 'animals-nature', 'food-drink', 'travel-places', 'activities', 'objects',
      'symbols', 'flags',
    ]);
    expect(emojiInCategory('smileys-emotion')[0]?.name).toBe('grinning');
    expect(emojiInCategory('flags').some((e) => e.names.includes('flag-fr'))).toBe(true);
    const all = EMOJI_CATEGORIES.flatMap((c) => emojiInCategory(c));
    expect(all.length).toBeGreaterThan(1800);
    expect(new Set(all).size).toBe(all.length);
    const orders = all.map((e) => e.sortOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(all.some((e) => e.name === 'runner' || e.name === 'skin-tone-2')).toBe(false);
    // emoji-datasource's sort_order, rebuilt from the compact form.
    expect(emojiByName('grinning')?.sortOrder).toBe(1);
    expect(emojiByName('+1')?.sortOrder).toBe(197);
    expect(emojiByName('man')?.sortOrder).toBe(237);
    expect(emojiByName('runner')?.sortOrder).toBeGreaterThan(0);
    expect(all.at(-1)?.sortOrder).toBe(1911);
  });

  it('gives skin tone variants', () => {
    const wave = emojiByName('wave');
    expect(wave?.skinTones).toHaveLength(5);
    expect(wave && withSkinTone(wave, 'dark')).toEqual({ name: 'wave_dark_skin_tone', char: '👋🏿' });
    expect(wave && withSkinTone(wave, null)).toEqual({ name: 'wave', char: '👋' });
    const heart = emojiByName('heart');
    expect(heart && withSkinTone(heart, 'dark')).toEqual({ name: 'heart', char: '❤️' });
  });
});

describe('searchEmoji', () => {
  const names = (q: string, limit?: number) => searchEmoji(q, limit).map((m) => m.name);

  it('puts an exact name first, then prefixes, then substrings, by name within each', () => {
    const r = names('heart', 200);
    expect(r[0]).toBe('heart');
    const firstSubstring = r.findIndex((n) => !n.startsWith('heart'));
    expect(firstSubstring).toBeGreaterThan(1);
    const prefixes = r.slice(1, firstSubstring);
    expect(prefixes).toEqual([...prefixes].sort());
    expect(prefixes).toContain('heart_eyes');
    const rest = r.slice(firstSubstring);
    expect(rest.every((n) => n.includes('heart') && !n.startsWith('heart'))).toBe(true);
    expect(rest).toContain('broken_heart');
    expect(rest).toEqual([...rest].sort());
  });

  it('lists each emoji once, under the name that matched best', () => {
    const r = searchEmoji('thumbs', 10);
    expect(r.map((m) => m.name)).toEqual(['thumbsdown', 'thumbsup']);
    expect(r[1]?.char).toBe('👍');
    expect(searchEmoji('+1')[0]).toMatchObject({ name: '+1', rank: 0, char: '👍' });
    // `satisfied` and `laughing` are one emoji: listed once.
    const laugh = searchEmoji('a', 5000).filter((m) => m.emoji.name === 'laughing');
    expect(laugh).toHaveLength(1);
  });

  it('ignores colons, case and the difference between -, _ and spaces', () => {
    expect(names(':SMILE:', 1)).toEqual(['smile']);
    expect(names('heart eyes', 1)).toEqual(['heart_eyes']);
    expect(names('star_struck', 1)).toEqual(['star-struck']);
    expect(names('flag fr', 1)).toEqual(['flag-fr']);
  });

  it('respects the limit and answers nothing for an empty query', () => {
    expect(searchEmoji('a', 7)).toHaveLength(7);
    expect(searchEmoji('', 10)).toEqual([]);
    expect(searchEmoji('::', 10)).toEqual([]);
    expect(searchEmoji('zzzzqq', 10)).toEqual([]);
  });

  it('does not offer obsolete emoji', () => {
    expect(names('runner', 50)).not.toContain('runner');
    expect(names('runn', 50)).toContain('man-running');
  });

  it('is fast', () => {
    searchEmoji('s', 20);
    const start = performance.now();
    for (const q of ['s', 'sm', 'smi', 'e', 'face', 'heart', 'x', 'flag', 'o', 'an']) searchEmoji(q, 20);
    // Ten searches; generous for slow CI machines (a few ms on a laptop).
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe('recent emoji', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.restoreAllMocks());

  it('puts the newest first, without duplicates', () => {
    expect(recentEmoji()).toEqual([]);
    rememberEmoji('+1');
    rememberEmoji('heart');
    rememberEmoji('+1');
    rememberEmoji('wave_dark_skin_tone');
    expect(recentEmoji()).toEqual(['wave_dark_skin_tone', '+1', 'heart']);
    expect(JSON.parse(localStorage.getItem(RECENT_EMOJI_KEY) ?? '')).toEqual(['wave_dark_skin_tone', '+1', 'heart']);
  });

  it(`keeps at most ${MAX_RECENT_EMOJI}`, () => {
    for (let i = 0; i < 40; i++) rememberEmoji(`e${i}`);
    const r = recentEmoji();
    expect(r).toHaveLength(MAX_RECENT_EMOJI);
    expect(r[0]).toBe('e39');
    expect(r.at(-1)).toBe(`e${40 - MAX_RECENT_EMOJI}`);
  });

  it('survives corrupt storage', () => {
    for (const bad of ['not json', '{"a":1}', '42', 'null', '[1, null, "ok", "bad name", "ok", "x"]']) {
      localStorage.setItem(RECENT_EMOJI_KEY, bad);
      expect(() => recentEmoji()).not.toThrow();
    }
    expect(recentEmoji()).toEqual(['ok', 'x']);
    localStorage.setItem(RECENT_EMOJI_KEY, '"str"');
    rememberEmoji('tada');
    expect(recentEmoji()).toEqual(['tada']);
  });

  it('survives disabled storage', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(recentEmoji()).toEqual([]);
    expect(() => rememberEmoji('tada')).not.toThrow();
    expect(preferredSkinTone()).toBeNull();
    expect(() => setPreferredSkinTone('dark')).not.toThrow();
    expect(quickReactions()).toEqual([...QUICK_REACTIONS]);
  });

  it('ignores names that are not emoji names', () => {
    rememberEmoji('');
    rememberEmoji('no spaces');
    expect(recentEmoji()).toEqual([]);
  });

  it('feed the quick reactions, filled up with the defaults', () => {
    expect(quickReactions()).toEqual(['+1', 'heart', 'smile', 'tada', 'eyes']);
    rememberEmoji('heart');
    rememberEmoji('custom_party');
    rememberEmoji('rocket');
    expect(quickReactions()).toEqual(['rocket', 'heart', '+1', 'smile', 'tada']);
    expect(quickReactions(5, () => true)).toEqual(['rocket', 'custom_party', 'heart', '+1', 'smile']);
    expect(quickReactions(2)).toEqual(['rocket', 'heart']);
  });

  it('remember the skin tone', () => {
    expect(preferredSkinTone()).toBeNull();
    setPreferredSkinTone('medium');
    expect(preferredSkinTone()).toBe('medium');
    localStorage.setItem('stoa.emoji.skinTone', 'purple');
    expect(preferredSkinTone()).toBeNull();
    setPreferredSkinTone(null);
    expect(localStorage.getItem('stoa.emoji.skinTone')).toBeNull();
  });
});
