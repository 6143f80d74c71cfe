import type { Channel } from '../api/types';
import { useChannelStats, useMeUser } from '../queries/hooks';
import { useChannelDisplayName } from '../queries/channelName';
import { useUi } from '../store/ui';
import { IconHash, IconLock, IconMenu, IconUsers } from './icons';
import { t } from '../i18n/en';

export function ChannelHeader({ channel }: { channel: Channel }) {
  const me = useMeUser();
  const name = useChannelDisplayName(channel, me.id);
  const stats = useChannelStats(channel.id);
  const setDrawer = useUi((s) => s.setDrawer);
  const count = stats.data?.member_count;
  const countLabel = count === undefined ? '' : count === 1 ? t('channel.member') : t('channel.members', { count });
  const isDm = channel.type === 'D' || channel.type === 'G';

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
        <h2 id="channel-title" className="channel-header__title">
          {channel.type === 'P' ? (
            <span className="channel-header__icon" title={t('channel.private')}>
              <IconLock />
            </span>
          ) : channel.type === 'O' ? (
            <span className="channel-header__icon">
              <IconHash />
            </span>
          ) : null}
          <span>{isDm && channel.type === 'D' ? `@${name}` : name}</span>
        </h2>
        {(channel.purpose || channel.header) && (
          <p className="channel-header__purpose" title={channel.purpose || channel.header}>
            {channel.purpose || channel.header}
          </p>
        )}
      </div>
      {countLabel && !isDm && (
        <span className="channel-header__members" title={countLabel}>
          <IconUsers />
          <span aria-hidden="true">{count}</span>
          <span className="visually-hidden">{countLabel}</span>
        </span>
      )}
    </header>
  );
}
