import { useEffect } from 'react';
import { useNavigate, useOutletContext } from 'react-router';
import { useMeUser } from '../queries/hooks';
import { useChannelById } from '../queries/channels';
import { useChannelDisplayName } from '../queries/channelName';
import { useTeamDrafts } from '../queries/drafts';
import { draftKey, type LocalDraft } from '../lib/drafts';
import { formatDateTime, formatDay, formatTime } from '../lib/format';
import { useTimeZone } from '../queries/timezone';
import { useDisplaySettings } from '../queries/preferences';
import { useDrafts } from '../store/drafts';
import { useUi } from '../store/ui';
import { IconClose, IconMenu } from '../components/icons';
import { t } from '../i18n/en';
import type { TeamOutletContext } from './TeamLayout';

/** `/:team/drafts`: the unsent drafts of the team's channels and of direct messages. */
export function DraftsView() {
  const { team } = useOutletContext<TeamOutletContext>();
  const navigate = useNavigate();
  const setDrawer = useUi((s) => s.setDrawer);
  const setCurrent = useUi((s) => s.setCurrent);
  const drafts = useTeamDrafts(team.id);

  useEffect(() => {
    setCurrent(team.id, '');
    document.title = `${t('drafts.title')} · ${team.display_name} · ${t('app.name')}`;
    return () => {
      document.title = t('app.name');
    };
  }, [team.id, team.display_name, setCurrent]);

  return (
    <div className="threads drafts">
      <section className="threads__list drafts__list" aria-labelledby="drafts-title">
        <header className="channel-header">
          <button type="button" className="icon-btn channel-header__menu" aria-label={t('sidebar.open')} onClick={() => setDrawer(true)}>
            <IconMenu />
          </button>
          <h2 id="drafts-title" className="channel-header__title threads__title">
            {t('drafts.title')}
          </h2>
        </header>
        <div className="threads__scroll">
          {drafts.length === 0 ? (
            <div className="rhs__empty">
              <p>{t('drafts.none')}</p>
            </div>
          ) : (
            <ul className="thread-list" aria-label={t('drafts.title')}>
              {drafts.map((d) => (
                <DraftItem
                  key={draftKey(d.channelId, d.rootId)}
                  draft={d}
                  onOpen={(channelName) => {
                    navigate(`/${team.name}/channels/${channelName}`);
                    if (d.rootId) useUi.getState().openThread(d.rootId, d.channelId);
                  }}
                />
              ))}
            </ul>
          )}
        </div>
      </section>
    </div>
  );
}

function DraftItem({ draft, onOpen }: { draft: LocalDraft; onOpen: (channelName: string) => void }) {
  const me = useMeUser();
  const { channel } = useChannelById(draft.channelId);
  const name = useChannelDisplayName(channel, me.id);
  const tz = useTimeZone();
  const { militaryTime } = useDisplaySettings();
  const label = channel ? (channel.type === 'D' ? `@${name}` : name) : '';
  const askConfirm = useUi((s) => s.askConfirm);
  return (
    <li className="draft-item">
      <button
        type="button"
        className="thread-item"
        disabled={!channel}
        aria-label={t(draft.rootId ? 'drafts.openThread' : 'drafts.open', { name: label })}
        onClick={() => channel && onOpen(channel.name)}
      >
        <span className="thread-item__head">
          <strong className="thread-item__channel">{label}</strong>
          {draft.rootId && <span className="muted">{t('drafts.inThread')}</span>}
          <time className="post__time" dateTime={new Date(draft.updateAt).toISOString()} title={formatDateTime(draft.updateAt, tz)}>
            {formatDay(draft.updateAt, Date.now(), tz)} {formatTime(draft.updateAt, militaryTime, tz)}
          </time>
        </span>
        <span className="thread-item__text">{draft.message.slice(0, 300)}</span>
      </button>
      <button
        type="button"
        className="icon-btn icon-btn--small draft-item__delete"
        aria-label={t('drafts.delete', { name: label })}
        title={t('drafts.deleteShort')}
        onClick={() =>
          askConfirm({
            title: t('drafts.deleteTitle'),
            message: t('drafts.deleteMessage'),
            confirmLabel: t('drafts.deleteShort'),
            danger: true,
            onConfirm: () => useDrafts.getState().setText(draft.channelId, draft.rootId, ''),
          })
        }
      >
        <IconClose />
      </button>
    </li>
  );
}
