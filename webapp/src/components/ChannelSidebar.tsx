import { NavLink } from 'react-router';
import { useState } from 'react';
import type { Channel, ChannelMember, Team } from '../api/types';
import { useChannels, useMeUser, useMembers } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { channelUnread } from '../lib/unread';
import { dmOtherUserId } from '../lib/format';
import { useUi } from '../store/ui';
import { Avatar } from './Avatar';
import { UserMenu } from './UserMenu';
import { Popover } from './Popover';
import { IconHash, IconLock, IconPlus, IconUserPlus } from './icons';
import { t } from '../i18n/en';

export function ChannelSidebar({ team }: { team: Team }) {
  const channels = useChannels(team.id);
  const members = useMembers(team.id);
  const setDialog = useUi((s) => s.setDialog);
  const [addOpen, setAddOpen] = useState(false);

  const live = (channels.data ?? []).filter((c) => c.delete_at === 0);
  const regular = live
    .filter((c) => c.type === 'O' || c.type === 'P')
    .sort((a, b) => (a.display_name || a.name).localeCompare(b.display_name || b.name));
  const direct = live
    .filter((c) => c.type === 'D' || c.type === 'G')
    .sort((a, b) => b.last_post_at - a.last_post_at || a.name.localeCompare(b.name));
  const memberMap = members.data ?? new Map<string, ChannelMember>();

  return (
    <nav className="channel-sidebar" aria-label={t('sidebar.label')}>
      <header className="channel-sidebar__header">
        <h1 className="channel-sidebar__team" title={team.display_name}>
          {team.display_name}
        </h1>
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

      <div className="channel-sidebar__scroll">
        <section className="sidebar-section" aria-labelledby="sidebar-channels">
          <div className="sidebar-section__head">
            <h2 id="sidebar-channels">{t('sidebar.channels')}</h2>
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
                  <button
                    type="button"
                    className="menu-item"
                    onClick={() => {
                      setAddOpen(false);
                      setDialog('createChannel');
                    }}
                  >
                    {t('sidebar.createChannel')}
                  </button>
                  <button
                    type="button"
                    className="menu-item"
                    onClick={() => {
                      setAddOpen(false);
                      setDialog('browseChannels');
                    }}
                  >
                    {t('sidebar.browseChannels')}
                  </button>
                </Popover>
              )}
            </div>
          </div>
          <ul className="channel-list">
            {regular.map((c) => (
              <ChannelItem key={c.id} team={team} channel={c} member={memberMap.get(c.id)} />
            ))}
          </ul>
        </section>

        <section className="sidebar-section" aria-labelledby="sidebar-dms">
          <div className="sidebar-section__head">
            <h2 id="sidebar-dms">{t('sidebar.directMessages')}</h2>
            <button
              type="button"
              className="icon-btn icon-btn--small"
              aria-label={t('sidebar.newDm')}
              title={t('sidebar.newDm')}
              onClick={() => setDialog('directMessage')}
            >
              <IconPlus />
            </button>
          </div>
          <ul className="channel-list">
            {direct.map((c) => (
              <ChannelItem key={c.id} team={team} channel={c} member={memberMap.get(c.id)} />
            ))}
          </ul>
        </section>
      </div>
    </nav>
  );
}

function ChannelItem({ team, channel, member }: { team: Team; channel: Channel; member: ChannelMember | undefined }) {
  const me = useMeUser();
  const name = useChannelDisplayName(channel, me.id);
  const activeChannelId = useUi((s) => s.current.channelId);
  const u = channelUnread(channel, member);
  const unread = u.unread && channel.id !== activeChannelId;
  const mentions = channel.id === activeChannelId ? 0 : u.mentions;
  const icon =
    channel.type === 'D' ? (
      <Avatar userId={dmOtherUserId(channel, me.id)} size={18} />
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
          `channel-link${isActive ? ' channel-link--active' : ''}${unread ? ' channel-link--unread' : ''}`
        }
        data-unread={unread ? 'true' : undefined}
      >
        <span className="channel-link__icon">{icon}</span>
        <span className="channel-link__name">
          {name}
          {channel.type === 'D' && dmOtherUserId(channel, me.id) === me.id && ` ${t('user.you')}`}
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
