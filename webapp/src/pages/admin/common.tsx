// What the System Console's pages share, as Mattermost's console has it: a page with its title
// and a Save bar, setting rows (the label on the left, the control and its help under it on the
// right: true/false, text, number, dropdown), and the form state of a page's `EmailSettings`:
// only changed settings are sent (`PUT /config/patch`), a masked secret only when retyped, and a
// refusal shows the server's own message.

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CONFIG_SECRET_MASK, type AdminConfig, type EmailSettings } from '../../api/admin';
import { errorMessage } from '../../lib/format';
import { saveConfig, useAdminConfig } from '../../queries/adminConfig';
import { t } from '../../i18n/en';

type Key = keyof EmailSettings;
/** What the controls hold: numbers as typed (checked on save), the rest as in the config. */
export type Draft = Partial<Record<Key, string | boolean>>;

function toDraft(settings: EmailSettings, fields: readonly Key[]): Draft {
  const out: Draft = {};
  for (const k of fields) {
    const v = settings[k];
    out[k] = typeof v === 'number' ? String(v) : v;
  }
  return out;
}

/**
 * The settings of `fields` that differ from `settings`, typed as the config types them, and the
 * number fields whose text is not a whole number (nothing is sent while there are any).
 */
export function changedSettings(
  settings: EmailSettings,
  draft: Draft,
  fields: readonly Key[],
): { patch: Partial<EmailSettings>; invalid: Key[] } {
  const patch: Record<string, unknown> = {};
  const invalid: Key[] = [];
  for (const k of fields) {
    const before = settings[k];
    const now = draft[k];
    if (typeof before === 'number') {
      const text = String(now ?? '').trim();
      if (!/^-?\d+$/.test(text)) {
        invalid.push(k);
        continue;
      }
      if (Number(text) !== before) patch[k] = Number(text);
    } else if (now !== before) {
      patch[k] = now;
    }
  }
  return { patch: patch as Partial<EmailSettings>, invalid };
}

export interface SettingsForm {
  draft: Draft;
  set: (key: Key, value: string | boolean) => void;
  dirty: boolean;
}

