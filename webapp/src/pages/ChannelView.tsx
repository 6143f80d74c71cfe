import { useEffect, useState } from 'react';
import { Link, useOutletContext, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import { ApiError } from '../api/client';
import type { Channel, Team } from '../api/types';
import { useChannelDisplayName } from '../queries/channelName';
import { findChannelByName, useChannels, useMeUser } from '../queries/hooks';
import { keys } from '../queries/keys';
import { markChannelViewedLocally } from '../queries/live';
import { useUi } from '../store/ui';
import { rememberVisit } from '../lib/lastVisited';
import { errorMessage } from '../lib/format';
import { ChannelHeader } from '../components/ChannelHeader';
import { MessageList } from '../components/MessageList';
import { Composer } from '../components/Composer';
import { TypingIndicator } from '../components/TypingIndicator';
import { ThreadPane } from '../components/ThreadPane';
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

/** The channel shown before this one, marked read when leaving it. */
let previousChannelId = '';

function OpenChannel({ teamId, teamName, channel }: { teamId: string; teamName: string; channel: Channel }) {
  const qc = useQueryClient();
  const setCurrent = useUi((s) => s.setCurrent);
  const me = useMeUser();
  const displayName = useChannelDisplayName(channel, me.id);
  const thread = useUi((s) => s.thread);
  const threadRootId = thread && thread.channelId === channel.id ? thread.rootId : null;

  useEffect(() => {
    setCurrent(teamId, channel.id);
    rememberVisit(teamName, channel.name);
    markChannelViewedLocally(qc, channel.id);
    api
      .viewChannel(channel.id, previousChannelId === channel.id ? '' : previousChannelId)
      .then(() => qc.invalidateQueries({ queryKey: keys.teamsUnread }))
      .catch(() => {});
    return () => {
      previousChannelId = channel.id;
      // Leaving: what arrived while here was seen.
      markChannelViewedLocally(qc, channel.id);
      useUi.getState().setCurrent(teamId, '');
    };
  }, [qc, teamId, teamName, channel.id, channel.name, setCurrent]);

  useEffect(() => {
    if (!displayName) return;
    const team = qc.getQueryData<Team[]>(keys.teams)?.find((x) => x.id === teamId);
    document.title = `${channel.type === 'D' ? '@' : ''}${displayName}${team ? ` · ${team.display_name}` : ''} · ${t('app.name')}`;
    return () => {
      document.title = t('app.name');
    };
  }, [displayName, channel.type, teamId, qc]);

  return (
    <div className={`channel-area${threadRootId ? ' channel-area--thread' : ''}`}>
      <section className="channel" aria-labelledby="channel-title">
        <ChannelHeader channel={channel} />
        <MessageList channel={channel} />
        <TypingIndicator channelId={channel.id} parentId="" />
        <Composer channel={channel} rootId="" />
      </section>
      {threadRootId && <ThreadPane channel={channel} rootId={threadRootId} />}
    </div>
  );
}
