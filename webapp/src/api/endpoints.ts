// One typed function per API v4 call the web app makes.

import { request } from './client';
import type {
  Channel,
  ChannelMember,
  ChannelStats,
  ChannelType,
  ChannelViewResponse,
  ClientConfig,
  FileInfo,
  Post,
  PostList,
  PostSearchResults,
  Reaction,
  Team,
  TeamUnread,
  User,
} from './types';

const enc = encodeURIComponent;

// ---- users and sessions

export const login = (loginId: string, password: string) =>
  request<User>('/users/login', {
    method: 'POST',
    body: { login_id: loginId, password },
    quiet401: true,
  });

export const logout = () => request<unknown>('/users/logout', { method: 'POST', quiet401: true });

export const getMe = () => request<User>('/users/me', { quiet401: true });

/** Asks whether the session still holds; a 401 sends the app to the login page. */
export const checkSession = () => request<User>('/users/me');

export const createUser = (
  user: { email: string; username: string; password: string },
  inviteId?: string,
) =>
  request<User>(inviteId ? `/users?iid=${enc(inviteId)}` : '/users', {
    method: 'POST',
    body: user,
    quiet401: true,
  });

export const getUsersByIds = (ids: string[]) =>
  request<User[]>('/users/ids', { method: 'POST', body: ids });

export const autocompleteUsers = (teamId: string, name: string) =>
  request<{ users: User[]; out_of_channel?: User[] }>(
    `/users/autocomplete?in_team=${enc(teamId)}&name=${enc(name)}`,
  );

/** Users for `@` autocomplete: those in the channel, then the team's others (`out_of_channel`). */
export const autocompleteUsersInChannel = (teamId: string, channelId: string, name: string) =>
  request<{ users: User[]; out_of_channel?: User[] }>(
    `/users/autocomplete?${teamId ? `in_team=${enc(teamId)}&` : ''}in_channel=${enc(channelId)}&name=${enc(name)}&limit=25`,
  );

export const userImageUrl = (userId: string, lastPictureUpdate?: number) =>
  `/api/v4/users/${enc(userId)}/image` + (lastPictureUpdate ? `?_=${lastPictureUpdate}` : '');

export const getClientConfig = () =>
  request<ClientConfig>('/config/client?format=old', { quiet401: true });

// ---- teams

export const getMyTeams = () => request<Team[]>('/users/me/teams');

export const getMyTeamsUnread = () => request<TeamUnread[]>('/users/me/teams/unread');

export const getTeam = (teamId: string) => request<Team>(`/teams/${enc(teamId)}`);

export const createTeam = (name: string, displayName: string) =>
  request<Team>('/teams', {
    method: 'POST',
    body: { name, display_name: displayName, type: 'O' },
  });

// ---- channels

export const getMyChannels = (teamId: string) =>
  request<Channel[]>(`/users/me/teams/${enc(teamId)}/channels`);

export const getMyChannelMembers = (teamId: string) =>
  request<ChannelMember[]>(`/users/me/teams/${enc(teamId)}/channels/members`);

export const getPublicChannels = (teamId: string, page = 0, perPage = 200) =>
  request<Channel[]>(`/teams/${enc(teamId)}/channels?page=${page}&per_page=${perPage}`);

export const getChannelByName = (teamId: string, name: string) =>
  request<Channel>(`/teams/${enc(teamId)}/channels/name/${enc(name)}`);

export const getChannel = (channelId: string) => request<Channel>(`/channels/${enc(channelId)}`);

export const getChannelStats = (channelId: string) =>
  request<ChannelStats>(`/channels/${enc(channelId)}/stats`);

export const createChannel = (c: {
  team_id: string;
  name: string;
  display_name: string;
  type: Extract<ChannelType, 'O' | 'P'>;
  purpose?: string;
}) => request<Channel>('/channels', { method: 'POST', body: c });

export const joinChannel = (channelId: string, userId: string) =>
  request<ChannelMember>(`/channels/${enc(channelId)}/members`, {
    method: 'POST',
    body: { user_id: userId },
  });

export const createDirectChannel = (myId: string, otherId: string) =>
  request<Channel>('/channels/direct', { method: 'POST', body: [myId, otherId] });

export const viewChannel = (channelId: string, prevChannelId = '') =>
  request<ChannelViewResponse>('/channels/members/me/view', {
    method: 'POST',
    body: { channel_id: channelId, prev_channel_id: prevChannelId },
  });

// ---- posts

export const POSTS_PER_PAGE = 60;

/**
 * The newest page of a channel: root posts only with collapsed reply threads (`crt`, replies
 * live in their threads), every post without.
 */
export const getChannelPosts = (channelId: string, crt: boolean, signal?: AbortSignal) =>
  request<PostList>(`/channels/${enc(channelId)}/posts?page=0&per_page=${POSTS_PER_PAGE}&collapsedThreads=${crt}`, {
    signal,
  });

