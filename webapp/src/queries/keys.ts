// TanStack Query keys, in one place so updates from live events hit the same entries.

export const keys = {
  me: ['me'] as const,
  config: ['config'] as const,
  teams: ['teams'] as const,
  teamsUnread: ['teamsUnread'] as const,
  channelsAll: ['channels'] as const,
  channels: (teamId: string) => ['channels', teamId] as const,
  membersAll: ['channelMembers'] as const,
  members: (teamId: string) => ['channelMembers', teamId] as const,
  publicChannels: (teamId: string) => ['publicChannels', teamId] as const,
  stats: (channelId: string) => ['channelStats', channelId] as const,
  postsAll: ['posts'] as const,
  posts: (channelId: string) => ['posts', channelId] as const,
  threadAll: ['thread'] as const,
  thread: (rootId: string) => ['thread', rootId] as const,
  user: (id: string) => ['user', id] as const,
};
