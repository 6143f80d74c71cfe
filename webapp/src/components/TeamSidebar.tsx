import { Link } from 'react-router';
import { useMemo } from 'react';
import type { Team } from '../api/types';
import { useChannels, useMembers, useTeams, useTeamsUnread } from '../queries/hooks';
import { teamUnreadFromChannels, teamUnreadFromSummary, type UnreadState } from '../lib/unread';
import { lastChannel } from '../lib/lastVisited';
import { IconPlus } from './icons';
import { TeamIcon } from './TeamIcon';
import { useUi } from '../store/ui';
import { t } from '../i18n/en';

export function TeamSidebar({ current }: { current: Team }) {
  const teams = useTeams();
  const unread = useTeamsUnread();
  const channels = useChannels(current.id);
  const members = useMembers(current.id);
  const crt = useUi((s) => s.collapsedThreads);

  // The current team's state comes from its live channel list; others from the server's summary.
  const currentUnread = useMemo(() => {
    const teamChannels = (channels.data ?? []).filter((c) => c.team_id === current.id);
    return teamUnreadFromChannels(teamChannels, members.data ?? new Map(), crt);
  }, [channels.data, members.data, current.id, crt]);

  const list = [...(teams.data ?? [])]
    .filter((x) => x.delete_at === 0)
    .sort((a, b) => a.display_name.localeCompare(b.display_name));

  return (
    <nav className="team-sidebar" aria-label={t('team.sidebarLabel')}>
      <ul>
        {list.map((team) => {
          const u: UnreadState =
            team.id === current.id
              ? currentUnread
              : teamUnreadFromSummary(unread.data?.find((x) => x.team_id === team.id), crt);
          const label =
            u.mentions === 1
              ? t('team.mentionsOne', { name: team.display_name })
              : u.mentions > 1
              ? t('team.mentions', { name: team.display_name, count: u.mentions })
              : u.unread
                ? t('team.unread', { name: team.display_name })
                : team.display_name;
          const channel = lastChannel(team.name) || 'town-square';
          return (
            <li key={team.id}>
              <Link
                to={`/${team.name}/channels/${channel}`}
                className={`team-btn${team.id === current.id ? ' team-btn--active' : ''}`}
                aria-label={label}
                aria-current={team.id === current.id ? 'page' : undefined}
                title={team.display_name}
              >
                <TeamIcon team={team} />
                {u.mentions > 0 ? (
                  <span className="team-btn__badge" aria-hidden="true">
                    {u.mentions}
                  </span>
                ) : (
                  u.unread && team.id !== current.id && <span className="team-btn__dot" aria-hidden="true" />
                )}
              </Link>
            </li>
          );
        })}
        <li>
          <Link to="/create_team" className="team-btn team-btn--add" aria-label={t('team.add')} title={t('team.add')}>
            <IconPlus />
          </Link>
        </li>
      </ul>
    </nav>
  );
}
