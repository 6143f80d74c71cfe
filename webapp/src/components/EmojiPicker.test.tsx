// @vitest-environment jsdom
import { act, useRef, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmojiPicker, ReactionPicker, moveInGrid, placePicker } from './EmojiPicker';
import { customEmojiKey, fetchAllCustomEmoji } from '../queries/emoji';
import { keys } from '../queries/keys';
import { EMOJI_CATEGORIES, emojiInCategory, recentEmoji, rememberEmoji } from '../lib/emoji';
import type { CustomEmoji } from '../api/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const SYSTEM_COUNT = EMOJI_CATEGORIES.reduce((n, c) => n + emojiInCategory(c).length, 0);

let container: HTMLDivElement;
let root: Root;

function client(custom?: CustomEmoji[]): QueryClient {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  qc.setQueryData(keys.config, { EnableCustomEmoji: custom ? 'true' : 'false' });
  if (custom) qc.setQueryData(customEmojiKey, custom);
  return qc;
}

function render(ui: ReactNode, qc = client()): void {
  act(() => root.render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>));
}

/** Lets the picker render its remaining categories, a frame at a time. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
  }
}

const emojiButtons = () => [...document.querySelectorAll<HTMLButtonElement>('.emoji-picker__emoji[data-index]')];
const labels = () => emojiButtons().map((b) => b.getAttribute('aria-label'));
const search = () => document.querySelector<HTMLInputElement>('input[aria-label="Search emoji"]');
const active = () => document.activeElement as HTMLElement | null;

function key(el: Element | null, k: string): void {
  if (!el) throw new Error('no element');
  act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  });
}

function type(value: string): void {
  const input = search();
  if (!input) throw new Error('no search box');
  // React listens to `input` events and reads the value through its own setter tracking.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  act(() => {
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeEach(() => {
  localStorage.clear();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('EmojiPicker', () => {
  it('opens with the search box focused, then the recent emoji and the categories', async () => {
    rememberEmoji('rocket');
    rememberEmoji('+1_dark_skin_tone');
    const start = performance.now();
    render(<EmojiPicker onPick={() => {}} onClose={() => {}} />);
    const openMs = performance.now() - start;
    expect(active()).toBe(search());
    expect(search()?.getAttribute('placeholder')).toBe('Search emoji');
    const headings = () => [...document.querySelectorAll('.emoji-picker__heading')].map((h) => h.textContent);
    // The first paint: recent emoji and the first category only.
    expect(headings()).toEqual(['Recently used', 'Smileys & Emotion']);
    expect(labels().slice(0, 3)).toEqual([':+1_dark_skin_tone:', ':rocket:', ':grinning:']);
    expect(emojiButtons().length).toBeLessThan(300);
    // Generous (jsdom is slow); see the report for the browser timing.
    expect(openMs).toBeLessThan(1000);

    await settle();
    expect(headings()).toEqual([
      'Recently used',
      'Smileys & Emotion',
      'People & Body',
      'Animals & Nature',
      'Food & Drink',
      'Travel & Places',
      'Activities',
      'Objects',
      'Symbols',
      'Flags',
    ]);
    expect(emojiButtons()).toHaveLength(SYSTEM_COUNT + 2);
    const thumbs = emojiButtons().find((b) => b.getAttribute('aria-label') === ':+1:');
    expect(thumbs?.title).toBe(':+1:');
    expect(thumbs?.textContent).toBe('👍');
  });

  it('filters by name, and Enter picks the first result and remembers it', () => {
    const onPick = vi.fn();
    render(<EmojiPicker onPick={onPick} onClose={() => {}} />);
    type('thumbs');
    expect(labels()).toEqual([':thumbsdown:', ':thumbsup:']);
    expect(document.querySelector('.emoji-picker__heading')?.textContent).toBe('Search results');
    expect(document.querySelector('.emoji-picker__tabs')).toBeNull();
    key(search(), 'Enter');
    expect(onPick).toHaveBeenCalledWith('thumbsdown');
    expect(recentEmoji()).toEqual(['thumbsdown']);

    type('zzzqqq');
    expect(labels()).toEqual([]);
    expect(document.querySelector('.emoji-picker__empty')?.textContent).toBe('No emoji match “zzzqqq”.');
  });

  it('moves with the arrow keys and picks with Enter or a click', () => {
    const onPick = vi.fn();
    render(<EmojiPicker onPick={onPick} onClose={() => {}} />);
    key(search(), 'ArrowDown');
    expect(active()?.getAttribute('aria-label')).toBe(':grinning:');
    expect(active()?.tabIndex).toBe(0);
    key(active(), 'ArrowRight');
    expect(active()?.getAttribute('aria-label')).toBe(':smiley:');
    // Eight columns when there is no layout (jsdom).
    key(active(), 'ArrowDown');
    expect(active()?.dataset.index).toBe('9');
    key(active(), 'ArrowLeft');
    expect(active()?.dataset.index).toBe('8');
    key(active(), 'ArrowUp');
    key(active(), 'ArrowUp');
    expect(active()).toBe(search());
    key(search(), 'ArrowDown');
    expect(active()?.dataset.index).toBe('0');
    key(active(), 'Enter');
    expect(onPick).toHaveBeenLastCalledWith('grinning');
    act(() => emojiButtons()[2]?.click());
    expect(onPick).toHaveBeenLastCalledWith('smile');
    expect(recentEmoji()).toEqual(['smile', 'grinning']);
    // Typing in the grid goes back to the search box.
    key(search(), 'ArrowDown');
    key(active(), 'h');
    expect(active()).toBe(search());
  });

  it('closes on Escape, from the search box or the grid', () => {
    const onClose = vi.fn();
    const onDocument = vi.fn();
    const listener = (e: KeyboardEvent) => e.key === 'Escape' && onDocument();
    document.addEventListener('keydown', listener);
    render(<EmojiPicker onPick={() => {}} onClose={onClose} />);
    key(search(), 'Escape');
    key(search(), 'ArrowDown');
    key(active(), 'Escape');
    expect(onClose).toHaveBeenCalledTimes(2);
    // Handled: an enclosing popover or dialog does not close as well.
    expect(onDocument).not.toHaveBeenCalled();
    document.removeEventListener('keydown', listener);
  });

  it('jumps to a category from its tab', async () => {
    render(<EmojiPicker onPick={() => {}} onClose={() => {}} />);
    const tab = document.querySelector<HTMLButtonElement>('.emoji-picker__tabs button[aria-label="Flags"]');
    expect(tab).not.toBeNull();
    act(() => tab?.click());
    expect(document.querySelector('[data-section="flags"]')).not.toBeNull();
    expect(tab?.getAttribute('aria-current')).toBe('true');
    expect(labels()).toContain(':checkered_flag:');
  });

  it('offers skin tones and remembers the choice', () => {
    const onPick = vi.fn();
    render(<EmojiPicker onPick={onPick} onClose={() => {}} />);
    const toneButton = document.querySelector<HTMLButtonElement>('.emoji-picker__tone-btn');
    expect(toneButton?.getAttribute('aria-label')).toBe('Skin tone: Default skin tone');
    act(() => toneButton?.click());
    act(() => document.querySelector<HTMLButtonElement>('[role="radio"][aria-label="Dark skin tone"]')?.click());
    expect(localStorage.getItem('stoa.emoji.skinTone')).toBe('dark');
    type('+1');
    expect(labels()[0]).toBe(':+1_dark_skin_tone:');
    expect(emojiButtons()[0]?.textContent).toBe('👍🏿');
    // Emoji without skin tones stay as they are.
    type('heart');
    expect(labels()[0]).toBe(':heart:');
  });

  it('shows custom emoji from our own origin, and finds them', async () => {
    const custom: CustomEmoji[] = [
      { id: 'e1', name: 'partyparrot', creator_id: 'u', create_at: 1, delete_at: 0 },
      { id: 'e2', name: 'shipit', creator_id: 'u', create_at: 1, delete_at: 0 },
    ];
    render(<EmojiPicker onPick={() => {}} onClose={() => {}} />, client(custom));
    await settle();
    const headings = [...document.querySelectorAll('.emoji-picker__heading')].map((h) => h.textContent);
    expect(headings.at(-1)).toBe('Custom');
    const img = document.querySelector<HTMLImageElement>('button[aria-label=":partyparrot:"] img');
    expect(img?.getAttribute('src')).toBe('/api/v4/emoji/e1/image');
    type('ship');
    // The exact name, then names starting with it (custom ones too), then names containing it.
    expect(labels()).toEqual([':ship:', ':shipit:', ':passenger_ship:', ':place_of_worship:']);
  });
});

describe('fetchAllCustomEmoji', () => {
  it('reads every page, drops deleted emoji and sorts by name', async () => {
    const emoji = (i: number, deleted = 0): CustomEmoji => ({
      id: `id${i}`,
      name: `e${999 - i}`,
      creator_id: 'u',
      create_at: i,
      delete_at: deleted,
    });
    const pages = [
      Array.from({ length: 200 }, (_, i) => emoji(i)),
      [emoji(200), emoji(201, 5)],
    ];
    const getPage = vi.fn(async (page: number, perPage: number) => {
      expect(perPage).toBe(200);
      return pages[page] ?? [];
    });
    const all = await fetchAllCustomEmoji(getPage);
    expect(getPage).toHaveBeenCalledTimes(2);
    expect(all).toHaveLength(201);
    expect(all[0]?.name).toBe('e799');
    expect(all.at(-1)?.name).toBe('e999');
    expect(all.some((e) => e.id === 'id201')).toBe(false);
  });
});

describe('ReactionPicker', () => {
  it('offers the recent emoji first, then the quick reactions, and the full picker', () => {
    rememberEmoji('rocket');
    const onPick = vi.fn();
    const anchor = { current: document.createElement('button') };
    document.body.append(anchor.current);
    render(<ReactionPicker anchor={anchor} onPick={onPick} onClose={() => {}} />);
    const quick = [...document.querySelectorAll('.emoji-quick .emoji-btn')].map((b) => b.getAttribute('aria-label'));
    expect(quick).toEqual([
      'React with :rocket:',
      'React with :+1:',
      'React with :heart:',
      'React with :smile:',
      'React with :tada:',
      'More reactions',
    ]);
    act(() => document.querySelector<HTMLButtonElement>('[aria-label="React with :+1:"]')?.click());
    expect(onPick).toHaveBeenCalledWith('+1');
    expect(recentEmoji()).toEqual(['+1', 'rocket']);

    act(() => document.querySelector<HTMLButtonElement>('[aria-label="More reactions"]')?.click());
    const dialog = document.querySelector('[role="dialog"][aria-label="Add reaction"]');
    expect(dialog?.parentElement).toBe(document.body);
    expect(active()).toBe(search());
    type('tada');
    key(search(), 'Enter');
    expect(onPick).toHaveBeenLastCalledWith('tada');
  });
});

function Host({ onPick }: { onPick: (name: string) => void }) {
  const [open, setOpen] = useState(false);
  const anchor = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={anchor} type="button" onClick={() => setOpen((v) => !v)}>
        Add reaction
      </button>
      <button type="button">Elsewhere</button>
      {open && (
        <ReactionPicker
          anchor={anchor}
          onPick={(name) => {
            setOpen(false);
            onPick(name);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

describe('ReactionPicker in use', () => {
  const button = (name: string) => document.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`);
  const open = () => {
    const add = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Add reaction');
    act(() => add?.click());
    act(() => button('More reactions')?.click());
  };
  const tick = () => act(async () => new Promise((r) => setTimeout(r, 5)));

  it('gives the focus back to its button when closed with Escape', async () => {
    render(<Host onPick={() => {}} />);
    open();
    expect(active()).toBe(search());
    key(search(), 'Escape');
    await tick();
    expect(search()).toBeNull();
    expect(active()?.textContent).toBe('Add reaction');
  });

  it('closes on a click outside, and after a pick', async () => {
    const onPick = vi.fn();
    render(<Host onPick={onPick} />);
    open();
    await tick();
    act(() => {
      document.querySelector('.emoji-picker__body')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    expect(search()).not.toBeNull();
    const elsewhere = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Elsewhere');
    act(() => {
      elsewhere?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    expect(search()).toBeNull();

    open();
    act(() => button(':grinning:')?.click());
    expect(onPick).toHaveBeenCalledWith('grinning');
    expect(search()).toBeNull();
  });
});

describe('moveInGrid', () => {
  // Sections of 3 and 10 items in 4 columns:  [0 1 2] / [3 4 5 6] [7 8 9 10] [11 12]
  const lengths = [3, 10];
  it('moves across rows and sections', () => {
    expect(moveInGrid(1, 'ArrowDown', lengths, 4)).toBe(4);
    expect(moveInGrid(2, 'ArrowDown', lengths, 4)).toBe(5);
    expect(moveInGrid(4, 'ArrowUp', lengths, 4)).toBe(1);
    expect(moveInGrid(6, 'ArrowUp', lengths, 4)).toBe(2);
    expect(moveInGrid(9, 'ArrowDown', lengths, 4)).toBe(12);
    expect(moveInGrid(12, 'ArrowDown', lengths, 4)).toBe(12);
    expect(moveInGrid(1, 'ArrowUp', lengths, 4)).toBe(-1);
    expect(moveInGrid(2, 'ArrowRight', lengths, 4)).toBe(3);
    expect(moveInGrid(0, 'ArrowLeft', lengths, 4)).toBe(0);
    expect(moveInGrid(5, 'End', lengths, 4)).toBe(12);
    expect(moveInGrid(5, 'Home', lengths, 4)).toBe(0);
    expect(moveInGrid(0, 'ArrowDown', [], 4)).toBe(-1);
  });
});

describe('placePicker', () => {
  const rect = (left: number, top: number, w = 30, h = 30) => new DOMRect(left, top, w, h);
  it('fits a 360 px wide screen', () => {
    const p = placePicker(rect(200, 100), 360, 640);
    expect(p).toEqual({ top: 134, left: 8, width: 344, height: 420 });
  });
  it('goes above the button when there is no room below', () => {
    const p = placePicker(rect(900, 600), 1280, 800);
    expect(p).toEqual({ top: 600 - 4 - 420, left: 930 - 352, width: 352, height: 420 });
  });
  it('stays on a short screen', () => {
    const p = placePicker(rect(100, 150), 800, 400);
    expect(p.height).toBe(384);
    expect(p.top).toBe(8);
  });
});
