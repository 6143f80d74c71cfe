// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import type { OpenDialogRequest } from '../../api/integrationTypes';
import { useInteractiveDialog } from '../../store/interactiveDialog';
import { useUi } from '../../store/ui';
import { InteractiveDialogHost } from './InteractiveDialog';
import { byText, click, flush, ME, setup, type, type Harness } from '../../test/render';

let h: Harness;
beforeEach(() => {
  h = setup();
  useUi.setState({ current: { teamId: 't1', channelId: 'c1' } });
});
afterEach(async () => {
  act(() => useInteractiveDialog.getState().close());
  await h.unmount();
});

const REQUEST: OpenDialogRequest = {
  trigger_id: 'tr1',
  url: 'https://int.example/dialog',
  dialog: {
    callback_id: 'cb',
    title: 'New order',
    introduction_text: 'Fill **this** in',
    state: 'st',
    submit_label: 'Order',
    notify_on_cancel: true,
    elements: [
      { display_name: 'Email', name: 'email', type: 'text', subtype: 'email' },
      { display_name: 'Count', name: 'count', type: 'text', subtype: 'number', default: '2' },
      { display_name: 'Note', name: 'note', type: 'textarea', optional: true, help_text: 'Anything else' },
      { display_name: 'Size', name: 'size', type: 'radio', options: [{ text: 'S', value: 's' }, { text: 'L', value: 'l' }], default: 's' },
      { display_name: 'Colour', name: 'colour', type: 'select', options: [{ text: 'Red', value: 'red' }], optional: true },
      { display_name: 'Gift', name: 'gift', type: 'bool', optional: true, default: 'true' },
    ],
  },
};

async function open(req: OpenDialogRequest = REQUEST) {
  await h.render(<InteractiveDialogHost />);
  await act(async () => useInteractiveDialog.getState().open(req));
  await flush();
}

const input = (label: string) => {
  const l = byText(document.body, 'label', label) ?? [...document.querySelectorAll('label')].find((x) => x.textContent?.startsWith(label));
  return document.getElementById(l!.getAttribute('for')!) as HTMLInputElement;
};

describe('InteractiveDialog', () => {
  it('shows the elements with their defaults and checks them before sending', async () => {
    await open();
    expect(document.querySelector('[role="dialog"] h2')?.textContent).toBe('New order');
    expect(document.querySelector('.interactive-dialog__intro strong')?.textContent).toBe('this');
    expect(input('Email').type).toBe('email');
    expect(input('Count').value).toBe('2');
    expect(input('Note').tagName).toBe('TEXTAREA');
    expect(document.querySelector<HTMLInputElement>('input[type="radio"][value="s"]')?.checked).toBe(true);
    expect(document.querySelector<HTMLInputElement>('input[type="checkbox"]')?.checked).toBe(true);

    await type(input('Email'), 'nope');
    await click(byText(document.body, 'button', 'Order'));
    expect(h.calls.some((c) => c.url.includes('/actions/dialogs/submit'))).toBe(false);
    expect(document.body.textContent).toContain('Must be a valid email address.');
    expect(input('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('submits the values, and shows the integration’s errors per field and overall', async () => {
    h.reply = (c) =>
      c.url.includes('/actions/dialogs/submit')
        ? { status: 200, body: { error: 'Out of stock', errors: { count: 'Too many' } } }
        : { status: 200, body: {} };
    await open();
    await type(input('Email'), 'ann@example.com');
    await type(input('Count'), '5');
    await click(byText(document.body, 'button', 'Order'));
    const call = h.calls.find((c) => c.url.includes('/actions/dialogs/submit'))!;
    expect(call.method).toBe('POST');
    expect(call.body).toEqual({
      url: 'https://int.example/dialog',
      callback_id: 'cb',
      state: 'st',
      user_id: ME.id,
      channel_id: 'c1',
      team_id: 't1',
      submission: { email: 'ann@example.com', count: 5, note: '', size: 's', colour: '', gift: true },
      cancelled: false,
    });
    expect(document.body.textContent).toContain('Too many');
    expect(document.body.textContent).toContain('Out of stock');
    expect(document.querySelector('[role="dialog"]')).not.toBeNull();

    h.reply = () => ({ status: 200, body: {} });
    await click(byText(document.body, 'button', 'Order'));
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });

  it('tells the integration when it is cancelled, if it asked', async () => {
    await open();
    await click(byText(document.body, 'button', 'Cancel'));
    const call = h.calls.find((c) => c.url.includes('/actions/dialogs/submit'))!;
    expect(call.body).toMatchObject({ cancelled: true, callback_id: 'cb', state: 'st', submission: {} });
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });

  it('closes without a word when it did not ask', async () => {
    await open({ ...REQUEST, dialog: { ...REQUEST.dialog, notify_on_cancel: false } });
    await click(byText(document.body, 'button', 'Cancel'));
    expect(h.calls.some((c) => c.url.includes('/actions/dialogs/submit'))).toBe(false);
  });
});
