import type { Channel } from '../api/types';
import { dmOtherUserId } from '../lib/format';
import { useUser } from './users';

/** What a channel is called in the UI: a DM by the other user's username. */
export function useChannelDisplayName(channel: Channel | undefined, myId: string): string {
  const otherId = channel?.type === 'D' ? dmOtherUserId(channel, myId) : undefined;
  const { data: other } = useUser(otherId);
  if (!channel) return '';
  if (channel.type === 'D') return other?.username ?? '';
  return channel.display_name || channel.name;
}
