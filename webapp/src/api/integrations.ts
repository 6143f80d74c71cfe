// One typed function per API v4 call of integrations: message actions, dialogs, webhooks, slash
// commands, bots, personal access tokens, OAuth apps and the OAuth consent, roles.

import { request } from './client';
import type {
  Bot,
  Command,
  IncomingWebhook,
  OAuthApp,
  OAuthAppInfo,
  OutgoingWebhook,
  PostActionResponse,
  RoleInfo,
  SubmitDialogRequest,
  SubmitDialogResponse,
  UserAccessToken,
} from './integrationTypes';

const enc = encodeURIComponent;

// ---- message actions and dialogs

/**
 * Clicks a button or picks an option of a message attachment. `cookie` (given by the server with
 * the action) lets it find the action of a post it did not store (an ephemeral one).
 */
export const doPostAction = (postId: string, actionId: string, cookie = '', selectedOption = '') =>
  request<PostActionResponse>(`/posts/${enc(postId)}/actions/${enc(actionId)}`, {
    method: 'POST',
    body: { selected_option: selectedOption, ...(cookie ? { cookie } : {}) },
  });

export const submitDialog = (body: SubmitDialogRequest) =>
  request<SubmitDialogResponse | undefined>('/actions/dialogs/submit', { method: 'POST', body });

// ---- roles: the permissions the app evaluates locally

export const getRolesByNames = (names: string[]) =>
  request<RoleInfo[]>('/roles/names', { method: 'POST', body: names });

// ---- incoming webhooks

export type IncomingWebhookInput = Pick<
  IncomingWebhook,
  'channel_id' | 'display_name' | 'description' | 'username' | 'icon_url' | 'channel_locked'
>;

export const getIncomingHooks = (teamId: string, page = 0, perPage = 200) =>
  request<IncomingWebhook[]>(`/hooks/incoming?team_id=${enc(teamId)}&page=${page}&per_page=${perPage}`);

export const createIncomingHook = (hook: IncomingWebhookInput) =>
  request<IncomingWebhook>('/hooks/incoming', { method: 'POST', body: hook });

export const updateIncomingHook = (hook: IncomingWebhook) =>
  request<IncomingWebhook>(`/hooks/incoming/${enc(hook.id)}`, { method: 'PUT', body: hook });

export const deleteIncomingHook = (id: string) =>
  request<unknown>(`/hooks/incoming/${enc(id)}`, { method: 'DELETE' });

// ---- outgoing webhooks

export type OutgoingWebhookInput = Pick<
  OutgoingWebhook,
  | 'team_id'
  | 'channel_id'
  | 'display_name'
  | 'description'
  | 'trigger_words'
  | 'trigger_when'
  | 'callback_urls'
  | 'content_type'
  | 'username'
  | 'icon_url'
>;

export const getOutgoingHooks = (teamId: string, page = 0, perPage = 200) =>
  request<OutgoingWebhook[]>(`/hooks/outgoing?team_id=${enc(teamId)}&page=${page}&per_page=${perPage}`);

export const createOutgoingHook = (hook: OutgoingWebhookInput) =>
  request<OutgoingWebhook>('/hooks/outgoing', { method: 'POST', body: hook });

export const updateOutgoingHook = (hook: OutgoingWebhook) =>
  request<OutgoingWebhook>(`/hooks/outgoing/${enc(hook.id)}`, { method: 'PUT', body: hook });

export const deleteOutgoingHook = (id: string) =>
  request<unknown>(`/hooks/outgoing/${enc(id)}`, { method: 'DELETE' });

export const regenOutgoingHookToken = (id: string) =>
  request<OutgoingWebhook>(`/hooks/outgoing/${enc(id)}/regen_token`, { method: 'POST' });

// ---- slash commands

