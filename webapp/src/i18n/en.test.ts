import { describe, expect, it } from 'vitest';
import { t } from './en';

describe('t', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(t('typing.two', { a: 'ann', b: 'bo' })).toBe('ann and bo are typing…');
    expect(t('typing.one')).toBe('{a} is typing…');
  });
});
