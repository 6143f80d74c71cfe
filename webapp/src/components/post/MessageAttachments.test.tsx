// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Post } from '../../api/types';
import { MessageAttachments } from './MessageAttachments';
import { byText, click, flush, setup, type, type Harness } from '../../test/render';

let h: Harness;
beforeEach(() => {
  h = setup();
});
afterEach(async () => {
  await h.unmount();
});

const FILE = '/api/v4/files/abcdefghijklmnopqrstuvwxyz';

function post(attachments: unknown[], id = 'p1'): Post {
  return {
    id,
    create_at: 1,
    update_at: 1,
    edit_at: 0,
    delete_at: 0,
    user_id: 'u1',
    channel_id: 'c1',
    root_id: '',
    message: '',
    type: 'slack_attachment',
    props: { attachments },
  };
}

const FULL = {
  fallback: 'Build 42 failed',
  color: '#ff0000',
  pretext: 'A **build** finished',
  author_name: 'CI',
  author_link: 'https://ci.example/',
  author_icon: `${FILE}/thumbnail`,
  title: 'Build 42',
  title_link: 'https://ci.example/42',
  text: 'It *failed* at `test`',
  fields: [
    { title: 'Branch', value: 'main', short: true },
    { title: 'Commit', value: '`abc123`', short: true },
    { title: 'Log', value: 'a long **value**', short: false },
  ],
  image_url: `${FILE}/preview`,
  thumb_url: 'https://ci.example/thumb.png',
  footer: 'CI bot',
  footer_icon: 'https://ci.example/icon.png',
  ts: 1700000000,
};

