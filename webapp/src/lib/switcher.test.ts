import { describe, expect, it } from 'vitest';
import type { Channel, User } from '../api/types';
import { matchScore, rankSwitcher } from './switcher';

const ch = (id: string, display: string, over: Partial<Channel> = {}): Channel => ({
  id,
  team_id: 't',
  type: 'O',
  name: id,
  display_name: display,
  header: '',
  purpose: '',
  last_post_at: 0,
  total_msg_count: 0,
  total_msg_count_root: 0,
  creator_id: '',
  create_at: 0,
  update_at: 0,
  delete_at: 0,
  ...over,
});
const user = (id: string, username: string): User => ({ id, username, roles: 'system_user' });

describe('matchScore', () => {
  it('prefers exact, then prefix, then word prefix, then substring', () => {
    expect(matchScore('Release', 'release')).toBe(0);
    expect(matchScore('Release Plan', 'rel')).toBe(1);
    expect(matchScore('Release Plan', 'pla')).toBe(2);
    expect(matchScore('Release Plan', 'ase')).toBe(3);
    expect(matchScore('Release Plan', 'xyz')).toBe(-1);
  });
});

describe('rankSwitcher', () => {
  const base = {
    users: [] as User[],
    otherChannels: [] as Channel[],
    myId: 'me',
    usernameOf: (c: Channel) => (c.id === 'dm' ? 'bob' : ''),
  };
  it('lists the most recent channels first when nothing is typed', () => {
    const out = rankSwitcher({ ...base, query: '', myChannels: [ch('a', 'A', { last_post_at: 1 }), ch('b', 'B', { last_post_at: 5 })] });
    expect(out.map((i) => i.key)).toEqual(['c:b', 'c:a']);
  });
  it('ranks by match, then adds people and channels not joined, without repeating a DM', () => {
    const out = rankSwitcher({
      ...base,
      query: 'b',
      myChannels: [ch('x', 'Xbox'), ch('beta', 'Beta'), ch('dm', '', { type: 'D', name: 'me__bob' })],
      users: [user('u1', 'bob'), user('u2', 'bill')],
      otherChannels: [ch('beta', 'Beta'), ch('bugs', 'Bugs'), ch('priv', 'Bprivate', { type: 'P' })],
    });
    expect(out.map((i) => i.key)).toEqual(['c:beta', 'c:dm', 'c:x', 'u:u2', 'o:bugs']);
  });
});
