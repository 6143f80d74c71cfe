import { useState } from 'react';
import { teamIconUrl } from '../api/endpoints';
import type { Team } from '../api/types';
import { initials } from '../lib/format';

/**
 * A team's icon when it has one (`last_team_icon_update`), else its initials; an icon that cannot
 * be loaded falls back to the initials too.
 */
export function TeamIcon({ team, className = '' }: { team: Team; className?: string }) {
  const at = team.last_team_icon_update ?? 0;
  const [failed, setFailed] = useState(0);
  if (at > 0 && failed !== at) {
    return (
      <img
        className={`team-icon ${className}`}
        src={teamIconUrl(team.id, at)}
        alt=""
        aria-hidden="true"
        draggable={false}
        onError={() => setFailed(at)}
      />
    );
  }
  return (
    <span className={`team-icon team-icon--initials ${className}`} aria-hidden="true">
      {initials(team.display_name)}
    </span>
  );
}
