// Message Markdown → safe HTML, as Mattermost renders it.
//
// `marked` renders (one instance, configured once): GFM with single newlines as line breaks,
// headings, tables, task lists, bare URLs / www. / e-mail autolinks; raw HTML in the source is
// shown as text; images become links, except our own server's files (`/api/v4/files/<id>`), so
// nothing is fetched from another origin; fenced code blocks get Mattermost's frame (language
// label, copy button) and are highlighted once highlight.js is loaded (see ./highlight).
// DOMPurify (one instance, configured once) sanitises with an allow-list, and a last pass over the
// text nodes outside code and links marks @mentions and mention keys, links ~channels and
// #hashtags, and replaces `:emoji:` names.

import { Marked, Renderer, type Tokens } from 'marked';
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import { emojiChar } from './emoji';
import { codeLanguage, highlightCode, highlighterReady, loadHighlighter } from './highlight';
import '../styles/markdown.css';
import { t } from '../i18n/en';

export { highlighterReady, loadHighlighter, subscribeHighlighter } from './highlight';

/** What a `~name` channel mention links to. */
export interface ChannelRef {
  /** Shown after the `~`; the name when empty. */
  display: string;
  /** A same-origin path; by default `/<teamName>/channels/<name>`. */
  url?: string;
}

export interface RenderOptions {
  /** The signed-in user's username: mentions of it (and @all/@channel/@here) are highlighted. */
  currentUsername?: string;
  /**
   * The user's mention keys (Mattermost's `mention_keys`, the first name when enabled, `@name`…):
   * whole words highlighted case-insensitively; an `@name` key also highlights that mention.
   */
  mentionKeys?: readonly string[];
  /**
   * Looks up the channel of a `~name` mention (name in lower case). Known channels become links
   * (same tab; the app navigates on click, see `useMarkdownClick`), others stay text.
   */
  channelNames?: (name: string) => ChannelRef | undefined;
  /** The team of the channel links whose lookup gives no `url`. */
  teamName?: string;
  /** Our origin, for images given as absolute URLs; default `window.location.origin`. */
  siteOrigin?: string;
  /** Highlight code blocks (loading highlight.js on first need); default true. */
  highlight?: boolean;
  /** The id of the server's custom emoji called `name`, if there is one: `:name:` shows its image. */
  customEmoji?: (name: string) => string | undefined;
}

const EMOJI_ID = /^[a-z0-9]{26}$/;

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The label of the copy button of code blocks (DOM text, not HTML). */
export const COPY_CODE_LABEL = t('markdown.copyCode');

// ---- images: only our own server's files are shown inline

/** `/api/v4/files/<26-char id>`, optionally `/preview` or `/thumbnail`. */
const LOCAL_FILE_PATH = /^\/api\/v4\/files\/[a-z0-9]{26}(?:\/(?:preview|thumbnail))?$/;

/** The same-origin path to show for an image URL, or undefined when it must stay a link. */
export function localImageSrc(href: string, origin = currentOrigin()): string | undefined {
  let path = href.trim();
  if (!path.startsWith('/') || path.startsWith('//')) {
    if (!/^https?:\/\//i.test(path) || !origin) return undefined;
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      return undefined;
    }
    if (url.origin !== origin || url.search || url.hash || url.username || url.password) return undefined;
    path = url.pathname;
  }
  return LOCAL_FILE_PATH.test(path) ? path : undefined;
}

function currentOrigin(): string {
  return typeof window === 'undefined' ? '' : window.location.origin;
}

// ---- marked, configured once

/** Options of the render in progress (rendering is synchronous). */
let current: RenderOptions = {};
let autoLoadFailed = false;

function requestHighlighter(): void {
  if (autoLoadFailed) return;
  loadHighlighter().catch(() => {
    autoLoadFailed = true;
  });
}

