// Message attachments (`post.props.attachments`, Slack's format): reading them safely from
// whatever an integration sent, and the small decisions the card makes (colour, field rows,
// timestamp, which links and images may be shown). Pure: no React.

import type { AttachmentField, MessageAttachment, PostAction, PostActionOption } from '../api/integrationTypes';
import type { Post } from '../api/types';
import { localImageSrc } from './markdown';

/** Bounds, so a hostile post cannot make the list build thousands of nodes. */
const MAX_ATTACHMENTS = 20;
const MAX_FIELDS = 50;
const MAX_ACTIONS = 25;
const MAX_OPTIONS = 500;
/** Mattermost shortens footers to this many characters. */
export const MAX_FOOTER_LENGTH = 300;

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function options(v: unknown): PostActionOption[] {
  if (!Array.isArray(v)) return [];
  const out: PostActionOption[] = [];
  for (const o of v.slice(0, MAX_OPTIONS)) {
    const r = obj(o);
    if (r) out.push({ text: str(r.text), value: str(r.value) });
  }
  return out;
}

function action(v: unknown): PostAction | null {
  const r = obj(v);
  if (!r) return null;
  const id = str(r.id);
  const name = str(r.name);
  // Mattermost skips actions without an id or a name: there is nothing to call or to show.
  if (!id || !name) return null;
  return {
    id,
    name,
    type: str(r.type) || 'button',
    tooltip: str(r.tooltip),
    disabled: r.disabled === true,
    style: str(r.style),
    data_source: str(r.data_source),
    options: options(r.options),
    default_option: str(r.default_option),
    cookie: str(r.cookie),
  };
}

function field(v: unknown): AttachmentField | null {
  const r = obj(v);
  if (!r) return null;
  return { title: str(r.title), value: str(r.value), short: r.short === true };
}

function attachment(v: unknown): MessageAttachment | null {
  const r = obj(v);
  if (!r) return null;
  const a: MessageAttachment = {
    fallback: str(r.fallback),
    color: str(r.color),
    pretext: str(r.pretext),
    author_name: str(r.author_name),
    author_link: str(r.author_link),
    author_icon: str(r.author_icon),
    title: str(r.title),
    title_link: str(r.title_link),
    text: str(r.text),
    fields: Array.isArray(r.fields) ? r.fields.slice(0, MAX_FIELDS).map(field).filter((f) => f !== null) : [],
    image_url: str(r.image_url),
    thumb_url: str(r.thumb_url),
    footer: str(r.footer),
    footer_icon: str(r.footer_icon),
    actions: Array.isArray(r.actions) ? r.actions.slice(0, MAX_ACTIONS).map(action).filter((x) => x !== null) : [],
  };
  if (typeof r.ts === 'number' || typeof r.ts === 'string') a.ts = r.ts;
  return a;
}

/** The post's attachments, each field a string (or absent), or `[]` when it has none. */
export function attachmentsOf(post: Pick<Post, 'props'>): MessageAttachment[] {
  const raw = post.props?.attachments;
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, MAX_ATTACHMENTS).map(attachment).filter((a) => a !== null);
}

const NAMED_COLORS: Record<string, string> = {
  good: '#2eb886',
  warning: '#daa038',
  danger: '#d24b4e',
};

/** The colour of the bar: a hex colour as given, a named one, or undefined (the theme's border). */
export function attachmentColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  const c = color.trim();
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(c)) return c;
  return NAMED_COLORS[c.toLowerCase()];
}

/**
 * Fields in rows as Mattermost lays them out: up to two short fields side by side; a long field
 * (not `short`) has a row of its own, and so does whatever follows it.
 */
export function fieldRows(fields: readonly AttachmentField[]): AttachmentField[][] {
  const rows: AttachmentField[][] = [];
  let row: AttachmentField[] = [];
  let lastWasLong = false;
  for (const f of fields) {
    if (row.length === 2 || !f.short || lastWasLong) {
      if (row.length) rows.push(row);
      row = [];
    }
    row.push(f);
    lastWasLong = !f.short;
  }
  if (row.length) rows.push(row);
  return rows;
}

/** `ts` (seconds, a number or a numeric string) in milliseconds, or undefined when unusable. */
export function attachmentTime(ts: number | string | undefined): number | undefined {
  if (ts === undefined || ts === '') return undefined;
  const n = typeof ts === 'number' ? ts : Number(ts);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const ms = Math.round(n * 1000);
  // Outside what a Date can hold: ignore rather than throw while rendering.
  return ms > 8.64e15 ? undefined : ms;
}

/** A link an attachment may carry: http(s) and mailto only (no `javascript:`, no `data:`). */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  return /^(?:https?:\/\/|mailto:)/i.test(u) ? u : undefined;
}

/**
 * The image source an attachment may show: like Markdown images, only our own server's files
 * are loaded (the app loads nothing from another origin); other images stay links or are left out.
 */
export function attachmentImageSrc(url: string | undefined, origin?: string): string | undefined {
  return url ? localImageSrc(url, origin) : undefined;
}

/** Shortens the footer as Mattermost does. */
export function footerText(footer: string): string {
  const chars = [...footer];
  return chars.length <= MAX_FOOTER_LENGTH ? footer : chars.slice(0, MAX_FOOTER_LENGTH - 1).join('') + '…';
}

/**
 * The text of a post for previews and notifications: its message, or else its attachments'
 * `fallback` (then pretext, title or text), as Mattermost uses them.
 */
export function postPreviewText(post: Pick<Post, 'message' | 'props'>): string {
  if (post.message.trim()) return post.message;
  for (const a of attachmentsOf(post)) {
    const text = a.fallback || a.pretext || a.title || a.text || '';
    if (text.trim()) return text;
  }
  return '';
}

/** Classes of an action button's style: a known style name, or a hex colour given inline. */
export function actionStyle(style: string | undefined): { className: string; color?: string } {
  const s = (style ?? '').trim().toLowerCase();
  if (s === 'primary' || s === 'success' || s === 'good' || s === 'warning' || s === 'danger') {
    return { className: `attachment-action--${s === 'success' ? 'good' : s}` };
  }
  const hex = attachmentColor(style?.startsWith('#') ? style : undefined);
  return hex ? { className: 'attachment-action--custom', color: hex } : { className: '' };
}
