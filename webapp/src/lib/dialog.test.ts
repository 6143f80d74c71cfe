import { describe, expect, it } from 'vitest';
import type { DialogElement } from '../api/integrationTypes';
import { elementError, initialValues, inputType, parseOpenDialog, submission, validateDialog } from './dialog';

const el = (o: Partial<DialogElement>): DialogElement => ({ display_name: 'X', name: 'x', type: 'text', ...o });

describe('parseOpenDialog', () => {
  it('reads the JSON string of open_dialog', () => {
    const raw = JSON.stringify({
      trigger_id: 'tr',
      url: 'https://int.example/submit',
      dialog: {
        callback_id: 'cb',
        title: 'Order',
        elements: [{ display_name: 'Name', name: 'name', type: 'text', min_length: 2 }, { type: 'text' }, 'junk'],
        notify_on_cancel: true,
        state: 's',
      },
    });
    const r = parseOpenDialog(raw)!;
    expect(r.trigger_id).toBe('tr');
    expect(r.url).toBe('https://int.example/submit');
    expect(r.dialog.title).toBe('Order');
    expect(r.dialog.notify_on_cancel).toBe(true);
    expect(r.dialog.elements?.map((e) => e.name)).toEqual(['name']);
    expect(r.dialog.elements?.[0]?.min_length).toBe(2);
  });
  it('refuses what is not a dialog', () => {
    expect(parseOpenDialog('not json')).toBeNull();
    expect(parseOpenDialog({ url: 'x' })).toBeNull();
    expect(parseOpenDialog(null)).toBeNull();
  });
});

describe('element checks', () => {
  it('requires what is not optional', () => {
    expect(elementError(el({}), '')).toBe('This field is required.');
    expect(elementError(el({ optional: true }), '')).toBe('');
    expect(elementError(el({ type: 'bool' }), false)).toBe('This field is required.');
    expect(elementError(el({ type: 'bool', optional: true }), false)).toBe('');
  });
  it('checks lengths', () => {
    expect(elementError(el({ min_length: 3 }), 'ab')).toBe('Minimum input length is 3.');
    expect(elementError(el({ min_length: 3 }), 'abc')).toBe('');
    expect(elementError(el({ type: 'textarea', max_length: 3 }), 'abcd')).toBe('Maximum input length is 3.');
  });
  it('checks subtypes', () => {
    expect(elementError(el({ subtype: 'email' }), 'ann')).toBe('Must be a valid email address.');
    expect(elementError(el({ subtype: 'email' }), 'ann@example.com')).toBe('');
    expect(elementError(el({ subtype: 'number' }), 'ten')).toBe('Must be a number.');
    expect(elementError(el({ subtype: 'number' }), '10')).toBe('');
    expect(elementError(el({ subtype: 'url' }), 'example.com')).toBe('URL must include http:// or https://.');
    expect(elementError(el({ subtype: 'url' }), 'https://example.com')).toBe('');
  });
  it('checks static options', () => {
    const options = [{ text: 'A', value: 'a' }];
    expect(elementError(el({ type: 'radio', options }), 'b')).toBe('Must be one of the options.');
    expect(elementError(el({ type: 'select', options }), 'a')).toBe('');
    expect(elementError(el({ type: 'select', data_source: 'users' }), 'u1')).toBe('');
  });
  it('validates the whole dialog by name', () => {
    const elements = [el({ name: 'a' }), el({ name: 'b', optional: true })];
    expect(validateDialog(elements, { a: '', b: '' })).toEqual({ a: 'This field is required.' });
    expect(validateDialog(elements, { a: 'x', b: '' })).toEqual({});
  });
});

describe('values', () => {
  it('starts from defaults', () => {
    expect(initialValues([el({ name: 'a', default: 'hi' }), el({ name: 'b', type: 'bool', default: 'true' }), el({ name: 'c' })])).toEqual({
      a: 'hi',
      b: true,
      c: '',
    });
  });
  it('submits numbers as numbers and booleans as booleans', () => {
    const elements = [el({ name: 'n', subtype: 'number' }), el({ name: 'b', type: 'bool' }), el({ name: 's' })];
    expect(submission(elements, { n: '42', b: true, s: 'x' })).toEqual({ n: 42, b: true, s: 'x' });
    expect(submission(elements, { n: '', b: false, s: '' })).toEqual({ n: '', b: false, s: '' });
  });
  it('maps subtypes to input types', () => {
    expect(inputType('password')).toBe('password');
    expect(inputType('tel')).toBe('tel');
    expect(inputType('weird')).toBe('text');
  });
});