describe('MessageAttachments', () => {
  it('renders every part of an attachment', async () => {
    await h.render(<MessageAttachments post={post([FULL])} />);
    const card = h.host.querySelector('.msg-attachment')!;
    expect(card.querySelector('.msg-attachment__pretext strong')?.textContent).toBe('build');
    const bar = card.querySelector<HTMLElement>('.msg-attachment__container')!;
    expect(bar.style.borderLeftColor).toBe('rgb(255, 0, 0)');

    const author = card.querySelector<HTMLAnchorElement>('.msg-attachment__author a')!;
    expect(author.href).toBe('https://ci.example/');
    expect(author.target).toBe('_blank');
    expect(author.rel).toBe('noopener noreferrer');
    expect(author.textContent).toBe('CI');
    expect(author.querySelector('img')?.getAttribute('src')).toBe(`${FILE}/thumbnail`);

    const title = card.querySelector<HTMLAnchorElement>('.msg-attachment__title a')!;
    expect(title.textContent).toBe('Build 42');
    expect(title.getAttribute('href')).toBe('https://ci.example/42');
    expect(title.rel).toBe('noopener noreferrer');

    expect(card.querySelector('.msg-attachment__text em')?.textContent).toBe('failed');
    expect(card.querySelector('.msg-attachment__text code')?.textContent).toBe('test');

    const rows = [...card.querySelectorAll('.msg-attachment__field-row')];
    expect(rows.map((r) => [...r.querySelectorAll('.msg-attachment__field-title')].map((x) => x.textContent))).toEqual([
      ['Branch', 'Commit'],
      ['Log'],
    ]);
    expect(rows[0]!.querySelectorAll('.msg-attachment__field--short')).toHaveLength(2);
    expect(rows[1]!.querySelector('.msg-attachment__field--short')).toBeNull();
    expect(rows[0]!.querySelector('code')?.textContent).toBe('abc123');
    expect(rows[1]!.querySelector('strong')?.textContent).toBe('value');

    const img = card.querySelector<HTMLImageElement>('.msg-attachment__image')!;
    expect(img.getAttribute('src')).toBe(`${FILE}/preview`);
    expect(img.getAttribute('loading')).toBe('lazy');

    // Images of other origins are not loaded (the app loads nothing from elsewhere).
    expect(card.querySelector('.msg-attachment__thumb')).toBeNull();
    expect(card.querySelector('.msg-attachment__footer img')).toBeNull();
    expect([...card.querySelectorAll('img')].every((i) => i.getAttribute('src')?.startsWith('/api/v4/files/'))).toBe(true);

    const footer = card.querySelector('.msg-attachment__footer')!;
    expect(footer.textContent).toContain('CI bot');
    expect(footer.querySelector('time')?.getAttribute('datetime')).toBe(new Date(1700000000000).toISOString());
  });

  it('gives named colours a bar, shows an external image as a link, and takes ts as a string', async () => {
    await h.render(
      <MessageAttachments
        post={post([
          { color: 'good', text: 'ok', image_url: 'https://img.example/a.png', ts: '1700000000' },
          { color: 'nonsense', text: 'plain' },
        ])}
      />,
    );
    const [a, b] = [...h.host.querySelectorAll<HTMLElement>('.msg-attachment__container')];
    expect(a!.style.borderLeftColor).not.toBe('');
    expect(a!.querySelector('img')).toBeNull();
    const link = a!.querySelector<HTMLAnchorElement>('.msg-attachment__image-link a')!;
    expect(link.href).toBe('https://img.example/a.png');
    expect(link.rel).toBe('noopener noreferrer');
    expect(a!.querySelector('time')?.getAttribute('datetime')).toBe(new Date(1700000000000).toISOString());
    expect(b!.style.borderLeftColor).toBe('');
    expect(b!.classList.contains('msg-attachment__container--plain')).toBe(true);
  });

  it('never links to a javascript: URL and never renders raw HTML', async () => {
    await h.render(
      <MessageAttachments post={post([{ title: 'x', title_link: 'javascript:alert(1)', text: '<img src=x onerror=alert(1)>' }])} />,
    );
    expect(h.host.querySelector('.msg-attachment__title a')).toBeNull();
    expect(h.host.querySelector('.msg-attachment__title')?.textContent).toBe('x');
    expect(h.host.querySelector('.msg-attachment__text img')).toBeNull();
  });

  it('calls the action of a button with its cookie, and shows a failure inline', async () => {
    await h.render(
      <MessageAttachments
        post={post([
          {
            text: 'Approve?',
            actions: [
              { id: 'approve', name: 'Approve', type: 'button', style: 'primary', cookie: 'c00kie' },
              { id: 'reject', name: 'Reject', type: 'button', style: 'danger' },
            ],
          },
        ])}
      />,
    );
    const approve = byText(h.host, 'button', 'Approve')!;
    expect(approve.className).toContain('attachment-action--primary');
    expect(byText(h.host, 'button', 'Reject')!.className).toContain('attachment-action--danger');
    await click(approve);
    const call = h.calls.find((c) => c.url.includes('/actions/'))!;
    expect(call.method).toBe('POST');
    expect(call.url).toBe('/api/v4/posts/p1/actions/approve');
    expect(call.body).toEqual({ selected_option: '', cookie: 'c00kie' });

    h.reply = (c) =>
      c.url.includes('/actions/')
        ? { status: 400, body: { id: 'api.post.do_action.action_integration.app_error', message: 'Unable to reach the integration.', status_code: 400 } }
        : { status: 200, body: {} };
    await click(byText(h.host, 'button', 'Reject'));
    expect(h.host.querySelector('[role="alert"]')?.textContent).toBe('Unable to reach the integration.');
  });

  it('sends the option picked in a static menu', async () => {
    await h.render(
      <MessageAttachments
        post={post([
          {
            actions: [
              {
                id: 'pick',
                name: 'Pick a colour',
                type: 'select',
                options: [
                  { text: 'Red', value: 'red' },
                  { text: 'Blue', value: 'blue' },
                ],
              },
            ],
          },
        ])}
      />,
    );
    const select = h.host.querySelector('select')!;
    expect(select.options[0]!.textContent).toBe('Pick a colour');
    await type(select, 'blue');
    const call = h.calls.find((c) => c.url.includes('/actions/'))!;
    expect(call.url).toBe('/api/v4/posts/p1/actions/pick');
    expect(call.body).toEqual({ selected_option: 'blue' });
  });

  it('finds users for a users menu and sends the picked user id', async () => {
    const { useUi } = await import('../../store/ui');
    useUi.setState({ current: { teamId: 't1', channelId: 'c1' } });
    h.reply = (c) =>
      c.url.startsWith('/api/v4/users/autocomplete')
        ? { status: 200, body: { users: [{ id: 'u2', username: 'bob', roles: '' }] } }
        : { status: 200, body: {} };
    await h.render(
      <MessageAttachments post={post([{ actions: [{ id: 'who', name: 'Assign', type: 'select', data_source: 'users' }] }])} />,
    );
    const input = h.host.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    const { act } = await import('react');
    await act(async () => input.focus());
    await type(input, 'bo');
    await flush();
    expect(h.calls.some((c) => c.url.includes('/users/autocomplete?in_team=t1&name=bo'))).toBe(true);
    const option = byText(h.host, '[role="option"]', 'bob')!;
    await act(async () => {
      option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    await flush();
    const call = h.calls.find((c) => c.url.includes('/actions/'))!;
    expect(call.url).toBe('/api/v4/posts/p1/actions/who');
    expect(call.body).toEqual({ selected_option: 'u2' });
  });
});
