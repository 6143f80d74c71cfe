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
  FileUploadResponse,
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

/** The newest page of root posts (replies live in threads). */
export const getChannelPosts = (channelId: string, signal?: AbortSignal) =>
  request<PostList>(
    `/channels/${enc(channelId)}/posts?page=0&per_page=${POSTS_PER_PAGE}&collapsedThreads=true`,
    { signal },
  );

export const getChannelPostsBefore = (channelId: string, beforeId: string) =>
  request<PostList>(
    `/channels/${enc(channelId)}/posts?before=${enc(beforeId)}&per_page=${POSTS_PER_PAGE}&collapsedThreads=true`,
  );

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

export const searchPosts = (teamId: string, terms: string) =>
  request<PostSearchResults>(`/teams/${enc(teamId)}/posts/search`, {
    method: 'POST',
    body: { terms, is_or_search: false, page: 0, per_page: 20 },
  });

// ---- files

/** Uploads files to a channel; `channel_id` must come before the files in the form. */
export const uploadFiles = (channelId: string, files: File[]) => {
  const form = new FormData();
  form.append('channel_id', channelId);
  for (const f of files) form.append('files', f, f.name);
  return request<FileUploadResponse>('/files', { method: 'POST', body: form });
};

export const fileUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}`;
export const fileDownloadUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}?download=1`;
export const fileThumbnailUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}/thumbnail`;
export const filePreviewUrl = (fileId: string) => `/api/v4/files/${enc(fileId)}/preview`;
