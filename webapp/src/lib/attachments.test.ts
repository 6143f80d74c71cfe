import { describe, expect, it } from 'vitest';
import {
  actionStyle,
  attachmentColor,
  attachmentImageSrc,
  attachmentTime,
  attachmentsOf,
  fieldRows,
  footerText,
  postPreviewText,
  safeLink,
} from './attachments';

const f = (title: string, short: boolean) => ({ title, value: title, short });

describe('attachmentsOf', () => {
  it('reads what an integration sent, turning odd values into strings or dropping them', () => {
    const list = attachmentsOf({
      props: {
        attachments: [
          {
            title: 'T',
            text: 42,
            fields: [{ title: 'a', value: 7, short: true }, 'junk', null],
            actions: [{ id: 'x', name: 'Go' }, { id: '', name: 'no id' }, { id: 'y' }],
            ts: '1700000000',
            author_icon: { evil: true },
          },
          'not an attachment',
          null,
        ],
      },
    });
    expect(list).toHaveLength(1);
    const a = list[0]!;
    expect(a.title).toBe('T');
    expect(a.text).toBe('42');
    expect(a.author_icon).toBe('');
    expect(a.fields).toEqual([{ title: 'a', value: '7', short: true }]);
    expect(a.actions?.map((x) => x.id)).toEqual(['x']);
    expect(a.actions?.[0]?.type).toBe('button');
    expect(a.ts).toBe('1700000000');
  });

  it('is empty without attachments or when they are not a list', () => {
    expect(attachmentsOf({ props: {} })).toEqual([]);
    expect(attachmentsOf({ props: { attachments: '[]' } })).toEqual([]);
  });

  it('bounds how many it reads', () => {
    const many = Array.from({ length: 100 }, () => ({ text: 'x' }));
    expect(attachmentsOf({ props: { attachments: many } })).toHaveLength(20);
  });
});

describe('attachmentColor', () => {
  it('takes hex colours as given and the three names', () => {
    expect(attachmentColor('#ff0000')).toBe('#ff0000');
    expect(attachmentColor('#F00')).toBe('#F00');
    expect(attachmentColor('good')).toMatch(/^#/);
    expect(attachmentColor('warning')).toMatch(/^#/);
    expect(attachmentColor('danger')).toMatch(/^#/);
    expect(new Set([attachmentColor('good'), attachmentColor('warning'), attachmentColor('danger')]).size).toBe(3);
  });
  it('ignores anything else (no CSS injection through the style)', () => {
    expect(attachmentColor('red; background: url(x)')).toBeUndefined();
    expect(attachmentColor('#12345')).toBeUndefined();
    expect(attachmentColor('')).toBeUndefined();
    expect(attachmentColor(undefined)).toBeUndefined();
  });
});

describe('fieldRows', () => {
  it('puts two short fields side by side and long ones on their own row', () => {
    const rows = fieldRows([f('a', true), f('b', true), f('c', true), f('d', false), f('e', true), f('g', true)]);
    expect(rows.map((r) => r.map((x) => x.title))).toEqual([['a', 'b'], ['c'], ['d'], ['e', 'g']]);
  });
  it('keeps a short field alone when a long one follows', () => {
    expect(fieldRows([f('a', true), f('b', false)]).map((r) => r.length)).toEqual([1, 1]);
  });
  it('is empty without fields', () => {
    expect(fieldRows([])).toEqual([]);
  });
});

describe('attachmentTime', () => {
  it('reads seconds as a number or a string', () => {
    expect(attachmentTime(1700000000)).toBe(1700000000000);
    expect(attachmentTime('1700000000')).toBe(1700000000000);
    expect(attachmentTime(1700000000.5)).toBe(1700000000500);
  });
  it('ignores what is not a time', () => {
    expect(attachmentTime('soon')).toBeUndefined();
    expect(attachmentTime('')).toBeUndefined();
    expect(attachmentTime(undefined)).toBeUndefined();
    expect(attachmentTime(-5)).toBeUndefined();
    expect(attachmentTime(1e300)).toBeUndefined();
  });
});

describe('links and images', () => {
  it('lets http, https and mailto links through only', () => {
    expect(safeLink('https://example.com/x')).toBe('https://example.com/x');
    expect(safeLink('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('data:text/html,x')).toBeUndefined();
  });
  it('shows only our own files as images, as Markdown does', () => {
    const id = 'abcdefghijklmnopqrstuvwxyz';
    expect(attachmentImageSrc(`/api/v4/files/${id}/preview`, 'https://chat.example')).toBe(`/api/v4/files/${id}/preview`);
    expect(attachmentImageSrc(`https://chat.example/api/v4/files/${id}`, 'https://chat.example')).toBe(`/api/v4/files/${id}`);
    expect(attachmentImageSrc('https://cdn.example/cat.png', 'https://chat.example')).toBeUndefined();
  });
});

describe('footer, previews, action styles', () => {
  it('shortens long footers', () => {
    expect(footerText('short')).toBe('short');
    const long = footerText('x'.repeat(400));
    expect([...long]).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
  it('previews a post without text by its attachments’ fallback', () => {
    expect(postPreviewText({ message: 'hi', props: { attachments: [{ fallback: 'fb' }] } })).toBe('hi');
    expect(postPreviewText({ message: '', props: { attachments: [{ fallback: 'fb', title: 't' }] } })).toBe('fb');
    expect(postPreviewText({ message: '', props: { attachments: [{ title: 't' }] } })).toBe('t');
    expect(postPreviewText({ message: '', props: {} })).toBe('');
  });
  it('maps button styles to classes, and hex colours inline', () => {
    expect(actionStyle('primary').className).toBe('attachment-action--primary');
    expect(actionStyle('success').className).toBe('attachment-action--good');
    expect(actionStyle('danger').className).toBe('attachment-action--danger');
    expect(actionStyle('default').className).toBe('');
    expect(actionStyle('#336699')).toEqual({ className: 'attachment-action--custom', color: '#336699' });
    expect(actionStyle('url(x)').className).toBe('');
  });
});
