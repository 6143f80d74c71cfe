// TanStack Query keys, in one place so updates from live events hit the same entries.

export const keys = {
  me: ['me'] as const,
  config: ['config'] as const,
  adminConfig: ['adminConfig'] as const,
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
  channel: (id: string) => ['channel', id] as const,
  search: (teamId: string, terms: string, isOr: boolean) => ['search', teamId, terms, isOr] as const,
  searchAll: ['search'] as const,
  pinned: (channelId: string) => ['pinned', channelId] as const,
  pinnedAll: ['pinned'] as const,
  saved: ['saved'] as const,
  threads: (teamId: string) => ['userThreads', teamId] as const,
  threadsAll: ['userThreads'] as const,
  userThread: (teamId: string, threadId: string) => ['userThread', teamId, threadId] as const,
  userThreadAll: ['userThread'] as const,
  status: (userId: string) => ['status', userId] as const,
  categories: (teamId: string) => ['categories', teamId] as const,
  categoriesAll: ['categories'] as const,
  channelUsers: (channelId: string) => ['channelUsers', channelId] as const,
  /** The signed-in user's preferences (`GET /users/me/preferences`). */
  preferences: ['preferences'] as const,
  /** One of the signed-in user's channel memberships, fetched on its own (notification settings). */
  channelMember: (channelId: string) => ['channelMember', channelId] as const,
  /** A team's synced drafts were read from the server (the query only records when). */
  drafts: (teamId: string) => ['drafts', teamId] as const,
  draftsAll: ['drafts'] as const,
  /** The signed-in user's team memberships (their roles: who may edit a team). */
  myTeamMembers: ['myTeamMembers'] as const,
  /** The time zone names the server supports. */
  timezones: ['timezones'] as const,
  /** The teams all members of a group message share. */
  commonTeams: (channelId: string) => ['commonTeams', channelId] as const,
};
