import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import * as api from '../api/endpoints';
import { ApiError } from '../api/client';
import { errorMessage } from '../lib/format';
import { t } from '../i18n/en';
import { useJumpToPost } from './jump';

/** `/:team/pl/:postId`: opens the post's channel at the post, highlighted. */
export function PermalinkView() {
  const { team = '', postId = '' } = useParams();
  const jump = useJumpToPost();
  const [error, setError] = useState('');

  useEffect(() => {
    let cancelled = false;
    api
      .getPost(postId)
      .then((post) => {
        if (!cancelled) return jump(post, { replace: true });
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        const gone = err instanceof ApiError && (err.status === 404 || err.status === 403 || err.status === 400);
        setError(gone ? t('error.postNotFound') : errorMessage(err));
      });
    return () => {
      cancelled = true;
    };
    // Resolved once per post id; `jump` changes with the route it replaces.
  }, [postId]);

  if (!error) return <div className="channel channel--loading">{t('app.loading')}</div>;
  return (
    <div className="channel channel--empty">
      <p role="alert">{error}</p>
      <Link to={`/${team}/channels/town-square`}>{t('error.goHome')}</Link>
    </div>
  );
}
