import { useState } from 'react';
import { useNavigate, useOutletContext } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Channel, ChannelMember } from '../api/types';
import { useChannelStats, useMeUser, useMembers } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { keys } from '../queries/keys';
import { useFavorites } from '../queries/categories';
import { isMuted } from '../lib/unread';
import { dmOtherUserId } from '../lib/format';
import { useUi } from '../store/ui';
import type { TeamOutletContext } from '../pages/TeamLayout';
import { PresenceDot } from './Avatar';
import { Popover } from './Popover';
import { SearchBox } from './SearchBox';
import {
  IconAt,
  IconBell,
  IconBookmark,
  IconChevron,
  IconHash,
  IconLock,
  IconMenu,
  IconPin,
  IconStar,
  IconUsers,
} from './icons';
import { t } from '../i18n/en';

/** The channel's name (a menu of channel actions), purpose, counts, and the search and pane buttons. */
export function ChannelHeader({ channel }: { channel: Channel }) {
  const me = useMeUser();
  const { team } = useOutletContext<TeamOutletContext>();
  const name = useChannelDisplayName(channel, me.id);
  const stats = useChannelStats(channel.id);
  const setDrawer = useUi((s) => s.setDrawer);
  const rhs = useUi((s) => s.rhs);
  const openRhs = useUi((s) => s.openRhs);
  const closeRhs = useUi((s) => s.closeRhs);
  const members = useMembers(team.id);
  const member = members.data?.get(channel.id);
  const favorites = useFavorites(team.id);
  const favorite = favorites.isFavorite(channel.id);
  const count = stats.data?.member_count;
  const pinned = stats.data?.pinnedpost_count ?? 0;
  const isDm = channel.type === 'D' || channel.type === 'G';
  const dmUserId = channel.type === 'D' ? dmOtherUserId(channel, me.id) : '';
  const toggle = (kind: 'pinned' | 'members' | 'mentions' | 'saved') => {
    const isOpen = rhs?.kind === kind && (!('channelId' in rhs) || rhs.channelId === channel.id);
    if (isOpen) closeRhs();
    else if (kind === 'pinned' || kind === 'members') openRhs({ kind, channelId: channel.id });
    else openRhs({ kind });
  };

  return (
    <header className="channel-header">
      <button
        type="button"
        className="icon-btn channel-header__menu"
        aria-label={t('sidebar.open')}
        aria-controls="sidebar-drawer"
        onClick={() => setDrawer(true)}
      >
        <IconMenu />
      </button>
      <div className="channel-header__text">
        <div className="channel-header__title-row">
          <ChannelMenu channel={channel} member={member} name={name} favorite={favorite} onFavorite={favorites.setFavorite}>
            <h2 id="channel-title" className="channel-header__title">
              {channel.type === 'P' ? (
                <span className="channel-header__icon" title={t('channel.private')}>
                  <IconLock />
                </span>
              ) : channel.type === 'O' ? (
                <span className="channel-header__icon">
                  <IconHash />
                </span>
              ) : dmUserId ? (
                <span className="channel-header__icon">
                  <PresenceDot userId={dmUserId} />
                </span>
              ) : null}
              <span>{channel.type === 'D' ? `@${name}` : name}</span>
            </h2>
          </ChannelMenu>
          {favorite && (
            <span className="channel-header__fav" title={t('channel.favorite')}>
              <IconStar filled />
            </span>
          )}
          {isMuted(member) && (
            <span className="channel-header__fav" title={t('channel.muted')}>
              <IconBell off />
            </span>
          )}
        </div>
        {(channel.purpose || channel.header) && (
          <p className="channel-header__purpose" title={channel.header || channel.purpose}>
            {channel.header || channel.purpose}
          </p>
        )}
      </div>
      <div className="channel-header__tools">
        {!isDm && count !== undefined && (
          <button
            type="button"
            className="header-btn"
            aria-label={count === 1 ? t('channel.member') : t('channel.members', { count })}
            aria-pressed={rhs?.kind === 'members'}
            title={t('rhs.members')}
            onClick={() => toggle('members')}
          >
            <IconUsers />
            <span aria-hidden="true">{count}</span>
          </button>
        )}
        <button
          type="button"
          className="header-btn"
          aria-label={t('channel.pinnedCount', { count: pinned })}
          aria-pressed={rhs?.kind === 'pinned'}
          title={t('rhs.pinned')}
          onClick={() => toggle('pinned')}
        >
          <IconPin />
          {pinned > 0 && <span aria-hidden="true">{pinned}</span>}
        </button>
        <SearchBox team={team} />
        <button
          type="button"
          className="icon-btn"
          aria-label={t('rhs.mentions')}
          aria-pressed={rhs?.kind === 'mentions'}
          title={t('rhs.mentions')}
          onClick={() => toggle('mentions')}
        >
          <IconAt />
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={t('rhs.saved')}
          aria-pressed={rhs?.kind === 'saved'}
          title={t('rhs.saved')}
          onClick={() => toggle('saved')}
        >
          <IconBookmark />
        </button>
      </div>
    </header>
  );
}

