// Interactive dialogs (`open_dialog`): reading the request an integration sent, the starting
// values of its elements, checking what the user entered as Mattermost's web app does, and the
// `submission` sent back. Pure: no React.

import type { Dialog, DialogElement, OpenDialogRequest } from '../api/integrationTypes';
import { t } from '../i18n/en';

/** Mattermost allows at most this many elements in a dialog. */
const MAX_ELEMENTS = 20;
const MAX_OPTIONS = 500;

export type DialogValue = string | boolean;
export type DialogValues = Record<string, DialogValue>;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

function element(v: unknown): DialogElement | null {
  if (!isObj(v) || !str(v.name)) return null;
  const options = Array.isArray(v.options)
    ? v.options
        .slice(0, MAX_OPTIONS)
        .filter(isObj)
        .map((o) => ({ text: str(o.text), value: str(o.value) }))
    : [];
  return {
    display_name: str(v.display_name),
    name: str(v.name),
    type: str(v.type),
    subtype: str(v.subtype),
    default: str(v.default),
    placeholder: str(v.placeholder),
    help_text: str(v.help_text),
    optional: v.optional === true,
    min_length: num(v.min_length),
    max_length: num(v.max_length),
    data_source: str(v.data_source),
    options,
  };
}

/** `open_dialog`'s `data.dialog` (a JSON string, or an object), or null when unusable. */
export function parseOpenDialog(raw: unknown): OpenDialogRequest | null {
  let v = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (!isObj(v) || !isObj(v.dialog)) return null;
  const d = v.dialog;
  const dialog: Dialog = {
    callback_id: str(d.callback_id),
    title: str(d.title),
    introduction_text: str(d.introduction_text),
    icon_url: str(d.icon_url),
    elements: Array.isArray(d.elements)
      ? d.elements
          .slice(0, MAX_ELEMENTS)
          .map(element)
          .filter((e) => e !== null)
      : [],
    submit_label: str(d.submit_label),
    notify_on_cancel: d.notify_on_cancel === true,
    state: str(d.state),
  };
  return { trigger_id: str(v.trigger_id), url: str(v.url), dialog };
}

/** Each element's starting value: its `default` (`"true"` checks a box). */
export function initialValues(elements: readonly DialogElement[]): DialogValues {
  const out: DialogValues = {};
  for (const e of elements) {
    if (e.type === 'bool') out[e.name] = (e.default ?? '').toLowerCase() === 'true';
    else out[e.name] = e.default ?? '';
  }
  return out;
}

/** The message to show under an element, or '' when its value is acceptable. */
export function elementError(e: DialogElement, value: DialogValue | undefined): string {
  const empty = value === undefined || value === '' || value === false;
  if (empty) return e.optional ? '' : t('dialog.error.required');
  if (typeof value !== 'string') return '';
  if (e.type === 'text' || e.type === 'textarea') {
    const length = [...value].length;
    if (e.min_length && length < e.min_length) return t('dialog.error.tooShort', { min: e.min_length });
    if (e.max_length && length > e.max_length) return t('dialog.error.tooLong', { max: e.max_length });
    if (e.subtype === 'email' && !value.includes('@')) return t('dialog.error.email');
    if (e.subtype === 'number' && !Number.isFinite(Number(value))) return t('dialog.error.number');
    if (e.subtype === 'url' && !/^https?:\/\//i.test(value)) return t('dialog.error.url');
  }
  if ((e.type === 'radio' || (e.type === 'select' && !e.data_source)) && !(e.options ?? []).some((o) => o.value === value)) {
    return t('dialog.error.option');
  }
  return '';
}

/** Every element's error, by name; empty when the dialog may be submitted. */
export function validateDialog(elements: readonly DialogElement[], values: DialogValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const e of elements) {
    const err = elementError(e, values[e.name]);
    if (err) errors[e.name] = err;
  }
  return errors;
}

/**
 * The `submission` map: every element's value; numbers for `number` text fields, booleans for
 * `bool`; optional fields left empty are sent as Mattermost sends them (empty strings).
 */
export function submission(elements: readonly DialogElement[], values: DialogValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of elements) {
    const v = values[e.name];
    if (e.type === 'bool') out[e.name] = v === true;
    else if (e.type === 'text' && e.subtype === 'number' && typeof v === 'string' && v !== '') out[e.name] = Number(v);
    else out[e.name] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** The HTML input type of a text element's subtype. */
export function inputType(subtype: string | undefined): string {
  switch (subtype) {
    case 'email':
    case 'number':
    case 'password':
    case 'tel':
    case 'url':
      return subtype;
    default:
      return 'text';
  }
}