export const getChannelPostsBefore = (channelId: string, beforeId: string, crt: boolean, perPage = POSTS_PER_PAGE) =>
  request<PostList>(
    `/channels/${enc(channelId)}/posts?before=${enc(beforeId)}&per_page=${perPage}&collapsedThreads=${crt}`,
  );

export const getChannelPostsAfter = (channelId: string, afterId: string, crt: boolean, perPage = POSTS_PER_PAGE) =>
  request<PostList>(
    `/channels/${enc(channelId)}/posts?after=${enc(afterId)}&per_page=${perPage}&collapsedThreads=${crt}`,
  );

/** Posts around the user's last view of the channel (`prev_post_id`/`next_post_id` say if more exist). */
export const getPostsAroundUnread = (
  userId: string,
  channelId: string,
  crt: boolean,
  before = 30,
  after = 30,
  signal?: AbortSignal,
) =>
  request<PostList>(
    `/users/${enc(userId)}/channels/${enc(channelId)}/posts/unread?limit_before=${before}&limit_after=${after}&collapsedThreads=${crt}`,
    { signal },
  );

export const getPost = (postId: string) => request<Post>(`/posts/${enc(postId)}`);

export const getThread = (rootId: string, signal?: AbortSignal) =>
  request<PostList>(`/posts/${enc(rootId)}/thread`, { signal });

export const createPost = (p: {
  channel_id: string;
  message: string;
  root_id?: string;
  file_ids?: string[];
  pending_post_id?: string;
}) => request<Post>('/posts', { method: 'POST', body: p });

export const getPostFiles = (postId: string) => request<FileInfo[]>(`/posts/${enc(postId)}/files/info`);

export const patchPost = (postId: string, message: string) =>
  request<Post>(`/posts/${enc(postId)}/patch`, { method: 'PUT', body: { message } });

export const deletePost = (postId: string) =>
  request<unknown>(`/posts/${enc(postId)}`, { method: 'DELETE' });

export const addReaction = (userId: string, postId: string, emojiName: string) =>
  request<Reaction>('/reactions', {
    method: 'POST',
    body: { user_id: userId, post_id: postId, emoji_name: emojiName },
  });

export const removeReaction = (userId: string, postId: string, emojiName: string) =>
  request<unknown>(
    `/users/${enc(userId)}/posts/${enc(postId)}/reactions/${enc(emojiName)}`,
    { method: 'DELETE' },
  );

// ---- files (uploads: upload.ts)

export const fileUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}`;
export const fileDownloadUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}?download=1`;
export const fileThumbnailUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}/thumbnail`;
export const filePreviewUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}/preview`;

// ---- user settings, preferences and notification settings

import type { Preference, UserPatch } from './types';

export const getMyPreferences = () => request<Preference[]>('/users/me/preferences');

/** Saves (upserts) preferences; the server answers with a status and sends `preferences_changed`. */
export const savePreferences = (userId: string, prefs: Preference[]) =>
  request<unknown>(`/users/${enc(userId)}/preferences`, { method: 'PUT', body: prefs });

export const deletePreferences = (userId: string, prefs: Preference[]) =>
  request<unknown>(`/users/${enc(userId)}/preferences/delete`, { method: 'POST', body: prefs });

/** `notify_props`, when given, replaces the whole map: send it complete. */
export const patchUser = (userId: string, patch: UserPatch) =>
  request<User>(`/users/${enc(userId)}/patch`, { method: 'PUT', body: patch });

export const uploadProfileImage = (userId: string, image: File) => {
  const form = new FormData();
  form.append('image', image, image.name);
  return request<unknown>(`/users/${enc(userId)}/image`, { method: 'POST', body: form });
};

export const deleteProfileImage = (userId: string) =>
  request<unknown>(`/users/${enc(userId)}/image`, { method: 'DELETE' });

export const updatePassword = (userId: string, currentPassword: string, newPassword: string) =>
  request<unknown>(`/users/${enc(userId)}/password`, {
    method: 'PUT',
    body: { current_password: currentPassword, new_password: newPassword },
  });

export const getChannelMember = (channelId: string, userId: string) =>
  request<ChannelMember>(`/channels/${enc(channelId)}/members/${enc(userId)}`);

/** A partial map: only the keys sent change. */
export const updateChannelNotifyProps = (channelId: string, userId: string, props: Record<string, string>) =>
  request<unknown>(`/channels/${enc(channelId)}/members/${enc(userId)}/notify_props`, {
    method: 'PUT',
    body: props,
  });

// ---- threads, pins, saved posts, search, status, channel members

import type { CustomStatus, SearchParams, StatusValue, UserStatus, UserThread, UserThreadList } from './types';