const renderer = {
  html({ text }: Tokens.HTML | Tokens.Tag): string {
    return escapeHtml(text);
  },

  image({ href, title, text }: Tokens.Image): string {
    const src = localImageSrc(href, current.siteOrigin);
    if (src) {
      const t = title ? ` title="${escapeHtml(title)}"` : '';
      return `<img class="markdown-inline-img" src="${escapeHtml(src)}" alt="${escapeHtml(text)}"${t} loading="lazy">`;
    }
    return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
  },

  heading(this: Renderer, { tokens, depth }: Tokens.Heading): string {
    return `<h${depth} class="markdown__heading">${this.parser.parseInline(tokens)}</h${depth}>\n`;
  },

  table(this: Renderer, token: Tokens.Table): string {
    const inner = Renderer.prototype.table.call(this, token).replace(/^<table>/, '');
    return `<div class="table-responsive"><table class="markdown__table">${inner}</div>\n`;
  },

  listitem(this: Renderer, item: Tokens.ListItem): string {
    const body = this.parser.parse(item.tokens);
    return item.task ? `<li class="list-item--task-list">${body}</li>\n` : `<li>${body}</li>\n`;
  },

  code({ text, lang, escaped }: Tokens.Code): string {
    const info = /^\S*/.exec(lang ?? '')?.[0] ?? '';
    const language = info ? codeLanguage(info) : undefined;
    const body = text ? text.replace(/\n$/, '') + '\n' : '';
    let html: string | undefined;
    if (language && current.highlight !== false) {
      html = highlightCode(body, language.grammar);
      if (html === undefined && !highlighterReady()) requestHighlighter();
    }
    html ??= escaped ? body : escapeHtml(body);
    const label = language ? `<span class="post-code__language">${escapeHtml(language.name)}</span>` : '';
    const cls = language ? ` class="hljs language-${language.grammar}"` : '';
    return (
      `<div class="post-code${info ? '' : ' post-code--wrap'}"><div class="post-code__overlay">${label}</div>` +
      `<pre><code${cls}>${html}</code></pre></div>\n`
    );
  },
};

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  tokenizer: {
    // Mattermost strikes through with `~~` only: a single `~` starts a channel mention.
    del(src: string) {
      return /^~(?!~)/.test(src) ? undefined : false;
    },
  },
  renderer,
});

// ---- DOMPurify, configured once

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'b', 'em', 'i', 'del', 's', 'a', 'code', 'pre', 'ul', 'ol', 'li',
  'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th',
  'td', 'span', 'input', 'div', 'img',
];
const ALLOWED_ATTR = [
  'href', 'title', 'class', 'start', 'type', 'checked', 'disabled', 'align', 'src', 'alt', 'loading',
];
// http(s), mailto, and same-origin relative links; nothing else (no javascript:, data:).
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

let purifier: Purifier | null = null;

function getPurifier(): Purifier {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.setConfig({
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    switch (node.tagName) {
      case 'A':
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
        break;
      case 'INPUT':
        if (node.getAttribute('type') !== 'checkbox') node.remove();
        else node.setAttribute('disabled', '');
        break;
      case 'IMG':
        // Only our own files, whatever produced the tag.
        if (!LOCAL_FILE_PATH.test(node.getAttribute('src') ?? '')) node.remove();
        else node.setAttribute('loading', 'lazy');
        break;
    }
  });
  purifier = p;
  return p;
}

// ---- the text pass: mentions, mention keys, ~channels, #hashtags, :emoji:

/** `@name` at a word start; usernames are `[a-z0-9._-]`. */
const MENTION_OR_EMOJI = /(^|[^\p{L}\p{N}_.@-])@([a-z0-9][a-z0-9._-]*)|:([a-z0-9_+-]+):/giu;
const GROUP_MENTIONS = new Set(['all', 'channel', 'here']);
/** Not decorated inside these (nor inside a code block's label). */
const SKIP_INSIDE = new Set(['CODE', 'PRE', 'A']);

/** Finds the usernames mentioned in a message (lower-cased, without `@`). */
export function findMentions(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(MENTION_OR_EMOJI)) {
    if (m[2]) out.add(trimMention(m[2]).toLowerCase());
  }
  return [...out];
}

function trimMention(name: string): string {
  return name.replace(/[._-]+$/, '');
}

// One regex for the whole pass; groups: 1 @mention, 2 ~channel, 3 #hashtag (without `#`),
// 4 :emoji:, 5 a mention key (whole word), 6 a CJK mention key (no word boundaries, as Mattermost).
const TEXT_TOKENS =
  '(?<![\\p{L}\\p{N}_.@-])@([a-z0-9][a-z0-9._-]*)' +
  '|(?<![\\p{L}\\p{N}_~])~([a-z0-9_][a-z0-9._-]*)' +
  '|(?<![\\p{L}\\p{N}_])#(\\p{L}[\\p{L}\\p{N}_.-]*[\\p{L}\\p{N}])' +
  '|:([a-z0-9_+-]+):';
