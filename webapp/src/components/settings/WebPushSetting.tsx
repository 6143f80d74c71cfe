// Notifications → Push notifications in this browser: web push (live/webPush.ts), so the browser
// shows notifications even when no tab of the app is open. Saved at once; per browser and user.
// Shown when the server sends pushes (`SendPushNotifications`).

import { useState } from 'react';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { disableWebPush, enableWebPush, testWebPush, webPushState, type WebPushState } from '../../live/webPush';
import { useConfig, useMeUser } from '../../queries/hooks';
import { t } from '../../i18n/en';
import { FieldError, Notice } from './common';

export function WebPushSetting() {
  const { data: config } = useConfig();
  return config?.SendPushNotifications === 'true' ? <WebPushChoice /> : null;
}

function WebPushChoice() {
  const me = useMeUser();
  const [state, setState] = useState<WebPushState>(() => webPushState(me.id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState(false);

  async function run(action: () => Promise<WebPushState | void>) {
    if (busy) return;
    setBusy(true);
    setError('');
    setSent(false);
    try {
      const next = await action();
      if (next) setState(next);
      else setSent(true);
    } catch (err) {
      // The browser's own refusals (no push service reachable, private windows) are not ours.
      setError(err instanceof ApiError ? errorMessage(err) : t('webPush.failed', { reason: errorMessage(err) }));
      setState(webPushState(me.id));
    } finally {
      setBusy(false);
    }
  }

  const hint =
    state === 'unsupported'
      ? t('webPush.unsupported')
      : state === 'denied'
        ? t('notifications.permissionDenied')
        : state === 'on'
          ? t('webPush.on')
          : t('webPush.off');
  return (
    <div className="settings-group">
      <h3 className="settings-group__legend">{t('webPush.title')}</h3>
      <p className="settings-group__hint" role="status">
        {hint}
      </p>
      {state === 'off' && (
        <button type="button" className="btn btn--small" aria-disabled={busy || undefined} onClick={() => void run(() => enableWebPush(me.id))}>
          {t('webPush.enable')}
        </button>
      )}
      {state === 'on' && (
        <div className="form__actions">
          <button type="button" className="btn btn--small" aria-disabled={busy || undefined} onClick={() => void run(testWebPush)}>
            {t('webPush.test')}
          </button>
          <button type="button" className="btn btn--small" aria-disabled={busy || undefined} onClick={() => void run(() => disableWebPush(me.id))}>
            {t('webPush.disable')}
          </button>
        </div>
      )}
      {sent && <Notice>{t('webPush.sent')}</Notice>}
      <FieldError error={error} />
    </div>
  );
}
