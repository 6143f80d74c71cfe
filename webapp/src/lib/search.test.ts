import { describe, expect, it } from 'vitest';
import { completeToken, isoDay, mentionSearchTerms, searchToken } from './search';

describe('searchToken', () => {
  it('finds the modifier being typed at the caret', () => {
    expect(searchToken('release from:al')).toMatchObject({ modifier: 'from', value: 'al', start: 8, end: 15 });
    expect(searchToken('in:town release', 7)).toMatchObject({ modifier: 'in', value: 'town' });
    expect(searchToken('channel:dev')).toMatchObject({ modifier: 'in', value: 'dev' });
    expect(searchToken('-from:bob')).toMatchObject({ modifier: 'from', value: 'bob', negated: true });
    expect(searchToken('plain wor')).toMatchObject({ modifier: null, value: 'wor' });
    expect(searchToken('')).toMatchObject({ modifier: null, value: '', start: 0, end: 0 });
  });
});

describe('completeToken', () => {
  it('replaces the word with the suggestion and a space', () => {
    const text = 'release from:al';
    expect(completeToken(text, searchToken(text), 'alice')).toEqual({ text: 'release from:alice ', caret: 19 });
  });
  it('keeps what follows the word and the exclusion', () => {
    const text = '-in:to release';
    expect(completeToken(text, searchToken(text, 5), 'town-square').text).toBe('-in:town-square release');
  });
});

describe('mentionSearchTerms', () => {
  it('lists the username, mention keys and the first name when enabled', () => {
    expect(
      mentionSearchTerms({
        username: 'alice',
        first_name: 'Alice',
        notify_props: { mention_keys: 'alice,release team, ', first_name: 'true' },
      }),
    ).toBe('@alice alice "release team" Alice');
    expect(mentionSearchTerms({ username: 'bob' })).toBe('@bob');
  });
});

describe('isoDay', () => {
  it('formats the local date', () => {
    expect(isoDay(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
