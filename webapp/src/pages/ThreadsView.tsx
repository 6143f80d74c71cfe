import { useEffect, useMemo, useRef, useState } from 'react';
import { postPreviewText } from '../lib/attachments';
import { Link, useNavigate, useOutletContext, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { UserThread } from '../api/types';
import { useMeUser } from '../queries/hooks';
import { useChannelById } from '../queries/channels';
import { useChannelDisplayName } from '../queries/channelName';
import { keys } from '../queries/keys';
import { primeUsers } from '../queries/users';
import { errorMessage, formatDateTime, formatDay, formatTime } from '../lib/format';
import { stripMarkdown } from '../live/notifications';
import { useUi } from '../store/ui';
import { useTimeZone } from '../queries/timezone';
import { useDisplaySettings } from '../queries/preferences';
import { Avatar } from '../components/Avatar';
import { UserName } from '../components/UserName';
import { ThreadView } from '../components/rhs/ThreadPane';
import { IconBack, IconMenu } from '../components/icons';
import { t } from '../i18n/en';
import type { TeamOutletContext } from './TeamLayout';
import { FormError } from '../components/FormError';

/** The user's followed threads of a team, unread first marked (collapsed reply threads). */
export function useUserThreads(teamId: string) {
  const qc = useQueryClient();
  const me = useMeUser();
  return useQuery({
    queryKey: keys.threads(teamId),
    queryFn: async () => {
      const list = await api.getUserThreads(me.id, teamId, { perPage: 50 });
      for (const th of list.threads) primeUsers(qc, th.participants ?? []);
      return list;
    },
    staleTime: 60 * 1000,
  });
}

/** `/:team/threads` and `/:team/threads/:threadId`: followed threads, and the one opened. */
export function ThreadsView() {
  const { team } = useOutletContext<TeamOutletContext>();
  const { threadId } = useParams();
  const me = useMeUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const setDrawer = useUi((s) => s.setDrawer);
  const setCurrent = useUi((s) => s.setCurrent);
  const threads = useUserThreads(team.id);
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [error, setError] = useState('');

  useEffect(() => {
    setCurrent(team.id, '');
    document.title = `${t('threads.title')} · ${team.display_name} · ${t('app.name')}`;
    return () => {
      document.title = t('app.name');
    };
  }, [team.id, team.display_name, setCurrent]);

  const list = useMemo(() => {
    const all = (threads.data?.threads ?? []).filter((th) => !th.delete_at);
    return filter === 'unread' ? all.filter((th) => th.unread_replies > 0 || th.unread_mentions > 0) : all;
  }, [threads.data, filter]);
  // The list holds followed threads only: one unfollowed here stays open, marked not followed.
  const found = threads.data?.threads.find((th) => th.id === threadId);
  const lastSelected = useRef<UserThread | null>(null);
  if (found) lastSelected.current = found;
  const selected = found ?? (lastSelected.current?.id === threadId ? lastSelected.current : undefined);

  async function markAllRead() {
    setError('');
    try {
      await api.markAllThreadsRead(me.id, team.id);
      await qc.invalidateQueries({ queryKey: keys.threads(team.id) });
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div className={`threads${threadId ? ' threads--open' : ''}`}>
      <section className="threads__list" aria-labelledby="threads-title">
        <header className="channel-header">
          <button type="button" className="icon-btn channel-header__menu" aria-label={t('sidebar.open')} onClick={() => setDrawer(true)}>
            <IconMenu />
          </button>
          <h2 id="threads-title" className="channel-header__title threads__title">
            {t('threads.title')}
          </h2>
          <button
            type="button"
            className="btn btn--small"
            disabled={!threads.data?.total_unread_threads}
            onClick={() => void markAllRead()}
          >
            {t('threads.markAllRead')}
          </button>
        </header>
        <div className="threads__tabs" role="tablist" aria-label={t('threads.filter')}>
          {(['all', 'unread'] as const).map((f) => (
            <button
              key={f}
              type="button"
              role="tab"
              aria-selected={filter === f}
              className={`tab${filter === f ? ' tab--active' : ''}`}
              onClick={() => setFilter(f)}
            >
              {f === 'all' ? t('threads.all') : t('threads.unreads')}
            </button>
          ))}
        </div>
        <FormError message={error} />
        <div className="threads__scroll">
          {threads.isPending && <p className="message-list__status">{t('app.loading')}</p>}
          {threads.error && (
            <p className="message-list__status" role="alert">
              {errorMessage(threads.error)}
            </p>
          )}
          {threads.data && list.length === 0 && (
            <div className="rhs__empty">
              <p>{filter === 'unread' ? t('threads.noUnread') : t('threads.none')}</p>
            </div>
          )}
          <ul className="thread-list">
            {list.map((th) => (
              <ThreadItem
                key={th.id}
                thread={th}
                selected={th.id === threadId}
                onOpen={() => navigate(`/${team.name}/threads/${th.id}`)}
              />
            ))}
          </ul>
        </div>
      </section>
      <section className="threads__thread" aria-label={t('thread.title')}>
        {threadId && selected ? (
          <OpenThread thread={selected} following={!!found} teamId={team.id} teamName={team.name} />
        ) : threadId && threads.data ? (
          <p className="message-list__status">{t('thread.notFound')}</p>
        ) : (
          <div className="rhs__empty">
            <p>{t('threads.pick')}</p>
          </div>
        )}
      </section>
    </div>
  );
}

function ThreadItem({ thread, selected, onOpen }: { thread: UserThread; selected: boolean; onOpen: () => void }) {
  const unread = thread.unread_replies > 0 || thread.unread_mentions > 0;
  const excerpt = useMemo(() => stripMarkdown(postPreviewText(thread.post)).slice(0, 200), [thread.post]);
  const tz = useTimeZone();
  const { militaryTime } = useDisplaySettings();
  return (
    <li>
      <button
        type="button"
        className={`thread-item${selected ? ' thread-item--selected' : ''}${unread ? ' thread-item--unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-unread={unread ? 'true' : undefined}
        onClick={onOpen}
      >
        <span className="thread-item__head">
          {unread && <span className="unread-dot" aria-label={t('threads.unreadLabel')} />}
          <strong>
            <UserName userId={thread.post.user_id} />
          </strong>
          <ThreadChannel channelId={thread.post.channel_id} />
          <time className="post__time" dateTime={new Date(thread.last_reply_at).toISOString()} title={formatDateTime(thread.last_reply_at, tz)}>
            {formatDay(thread.last_reply_at, Date.now(), tz)} {formatTime(thread.last_reply_at, militaryTime, tz)}
          </time>
        </span>
        <span className="thread-item__text">{excerpt}</span>
        <span className="thread-item__foot">
          <span className="thread-item__avatars" aria-hidden="true">
            {(thread.participants ?? []).slice(0, 4).map((u) => (
              <Avatar key={u.id} userId={u.id} size={20} />
            ))}
          </span>
          <span>{thread.reply_count === 1 ? t('post.oneReply') : t('post.replies', { count: thread.reply_count })}</span>
          {thread.unread_mentions > 0 && (
            <span className="badge badge--inline" aria-label={t('sidebar.mentionBadge', { count: thread.unread_mentions })}>
              {thread.unread_mentions}
            </span>
          )}
          {thread.unread_replies > 0 && thread.unread_mentions === 0 && (
            <span className="muted">{t('threads.newReplies', { count: thread.unread_replies })}</span>
          )}
        </span>
      </button>
    </li>
  );
}

function ThreadChannel({ channelId }: { channelId: string }) {
  const me = useMeUser();
  const { channel } = useChannelById(channelId);
  const name = useChannelDisplayName(channel, me.id);
  return <span className="muted thread-item__channel">{channel ? (channel.type === 'D' ? `@${name}` : name) : ''}</span>;
}

function OpenThread({
  thread,
  following,
  teamId,
  teamName,
}: {
  thread: UserThread;
  following: boolean;
  teamId: string;
  teamName: string;
}) {
  const qc = useQueryClient();
  const me = useMeUser();
  const { channel, error } = useChannelById(thread.post.channel_id);
  const name = useChannelDisplayName(channel, me.id);
  const [busy, setBusy] = useState(false);

  async function toggleFollow() {
    setBusy(true);
    try {
      await api.setThreadFollowing(me.id, teamId, thread.id, !following);
      await qc.invalidateQueries({ queryKey: keys.threads(teamId) });
    } finally {
      setBusy(false);
    }
  }

  if (!channel) {
    return (
      <p className="message-list__status" role={error ? 'alert' : undefined}>
        {error ? errorMessage(error) : t('app.loading')}
      </p>
    );
  }
  return (
    <>
      <header className="channel-header">
        <Link className="icon-btn threads__back" to={`/${teamName}/threads`} aria-label={t('threads.back')}>
          <IconBack />
        </Link>
        <div className="channel-header__text">
          <h2 className="channel-header__title">{t('thread.title')}</h2>
          <p className="channel-header__purpose">
            <Link to={`/${teamName}/channels/${channel.name}`}>{channel.type === 'D' ? `@${name}` : name}</Link>
          </p>
        </div>
        <button type="button" className="btn btn--small" disabled={busy} aria-pressed={following} onClick={() => void toggleFollow()}>
          {following ? t('threads.following') : t('threads.follow')}
        </button>
      </header>
      <ThreadView key={thread.id} channel={channel} rootId={thread.id} teamId={teamId} />
    </>
  );
}