export const getUserThreads = (
  userId: string,
  teamId: string,
  opts: { unread?: boolean; before?: string; perPage?: number } = {},
) =>
  request<UserThreadList>(
    `/users/${enc(userId)}/teams/${enc(teamId)}/threads?extended=true&per_page=${opts.perPage ?? 25}` +
      (opts.unread ? '&unread=true' : '') +
      (opts.before ? `&before=${enc(opts.before)}` : ''),
  );

export const markThreadRead = (userId: string, teamId: string, threadId: string, at: number) =>
  request<UserThread>(`/users/${enc(userId)}/teams/${enc(teamId)}/threads/${enc(threadId)}/read/${at}`, {
    method: 'PUT',
  });

export const setThreadFollowing = (userId: string, teamId: string, threadId: string, follow: boolean) =>
  request<unknown>(`/users/${enc(userId)}/teams/${enc(teamId)}/threads/${enc(threadId)}/following`, {
    method: follow ? 'PUT' : 'DELETE',
  });

export const markAllThreadsRead = (userId: string, teamId: string) =>
  request<unknown>(`/users/${enc(userId)}/teams/${enc(teamId)}/threads/read`, { method: 'PUT' });

export const pinPost = (postId: string, pin: boolean) =>
  request<unknown>(`/posts/${enc(postId)}/${pin ? 'pin' : 'unpin'}`, { method: 'POST' });

export const getPinnedPosts = (channelId: string) => request<PostList>(`/channels/${enc(channelId)}/pinned`);

export const getFlaggedPosts = (userId: string) =>
  request<PostList>(`/users/${enc(userId)}/posts/flagged?per_page=60`);

export const searchTeamPosts = (teamId: string, params: SearchParams) =>
  request<PostSearchResults>(`/teams/${enc(teamId)}/posts/search`, { method: 'POST', body: params });

export const markPostUnread = (userId: string, postId: string) =>
  request<unknown>(`/users/${enc(userId)}/posts/${enc(postId)}/set_unread`, { method: 'POST' });

export const getStatusesByIds = (ids: string[]) =>
  request<UserStatus[]>('/users/status/ids', { method: 'POST', body: ids });

export const setMyStatus = (userId: string, status: StatusValue, dndEndTime?: number) =>
  request<UserStatus>(`/users/${enc(userId)}/status`, {
    method: 'PUT',
    body: { user_id: userId, status, ...(dndEndTime ? { dnd_end_time: dndEndTime } : {}) },
  });

export const setCustomStatus = (userId: string, status: CustomStatus) =>
  request<unknown>(`/users/${enc(userId)}/status/custom`, { method: 'PUT', body: status });

export const clearCustomStatus = (userId: string) =>
  request<unknown>(`/users/${enc(userId)}/status/custom`, { method: 'DELETE' });

export const getChannelMembersPage = (channelId: string, page = 0, perPage = 100) =>
  request<ChannelMember[]>(`/channels/${enc(channelId)}/members?page=${page}&per_page=${perPage}`);

export const getUsersInChannel = (channelId: string, page = 0, perPage = 100) =>
  request<User[]>(`/users?in_channel=${enc(channelId)}&page=${page}&per_page=${perPage}&sort=status`);

export const leaveChannel = (channelId: string, userId: string) =>
  request<unknown>(`/channels/${enc(channelId)}/members/${enc(userId)}`, { method: 'DELETE' });

export const archiveChannel = (channelId: string) =>
  request<unknown>(`/channels/${enc(channelId)}`, { method: 'DELETE' });

export const createGroupChannel = (userIds: string[]) =>
  request<Channel>('/channels/group', { method: 'POST', body: userIds });

export const getOpenTeams = () => request<Team[]>('/teams?page=0&per_page=200');

export const joinTeam = (teamId: string, userId: string) =>
  request<unknown>(`/teams/${enc(teamId)}/members`, { method: 'POST', body: { team_id: teamId, user_id: userId } });

export const autocompleteChannels = (teamId: string, name: string) =>
  request<Channel[]>(`/teams/${enc(teamId)}/channels/autocomplete?name=${enc(name)}`);

export const getAutocompleteCommands = (teamId: string) =>
  request<Array<{ trigger: string; auto_complete_desc?: string; auto_complete_hint?: string; display_name?: string }>>(
    `/teams/${enc(teamId)}/commands/autocomplete`,
  );

export const executeCommand = (channelId: string, command: string, rootId = '') =>
  request<{ goto_location?: string; trigger_id?: string }>('/commands/execute', {
    method: 'POST',
    body: { channel_id: channelId, command, root_id: rootId },
  });

// ---- custom emoji

import type { CustomEmoji } from './types';

