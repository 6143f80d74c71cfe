// What the Integrations pages share: the page frame (title, Add button, back to the overview), a
// read-only value with a Copy button (hook URLs, tokens, secrets), the channel picker, and the
// list's edit/delete buttons.

import { cloneElement, useId, useState, type ReactElement, type ReactNode } from 'react';
import { Link, useOutletContext } from 'react-router';
import { useChannels } from '../../queries/hooks';
import { useUi } from '../../store/ui';
import { IconMenu } from '../../components/icons';
import { t } from '../../i18n/en';
import type { TeamOutletContext } from '../TeamLayout';
import '../../styles/integrations.css';

export function useTeam() {
  return useOutletContext<TeamOutletContext>().team;
}

export function IntegrationFrame({
  title,
  intro,
  action,
  children,
}: {
  title: string;
  intro?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  const team = useTeam();
  const setDrawer = useUi((s) => s.setDrawer);
  return (
    <div className="threads integrations">
      <section className="threads__list integrations__page" aria-labelledby="integrations-title">
        <header className="channel-header">
          <button type="button" className="icon-btn channel-header__menu" aria-label={t('sidebar.open')} onClick={() => setDrawer(true)}>
            <IconMenu />
          </button>
          <h2 id="integrations-title" className="channel-header__title threads__title">
            {title}
          </h2>
          {action}
        </header>
        <div className="threads__scroll integrations__body">
          <nav className="integrations__crumbs" aria-label={t('integrations.title')}>
            <Link to={`/${team.name}/integrations`}>{t('integrations.title')}</Link>
          </nav>
          {intro && <p className="muted">{intro}</p>}
          {children}
        </div>
      </section>
    </div>
  );
}

/** A value to copy: shown read-only, with a Copy button that says when it copied. */
export function CopyField({ label, value, secret = false }: { label: string; value: string; secret?: boolean }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard (permission, insecure origin): the value can still be selected.
    }
  }
  return (
    <div className="copy-field">
      <span className="copy-field__label">{label}</span>
      <code className={`copy-field__value${secret ? ' copy-field__value--secret' : ''}`}>{value}</code>
      <button type="button" className="btn btn--small" onClick={() => void copy()} aria-label={`${t('integrations.copy')} ${label}`}>
        {copied ? t('integrations.copied') : t('integrations.copy')}
      </button>
    </div>
  );
}

/** The team's public and private channels the user is in, by name. */
export function ChannelSelect({
  teamId,
  value,
  onChange,
  allowNone = false,
  id,
  'aria-describedby': describedBy,
}: {
  teamId: string;
  value: string;
  onChange: (id: string) => void;
  allowNone?: boolean;
  id?: string;
  'aria-describedby'?: string;
}) {
  const channels = useChannels(teamId);
  const list = (channels.data ?? [])
    .filter((c) => (c.type === 'O' || c.type === 'P') && c.delete_at === 0)
    .sort((a, b) => (a.display_name || a.name).localeCompare(b.display_name || b.name));
  return (
    <select id={id} aria-describedby={describedBy} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{allowNone ? t('integrations.anyChannel') : t('integrations.pickChannel')}</option>
      {list.map((c) => (
        <option key={c.id} value={c.id}>
          {c.display_name || c.name}
        </option>
      ))}
    </select>
  );
}

/** Edit and Delete of one item of a list; Delete is confirmed first. */
export function ItemButtons({ name, onEdit, onDelete, children }: { name: string; onEdit?: () => void; onDelete?: () => Promise<unknown>; children?: ReactNode }) {
  const askConfirm = useUi((s) => s.askConfirm);
  return (
    <div className="integration-item__buttons">
      {children}
      {onEdit && (
        <button type="button" className="btn btn--small" onClick={onEdit} aria-label={`${t('integrations.edit')} ${name}`}>
          {t('integrations.edit')}
        </button>
      )}
      {onDelete && (
        <button
          type="button"
          className="btn btn--small btn--danger"
          aria-label={`${t('integrations.delete')} ${name}`}
          onClick={() =>
            askConfirm({
              title: t('integrations.deleteTitle', { name }),
              message: t('integrations.deleteMessage'),
              confirmLabel: t('integrations.delete'),
              danger: true,
              onConfirm: async () => {
                await onDelete();
              },
            })
          }
        >
          {t('integrations.delete')}
        </button>
      )}
    </div>
  );
}

/**
 * A labelled control of an integration form. The hint sits after the label and describes the
 * control (`aria-describedby`), so the control's accessible name is the label alone.
 */
export function FormField({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: ReactElement<{ 'aria-describedby'?: string }>;
}) {
  const hintId = useId();
  const control = hint ? cloneElement(children, { 'aria-describedby': hintId }) : children;
  return (
    <>
      <label className="field">
        <span>{label}</span>
        {control}
      </label>
      {hint && (
        <small id={hintId} className="field__hint">
          {hint}
        </small>
      )}
    </>
  );
}

export function EmptyList({ text }: { text: string }) {
  return <p className="integrations__empty muted">{text}</p>;
}