/** The channel name as a button opening the channel's menu, as in Mattermost. */
function ChannelMenu({
  channel,
  member,
  name,
  favorite,
  onFavorite,
  children,
}: {
  channel: Channel;
  member: ChannelMember | undefined;
  name: string;
  favorite: boolean;
  onFavorite: (channelId: string, favorite: boolean) => Promise<void>;
  children: React.ReactNode;
}) {
  const qc = useQueryClient();
  const me = useMeUser();
  const navigate = useNavigate();
  const { team } = useOutletContext<TeamOutletContext>();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const setDialog = useUi((s) => s.setDialog);
  const openRhs = useUi((s) => s.openRhs);
  const askConfirm = useUi((s) => s.askConfirm);
  const isDm = channel.type === 'D' || channel.type === 'G';
  const isDefault = channel.name === 'town-square';
  const isAdmin =
    me.roles.split(' ').includes('system_admin') || (member?.roles ?? '').split(' ').includes('channel_admin');
  const muted = isMuted(member);

  const run = (fn: () => Promise<unknown>) => {
    setOpen(false);
    setError('');
    fn().catch((err: unknown) => setError(err instanceof Error ? err.message || t('error.generic', { status: '?' }) : String(err)));
  };

  const leave = () =>
    run(async () => {
      await api.leaveChannel(channel.id, me.id);
      await qc.invalidateQueries({ queryKey: keys.channelsAll });
      navigate(`/${team.name}/channels/town-square`);
    });

  return (
    <div className="popover-anchor">
      <button
        type="button"
        className="channel-header__name-btn"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={t('channel.menu', { name })}
        onClick={() => setOpen((v) => !v)}
      >
        {children}
        <IconChevron />
      </button>
      {error && (
        <span className="form__error" role="alert">
          {error}
        </span>
      )}
      {open && (
        <Popover label={t('channel.menu', { name })} onClose={() => setOpen(false)} className="popover--menu">
          {!isDm && (
            <button type="button" className="menu-item" onClick={() => run(async () => openRhs({ kind: 'members', channelId: channel.id }))}>
              {t('channel.viewMembers')}
            </button>
          )}
          {!isDm && (
            <button type="button" className="menu-item" onClick={() => run(async () => setDialog('addMembers'))}>
              {t('members.add')}
            </button>
          )}
          <button type="button" className="menu-item" onClick={() => run(() => onFavorite(channel.id, !favorite))}>
            {favorite ? t('channel.unfavorite') : t('channel.addFavorite')}
          </button>
          <button
            type="button"
            className="menu-item"
            onClick={() =>
              run(() => api.updateChannelNotifyProps(channel.id, me.id, { mark_unread: muted ? 'all' : 'mention' }))
            }
          >
            {muted ? t('channel.unmute') : t('channel.mute')}
          </button>
          <button type="button" className="menu-item" onClick={() => run(async () => setDialog('channelNotifications'))}>
            {t('channel.notificationPrefs')}
          </button>
          {channel.type === 'G' && (
            <button type="button" className="menu-item" onClick={() => run(async () => setDialog('convertGroup'))}>
              {t('convertGm.menu')}
            </button>
          )}
          {!isDm && (
            <button type="button" className="menu-item" onClick={() => run(async () => setDialog('renameChannel'))}>
              {t('channel.edit')}
            </button>
          )}
          {!isDm && !isDefault && (
            <button
              type="button"
              className="menu-item"
              onClick={() => {
                setOpen(false);
                if (channel.type === 'P') {
                  askConfirm({
                    title: t('channel.leaveTitle', { name }),
                    message: t('channel.leavePrivate'),
                    confirmLabel: t('channel.leave'),
                    danger: true,
                    onConfirm: async () => {
                      await api.leaveChannel(channel.id, me.id);
                      await qc.invalidateQueries({ queryKey: keys.channelsAll });
                      navigate(`/${team.name}/channels/town-square`);
                    },
                  });
                } else leave();
              }}
            >
              {t('channel.leave')}
            </button>
          )}
          {!isDm && !isDefault && isAdmin && (
            <button
              type="button"
              className="menu-item menu-item--danger"
              onClick={() => {
                setOpen(false);
                askConfirm({
                  title: t('channel.archiveTitle', { name }),
                  message: t('channel.archiveMessage'),
                  confirmLabel: t('channel.archive'),
                  danger: true,
                  onConfirm: async () => {
                    await api.archiveChannel(channel.id);
                    await qc.invalidateQueries({ queryKey: keys.channelsAll });
                    navigate(`/${team.name}/channels/town-square`);
                  },
                });
              }}
            >
              {t('channel.archive')}
            </button>
          )}
        </Popover>
      )}
    </div>
  );
}

