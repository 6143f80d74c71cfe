// The emoji picker: search, recently used, the system categories (Mattermost's order), custom
// emoji, skin tones. Emoji are text in the system's emoji font; custom emoji are images from our
// own origin. The ~1900 buttons are rendered a category per frame after the first, and a search
// renders only its results.
//
// Keyboard: typing searches; ↓ (or Tab) goes from the search box into the grid; arrows move within
// the grid, ↑ from its first row back to the search box; Enter picks (in the search box: the
// highlighted, first, result); Escape closes.

import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { customEmojiImageUrl } from '../api/endpoints';
import {
  EMOJI_CATEGORIES,
  QUICK_REACTIONS,
  SKIN_TONES,
  emojiChar,
  emojiInCategory,
  matchRank,
  normalizeEmojiQuery,
  preferredSkinTone,
  quickReactions,
  recentEmoji,
  rememberEmoji,
  searchEmoji,
  setPreferredSkinTone,
  withSkinTone,
  type EmojiCategory,
  type SkinTone,
} from '../lib/emoji';
import { useCustomEmoji, type CustomEmojiSet } from '../queries/emoji';
import { t, type StringKey } from '../i18n/en';
import { Popover } from './Popover';
import { IconPlus } from './icons';
import '../styles/emoji-picker.css';

export interface EmojiPickerProps {
  /** An emoji was picked: its name (system, `<name>_<tone>_skin_tone`, or custom). */
  onPick: (name: string) => void;
  /** Escape was pressed. */
  onClose: () => void;
}

interface Item {
  name: string;
  /** The character of a system emoji. */
  char?: string;
  /** The image of a custom emoji. */
  image?: string;
}

type SectionId = 'recent' | 'search' | 'custom' | EmojiCategory;

interface Section {
  id: SectionId;
  label: string;
  items: Item[];
}

const CATEGORY_LABEL: Record<EmojiCategory, StringKey> = {
  'smileys-emotion': 'emoji.cat.smileys-emotion',
  'people-body': 'emoji.cat.people-body',
  'animals-nature': 'emoji.cat.animals-nature',
  'food-drink': 'emoji.cat.food-drink',
  'travel-places': 'emoji.cat.travel-places',
  activities: 'emoji.cat.activities',
  objects: 'emoji.cat.objects',
  symbols: 'emoji.cat.symbols',
  flags: 'emoji.cat.flags',
};

/** The emoji shown on each category's tab. */
const TAB_ICON: Record<EmojiCategory, string> = {
  'smileys-emotion': 'smiley',
  'people-body': 'wave',
  'animals-nature': 'dog',
  'food-drink': 'hamburger',
  'travel-places': 'car',
  activities: 'soccer',
  objects: 'bulb',
  symbols: 'heart',
  flags: 'checkered_flag',
};

const TONE_LABEL: Record<SkinTone, StringKey> = {
  light: 'emoji.skinTone.light',
  medium_light: 'emoji.skinTone.medium_light',
  medium: 'emoji.skinTone.medium',
  medium_dark: 'emoji.skinTone.medium_dark',
  dark: 'emoji.skinTone.dark',
};

/** Columns when the layout cannot tell (no CSS, as in tests). */
const FALLBACK_COLUMNS = 8;
const SEARCH_LIMIT = 300;

function systemItems(category: EmojiCategory, tone: SkinTone | null): Item[] {
  return emojiInCategory(category).map((e) => withSkinTone(e, tone));
}

/** A recently used emoji by name, system or custom; `null` when unknown (e.g. a deleted custom one). */
function itemForName(name: string, custom: CustomEmojiSet): Item | null {
  const char = emojiChar(name);
  if (char) return { name, char };
  const c = custom.byName.get(name);
  return c ? { name, image: customEmojiImageUrl(c.id) } : null;
}

