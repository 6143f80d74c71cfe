import { useEffect } from 'react';
import { Link, Navigate, Outlet, useLocation, useParams } from 'react-router';
import { useTeamByName } from '../queries/hooks';
import { useUi } from '../store/ui';
import { FullPageMessage } from '../components/FullPageMessage';
import { TeamSidebar } from '../components/TeamSidebar';
import { ChannelSidebar } from '../components/ChannelSidebar';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { Dialogs } from '../components/Dialogs';
import { t } from '../i18n/en';
import type { Team } from '../api/types';
import { lastChannel } from '../lib/lastVisited';

export interface TeamOutletContext {
  team: Team;
}

/** `/:team/*`: the team and channel sidebars around the channel being shown. */
export function TeamLayout() {
  const { team: teamName } = useParams();
  const { team, isPending } = useTeamByName(teamName);
  const drawerOpen = useUi((s) => s.drawerOpen);
  const setDrawer = useUi((s) => s.setDrawer);
  const location = useLocation();

  // Navigating closes the drawer (on narrow screens).
  useEffect(() => setDrawer(false), [location.pathname, setDrawer]);

  if (isPending) return <FullPageMessage>{t('app.loading')}</FullPageMessage>;
  if (!team) {
    return (
      <FullPageMessage>
        <p role="alert">{t('error.teamNotFound', { name: teamName ?? '' })}</p>
        <Link to="/">{t('error.goHome')}</Link>
      </FullPageMessage>
    );
  }

  return (
    <div className={`layout${drawerOpen ? ' layout--drawer-open' : ''}`}>
      <div className="drawer" id="sidebar-drawer">
        <TeamSidebar current={team} />
        <ChannelSidebar team={team} />
      </div>
      {drawerOpen && (
        <button
          type="button"
          className="drawer-backdrop"
          aria-label={t('sidebar.close')}
          onClick={() => setDrawer(false)}
        />
      )}
      <div className="main">
        <ConnectionBanner />
        <Outlet context={{ team } satisfies TeamOutletContext} />
      </div>
      <Dialogs team={team} />
    </div>
  );
}

/** `/:team`: the channel last open in the team, else Town Square. */
export function TeamIndex() {
  const { team } = useParams();
  const channel = lastChannel(team ?? '') || 'town-square';
  return <Navigate to={`/${team ?? ''}/channels/${channel}`} replace />;
}
