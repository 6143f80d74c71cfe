// The System Console (`/admin_console/...`), for system admins: a left navigation grouped as
// Mattermost's console groups its pages (Environment, Site Configuration), and the open page.
// Others are told they cannot see it; the server refuses their calls anyway.

import { Link, NavLink, Outlet } from 'react-router';
import { FullPageMessage } from '../../components/FullPageMessage';
import { PERM, usePermissions } from '../../queries/permissions';
import { t, type StringKey } from '../../i18n/en';
import '../../styles/admin.css';

export const ADMIN_SECTIONS: { title: StringKey; pages: { path: string; title: StringKey }[] }[] = [
  {
    title: 'admin.nav.environment',
    pages: [{ path: 'environment/push_notification_server', title: 'admin.push.title' }],
  },
  {
    title: 'admin.nav.siteConfig',
    pages: [{ path: 'site_config/notifications', title: 'admin.notifications.title' }],
  },
];

export function AdminConsole() {
  const can = usePermissions();
  if (!can(PERM.manageSystem)) {
    return (
      <FullPageMessage>
        <h1>{t('admin.title')}</h1>
        <p role="alert">{t('admin.notAllowed')}</p>
        <Link to="/">{t('error.goHome')}</Link>
      </FullPageMessage>
    );
  }
  return (
    <div className="admin-console">
      <nav className="admin-nav" aria-label={t('admin.title')}>
        <div className="admin-nav__head">
          <p className="admin-nav__title">{t('admin.title')}</p>
          <Link to="/" className="admin-nav__back">
            {t('admin.back')}
          </Link>
        </div>
        {ADMIN_SECTIONS.map((section) => (
          <div key={section.title} className="admin-nav__section">
            <h2 className="admin-nav__heading">{t(section.title)}</h2>
            <ul>
              {section.pages.map((p) => (
                <li key={p.path}>
                  <NavLink to={`/admin_console/${p.path}`} className="admin-nav__link">
                    {t(p.title)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main className="admin-main">
        <Outlet />
      </main>
    </div>
  );
}
