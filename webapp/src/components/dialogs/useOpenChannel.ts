import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Channel, Team } from '../../api/types';
import { keys } from '../../queries/keys';

/** After joining or creating: refetch the lists and open the channel. */
export function useOpenChannel(team: Team) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (channel: Channel) => {
    qc.setQueryData<Channel[]>(keys.channels(team.id), (list) =>
      list && !list.some((c) => c.id === channel.id) ? [...list, channel] : list,
    );
    await Promise.all([
      qc.invalidateQueries({ queryKey: keys.channelsAll }),
      qc.invalidateQueries({ queryKey: keys.membersAll }),
    ]);
    navigate(`/${team.name}/channels/${channel.name}`);
  };
}
