// Message Markdown → safe HTML.
//
// `marked` renders (raw HTML in the source is shown as text, images become links so nothing is
// fetched from another origin), DOMPurify sanitises with an allow-list, and a last pass over the
// text nodes marks @mentions and replaces `:emoji:` names.

import { Marked, type Tokens } from 'marked';
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import { emojiChar } from './emoji';

export interface RenderOptions {
  /** The signed-in user's username: mentions of it (and @all/@channel/@here) are highlighted. */
  currentUsername?: string;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    image({ href, text }: Tokens.Image): string {
      const label = escapeHtml(text || href);
      return `<a href="${escapeHtml(href)}">${label}</a>`;
    },
  },
});

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'b', 'em', 'i', 'del', 's', 'a', 'code', 'pre', 'ul', 'ol', 'li',
  'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th',
  'td', 'span', 'input',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start', 'type', 'checked', 'disabled', 'align'];
// http(s), mailto, and same-origin relative links; nothing else (no javascript:, data:).
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

let purifier: Purifier | null = null;

function getPurifier(): Purifier {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') {
      node.remove();
    }
  });
  purifier = p;
  return p;
}

/** `@name` at a word start; usernames are `[a-z0-9._-]`. */
const MENTION_OR_EMOJI = /(^|[^\p{L}\p{N}_.@-])@([a-z0-9][a-z0-9._-]*)|:([a-z0-9_+-]+):/giu;
const GROUP_MENTIONS = new Set(['all', 'channel', 'here']);
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

function decorateText(root: DocumentFragment | Element, opts: RenderOptions): void {
  const doc = root.ownerDocument ?? document;
  const me = opts.currentUsername?.toLowerCase() ?? '';
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    let skip = false;
    for (let p = n.parentElement; p && p !== root; p = p.parentElement) {
      if (SKIP_INSIDE.has(p.tagName)) {
        skip = true;
        break;
      }
    }
    if (!skip) texts.push(n as Text);
  }

  for (const node of texts) {
    const text = node.data;
    MENTION_OR_EMOJI.lastIndex = 0;
    if (!MENTION_OR_EMOJI.test(text)) continue;
    MENTION_OR_EMOJI.lastIndex = 0;
    const frag = doc.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(MENTION_OR_EMOJI)) {
      const start = m.index ?? 0;
      if (m[2] !== undefined) {
        const lead = m[1] ?? '';
        const name = trimMention(m[2]);
        const tail = m[2].slice(name.length);
        frag.append(text.slice(last, start) + lead);
        const span = doc.createElement('span');
        const lower = name.toLowerCase();
        span.className =
          lower === me || GROUP_MENTIONS.has(lower) ? 'mention mention--me' : 'mention';
        span.textContent = '@' + name;
        frag.append(span);
        if (tail) frag.append(tail);
      } else {
        const ch = emojiChar(m[3] ?? '');
        frag.append(text.slice(last, start));
        if (ch) {
          const span = doc.createElement('span');
          span.className = 'emoji';
          span.title = `:${m[3]}:`;
          span.textContent = ch;
          frag.append(span);
        } else {
          frag.append(m[0]);
        }
      }
      last = start + m[0].length;
    }
    frag.append(text.slice(last));
    node.replaceWith(frag);
  }
}

/** Renders a message to sanitised HTML. */
export function renderMarkdown(src: string, opts: RenderOptions = {}): string {
  const raw = marked.parse(src) as string;
  const frag = getPurifier().sanitize(raw, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP,
    RETURN_DOM_FRAGMENT: true,
  });
  decorateText(frag, opts);
  const box = document.createElement('div');
  box.append(frag);
  return box.innerHTML.trim();
}
