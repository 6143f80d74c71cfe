// Security: change the password (current, new, confirmation); personal access tokens.

import { useId, useRef, useState, type FormEvent } from 'react';
import * as api from '../../api/endpoints';
import { errorMessage } from '../../lib/format';
import { useConfig, useMeUser } from '../../queries/hooks';
import { PERM, usePermissions } from '../../queries/permissions';
import { TokenList } from './AccessTokens';
import { t } from '../../i18n/en';
import { FieldError, Notice } from './common';

type Field = 'current' | 'next' | 'confirm';

export function SecurityTab() {
  const me = useMeUser();
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverError, setServerError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});

  function change(f: Field, v: string) {
    setValues((cur) => ({ ...cur, [f]: v }));
    setDone(false);
    if (errors[f]) setErrors((cur) => ({ ...cur, [f]: undefined }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setServerError('');
    setDone(false);
    const found: Partial<Record<Field, string>> = {};
    if (!values.current) found.current = t('security.noCurrent');
    if (!values.next) found.next = t('security.noNew');
    else if (values.next !== values.confirm) found.confirm = t('security.mismatch');
    setErrors(found);
    const firstBad = (['current', 'next', 'confirm'] as const).find((f) => found[f]);
    if (firstBad) {
      refs.current[firstBad]?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.updatePassword(me.id, values.current, values.next);
      setValues({ current: '', next: '', confirm: '' });
      setDone(true);
    } catch (err) {
      setServerError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const field = (f: Field, label: string, autoComplete: string) => {
    const errId = `${id}-${f}-error`;
    return (
      <label className="field">
        <span>{label}</span>
        <input
          ref={(el) => {
            refs.current[f] = el;
          }}
          type="password"
          name={f}
          autoComplete={autoComplete}
          value={values[f]}
          aria-invalid={errors[f] ? true : undefined}
          aria-describedby={errors[f] ? errId : undefined}
          onChange={(e) => change(f, e.target.value)}
        />
        <FieldError id={errId} error={errors[f]} />
      </label>
    );
  };

  return (
    <div className="settings-tab">
      <form className="form settings-form" onSubmit={submit} noValidate aria-label={t('security.password')}>
        <h3 className="settings-group__legend">{t('security.password')}</h3>
        {/* For password managers: the account the password belongs to. */}
        <input type="text" className="visually-hidden" name="username" autoComplete="username" value={me.username} readOnly tabIndex={-1} aria-hidden="true" />
        {field('current', t('security.current'), 'current-password')}
        {field('next', t('security.new'), 'new-password')}
        {field('confirm', t('security.confirm'), 'new-password')}
        <FieldError error={serverError} />
        <div className="form__actions settings-actions">
          {done && <Notice>{t('security.changed')}</Notice>}
          <button type="submit" className="btn btn--primary" aria-disabled={busy || undefined}>
            {busy ? t('security.submitting') : t('security.submit')}
          </button>
        </div>
      </form>
      <AccessTokensSection />
    </div>
  );
}

/** The user's personal access tokens, when the server allows them and the user may make one. */
function AccessTokensSection() {
  const me = useMeUser();
  const config = useConfig();
  const can = usePermissions();
  if (config.data?.EnableUserAccessTokens !== 'true' || !can(PERM.createUserAccessToken)) return null;
  return (
    <section className="settings-form" aria-labelledby="tokens-title">
      <h3 id="tokens-title" className="settings-group__legend">
        {t('tokens.title')}
      </h3>
      <p className="field__hint">{t('tokens.about')}</p>
      <TokenList userId={me.id} />
    </section>
  );
}