export type CommandInput = Pick<
  Command,
  | 'team_id'
  | 'trigger'
  | 'url'
  | 'method'
  | 'username'
  | 'icon_url'
  | 'auto_complete'
  | 'auto_complete_desc'
  | 'auto_complete_hint'
  | 'display_name'
  | 'description'
>;

export const getCustomCommands = (teamId: string) =>
  request<Command[]>(`/commands?team_id=${enc(teamId)}&custom_only=true`);

export const createCommand = (cmd: CommandInput) => request<Command>('/commands', { method: 'POST', body: cmd });

export const updateCommand = (cmd: Command) =>
  request<Command>(`/commands/${enc(cmd.id)}`, { method: 'PUT', body: cmd });

export const deleteCommand = (id: string) => request<unknown>(`/commands/${enc(id)}`, { method: 'DELETE' });

export const regenCommandToken = (id: string) =>
  request<{ token: string }>(`/commands/${enc(id)}/regen_token`, { method: 'PUT' });

// ---- bots

export const getBots = (includeDeleted = true, page = 0, perPage = 200) =>
  request<Bot[]>(`/bots?include_deleted=${includeDeleted}&page=${page}&per_page=${perPage}`);

export const createBot = (bot: { username: string; display_name: string; description: string }) =>
  request<Bot>('/bots', { method: 'POST', body: bot });

export const patchBot = (botId: string, patch: { username?: string; display_name?: string; description?: string }) =>
  request<Bot>(`/bots/${enc(botId)}`, { method: 'PUT', body: patch });

export const setBotEnabled = (botId: string, enabled: boolean) =>
  request<Bot>(`/bots/${enc(botId)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' });

// ---- personal access tokens (a user's, or a bot's)

export const getUserTokens = (userId: string, page = 0, perPage = 200) =>
  request<UserAccessToken[]>(`/users/${enc(userId)}/tokens?page=${page}&per_page=${perPage}`);

/** The answer carries `token`: the only time it is shown. */
export const createUserToken = (userId: string, description: string) =>
  request<UserAccessToken>(`/users/${enc(userId)}/tokens`, { method: 'POST', body: { description } });

export const revokeUserToken = (tokenId: string) =>
  request<unknown>('/users/tokens/revoke', { method: 'POST', body: { token_id: tokenId } });

export const setUserTokenEnabled = (tokenId: string, enabled: boolean) =>
  request<unknown>(`/users/tokens/${enabled ? 'enable' : 'disable'}`, { method: 'POST', body: { token_id: tokenId } });

// ---- OAuth 2.0 apps

export type OAuthAppInput = Pick<OAuthApp, 'name' | 'description' | 'homepage' | 'icon_url' | 'callback_urls' | 'is_trusted'>;

export const getOAuthApps = (page = 0, perPage = 200) => request<OAuthApp[]>(`/oauth/apps?page=${page}&per_page=${perPage}`);

export const createOAuthApp = (app: OAuthAppInput) => request<OAuthApp>('/oauth/apps', { method: 'POST', body: app });

export const updateOAuthApp = (app: OAuthApp) =>
  request<OAuthApp>(`/oauth/apps/${enc(app.id)}`, { method: 'PUT', body: app });

export const deleteOAuthApp = (id: string) => request<unknown>(`/oauth/apps/${enc(id)}`, { method: 'DELETE' });

export const regenOAuthAppSecret = (id: string) =>
  request<OAuthApp>(`/oauth/apps/${enc(id)}/regen_secret`, { method: 'POST' });

export const getOAuthAppInfo = (clientId: string) => request<OAuthAppInfo>(`/oauth/apps/${enc(clientId)}/info`);

/**
 * The user's consent: `POST /oauth/authorize` (not under `/api/v4`) answers `{redirect}`, the
 * client's callback with the code.
 */
export async function authorizeOAuthApp(params: {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
  scope: string;
}): Promise<{ redirect: string }> {
  return request<{ redirect: string }>('/oauth/authorize', { method: 'POST', body: params, fromRoot: true });
}
