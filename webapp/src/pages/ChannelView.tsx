import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { Link, useLocation, useOutletContext, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import { ApiError } from '../api/client';
import type { Channel, Team } from '../api/types';
import { useChannelDisplayName } from '../queries/channelName';
import { findChannelByName, postsQuery, useChannels, useMeUser } from '../queries/hooks';
import { findCachedMember } from '../queries/lookup';
import { channelUnread } from '../lib/unread';
import { keys } from '../queries/keys';
import { markChannelViewedLocally } from '../queries/live';
import { useUi } from '../store/ui';
import { rememberVisit } from '../lib/lastVisited';
import { errorMessage } from '../lib/format';
import { ChannelHeader } from '../components/ChannelHeader';
import { MessageList } from '../components/MessageList';
import { Composer, useDropFiles } from '../components/composer/Composer';
import { TypingIndicator } from '../components/TypingIndicator';
import { t } from '../i18n/en';
import type { TeamOutletContext } from './TeamLayout';

/** `/:team/channels/:channel` */
export function ChannelView() {
  const { team } = useOutletContext<TeamOutletContext>();
  const { channel: channelName } = useParams();
  const channels = useChannels(team.id);
  const channel = findChannelByName(channels.data, channelName);

  if (channels.isPending) return <div className="channel channel--loading">{t('app.loading')}</div>;
  if (channels.error) {
    return (
      <div className="channel channel--empty" role="alert">
        {errorMessage(channels.error)}
      </div>
    );
  }
  if (!channel) return <MissingChannel teamId={team.id} teamName={team.name} name={channelName ?? ''} />;
  return <OpenChannel key={channel.id} teamId={team.id} teamName={team.name} channel={channel} />;
}

/** A channel the user is not in: a public one is joined, as Mattermost does. */
function MissingChannel({ teamId, teamName, name }: { teamId: string; teamName: string; name: string }) {
  const me = useMeUser();
  const qc = useQueryClient();
  const [error, setError] = useState('');

  useEffect(() => {
    let cancelled = false;
    setError('');
    (async () => {
      try {
        const c = await api.getChannelByName(teamId, name);
        if (c.delete_at > 0) throw new ApiError(404, '');
        // A public channel is joined; any other channel the server shows us we are already in
        // (a DM someone just opened with us): the list only needs a refetch.
        if (c.type === 'O') await api.joinChannel(c.id, me.id);
        await Promise.all([
          qc.invalidateQueries({ queryKey: keys.channels(teamId) }),
          qc.invalidateQueries({ queryKey: keys.members(teamId) }),
        ]);
        const listed = qc.getQueryData<Channel[]>(keys.channels(teamId))?.some((x) => x.id === c.id);
        if (!listed) throw new ApiError(404, '');
      } catch (err) {
        if (cancelled) return;
        const missing = err instanceof ApiError && (err.status === 404 || err.status === 403);
        setError(missing ? t('error.channelNotFound') : errorMessage(err));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [teamId, name, me.id, qc]);

  if (!error) return <div className="channel channel--loading">{t('app.loading')}</div>;
  return (
    <div className="channel channel--empty">
      <p role="alert">{error}</p>
      <Link to={`/${teamName}/channels/town-square`}>{t('error.goHome')}</Link>
    </div>
  );
}

/** `location.state` of a jump to a post: `navigate(url, { state: { focus: postId } })`. */
export interface FocusState {
  focus?: string;
}

function OpenChannel({ teamId, teamName, channel }: { teamId: string; teamName: string; channel: Channel }) {
  const qc = useQueryClient();
  const setCurrent = useUi((s) => s.setCurrent);
  const me = useMeUser();
  const displayName = useChannelDisplayName(channel, me.id);
  const location = useLocation();
  const focusId = (location.state as FocusState | null)?.focus;
  const focus = useMemo(() => (focusId ? { postId: focusId, key: location.key } : null), [focusId, location.key]);
  // The last view before this one, read before the channel is marked viewed: the "new
  // messages" line goes after it. Only when something is unread.
  const [unreadSince] = useState(() => {
    const member = findCachedMember(qc, channel.id);
    if (!member || channelUnread(channel, member, useUi.getState().collapsedThreads).msgs === 0) return null;
    return member.last_viewed_at;
  });

  useEffect(() => {
    setCurrent(teamId, channel.id);
    rememberVisit(teamName, channel.name);
    // The first window (around the first unread post) is chosen from the last view, so the
    // view is recorded, here and on the server, only once the posts are loaded.
    void qc
      .fetchQuery(postsQuery(qc, channel.id, me.id))
      .catch(() => {})
      .then(() => {
        markChannelViewedLocally(qc, channel.id);
        return api.viewChannel(channel.id);
      })
      .then(() => qc.invalidateQueries({ queryKey: keys.teamsUnread }))
      .catch(() => {});
    return () => {
      // Leaving: what arrived while here was seen, now (not when the next channel's posts are
      // loaded, by which time more may have come) — unless the user marked it unread.
      const ui = useUi.getState();
      if (ui.markedUnread === channel.id) ui.setMarkedUnread(null);
      else {
        markChannelViewedLocally(qc, channel.id);
        api.viewChannel(channel.id).catch(() => {});
      }
      useUi.getState().setCurrent(teamId, '');
    };
  }, [qc, teamId, teamName, channel.id, channel.name, setCurrent, me.id]);

  useEffect(() => {
    if (!displayName) return;
    const team = qc.getQueryData<Team[]>(keys.teams)?.find((x) => x.id === teamId);
    document.title = `${channel.type === 'D' ? '@' : ''}${displayName}${team ? ` · ${team.display_name}` : ''} · ${t('app.name')}`;
    return () => {
      document.title = t('app.name');
    };
  }, [displayName, channel.type, teamId, qc]);

  const dropFiles = useDropFiles(channel.id);
  const drag = useFileDrag(dropFiles);

  return (
    <section className="channel" aria-labelledby="channel-title" {...drag.handlers}>
      {drag.over && (
        <div className="drop-overlay" aria-hidden="true">
          {t('composer.dropHere')}
        </div>
      )}
      <ChannelHeader channel={channel} />
      <MessageList channel={channel} unreadSince={unreadSince} focus={focus} />
      <TypingIndicator channelId={channel.id} parentId="" />
      <Composer channel={channel} rootId="" />
    </section>
  );
}

/** Dragging files over an area: `over` while they are above it, `onFiles` when dropped. */
function useFileDrag(onFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');
  return {
    over,
    handlers: {
      onDragEnter(e: DragEvent) {
        if (!hasFiles(e)) return;
        depth.current += 1;
        setOver(true);
      },
      onDragLeave(e: DragEvent) {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDragOver(e: DragEvent) {
        if (hasFiles(e)) e.preventDefault();
      },
      onDrop(e: DragEvent) {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        onFiles([...e.dataTransfer.files]);
      },
    },
  };
}