function searchItems(query: string, tone: SkinTone | null, custom: CustomEmojiSet): Item[] {
  const system = searchEmoji(query, SEARCH_LIMIT).map((m) => {
    // Under the name that matched, toned when the user picked a tone.
    const toned = withSkinTone(m.emoji, tone);
    return {
      rank: m.rank,
      item: toned.name === m.emoji.name ? { name: m.name, char: m.char } : toned,
    };
  });
  const q = normalizeEmojiQuery(query);
  const customs = custom.list.flatMap((c) => {
    const rank = matchRank(q, c.name);
    return rank < 0 ? [] : [{ rank, item: { name: c.name, image: customEmojiImageUrl(c.id) } }];
  });
  if (customs.length === 0) return system.map((r) => r.item);
  // By rank, then name (a stable sort keeps system emoji in their order).
  const key = (r: { item: Item }) => normalizeEmojiQuery(r.item.name);
  return [...system, ...customs]
    .sort((a, b) => a.rank - b.rank || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map((r) => r.item)
    .slice(0, SEARCH_LIMIT);
}

/** The number of columns of a CSS grid, from its computed tracks. */
function columnsOf(grid: Element | null | undefined): number {
  if (!grid) return FALLBACK_COLUMNS;
  const tracks = getComputedStyle(grid).gridTemplateColumns.trim();
  const n = tracks && tracks !== 'none' ? tracks.split(/\s+/).length : 0;
  return n > 0 ? n : FALLBACK_COLUMNS;
}

/**
 * The index to move to from `index` with an arrow key, in sections of `lengths` items laid out in
 * `cols` columns; `-1` means "up, out of the grid".
 */
export function moveInGrid(index: number, key: string, lengths: readonly number[], cols: number): number {
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total === 0) return -1;
  if (key === 'ArrowLeft') return Math.max(0, index - 1);
  if (key === 'ArrowRight') return Math.min(total - 1, index + 1);
  if (key === 'Home') return 0;
  if (key === 'End') return total - 1;
  // Which section, and where in it.
  let s = 0;
  let start = 0;
  while (s < lengths.length - 1 && index >= start + (lengths[s] ?? 0)) {
    start += lengths[s] ?? 0;
    s++;
  }
  const len = lengths[s] ?? 0;
  const pos = index - start;
  const row = Math.floor(pos / cols);
  const col = pos % cols;
  if (key === 'ArrowDown') {
    if ((row + 1) * cols < len) return start + Math.min((row + 1) * cols + col, len - 1);
    let next = s + 1;
    let nextStart = start + len;
    while (next < lengths.length && (lengths[next] ?? 0) === 0) next++;
    if (next >= lengths.length) return index;
    for (let k = s + 1; k < next; k++) nextStart += lengths[k] ?? 0;
    return nextStart + Math.min(col, (lengths[next] ?? 1) - 1);
  }
  if (key === 'ArrowUp') {
    if (row > 0) return start + (row - 1) * cols + col;
    let prev = s - 1;
    while (prev >= 0 && (lengths[prev] ?? 0) === 0) prev--;
    if (prev < 0) return -1;
    let prevStart = 0;
    for (let k = 0; k < prev; k++) prevStart += lengths[k] ?? 0;
    const prevLen = lengths[prev] ?? 0;
    const lastRow = Math.floor((prevLen - 1) / cols) * cols;
    return prevStart + Math.min(lastRow + col, prevLen - 1);
  }
  return index;
}

