// Wire types of integrations (Mattermost API v4): message attachments and their actions,
// interactive dialogs, webhooks, slash commands, bots, access tokens and OAuth apps.
//
// Kept apart from `types.ts` on purpose: the tidy test checks `types.ts` against the structs the
// server's model crate serialises, and some of these shapes are not served yet. When the server
// serves one, its interface can move to `types.ts` (and into the tidy test's list).

/** `props.attachments[]` of a post (Slack's format). Every field is optional on the wire. */
export interface MessageAttachment {
  id?: number | string;
  fallback?: string;
  /** `#rrggbb` (or `#rgb`), or `good` / `warning` / `danger`. */
  color?: string;
  pretext?: string;
  author_name?: string;
  author_link?: string;
  author_icon?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: AttachmentField[];
  image_url?: string;
  thumb_url?: string;
  footer?: string;
  footer_icon?: string;
  /** Seconds since the epoch, as a number or a string. */
  ts?: number | string;
  actions?: PostAction[];
}

export interface AttachmentField {
  title: string;
  /** Markdown; integrations also send numbers. */
  value: unknown;
  short?: boolean;
}

export type PostActionStyle = 'default' | 'primary' | 'success' | 'good' | 'warning' | 'danger' | string;

/** A button or a menu of an attachment; the server strips `integration` and adds `cookie`. */
export interface PostAction {
  id: string;
  name: string;
  type?: 'button' | 'select' | string;
  tooltip?: string;
  disabled?: boolean;
  style?: PostActionStyle;
  /** For `select`: `users` or `channels` instead of static `options`. */
  data_source?: string;
  options?: PostActionOption[];
  default_option?: string;
  cookie?: string;
}

export interface PostActionOption {
  text: string;
  value: string;
}

/** `POST /posts/{post_id}/actions/{action_id}`'s answer. */
export interface PostActionResponse {
  status?: string;
  trigger_id?: string;
}

// ---- interactive dialogs

export type DialogElementType = 'text' | 'textarea' | 'select' | 'bool' | 'radio';

export interface DialogElement {
  display_name: string;
  name: string;
  type: DialogElementType | string;
  /** For `text`/`textarea`: `email`, `number`, `password`, `tel`, `url` (or empty). */
  subtype?: string;
  default?: string;
  placeholder?: string;
  help_text?: string;
  optional?: boolean;
  min_length?: number;
  max_length?: number;
  /** For `select`: `users` or `channels` instead of static `options`. */
  data_source?: string;
  options?: { text: string; value: string }[] | null;
}

export interface Dialog {
  callback_id?: string;
  title: string;
  introduction_text?: string;
  icon_url?: string;
  elements?: DialogElement[] | null;
  submit_label?: string;
  notify_on_cancel?: boolean;
  state?: string;
}

/** `open_dialog`'s `data.dialog` (a JSON string on the wire). */
export interface OpenDialogRequest {
  trigger_id: string;
  url: string;
  dialog: Dialog;
}

/** `POST /actions/dialogs/submit`'s body. */
export interface SubmitDialogRequest {
  url: string;
  callback_id: string;
  state: string;
  user_id: string;
  channel_id: string;
  team_id: string;
  submission: Record<string, unknown>;
  cancelled: boolean;
}

/** What the integration answered: an overall `error` and/or one message per element name. */
export interface SubmitDialogResponse {
  error?: string;
  errors?: Record<string, string>;
}

// ---- webhooks, slash commands

export interface IncomingWebhook {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  team_id: string;
  display_name: string;
  description: string;
  username: string;
  icon_url: string;
  channel_locked: boolean;
}

export interface OutgoingWebhook {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  channel_id: string;
  team_id: string;
  trigger_words: string[];
  /** 0: the first word is a trigger word exactly; 1: it starts with one. */
  trigger_when: number;
  callback_urls: string[];
  display_name: string;
  description: string;
  content_type: string;
  username: string;
  icon_url: string;
}

export interface Command {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  team_id: string;
  trigger: string;
  /** `P` (POST) or `G` (GET). */
  method: string;
  username: string;
  icon_url: string;
  auto_complete: boolean;
  auto_complete_desc: string;
  auto_complete_hint: string;
  display_name: string;
  description: string;
  url: string;
}

// ---- bots, tokens, OAuth apps

export interface Bot {
  user_id: string;
  username: string;
  display_name?: string;
  description?: string;
  owner_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
}

export interface UserAccessToken {
  id: string;
  /** Only in the answer to its creation: shown once. */
  token?: string;
  user_id: string;
  description: string;
  is_active: boolean;
}

export interface OAuthApp {
  id: string;
  creator_id: string;
  create_at: number;
  update_at: number;
  /** Only to its creator and admins; blank in other listings. */
  client_secret?: string;
  name: string;
  description: string;
  icon_url: string;
  callback_urls: string[];
  homepage: string;
  is_trusted: boolean;
}

/** `GET /oauth/apps/{id}/info`: what the consent page shows. */
export interface OAuthAppInfo {
  id: string;
  name: string;
  description: string;
  icon_url: string;
  homepage: string;
}

/** `{name, permissions}` of `POST /roles/names`. */
export interface RoleInfo {
  id?: string;
  name: string;
  permissions: string[];
}