const NEVER = '(?!)';
/** Mattermost's minimum hashtag length, without the `#`. */
const MIN_HASHTAG = 3;
// Chinese, Japanese, Korean (and Cyrillic, as Mattermost's `cjkrPattern`) keys match anywhere.
const CJKR = /[\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\uff00-\uff9f\u4e00-\u9faf\u3400-\u4dbf\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\u0400-\u04ff\u0500-\u052f\u2de0-\u2dff]/;

interface TextPass {
  re: RegExp;
  /** Lower-cased keys that are `@name` mentions. */
  atKeys: Set<string>;
}

const passCache = new Map<string, TextPass>();

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function textPass(keys: readonly string[] | undefined): TextPass {
  const id = keys?.join('\n') ?? '';
  let pass = passCache.get(id);
  if (pass) return pass;
  const words: string[] = [];
  const cjk: string[] = [];
  const atKeys = new Set<string>();
  for (const raw of keys ?? []) {
    const k = raw.trim();
    if (!k) continue;
    if (k.startsWith('@')) atKeys.add(k.toLowerCase());
    (CJKR.test(k) ? cjk : words).push(k);
  }
  const alt = (list: string[]) =>
    list.length ? [...list].sort((a, b) => b.length - a.length).map(escapeRegex).join('|') : NEVER;
  const re = new RegExp(
    `${TEXT_TOKENS}|(?<![\\p{L}\\p{N}_])(${alt(words)})(?![\\p{L}\\p{N}_])|(${alt(cjk)})`,
    'giu',
  );
  pass = { re, atKeys };
  if (passCache.size > 16) passCache.clear();
  passCache.set(id, pass);
  return pass;
}

function collect(node: Node, texts: Text[], overlays: Element[]): void {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) {
      texts.push(c as Text);
    } else if (c.nodeType === 1) {
      const el = c as Element;
      if (SKIP_INSIDE.has(el.tagName)) continue;
      if (el.className === 'post-code__overlay') {
        overlays.push(el);
        continue;
      }
      collect(el, texts, overlays);
    }
  }
}

function channelLink(doc: Document, name: string, opts: RenderOptions): HTMLAnchorElement | null {
  const ref = opts.channelNames?.(name);
  if (!ref) return null;
  const url =
    ref.url ??
    (opts.teamName ? `/${encodeURIComponent(opts.teamName)}/channels/${encodeURIComponent(name)}` : undefined);
  if (!url || !url.startsWith('/') || url.startsWith('//')) return null;
  const a = doc.createElement('a');
  a.className = 'channel-link-inline';
  a.href = url;
  a.dataset.channelMention = name;
  a.textContent = '~' + (ref.display || name);
  return a;
}

function decorate(root: DocumentFragment, opts: RenderOptions): void {
  const doc = root.ownerDocument;
  const texts: Text[] = [];
  const overlays: Element[] = [];
  collect(root, texts, overlays);

  for (const overlay of overlays) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'post-code__copy';
    button.dataset.copyCode = '';
    button.title = COPY_CODE_LABEL;
    button.setAttribute('aria-label', COPY_CODE_LABEL);
    button.textContent = t('markdown.copy');
    overlay.prepend(button);
  }

  const me = opts.currentUsername?.toLowerCase() ?? '';
  const { re, atKeys } = textPass(opts.mentionKeys);
  for (const node of texts) {
    const text = node.data;
    re.lastIndex = 0;
    let m = re.exec(text);
    if (!m) continue;
    const frag = doc.createDocumentFragment();
    let last = 0;
    let changed = false;
    for (; m; m = re.exec(text)) {
      const start = m.index;
      let el: Node | null = null;
      let tail = '';
      if (m[1] !== undefined) {
        const name = trimMention(m[1]);
        tail = m[1].slice(name.length);
        const lower = name.toLowerCase();
        const span = doc.createElement('span');
        span.className =
          lower === me || GROUP_MENTIONS.has(lower) || atKeys.has('@' + lower) ? 'mention mention--me' : 'mention';
        span.textContent = '@' + name;
        el = span;
      } else if (m[2] !== undefined) {
        // As Mattermost: the whole name, else without trailing punctuation.
        let name = m[2].toLowerCase();
        el = channelLink(doc, name, opts);
        while (!el && /[^\p{L}\p{N}]$/u.test(name)) {
          name = name.slice(0, -1);
          if (name) el = channelLink(doc, name, opts);
        }
        if (el) tail = m[2].slice(name.length);
      } else if (m[3] !== undefined) {
        if (m[3].length >= MIN_HASHTAG) {
          const a = doc.createElement('a');
          a.className = 'hashtag';
          a.href = '#';
          a.dataset.hashtag = '#' + m[3];
          a.textContent = '#' + m[3];
          el = a;
        }
      } else if (m[4] !== undefined) {
        const ch = emojiChar(m[4]);
        const customId = ch ? undefined : opts.customEmoji?.(m[4]);
        if (ch) {
          const span = doc.createElement('span');
          span.className = 'emoji';
          span.title = `:${m[4]}:`;
          span.textContent = ch;
          el = span;
        } else if (customId && EMOJI_ID.test(customId)) {
          // Built here, after sanitising: the image is our own server's, by a checked id.
          const img = doc.createElement('img');
          img.className = 'emoji emoji--custom';
          img.src = `/api/v4/emoji/${customId}/image`;
          img.alt = `:${m[4]}:`;
          img.title = `:${m[4]}:`;
          el = img;
        }
      } else {
        const span = doc.createElement('span');
        span.className = 'mention--me mention--key';
        span.textContent = m[0];
        el = span;
      }
      if (!el) continue;
      changed = true;
      if (start > last) frag.append(text.slice(last, start));
      frag.append(el);
      if (tail) frag.append(tail);
      last = start + m[0].length;
    }
    if (!changed) continue;
    if (last < text.length) frag.append(text.slice(last));
    node.replaceWith(frag);
  }
}

