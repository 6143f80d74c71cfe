import { useEffect } from 'react';
import { Link, Navigate, Outlet, useLocation, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useChannels, useMembers, useTeamByName, useTeamsUnread } from '../queries/hooks';
import { useDisplaySettings, usePreferences } from '../queries/preferences';
import { keys } from '../queries/keys';
import { useSyncedDrafts } from '../queries/drafts';
import { TimeZoneProvider, useAutomaticTimezone } from '../queries/timezone';
import { NO_UNREAD, teamUnreadFromChannels, teamUnreadFromSummary } from '../lib/unread';
import { useNotificationPermissionPrompt, useUnreadTitle } from '../live/notifications';
import { useUi } from '../store/ui';
import { FullPageMessage } from '../components/FullPageMessage';
import { TeamSidebar } from '../components/TeamSidebar';
import { ChannelSidebar } from '../components/ChannelSidebar';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { Dialogs } from '../components/dialogs/Dialogs';
import { RhsPane } from '../components/rhs/RhsPane';
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
  useNotificationPermissionPrompt();
  useTitleUnread(team?.id);
  const prefs = usePreferences();
  useSyncCollapsedThreads();
  useSyncedDrafts(team?.id ?? '');
  useAutomaticTimezone();

  // The preferences decide how channels read (collapsed reply threads or not): wait for them,
  // unless they cannot be had.
  if (isPending || (prefs.isPending && !prefs.error)) return <FullPageMessage>{t('app.loading')}</FullPageMessage>;
  if (!team) {
    return (
      <FullPageMessage>
        <p role="alert">{t('error.teamNotFound', { name: teamName ?? '' })}</p>
        <Link to="/">{t('error.goHome')}</Link>
      </FullPageMessage>
    );
  }

  return (
    <TimeZoneProvider>
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
          <div className="workspace">
            <Outlet context={{ team } satisfies TeamOutletContext} />
            <RhsPane team={team} />
          </div>
        </div>
        <Dialogs team={team} />
      </div>
    </TimeZoneProvider>
  );
}

/**
 * Keeps the store's collapsed-reply-threads flag on the user's setting; a change reloads the
 * channels' posts (replies join or leave them).
 */
function useSyncCollapsedThreads() {
  const qc = useQueryClient();
  const { collapsedThreads } = useDisplaySettings();
  useEffect(() => {
    const ui = useUi.getState();
    if (ui.collapsedThreads === collapsedThreads) return;
    ui.setCollapsedThreads(collapsedThreads);
    void qc.resetQueries({ queryKey: keys.postsAll });
  }, [qc, collapsedThreads]);
}

/** `(3) ` or `* ` before the tab's title: mentions and unread messages over all the user's teams. */
function useTitleUnread(teamId: string | undefined) {
  const channels = useChannels(teamId);
  const members = useMembers(teamId);
  const summary = useTeamsUnread();
  const crt = useUi((s) => s.collapsedThreads);
  const here = teamId ? teamUnreadFromChannels(channels.data ?? [], members.data ?? new Map(), crt) : NO_UNREAD;
  let mentions = here.mentions;
  let unread = here.unread;
  for (const other of summary.data ?? []) {
    if (other.team_id === teamId) continue;
    const u = teamUnreadFromSummary(other, crt);
    mentions += u.mentions;
    unread ||= u.unread;
  }
  useUnreadTitle(mentions, unread);
}

/** `/:team`: the channel last open in the team, else Town Square. */
export function TeamIndex() {
  const { team } = useParams();
  const channel = lastChannel(team ?? '') || 'town-square';
  return <Navigate to={`/${team ?? ''}/channels/${channel}`} replace />;
}
