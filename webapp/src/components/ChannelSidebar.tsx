import { Link, NavLink, useLocation, useNavigate } from 'react-router';
import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Channel, ChannelMember, SidebarCategories, Team, User } from '../api/types';
import { useChannels, useIsTeamAdmin, useMeUser, useMembers } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { useIntegrationAccess } from '../queries/permissions';
import { applyCategories, useCategories } from '../queries/categories';
import { useSidebarSettings } from '../queries/preferences';
import { keys } from '../queries/keys';
import { useUserThreads } from '../pages/ThreadsView';
import { useTeamDrafts } from '../queries/drafts';
import { buildSidebar, defaultCategories, shownWhenCollapsed, type SidebarSection } from '../lib/sidebar';
import { channelUnread } from '../lib/unread';
import { isMuted } from '../lib/notifyProps';
import { dmOtherUserId } from '../lib/format';
import { useUi, type DialogName } from '../store/ui';
import { Avatar } from './Avatar';
import { UserMenu } from './UserMenu';
import { Popover } from './Popover';
import { IconChevron, IconHash, IconEdit, IconGear, IconLock, IconPlug, IconPlus, IconSearch, IconThreads, IconUserPlus, IconUsers } from './icons';
import { t, type StringKey } from '../i18n/en';

export function ChannelSidebar({ team }: { team: Team }) {
  const qc = useQueryClient();
  const me = useMeUser();
  const channels = useChannels(team.id);
  const members = useMembers(team.id);
  const categories = useCategories(team.id);
  const sidebar = useSidebarSettings();
  const setDialog = useUi((s) => s.setDialog);
  const currentChannelId = useUi((s) => s.current.channelId);
  const crt = useUi((s) => s.collapsedThreads);
  const [addOpen, setAddOpen] = useState(false);
  const memberMap = members.data ?? EMPTY_MEMBERS;
  const isTeamAdmin = useIsTeamAdmin(team.id);
  const integrations = useIntegrationAccess(team.id);

  const sections = useMemo(() => {
    const names = {
      favorites: t('sidebar.favorites'),
      channels: t('sidebar.channels'),
      direct_messages: t('sidebar.directMessages'),
      unreads: t('sidebar.unreads'),
    };
    const cats = categories.data?.categories.length ? categories.data.categories : defaultCategories(team.id, names);
    const nameOf = (c: Channel) => {
      if (c.type !== 'D') return c.display_name || c.name;
      const other = qc.getQueryData<User>(keys.user(dmOtherUserId(c, me.id)));
      return other?.username ?? c.name;
    };
    return buildSidebar(channels.data ?? [], memberMap, cats, categories.data?.order ?? [], {
      currentChannelId,
      crt,
      showUnreadSection: sidebar.showUnreadSection,
      dmLimit: sidebar.limitVisibleDmsGms,
      nameOf,
      names,
    });
  }, [channels.data, memberMap, categories.data, team.id, currentChannelId, crt, sidebar, qc, me.id]);

  // Alt+Up/Down: the previous or next channel of the sidebar; with Shift, the previous or next
  // unread one (Mattermost's shortcuts).
  const navigate = useNavigate();
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
      const crtNow = useUi.getState().collapsedThreads;
      // The channel in the address bar now (the store follows it a render later).
      const openName = decodeURIComponent(window.location.pathname.split('/channels/')[1] ?? '');
      const all = sections.flatMap((s) => s.channels).filter((c, i, l) => l.findIndex((x) => x.id === c.id) === i);
      const open = all.find((c) => c.name === openName);
      const list = all.filter((c) => !e.shiftKey || c === open || channelUnread(c, memberMap.get(c.id), crtNow).unread);
      const at = open ? list.indexOf(open) : -1;
      const next = list[at < 0 ? 0 : (at + (e.key === 'ArrowDown' ? 1 : -1) + list.length) % list.length];
      if (!next || next === open) return;
      e.preventDefault();
      navigate(`/${team.name}/channels/${next.name}`);
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [sections, memberMap, navigate, team.name]);

  async function toggleCollapsed(section: SidebarSection) {
    const cat = section.category;
    const data = qc.getQueryData<SidebarCategories>(keys.categories(team.id));
    if (!cat || !data?.categories.some((c) => c.id === cat.id)) return;
    const changed = [{ ...cat, collapsed: !cat.collapsed }];
    qc.setQueryData<SidebarCategories>(keys.categories(team.id), applyCategories(data, changed));
    try {
      await api.updateCategories(me.id, team.id, changed);
    } catch {
      qc.setQueryData<SidebarCategories>(keys.categories(team.id), data);
    }
  }

  return (
    <nav className="channel-sidebar" aria-label={t('sidebar.label')}>
      <header className="channel-sidebar__header">
        <h1 className="channel-sidebar__team" title={team.display_name}>
          {team.display_name}
        </h1>
        {isTeamAdmin && (
          <button
            type="button"
            className="icon-btn"
            aria-label={t('teamSettings.open')}
            title={t('teamSettings.open')}
            onClick={() => setDialog('teamSettings')}
          >
            <IconGear />
          </button>
        )}
        {integrations.any && (
          <Link
            to={`/${team.name}/integrations`}
            className="icon-btn"
            aria-label={t('integrations.open')}
            title={t('integrations.open')}
          >
            <IconPlug />
          </Link>
        )}
        <button
          type="button"
          className="icon-btn"
          aria-label={t('team.invite')}
          title={t('team.invite')}
          onClick={() => setDialog('invite')}
        >
          <IconUserPlus />
        </button>
        <UserMenu />
      </header>

      <button type="button" className="sidebar-find" onClick={() => setDialog('quickSwitch')} aria-keyshortcuts="Control+K Meta+K">
        <IconSearch />
        <span>{t('switcher.open')}</span>
        <kbd aria-hidden="true">Ctrl K</kbd>
      </button>

      <div className="channel-sidebar__scroll">
        {crt && <ThreadsLink team={team} />}
        <DraftsLink team={team} />
        {sections.map((section) => (
          <section key={section.id} className="sidebar-section" aria-labelledby={`sidebar-${section.id}`}>
            <div className="sidebar-section__head">
              <h2 id={`sidebar-${section.id}`}>
                {section.category ? (
                  <button
                    type="button"
                    className="sidebar-section__toggle"
                    aria-expanded={!section.collapsed}
                    onClick={() => void toggleCollapsed(section)}
                  >
                    <IconChevron open={!section.collapsed} />
                    {section.name}
                  </button>
                ) : (
                  section.name
                )}
              </h2>
              {section.type === 'channels' && (
                <div className="popover-anchor">
                  <button
                    type="button"
                    className="icon-btn icon-btn--small"
                    aria-label={t('sidebar.channelActions')}
                    title={t('sidebar.channelActions')}
                    aria-expanded={addOpen}
                    onClick={() => setAddOpen((v) => !v)}
                  >
                    <IconPlus />
                  </button>
                  {addOpen && (
                    <Popover label={t('sidebar.channelActions')} onClose={() => setAddOpen(false)} className="popover--menu">
                      {ADD_CHANNEL_ACTIONS.map(([dialog, label]) => (
                        <button
                          key={dialog}
                          type="button"
                          className="menu-item"
                          onClick={() => {
                            setAddOpen(false);
                            setDialog(dialog);
                          }}
                        >
                          {t(label)}
                        </button>
                      ))}
                    </Popover>
                  )}
                </div>
              )}
              {section.type === 'direct_messages' && (
                <button
                  type="button"
                  className="icon-btn icon-btn--small"
                  aria-label={t('sidebar.newDm')}
                  title={t('sidebar.newDm')}
                  onClick={() => setDialog('directMessage')}
                >
                  <IconPlus />
                </button>
              )}
            </div>
            <ul className="channel-list">
              {shownWhenCollapsed(section, memberMap, currentChannelId, crt).map((c) => (
                <ChannelItem key={c.id} team={team} channel={c} member={memberMap.get(c.id)} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </nav>
  );
}

const EMPTY_MEMBERS = new Map<string, ChannelMember>();

/** The Channels category's "+" menu: the dialog each item opens. */
const ADD_CHANNEL_ACTIONS: readonly [DialogName, StringKey][] = [
  ['createChannel', 'sidebar.createChannel'],
  ['browseChannels', 'sidebar.browseChannels'],
  ['joinTeam', 'sidebar.joinTeam'],
];

/** "Threads": the followed threads of the team, bold when one has unread replies. */
function ThreadsLink({ team }: { team: Team }) {
  const threads = useUserThreads(team.id);
  const location = useLocation();
  const active = location.pathname.startsWith(`/${team.name}/threads`);
  const unread = (threads.data?.total_unread_threads ?? 0) > 0;
  const mentions = threads.data?.total_unread_mentions ?? 0;
  return (
    <ul className="channel-list sidebar-threads">
      <li>
        <Link
          to={`/${team.name}/threads`}
          className={`channel-link${active ? ' channel-link--active' : ''}${unread && !active ? ' channel-link--unread' : ''}`}
          aria-current={active ? 'page' : undefined}
          data-unread={unread && !active ? 'true' : undefined}
          aria-label={unread ? t('threads.sidebarUnread') : t('threads.sidebar')}
        >
          <span className="channel-link__icon">
            <IconThreads />
          </span>
          <span className="channel-link__name">{t('threads.sidebar')}</span>
          {mentions > 0 && (
            <span className="badge" aria-hidden="true">
              {mentions}
            </span>
          )}
        </Link>
      </li>
    </ul>
  );
}

/** "Drafts" with their count, while the team has drafts (or the view is open). */
function DraftsLink({ team }: { team: Team }) {
  const count = useTeamDrafts(team.id).length;
  const location = useLocation();
  const active = location.pathname === `/${team.name}/drafts`;
  if (count === 0 && !active) return null;
  return (
    <ul className="channel-list sidebar-threads">
      <li>
        <Link
          to={`/${team.name}/drafts`}
          className={`channel-link${active ? ' channel-link--active' : ''}`}
          aria-current={active ? 'page' : undefined}
          aria-label={t('drafts.sidebarCount', { count })}
        >
          <span className="channel-link__icon">
            <IconEdit />
          </span>
          <span className="channel-link__name">{t('drafts.sidebar')}</span>
          {count > 0 && (
            <span className="channel-link__count" aria-hidden="true">
              {count}
            </span>
          )}
        </Link>
      </li>
    </ul>
  );
}

function ChannelItem({ team, channel, member }: { team: Team; channel: Channel; member: ChannelMember | undefined }) {
  const me = useMeUser();
  const name = useChannelDisplayName(channel, me.id);
  const activeChannelId = useUi((s) => s.current.channelId);
  const crt = useUi((s) => s.collapsedThreads);
  const markedUnread = useUi((s) => s.markedUnread === channel.id);
  const u = channelUnread(channel, member, crt);
  const seen = channel.id === activeChannelId && !markedUnread;
  const unread = u.unread && !seen;
  const mentions = seen ? 0 : u.mentions;
  const muted = isMuted(member);
  const otherId = channel.type === 'D' ? dmOtherUserId(channel, me.id) : '';
  const icon =
    channel.type === 'D' ? (
      <Avatar userId={otherId} size={18} status />
    ) : channel.type === 'G' ? (
      <IconUsers />
    ) : channel.type === 'P' ? (
      <IconLock />
    ) : (
      <IconHash />
    );
  return (
    <li>
      <NavLink
        to={`/${team.name}/channels/${channel.name}`}
        className={({ isActive }) =>
          `channel-link${isActive ? ' channel-link--active' : ''}${unread ? ' channel-link--unread' : ''}${muted ? ' channel-link--muted' : ''}${channel.delete_at ? ' channel-link--archived' : ''}`
        }
        data-unread={unread ? 'true' : undefined}
        data-muted={muted ? 'true' : undefined}
      >
        <span className="channel-link__icon">{icon}</span>
        <span className="channel-link__name">
          {name}
          {channel.type === 'D' && otherId === me.id && ` ${t('user.you')}`}
        </span>
        {mentions > 0 && (
          <span className="badge" aria-label={mentions === 1 ? t('sidebar.mentionBadgeOne') : t('sidebar.mentionBadge', { count: mentions })}>
            {mentions}
          </span>
        )}
      </NavLink>
    </li>
  );
}
