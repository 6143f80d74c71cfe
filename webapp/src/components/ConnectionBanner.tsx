import { useUi } from '../store/ui';
import { t } from '../i18n/en';

/** Shown while the WebSocket is down: what is on screen may be out of date. */
export function ConnectionBanner() {
  const status = useUi((s) => s.socketStatus);
  if (status !== 'reconnecting') return null;
  return (
    <div className="banner banner--warning" role="status">
      {t('ws.disconnected')}
    </div>
  );
}
