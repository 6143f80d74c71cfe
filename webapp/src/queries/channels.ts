// A channel by id: from the cached lists when there, else fetched (a search result or a
// permalink in a channel the lists do not hold yet).

import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import { keys } from './keys';
import { findCachedChannel } from './lookup';

export function useChannelById(channelId: string | undefined) {
  const qc = useQueryClient();
  const cached = channelId ? findCachedChannel(qc, channelId) : undefined;
  const q = useQuery({
    queryKey: keys.channel(channelId ?? ''),
    queryFn: () => api.getChannel(channelId ?? ''),
    enabled: !!channelId && !cached,
    staleTime: 60 * 1000,
  });
  return { channel: cached ?? q.data, error: cached ? null : q.error, isPending: !cached && q.isPending };
}