/** The System Console page for some `EmailSettings`: loads them, keeps the edits, saves the changes. */
export function EmailSettingsPage({
  title,
  fields,
  labels,
  children,
}: {
  title: string;
  fields: readonly Key[];
  /** The label of each number field, to name it when it is not a number. */
  labels: Partial<Record<Key, string>>;
  children: (form: SettingsForm) => ReactNode;
}) {
  const config = useAdminConfig();
  return (
    <section className="admin-page" aria-labelledby="admin-page-title">
      <h1 id="admin-page-title" className="admin-page__title">
        {title}
      </h1>
      {config.data ? (
        <Editor config={config.data} fields={fields} labels={labels}>
          {children}
        </Editor>
      ) : config.isError ? (
        <div className="admin-page__body">
          <p className="form__error" role="alert">
            {errorMessage(config.error)}
          </p>
          <button type="button" className="btn" onClick={() => void config.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : (
        <p className="admin-page__body muted">{t('app.loading')}</p>
      )}
    </section>
  );
}

function Editor({
  config,
  fields,
  labels,
  children,
}: {
  config: AdminConfig;
  fields: readonly Key[];
  labels: Partial<Record<Key, string>>;
  children: (form: SettingsForm) => ReactNode;
}) {
  const qc = useQueryClient();
  // The settings the edits started from; after a save, the server's answer.
  const [base, setBase] = useState<EmailSettings>(config.EmailSettings);
  const [draft, setDraft] = useState<Draft>(() => toDraft(config.EmailSettings, fields));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);

  const { patch, invalid } = changedSettings(base, draft, fields);
  const dirty = invalid.length > 0 || Object.keys(patch).length > 0;

  function set(key: Key, value: string | boolean) {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving || !dirty) return;
    const first = invalid[0];
    if (first) {
      setError(t('admin.notNumber', { label: labels[first] ?? first }));
      return;
    }
    setSaving(true);
    setError('');
    try {
      const next = await saveConfig(qc, { EmailSettings: patch });
      setBase(next.EmailSettings);
      setDraft(toDraft(next.EmailSettings, fields));
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="admin-page__form" onSubmit={submit} noValidate>
      <div className="admin-page__body">{children({ draft, set, dirty })}</div>
      <div className="admin-save-bar">
        {error && (
          <p className="form__error admin-save-bar__message" role="alert">
            {error}
          </p>
        )}
        {saved && !error && (
          <p className="admin-save-bar__message muted" role="status">
            {t('settings.saved')}
          </p>
        )}
        <button type="submit" className="btn btn--primary" disabled={!dirty || saving}>
          {saving ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
    </form>
  );
}

/** A setting row: the label, then the control with its help text (`helpId` describes the control). */
function Row({ label, labelFor, helpId, help, children }: { label: string; labelFor: string; helpId: string; help?: ReactNode; children: ReactNode }) {
  return (
    <div className="admin-setting">
      <label className="admin-setting__label" htmlFor={labelFor}>
        {label}
      </label>
      <div className="admin-setting__control">
        {children}
        {help && (
          <div id={helpId} className="admin-setting__help">
            {help}
          </div>
        )}
      </div>
    </div>
  );
}

/** True/False radios, as Mattermost's console shows booleans. */
export function BoolSetting({
  label,
  help,
  value,
  onChange,
  disabled = false,
}: {
  label: string;
  help?: ReactNode;
  value: boolean;
  onChange: (value: boolean) => void;
  disabled?: boolean;
}) {
  const name = useId();
  const helpId = `${name}-help`;
  return (
    <fieldset className="admin-setting admin-setting--bool" disabled={disabled} aria-describedby={help ? helpId : undefined}>
      <legend className="admin-setting__label">{label}</legend>
      <div className="admin-setting__control">
        <div className="admin-setting__radios">
          {[true, false].map((v) => (
            <label key={String(v)} className="admin-setting__radio">
              <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} />
              {v ? t('admin.true') : t('admin.false')}
            </label>
          ))}
        </div>
        {help && (
          <div id={helpId} className="admin-setting__help">
            {help}
          </div>
        )}
      </div>
    </fieldset>
  );
}

export function TextSetting({
  label,
  help,
  value,
  onChange,
  disabled = false,
  type = 'text',
  placeholder,
  onFocus,
}: {
  label: string;
  help?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  type?: 'text' | 'number' | 'password' | 'url' | 'email';
  placeholder?: string;
  onFocus?: (input: HTMLInputElement) => void;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <Row label={label} labelFor={id} helpId={helpId} help={help}>
      <input
        id={id}
        aria-describedby={help ? helpId : undefined}
        className="admin-setting__input"
        type={type === 'number' ? 'text' : type}
        inputMode={type === 'number' ? 'numeric' : undefined}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onFocus={onFocus ? (e) => onFocus(e.target) : undefined}
      />
    </Row>
  );
}

/**
 * A secret (the SMTP password): the server sends it masked, and the mask sent back means
 * "unchanged"; focusing the field selects the mask, so what is typed replaces it.
 */
export function SecretSetting(props: Omit<Parameters<typeof TextSetting>[0], 'type' | 'onFocus'>) {
  return (
    <TextSetting
      {...props}
      type="password"
      onFocus={(input) => {
        if (input.value === CONFIG_SECRET_MASK) input.select();
      }}
    />
  );
}

export function DropdownSetting<T extends string>({
  label,
  help,
  value,
  options,
  onChange,
  disabled = false,
}: {
  label: string;
  help?: ReactNode;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <Row label={label} labelFor={id} helpId={helpId} help={help}>
      <select
        id={id}
        aria-describedby={help ? helpId : undefined}
        className="admin-setting__input"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Row>
  );
}

/** A heading between groups of settings on one page. */
export function SettingsGroup({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="admin-group">
      {title && <h2 className="admin-group__title">{title}</h2>}
      {children}
    </div>
  );
}
