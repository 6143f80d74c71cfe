// Custom emoji from the server (when `EnableCustomEmoji` is on): every page of `GET /emoji`, for the
// emoji picker's "Custom" category and reactions. Images come from our own origin
// (`/api/v4/emoji/{id}/image`).

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as api from '../api/endpoints';
import type { CustomEmoji } from '../api/types';
import { useConfig } from './hooks';

export const customEmojiKey = ['customEmoji'] as const;

const PER_PAGE = 200;
/** 5000 emoji at most: enough for any team, bounded if a server keeps answering full pages. */
const MAX_PAGES = 25;

export async function fetchAllCustomEmoji(
  getPage: (page: number, perPage: number) => Promise<CustomEmoji[]> = api.getCustomEmoji,
): Promise<CustomEmoji[]> {
  const all: CustomEmoji[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await getPage(page, PER_PAGE);
    all.push(...list.filter((e) => !e.delete_at));
    if (list.length < PER_PAGE) break;
  }
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface CustomEmojiSet {
  /** By name. */
  list: readonly CustomEmoji[];
  byName: ReadonlyMap<string, CustomEmoji>;
}

const EMPTY: CustomEmojiSet = { list: [], byName: new Map() };

/** The server's custom emoji; empty while loading, when they are off, or on an error. */
export function useCustomEmoji(): CustomEmojiSet {
  const config = useConfig();
  const enabled = config.data?.EnableCustomEmoji === 'true';
  const { data } = useQuery({
    queryKey: customEmojiKey,
    queryFn: () => fetchAllCustomEmoji(),
    enabled,
    staleTime: 5 * 60 * 1000,
    retry: false,
  });
  return useMemo(
    () => (enabled && data ? { list: data, byName: new Map(data.map((e) => [e.name, e])) } : EMPTY),
    [enabled, data],
  );
}
