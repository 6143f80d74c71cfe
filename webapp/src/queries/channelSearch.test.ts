import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { Channel } from '../api/types';
import { makeChannelSearch } from './channelSearch';

const ch = (id: string, team_id: string) => ({ id, team_id, type: 'O', name: id, display_name: id }) as Channel;

describe('channel search for the quick switcher', () => {
  it('asks Mattermost’s channel search and keeps this team’s channels', async () => {
    const calls: string[] = [];
    const search = makeChannelSearch({
      searchAll: async (term) => (calls.push(`all ${term}`), [ch('a', 't1'), ch('b', 't2')]),
      autocomplete: async () => (calls.push('autocomplete'), []),
    });
    expect((await search('t1', 'budget')).map((c) => c.id)).toEqual(['a']);
    expect(calls).toEqual(['all budget']);
  });

  it('falls back to the team autocomplete on a server without it, and remembers', async () => {
    const calls: string[] = [];
    const search = makeChannelSearch({
      searchAll: async () => {
        calls.push('all');
        throw new ApiError(404, 'no route');
      },
      autocomplete: async (teamId, term) => (calls.push(`autocomplete ${teamId} ${term}`), [ch('c', teamId)]),
    });
    expect((await search('t1', 'x')).map((c) => c.id)).toEqual(['c']);
    await search('t1', 'y');
    expect(calls).toEqual(['all', 'autocomplete t1 x', 'autocomplete t1 y']);
  });

  it('passes other failures on', async () => {
    const search = makeChannelSearch({
      searchAll: async () => {
        throw new ApiError(500, 'boom');
      },
      autocomplete: async () => [],
    });
    await expect(search('t1', 'x')).rejects.toThrow('boom');
  });
});