/** One page of custom emoji, by name; answers 501 when custom emoji are off. */
export const getCustomEmoji = (page = 0, perPage = 200) =>
  request<CustomEmoji[]>(`/emoji?page=${page}&per_page=${perPage}&sort=name`);

export const customEmojiImageUrl = (emojiId: string) => `/api/v4/emoji/${enc(emojiId)}/image`;

// ---- sidebar categories

import type { SidebarCategories, SidebarCategory } from './types';

const categoriesPath = (userId: string, teamId: string) =>
  `/users/${enc(userId)}/teams/${enc(teamId)}/channels/categories`;

export const getCategories = (userId: string, teamId: string) =>
  request<SidebarCategories>(categoriesPath(userId, teamId));

/** Updates several categories at once (moving a channel between two is one call). */
export const updateCategories = (userId: string, teamId: string, categories: SidebarCategory[]) =>
  request<SidebarCategory[]>(categoriesPath(userId, teamId), { method: 'PUT', body: categories });

// ---- channel editing and members

export const patchChannel = (channelId: string, patch: { display_name?: string; purpose?: string; header?: string }) =>
  request<Channel>(`/channels/${enc(channelId)}/patch`, { method: 'PUT', body: patch });

export const addChannelMembers = (channelId: string, userIds: string[]) =>
  request<ChannelMember[]>(`/channels/${enc(channelId)}/members`, { method: 'POST', body: { user_ids: userIds } });

// ---- synced drafts

import type { ChannelWithTeamData, Draft, TeamMember } from './types';

/**
 * Creates or replaces the user's draft of a channel or thread. `connectionId` (our socket's) keeps
 * the server's `draft_updated` event from coming back to this tab.
 */
export const upsertDraft = (draft: Draft, connectionId = '') =>
  request<Draft>('/drafts', {
    method: 'POST',
    body: draft,
    ...(connectionId ? { headers: { 'Connection-Id': connectionId } } : {}),
  });

/** The user's drafts in a team's channels and in their direct and group messages. */
export const getTeamDrafts = (userId: string, teamId: string) =>
  request<Draft[]>(`/users/${enc(userId)}/teams/${enc(teamId)}/drafts`);

export const deleteDraft = (userId: string, channelId: string, rootId = '', connectionId = '') =>
  request<unknown>(`/users/${enc(userId)}/channels/${enc(channelId)}/drafts${rootId ? `/${enc(rootId)}` : ''}`, {
    method: 'DELETE',
    ...(connectionId ? { headers: { 'Connection-Id': connectionId } } : {}),
  });

// ---- team settings and icons

/** The team's icon; `lastUpdate` (the team's `last_team_icon_update`) makes a new icon a new URL. */
export const teamIconUrl = (teamId: string, lastUpdate: number) =>
  `/api/v4/teams/${enc(teamId)}/image?_=${lastUpdate}`;

export const uploadTeamIcon = (teamId: string, image: File) => {
  const form = new FormData();
  form.append('image', image, image.name);
  return request<unknown>(`/teams/${enc(teamId)}/image`, { method: 'POST', body: form });
};

export const removeTeamIcon = (teamId: string) =>
  request<unknown>(`/teams/${enc(teamId)}/image`, { method: 'DELETE' });

export const patchTeam = (teamId: string, patch: { display_name?: string; description?: string }) =>
  request<Team>(`/teams/${enc(teamId)}/patch`, { method: 'PUT', body: patch });

/** The signed-in user's memberships of all their teams (their roles in each). */
export const getMyTeamMembers = () => request<TeamMember[]>('/users/me/teams/members');

// ---- time zones

/** The IANA time zone names the server supports, for the manual time zone picker. */
export const getSupportedTimezones = () => request<string[]>('/system/timezones');

// ---- channel search

/** The team's public channels whose name contains `term` (Browse channels). */
export const searchTeamChannels = (teamId: string, term: string) =>
  request<Channel[]>(`/teams/${enc(teamId)}/channels/search`, { method: 'POST', body: { term } });

/**
 * Channels the user may open, over all their teams, whose name contains `term`: what
 * Mattermost's quick switcher asks (`system_console=false` is the non-admin search).
 */
export const searchAllChannels = (term: string) =>
  request<ChannelWithTeamData[]>('/channels/search?system_console=false', { method: 'POST', body: { term } });

// ---- group message → private channel

/** The teams every member of a group message belongs to: where it can become a channel. */
export const getGroupMessageCommonTeams = (channelId: string) =>
  request<Team[]>(`/channels/${enc(channelId)}/common_teams`);

export const convertGroupMessageToChannel = (
  channelId: string,
  target: { team_id: string; name: string; display_name: string },
) =>
  request<Channel>(`/channels/${enc(channelId)}/convert_to_channel?team_id=${enc(target.team_id)}`, {
    method: 'POST',
    body: { channel_id: channelId, ...target },
  });
