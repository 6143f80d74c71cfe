// The permissions of the signed-in user, evaluated locally as Mattermost's apps do: the roles named
// in the user's system roles and their membership of a team (`POST /roles/names`) give the set of
// permission names. What the app shows follows it; the server checks again on every call.

import { useQuery } from '@tanstack/react-query';
import { getRolesByNames } from '../api/integrations';
import { useConfig, useMeUser, useMyTeamMembers } from './hooks';

export const PERM = {
  manageIncomingWebhooks: 'manage_incoming_webhooks',
  manageOutgoingWebhooks: 'manage_outgoing_webhooks',
  manageSlashCommands: 'manage_slash_commands',
  manageOAuth: 'manage_oauth',
  manageSystemWideOAuth: 'manage_system_wide_oauth',
  createBot: 'create_bot',
  manageBots: 'manage_bots',
  readBots: 'read_bots',
  createUserAccessToken: 'create_user_access_token',
  manageSystem: 'manage_system',
} as const;

function roleNames(roles: string | undefined): string[] {
  return (roles ?? '').split(' ').filter(Boolean);
}

/**
 * Whether the user holds `permission` (in `teamId`'s roles too, when given). While the roles load,
 * or when they cannot be read, a system admin holds every permission and nobody else any.
 */
export function usePermissions(teamId?: string): (permission: string) => boolean {
  const me = useMeUser();
  const members = useMyTeamMembers();
  const member = teamId ? members.data?.find((m) => m.team_id === teamId && !m.delete_at) : undefined;
  const names = [...new Set([...roleNames(me.roles), ...roleNames(member?.roles)])].sort();
  const isAdmin = names.includes('system_admin');
  const roles = useQuery({
    queryKey: ['roles', names],
    queryFn: () => getRolesByNames(names),
    enabled: names.length > 0,
    staleTime: 5 * 60 * 1000,
  });
  const granted = new Set(roles.data?.flatMap((r) => (Array.isArray(r.permissions) ? r.permissions : [])) ?? []);
  // Team admins manage their team's integrations even on a server that did not list the role.
  const teamAdmin = !!member && (member.scheme_admin === true || roleNames(member.roles).includes('team_admin'));
  return (permission) =>
    isAdmin ||
    granted.has(permission) ||
    (!roles.data &&
      teamAdmin &&
      (permission === PERM.manageIncomingWebhooks ||
        permission === PERM.manageOutgoingWebhooks ||
        permission === PERM.manageSlashCommands));
}

/** Which parts of the Integrations area the user may open in a team, given the server's settings. */
export function useIntegrationAccess(teamId: string) {
  const can = usePermissions(teamId);
  const config = useConfig().data ?? {};
  const on = (key: string) => config[key] === 'true';
  const access = {
    incoming: on('EnableIncomingWebhooks') && can(PERM.manageIncomingWebhooks),
    outgoing: on('EnableOutgoingWebhooks') && can(PERM.manageOutgoingWebhooks),
    commands: on('EnableCommands') && can(PERM.manageSlashCommands),
    oauth: on('EnableOAuthServiceProvider') && (can(PERM.manageOAuth) || can(PERM.manageSystemWideOAuth)),
    bots: can(PERM.readBots) || can(PERM.manageBots) || can(PERM.createBot),
    createBots: on('EnableBotAccountCreation') && can(PERM.createBot),
    trustOAuth: can(PERM.manageSystem),
  };
  return { ...access, any: access.incoming || access.outgoing || access.commands || access.oauth || access.bots };
}
