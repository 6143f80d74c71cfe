import { Link } from 'react-router';
import { FullPageMessage } from '../components/FullPageMessage';
import { t } from '../i18n/en';

export function NotFound() {
  return (
    <FullPageMessage>
      <h1>{t('error.notFound')}</h1>
      <Link to="/">{t('error.goHome')}</Link>
    </FullPageMessage>
  );
}
