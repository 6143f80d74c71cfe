// The dialog an integration opens (`open_dialog`): its elements as a form, checked as Mattermost
// checks them, submitted to `POST /actions/dialogs/submit`; the integration's `errors` show under
// their fields and its `error` above the buttons. Closing it tells the integration when it asked
// (`notify_on_cancel`).

import { useId, useMemo, useState, type FormEvent } from 'react';
import type { DialogElement, OpenDialogRequest } from '../../api/integrationTypes';
import { submitDialog } from '../../api/integrations';
import { elementError, initialValues, inputType, submission, validateDialog, type DialogValues } from '../../lib/dialog';
import { attachmentImageSrc } from '../../lib/attachments';
import { renderMarkdown } from '../../lib/markdown';
import { errorMessage } from '../../lib/format';
import { useMeUser } from '../../queries/hooks';
import { useInteractiveDialog } from '../../store/interactiveDialog';
import { useUi } from '../../store/ui';
import { useMarkdownOptions } from '../markdownHooks';
import { FormError } from '../FormError';
import { Modal } from '../Modal';
import { OptionPicker } from '../OptionPicker';
import { t } from '../../i18n/en';
import '../../styles/integrations.css';

/** Shows the dialog an integration opened, if any. */
export function InteractiveDialogHost() {
  const request = useInteractiveDialog((s) => s.request);
  const close = useInteractiveDialog((s) => s.close);
  // A new request (another trigger) starts a fresh form.
  return request ? <InteractiveDialog key={request.trigger_id || request.url} request={request} onDone={close} /> : null;
}

export function InteractiveDialog({ request, onDone }: { request: OpenDialogRequest; onDone: () => void }) {
  const me = useMeUser();
  const current = useUi((s) => s.current);
  const md = useMarkdownOptions();
  const { dialog } = request;
  const elements = useMemo(() => dialog.elements ?? [], [dialog.elements]);
  const [values, setValues] = useState<DialogValues>(() => initialValues(elements));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const intro = useMemo(
    () => (dialog.introduction_text ? renderMarkdown(dialog.introduction_text, md) : ''),
    [dialog.introduction_text, md],
  );
  const icon = attachmentImageSrc(dialog.icon_url);

  const base = {
    url: request.url,
    callback_id: dialog.callback_id ?? '',
    state: dialog.state ?? '',
    user_id: me.id,
    channel_id: current.channelId,
    team_id: current.teamId,
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateDialog(elements, values);
    setErrors(found);
    setError('');
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const res = await submitDialog({ ...base, submission: submission(elements, values), cancelled: false });
      const fieldErrors = res?.errors && typeof res.errors === 'object' ? res.errors : {};
      if (Object.keys(fieldErrors).length || res?.error) {
        setErrors(fieldErrors);
        setError(res?.error || t('dialog.error.fields'));
        return;
      }
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function cancel() {
    if (dialog.notify_on_cancel) {
      // The integration is told; the dialog closes whatever it answers.
      submitDialog({ ...base, submission: {}, cancelled: true }).catch(() => undefined);
    }
    onDone();
  }

  function set(name: string, v: string | boolean) {
    setValues((old) => ({ ...old, [name]: v }));
    setErrors((old) => {
      if (!old[name]) return old;
      const { [name]: _gone, ...rest } = old;
      return rest;
    });
  }

  return (
    <Modal title={dialog.title || t('app.name')} onClose={cancel}>
      <form className="form interactive-dialog" onSubmit={submit} noValidate>
        {(icon || intro) && (
          <div className="interactive-dialog__intro">
            {icon && <img src={icon} alt="" width={32} height={32} />}
            {intro && <div className="markdown" dangerouslySetInnerHTML={{ __html: intro }} />}
          </div>
        )}
        {elements.map((el) => (
          <DialogField
            key={el.name}
            element={el}
            value={values[el.name]}
            error={errors[el.name] ?? ''}
            onChange={(v) => set(el.name, v)}
            onBlur={() => {
              const err = values[el.name] !== initialValues([el])[el.name] ? elementError(el, values[el.name]) : '';
              if (err) setErrors((old) => ({ ...old, [el.name]: err }));
            }}
          />
        ))}
        <FormError message={error} />
        <div className="form__actions">
          <button type="button" className="btn" onClick={cancel}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('dialog.submitting') : dialog.submit_label || t('dialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function DialogField({
  element: el,
  value,
  error,
  onChange,
  onBlur,
}: {
  element: DialogElement;
  value: string | boolean | undefined;
  error: string;
  onChange: (v: string | boolean) => void;
  onBlur: () => void;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const describedBy = [el.help_text ? helpId : '', error ? errId : ''].filter(Boolean).join(' ') || undefined;
  const text = typeof value === 'string' ? value : '';
  const label = (
    <>
      {el.display_name || el.name}
      {el.optional && <span className="muted"> {t('dialog.optional')}</span>}
    </>
  );
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': el.optional ? undefined : true,
  } as const;

  let control;
  switch (el.type) {
    case 'textarea':
      control = (
        <textarea
          {...common}
          rows={4}
          value={text}
          placeholder={el.placeholder}
          maxLength={el.max_length || undefined}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      );
      break;
    case 'select':
      control = (
        <OptionPicker
          id={id}
          dataSource={el.data_source}
          options={el.options ?? []}
          value={text}
          placeholder={el.placeholder}
          invalid={!!error}
          describedBy={describedBy}
          onChange={(v) => onChange(v)}
        />
      );
      break;
    case 'bool':
      return (
        <div className="dialog-field">
          <label className="checkbox">
            <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
            {el.placeholder || label}
          </label>
          {el.placeholder && <span className="field__hint">{label}</span>}
          {el.help_text && <span id={helpId} className="field__hint">{el.help_text}</span>}
          {error && <span id={errId} className="form__error" role="alert">{error}</span>}
        </div>
      );
    case 'radio':
      return (
        <fieldset className="dialog-field dialog-field--radio" aria-describedby={describedBy}>
          <legend>{label}</legend>
          {(el.options ?? []).map((o) => (
            <label key={o.value} className="checkbox">
              <input type="radio" name={`${id}-radio`} value={o.value} checked={text === o.value} onChange={() => onChange(o.value)} />
              {o.text}
            </label>
          ))}
          {el.help_text && <span id={helpId} className="field__hint">{el.help_text}</span>}
          {error && <span id={errId} className="form__error" role="alert">{error}</span>}
        </fieldset>
      );
    default:
      control = (
        <input
          {...common}
          type={inputType(el.subtype)}
          value={text}
          placeholder={el.placeholder}
          maxLength={el.max_length || undefined}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      );
  }
  return (
    <div className="field dialog-field">
      <label htmlFor={id}>{label}</label>
      {control}
      {el.help_text && <span id={helpId} className="field__hint">{el.help_text}</span>}
      {error && <span id={errId} className="form__error" role="alert">{error}</span>}
    </div>
  );
}
