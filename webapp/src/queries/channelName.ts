import type { Channel } from '../api/types';
import { dmOtherUserId } from '../lib/format';
import { useUser } from './users';

/**
 * What a channel is called in the UI: a DM by the other user's username, a group message by the
 * other members' usernames (its display name lists everyone, the user included).
 */
export function useChannelDisplayName(channel: Channel | undefined, myId: string): string {
  const otherId = channel?.type === 'D' ? dmOtherUserId(channel, myId) : undefined;
  const { data: other } = useUser(otherId);
  const { data: me } = useUser(channel?.type === 'G' ? myId : undefined);
  if (!channel) return '';
  if (channel.type === 'D') return other?.username ?? '';
  if (channel.type === 'G' && me) return groupName(channel.display_name, me.username);
  return channel.display_name || channel.name;
}

/** A group message's name without the user's own username. */
export function groupName(displayName: string, myUsername: string): string {
  const others = displayName
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n && n !== myUsername);
  return others.join(', ') || displayName;
}