export function EmojiPicker({ onPick, onClose }: EmojiPickerProps) {
  const custom = useCustomEmoji();
  const [query, setQuery] = useState('');
  const [tone, setTone] = useState<SkinTone | null>(preferredSkinTone);
  const [toneOpen, setToneOpen] = useState(false);
  const [recent] = useState(recentEmoji);
  const [active, setActive] = useState(0);
  const [hovered, setHovered] = useState<Item | null>(null);
  const [current, setCurrent] = useState<SectionId | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const pendingJump = useRef<SectionId | null>(null);
  const baseId = useId();

  const browsing = normalizeEmojiQuery(query) === '';

  const allSections = useMemo((): Section[] => {
    if (!browsing) {
      return [{ id: 'search', label: t('emoji.results'), items: searchItems(query, tone, custom) }];
    }
    const list: Section[] = [];
    const recentItems = recent.flatMap((n) => itemForName(n, custom) ?? []);
    if (recentItems.length > 0) list.push({ id: 'recent', label: t('emoji.recent'), items: recentItems });
    for (const c of EMOJI_CATEGORIES) list.push({ id: c, label: t(CATEGORY_LABEL[c]), items: systemItems(c, tone) });
    if (custom.list.length > 0) {
      list.push({
        id: 'custom',
        label: t('emoji.custom'),
        items: custom.list.map((c) => ({ name: c.name, image: customEmojiImageUrl(c.id) })),
      });
    }
    return list;
  }, [browsing, query, tone, custom, recent]);

  // Browsing renders the sections up to the first category at once, the rest one per frame.
  const firstBatch = allSections.findIndex((s) => s.id === EMOJI_CATEGORIES[0]) + 1;
  const [renderedCount, setRenderedCount] = useState(Math.max(1, firstBatch));
  const shown = browsing ? Math.min(allSections.length, Math.max(renderedCount, firstBatch)) : allSections.length;
  const sections = allSections.slice(0, shown);

  useEffect(() => {
    if (!browsing || shown >= allSections.length) return;
    const next = () => setRenderedCount((n) => Math.max(n, shown) + 1);
    if (typeof requestAnimationFrame === 'function') {
      const id = requestAnimationFrame(next);
      return () => cancelAnimationFrame(id);
    }
    const id = setTimeout(next, 16);
    return () => clearTimeout(id);
  }, [browsing, shown, allSections.length]);

  const starts = useMemo(() => {
    const out: number[] = [];
    let n = 0;
    for (const s of sections) {
      out.push(n);
      n += s.items.length;
    }
    return out;
  }, [sections]);
  const total = sections.reduce((n, s) => n + s.items.length, 0);
  const activeIndex = Math.min(active, Math.max(0, total - 1));

  const itemAt = useCallback(
    (index: number): Item | undefined => {
      for (let s = sections.length - 1; s >= 0; s--) {
        const start = starts[s] ?? 0;
        if (index >= start) return sections[s]?.items[index - start];
      }
      return undefined;
    },
    [sections, starts],
  );

  function pick(item: Item | undefined) {
    if (!item) return;
    rememberEmoji(item.name);
    onPick(item.name);
  }

  function focusItem(index: number) {
    setActive(index);
    bodyRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
  }

  function onSearch(value: string) {
    setQuery(value);
    setActive(0);
    bodyRef.current?.scrollTo?.({ top: 0 });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (toneOpen) setToneOpen(false);
      else onClose();
      return;
    }
    const target = e.target as HTMLElement;
    if (target === searchRef.current) {
      if (e.key === 'ArrowDown' && total > 0) {
        e.preventDefault();
        focusItem(activeIndex);
      } else if (e.key === 'Enter' && !e.nativeEvent.isComposing && !browsing) {
        e.preventDefault();
        pick(itemAt(activeIndex));
      }
      return;
    }
    const index = target.dataset.index === undefined ? -1 : Number(target.dataset.index);
    if (index < 0) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      pick(itemAt(index));
    } else if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) {
      e.preventDefault();
      const cols = columnsOf(bodyRef.current?.querySelector('.emoji-picker__grid'));
      const to = moveInGrid(
        index,
        e.key,
        sections.map((s) => s.items.length),
        cols,
      );
      if (to < 0) searchRef.current?.focus();
      else focusItem(to);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
      // Typing in the grid goes on in the search box.
      searchRef.current?.focus();
    }
  }

  function onGridClick(e: ReactMouseEvent<HTMLDivElement>) {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (button) pick(itemAt(Number(button.dataset.index)));
  }

  function onGridOver(e: ReactMouseEvent<HTMLDivElement>) {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (button) setHovered(itemAt(Number(button.dataset.index)) ?? null);
  }

  function onGridFocus(e: FocusEvent<HTMLDivElement>) {
    const i = (e.target as HTMLElement).dataset.index;
    if (i !== undefined) {
      setActive(Number(i));
      setHovered(null);
    }
  }

  function jumpTo(id: SectionId) {
    const i = allSections.findIndex((s) => s.id === id);
    if (i < 0) return;
    pendingJump.current = id;
    setRenderedCount((n) => Math.max(n, i + 1));
    setCurrent(id);
    scrollToPending();
  }

  function scrollToPending() {
    const id = pendingJump.current;
    const body = bodyRef.current;
    const el = id && body?.querySelector<HTMLElement>(`[data-section="${id}"]`);
    if (!body || !el) return;
    pendingJump.current = null;
    body.scrollTop = el.offsetTop;
  }

  // A jump to a section not rendered yet scrolls once it is.
  useLayoutEffect(scrollToPending);

  function onScroll() {
    const body = bodyRef.current;
    if (!body || !browsing) return;
    let id: SectionId | null = null;
    for (const el of body.querySelectorAll<HTMLElement>('[data-section]')) {
      if (el.offsetTop <= body.scrollTop + 8) id = el.dataset.section as SectionId;
    }
    if (id !== current) setCurrent(id);
  }

  function chooseTone(next: SkinTone | null) {
    setTone(next);
    setPreferredSkinTone(next);
    setToneOpen(false);
    searchRef.current?.focus();
  }

  const preview = hovered ?? itemAt(activeIndex);
  const toneChar = (tn: SkinTone | null) => emojiChar(tn ? `raised_hand_${tn}_skin_tone` : 'raised_hand') ?? '';
  const tabs = allSections.filter((s) => s.id !== 'search');
  const currentTab = tabs.some((s) => s.id === current) ? current : tabs[0]?.id;

  /** ← and → move between the category tabs (one tab stop for all). */
  function onTabsKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + (e.key === 'ArrowLeft' ? -1 : 1)))];
    next?.focus();
  }

  return (
    <div className="emoji-picker" tabIndex={-1} onKeyDown={onKeyDown}>
      <div className="emoji-picker__top">
        <input
          ref={searchRef}
          className="emoji-picker__search"
          type="search"
          aria-label={t('emoji.search')}
          placeholder={t('emoji.search')}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={query}
          onChange={(e) => onSearch(e.target.value)}
        />
        <button
          type="button"
          className="emoji-picker__tone-btn"
          aria-label={`${t('emoji.skinTone')}: ${t(tone ? TONE_LABEL[tone] : 'emoji.skinTone.default')}`}
          title={t('emoji.skinTone')}
          aria-expanded={toneOpen}
          onClick={() => setToneOpen((v) => !v)}
        >
          {toneChar(tone)}
        </button>
      </div>
      {toneOpen && (
        <div className="emoji-picker__tones" role="radiogroup" aria-label={t('emoji.skinTone')}>
          {[null, ...SKIN_TONES].map((tn) => (
            <button
              key={tn ?? 'default'}
              type="button"
              role="radio"
              aria-checked={tone === tn}
              className="emoji-picker__emoji"
              aria-label={t(tn ? TONE_LABEL[tn] : 'emoji.skinTone.default')}
              title={t(tn ? TONE_LABEL[tn] : 'emoji.skinTone.default')}
              onClick={() => chooseTone(tn)}
            >
              {toneChar(tn)}
            </button>
          ))}
        </div>
      )}
      {browsing && (
        <div className="emoji-picker__tabs" role="toolbar" aria-label={t('emoji.categories')} onKeyDown={onTabsKey}>
          {tabs.map((s) => (
            <button
              key={s.id}
              type="button"
              tabIndex={s.id === currentTab ? 0 : -1}
              className="emoji-picker__tab"
              aria-label={s.label}
              title={s.label}
              aria-current={s.id === currentTab ? 'true' : undefined}
              onClick={() => jumpTo(s.id)}
            >
              <TabIcon section={s} />
            </button>
          ))}
        </div>
      )}
      <div
        className="emoji-picker__body"
        ref={bodyRef}
        onScroll={onScroll}
        onClick={onGridClick}
        onMouseOver={onGridOver}
        onFocus={onGridFocus}
      >
        {total === 0 && !browsing && (
          <p className="emoji-picker__empty">{t('emoji.noResults', { query: query.trim() })}</p>
        )}
        {sections.map((s, i) =>
          s.items.length === 0 ? null : (
            <SectionGrid
              key={s.id}
              id={`${baseId}-${s.id}`}
              section={s}
              start={starts[i] ?? 0}
              active={activeIndex}
              highlight={!browsing && i === 0}
            />
          ),
        )}
      </div>
      <div className="emoji-picker__preview" aria-hidden="true">
        {preview && (
          <>
            <span className="emoji-picker__preview-emoji">
              {preview.char ?? <img src={preview.image} alt="" width={28} height={28} />}
            </span>
            <span className="emoji-picker__preview-name">:{preview.name}:</span>
          </>
        )}
      </div>
    </div>
  );
}

