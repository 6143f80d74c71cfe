// Finding channels on the server for the quick switcher.

import * as api from '../api/endpoints';
import { ApiError } from '../api/client';
import type { Channel, ChannelWithTeamData } from '../api/types';

export interface ChannelSearchApi {
  searchAll(term: string): Promise<ChannelWithTeamData[]>;
  autocomplete(teamId: string, term: string): Promise<Channel[]>;
}

const defaultApi: ChannelSearchApi = { searchAll: api.searchAllChannels, autocomplete: api.autocompleteChannels };

/**
 * Channels matching `term` that the user may open, from the server: Mattermost's switcher asks
 * `POST /channels/search` (over all the user's teams; only this team's are kept); a server that
 * answers it has no such route (or refuses it) is asked the team's channel autocomplete from then
 * on, which also lists the public channels not joined yet.
 */
export function makeChannelSearch(deps: ChannelSearchApi = defaultApi) {
  let noSearchAll = false;
  return async function searchChannels(teamId: string, term: string): Promise<Channel[]> {
    if (!noSearchAll) {
      try {
        const found = await deps.searchAll(term);
        return found.filter((c) => c.team_id === teamId);
      } catch (err) {
        if (!(err instanceof ApiError) || ![403, 404, 405, 501].includes(err.status)) throw err;
        noSearchAll = true;
      }
    }
    return deps.autocomplete(teamId, term);
  };
}

export const searchChannelsForSwitcher = makeChannelSearch();
