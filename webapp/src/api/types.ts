// Wire types: the Mattermost API v4 JSON shapes the web app reads and writes.
// Only the fields the app uses are listed; servers send more, which is fine.

/** Every error body: `{id, message, detailed_error, request_id, status_code}`. */
export interface AppErrorBody {
  id: string;
  message: string;
  detailed_error?: string;
  request_id?: string;
  status_code: number;
}

export interface User {
  id: string;
  username: string;
  email?: string;
  nickname?: string;
  first_name?: string;
  last_name?: string;
  position?: string;
  roles: string;
  locale?: string;
  create_at?: number;
  update_at?: number;
  delete_at?: number;
  last_picture_update?: number;
  is_bot?: boolean;
  /** Free-form strings; `customStatus` holds the custom status as JSON. */
  props?: Record<string, string>;
}

export type TeamType = 'O' | 'I';

export interface Team {
  id: string;
  name: string;
  display_name: string;
  description?: string;
  type: TeamType;
  invite_id?: string;
  allow_open_invite?: boolean;
  create_at?: number;
  update_at?: number;
  delete_at: number;
  /** When the team's icon was last set (ms); 0 or absent: no icon, initials are shown. */
  last_team_icon_update?: number;
}

/** One of the user's team memberships (`GET /users/me/teams/members`). */
export interface TeamMember {
  team_id: string;
  user_id: string;
  /** Space-separated: `team_user`, `team_admin`, … */
  roles: string;
  scheme_admin?: boolean;
  delete_at?: number;
}

/** `GET /users/me/teams/unread`: unread values summed over the user's channels of a team. */
export interface TeamUnread {
  team_id: string;
  msg_count: number;
  mention_count: number;
  /** Root posts only (collapsed reply threads), which the sidebar shows. */
  msg_count_root?: number;
  mention_count_root?: number;
}

/** `O` public, `P` private, `D` direct (2 users), `G` group. */
export type ChannelType = 'O' | 'P' | 'D' | 'G';

export interface Channel {
  id: string;
  team_id: string;
  type: ChannelType;
  name: string;
  display_name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  total_msg_count: number;
  /** Root posts only: what a channel shows with collapsed reply threads. */
  total_msg_count_root: number;
  creator_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** `POST /channels/search` answers channels with the name of their team. */
export interface ChannelWithTeamData extends Channel {
  team_display_name?: string;
  team_name?: string;
}

export interface ChannelMember {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  /** Messages the user has seen: the channel's `total_msg_count` at the last view. */
  msg_count: number;
  /** Unread mentions, reset by a view. */
  mention_count: number;
  /** The same two counted over root posts only (collapsed reply threads). */
  msg_count_root: number;
  mention_count_root: number;
  notify_props?: Record<string, string>;
  last_update_at?: number;
}

export interface ChannelStats {
  channel_id: string;
  member_count: number;
  pinnedpost_count?: number;
  files_count?: number;
}

export interface FileInfo {
  id: string;
  user_id?: string;
  post_id?: string;
  channel_id?: string;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width?: number;
  height?: number;
  has_preview_image?: boolean;
  create_at?: number;
  delete_at?: number;
}

export interface FileUploadResponse {
  file_infos: FileInfo[];
  client_ids?: string[];
}

export interface Reaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
  channel_id?: string;
}

export interface PostMetadata {
  files?: FileInfo[];
  reactions?: Reaction[];
}

export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  /** `""` for a normal post; any type starting with `system_` is a system message. */
  type: string;
  props: Record<string, unknown>;
  file_ids?: string[];
  pending_post_id?: string;
  reply_count?: number;
  last_reply_at?: number;
  is_pinned?: boolean;
  metadata?: PostMetadata;
}

export interface PostList {
  /** Post ids, newest first. */
  order: string[];
  posts: Record<string, Post>;
  next_post_id: string;
  prev_post_id: string;
  has_next?: boolean;
}

export interface PostSearchResults extends PostList {
  matches?: Record<string, string[]> | null;
}

/** `GET /config/client?format=old`: every value is a string. */
export type ClientConfig = Record<string, string>;

export interface ChannelViewResponse {
  status: string;
  last_viewed_at_times?: Record<string, number>;
}

/** `broadcast`: who an event was sent to. */
export interface WsBroadcast {
  omit_users?: Record<string, boolean> | null;
  user_id?: string;
  channel_id?: string;
  team_id?: string;
  connection_id?: string;
  omit_connection_id?: string;
}