// ---- large emoji: a message of 1–3 emoji (and whitespace) only

const EMOJI_SEQUENCE =
  '\\p{Regional_Indicator}{2}' +
  '|[#*0-9]\\uFE0F?\\u20E3' +
  '|\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier})*[\\u{E0020}-\\u{E007F}]*' +
  '(?:\\u200D\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier})*)*';
const EMOJI_ONLY_TOKEN = new RegExp(`\\s+|:([a-z0-9_+-]+):|(?:${EMOJI_SEQUENCE})`, 'uy');
const MAX_LARGE_EMOJI = 3;

/** True when the message is 1–3 emoji (`:name:` of a known emoji, or Unicode) and whitespace. */
export function isEmojiOnly(src: string, isCustom: (name: string) => boolean = () => false): boolean {
  if (src.length > 120) return false;
  let count = 0;
  EMOJI_ONLY_TOKEN.lastIndex = 0;
  while (EMOJI_ONLY_TOKEN.lastIndex < src.length) {
    const m = EMOJI_ONLY_TOKEN.exec(src);
    if (!m) return false;
    if (m[1] !== undefined) {
      if (!emojiChar(m[1]) && !isCustom(m[1])) return false;
    } else if (m[0].trim() === '') {
      continue;
    }
    if (++count > MAX_LARGE_EMOJI) return false;
  }
  return count > 0;
}

// ---- mention keys of a user, as Mattermost derives them

/**
 * A user's mention keys as Mattermost derives them from `notify_props`: the custom `mention_keys`,
 * the first name when `first_name` is `"true"`, `@channel`/`@all`/`@here` unless `channel` is
 * `"false"`, and `@username`.
 */
export function mentionKeysFor(user: {
  username: string;
  first_name?: string;
  notify_props?: Readonly<Record<string, string>>;
}): string[] {
  const props = user.notify_props ?? {};
  const keys = (props.mention_keys ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (props.first_name === 'true' && user.first_name) keys.push(user.first_name);
  if (props.channel !== 'false') keys.push('@channel', '@all', '@here');
  keys.push('@' + user.username);
  return [...new Set(keys)];
}

/** Renders a message to sanitised HTML. */
export function renderMarkdown(src: string, opts: RenderOptions = {}): string {
  current = opts;
  let raw: string;
  try {
    raw = marked.parse(src) as string;
  } finally {
    current = {};
  }
  const frag = getPurifier().sanitize(raw) as unknown as DocumentFragment;
  decorate(frag, opts);
  if (isEmojiOnly(src, (name) => !!opts.customEmoji?.(name)) && frag.childElementCount === 1 && frag.firstElementChild?.tagName === 'P') {
    frag.firstElementChild.classList.add('emoji--large');
  }
  const box = frag.ownerDocument.createElement('div');
  box.append(frag);
  return box.innerHTML.trim();
}
