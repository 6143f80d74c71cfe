// `/:team/integrations`: the kinds of integration the user may manage in this team.

import { Link } from 'react-router';
import { useIntegrationAccess } from '../../queries/permissions';
import { t, type StringKey } from '../../i18n/en';
import { EmptyList, IntegrationFrame, useTeam } from './common';

const KINDS: { key: 'incoming' | 'outgoing' | 'commands' | 'bots' | 'oauth'; path: string; title: StringKey; about: StringKey }[] = [
  { key: 'incoming', path: 'incoming_webhooks', title: 'incoming.title', about: 'incoming.about' },
  { key: 'outgoing', path: 'outgoing_webhooks', title: 'outgoing.title', about: 'outgoing.about' },
  { key: 'commands', path: 'commands', title: 'commands.title', about: 'commands.about' },
  { key: 'bots', path: 'bots', title: 'bots.title', about: 'bots.about' },
  { key: 'oauth', path: 'oauth2-apps', title: 'oauthApps.title', about: 'oauthApps.about' },
];

export function IntegrationsHome() {
  const team = useTeam();
  const access = useIntegrationAccess(team.id);
  const shown = KINDS.filter((k) => access[k.key]);
  return (
    <IntegrationFrame title={t('integrations.title')} intro={t('integrations.overview')}>
      {shown.length === 0 ? (
        <EmptyList text={t('integrations.notAllowed')} />
      ) : (
        <ul className="integration-kinds">
          {shown.map((k) => (
            <li key={k.key}>
              <Link to={`/${team.name}/integrations/${k.path}`} className="integration-kind">
                <strong>{t(k.title)}</strong>
                <span className="muted">{t(k.about)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </IntegrationFrame>
  );
}