/** A server → client event: `{event, data, broadcast, seq}`. Many `data` values are JSON strings. */
export interface WsEventEnvelope {
  event: string;
  data: Record<string, unknown>;
  broadcast?: WsBroadcast;
  seq: number;
}

/** A server → client reply to one of our actions. */
export interface WsReplyEnvelope {
  status: 'OK' | 'FAIL';
  seq_reply: number;
  data?: Record<string, unknown>;
  error?: AppErrorBody;
}

/** A client → server action: `{seq, action, data}`. */
export interface WsAction {
  seq: number;
  action: string;
  data?: Record<string, unknown>;
}

// ---- user settings and notifications

/** A user's notification settings (`notify_props`): every value is a string. */
export type UserNotifyProps = Record<string, string>;

/** The signed-in user's own view also carries their notification settings and time zone. */
export interface User {
  notify_props?: UserNotifyProps;
  timezone?: Record<string, string>;
}

/** `{user_id, category, name, value}`, all strings; unique per (user, category, name). */
export interface Preference {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

/** `PUT /users/{id}/patch`: the fields a user edits on their profile. */
export interface UserPatch {
  first_name?: string;
  last_name?: string;
  nickname?: string;
  position?: string;
  notify_props?: UserNotifyProps;
  /** Replaces the whole map: send it complete. */
  timezone?: Record<string, string>;
}

// ---- threads, search, status

/** One followed thread (`ThreadResponse`) of `GET /users/{id}/teams/{team}/threads`. */
export interface UserThread {
  id: string;
  reply_count: number;
  last_reply_at: number;
  last_viewed_at: number;
  participants: User[];
  post: Post;
  unread_replies: number;
  unread_mentions: number;
  delete_at?: number;
}

export interface UserThreadList {
  total: number;
  total_unread_threads: number;
  total_unread_mentions: number;
  threads: UserThread[];
}

/** `POST /teams/{id}/posts/search`'s body. */
export interface SearchParams {
  terms: string;
  is_or_search: boolean;
  time_zone_offset?: number;
  include_deleted_channels?: boolean;
  page: number;
  per_page: number;
}

/** `online`, `away`, `dnd` or `offline`. */
export type StatusValue = 'online' | 'away' | 'dnd' | 'offline';

export interface UserStatus {
  user_id: string;
  status: StatusValue;
  manual?: boolean;
  last_activity_at?: number;
  dnd_end_time?: number;
}

export interface CustomStatus {
  emoji: string;
  text: string;
  /** `today`, `thirty_minutes`, `one_hour`, `four_hours`, `this_week`, `date_and_time` or `` (never). */
  duration?: string;
  /** RFC 3339 time it ends, when it does. */
  expires_at?: string;
}

/** A custom emoji (`GET /emoji`); its image is `GET /emoji/{id}/image`. */
export interface CustomEmoji {
  id: string;
  creator_id: string;
  name: string;
  create_at: number;
  update_at?: number;
  delete_at: number;
}

// ---- sidebar categories

export type CategoryType = 'favorites' | 'channels' | 'direct_messages' | 'custom';

/** `""` is the category's default: alphabetical for channels, by recent activity for DMs. */
export type CategorySorting = '' | 'alpha' | 'recent' | 'manual';

/** `SidebarCategoryWithChannels`. */
export interface SidebarCategory {
  id: string;
  user_id: string;
  team_id: string;
  sort_order: number;
  sorting: CategorySorting;
  type: CategoryType;
  display_name: string;
  muted: boolean;
  collapsed: boolean;
  /** In display order (for `manual` sorting). */
  channel_ids: string[];
}

export interface SidebarCategories {
  categories: SidebarCategory[];
  order: string[];
}

// ---- synced drafts

/**
 * A draft kept on the server (`POST /drafts`, `GET /users/{id}/teams/{team}/drafts`), one per
 * channel and thread of a user; `draft_created`/`draft_updated`/`draft_deleted` carry it as a
 * JSON string in `data.draft`.
 */
export interface Draft {
  create_at: number;
  update_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  /** `""` for the channel's own composer, the thread's root post id for a reply. */
  root_id: string;
  message: string;
  props: Record<string, unknown>;
  file_ids?: string[];
  priority?: Record<string, unknown>;
}
