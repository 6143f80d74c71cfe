// What the channel sidebar lists, pure: the user's categories in their order (Favorites,
// Channels, Direct Messages and their own), each with its channels sorted as the category says;
// an Unreads section first when the user asked for one; channels no category names yet go to
// the default one of their kind; archived channels only while open; at most so many DMs.

import type { Channel, ChannelMember, SidebarCategory } from '../api/types';
import { channelUnread } from './unread';

export interface SidebarSection {
  /** The category's id (`unreads` for the unread section). */
  id: string;
  type: SidebarCategory['type'] | 'unreads';
  name: string;
  collapsed: boolean;
  channels: Channel[];
  /** The category as the server has it (not for the unread section). */
  category?: SidebarCategory;
}

export interface SidebarOptions {
  /** The channel open now: listed even when archived, never hidden by a limit or a collapse. */
  currentChannelId: string;
  showUnreadSection: boolean;
  /** Direct and group messages listed at most (unread ones and the open one always are). */
  dmLimit: number;
  /** How a channel is called (a DM by the other user's name), for alphabetical order. */
  nameOf: (c: Channel) => string;
  /** Collapsed reply threads: unread over root posts (see `channelUnread`). */
  crt?: boolean;
  /** Category names of the default categories, from the string table. */
  names: { favorites: string; channels: string; direct_messages: string; unreads: string };
}

const isDirect = (c: Channel) => c.type === 'D' || c.type === 'G';

function byName(nameOf: (c: Channel) => string) {
  return (a: Channel, b: Channel) => nameOf(a).localeCompare(nameOf(b), undefined, { sensitivity: 'base' });
}

const byRecent = (a: Channel, b: Channel) => b.last_post_at - a.last_post_at || a.id.localeCompare(b.id);

function sortChannels(list: Channel[], cat: SidebarCategory, nameOf: (c: Channel) => string): Channel[] {
  const sorting = cat.sorting || (cat.type === 'direct_messages' ? 'recent' : 'alpha');
  if (sorting === 'manual') {
    const pos = new Map(cat.channel_ids.map((id, i) => [id, i]));
    return [...list].sort((a, b) => (pos.get(a.id) ?? 1e9) - (pos.get(b.id) ?? 1e9));
  }
  return [...list].sort(sorting === 'recent' ? byRecent : byName(nameOf));
}

/** The three default categories, for when the server's are not loaded (or not there). */
export function defaultCategories(teamId: string, names: SidebarOptions['names']): SidebarCategory[] {
  const make = (type: SidebarCategory['type'], sort_order: number, display_name: string): SidebarCategory => ({
    id: `${type}_${teamId}`,
    user_id: '',
    team_id: teamId,
    sort_order,
    sorting: '',
    type,
    display_name,
    muted: false,
    collapsed: false,
    channel_ids: [],
  });
  return [
    make('favorites', 0, names.favorites),
    make('channels', 10, names.channels),
    make('direct_messages', 20, names.direct_messages),
  ];
}

export function buildSidebar(
  channels: readonly Channel[],
  members: ReadonlyMap<string, ChannelMember>,
  categories: readonly SidebarCategory[],
  order: readonly string[],
  opts: SidebarOptions,
): SidebarSection[] {
  const visible = channels.filter((c) => c.delete_at === 0 || c.id === opts.currentChannelId);
  const byId = new Map(visible.map((c) => [c.id, c]));
  const placed = new Set<string>();
  const ordered = [...categories].sort((a, b) => {
    const ia = order.indexOf(a.id);
    const ib = order.indexOf(b.id);
    if (ia >= 0 && ib >= 0) return ia - ib;
    return a.sort_order - b.sort_order;
  });

  const isUnread = (c: Channel) => channelUnread(c, members.get(c.id), opts.crt ?? true).unread;
  const inUnreads = (c: Channel) => opts.showUnreadSection && isUnread(c) && c.id !== opts.currentChannelId;

  const sections: SidebarSection[] = [];
  const lists = new Map<string, Channel[]>();
  for (const cat of ordered) {
    const list: Channel[] = [];
    for (const id of cat.channel_ids) {
      const c = byId.get(id);
      if (!c || placed.has(id)) continue;
      placed.add(id);
      list.push(c);
    }
    lists.set(cat.id, list);
  }
  // Channels no category lists yet (just joined, just created) go to their default category.
  for (const c of visible) {
    if (placed.has(c.id)) continue;
    const cat = ordered.find((x) => x.type === (isDirect(c) ? 'direct_messages' : 'channels'));
    if (!cat) continue;
    placed.add(c.id);
    lists.get(cat.id)?.push(c);
  }

  if (opts.showUnreadSection) {
    const unread = visible.filter(inUnreads).sort(byRecent);
    if (unread.length) sections.push({ id: 'unreads', type: 'unreads', name: opts.names.unreads, collapsed: false, channels: unread });
  }

  for (const cat of ordered) {
    let list = sortChannels((lists.get(cat.id) ?? []).filter((c) => !inUnreads(c)), cat, opts.nameOf);
    if (cat.type === 'direct_messages' && opts.dmLimit > 0 && list.length > opts.dmLimit) {
      // The most recent ones; unread and open ones stay whatever the limit.
      const keep = new Set([...list].sort(byRecent).slice(0, opts.dmLimit).map((c) => c.id));
      list = list.filter((c) => keep.has(c.id) || isUnread(c) || c.id === opts.currentChannelId);
    }
    // An empty Favorites is not shown, as in Mattermost.
    if (cat.type === 'favorites' && list.length === 0) continue;
    const name = cat.type === 'custom' ? cat.display_name : opts.names[cat.type] ?? cat.display_name;
    sections.push({ id: cat.id, type: cat.type, name, collapsed: cat.collapsed, channels: list, category: cat });
  }
  return sections;
}

/**
 * The channels a collapsed section still shows: the unread ones and the open one, as Mattermost
 * does.
 */
export function shownWhenCollapsed(
  section: SidebarSection,
  members: ReadonlyMap<string, ChannelMember>,
  currentChannelId: string,
  crt = true,
): Channel[] {
  if (!section.collapsed) return section.channels;
  return section.channels.filter((c) => c.id === currentChannelId || channelUnread(c, members.get(c.id), crt).unread);
}
