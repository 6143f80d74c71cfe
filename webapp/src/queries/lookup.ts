// Finding what is already cached, without a request: channels and the user's memberships of
// every team's lists (DMs and group messages are in every team's).

import type { QueryClient } from '@tanstack/react-query';
import type { Channel, ChannelMember } from '../api/types';
import { keys } from './keys';

export function findCachedChannel(qc: QueryClient, channelId: string): Channel | undefined {
  for (const [, list] of qc.getQueriesData<Channel[]>({ queryKey: keys.channelsAll })) {
    const c = list?.find((x) => x.id === channelId);
    if (c) return c;
  }
  return undefined;
}

export function findCachedMember(qc: QueryClient, channelId: string): ChannelMember | undefined {
  for (const [, list] of qc.getQueriesData<ChannelMember[]>({ queryKey: keys.membersAll })) {
    const m = list?.find((x) => x.channel_id === channelId);
    if (m) return m;
  }
  return undefined;
}
