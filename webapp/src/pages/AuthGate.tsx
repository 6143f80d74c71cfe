import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, setUnauthorizedHandler } from '../api/client';
import { useMe } from '../queries/hooks';
import { LiveSocket } from '../live/LiveSocket';
import { useWebPush } from '../live/webPush';
import { FullPageMessage } from '../components/FullPageMessage';
import { errorMessage } from '../lib/format';
import { t } from '../i18n/en';
import { primeUsers } from '../queries/users';

/** Renders its routes only with a session; sends everyone else to the login page. */
export function AuthGate() {
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    // The session ended (expired, revoked, logged out elsewhere): log in again, then come back.
    setUnauthorizedHandler(() => {
      const here = window.location.pathname + window.location.search;
      qc.clear();
      navigate(here === '/' ? '/login' : `/login?redirect=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [qc, navigate]);

  useEffect(() => {
    if (me.data) primeUsers(qc, [me.data]);
  }, [qc, me.data]);

  useWebPush(me.data?.id, navigate);

  if (me.isPending) return <FullPageMessage>{t('app.loading')}</FullPageMessage>;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const here = location.pathname + location.search;
      const to = here === '/' ? '/login' : `/login?redirect=${encodeURIComponent(here)}`;
      return <Navigate to={to} replace />;
    }
    return (
      <FullPageMessage>
        <p role="alert">{errorMessage(me.error)}</p>
        <button type="button" className="btn" onClick={() => void me.refetch()}>
          {t('app.retry')}
        </button>
      </FullPageMessage>
    );
  }
  return (
    <>
      <LiveSocket myUserId={me.data.id} />
      <Outlet />
    </>
  );
}
