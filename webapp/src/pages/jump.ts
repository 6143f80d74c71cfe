// Jumping to a post: open its channel (in the channel's team) scrolled to it and highlighted,
// and for a reply its thread in the right-hand pane with the reply highlighted.

import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { Post, Team } from '../api/types';
import { keys } from '../queries/keys';
import { findCachedChannel } from '../queries/lookup';
import { useUi } from '../store/ui';
import type { FocusState } from './ChannelView';

/** The web address of a post's permalink. */
export function permalinkUrl(teamName: string, postId: string): string {
  return `${location.origin}/${teamName}/pl/${postId}`;
}

const narrow = () => typeof matchMedia === 'function' && matchMedia('(max-width: 768px)').matches;

export function useJumpToPost() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { team: currentTeam = '' } = useParams();
  return useCallback(
    async (post: Post, opts: { replace?: boolean } = {}) => {
      const channel = findCachedChannel(qc, post.channel_id) ?? (await api.getChannel(post.channel_id));
      let teamName = currentTeam;
      if (channel.team_id) {
        const teams = qc.getQueryData<Team[]>(keys.teams) ?? (await api.getMyTeams());
        teamName = teams.find((x) => x.id === channel.team_id)?.name ?? currentTeam;
      }
      const state: FocusState = { focus: post.root_id || post.id };
      navigate(`/${teamName}/channels/${channel.name}`, { state, replace: opts.replace ?? false });
      const ui = useUi.getState();
      if (post.root_id) ui.openThread(post.root_id, post.channel_id, post.id);
      else if (narrow()) ui.closeRhs();
    },
    [qc, navigate, currentTeam],
  );
}
