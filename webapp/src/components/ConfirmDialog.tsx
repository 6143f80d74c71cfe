import { useState } from 'react';
import { useUi } from '../store/ui';
import { errorMessage } from '../lib/format';
import { Modal } from './Modal';
import { t } from '../i18n/en';
import { FormError } from './FormError';

/** The confirmation asked for with `useUi().askConfirm(...)`: Cancel, or the action. */
export function ConfirmDialog() {
  const req = useUi((s) => s.confirm);
  const askConfirm = useUi((s) => s.askConfirm);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!req) return null;
  const close = () => {
    setError('');
    setBusy(false);
    askConfirm(null);
  };
  async function confirm() {
    if (!req) return;
    setBusy(true);
    setError('');
    try {
      await req.onConfirm();
      close();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }
  return (
    <Modal title={req.title} onClose={close}>
      <p>{req.message}</p>
      <FormError message={error} />
      <div className="form__actions">
        <button type="button" className="btn" onClick={close}>
          {t('dialog.cancel')}
        </button>
        <button
          type="button"
          className={`btn ${req.danger ? 'btn--danger' : 'btn--primary'}`}
          disabled={busy}
          autoFocus
          onClick={() => void confirm()}
        >
          {req.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
