import { describe, expect, it } from 'vitest';
import type { Channel, ChannelMember, SidebarCategory } from '../api/types';
import { buildSidebar, defaultCategories, shownWhenCollapsed, type SidebarOptions } from './sidebar';

function channel(id: string, over: Partial<Channel> = {}): Channel {
  return {
    id,
    team_id: 't1',
    type: 'O',
    name: id,
    display_name: id.toUpperCase(),
    header: '',
    purpose: '',
    last_post_at: 0,
    total_msg_count: 0,
    total_msg_count_root: 0,
    creator_id: 'u',
    create_at: 0,
    update_at: 0,
    delete_at: 0,
    ...over,
  };
}

function member(channelId: string, over: Partial<ChannelMember> = {}): ChannelMember {
  return {
    channel_id: channelId,
    user_id: 'me',
    roles: 'channel_user',
    last_viewed_at: 0,
    msg_count: 0,
    mention_count: 0,
    msg_count_root: 0,
    mention_count_root: 0,
    ...over,
  };
}

const names = { favorites: 'Favorites', channels: 'Channels', direct_messages: 'Direct Messages', unreads: 'Unreads' };
const opts = (over: Partial<SidebarOptions> = {}): SidebarOptions => ({
  currentChannelId: '',
  showUnreadSection: false,
  dmLimit: 20,
  nameOf: (c) => c.display_name,
  names,
  ...over,
});

function cats(over: Partial<Record<SidebarCategory['type'], Partial<SidebarCategory>>> = {}): SidebarCategory[] {
  return defaultCategories('t1', names).map((c) => ({ ...c, ...over[c.type] }));
}

const shape = (sections: ReturnType<typeof buildSidebar>) =>
  sections.map((s) => `${s.name}: ${s.channels.map((c) => c.id).join(',')}`);

describe('buildSidebar', () => {
  it('puts channels in their categories, unlisted ones in the default of their kind', () => {
    const list = [channel('b'), channel('a'), channel('d1', { type: 'D', last_post_at: 5 }), channel('g1', { type: 'G', last_post_at: 9 })];
    const out = buildSidebar(list, new Map(), cats({ favorites: { channel_ids: ['b'] } }), [], opts());
    expect(shape(out)).toEqual(['Favorites: b', 'Channels: a', 'Direct Messages: g1,d1']);
  });

  it('hides an empty Favorites and archived channels, except the open one', () => {
    const list = [channel('a'), channel('old', { delete_at: 5 }), channel('open', { delete_at: 5 })];
    const out = buildSidebar(list, new Map(), cats(), [], opts({ currentChannelId: 'open' }));
    expect(shape(out)).toEqual(['Channels: a,open', 'Direct Messages: ']);
  });

  it('follows the order and the sorting of each category', () => {
    const list = [channel('a', { last_post_at: 1 }), channel('b', { last_post_at: 3 }), channel('c', { last_post_at: 2 })];
    const categories = cats({ channels: { channel_ids: ['c', 'a', 'b'], sorting: 'manual' } });
    const order = ['direct_messages_t1', 'channels_t1'];
    expect(shape(buildSidebar(list, new Map(), categories, order, opts()))).toEqual(['Direct Messages: ', 'Channels: c,a,b']);
    const recent = cats({ channels: { sorting: 'recent' } });
    expect(shape(buildSidebar(list, new Map(), recent, [], opts()))[0]).toBe('Channels: b,c,a');
  });

  it('gathers unread channels in an Unreads section when asked', () => {
    const list = [channel('a', { total_msg_count_root: 2 }), channel('b'), channel('c', { total_msg_count_root: 1 })];
    const members = new Map([
      ['a', member('a')],
      ['b', member('b')],
      ['c', member('c', { msg_count_root: 1 })],
    ]);
    const out = buildSidebar(list, members, cats(), [], opts({ showUnreadSection: true }));
    expect(shape(out)).toEqual(['Unreads: a', 'Channels: b,c', 'Direct Messages: ']);
  });

  it('limits the direct messages to the most recent, keeping unread and open ones', () => {
    const dms = Array.from({ length: 5 }, (_, i) => channel(`d${i}`, { type: 'D', last_post_at: i }));
    dms[0] = { ...dms[0]!, total_msg_count_root: 1 };
    const members = new Map(dms.map((c) => [c.id, member(c.id)]));
    const out = buildSidebar(dms, members, cats(), [], opts({ dmLimit: 2, currentChannelId: 'd1' }));
    expect(shape(out)).toEqual(['Channels: ', 'Direct Messages: d4,d3,d1,d0']);
  });
});

describe('shownWhenCollapsed', () => {
  it('keeps unread and open channels of a collapsed category', () => {
    const list = [channel('a', { total_msg_count_root: 1 }), channel('b'), channel('c')];
    const members = new Map(list.map((c) => [c.id, member(c.id)]));
    const [section] = buildSidebar(list, members, cats({ channels: { collapsed: true } }), [], opts());
    expect(shownWhenCollapsed(section!, members, 'c').map((c) => c.id)).toEqual(['a', 'c']);
  });
});