function TabIcon({ section }: { section: Section }) {
  if (section.id === 'recent') return <span aria-hidden="true">🕘</span>;
  if (section.id === 'custom') {
    const first = section.items[0];
    return first?.image ? <img src={first.image} alt="" width={18} height={18} /> : <span aria-hidden="true">⭐</span>;
  }
  if (section.id === 'search') return null;
  return <span aria-hidden="true">{emojiChar(TAB_ICON[section.id])}</span>;
}

/** One section's heading and buttons; re-renders only when the active item enters or leaves it. */
const SectionGrid = memo(
  function SectionGrid({
    id,
    section,
    start,
    active,
    highlight,
  }: {
    id: string;
    section: Section;
    start: number;
    active: number;
    highlight: boolean;
  }) {
    return (
      <section className="emoji-picker__section" data-section={section.id} aria-labelledby={id}>
        <h3 className="emoji-picker__heading" id={id}>
          {section.label}
        </h3>
        <div className="emoji-picker__grid" role="group" aria-labelledby={id}>
          {section.items.map((item, i) => {
            const index = start + i;
            const isActive = index === active;
            return (
              <button
                key={item.name}
                type="button"
                className={`emoji-picker__emoji${isActive && highlight ? ' emoji-picker__emoji--active' : ''}`}
                data-index={index}
                tabIndex={isActive ? 0 : -1}
                aria-label={`:${item.name}:`}
                title={`:${item.name}:`}
              >
                {item.char ?? <img src={item.image} alt="" width={24} height={24} loading="lazy" decoding="async" />}
              </button>
            );
          })}
        </div>
      </section>
    );
  },
  (a, b) => {
    const inA = a.active >= a.start && a.active < a.start + a.section.items.length ? a.active : -1;
    const inB = b.active >= b.start && b.active < b.start + b.section.items.length ? b.active : -1;
    return a.section === b.section && a.start === b.start && a.id === b.id && a.highlight === b.highlight && inA === inB;
  },
);

