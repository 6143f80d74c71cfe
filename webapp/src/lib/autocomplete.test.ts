import { describe, expect, it } from 'vitest';
import { applyCompletion, findTrigger, moveSelection } from './autocomplete';

describe('findTrigger', () => {
  it('finds @users, ~channels and :emoji at the caret', () => {
    expect(findTrigger('hi @al')).toEqual({ kind: 'user', query: 'al', start: 3, end: 6 });
    expect(findTrigger('@')).toEqual({ kind: 'user', query: '', start: 0, end: 1 });
    expect(findTrigger('see ~town')).toEqual({ kind: 'channel', query: 'town', start: 4, end: 9 });
    expect(findTrigger('nice :thu')).toEqual({ kind: 'emoji', query: 'thu', start: 5, end: 9 });
  });
  it('finds a slash command only at the start of the message, in its first word', () => {
    expect(findTrigger('/ec')).toEqual({ kind: 'command', query: 'ec', start: 0, end: 3 });
    expect(findTrigger('/echo hi')).toBeNull();
    expect(findTrigger('a /echo')).toBeNull();
  });
  it('ignores e-mail addresses, times and short emoji queries', () => {
    expect(findTrigger('mail me at bob@example')).toBeNull();
    expect(findTrigger('at 10:30')).toBeNull();
    expect(findTrigger('smile :)')).toBeNull();
    expect(findTrigger('x :a')).toBeNull();
  });
  it('reads the whole word when the caret is inside it', () => {
    const text = 'hi @alice, there';
    expect(findTrigger(text, 6)).toEqual({ kind: 'user', query: 'al', start: 3, end: 9 });
  });
  it('ends at whitespace', () => {
    expect(findTrigger('hi @alice ')).toBeNull();
  });
});

describe('applyCompletion', () => {
  it('replaces the typed part and adds one space', () => {
    const text = 'hi @al';
    expect(applyCompletion(text, findTrigger(text)!, '@alice')).toEqual({ text: 'hi @alice ', caret: 10 });
  });
  it('keeps the text after the word and does not double the space', () => {
    const text = 'hi @al there';
    expect(applyCompletion(text, findTrigger(text, 6)!, '@alice')).toEqual({ text: 'hi @alice there', caret: 10 });
  });
  it('completes emoji with both colons', () => {
    const text = 'ok :thu';
    expect(applyCompletion(text, findTrigger(text)!, ':thumbsup:').text).toBe('ok :thumbsup: ');
  });
});

describe('moveSelection', () => {
  it('wraps around', () => {
    expect(moveSelection(0, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(0);
  });
});
