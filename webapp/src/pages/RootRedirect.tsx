import { Navigate } from 'react-router';
import { useTeams } from '../queries/hooks';
import { FullPageMessage } from '../components/FullPageMessage';
import { errorMessage } from '../lib/format';
import { lastTeam } from '../lib/lastVisited';
import { t } from '../i18n/en';

/** `/`: the last team visited, else the first team, else the screen to create one. */
export function RootRedirect() {
  const teams = useTeams();
  if (teams.isPending) return <FullPageMessage>{t('app.loading')}</FullPageMessage>;
  if (teams.error) {
    return (
      <FullPageMessage>
        <p role="alert">{errorMessage(teams.error)}</p>
      </FullPageMessage>
    );
  }
  const list = teams.data.filter((x) => x.delete_at === 0);
  const last = lastTeam();
  const team = list.find((x) => x.name === last) ?? [...list].sort((a, b) => a.display_name.localeCompare(b.display_name))[0];
  if (!team) return <Navigate to="/create_team" replace />;
  return <Navigate to={`/${team.name}`} replace />;
}