// ---- floating next to a button

const PICKER_WIDTH = 352;
const PICKER_HEIGHT = 420;
const MARGIN = 8;

interface Place {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Where the picker goes for an anchor rectangle: below it, else above, inside the viewport. */
export function placePicker(anchor: DOMRect, vw: number, vh: number): Place {
  const width = Math.min(PICKER_WIDTH, vw - 2 * MARGIN);
  const height = Math.min(PICKER_HEIGHT, vh - 2 * MARGIN);
  const left = Math.max(MARGIN, Math.min(anchor.right - width, vw - width - MARGIN));
  let top: number;
  if (anchor.bottom + 4 + height <= vh - MARGIN) top = anchor.bottom + 4;
  else if (anchor.top - 4 - height >= MARGIN) top = anchor.top - 4 - height;
  else top = Math.max(MARGIN, vh - height - MARGIN);
  return { top, left, width, height };
}

/**
 * The picker as a popover next to `anchor` (in a portal, so no scrolling list clips it). Closes on
 * Escape or a click outside; focus goes back to the anchor.
 */
export function EmojiPickerPopover({
  anchor: anchorRef,
  label,
  onPick,
  onClose,
}: EmojiPickerProps & { anchor: RefObject<HTMLElement | null>; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<Place | null>(null);

  useLayoutEffect(() => {
    const anchor = anchorRef.current;
    function update(e?: Event) {
      if (e && ref.current && e.target instanceof Node && ref.current.contains(e.target)) return;
      if (!anchor) return;
      setPlace(placePicker(anchor.getBoundingClientRect(), window.innerWidth, window.innerHeight));
    }
    update();
    window.addEventListener('resize', update);
    window.addEventListener('scroll', update, true);
    return () => {
      window.removeEventListener('resize', update);
      window.removeEventListener('scroll', update, true);
    };
  }, [anchorRef]);

  useEffect(() => {
    const anchor = anchorRef.current;
    function onDown(e: MouseEvent) {
      const target = e.target as Node;
      if (ref.current?.contains(target) || anchor?.contains(target)) return;
      onClose();
    }
    // After the click that opened it.
    const id = setTimeout(() => document.addEventListener('mousedown', onDown));
    return () => {
      clearTimeout(id);
      document.removeEventListener('mousedown', onDown);
    };
  }, [anchorRef, onClose]);

  useEffect(() => {
    const anchor = anchorRef.current;
    const node = ref.current;
    return () => {
      // Once gone (not a StrictMode re-run), focus goes back to the button that opened it, unless
      // the user moved elsewhere.
      setTimeout(() => {
        if (node?.isConnected || !anchor?.isConnected) return;
        const at = document.activeElement;
        if (!at || at === document.body) anchor.focus();
      });
    };
  }, [anchorRef]);

  return createPortal(
    <div
      ref={ref}
      className="popover emoji-picker-popover"
      role="dialog"
      aria-label={label}
      style={place ? { top: place.top, left: place.left, width: place.width, height: place.height } : undefined}
    >
      <EmojiPicker onPick={onPick} onClose={onClose} />
    </div>,
    document.body,
  );
}

// ---- a post's reaction menu

/**
 * The quick reactions (the recently used emoji first, filled up with `QUICK_REACTIONS`) and a
 * "More reactions" button that opens the full picker in their place.
 */
export function ReactionPicker({
  anchor,
  onPick,
  onClose,
}: EmojiPickerProps & {
  /** The button that opened it: the full picker goes next to it, and focus back to it. */
  anchor: RefObject<HTMLElement | null>;
}) {
  const [full, setFull] = useState(false);
  const custom = useCustomEmoji();
  const names = useMemo(
    () => quickReactions(QUICK_REACTIONS.length, (n) => emojiChar(n) !== undefined || custom.byName.has(n)),
    [custom],
  );
  // Stable for the popovers' listeners, whatever the parent passes.
  const closeRef = useRef(onClose);
  useLayoutEffect(() => {
    closeRef.current = onClose;
  });
  const close = useCallback(() => closeRef.current(), []);

  if (full) return <EmojiPickerPopover anchor={anchor} label={t('post.react')} onPick={onPick} onClose={close} />;
  return (
    <Popover label={t('post.react')} onClose={close} className="popover--emoji popover--right emoji-quick">
      {names.map((name) => {
        const item = itemForName(name, custom);
        return (
          <button
            key={name}
            type="button"
            className="emoji-btn"
            aria-label={t('post.reactWith', { emoji: name })}
            title={`:${name}:`}
            onClick={() => {
              rememberEmoji(name);
              onPick(name);
            }}
          >
            {item?.char ?? <img src={item?.image} alt="" width={22} height={22} />}
          </button>
        );
      })}
      <button
        type="button"
        className="emoji-btn emoji-quick__more"
        aria-label={t('post.moreReactions')}
        title={t('post.moreReactions')}
        aria-haspopup="dialog"
        onClick={() => setFull(true)}
      >
        <IconPlus />
      </button>
    </Popover>
  );
}
